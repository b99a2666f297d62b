//! `--format table` (the default): the checks, the channel mix and the messaging
//! angles of each assessment, for reading in a terminal.

use super::{Report, layout, lead_channels, money};
use crate::Lang;
use crate::assessment::Changes;
use crate::assessment::Gate;
use crate::assessment::{Assessment, CheckResult, Verdict};
use crate::i18n::{Labels, labels};
use crate::text::format_number;
use crate::text::thousands;
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};
use std::collections::BTreeSet;
use std::fmt::Write;

mod compare;
mod detail;
mod summary;

use compare::render_comparison;
use detail::render_one;
use summary::{render_summary, verdict_lines};

#[derive(Debug, Clone, Copy)]
pub struct TableOptions {
    pub lang: Lang,
    /// Colour the verdicts (only ever on a terminal, or when forced).
    pub color: bool,
    /// The width to fit: `COLUMNS`, else the terminal's, else 100.
    pub width: u16,
    /// One assessment in full (`--detail`), rather than its summary.
    pub detail: bool,
}

/// One assessment in full; several as a comparison, one row per combination.
pub fn render_table(report: &Report<'_>, options: &TableOptions) -> String {
    let mut out = String::new();
    match report.assessments {
        [single] if options.detail => render_one(&mut out, single, options),
        [single] => render_summary(&mut out, single, options),
        many => {
            render_comparison(&mut out, many, options);
            // `--detail` with several: each in full after the comparison.
            if options.detail {
                for a in many {
                    out.push('\n');
                    render_one(&mut out, a, options);
                }
            }
        }
    }
    if let Some(gate) = report.gate {
        gate_lines(&mut out, gate, labels(options.lang));
    }
    if let Some(waivers) = report.waivers {
        waiver_lines(&mut out, waivers, labels(options.lang));
    }
    out
}

/// Waivers that expired or matched nothing: they must not be forgotten.
pub(crate) fn waiver_lines(
    out: &mut String,
    report: &crate::assessment::WaiverReport,
    words: &Labels,
) {
    for w in &report.expired {
        let _ = writeln!(
            out,
            "{}: {} ({} {}) — {}",
            words.waiver_expired,
            w.rule,
            words.until,
            w.until.as_ref().map_or("?", |u| u.0.as_str()),
            w.reason
        );
    }
    for w in &report.unused {
        let _ = writeln!(out, "{}: {} — {}", words.waiver_unused, w.rule, w.reason);
    }
}

fn gate_lines(out: &mut String, gate: &Gate, words: &Labels) {
    let _ = writeln!(
        out,
        "\n{} --fail-on {}: {}",
        words.gate,
        gate.conditions(),
        words.gate_status(gate)
    );
    for reason in &gate.reasons {
        let _ = writeln!(out, "  • {reason}");
    }
}

/// A check's verdict in a comparison cell: the word, `?` when incomplete,
/// `–` when not assessed.
fn compact_verdict(words: &Labels, check: &CheckResult) -> String {
    if check.verdict == Verdict::NotAssessed {
        return "–".to_string();
    }
    let mut cell = words.verdict_word(check.verdict).to_string();
    if !check.complete {
        cell.push('?');
    }
    cell
}

fn coloured(text: &str, verdict: Verdict, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match verdict {
        Verdict::NotAssessed => return text.to_string(),
        Verdict::Pass => "32",
        Verdict::Warn => "33",
        Verdict::Block => "31",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}

/// What changed since the baseline, one phrase per change.
pub(crate) fn change_lines(changes: &Changes, words: &Labels) -> Vec<String> {
    if !changes.in_baseline {
        return vec![words.not_in_baseline.to_string()];
    }
    if changes.is_empty() {
        return vec![words.no_changes.to_string()];
    }
    let mut lines = Vec::new();
    if let Some(moved) = &changes.verdict {
        lines.push(format!(
            "{} {} → {}",
            words.verdict_moved,
            words.verdict_word(moved.from),
            words.verdict_word(moved.to)
        ));
    }
    for check in &changes.checks {
        lines.push(format!(
            "{} {} → {}",
            check.id,
            words.verdict_word(check.from),
            words.verdict_word(check.to)
        ));
    }
    for f in &changes.findings_added {
        lines.push(format!("+ {} {}", words.finding_added, f.rule));
    }
    for f in &changes.findings_removed {
        lines.push(format!("− {} {}", words.finding_removed, f.rule));
    }
    for f in &changes.findings_changed {
        lines.push(format!("~ {} {}: {}", words.finding_changed, f.rule, f.to));
    }
    for s in &changes.shares {
        lines.push(format!(
            "{} {} {}% → {}%",
            s.channel, words.share_moved, s.from, s.to
        ));
    }
    lines
}

fn new_table(options: &TableOptions) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(options.width);
    if options.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

fn verdict_cell(words: &Labels, verdict: Verdict, complete: bool, color: bool) -> Cell {
    let mut text = words.verdict_word(verdict).to_string();
    if !complete {
        text.push_str(&format!(" · {}", words.incomplete));
    }
    let cell = Cell::new(text);
    if !color {
        return cell;
    }
    match verdict {
        Verdict::NotAssessed => cell,
        Verdict::Pass => cell.fg(Color::Green),
        Verdict::Warn => cell.fg(Color::Yellow),
        Verdict::Block => cell.fg(Color::Red),
    }
}

/// Four decimals, for intermediate weights.
/// `--format table`, with its terminal options.
pub struct TableRenderer(pub TableOptions);

impl super::Renderer for TableRenderer {
    fn render(&self, report: &Report<'_>) -> anyhow::Result<String> {
        Ok(render_table(report, &self.0))
    }
}
