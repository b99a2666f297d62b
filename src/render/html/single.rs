//! The page of one assessment: header, check cards, the mix (chart and
//! table), budget, test plan, messaging, gate, changes since a baseline, and
//! sources.

use super::*;

pub(super) fn single(out: &mut String, a: &Assessment, report: &Report<'_>, words: &Labels) {
    let gate = report.gate;
    let verdict_changed = a.changes.as_ref().and_then(|c| c.verdict.as_ref());
    // Header.
    let _ = write!(
        out,
        "<header class=\"masthead\" id=\"summary\">\n<p class=\"eyebrow\">{}</p>\n<h1>{}</h1>\n",
        esc(words.report_title),
        title_parts(a, words)
    );
    let _ = writeln!(
        out,
        "<p class=\"ids\"><code>{}</code> × <code>{}</code>{}</p>",
        esc(&a.market.id),
        esc(&a.industry.id),
        a.product
            .as_ref()
            .map_or_else(String::new, |p| format!(" × <code>{}</code>", esc(&p.id))),
    );
    let _ = write!(
        out,
        "<div class=\"summary\">\n<div class=\"headline\"><span class=\"headline-label\">{}</span>\
         <span class=\"verdict-big strong-{v}\" data-verdict=\"{v}\"><span class=\"sym\" aria-hidden=\"true\">{s}</span>{w}</span>",
        esc(words.verdict),
        v = a.verdict.as_str(),
        s = symbol(a.verdict),
        w = esc(words.verdict_word(a.verdict)),
    );
    if let Some(moved) = verdict_changed {
        let _ = write!(out, "{}", change_mark(moved.from, words));
    }
    out.push_str("</div>\n<dl class=\"facts\">\n");
    let completeness = if a.complete {
        esc(words.complete)
    } else {
        let missing: Vec<String> = a
            .incomplete_checks()
            .map(|c| esc(words.check_name(c)))
            .collect();
        format!(
            "<span class=\"tag incomplete\">{}</span> {}",
            esc(words.incomplete),
            missing.join(", ")
        )
    };
    fact(out, words.completeness, &completeness);
    // What drives the verdict: each check with its most important finding.
    let drivers: Vec<String> = a
        .checks
        .iter()
        .map(|c| {
            format!(
                "<li data-check=\"{id}\"><b>{name}</b> {badge} {text}</li>",
                id = c.id.as_str(),
                name = esc(words.check_name(c.id)),
                badge = badge(c.verdict, words),
                text = esc(&words.key_finding(c)),
            )
        })
        .collect();
    fact(
        out,
        words.deciding,
        &format!("<ul class=\"drivers\">{}</ul>", drivers.concat()),
    );
    let lead: Vec<String> = a
        .channels
        .iter()
        .filter(|c| c.test_first)
        .map(|c| format!("{} <b>{}%</b>", esc(c.name.text()), c.share_pct))
        .collect();
    fact(
        out,
        words.lead_channels,
        &if lead.is_empty() {
            esc(words.none)
        } else {
            lead.join(" · ")
        },
    );
    fact(
        out,
        words.sources_title,
        &format!(
            "{} · {} {}",
            a.sources.len(),
            esc(words.oldest),
            esc(a.oldest_source_date.as_deref().unwrap_or(words.unknown))
        ),
    );
    out.push_str("</dl>\n</div>\n</header>\n");

    if let Some(gate) = gate {
        gate_section(out, gate, words);
    }
    if let Some(waivers) = report.waivers {
        waiver_section(out, waivers, words);
    }
    if let Some(changes) = &a.changes {
        let _ = write!(
            out,
            "<section id=\"changes\" aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">{}</h2>\n<ul class=\"changes\">\n",
            esc(words.changes)
        );
        for line in change_phrases(changes, a, words) {
            let _ = writeln!(out, "<li>{line}</li>");
        }
        out.push_str("</ul>\n</section>\n");
    }

    // The four checks.
    let _ = write!(
        out,
        "<section id=\"checks\" aria-labelledby=\"checks-h\">\n<h2 id=\"checks-h\">{}</h2>\n<div class=\"cards\">\n",
        esc(words.checks_title)
    );
    for check in &a.checks {
        let waived: Vec<&Waived> = a.waived.iter().filter(|w| w.check == check.id).collect();
        check_card(out, check, &waived, a.changes.as_ref(), words);
    }
    out.push_str("</div>\n</section>\n");

    mix_section(out, a, words);
    if a.budget.is_some() {
        budget_section(out, a, words);
    }
    if a.learning.is_some() || a.budget.as_ref().is_some_and(|b| b.allocation.is_some()) {
        learning_section(out, a, report.lang);
    }
    test_plan_section(out, a, words);
    messaging_section(out, a, words);
    sources_section(out, &a.sources, a.oldest_source_date.as_deref(), words);
}

