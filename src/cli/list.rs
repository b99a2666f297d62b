//! `assess list KIND`: the profiles of a kind, as aligned text or JSON; and
//! `list markets --coverage`: what each market's data holds and lacks.

use super::{ListFormat, ListKind};
use crate::Lang;
use crate::i18n::pick;
use crate::load::Catalog;
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
    /// For markets: people online, where a source counts them (what `assess rank` compares).
    #[serde(skip_serializing_if = "Option::is_none")]
    people_online: Option<crate::assessment::Audience>,
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
            people_online: None,
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
                people_online: crate::rank::audience(m),
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
        ListKind::Promises => catalog
            .promises
            .values()
            .map(|p| ListItem::new(&p.id, p.name.get(lang).to_string()))
            .collect(),
        ListKind::Messaging => catalog
            .messaging
            .iter()
            .map(|(id, text)| ListItem::new(id, text.get(lang).to_string()))
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
    // Kinds are ids in JSON and words in the table.
    let kind_word = |kind: &str| -> String {
        let words = crate::i18n::labels(lang);
        match kind {
            "country" => pick(lang, "country", "国家").to_string(),
            "region" => pick(lang, "region", "区域").to_string(),
            "info" => words.info.to_string(),
            "warn" => words.warn.to_string(),
            "block" => words.block.to_string(),
            other => other.to_string(),
        }
    };
    let kind_width = items
        .iter()
        .map(|i| {
            i.kind
                .as_deref()
                .map_or(0, |k| crate::render::layout::width(&kind_word(k)))
        })
        .max()
        .unwrap_or(0);
    let parent_width = items
        .iter()
        .filter_map(|i| i.extends.as_ref())
        .map(|p| p.chars().count() + 2)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for item in &items {
        let mut line = format!("{:<id_width$}", item.id);
        if kind_width > 0 {
            let kind = crate::render::layout::pad(
                &kind_word(item.kind.as_deref().unwrap_or_default()),
                kind_width,
            );
            let parent = item
                .extends
                .as_ref()
                .map(|p| format!("↑ {p}"))
                .unwrap_or_default();
            line.push_str(&format!("  {kind}  {parent:<parent_width$}"));
        }
        line.push_str("  ");
        line.push_str(&crate::render::escape::terminal(&item.name));
        if let Some(audience) = &item.people_online {
            line.push_str(&pick(
                lang,
                format!(
                    " · {} {}",
                    crate::rank::people(audience.people, lang),
                    audience.counts.en
                ),
                format!(
                    " · {}{}",
                    audience.counts.zh,
                    crate::rank::people(audience.people, lang)
                ),
            ));
        }
        if item.people_online.is_none() && item.kind.as_deref() == Some("country") {
            line.push_str(pick(lang, " · people online unknown", " · 上网人数未知"));
        }
        if let Some(description) = &item.description {
            line.push_str(" — ");
            line.push_str(&crate::render::escape::terminal(description));
        }
        if let (Some(count), Some(oldest), Some(newest)) =
            (item.sources, &item.oldest_source, &item.newest_source)
        {
            line.push_str(&pick(
                lang,
                format!("  ({count} sources, {oldest} … {newest})"),
                format!("  （{count} 条来源，{oldest} … {newest}）"),
            ));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// One market's coverage: which facts it knows, which it does not, its oldest figure.
#[derive(Serialize)]
struct Coverage {
    id: String,
    name: String,
    kind: String,
    known: usize,
    total: usize,
    /// The facts this market does not know, as profile paths.
    unknown: Vec<String>,
    /// The measured figure with the oldest date (laws are not aged).
    #[serde(skip_serializing_if = "Option::is_none")]
    oldest_figure: Option<OldestFigure>,
}

#[derive(Serialize)]
struct OldestFigure {
    path: String,
    date: String,
}

/// `assess list markets --coverage`.
pub fn coverage(catalog: &Catalog, format: ListFormat, lang: Lang) -> Result<String> {
    let facts = &crate::model::MARKET_FACTS;
    let rows: Vec<Coverage> = catalog
        .markets
        .values()
        .map(|m| {
            let known = |path: &str| {
                m.provenance
                    .keys()
                    .any(|p| p == path || p.starts_with(&format!("{path}.")))
            };
            let unknown: Vec<String> = facts
                .iter()
                .filter(|f| !known(f.path))
                .map(|f| f.path.to_string())
                .collect();
            let oldest_figure = m
                .provenance
                .iter()
                .filter(|(path, _)| !path.starts_with("compliance."))
                .filter(|(path, _)| facts.iter().any(|f| path.starts_with(f.path)))
                .filter_map(|(path, origin)| {
                    let date = origin.sources.first()?.as_of_date().0.clone();
                    Some(OldestFigure {
                        path: path.clone(),
                        date,
                    })
                })
                .min_by(|a, b| a.date.cmp(&b.date).then(a.path.cmp(&b.path)));
            Coverage {
                id: m.id.clone(),
                name: m
                    .name
                    .as_ref()
                    .map_or_else(|| m.id.clone(), |n| n.get(lang).to_string()),
                kind: m
                    .kind
                    .map_or_else(String::new, |k| format!("{k:?}").to_lowercase()),
                known: facts.len() - unknown.len(),
                total: facts.len(),
                unknown,
                oldest_figure,
            }
        })
        .collect();
    if format == ListFormat::Json {
        let mut text = serde_json::to_string_pretty(&rows)?;
        text.push('\n');
        return Ok(text);
    }
    let name_of = |path: &str| {
        crate::model::field_name(path, lang)
            .unwrap_or("")
            .to_string()
    };
    let mut out = String::new();
    for row in &rows {
        let oldest = row.oldest_figure.as_ref().map_or_else(String::new, |o| {
            pick(
                lang,
                format!(" · oldest figure {} ({})", o.date, name_of(&o.path)),
                format!(" · 最早的数据 {}（{}）", o.date, name_of(&o.path)),
            )
        });
        let head = pick(
            lang,
            format!(
                "{}  {} ({}) · knows {} of {} facts{oldest}",
                row.id,
                crate::render::escape::terminal(&row.name),
                row.kind,
                row.known,
                row.total
            ),
            format!(
                "{}  {}（{}）· 已知 {}/{} 项{oldest}",
                row.id,
                crate::render::escape::terminal(&row.name),
                row.kind,
                row.known,
                row.total
            ),
        );
        out.push_str(&head);
        out.push('\n');
        if !row.unknown.is_empty() {
            let names: Vec<String> = row.unknown.iter().map(|p| name_of(p)).collect();
            let label = pick(lang, "unknown: ", "未知：");
            out.push_str(&format!("    {label}{}\n", names.join(", ")));
        }
    }
    Ok(out)
}
