//! Where each value of a YAML file is written: dotted path → line and column,
//! read from the parser's events, so that a resolved value can point at the
//! line that states it (`assess show`, the JSON evidence, SARIF).

use crate::text::{find_key, line_col};
use std::collections::HashMap;

/// Line and column (1-based) of every value in a file, by dotted path
/// (`network.mobile_download_mbps`; list items as `laws.0`).
#[derive(Debug, Clone)]
pub struct Positions {
    by_path: Lookup,
}

/// Path → position: read from a file, or prepared at build time (sorted by path).
#[derive(Debug, Clone)]
enum Lookup {
    Owned(HashMap<String, (usize, usize)>),
    Prepared(&'static [(&'static str, u32, u32)]),
}

impl Default for Positions {
    fn default() -> Positions {
        Positions {
            by_path: Lookup::Owned(HashMap::new()),
        }
    }
}

impl Positions {
    /// Reads the positions of `text`. A file the parser cannot read has none
    /// (its parse error is reported elsewhere).
    pub fn of(text: &str) -> Positions {
        let mut by_path = HashMap::new();
        super::yaml_paths::walk(text, &mut |path, at| {
            by_path.entry(path).or_insert(at);
        });
        Positions {
            by_path: Lookup::Owned(by_path),
        }
    }

    /// The positions of `file`: prepared at build time for a built-in
    /// profile, read from its text otherwise.
    pub fn of_file(file: &crate::diagnostics::SourceFile) -> Positions {
        match file
            .builtin
            .then(|| super::prepared::find(&file.path))
            .flatten()
        {
            Some(prepared) => Positions {
                by_path: Lookup::Prepared(prepared.positions),
            },
            None => Positions::of(&file.text),
        }
    }

    fn get(&self, path: &str) -> Option<(usize, usize)> {
        match &self.by_path {
            Lookup::Owned(map) => map.get(path).copied(),
            Lookup::Prepared(list) => list
                .binary_search_by(|(p, _, _)| (*p).cmp(path))
                .ok()
                .map(|i| (list[i].1 as usize, list[i].2 as usize)),
        }
    }

    /// Where the value at `path` is written; a path below a written value (a
    /// benchmark written as one number has `…mid` below it) takes the value's place.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(at) = self.get(path) {
                return Some(at);
            }
            path = &path[..path.rfind('.')?];
        }
    }
}

/// Where each rule's `id:` line starts, by rule id (a repeated id has several),
/// found in one pass over the file.
pub fn rule_offsets(text: &str) -> HashMap<&str, Vec<usize>> {
    let mut offsets: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches('-').trim_start();
        if let Some(value) = trimmed.strip_prefix("id:") {
            let id = value.trim().trim_matches(['"', '\'']);
            if !id.is_empty() {
                // The offset of the id itself, where a problem with it is shown.
                let key_at = line.len() - trimmed.len();
                let value_at = key_at + 3 + (value.len() - value.trim_start().len());
                let quoted = usize::from(value.trim_start().starts_with(['"', '\'']));
                offsets.entry(id).or_default().push(at + value_at + quoted);
            }
        }
        at += line.len();
    }
    offsets
}

/// Where `field:` of rule `rule_id` starts its value: (line, column).
pub fn locate_rule_field(text: &str, rule_id: &str, field: &str) -> (usize, usize) {
    let start = rule_offsets(text)
        .get(rule_id)
        .and_then(|o| o.first().copied())
        .unwrap_or(0);
    locate_field_from(text, start, field)
}

/// Where `field:` starts its value in the rule whose `id:` line is at `id_at`.
pub fn locate_field_from(text: &str, id_at: usize, field: &str) -> (usize, usize) {
    let id_at = id_at.min(text.len());
    // The rule's own fields sit between its id and the next rule's `- id:`.
    let end = text[id_at..]
        .find("\n- ")
        .map_or(text.len(), |e| id_at + e + 1);
    let block = &text[id_at..end];
    let Some(key_at) = find_key(block, field).map(|k| id_at + k) else {
        return line_col(text, id_at);
    };
    let mut at = key_at + field.len() + 1;
    let rest = &text[at..];
    at += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    match text[at..].chars().next() {
        Some('"' | '\'') => at += 1,
        Some('>' | '|') => {
            if let Some(newline) = text[at..].find('\n') {
                let line_start = at + newline + 1;
                let indent = text[line_start..].len() - text[line_start..].trim_start().len();
                at = line_start + indent;
            }
        }
        _ => {}
    }
    line_col(text, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_by_path_in_block_and_flow_style() {
        let text = "id: vn\nnetwork:\n  mobile_download_mbps: 86.96\nchannels:\n  creators: {fit: 1.2, platforms: [TikTok, YouTube]}\nlaws:\n  - id: a\n    note: x\n";
        let positions = Positions::of(text);
        assert_eq!(positions.find("id"), Some((1, 5)));
        assert_eq!(
            positions.find("network.mobile_download_mbps"),
            Some((3, 25))
        );
        assert_eq!(positions.find("channels.creators.fit"), Some((5, 19)));
        assert_eq!(positions.find("channels.creators.platforms"), Some((5, 35)));
        assert_eq!(positions.find("laws.0.note"), Some((8, 11)));
        assert_eq!(
            positions.find("network.mobile_download_mbps.mid"),
            Some((3, 25))
        );
        assert_eq!(positions.find("devices"), None);
    }
}
