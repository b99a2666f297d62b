//! The SVG charts: the mix as horizontal bars, one stacked bar per
//! combination, and the heat-map of verdicts; with the font metrics that size
//! their labels. A bar is exactly `share / 100 × scale width` long.

use super::*;

/// The mix chart: channel names, then the bars (100% = `MIX_SCALE`), then the
/// value and the test-first mark.
pub(super) const MIX_LABEL: f64 = 280.0;

pub(super) const MIX_SCALE: f64 = 500.0;

pub(super) const MIX_RIGHT: f64 = 160.0;

pub(super) const MIX_TOP: f64 = 24.0;

pub(super) const MIX_BAR: f64 = 18.0;

/// One stacked bar per combination: 100% = `STACK_SCALE`.
pub(super) const STACK_SCALE: f64 = 600.0;

pub(super) const STACK_HEIGHT: f64 = 26.0;

/// `share / 100 × scale`: the one formula every bar length comes from.
pub fn bar_length(share_pct: u32, scale: f64) -> f64 {
    f64::from(share_pct) / 100.0 * scale
}

/// A coordinate, with at most three decimals and no trailing zeros.
pub(super) fn n(x: f64) -> String {
    crate::text::with_decimals(x, 3)
}

// ---------------------------------------------------------------------------

/// Estimated width of `text` at `size` px, in a wide sans-serif (DejaVu Sans,
/// the widest of the usual system fonts; bold adds an eighth): CJK and
/// full-width characters one em. A generous guess, so that labels wrap rather
/// than overflow.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| {
            if is_wide(c) {
                1.0
            } else if matches!(
                c,
                ' ' | 'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!'
            ) {
                0.34
            } else if matches!(c, 'f' | 't' | 'r' | '(' | ')' | '-' | '/') {
                0.45
            } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | '%' | '@') {
                0.82
            } else {
                0.62
            }
        })
        .sum();
    ems * size * if bold { 1.12 } else { 1.0 }
}

