//! Converting profile data to CEL values, looking up dotted paths, and filling
//! `{path}` placeholders in rule messages.

use crate::Lang;
use crate::text::display;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The data one evaluation reads: the assessment's variables, and the item a
/// `for_each` rule is bound to.
#[derive(Clone, Copy)]
pub struct Data<'a> {
    pub base: &'a BTreeMap<&'static str, Arc<Json>>,
    pub bound: Option<(&'static str, &'a Json)>,
}

impl<'a> Data<'a> {
    pub fn new(base: &'a BTreeMap<&'static str, Arc<Json>>) -> Data<'a> {
        Data { base, bound: None }
    }

    fn root(&self, name: &str) -> Option<&'a Json> {
        match self.bound {
            Some((bound, value)) if bound == name => Some(value),
            _ => self.base.get(name).map(|value| &**value),
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
                if let Some(value) = lookup(data, &after[..close]) {
                    out.push_str(&display(value, lang));
                } else {
                    complete = false;
                    out.push_str(crate::i18n::labels(lang).unknown);
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

    fn base() -> BTreeMap<&'static str, Arc<Json>> {
        BTreeMap::from([(
            "market",
            Arc::new(
                json!({"network": {"legacy_share_pct": 33.0}, "name": {"en": "SEA", "zh": "东南亚"}}),
            ),
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
}
