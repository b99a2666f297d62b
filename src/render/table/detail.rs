//! One assessment in full (`--detail`): every check's findings with actions,
//! the channel mix with its arithmetic, budget, test plan, messaging, sources.

use super::*;

pub(super) fn render_one(out: &mut String, a: &Assessment, options: &TableOptions) {
    let words = labels(options.lang);
    verdict_lines(out, a, words, usize::from(options.width));
    out.push('\n');

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
            let range = channel
                .expected_installs_range
                .map_or_else(String::new, |r| {
                    format!("\n{}–{}", thousands(r.low as u64), thousands(r.high as u64))
                });
            row.push(
                Cell::new(
                    channel
                        .expected_installs
                        .map_or_else(|| "—".to_string(), |n| format!("~{}{range}", thousands(n))),
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
            let range = budget
                .expected_installs_range
                .map_or_else(String::new, |r| {
                    format!(
                        "{}{}–{}{}",
                        words.open_paren,
                        thousands(r.low as u64),
                        thousands(r.high as u64),
                        words.close_paren
                    )
                });
            format!(" · {} ~{}{range}", words.installs, thousands(n))
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
    let width = usize::from(options.width);
    for (depth, text) in crate::render::learning::learning_lines(a, options.lang)
        .into_iter()
        .chain(crate::render::learning::allocation_lines(a, options.lang))
    {
        let indent = "  ".repeat(depth);
        if depth == 0 {
            out.push('\n');
        }
        for line in crate::render::layout::wrap(&text, width, &indent, &format!("{indent}  ")) {
            let _ = writeln!(out, "{line}");
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
pub(super) fn check_summary(check: &CheckResult, words: &Labels) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut findings: Vec<_> = check.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    for finding in findings {
        lines.push(format!("• {}", finding.message));
        if let Some(note) = crate::render::severity_note(finding, words) {
            lines.push(format!("  {}", note.trim_start()));
        }
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
pub(super) fn explain(out: &mut String, trace: &crate::assessment::Trace, words: &Labels) {
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
