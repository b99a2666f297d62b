//! The escaping policy: every text that comes from data (profiles, rules,
//! overlays, waivers, baselines, `--set` values) is escaped for the output it
//! goes to, so that nothing in it acts on the reader's tools.
//!
//! | output | policy |
//! |---|---|
//! | terminal (table, list, stderr) | control characters, bidirectional overrides and noncharacters shown as visible `\u{…}` escapes; line breaks and tabs in a text become spaces |
//! | CSV | as a terminal, and a cell that would start a formula (`= + - @`, tab, CR) is prefixed with `'` (OWASP) |
//! | Markdown | as a terminal, HTML escaped as entities, Markdown's own structure (`` ` * _ [ ] \| ~ \ ``) escaped with `\` |
//! | JUnit XML, HTML | as a terminal (which also removes every character XML forbids), markup escaped |
//! | GitHub workflow commands | as a terminal, then the runner's own escapes: `%` `\r` `\n`, and in properties `:` `,` |
//! | JSON, YAML | the serialisers' own string escapes |
//!
//! And in every output but `--format github`, no line starts a workflow command:
//! a line whose text begins with `::` has its colons split by a zero-width space.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character must never reach a reader's terminal raw.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Whether `text` holds a character [`is_unsafe`] rejects, found from its
/// UTF-8 bytes without decoding characters: every such character is an ASCII
/// control, or starts with one of three lead bytes (C1 controls with 0xC2,
/// the direction marks with 0xE2, the noncharacters with 0xEF).
fn has_unsafe(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| match byte {
        0x00..=0x1f | 0x7f => true,
        0xc2 | 0xe2 | 0xef => text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_unsafe),
        _ => false,
    })
}

/// A data text made safe for a terminal: unsafe characters as visible escapes,
/// line breaks and tabs as spaces.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A CSV cell: safe for a terminal, and never read as a formula by a spreadsheet.
pub fn csv_cell(text: &str) -> String {
    let text = terminal(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.into_owned()
    }
}

