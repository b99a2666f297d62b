//! Text laid out for a terminal: widths measured as displayed (a Chinese
//! character takes two columns), prose wrapped at spaces, and a token longer
//! than its line broken only after `.`, `-`, `_` or `/` — or, when it has none
//! of these, cut and marked with `…`. Nothing else breaks a word.

use unicode_width::UnicodeWidthStr;

/// The columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `columns` (never cut).
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_string();
    out.push_str(&" ".repeat(columns.saturating_sub(width(text))));
    out
}

/// The pieces of a token that fit `columns`: split after `.`, `-`, `_` or `/`
/// where it can; a piece with no such place is cut and ends with `…`.
fn split_token(token: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(2);
    let mut pieces = Vec::new();
    let mut rest = token;
    while width(rest) > columns {
        // The last break point that keeps the piece within the line.
        let mut cut = None;
        let mut used = 0;
        for (at, c) in rest.char_indices() {
            used += UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
            if used > columns {
                break;
            }
            if matches!(c, '.' | '-' | '_' | '/') {
                cut = Some(at + c.len_utf8());
            }
        }
        let Some(at) = cut else {
            let mut piece = String::new();
            for c in rest.chars() {
                if width(&piece) + width(c.encode_utf8(&mut [0; 4])) + 1 > columns {
                    break;
                }
                piece.push(c);
            }
            piece.push('…');
            pieces.push(piece);
            return pieces;
        };
        pieces.push(rest[..at].to_string());
        rest = &rest[at..];
    }
    pieces.push(rest.to_string());
    pieces
}

/// The breakable units of `text`: runs of narrow characters between spaces,
/// and each wide (CJK) character on its own, since Chinese breaks between
/// characters. Each unit says whether a space came before it.
fn units(text: &str) -> Vec<(String, bool)> {
    let mut units: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    let mut space_before = false;
    let mut after_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !current.is_empty() {
                units.push((std::mem::take(&mut current), space_before));
            }
            after_space = true;
            continue;
        }
        let wide = width(c.encode_utf8(&mut [0; 4])) > 1;
        if wide {
            if !current.is_empty() {
                units.push((std::mem::take(&mut current), space_before));
                space_before = false;
            }
            units.push((c.to_string(), after_space));
            after_space = false;
            continue;
        }
        if current.is_empty() {
            space_before = after_space;
        }
        current.push(c);
        after_space = false;
    }
    if !current.is_empty() {
        units.push((current, space_before));
    }
    units
}

/// `text` wrapped to lines of at most `columns`, the first starting after
/// `first_indent` and the others after `indent`.
pub fn wrap(text: &str, columns: usize, first_indent: &str, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first_indent.to_string();
    let mut empty = true;
    for (unit, space_before) in units(text) {
        let room = columns.saturating_sub(width(indent)).max(8);
        for (i, piece) in split_token(&unit, room).into_iter().enumerate() {
            let gap = usize::from(!empty && space_before && i == 0);
            if !empty && width(&line) + gap + width(&piece) > columns {
                lines.push(line);
                line = indent.to_string();
                empty = true;
            }
            if !empty && space_before && i == 0 {
                line.push(' ');
            }
            line.push_str(&piece);
            empty = false;
        }
    }
    if !empty || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_wraps_at_spaces_within_the_width() {
        let lines = wrap("the quick brown fox jumps over the lazy dog", 15, "", "  ");
        assert_eq!(
            lines,
            ["the quick brown", "  fox jumps", "  over the lazy", "  dog"]
        );
        assert!(lines.iter().all(|l| width(l) <= 15));
    }

    #[test]
    fn a_long_identifier_breaks_after_a_dot_dash_underscore_or_slash() {
        let lines = wrap("market.network.legacy_devices_pct", 16, "", "");
        assert_eq!(lines, ["market.network.", "legacy_devices_", "pct"]);
    }

    #[test]
    fn a_token_with_no_break_point_is_cut_and_marked() {
        assert_eq!(wrap("abcdefghijklmnop", 8, "", ""), ["abcdefg…"]);
    }

    #[test]
    fn chinese_wraps_between_characters() {
        let lines = wrap("新售智能手机中有50%是低端机", 10, "", "");
        assert_eq!(lines, ["新售智能手", "机中有50%", "是低端机"]);
        assert!(lines.iter().all(|l| width(l) <= 10));
    }

    #[test]
    fn chinese_is_measured_by_display_width() {
        assert_eq!(width("东南亚"), 6);
        assert_eq!(pad("东南亚", 8), "东南亚  ");
    }
}
