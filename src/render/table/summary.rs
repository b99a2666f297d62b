//! One assessment's first screen: the verdict, each check with its most
//! important finding, the channels to test first, what is unknown.

use super::*;

/// The first screen of one assessment: the verdict, each check with its
/// verdict and its most important finding, the channels to test first, and
/// what is unknown. `--detail` shows the rest.
pub(super) fn render_summary(out: &mut String, a: &Assessment, options: &TableOptions) {
    let words = labels(options.lang);
    let columns = usize::from(options.width);
    let colon = words.colon;
    verdict_lines(out, a, words, columns);
    out.push('\n');
    let name_width = a
        .checks
        .iter()
        .map(|c| layout::width(words.check_name(c.id)))
        .max()
        .unwrap_or(8);
    let verdict_width = [Verdict::Pass, Verdict::Warn, Verdict::Block]
        .map(|v| layout::width(words.verdict_word(v)) + 1)
        .into_iter()
        .max()
        .unwrap_or(6);
    let indent = " ".repeat(name_width + verdict_width + 4);
    for check in &a.checks {
        let key = words.key_finding(check);
        let first = format!(
            "{}  {}  ",
            layout::pad(words.check_name(check.id), name_width),
            coloured(
                &layout::pad(&compact_verdict(words, check), verdict_width),
                check.verdict,
                options.color
            )
        );
        for line in layout::wrap(&key, columns, &first, &indent) {
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out.push('\n');
    let channels: Vec<String> = a
        .channels
        .iter()
        .filter(|c| c.test_first)
        .map(|c| format!("{} {}%", c.name, c.share_pct))
        .collect();
    let mut lead = format!("{}{colon}{}", words.lead_channels, channels.join(" · "));
    if a.verdict == Verdict::Block {
        lead = format!("[{}] {lead}", words.blocked_mix);
    }
    for line in layout::wrap(&lead, columns, "", "  ") {
        let _ = writeln!(out, "{line}");
    }
    let missing: Vec<&str> = a
        .checks
        .iter()
        .flat_map(|c| c.not_evaluated.iter().flat_map(|n| n.missing.iter()))
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().copied().take(3).collect();
        let more = missing.len() - shown.len();
        let mut text = format!("{}{colon}{}", words.unknown_figures, shown.join(", "));
        if more > 0 {
            text.push_str(&crate::i18n::pick(
                options.lang,
                format!(" and {more} more"),
                format!(" 等另外 {more} 项"),
            ));
        }
        for line in layout::wrap(&text, columns, "", "  ") {
            let _ = writeln!(out, "{line}");
        }
    }
    if !a.waived.is_empty() {
        let rules: Vec<&str> = a.waived.iter().map(|w| w.rule.as_str()).collect();
        let text = format!(
            "{} ({}){colon}{}",
            words.waived,
            rules.len(),
            rules.join(", ")
        );
        for line in layout::wrap(&text, columns, "", "  ") {
            let _ = writeln!(out, "{line}");
        }
    }
    if let Some(changes) = &a.changes {
        let _ = writeln!(out, "{}", words.changes);
        for change in change_lines(changes, words) {
            for line in layout::wrap(&change, columns, "  ", "    ") {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    for line in layout::wrap(words.detail_hint, columns, "", "") {
        let _ = writeln!(out, "{line}");
    }
}

/// The assessment's name and its verdict line (what is incomplete, what was
/// not assessed), wrapped to the width.
pub(super) fn verdict_lines(out: &mut String, a: &Assessment, words: &Labels, columns: usize) {
    let product = a
        .product
        .as_ref()
        .map_or(words.no_product, |p| p.name.text());
    let title = format!("{} × {} × {}", a.market.name, a.industry.name, product);
    for line in layout::wrap(&title, columns, "", "  ") {
        let _ = writeln!(out, "{line}");
    }
    let mut verdict_line = format!(
        "{}{}{}",
        words.verdict,
        words.colon,
        words.verdict_word(a.verdict).to_uppercase()
    );
    if a.complete {
        let _ = write!(verdict_line, " · {}", words.complete);
    } else {
        let missing: Vec<&str> = a.incomplete_checks().map(|c| words.check_name(c)).collect();
        let _ = write!(
            verdict_line,
            " · {}{}{}",
            words.incomplete,
            words.colon,
            missing.join(words.comma)
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
            checks.join(words.comma)
        );
    }
    for line in layout::wrap(&verdict_line, columns, "", "  ") {
        let _ = writeln!(out, "{line}");
    }
}
