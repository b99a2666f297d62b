//! The page of several assessments: the heat-map of verdicts, one stacked bar
//! per combination on a shared legend, their warn and block findings, and the
//! sources of them all.

use super::*;

pub(super) fn combination_name(a: &Assessment) -> String {
    match &a.product {
        Some(p) => format!("{} × {} × {}", a.market.name, a.industry.name, p.name),
        None => format!("{} × {}", a.market.name, a.industry.name),
    }
}

pub(super) fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

pub(super) fn batch(out: &mut String, all: &[Assessment], report: &Report<'_>, words: &Labels) {
    let gate = report.gate;
    let markets = distinct(all.iter().map(|a| a.market.name.text()));
    let industries = distinct(all.iter().map(|a| a.industry.name.text()));
    let products = distinct(
        all.iter()
            .filter_map(|a| a.product.as_ref())
            .map(|p| p.name.text()),
    );
    let _ = write!(
        out,
        "<header class=\"masthead\" id=\"summary\">\n<p class=\"eyebrow\">{}</p>\n<h1>{} {}</h1>\n<dl class=\"scope\">\n",
        esc(words.comparison_title),
        all.len(),
        esc(words.combinations)
    );
    fact(out, words.market, &esc(&markets.join(" · ")));
    fact(out, words.industry, &esc(&industries.join(" · ")));
    fact(
        out,
        words.product,
        &if products.is_empty() {
            esc(words.no_product)
        } else {
            esc(&products.join(" · "))
        },
    );
    out.push_str("</dl>\n<div class=\"summary\">\n<ul class=\"tally\">\n");
    for verdict in [Verdict::Block, Verdict::Warn, Verdict::Pass] {
        let count = all.iter().filter(|a| a.verdict == verdict).count();
        let _ = writeln!(
            out,
            "<li class=\"tally-{v}\"><span class=\"count\">{count}</span>{}</li>",
            badge(verdict, words),
            v = verdict.as_str()
        );
    }
    let incomplete = all.iter().filter(|a| !a.complete).count();
    let _ = writeln!(
        out,
        "<li><span class=\"count\">{incomplete}</span><span class=\"tag incomplete\">{}</span></li>\n</ul>",
        esc(words.incomplete)
    );
    out.push_str("</div>\n</header>\n");
    if let Some(gate) = gate {
        gate_section(out, gate, words);
    }
    if let Some(waivers) = report.waivers {
        waiver_section(out, waivers, words);
    }
    heat_map(out, all, words);
    if all.iter().any(|a| a.changes.is_some()) {
        let _ = write!(
            out,
            "<section id=\"changes\" aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">{}</h2>\n<dl class=\"change-list\">\n",
            esc(words.changes)
        );
        for a in all {
            if let Some(changes) = &a.changes {
                let _ = write!(out, "<div><dt>{}</dt><dd><ul>", esc(&combination_name(a)));
                for line in change_phrases(changes, a, words) {
                    let _ = write!(out, "<li>{line}</li>");
                }
                out.push_str("</ul></dd></div>\n");
            }
        }
        out.push_str("</dl>\n</section>\n");
    }
    small_multiples(out, all, words);
    findings_by_combination(out, all, words);
    let mut union: Vec<SourceRef> = Vec::new();
    for a in all {
        for s in &a.sources {
            if !union.contains(s) {
                union.push(s.clone());
            }
        }
    }
    let oldest = all
        .iter()
        .filter_map(|a| a.oldest_source_date.as_deref())
        .min();
    sources_section(out, &union, oldest, words);
}

/// The name of each channel the assessments mix, as they give it (an overlay
/// may rename a channel; the page never reads profiles itself).
pub(super) fn channel_names(all: &[Assessment]) -> BTreeMap<ChannelId, String> {
    let mut names: BTreeMap<ChannelId, String> = BTreeMap::new();
    for a in all {
        for c in &a.channels {
            names.entry(c.id).or_insert_with(|| c.name.to_string());
        }
    }
    names
}

