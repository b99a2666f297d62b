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
                id: m.id.clone(),
                kind: m.kind.map(|k| format!("{k:?}").to_lowercase()),
                extends: m.extends.clone(),
                name: name(&m.name, &m.id),
                description: None,
            })
            .collect(),
        ListKind::Industries => catalog
            .industries
            .values()
            .map(|i| ListItem {
                id: i.id.clone(),
                kind: None,
                extends: None,
                name: name(&i.name, &i.id),
                description: None,
            })
            .collect(),
        ListKind::Channels => catalog
            .channels
            .values()
            .map(|c| ListItem {
                id: c.id.to_string(),
                kind: None,
                extends: None,
                name: c.name.get(lang).to_string(),
                description: Some(c.description.get(lang).to_string()),
            })
            .collect(),
        ListKind::Rules => catalog
            .rules
            .iter()
            .map(|r| ListItem {
                id: r.rule.id.clone(),
                kind: Some(r.rule.severity.as_str().to_string()),
                extends: None,
                name: r.rule.message.get(lang).to_string(),
                description: None,
            })
            .collect(),
        ListKind::Products => catalog
            .products
            .values()
            .map(|p| ListItem {
                id: p.id.clone(),
                kind: None,
                extends: None,
                name: name(&p.name, &p.id),
                description: None,
            })
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
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}
