//! `--set PATH=VALUE`: changes one field of the loaded market, industry or product
//! before evaluation (docs/report-format.md). The value is read as YAML and checked exactly
//! like the profile field; it is cited as `--set`, never as a sourced figure.

use crate::i18n::tr;
use crate::load::layer;
use anyhow::{Result, anyhow, bail};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value as Json};
use std::sync::Arc;

/// Which profile an override applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Market,
    Industry,
    Product,
}

/// One parsed `--set`.
#[derive(Debug, Clone)]
pub struct Override {
    pub text: String,
    pub target: Target,
    /// The path inside the profile, e.g. `network.idle_latency_ms`.
    pub path: Vec<String>,
    pub value: Json,
}

impl Override {
    pub fn parse(text: &str) -> Result<Override> {
        let (path, value) = text.split_once('=').ok_or_else(|| {
            anyhow!(tr(
                format!("--set {text}: expected PATH=VALUE, for example market.network.idle_latency_ms=120"),
                format!("--set {text}：格式应为 PATH=VALUE，例如 market.network.idle_latency_ms=120")
            ))
        })?;
        let mut segments: Vec<String> = path.trim().split('.').map(str::to_string).collect();
        let target = match segments.first().map(String::as_str) {
            Some("market") => Target::Market,
            Some("industry") => Target::Industry,
            Some("product") => Target::Product,
            other => bail!(tr(
                format!(
                    "--set {text}: the path must start with market., industry. or product., not `{}`",
                    other.unwrap_or_default()
                ),
                format!(
                    "--set {text}：路径必须以 market.、industry. 或 product. 开头，而不是 `{}`",
                    other.unwrap_or_default()
                )
            )),
        };
        segments.remove(0);
        if segments.is_empty() || segments.iter().any(String::is_empty) {
            bail!(tr(
                format!(
                    "--set {text}: expected a field path such as market.network.idle_latency_ms"
                ),
                format!("--set {text}：需要字段路径，例如 market.network.idle_latency_ms")
            ));
        }
        // Structure and provenance are fixed when profiles are resolved: a
        // change here could not be applied consistently.
        if segments.first().is_some_and(|s| {
            matches!(
                s.as_str(),
                "id" | "sources" | "extends" | "kind" | "countries" | "members" | "industry"
            )
        }) {
            bail!(tr(
                format!(
                    "--set {text}: `{}` cannot be overridden; expected a field of the profile",
                    segments[0]
                ),
                format!(
                    "--set {text}：`{}` 不能覆盖；请指定档案中的字段",
                    segments[0]
                )
            ));
        }
        // The same limits as a profile file: core YAML only, texts and lists bounded.
        let as_file = crate::load::SourceFile {
            path: format!("--set {path}"),
            text: value.to_string(),
            builtin: false,
        };
        if let Some(problem) = crate::load::structure_problem(&as_file) {
            bail!(tr(
                format!("--set {text}: {}", problem.message),
                format!("--set {text}：{}", problem.message)
            ));
        }
        if value.chars().count() > crate::load::MAX_TEXT_CHARS {
            bail!(tr(
                format!(
                    "--set {path}=…: the value is {} characters long; expected at most {}",
                    value.chars().count(),
                    crate::load::MAX_TEXT_CHARS
                ),
                format!(
                    "--set {path}=…：取值长 {} 个字符；不能超过 {}",
                    value.chars().count(),
                    crate::load::MAX_TEXT_CHARS
                )
            ));
        }
        let value: Json = if value.trim().is_empty() {
            Json::Null
        } else {
            serde_saphyr::from_str(value).map_err(|e| {
                anyhow!(tr(
                    format!("--set {text}: the value is not valid YAML: {e}"),
                    format!("--set {text}：取值不是合法的 YAML：{e}")
                ))
            })?
        };
        Ok(Override {
            text: text.to_string(),
            target,
            path: segments,
            value,
        })
    }

    fn dotted(&self) -> String {
        self.path.join(".")
    }
}

/// Applies the overrides for `target` to `profile`, type-checking the result.
pub fn apply<T: Serialize + DeserializeOwned>(
    profile: &T,
    overrides: &[Override],
    target: Target,
    as_of: &str,
) -> Result<T> {
    let mut json = serde_json::to_value(profile)?;
    for o in overrides.iter().filter(|o| o.target == target) {
        let mut over = Json::Null;
        for segment in o.path.iter().rev() {
            let mut map = Map::new();
            map.insert(segment.clone(), over);
            over = Json::Object(map);
        }
        if let Some(leaf) = pointer_mut(&mut over, &o.path) {
            *leaf = o.value.clone();
        }
        if !o.value.is_null() && json.get("sources").is_some() {
            let source = serde_json::json!({
                "title": format!("--set {}", o.text),
                "date": as_of,
                "note": "set on the command line, not a sourced figure",
                "covers": [o.dotted()],
            });
            if let Some(map) = over.as_object_mut() {
                map.insert("sources".into(), Json::Array(vec![source]));
            }
        }
        json = layer(&json, &over);
        // Check after each override, so the error names the one that broke it.
        serde_json::from_value::<T>(json.clone()).map_err(|e| {
            let expected = describe(&e.to_string());
            anyhow!(tr(
                format!("--set {}: {expected}", o.text),
                format!(
                    "--set {}：{}",
                    o.text,
                    crate::i18n::parser_message(&expected, crate::Lang::Zh)
                )
            ))
        })?;
    }
    serde_json::from_value(json).map_err(|e| anyhow!("--set: {e}"))
}

