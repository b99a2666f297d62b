//! The dotted path and position (line, column, 1-based) of every value in a
//! YAML text, read from the parser's events (list items as `laws.0`). Shared
//! by the loader and `build.rs`, which prepares the built-in profiles, so it
//! depends on nothing of the crate.

use serde_saphyr::granit_parser::{Event, Parser};

enum Frame {
    /// A mapping, with the key whose value comes next (`None`: a key comes next).
    Mapping {
        prefix: String,
        key: Option<String>,
    },
    Sequence {
        prefix: String,
        next: usize,
    },
}

/// Calls `found` with each value's path and position, in document order
/// (a path may come twice in a malformed file: the first is the one that counts).
/// A text the parser cannot read yields what it read before the error.
pub fn walk(text: &str, found: &mut dyn FnMut(String, (usize, usize))) {
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let at = (span.start.line().max(1), span.start.col() + 1);
        // The path of a value that starts here.
        let value_path = |stack: &mut Vec<Frame>| -> Option<String> {
            match stack.last_mut()? {
                Frame::Mapping { prefix, key } => key.take().map(|k| join(prefix, &k)),
                Frame::Sequence { prefix, next } => {
                    let path = join(prefix, &next.to_string());
                    *next += 1;
                    Some(path)
                }
            }
        };
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Mapping {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some(value.into_owned());
                } else if let Some(path) = value_path(&mut stack) {
                    found(path, at);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_mapping = matches!(event, Event::MappingStart(..));
                let prefix = if stack.is_empty() {
                    String::new()
                } else {
                    match value_path(&mut stack) {
                        Some(path) => {
                            found(path.clone(), at);
                            path
                        }
                        // A complex key: nothing of ours is written that way.
                        None => "?".to_string(),
                    }
                };
                stack.push(if is_mapping {
                    Frame::Mapping { prefix, key: None }
                } else {
                    Frame::Sequence { prefix, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Alias(_) => {
                if let Some(path) = value_path(&mut stack) {
                    found(path, at);
                }
            }
            _ => {}
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}