pub(super) fn title_parts(a: &Assessment, words: &Labels) -> String {
    let product = a
        .product
        .as_ref()
        .map_or(words.no_product, |p| p.name.text());
    let times = "<span class=\"times\">×</span>";
    format!(
        "<span>{}</span> {times} <span>{}</span> {times} <span class=\"{}\">{}</span>",
        esc(a.market.name.text()),
        esc(a.industry.name.text()),
        if a.product.is_some() {
            "product"
        } else {
            "product none"
        },
        esc(product)
    )
}

pub(super) fn fact(out: &mut String, term: &str, html: &str) {
    let _ = writeln!(out, "<div><dt>{}</dt><dd>{html}</dd></div>", esc(term));
}

/// "Δ was pass", with the whole change in the tooltip.
pub(super) fn change_mark(from: Verdict, words: &Labels) -> String {
    format!(
        "<span class=\"delta\" title=\"{}: {} {}\"><span aria-hidden=\"true\">Δ</span> {} {}</span>",
        esc(words.changed_mark),
        esc(words.was),
        esc(words.verdict_word(from)),
        esc(words.was),
        esc(words.verdict_word(from))
    )
}

pub(super) fn check_card(
    out: &mut String,
    check: &CheckResult,
    waived: &[&Waived],
    changes: Option<&Changes>,
    words: &Labels,
) {
    let id = check.id.as_str();
    let _ = write!(
        out,
        "<article class=\"card check edge-{v}\" id=\"check-{id}\" data-check=\"{id}\" data-verdict=\"{v}\">\n\
         <header class=\"card-head\"><h3>{name}</h3>{badge}",
        v = check.verdict.as_str(),
        name = esc(words.check_name(check.id)),
        badge = badge(check.verdict, words)
    );
    if !check.complete {
        let _ = write!(
            out,
            "<span class=\"tag incomplete\">{}</span>",
            esc(words.incomplete)
        );
    }
    if let Some(moved) = changes.and_then(|c| c.checks.iter().find(|m| m.id == id)) {
        out.push_str(&change_mark(moved.from, words));
    }
    out.push_str("</header>\n");
    let mut findings: Vec<_> = check.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    if findings.is_empty() {
        let _ = writeln!(out, "<p class=\"nothing\">{}</p>", esc(words.nothing_found));
    } else {
        out.push_str("<ul class=\"findings\">\n");
        for f in findings {
            let _ = write!(
                out,
                "<li class=\"finding\" data-rule=\"{}\">{}<p class=\"msg\">{}</p>",
                esc(&f.rule),
                severity_tag(f.severity, words),
                esc(f.message.text())
            );
            if let Some(note) = crate::render::severity_note(f, words) {
                let _ = write!(
                    out,
                    "<p class=\"severity-set\">{}</p>",
                    esc(note.trim_start())
                );
            }
            out.push_str(&action_paragraph(f.action.as_ref()));
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    if !check.not_evaluated.is_empty() {
        let _ = write!(
            out,
            "<div class=\"gaps\"><p class=\"gaps-title\"><span class=\"tag incomplete\">{}</span> {}</p>\n<ul>\n",
            esc(words.incomplete),
            esc(words.not_evaluated)
        );
        for gap in &check.not_evaluated {
            let missing: Vec<String> = gap
                .missing
                .iter()
                .map(|m| format!("<code>{}</code>", esc(m)))
                .collect();
            let _ = writeln!(
                out,
                "<li><span class=\"rule\">{}</span> <span class=\"missing\">{}: {}</span></li>",
                esc(&gap.rule),
                esc(words.missing),
                missing.join(", ")
            );
        }
        out.push_str("</ul></div>\n");
    }
    if !check.not_applicable.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"needs-product\" title=\"{}\"><b>{}</b> {}</p>",
            esc(&check.not_applicable.join(", ")),
            check.not_applicable.len(),
            esc(words.needs_product)
        );
    }
    if !waived.is_empty() {
        let _ = write!(
            out,
            "<div class=\"waived\"><p class=\"waived-title\">{}</p>\n<ul>\n",
            esc(words.waived)
        );
        for w in waived {
            let _ = writeln!(
                out,
                "<li data-rule=\"{}\">{}</li>",
                esc(&w.rule),
                waived_text(w, words)
            );
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</article>\n");
}

pub(super) fn mix_section(out: &mut String, a: &Assessment, words: &Labels) {
    let _ = write!(
        out,
        "<section id=\"mix\" aria-labelledby=\"mix-h\">\n<h2 id=\"mix-h\">{}</h2>\n<p class=\"hint\">{}</p>\n",
        esc(words.channel_mix),
        esc(words.mix_hint)
    );
    if a.verdict == Verdict::Block {
        let _ = writeln!(
            out,
            "<p class=\"blocked\"><span class=\"sym\" aria-hidden=\"true\">✕</span>{}</p>",
            esc(words.blocked_mix)
        );
    }
    out.push_str("<figure class=\"figure\">\n");
    mix_chart(out, &a.channels, words);
    let _ = writeln!(
        out,
        "<figcaption>{} · <span class=\"star\">★</span> {}</figcaption>\n</figure>",
        esc(words.chart_scale),
        esc(words.test_first)
    );
    // The same numbers as a table, with the platforms and the reasons.
    let _ = write!(
        out,
        "<table class=\"data mix-table\">\n<thead><tr><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\" class=\"num\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        esc(words.rank),
        esc(words.channel),
        esc(words.share),
        esc(words.lead_channels),
        esc(words.platforms),
        esc(words.why)
    );
    for c in &a.channels {
        let mut why = format!(
            "{} {} × {} {}",
            esc(words.base_weight),
            format_number(c.weight),
            esc(words.market_fit),
            format_number(c.fit)
        );
        for (rule, factor) in &c.factors {
            let _ = write!(
                why,
                " × {} <span class=\"rule\">{}</span>",
                format_number(*factor),
                esc(rule)
            );
        }
        let star = if c.test_first {
            format!("<span class=\"star\">★ {}</span>", esc(words.test_first))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<tr data-channel=\"{id}\"><td class=\"num\">{rank}</td><th scope=\"row\">{swatch}{name}</th>\
             <td class=\"num\"><b>{share}%</b></td><td class=\"first-col\">{star}</td><td>{platforms}</td><td class=\"why\">{why}</td></tr>",
            id = c.id,
            rank = c.rank,
            swatch = swatch(channel_colour(c.id)),
            name = esc(c.name.text()),
            share = c.share_pct,
            platforms = if c.platforms.is_empty() {
                "<span class=\"quiet\">—</span>".to_string()
            } else {
                esc(&c.platforms.join(", "))
            },
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

pub(super) fn budget_section(out: &mut String, a: &Assessment, words: &Labels) {
    let Some(budget) = &a.budget else {
        return;
    };
    let _ = write!(
        out,
        "<section id=\"budget\" aria-labelledby=\"budget-h\">\n<h2 id=\"budget-h\">{} <span class=\"h-note\">{}</span></h2>\n",
        esc(words.budget),
        esc(&money(budget.amount, &budget.currency))
    );
    let _ = write!(
        out,
        "<table class=\"data budget-table\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>\
         <th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        esc(words.channel),
        esc(words.share),
        esc(words.budget),
        esc(words.installs),
        esc(words.benchmark)
    );
    for c in &a.channels {
        let estimate = budget.estimates.iter().find(|e| e.channel == c.id);
        let _ = writeln!(
            out,
            "<tr data-channel=\"{}\"><th scope=\"row\">{}</th><td class=\"num\">{}%</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            c.id,
            esc(c.name.text()),
            c.share_pct,
            c.budget
                .map_or_else(|| "—".to_string(), |b| esc(&money(b, &budget.currency))),
            c.expected_installs.map_or_else(
                || "<span class=\"quiet\">—</span>".to_string(),
                |n| {
                    let range = c.expected_installs_range.map_or_else(String::new, |r| {
                        format!(
                            " <span class=\"quiet\">({}–{})</span>",
                            thousands(r.low as u64),
                            thousands(r.high as u64)
                        )
                    });
                    format!("~{}{range}", thousands(n))
                }
            ),
            estimate.map_or_else(
                || "<span class=\"quiet\">—</span>".to_string(),
                |e| format!("USD {}", format_number(e.cpi_usd))
            ),
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr><th scope=\"row\">{}</th><td class=\"num\">100%</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td></td></tr></tfoot>\n</table>",
        esc(words.total),
        esc(&money(budget.amount, &budget.currency)),
        budget
            .expected_installs
            .map_or_else(|| "—".to_string(), |n| format!("~{}", thousands(n)))
    );
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(budget.note.text()));
    if !budget.estimates.is_empty() {
        let _ = write!(
            out,
            "<div class=\"basis\"><p class=\"basis-title\">{}</p>\n<ul>\n",
            esc(words.estimate_basis)
        );
        for e in &budget.estimates {
            let name = a
                .channels
                .iter()
                .find(|c| c.id == e.channel)
                .map_or_else(|| e.channel.to_string(), |c| c.name.to_string());
            let basis: Vec<String> = e
                .sources
                .iter()
                .map(|s| {
                    format!(
                        "{} <span class=\"date\">{}</span>",
                        source_link(s),
                        esc(&s.date)
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "<li><b>{}</b> USD {} — {}</li>",
                esc(&name),
                format_number(e.cpi_usd),
                if basis.is_empty() {
                    esc(words.unknown)
                } else {
                    basis.join("; ")
                }
            );
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</section>\n");
}

pub(super) fn test_plan_section(out: &mut String, a: &Assessment, words: &Labels) {
    let hint = words
        .test_plan
        .split_once('—')
        .map_or("", |(_, rest)| rest.trim_start_matches('—').trim());
    let _ = write!(
        out,
        "<section id=\"test-plan\" aria-labelledby=\"plan-h\">\n<h2 id=\"plan-h\">{}</h2>\n",
        esc(words.test_plan_title)
    );
    if !hint.is_empty() {
        let _ = writeln!(out, "<p class=\"hint\">{}</p>", esc(hint));
    }
    out.push_str("<ol class=\"plan\">\n");
    for (i, step) in a.test_plan.iter().enumerate() {
        let share = a
            .channels
            .iter()
            .find(|c| c.id == step.channel)
            .map_or(0, |c| c.share_pct);
        let _ = write!(
            out,
            "<li class=\"step\" data-channel=\"{}\"><span class=\"step-n\" aria-hidden=\"true\">{}</span>\
             <div><p class=\"step-name\">{} <span class=\"quiet\">{}%</span></p><p class=\"step-measure\"><span class=\"k\">{}</span> {}</p>",
            step.channel,
            i + 1,
            esc(step.name.text()),
            share,
            esc(words.measure),
            esc(step.measure.text())
        );
        if let (Some(budget), Some(amount)) = (&a.budget, step.test_budget) {
            let _ = write!(
                out,
                "<p class=\"step-budget\"><span class=\"k\">{}</span> {}</p>",
                esc(words.test_budget),
                esc(&money(amount, &budget.currency))
            );
        }
        out.push_str("</div></li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

pub(super) fn messaging_section(out: &mut String, a: &Assessment, words: &Labels) {
    let _ = write!(
        out,
        "<section id=\"messaging\" aria-labelledby=\"messaging-h\">\n<h2 id=\"messaging-h\">{}</h2>\n",
        esc(words.messaging)
    );
    if a.messaging.is_empty() {
        let _ = writeln!(out, "<p class=\"nothing\">{}</p>", esc(words.no_messaging));
    } else {
        out.push_str("<ul class=\"angles\">\n");
        for angle in &a.messaging {
            let _ = write!(
                out,
                "<li class=\"angle\" data-angle=\"{}\"><p class=\"angle-text\">{}</p>",
                esc(&angle.id),
                esc(angle.text.text())
            );
            if !angle.notes.is_empty() {
                out.push_str("<ul class=\"notes\">");
                for note in &angle.notes {
                    let _ = write!(out, "<li>{}</li>", esc(note.text()));
                }
                out.push_str("</ul>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// What changed since the baseline, one phrase per change, in the report's
/// language (the names of checks and channels included).
pub(super) fn change_phrases(changes: &Changes, a: &Assessment, words: &Labels) -> Vec<String> {
    if !changes.in_baseline {
        return vec![esc(words.not_in_baseline)];
    }
    if changes.is_empty() {
        return vec![esc(words.no_changes)];
    }
    let channel_name = |id: &str| {
        a.channels
            .iter()
            .find(|c| c.id.as_str() == id)
            .map_or_else(|| id.to_string(), |c| c.name.to_string())
    };
    let mut lines = Vec::new();
    if let Some(moved) = &changes.verdict {
        lines.push(format!(
            "<b>{}</b> {} → {}",
            esc(words.verdict_moved),
            badge(moved.from, words),
            badge(moved.to, words)
        ));
    }
    for check in &changes.checks {
        lines.push(format!(
            "<b>{}</b> {} → {}",
            esc(&check_label(&check.id, words)),
            badge(check.from, words),
            badge(check.to, words)
        ));
    }
    for f in &changes.findings_added {
        lines.push(format!(
            "<span class=\"plus\" aria-hidden=\"true\">+</span> {} <b>{}</b> <span class=\"rule\">{}</span>: {}",
            esc(words.finding_added),
            esc(&check_label(&f.check, words)),
            esc(&f.rule),
            esc(f.message.text())
        ));
    }
    for f in &changes.findings_removed {
        lines.push(format!(
            "<span class=\"minus\" aria-hidden=\"true\">−</span> {} <b>{}</b> <span class=\"rule\">{}</span>: {}",
            esc(words.finding_removed),
            esc(&check_label(&f.check, words)),
            esc(&f.rule),
            esc(f.message.text())
        ));
    }
    for f in &changes.findings_changed {
        lines.push(format!(
            "<span class=\"changed\" aria-hidden=\"true\">~</span> {} <b>{}</b> <span class=\"rule\">{}</span>: {} → {}",
            esc(words.finding_changed),
            esc(&check_label(&f.check, words)),
            esc(&f.rule),
            esc(f.from.text()),
            esc(f.to.text())
        ));
    }
    for s in &changes.shares {
        lines.push(format!(
            "{} <b>{}</b> {}% → {}%",
            esc(words.share_moved),
            esc(&channel_name(&s.channel)),
            s.from,
            s.to
        ));
    }
    lines
}

// ---------------------------------------------------------------------------
// Several assessments.
