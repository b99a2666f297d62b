//! Parsing one YAML file into a typed profile, with errors that name the file,
//! line and column, and helpers that find where a value was written.

use crate::diagnostics::{Code, Problem, SourceFile};
use serde::de::DeserializeOwned;

/// Limits against alias bombs, merge-key bombs, pathological nesting and huge
/// files. The largest built-in profile has about 2,000 YAML events; these leave
/// a hundred times that, and stop a hostile file in well under a second.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 200_000;
    budget.max_nodes = 200_000;
    budget.max_recorded_anchor_events = 100_000;
    budget.max_total_scalar_bytes = 64 * 1024 * 1024;
    serde_saphyr::options! {
        budget: Some(budget),
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::Reject,
    }
}

/// Parses `file` as a `T`. The problem reads `path:line:col: what is wrong; what was expected`.
/// A user's file is first checked for what the typed parse would let through:
/// tags outside YAML's core schema, texts and lists beyond their limits.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Problem> {
    if file.text.trim().is_empty() {
        return Err(Problem::at(
            Code::Syntax,
            file,
            1,
            1,
            "the file is empty; expected a YAML document",
        ));
    }
    // A built-in profile was parsed at build time (a fallback keeps the YAML
    // path for anything the JSON form does not take).
    if file.builtin
        && let Some(prepared) = super::prepared::find(&file.path)
        && let Ok(value) = serde_json::from_str::<T>(prepared.json)
    {
        return Ok(value);
    }
    if !file.builtin
        && let Some(problem) = structure_problem(file)
    {
        return Err(problem);
    }
    serde_saphyr::from_str_with_options::<T>(&file.text, options()).map_err(|error| {
        let formatter = serde_saphyr::UserMessageFormatter;
        let message = error.render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
            formatter: &formatter,
        });
        let message = with_expectation(with_field_suggestion(strip_location_suffix(&message)));
        let (line, column) = error
            .location()
            .map_or((1, 1), |at| (at.line() as usize, at.column() as usize));
        Problem::at(
            Code::of_parse_error(&message),
            file,
            line.max(1),
            column.max(1),
            crate::i18n::parser_message(&message, crate::i18n::lang()),
        )
    })
}

/// The longest name (a `name` or its `en`/`zh`), in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// The longest other text: notes, evidence, messages.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// The most items a list may hold (so that rules looping over data stay cheap).
pub const MAX_LIST_ITEMS: usize = 1_000;

