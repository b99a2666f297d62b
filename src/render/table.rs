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
use std::fmt::Write;

#[derive(Debug, Clone, Copy)]
pub struct TableOptions {
    pub lang: Lang,
    /// Colour the verdicts (only ever on a terminal, or when forced).
    pub color: bool,
    /// The width to fit: `COLUMNS`, else the terminal's, else 100.
    pub width: u16,
}

/// One assessment in full; several as a comparison, one row per combination.
pub fn render_table(report: &Report<'_>, options: &TableOptions) -> String {
    let mut out = String::new();
    match report.assessments {
        [single] => render_one(&mut out, single, options),
        many => render_comparison(&mut out, many, options),
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

/// Several assessments, one row each, fitted to the width: the verdict of each
/// check (`?` incomplete, `*` differs from the first row), then the deciding
/// finding and the channels to test first, wrapped under the row.
fn render_comparison(out: &mut String, assessments: &[Assessment], options: &TableOptions) {
    let words = labels(options.lang);
    let columns = usize::from(options.width);
    let checks = crate::model::Check::VERDICT_CHECKS;
    let names: Vec<String> = assessments
        .iter()
        .map(|a| row_name(a, assessments))
        .collect();
    // A cell holds a verdict word, `?` and `*`; not-assessed is `–`.
    let decided = [Verdict::Pass, Verdict::Warn, Verdict::Block];
    let verdict_width = [words.verdict]
        .into_iter()
        .chain(decided.map(|v| words.verdict_word(v)))
        .map(layout::width)
        .max()
        .unwrap_or(8);
    let check_widths: Vec<usize> = checks
        .iter()
        .map(|c| {
            decided
                .iter()
                .map(|v| layout::width(words.verdict_word(*v)) + 2)
                .chain([layout::width(words.check_name(*c))])
                .max()
                .unwrap_or(8)
        })
        .collect();
    let fixed: usize = verdict_width + 2 + check_widths.iter().map(|w| w + 2).sum::<usize>();
    let name_width = names
        .iter()
        .map(|n| layout::width(n))
        .chain([layout::width(words.market)])
        .max()
        .unwrap_or(8)
        .min(columns.saturating_sub(fixed + 2).max(10));

    let mut header = layout::pad(words.market, name_width + 2);
    header.push_str(&layout::pad(words.verdict, verdict_width + 2));
    for (check, w) in checks.iter().zip(&check_widths) {
        header.push_str(&layout::pad(words.check_name(*check), w + 2));
    }
    let _ = writeln!(out, "{}", header.trim_end());
    let _ = writeln!(
        out,
        "{}",
        "─".repeat(layout::width(header.trim_end()).min(columns))
    );
    let first = assessments.first();
    for (a, name) in assessments.iter().zip(&names) {
        let name_lines = layout::wrap(name, name_width, "", "");
        let mut line = layout::pad(
            name_lines.first().map_or("", String::as_str),
            name_width + 2,
        );
        line.push_str(&coloured(
            &layout::pad(
                &words.verdict_word(a.verdict).to_uppercase(),
                verdict_width + 2,
            ),
            a.verdict,
            options.color,
        ));
        for (check_id, w) in checks.iter().zip(&check_widths) {
            let check = a.checks.iter().find(|c| c.id == *check_id);
            let mut cell = check.map_or_else(String::new, |c| compact_verdict(words, c));
            let differs = first.is_some_and(|f| {
                !std::ptr::eq(f, a)
                    && f.checks
                        .iter()
                        .find(|c| c.id == *check_id)
                        .map(|c| compact_verdict(words, c))
                        != Some(cell.clone())
            });
            if differs {
                cell.push('*');
            }
            line.push_str(&coloured(
                &layout::pad(&cell, w + 2),
                check.map_or(Verdict::Pass, |c| c.verdict),
                options.color,
            ));
        }
        let _ = writeln!(out, "{}", line.trim_end());
        for more in name_lines.iter().skip(1) {
            let _ = writeln!(out, "{more}");
        }
        let deciding = deciding_finding(a).map_or_else(
            || words.nothing_decisive.to_string(),
            |(check, message)| {
                let colon = crate::i18n::pick(options.lang, ": ", "：");
                format!("{}{colon}{message}", words.check_name(check))
            },
        );
        for text in layout::wrap(&deciding, columns, "  ↳ ", "    ") {
            let _ = writeln!(out, "{text}");
        }
        let colon = crate::i18n::pick(options.lang, ": ", "：");
        let lead = format!("{}{colon}{}", words.lead_channels, lead_channels(a));
        for text in layout::wrap(&lead, columns, "  ▶ ", "    ") {
            let _ = writeln!(out, "{text}");
        }
    }
    for text in layout::wrap(words.comparison_legend, columns, "", "") {
        let _ = writeln!(out, "{text}");
    }
    if assessments.iter().any(|a| a.changes.is_some()) {
        let _ = writeln!(out, "\n{}", words.changes);
        for a in assessments {
            if let Some(changes) = &a.changes {
                let lines = change_lines(changes, words);
                let text = format!("{}: {}", a.label(), lines.join("; "));
                for text in layout::wrap(&text, columns, "  ", "    ") {
                    let _ = writeln!(out, "{text}");
                }
            }
        }
    }
}

/// What tells a row apart: its market, and the industry and product where
/// the rows have several.
fn row_name(a: &Assessment, all: &[Assessment]) -> String {
    let mut name = a.market.name.to_string();
    if all.iter().any(|b| b.industry.id != a.industry.id) {
        name = format!("{name} × {}", a.industry.name);
    }
    if all
        .iter()
        .any(|b| b.product.as_ref().map(|p| &p.id) != a.product.as_ref().map(|p| &p.id))
    {
        let product = a
            .product
            .as_ref()
            .map_or_else(|| "—".to_string(), |p| p.name.to_string());
        name = format!("{name} × {product}");
    }
    name
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

/// The finding that decides an assessment: the most severe, the first check
/// first.
fn deciding_finding(a: &Assessment) -> Option<(crate::model::Check, String)> {
    a.checks
        .iter()
        .flat_map(|c| c.findings.iter().map(move |f| (c.id, f)))
        .filter(|(_, f)| f.severity > crate::model::Severity::Info)
        .max_by(|(_, x), (_, y)| {
            x.severity
                .cmp(&y.severity)
                .then(std::cmp::Ordering::Greater)
        })
        .map(|(check, f)| (check, f.message.to_string()))
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

fn render_one(out: &mut String, a: &Assessment, options: &TableOptions) {
    let words = labels(options.lang);
    let product = a
        .product
        .as_ref()
        .map_or(words.no_product, |p| p.name.text());
    let _ = writeln!(out, "{} × {} × {}", a.market.name, a.industry.name, product);
    let mut verdict_line = format!(
        "{}: {}",
        words.verdict,
        words.verdict_word(a.verdict).to_uppercase()
    );
    if a.complete {
        let _ = write!(verdict_line, " · {}", words.complete);
    } else {
        let missing: Vec<&str> = a.incomplete_checks().map(|c| words.check_name(c)).collect();
        let _ = write!(
            verdict_line,
            " · {}: {}",
            words.incomplete,
            missing.join(", ")
        );
    }
    if !a.not_assessed.is_empty() {
        let checks: Vec<&str> = a
            .not_assessed
            .iter()
            .map(|c| words.check_name(*c))
            .collect();
        let _ = write!(
            verdict_line,
            " · {} ({})",
            words.not_assessed_hint,
            checks.join(", ")
        );
    }
    let _ = writeln!(out, "{verdict_line}\n");

    let mut checks = new_table(options);
    checks.set_header(vec![words.check, words.verdict, words.finding_action]);
    for check in &a.checks {
        checks.add_row(vec![
            Cell::new(words.check_name(check.id)),
            verdict_cell(words, check.verdict, check.complete, options.color),
            Cell::new(check_summary(check, words)),
        ]);
    }
    let _ = writeln!(out, "{checks}\n");
    if !a.waived.is_empty() {
        let _ = writeln!(out, "{} ({})", words.waived, a.waived.len());
        for w in &a.waived {
            let until = w
                .until
                .as_ref()
                .map_or_else(String::new, |u| format!(" ({} {u})", words.until));
            let _ = writeln!(
                out,
                "  • [{}] {}: {}\n    {}: {}{until}",
                words.severity_word(w.severity),
                w.rule,
                w.message,
                words.reason,
                w.reason
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "{} — {}", words.channel_mix, words.mix_hint);
    if a.verdict == Verdict::Block {
        let _ = writeln!(out, "[{}]", words.blocked_mix);
    }
    let mut mix = new_table(options);
    let mut header = vec![words.rank, words.channel, words.share];
    if a.budget.is_some() {
        header.extend([words.budget, words.installs]);
    }
    header.extend([words.platforms, words.why]);
    mix.set_header(header);
    for channel in &a.channels {
        let mut name = channel.name.to_string();
        if channel.test_first {
            let _ = write!(name, "\n★ {}", words.test_first);
        }
        let mut why = format!(
            "{} {} × {} {}",
            words.base_weight,
            format_number(channel.weight),
            words.market_fit,
            format_number(channel.fit)
        );
        for (rule, factor) in &channel.factors {
            let _ = write!(why, "\n× {} {rule}", format_number(*factor));
        }
        let mut row = vec![
            Cell::new(channel.rank),
            Cell::new(name),
            Cell::new(format!("{}%", channel.share_pct)).set_alignment(CellAlignment::Right),
        ];
        if let Some(budget) = &a.budget {
            row.push(
                Cell::new(
                    channel
                        .budget
                        .map_or_else(String::new, |b| money(b, &budget.currency)),
                )
                .set_alignment(CellAlignment::Right),
            );
            row.push(
                Cell::new(
                    channel
                        .expected_installs
                        .map_or_else(|| "—".to_string(), |n| format!("~{}", thousands(n))),
                )
                .set_alignment(CellAlignment::Right),
            );
        }
        row.extend([Cell::new(channel.platforms.join(", ")), Cell::new(why)]);
        mix.add_row(row);
    }
    let _ = writeln!(out, "{mix}");
    if let Some(budget) = &a.budget {
        let total = budget.expected_installs.map_or_else(String::new, |n| {
            format!(" · {} ~{}", words.installs, thousands(n))
        });
        let _ = writeln!(
            out,
            "{} {}{total}. {}",
            words.budget,
            money(budget.amount, &budget.currency),
            budget.note
        );
        for estimate in &budget.estimates {
            let basis: Vec<String> = estimate
                .sources
                .iter()
                .map(|s| format!("{} ({})", s.title, s.date))
                .collect();
            let _ = writeln!(
                out,
                "  {} ${} — {}",
                estimate.channel,
                format_number(estimate.cpi_usd),
                basis.join("; ")
            );
        }
    }
    let _ = writeln!(out, "\n{}", words.test_plan);
    for step in &a.test_plan {
        let budget = match (&a.budget, step.test_budget) {
            (Some(b), Some(amount)) => {
                format!(" — {} {}", words.test_budget, money(amount, &b.currency))
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  ▶ {}{budget}\n    {}: {}",
            step.name, words.measure, step.measure
        );
    }
    out.push('\n');

    let _ = writeln!(out, "{}", words.messaging);
    if a.messaging.is_empty() {
        let _ = writeln!(out, "  {}", words.no_messaging);
    }
    for angle in &a.messaging {
        let _ = writeln!(out, "  • {}", angle.text);
        for note in &angle.notes {
            let _ = writeln!(out, "    ↳ {note}");
        }
    }
    if let Some(changes) = &a.changes {
        let _ = writeln!(out, "\n{}", words.changes);
        for line in change_lines(changes, words) {
            let _ = writeln!(out, "  • {line}");
        }
    }
    if let Some(trace) = &a.trace {
        explain(out, trace, words);
    }
    let _ = writeln!(
        out,
        "\n{} {} · {} {} · {}",
        a.sources.len(),
        if a.sources.len() == 1 {
            words.source_count_one
        } else {
            words.sources
        },
        words.oldest,
        a.oldest_source_date.as_deref().unwrap_or(words.unknown),
        words.details_hint
    );
}

/// The findings of a check, worst first, each with its action; then what could
/// not be evaluated and what needs a product.
fn check_summary(check: &CheckResult, words: &Labels) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut findings: Vec<_> = check.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for finding in findings {
        lines.push(format!("• {}", finding.message));
        if let Some(action) = &finding.action {
            lines.push(format!("→ {action}"));
        }
    }
    for not_evaluated in &check.not_evaluated {
        lines.push(format!(
            "? {} ({}): {}",
            words.not_evaluated,
            not_evaluated.rule,
            not_evaluated.missing.join(", ")
        ));
    }
    if !check.not_applicable.is_empty() {
        lines.push(format!(
            "– {} {}",
            check.not_applicable.len(),
            words.needs_product
        ));
    }
    if lines.is_empty() {
        lines.push(words.nothing_found.to_string());
    }
    lines.join("\n")
}

/// `--explain`: every rule's outcome per check, then each share's arithmetic.
fn explain(out: &mut String, trace: &crate::assessment::Trace, words: &Labels) {
    let _ = writeln!(out, "\n{}", words.explanation);
    for check in crate::model::Check::ALL {
        let rules: Vec<_> = trace.rules.iter().filter(|r| r.check == check).collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n  {}", words.check_name(check));
        for r in rules {
            let (mark, outcome) = match r.outcome {
                "fired" => ("✓", words.fired),
                "quiet" => ("·", words.quiet),
                "not_evaluated" => ("?", words.not_evaluated),
                _ => ("–", words.not_applicable),
            };
            let item = r
                .item
                .as_ref()
                .map_or_else(String::new, |i| format!(" [{i}]"));
            let _ = writeln!(out, "    {mark} {}{item}: {outcome}", r.rule);
            if !r.values.is_empty() {
                let values: Vec<String> = r
                    .values
                    .iter()
                    .map(|(path, value)| {
                        format!("{path} = {}", crate::text::display(value, crate::Lang::En))
                    })
                    .collect();
                let _ = writeln!(out, "        {}: {}", words.values, values.join("; "));
            }
            if !r.missing.is_empty() {
                let _ = writeln!(out, "        {}: {}", words.missing, r.missing.join(", "));
            }
            if r.outcome == "fired" {
                let _ = writeln!(out, "        {}: {}", words.effect, r.effect);
            }
        }
    }
    let _ = writeln!(out, "\n  {}", words.mix_arithmetic);
    for c in &trace.channels {
        let mut line = format!(
            "    {}: {} {} × {} {}",
            c.channel,
            words.base_weight,
            format_number(c.base_weight),
            words.market_fit,
            format_number(c.fit)
        );
        for step in &c.steps {
            let _ = write!(
                line,
                " × {} ({}) = {}",
                format_number(step.factor),
                step.rule,
                crate::text::with_decimals(step.weight_after, 4)
            );
        }
        let _ = write!(
            line,
            " → {} {}% ",
            words.proportional,
            format_number(c.proportional_pct)
        );
        if c.min_pct > 0.0 || c.max_pct < 100.0 {
            let _ = write!(
                line,
                "→ {} [{}, {}] {}% ",
                words.bounds,
                format_number(c.min_pct),
                format_number(c.max_pct),
                format_number(c.exact_pct)
            );
        }
        let _ = write!(line, "→ {} {}%", words.rounded, c.share_pct);
        let _ = writeln!(out, "{line}");
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
