//! Small text helpers every stage shares: values and numbers as people read
//! them, positions in a text, and the shape of ids.

use crate::Lang;
use serde_json::Value as Json;

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
            let key = if map.contains_key("zh") {
                crate::i18n::pick(lang, "en", "zh")
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
    with_decimals(x, 2)
}

/// At most `decimals` decimals, trailing zeros dropped.
pub fn with_decimals(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// Line and column (1-based) of byte offset `at`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Where a value is written: the first whole-token `value` after the first `key:`
/// (or anywhere, when the key is not found), falling back to the key, then the start.
pub fn locate_value(text: &str, key: &str, value: &str) -> (usize, usize) {
    let key_at = find_key(text, key);
    let from = key_at.map_or(0, |at| at + key.len() + 1);
    find_token(text, from, value)
        .map(|at| line_col(text, at))
        .or_else(|| key_at.map(|at| line_col(text, at)))
        .unwrap_or((1, 1))
}

/// Byte offset of `token` at or after `from`, not inside a longer word.
fn find_token(text: &str, from: usize, token: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut start = from;
    while let Some(found) = text.get(start..)?.find(token) {
        let at = start + found;
        let before = text[..at].chars().next_back();
        let after = text[at + token.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(at);
        }
        start = at + token.len().max(1);
    }
    None
}

/// Byte offset of `key:` written as a mapping key.
pub fn find_key(text: &str, key: &str) -> Option<usize> {
    let pattern = format!("{key}:");
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(&pattern)) {
        let at = from + found;
        let before = text[..at].chars().next_back();
        if matches!(before, None | Some(' ' | '\n' | '{' | ',' | '\t' | '-')) {
            return Some(at);
        }
        from = at + pattern.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("a\nbc\n", 3), (2, 2));
        assert_eq!(
            locate_value("id: x\nextends: asia\n", "extends", "asia"),
            (2, 10)
        );
        assert_eq!(
            locate_value("countries: [sa, tr]", "countries", "tr"),
            (1, 17)
        );
    }

    #[test]
    fn find_key_ignores_keys_that_merely_end_with_the_name() {
        assert_eq!(find_key("xid: 1\nid: 2", "id"), Some(7));
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(format_number(45.0), "45");
        assert_eq!(format_number(0.756), "0.76");
        assert_eq!(format_number(19.5), "19.5");
    }
}