/// The first thing in a user's file that parses but must not pass: a tag
/// outside YAML's core schema (which the typed parse would silently drop), a
/// text or a list over its limit.
pub fn structure_problem(file: &SourceFile) -> Option<Problem> {
    use serde_saphyr::granit_parser::{Event, Parser};
    enum Frame {
        Mapping {
            key: Option<String>,
            parent_key: Option<String>,
        },
        Sequence {
            items: usize,
            line: usize,
            column: usize,
            key: Option<String>,
        },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(&file.text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let (line, column) = (span.start.line().max(1), span.start.col() + 1);
        let at = |message: String| Some(Problem::at(Code::Structure, file, line, column, message));
        let tag = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, _, tag)
            | Event::MappingStart(_, _, tag) => tag.as_ref(),
            _ => None,
        };
        if let Some(tag) = tag.filter(|t| t.is_custom()) {
            return at(format!(
                "the tag `{tag}` is not part of YAML's core schema; expected plain values (strings, numbers, booleans, lists, mappings)"
            ));
        }
        // A value starting here counts as an item of the list it is in.
        let is_key = matches!(stack.last(), Some(Frame::Mapping { key: None, .. }))
            && matches!(event, Event::Scalar(..));
        if !is_key
            && matches!(
                event,
                Event::Scalar(..)
                    | Event::SequenceStart(..)
                    | Event::MappingStart(..)
                    | Event::Alias(_)
            )
            && let Some(Frame::Sequence {
                items,
                line,
                column,
                key,
            }) = stack.last_mut()
        {
            *items += 1;
            if *items > MAX_LIST_ITEMS {
                let field = key
                    .as_ref()
                    .map_or_else(|| "the list".to_string(), |k| format!("`{k}`"));
                return Some(Problem::at(
                    Code::Structure,
                    file,
                    *line,
                    *column,
                    format!(
                        "{field} has more than {MAX_LIST_ITEMS} items; expected at most {MAX_LIST_ITEMS}"
                    ),
                ));
            }
        }
        match event {
            Event::Scalar(value, ..) => {
                let chars = value.chars().count();
                let (key, parent_key) = match stack.last() {
                    Some(Frame::Mapping { key, parent_key }) => (key.clone(), parent_key.clone()),
                    _ => (None, None),
                };
                if is_key {
                    if let Some(Frame::Mapping { key, .. }) = stack.last_mut() {
                        *key = Some(value.into_owned());
                    }
                    continue;
                }
                let is_name = key.as_deref() == Some("name")
                    || (parent_key.as_deref() == Some("name")
                        && matches!(key.as_deref(), Some("en" | "zh")));
                let limit = if is_name {
                    MAX_NAME_CHARS
                } else {
                    MAX_TEXT_CHARS
                };
                if chars > limit {
                    let field = match (&parent_key, &key) {
                        (Some(parent), Some(key)) if is_name => format!("`{parent}.{key}`"),
                        (_, Some(key)) => format!("`{key}`"),
                        _ => "the text".to_string(),
                    };
                    return at(format!(
                        "{field} is {chars} characters long; expected at most {limit}"
                    ));
                }
                if let Some(Frame::Mapping { key, .. }) = stack.last_mut() {
                    *key = None;
                }
            }
            Event::MappingStart(..) => {
                let parent_key = match stack.last_mut() {
                    Some(Frame::Mapping { key, .. }) => key.take(),
                    _ => None,
                };
                stack.push(Frame::Mapping {
                    key: None,
                    parent_key,
                });
            }
            Event::SequenceStart(..) => {
                let key = match stack.last_mut() {
                    Some(Frame::Mapping { key, .. }) => key.take(),
                    _ => None,
                };
                stack.push(Frame::Sequence {
                    items: 0,
                    line,
                    column,
                    key,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Alias(_) => {
                if let Some(Frame::Mapping { key, .. }) = stack.last_mut() {
                    *key = None;
                }
            }
            _ => {}
        }
    }
    None
}

/// serde-saphyr appends " at line N, column M"; we put the location first instead.
/// Only a trailing suffix is removed: "(used at line 12, column 43)" stays.
fn strip_location_suffix(message: &str) -> String {
    let Some(at) = message.rfind(" at line ") else {
        return message.to_string();
    };
    let tail = &message[at + " at line ".len()..];
    let is_location = tail.split_once(", column ").is_some_and(|(line, column)| {
        !line.is_empty()
            && !column.is_empty()
            && line.bytes().all(|b| b.is_ascii_digit())
            && column.bytes().all(|b| b.is_ascii_digit())
    });
    if is_location {
        message[..at].to_string()
    } else {
        message.to_string()
    }
}

/// Completes the parser's terse messages with what was expected.
fn with_expectation(message: String) -> String {
    let expected = match message.as_str() {
        m if m.starts_with("invalid floating point") => "expected a number",
        m if m.starts_with("invalid u8") => "expected a whole number from 0 to 255",
        m if m.starts_with("expected mapping start") => "expected `field: value` lines",
        m if m.starts_with("expected sequence start") => {
            "expected a list (`- item` lines or `[a, b]`)"
        }
        _ => return message,
    };
    if message.contains("; expected") {
        message
    } else {
        format!("{message}; {expected}")
    }
}

/// Adds "did you mean" to serde's unknown-field and unknown-variant messages.
fn with_field_suggestion(message: String) -> String {
    let Some((unknown, expected)) = unknown_and_expected(&message) else {
        return message;
    };
    if let Some(what) = crate::model::renamed(&unknown) {
        return format!("`{unknown}` was {what}");
    }
    match crate::suggest(&unknown, expected.iter().map(String::as_str)) {
        Some(best) => format!("{message}; did you mean `{best}`?"),
        None => message,
    }
}

fn unknown_and_expected(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (unknown, rest) = rest.split_once('`')?;
    let list = rest.split_once("expected one of ")?.1;
    let expected = list
        .split(',')
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    Some((unknown.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_message_gets_the_nearest_field() {
        let message = "unknown field `fti`, expected one of `id`, `fit`".to_string();
        assert!(with_field_suggestion(message).ends_with("did you mean `fit`?"));
    }

    #[test]
    fn only_a_trailing_location_is_stripped() {
        assert_eq!(
            strip_location_suffix("bad value at line 3, column 4"),
            "bad value"
        );
        assert_eq!(
            strip_location_suffix("alias (used at line 12, column 43) is too big"),
            "alias (used at line 12, column 43) is too big"
        );
    }
}