pub(super) fn small_multiples(out: &mut String, all: &[Assessment], words: &Labels) {
    let names = channel_names(all);
    let _ = write!(
        out,
        "<section id=\"small-multiples\" aria-labelledby=\"multiples-h\">\n<h2 id=\"multiples-h\">{}</h2>\n<p class=\"hint\">{}</p>\n",
        esc(words.mix_by_combination),
        esc(words.mix_hint)
    );
    let _ = writeln!(
        out,
        "<div class=\"legend\" role=\"list\" aria-label=\"{}\">",
        esc(words.legend)
    );
    for (id, colour) in CHANNEL_COLOURS {
        if let Some(name) = names.get(&id) {
            let _ = writeln!(
                out,
                "<span class=\"legend-item\" role=\"listitem\" data-channel=\"{id}\">{}{}</span>",
                swatch(colour),
                esc(name)
            );
        }
    }
    out.push_str("</div>\n<div class=\"multiples\">\n");
    for (i, a) in all.iter().enumerate() {
        let shares_moved = a.changes.as_ref().is_some_and(|c| !c.shares.is_empty());
        let _ = write!(
            out,
            "<figure class=\"multiple\" data-combination=\"{label}\">\n<figcaption><span class=\"combo\">{name}</span>",
            label = esc(&a.label()),
            name = esc(&combination_name(a)),
        );
        if shares_moved {
            let _ = write!(
                out,
                " <span class=\"delta\" title=\"{}\"><span aria-hidden=\"true\">Δ</span></span>",
                esc(words.changed_mark)
            );
        }
        out.push_str("</figcaption>\n");
        stacked_bar(out, i, a, &names, words);
        out.push_str("</figure>\n");
    }
    out.push_str("</div>\n");
    // The same numbers as a table.
    let shown: Vec<ChannelId> = CHANNEL_IDS
        .into_iter()
        .filter(|id| {
            all.iter()
                .any(|a| a.channels.iter().any(|c| c.id == *id && c.share_pct > 0))
        })
        .collect();
    let _ = write!(
        out,
        "<table class=\"data shares\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th>",
        esc(words.shares_table),
        esc(words.combination)
    );
    for id in &shown {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"num\" data-channel=\"{id}\">{}{}</th>",
            swatch(channel_colour(*id)),
            esc(names.get(id).map_or(id.as_str(), String::as_str))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for a in all {
        let _ = write!(
            out,
            "<tr data-combination=\"{}\"><th scope=\"row\">{}</th>",
            esc(&a.label()),
            esc(&combination_name(a))
        );
        for id in &shown {
            match a.channels.iter().find(|c| c.id == *id) {
                Some(c) if c.test_first => {
                    let _ = write!(
                        out,
                        "<td class=\"num\"><b>{}</b><span class=\"star\" title=\"{}\">★</span></td>",
                        c.share_pct,
                        esc(words.test_first)
                    );
                }
                Some(c) => {
                    let _ = write!(out, "<td class=\"num\">{}</td>", c.share_pct);
                }
                None => out.push_str("<td class=\"num quiet\">—</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n<p class=\"hint small\"><span class=\"star\">★</span> {} · {}</p>\n</section>",
        esc(words.test_first),
        esc(words.chart_scale)
    );
}

pub(super) fn findings_by_combination(out: &mut String, all: &[Assessment], words: &Labels) {
    // The same finding (rule, message, action) often holds for several
    // combinations (a market's network, say): list it once, with where it holds.
    struct Shared<'a> {
        check: Check,
        finding: &'a crate::assessment::Finding,
        combinations: Vec<&'a Assessment>,
    }
    let mut shared: Vec<Shared<'_>> = Vec::new();
    for a in all {
        for check in &a.checks {
            for f in check
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warn)
            {
                match shared.iter_mut().find(|s| {
                    s.finding.rule == f.rule
                        && s.finding.message == f.message
                        && s.finding.action == f.action
                }) {
                    Some(s) => s.combinations.push(a),
                    None => shared.push(Shared {
                        check: check.id,
                        finding: f,
                        combinations: vec![a],
                    }),
                }
            }
        }
    }
    shared.sort_by_key(|s| {
        (
            Check::ALL.iter().position(|c| *c == s.check),
            std::cmp::Reverse(s.finding.severity),
        )
    });
    let _ = write!(
        out,
        "<section id=\"findings\" aria-labelledby=\"findings-h\">\n<h2 id=\"findings-h\">{}</h2>\n",
        esc(words.key_findings)
    );
    if shared.is_empty() {
        let _ = writeln!(out, "<p class=\"nothing\">{}</p>", esc(words.nothing_found));
    } else {
        let _ = write!(
            out,
            "<table class=\"data shared-findings\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            esc(words.check),
            esc(words.finding_action),
            esc(words.applies_to)
        );
        for s in &shared {
            let f = s.finding;
            let _ = write!(
                out,
                "<tr class=\"finding\" data-rule=\"{}\"><td class=\"check-col\">{}<span class=\"check-name\">{}</span></td><td><p class=\"msg\">{}</p>",
                esc(&f.rule),
                severity_tag(f.severity, words),
                esc(words.check_name(s.check)),
                esc(f.message.text())
            );
            out.push_str(&action_paragraph(f.action.as_ref()));
            out.push_str("</td><td class=\"where\">");
            for a in &s.combinations {
                let _ = write!(
                    out,
                    "<span class=\"chip\" title=\"{}\">{}</span>",
                    esc(&combination_name(a)),
                    esc(&a.label())
                );
            }
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let waived: Vec<(&Assessment, &Waived)> = all
        .iter()
        .flat_map(|a| a.waived.iter().map(move |w| (a, w)))
        .collect();
    if !waived.is_empty() {
        let _ = write!(
            out,
            "<div class=\"waived\"><p class=\"waived-title\">{}</p>\n<ul>\n",
            esc(words.waived)
        );
        for (a, w) in waived {
            let _ = writeln!(
                out,
                "<li data-rule=\"{}\"><span class=\"chip\" title=\"{}\">{}</span> {}</li>",
                esc(&w.rule),
                esc(&combination_name(a)),
                esc(&a.label()),
                waived_text(w, words)
            );
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</section>\n");
}

// ---------------------------------------------------------------------------
// The style sheet.
