//! Several assessments in one view: a row per combination with its verdicts,
//! the finding that decides it and the channels to test first.

use super::*;

/// Several assessments, one row each, fitted to the width: the verdict of each
/// check (`?` incomplete, `*` differs from the first row), then the deciding
/// finding and the channels to test first, wrapped under the row.
pub(super) fn render_comparison(
    out: &mut String,
    assessments: &[Assessment],
    options: &TableOptions,
) {
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
        let deciding = a
            .deciding_finding()
            .map(|(check, f)| (check, f.message.to_string()))
            .map_or_else(
                || words.nothing_decisive.to_string(),
                |(check, message)| {
                    let colon = words.colon;
                    format!("{}{colon}{message}", words.check_name(check))
                },
            );
        for text in layout::wrap(&deciding, columns, "  ↳ ", "    ") {
            let _ = writeln!(out, "{text}");
        }
        let colon = words.colon;
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
pub(super) fn row_name(a: &Assessment, all: &[Assessment]) -> String {
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