pub(super) fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Greedy wrapping by estimated width: at spaces, and between wide characters.
pub(super) fn wrap(text: &str, max: f64, size: f64, bold: bool) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c == ' ' {
            word.push(c);
            tokens.push(std::mem::take(&mut word));
        } else if is_wide(c) {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            tokens.push(c.to_string());
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for token in tokens {
        let candidate = format!("{line}{token}");
        if !line.is_empty() && text_width(candidate.trim_end(), size, bold) > max {
            lines.push(line.trim_end().to_string());
            line = token;
        } else {
            line = candidate;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

// ---------------------------------------------------------------------------
// One assessment.

/// The horizontal bar chart of one mix: each bar `share / 100 × MIX_SCALE`.
pub(super) fn mix_chart(out: &mut String, channels: &[ChannelShare], words: &Labels) {
    struct Row {
        y: f64,
        name: Vec<String>,
        platforms: Vec<String>,
    }
    let mut rows = Vec::new();
    let mut y = MIX_TOP + 6.0;
    for c in channels {
        let name = wrap(c.name.text(), MIX_LABEL - 16.0, 13.0, true);
        let platforms = if c.platforms.is_empty() {
            Vec::new()
        } else {
            wrap(&c.platforms.join(" · "), MIX_LABEL - 16.0, 11.0, false)
        };
        let text_height = 16.0 * name.len() as f64 + 14.0 * platforms.len() as f64;
        let height = text_height.max(MIX_BAR) + 14.0;
        rows.push(Row { y, name, platforms });
        y += height;
    }
    let height = y + 4.0;
    let width = MIX_LABEL + MIX_SCALE + MIX_RIGHT;
    let desc = chart_description(channels.iter(), words);
    let _ = write!(
        out,
        "<svg class=\"chart mix-chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-labelledby=\"mix-title mix-desc\" data-scale-width=\"{s}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"mix-title\">{title}</title>\n<desc id=\"mix-desc\">{desc}</desc>\n",
        w = n(width),
        h = n(height),
        s = n(MIX_SCALE),
        title = esc(words.channel_mix),
        desc = esc(&desc)
    );
    // The scale: 0, 25, 50, 75 and 100 %.
    for tick in [0u32, 25, 50, 75, 100] {
        let x = MIX_LABEL + bar_length(tick, MIX_SCALE);
        let _ = writeln!(
            out,
            "<line class=\"{}\" x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\"/>\
             <text class=\"tick\" x=\"{x}\" y=\"14\" text-anchor=\"middle\">{tick}%</text>",
            if tick == 0 { "axis" } else { "grid" },
            x = n(x),
            y1 = n(MIX_TOP - 4.0),
            y2 = n(height - 4.0),
        );
    }
    for (c, row) in channels.iter().zip(&rows) {
        let bar_y = row.y + 2.0;
        let length = bar_length(c.share_pct, MIX_SCALE);
        let _ = write!(
            out,
            "<g class=\"row\" data-channel=\"{id}\">\n<text class=\"name\" x=\"{x}\" y=\"{y}\" text-anchor=\"end\">",
            id = c.id,
            x = n(MIX_LABEL - 12.0),
            y = n(row.y + 15.0),
        );
        for (i, line) in row.name.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                n(MIX_LABEL - 12.0),
                if i == 0 { "0" } else { "16" },
                esc(line)
            );
        }
        out.push_str("</text>\n");
        if !row.platforms.is_empty() {
            let _ = write!(
                out,
                "<text class=\"platforms\" x=\"{x}\" y=\"{y}\" text-anchor=\"end\">",
                x = n(MIX_LABEL - 12.0),
                y = n(row.y + 15.0 + 16.0 * row.name.len() as f64 - 1.0),
            );
            for (i, line) in row.platforms.iter().enumerate() {
                let _ = write!(
                    out,
                    "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                    n(MIX_LABEL - 12.0),
                    if i == 0 { "0" } else { "14" },
                    esc(line)
                );
            }
            out.push_str("</text>\n");
        }
        let _ = writeln!(
            out,
            "<rect class=\"bar{first}\" data-channel=\"{id}\" data-share=\"{share}\" x=\"{x}\" y=\"{y}\" width=\"{len}\" height=\"{h}\" fill=\"{fill}\">\
             <title>{name}: {share}%</title></rect>",
            first = if c.test_first { " first" } else { "" },
            id = c.id,
            share = c.share_pct,
            x = n(MIX_LABEL),
            y = n(bar_y),
            len = n(length),
            h = n(MIX_BAR),
            fill = channel_colour(c.id),
            name = esc(c.name.text()),
        );
        let _ = write!(
            out,
            "<text class=\"value\" x=\"{x}\" y=\"{y}\"><tspan class=\"pct\">{share}%</tspan>",
            x = n(MIX_LABEL + length + 8.0),
            y = n(bar_y + 13.5),
            share = c.share_pct,
        );
        if c.test_first {
            let _ = write!(
                out,
                "<tspan class=\"star\" dx=\"8\">★ {}</tspan>",
                esc(words.test_first)
            );
        }
        out.push_str("</text>\n</g>\n");
    }
    out.push_str("</svg>\n");
}

/// One combination's mix as one stacked bar, channels in the taxonomy's order
/// so that the same colour sits in the same place from bar to bar.
pub(super) fn stacked_bar(
    out: &mut String,
    index: usize,
    a: &Assessment,
    names: &BTreeMap<ChannelId, String>,
    words: &Labels,
) {
    let ordered: Vec<&ChannelShare> = CHANNEL_IDS
        .iter()
        .filter_map(|id| a.channels.iter().find(|c| c.id == *id))
        .collect();
    let desc = chart_description(ordered.iter().copied(), words);
    let _ = write!(
        out,
        "<svg class=\"chart stack\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-labelledby=\"stack-{index}-t stack-{index}-d\" data-scale-width=\"{w}\" data-combination=\"{label}\" \
         xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"stack-{index}-t\">{title}</title>\n<desc id=\"stack-{index}-d\">{desc}</desc>\n",
        w = n(STACK_SCALE),
        h = n(STACK_HEIGHT),
        label = esc(&a.label()),
        title = esc(&format!("{} — {}", combination_name(a), words.channel_mix)),
        desc = esc(&desc),
    );
    let mut x = 0.0;
    for c in &ordered {
        let length = bar_length(c.share_pct, STACK_SCALE);
        let name = names.get(&c.id).map_or(c.name.text(), String::as_str);
        let _ = writeln!(
            out,
            "<rect class=\"seg\" data-channel=\"{id}\" data-share=\"{share}\" x=\"{x}\" y=\"0\" width=\"{len}\" height=\"{h}\" fill=\"{fill}\"><title>{name}: {share}%</title></rect>",
            id = c.id,
            share = c.share_pct,
            x = n(x),
            len = n(length),
            h = n(STACK_HEIGHT),
            fill = channel_colour(c.id),
            name = esc(name),
        );
        x += length;
    }
    // Separators and labels over the bars, so they never change a length.
    let mut x = 0.0;
    for (i, c) in ordered.iter().enumerate() {
        let length = bar_length(c.share_pct, STACK_SCALE);
        if i > 0 && length > 0.0 {
            let _ = writeln!(
                out,
                "<line class=\"sep\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{h}\"/>",
                x = n(x),
                h = n(STACK_HEIGHT)
            );
        }
        let label = format!("{}%", c.share_pct);
        if text_width(&label, 11.0, true) + 6.0 <= length {
            let _ = writeln!(
                out,
                "<text class=\"seg-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" aria-hidden=\"true\">{label}</text>",
                n(x + length / 2.0),
                n(STACK_HEIGHT / 2.0 + 4.0)
            );
        }
        x += length;
    }
    out.push_str("</svg>\n");
}

pub(super) fn heat_map(out: &mut String, all: &[Assessment], words: &Labels) {
    let _ = write!(
        out,
        "<section id=\"heat-map\" aria-labelledby=\"heat-h\">\n<h2 id=\"heat-h\">{}</h2>\n<p class=\"hint\">{}",
        esc(words.at_a_glance),
        esc(words.heat_map_key)
    );
    for verdict in [Verdict::Pass, Verdict::Warn, Verdict::Block] {
        let _ = write!(out, " {}", badge(verdict, words));
    }
    let with_baseline = all.iter().any(|a| a.changes.is_some());
    if with_baseline {
        let _ = write!(
            out,
            " <span class=\"delta\"><span aria-hidden=\"true\">Δ</span> {}</span>",
            esc(words.changed_mark)
        );
    }
    let _ = write!(
        out,
        "</p>\n<table class=\"heat\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"overall\">{}</th>",
        esc(words.at_a_glance),
        esc(words.combination),
        esc(words.verdict)
    );
    for check in Check::VERDICT_CHECKS {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            esc(words.check_name(check))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for a in all {
        let changes = a.changes.as_ref();
        let _ = write!(
            out,
            "<tr data-combination=\"{}\"><th scope=\"row\"><span class=\"combo\">{}</span><span class=\"combo-ids\">{}</span>",
            esc(&a.label()),
            esc(&combination_name(a)),
            esc(&a.label())
        );
        if changes.is_some_and(|c| !c.in_baseline) {
            let _ = write!(
                out,
                " <span class=\"tag\">{}</span>",
                esc(words.not_in_baseline)
            );
        } else if changes.is_some_and(|c| !c.is_empty()) {
            let _ = write!(
                out,
                " <span class=\"delta row-delta\" title=\"{}\"><span aria-hidden=\"true\">Δ</span> {}</span>",
                esc(words.changed_mark),
                esc(words.changed_mark)
            );
        }
        out.push_str("</th>");
        heat_cell(
            out,
            "verdict",
            a.verdict,
            a.complete,
            changes.and_then(|c| c.verdict.as_ref()).map(|m| m.from),
            words,
        );
        for check in &a.checks {
            let moved = changes
                .and_then(|c| c.checks.iter().find(|m| m.id == check.id.as_str()))
                .map(|m| m.from);
            heat_cell(
                out,
                check.id.as_str(),
                check.verdict,
                check.complete,
                moved,
                words,
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

pub(super) fn heat_cell(
    out: &mut String,
    column: &str,
    verdict: Verdict,
    complete: bool,
    was: Option<Verdict>,
    words: &Labels,
) {
    let v = verdict.as_str();
    let mut class = format!("cell v-{v}");
    if column == "verdict" {
        class.push_str(" overall");
    }
    if was.is_some() {
        class.push_str(" changed");
    }
    let title = was.map_or_else(String::new, |from| {
        format!(
            " title=\"{}: {} → {}\"",
            esc(words.changed_mark),
            esc(words.verdict_word(from)),
            esc(words.verdict_word(verdict))
        )
    });
    let _ = write!(
        out,
        "<td class=\"{class}\" data-check=\"{column}\" data-verdict=\"{v}\"{title}><span class=\"cell-main\"><span class=\"sym\" aria-hidden=\"true\">{}</span>{}</span>",
        symbol(verdict),
        esc(words.verdict_word(verdict))
    );
    if !complete {
        let _ = write!(
            out,
            "<span class=\"cell-note\">{}</span>",
            esc(words.incomplete)
        );
    }
    if let Some(from) = was {
        let _ = write!(
            out,
            "<span class=\"cell-was\"><span class=\"delta-sym\" aria-hidden=\"true\">Δ</span> {} {}</span>",
            esc(words.was),
            esc(words.verdict_word(from))
        );
    }
    out.push_str("</td>");
}

pub(super) fn swatch(colour: &str) -> String {
    format!(
        "<svg class=\"swatch-svg\" width=\"12\" height=\"12\" viewBox=\"0 0 12 12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour}\"/></svg>"
    )
}

/// A chart's text description: each channel's share, the test-first ones marked.
fn chart_description<'a>(
    channels: impl Iterator<Item = &'a ChannelShare>,
    words: &Labels,
) -> String {
    channels
        .map(|c| {
            let mut text = format!("{} {}%", c.name, c.share_pct);
            if c.test_first {
                let _ = write!(text, " ({})", words.test_first);
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}