/// Text safe inside HTML or XML elements and attributes (also for JUnit XML):
/// safe for a terminal first, which removes every character XML 1.0 forbids.
pub fn markup(text: &str) -> String {
    let text = terminal(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Inline Markdown text (GitHub-flavoured): no raw HTML, and nothing that
/// opens or closes Markdown's own structure (tables, code, emphasis, links).
pub fn markdown(text: &str) -> String {
    let text = terminal(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The message of a GitHub workflow command, escaped as the runner expects.
pub fn workflow_message(text: &str) -> String {
    terminal(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a GitHub workflow command (`title=…`).
pub fn workflow_property(text: &str) -> String {
    workflow_message(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// The output with no line that starts a GitHub workflow command: a line whose
/// text begins with `::` (after any indentation, which the runner skips) gets a
/// zero-width space between the colons.
pub fn no_workflow_commands(output: &str) -> Cow<'_, str> {
    let starts_command = |line: &str| line.trim_start().starts_with("::");
    if !output.lines().any(starts_command) {
        return Cow::Borrowed(output);
    }
    let mut out = String::with_capacity(output.len() + 16);
    for line in output.split_inclusive('\n') {
        if starts_command(line) {
            let indent = line.len() - line.trim_start().len();
            out.push_str(&line[..indent]);
            out.push_str(":\u{200b}:");
            out.push_str(&line[indent + 2..]);
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// A message for stderr: each line safe for a terminal, none starting a
/// workflow command. Our own line breaks between problems are kept.
pub fn stderr(text: &str) -> String {
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(terminal).collect();
    no_workflow_commands(&lines.join("\n")).into_owned()
}

/// What an output of `format` must never hold, whatever the data: raw control
/// characters, a line that starts a workflow command (outside `--format github`),
/// a CSV cell that starts a formula, HTML in Markdown beyond its own `<details>`,
/// a workflow command whose properties are unescaped. Empty when the output
/// keeps the policy; the tests and the fuzz target check every output with it.
pub fn violations(format: super::Format, output: &str) -> Vec<String> {
    use super::Format;
    let mut found = Vec::new();
    if matches!(format, Format::Json | Format::Yaml | Format::Sarif) {
        return found;
    }
    if let Some(c) = output.chars().find(|c| *c != '\n' && is_unsafe(*c)) {
        found.push(format!("a raw {c:?} reaches the reader"));
    }
    if format == Format::Github {
        for line in output.lines() {
            let Some((properties, _)) = ["::error ", "::warning ", "::notice "]
                .iter()
                .find_map(|p| line.strip_prefix(p))
                .and_then(|rest| rest.split_once("::"))
            else {
                found.push(format!("not a workflow command: {line:?}"));
                continue;
            };
            // `key=value` pairs split by `,`; a value has `,` and `:` escaped.
            let known = ["file", "line", "title", "col", "endLine", "endColumn"];
            let well_formed = properties.split(',').all(|pair| {
                pair.split_once('=')
                    .is_some_and(|(key, value)| known.contains(&key) && !value.contains([':', ',']))
            });
            if !well_formed {
                found.push(format!("unescaped property: {line:?}"));
            }
        }
        return found;
    }
    if let Some(line) = output.lines().find(|l| l.trim_start().starts_with("::")) {
        found.push(format!("a line starts a workflow command: {line:?}"));
    }
    match format {
        Format::Csv => {
            let mut reader = csv::ReaderBuilder::new().from_reader(output.as_bytes());
            for record in reader.records() {
                match record {
                    Ok(record) => {
                        if let Some(cell) =
                            record.iter().find(|c| c.starts_with(['=', '+', '-', '@']))
                        {
                            found.push(format!("a cell starts a formula: {cell:?}"));
                        }
                    }
                    Err(e) => found.push(format!("the CSV does not parse: {e}")),
                }
            }
        }
        Format::Markdown => {
            const OURS: [&str; 4] = ["<details>", "</details>", "<summary>", "</summary>"];
            for (at, _) in output.match_indices('<') {
                if !OURS.iter().any(|tag| output[at..].starts_with(tag)) {
                    let end = output[at..]
                        .char_indices()
                        .nth(20)
                        .map_or(output.len(), |(i, _)| at + i);
                    found.push(format!("raw HTML from data: {:?}", &output[at..end]));
                }
            }
        }
        _ => {}
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_the_characters_a_character_scan_finds() {
        // Every character in the first three planes, alone and between others.
        for code in 0..=0x2_ffff_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let alone = c.to_string();
            let between = format!("数据{c}ok");
            assert_eq!(has_unsafe(&alone), is_unsafe(c), "U+{code:04X}");
            assert_eq!(has_unsafe(&between), is_unsafe(c), "U+{code:04X} between");
        }
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(terminal("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(terminal("line\nbreak\ttab"), "line break tab");
        assert_eq!(terminal("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(terminal("plain: 中文"), "plain: 中文");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("Meta"), "Meta");
    }

    #[test]
    fn markdown_escapes_html_and_structure() {
        assert_eq!(
            markdown("<img src=x onerror=alert(1)>|*x*"),
            "&lt;img src=x onerror=alert(1)&gt;\\|\\*x\\*"
        );
        assert_eq!(markdown("</details>"), "&lt;/details&gt;");
    }

    #[test]
    fn markup_removes_what_xml_forbids() {
        assert_eq!(markup("a\u{0}b<c>"), "a\\u{0}b&lt;c&gt;");
    }

    #[test]
    fn workflow_commands_escape_as_the_runner_expects() {
        assert_eq!(
            workflow_message("50% done\n::error::x"),
            "50%25 done ::error::x"
        );
        assert_eq!(workflow_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn no_line_starts_a_workflow_command() {
        let out = no_workflow_commands("ok\n  ::error::pwned\n::stop-commands::x\n");
        assert!(
            out.lines().all(|l| !l.trim_start().starts_with("::")),
            "{out}"
        );
        assert!(out.contains("::error::pwned".replacen("::", ":\u{200b}:", 1).as_str()));
    }
}
