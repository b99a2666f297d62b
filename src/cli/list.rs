//! `assess list KIND`: the profiles of a kind, as aligned text or JSON.

use super::{ListFormat, ListKind};
use crate::Lang;
use crate::catalog::Catalog;
use anyhow::{Result, bail};
use serde::Serialize;

#[derive(Serialize)]
struct ListItem {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extends: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// For markets and industries: how many sources, and their date range.
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oldest_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    newest_source: Option<String>,
}

impl ListItem {
    fn new(id: &str, name: String) -> ListItem {
        ListItem {
            id: id.to_string(),
            kind: None,
            extends: None,
            name,
            description: None,
            sources: None,
            oldest_source: None,
            newest_source: None,
        }
    }

    fn with_sources(mut self, sources: &[crate::model::Source]) -> ListItem {
        self.sources = Some(sources.len());
        self.oldest_source = sources.iter().map(|s| s.date.0.clone()).min();
        self.newest_source = sources.iter().map(|s| s.date.0.clone()).max();
        self
    }
}

pub fn list(catalog: &Catalog, kind: ListKind, format: ListFormat, lang: Lang) -> Result<String> {
    let name = |text: &Option<crate::model::Text>, id: &str| {
        text.as_ref()
            .map_or_else(|| id.to_string(), |t| t.get(lang).to_string())
    };
    let items: Vec<ListItem> = match kind {
        ListKind::Markets => catalog
            .markets
            .values()
            .map(|m| ListItem {
                kind: m.kind.map(|k| format!("{k:?}").to_lowercase()),
                extends: m.extends.clone(),
                ..ListItem::new(&m.id, name(&m.name, &m.id)).with_sources(&m.sources)
            })
            .collect(),
        ListKind::Industries => catalog
            .industries
            .values()
            .map(|i| ListItem::new(&i.id, name(&i.name, &i.id)).with_sources(&i.sources))
            .collect(),
        ListKind::Channels => catalog
            .channels
            .values()
            .map(|c| ListItem {
                description: Some(c.description.get(lang).to_string()),
                ..ListItem::new(c.id.as_str(), c.name.get(lang).to_string())
            })
            .collect(),
        ListKind::Rules => catalog
            .rules
            .iter()
            .map(|r| ListItem {
                kind: Some(r.rule.severity.as_str().to_string()),
                ..ListItem::new(&r.rule.id, r.rule.message.get(lang).to_string())
            })
            .collect(),
        ListKind::Products => catalog
            .products
            .values()
            .map(|p| ListItem::new(&p.id, name(&p.name, &p.id)))
            .collect(),
    };
    if format == ListFormat::Json {
        let mut text = serde_json::to_string_pretty(&items)?;
        text.push('\n');
        return Ok(text);
    }
    if items.is_empty() {
        bail!("no profiles of that kind");
    }
    let id_width = items
        .iter()
        .map(|i| i.id.chars().count())
        .max()
        .unwrap_or(0);
    let kind_width = items
        .iter()
        .map(|i| i.kind.as_deref().map_or(0, |k| k.chars().count()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for item in &items {
        let mut line = format!("{:<id_width$}", item.id);
        if kind_width > 0 {
            let kind = item.kind.clone().unwrap_or_default();
            let parent = item
                .extends
                .as_ref()
                .map(|p| format!("↑ {p}"))
                .unwrap_or_default();
            line.push_str(&format!("  {kind:<kind_width$}  {parent:<10}"));
        }
        line.push_str("  ");
        line.push_str(&item.name);
        if let Some(description) = &item.description {
            line.push_str(" — ");
            line.push_str(description);
        }
        if let (Some(count), Some(oldest), Some(newest)) =
            (item.sources, &item.oldest_source, &item.newest_source)
        {
            line.push_str(&format!("  ({count} sources, {oldest} … {newest})"));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}
