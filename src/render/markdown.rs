//! `--format markdown`: a GitHub-flavoured summary that reads well in a pull
//! request comment or a CI job summary: one row per combination, the gate, then
//! the findings of each combination folded away.

use super::{Report, labels, lead_channels};
use crate::assessment::{Assessment, Verdict};
use std::fmt::Write;

fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::NotAssessed => "➖",
        Verdict::Pass => "✅",
        Verdict::Warn => "⚠️",
        Verdict::Block => "⛔",
    }
}

/// Data text in Markdown: no raw HTML, no line breaks, nothing that opens or
/// closes Markdown's structure (see `escape::markdown`).
fn cell(text: &str) -> String {
    super::escape::markdown(text)
}

pub fn render_markdown(report: &Report<'_>) -> String {
    let words = labels(report.lang);
    let mut out = String::new();
    let _ = writeln!(out, "## assess\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        words.market,
        words.industry,
        words.product,
        words.verdict,
        words.check_name(crate::model::Check::Network),
        words.check_name(crate::model::Check::Competition),
        words.check_name(crate::model::Check::Deliverability),
        words.check_name(crate::model::Check::Compliance),
        words.lead_channels,
        words.deciding,
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
    for a in report.assessments {
        let verdict = |v: Verdict, complete: bool| {
            let mut text = format!("{} {}", mark(v), words.verdict_word(v));
            if !complete {
                let _ = write!(text, " · {}", words.incomplete);
            }
            text
        };
        let mut row = format!(
            "| {} (`{}`) | {} (`{}`) | {} | **{}** |",
            cell(a.market.name.text()),
            a.market.id,
            cell(a.industry.name.text()),
            a.industry.id,
            a.product
                .as_ref()
                .map_or_else(|| "—".to_string(), |p| format!("`{}`", p.id)),
            verdict(a.verdict, a.complete),
        );
        for check in &a.checks {
            let _ = write!(row, " {} |", verdict(check.verdict, check.complete));
        }
        let _ = write!(row, " {} |", cell(&lead_channels(a)));
        let deciding = a.deciding_finding().map_or_else(
            || words.nothing_decisive.to_string(),
            |(check, f)| format!("{}: {}", words.check_name(check), f.message.text()),
        );
        let _ = write!(row, " {} |", cell(&deciding));
        let _ = writeln!(out, "{row}");
    }
    if let Some(gate) = report.gate {
        let _ = writeln!(
            out,
            "\n**{}** `--fail-on {}`: {}",
            words.gate,
            gate.conditions(),
            words.gate_status(gate)
        );
        for reason in &gate.reasons {
            let _ = writeln!(out, "- {}", cell(reason));
        }
    }
    if let Some(waivers) = report.waivers {
        let mut lines = String::new();
        super::table::waiver_lines(&mut lines, waivers, words);
        for line in lines.lines() {
            let _ = writeln!(out, "- {}", cell(line));
        }
    }
    for a in report.assessments {
        details(&mut out, a, report);
    }
    out
}

fn details(out: &mut String, a: &Assessment, report: &Report<'_>) {
    let words = labels(report.lang);
    let _ = writeln!(out, "\n<details><summary>{}</summary>\n", cell(&a.label()));
    for check in &a.checks {
        for finding in &check.findings {
            let _ = write!(
                out,
                "- **{}** {} `{}`: {}",
                words.check_name(check.id),
                words.severity_word(finding.severity),
                finding.rule,
                cell(finding.message.text())
            );
            if let Some(note) = super::severity_note(finding, words) {
                out.push_str(&cell(&note));
            }
            if let Some(action) = &finding.action {
                let _ = write!(out, " → {}", cell(action.text()));
            }
            out.push('\n');
        }
        for missing in &check.not_evaluated {
            let _ = writeln!(
                out,
                "- **{}** {} `{}`: {}",
                words.check_name(check.id),
                words.not_evaluated,
                missing.rule,
                cell(&missing.missing.join(", "))
            );
        }
    }
    for w in &a.waived {
        let _ = writeln!(
            out,
            "- **{}** `{}`: {} — {}: {}",
            words.waived,
            w.rule,
            cell(w.message.text()),
            words.reason,
            cell(&w.reason)
        );
    }
    if let Some(changes) = &a.changes {
        for line in super::table::change_lines(changes, words) {
            let _ = writeln!(out, "- {}", cell(&line));
        }
    }
    for (depth, text) in super::learning::learning_lines(a, report.lang)
        .into_iter()
        .chain(super::learning::allocation_lines(a, report.lang))
    {
        match depth {
            0 => {
                let _ = writeln!(out, "\n**{}**\n", cell(&text));
            }
            depth => {
                let _ = writeln!(out, "{}- {}", "  ".repeat(depth - 1), cell(&text));
            }
        }
    }
    let _ = writeln!(out, "\n</details>");
}

/// `--format markdown`.
pub struct Markdown;

impl super::Renderer for Markdown {
    fn render(&self, report: &Report<'_>) -> anyhow::Result<String> {
        Ok(render_markdown(report))
    }
}