/// [`apply`] for a product: it keeps where its constraints are written.
pub fn apply_product(
    product: &crate::model::Product,
    overrides: &[Override],
    as_of: &str,
) -> Result<crate::model::Product> {
    let mut applied = apply(product, overrides, Target::Product, as_of)?;
    applied.constraints_at.clone_from(&product.constraints_at);
    Ok(applied)
}

/// [`apply`] for a market: its values keep their origins, and each value set
/// here is marked as set on the command line.
pub fn apply_market(
    market: &crate::model::Market,
    overrides: &[Override],
    as_of: &str,
) -> Result<crate::model::Market> {
    let mut applied = apply(market, overrides, Target::Market, as_of)?;
    applied.provenance = market.provenance.clone();
    for o in overrides.iter().filter(|o| o.target == Target::Market) {
        let path = o.dotted();
        applied
            .provenance
            .retain(|p, _| p != &path && !p.starts_with(&format!("{path}.")));
        if o.value.is_null() {
            continue;
        }
        let json = serde_json::to_value(&applied)?;
        let Some(value) = crate::load::get_path(&json, &path) else {
            continue;
        };
        let leaves = crate::load::leaf_paths(value);
        let leaves = if leaves.is_empty() {
            vec![path.clone()]
        } else {
            leaves.into_iter().map(|l| format!("{path}.{l}")).collect()
        };
        for leaf in leaves {
            applied.provenance.insert(
                leaf,
                crate::model::Origin {
                    scope: crate::model::ValueScope::Set,
                    market: Arc::from(market.id.as_str()),
                    file: Arc::from(format!("--set {}", o.text)),
                    line: 1,
                    column: 1,
                    builtin: false,
                    sources: Vec::new(),
                    derived_from: Vec::new(),
                    derivation: None,
                    judgement: false,
                },
            );
        }
    }
    Ok(applied)
}

fn pointer_mut<'a>(value: &'a mut Json, path: &[String]) -> Option<&'a mut Json> {
    path.iter()
        .try_fold(value, |v, segment| v.as_object_mut()?.get_mut(segment))
}

/// serde's message, with the unknown field's nearest known name where there is one.
fn describe(message: &str) -> String {
    let plain = in_plain_words(message);
    let message = plain.as_str();
    let Some(rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))
    else {
        return message.to_string();
    };
    let Some((unknown, rest)) = rest.split_once('`') else {
        return message.to_string();
    };
    if let Some(what) = crate::model::renamed(unknown) {
        return format!("`{unknown}` was {what}");
    }
    let expected: Vec<&str> = rest
        .split_once("expected one of ")
        .map(|(_, list)| {
            list.split(',')
                .map(|s| s.trim().trim_matches('`'))
                .collect()
        })
        .unwrap_or_default();
    match crate::suggest(unknown, expected.iter().copied()) {
        Some(best) => format!("{message}; did you mean `{best}`?"),
        None => message.to_string(),
    }
}

/// Serde's Rust type names in the words a profile's author uses.
fn in_plain_words(message: &str) -> String {
    let mut text = message.to_string();
    for (rust, plain) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected a boolean", "expected true or false"),
    ] {
        if let Some(at) = text.find(rust)
            && !text[at + rust.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            text.replace_range(at..at + rust.len(), plain);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Market;

    fn market() -> Market {
        serde_json::from_value(serde_json::json!({
            "id": "x",
            "network": {"idle_latency_ms": 40.0},
            "sources": [{"title": "S", "date": "2025", "covers": ["network.idle_latency_ms"]}]
        }))
        .expect("a valid market")
    }

    #[test]
    fn a_set_value_replaces_the_field_and_is_cited_as_set() {
        let o = Override::parse("market.network.idle_latency_ms=120").expect("parses");
        let m = apply(&market(), &[o], Target::Market, "2026-11-28").expect("applies");
        let latency = m.network.and_then(|n| n.idle_latency_ms).map(|p| p.0);
        assert_eq!(latency, Some(120.0));
        assert_eq!(
            m.sources.len(),
            1,
            "the old source no longer covers the field"
        );
        assert!(m.sources[0].title.starts_with("--set"));
    }

    #[test]
    fn an_unknown_path_names_the_nearest_field() {
        let o = Override::parse("market.network.idle_latency=1").expect("parses");
        let error = apply(&market(), &[o], Target::Market, "2026").expect_err("unknown");
        assert!(
            error
                .to_string()
                .contains("did you mean `idle_latency_ms`?"),
            "{error}"
        );
    }

    #[test]
    fn an_old_field_name_says_what_it_became() {
        let o = Override::parse("market.network.mobile_latency_ms=1").expect("parses");
        let error = apply(&market(), &[o], Target::Market, "2026").expect_err("renamed");
        assert!(
            error
                .to_string()
                .contains("`mobile_latency_ms` was renamed to `idle_latency_ms`"),
            "{error}"
        );
    }

    #[test]
    fn a_wrong_type_names_the_expected_type() {
        let o = Override::parse("market.network.idle_latency_ms=fast").expect("parses");
        let error = apply(&market(), &[o], Target::Market, "2026").expect_err("type");
        assert!(
            error
                .to_string()
                .contains("invalid type: string \"fast\", expected a number"),
            "{error}"
        );
    }

    #[test]
    fn null_unsets_a_field() {
        let o = Override::parse("market.network.idle_latency_ms=null").expect("parses");
        let m = apply(&market(), &[o], Target::Market, "2026").expect("applies");
        assert!(m.network.and_then(|n| n.idle_latency_ms).is_none());
    }
}
