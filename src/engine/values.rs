//! Converting profile data to CEL values, looking up dotted paths, and filling
//! `{path}` placeholders in rule messages.

use crate::Lang;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The CEL value of a JSON value. Integers stay integers so that `==` reads naturally.
pub fn to_cel(value: &Json) -> cel::Value {
    match value {
        Json::Null => cel::Value::Null,
        Json::Bool(b) => cel::Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => cel::Value::Int(i),
            None => cel::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => cel::Value::String(Arc::new(s.clone())),
        Json::Array(items) => cel::Value::List(Arc::new(items.iter().map(to_cel).collect())),
        Json::Object(map) => {
            let map: HashMap<String, cel::Value> =
                map.iter().map(|(k, v)| (k.clone(), to_cel(v))).collect();
            cel::Value::from(map)
        }
    }
}

/// The data one evaluation reads: the assessment's variables, and the item a
/// `for_each` rule is bound to.
#[derive(Clone, Copy)]
pub struct Data<'a> {
    pub base: &'a BTreeMap<&'static str, Json>,
    pub bound: Option<(&'static str, &'a Json)>,
}

impl<'a> Data<'a> {
    pub fn new(base: &'a BTreeMap<&'static str, Json>) -> Data<'a> {
        Data { base, bound: None }
    }

    fn root(&self, name: &str) -> Option<&'a Json> {
        match self.bound {
            Some((bound, value)) if bound == name => Some(value),
            _ => self.base.get(name),
        }
    }
}

/// The value at a dotted path such as `market.network.legacy_share_pct`.
pub fn lookup<'a>(data: Data<'a>, path: &str) -> Option<&'a Json> {
    let mut segments = path.split('.');
    let mut value = data.root(segments.next()?)?;
    for segment in segments {
        value = value.as_object()?.get(segment)?;
        if value.is_null() {
            return None;
        }
    }
    (!value.is_null()).then_some(value)
}

/// A value as people read it: numbers without trailing zeros, lists joined,
/// bilingual texts in `lang`.
pub fn display(value: &Json, lang: Lang) -> String {
    match value {
        Json::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => format_number(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => match (lang, s.as_str()) {
            // The level words of profiles, so Chinese sentences read naturally.
            (Lang::Zh, "low") => "低".to_string(),
            (Lang::Zh, "medium") => "中".to_string(),
            (Lang::Zh, "high") => "高".to_string(),
            _ => s.clone(),
        },
        Json::Bool(b) => b.to_string(),
        Json::Array(items) => items
            .iter()
            .map(|v| display(v, lang))
            .collect::<Vec<_>>()
            .join(", "),
        Json::Object(map) if map.contains_key("en") => {
            let key = if lang == Lang::Zh && map.contains_key("zh") {
                "zh"
            } else {
                "en"
            };
            map.get(key).map(|v| display(v, lang)).unwrap_or_default()
        }
        Json::Object(_) | Json::Null => String::new(),
    }
}

/// At most two decimals, trailing zeros dropped: 45.01, 0.76, 19.
pub fn format_number(x: f64) -> String {
    let text = format!("{x:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// Replaces each `{dotted.path}` in `template` with the value found there, or
/// "unknown" where the data has none. A `[…]` segment is optional: it is left out
/// when a placeholder inside it has no value.
pub fn interpolate(template: &str, data: Data<'_>, lang: Lang) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('[') {
        out.push_str(&fill(&rest[..open], data, lang).0);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            rest = &rest[open..];
            break;
        };
        let (segment, complete) = fill(&after[..close], data, lang);
        if complete {
            out.push_str(&segment);
        }
        rest = &after[close + 1..];
    }
    out.push_str(&fill(rest, data, lang).0);
    out
}

/// Fills the placeholders of `text`; says whether every one had a value.
fn fill(text: &str, data: Data<'_>, lang: Lang) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut complete = true;
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_path(&after[..close]) => {
                match lookup(data, &after[..close]) {
                    Some(value) => out.push_str(&display(value, lang)),
                    None => {
                        complete = false;
                        out.push_str(crate::report::labels(lang).unknown);
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, complete)
}

fn is_path(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> BTreeMap<&'static str, Json> {
        BTreeMap::from([(
            "market",
            json!({"network": {"legacy_share_pct": 33.0}, "name": {"en": "SEA", "zh": "东南亚"}}),
        )])
    }

    #[test]
    fn placeholders_take_values_and_unknowns_say_so() {
        let base = base();
        let text = interpolate(
            "{market.name}: {market.network.legacy_share_pct}% on 2G/3G, latency {market.network.mobile_latency_ms}",
            Data::new(&base),
            Lang::En,
        );
        assert_eq!(text, "SEA: 33% on 2G/3G, latency unknown");
        assert_eq!(
            interpolate("{market.name}", Data::new(&base), Lang::Zh),
            "东南亚"
        );
    }

    #[test]
    fn optional_segments_drop_out_when_their_value_is_unknown() {
        let base = base();
        let text = interpolate(
            "takes[ {market.network.legacy_share_pct}% legacy][, {market.network.mobile_latency_ms} ms]",
            Data::new(&base),
            Lang::En,
        );
        assert_eq!(text, "takes 33% legacy");
    }

    #[test]
    fn braces_that_are_not_paths_stay() {
        let base = base();
        assert_eq!(
            interpolate("a {b c} d", Data::new(&base), Lang::En),
            "a {b c} d"
        );
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(format_number(45.0), "45");
        assert_eq!(format_number(0.756), "0.76");
        assert_eq!(format_number(19.5), "19.5");
    }
}
