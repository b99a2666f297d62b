//! `assess rank --format html`: the order at a glance. One row per market in
//! rank order, its verdict as a coloured badge with its word, and two bars —
//! people online (longer is more) and cost per install (longer costs more) —
//! each exactly `value / largest × scale width` long, with the number beside
//! it and "unknown" where a source is missing; the reasons under each row.

use super::*;
use crate::Lang;
use crate::assessment::{RankKey, Ranking};
use crate::i18n::pick;

/// The width of a full bar, px (`data-scale-width`).
const SCALE: f64 = 160.0;

fn bar(value: Option<f64>, largest: f64, label: &str, unknown: &str, key: RankKey) -> String {
    let key = super::super::ranking::id_of(key);
    match value {
        Some(value) if largest > 0.0 => {
            let length = value / largest * SCALE;
            format!(
                "<svg class=\"rank-bar\" width=\"{w}\" height=\"12\" role=\"img\" aria-label=\"{l}\" data-key=\"{key}\" data-value=\"{v}\" data-scale-width=\"{w}\"><rect x=\"0\" y=\"1\" width=\"{len}\" height=\"10\" rx=\"2\" fill=\"{ACCENT}\"/></svg> <span>{l}</span>",
                w = n(SCALE),
                len = n(length),
                v = n(value),
                l = esc(label),
            )
        }
        _ => format!(
            "<span class=\"quiet\" data-key=\"{key}\">{}</span>",
            esc(unknown)
        ),
    }
}

pub fn render_ranking_html(ranking: &Ranking, lang: Lang) -> String {
    let words = labels(lang);
    let title = super::super::ranking::order_title(ranking, lang);
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"assess {version}\">\n\
         <title>{title}</title>\n<style>\n{css}\
         .rank-table td {{ vertical-align: top; }}\n.rank-why {{ margin: 4px 0 0; padding-left: 18px; color: {MUTED}; font-size: 12.5px; }}\n\
         </style>\n</head>\n<body>\n<main class=\"page\">\n",
        code = lang.code(),
        version = env!("CARGO_PKG_VERSION"),
        title = esc(&title),
        css = css(),
    );
    let _ = writeln!(
        out,
        "<header class=\"masthead\"><p class=\"eyebrow\">assess rank</p><h1>{}</h1><p class=\"ids\">{}</p></header>",
        esc(&title),
        esc(&super::super::ranking::order_line(ranking, lang))
    );
    let largest = |f: &dyn Fn(&crate::assessment::RankedMarket) -> Option<f64>| {
        ranking.markets.iter().filter_map(f).fold(0.0, f64::max)
    };
    let most_people = largest(&|m| m.audience.as_ref().map(|a| a.people as f64));
    let dearest = largest(&|m| m.cost_per_install.as_ref().map(|c| c.usd));
    let _ = writeln!(
        out,
        "<section><table class=\"rank-table\"><caption>{}</caption>\n<thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        esc(&title),
        esc(words.market),
        esc(RankKey::Verdict.name().get(lang)),
        esc(RankKey::Complete.name().get(lang)),
        esc(RankKey::WarnFindings.name().get(lang)),
        esc(RankKey::Audience.name().get(lang)),
        esc(RankKey::CostPerInstall.name().get(lang)),
    );
    for m in &ranking.markets {
        let people = m.audience.as_ref().map(|a| {
            (
                a.people as f64,
                format!(
                    "{} {}",
                    crate::rank::people(a.people, lang),
                    a.counts.get(lang)
                ),
            )
        });
        let cost = m
            .cost_per_install
            .as_ref()
            .map(|c| (c.usd, format!("${:.2} ({})", c.usd, c.category)));
        let unknown = pick(lang, "unknown", "未知");
        let reasons: String = m
            .reasons
            .iter()
            .map(|r| format!("<li>{}</li>", esc(r.get(lang))))
            .collect();
        let _ = writeln!(
            out,
            "<tr data-market=\"{id}\" data-rank=\"{rank}\"><td>{rank}</td><td><strong>{name}</strong> <code>{id}</code><ul class=\"rank-why\">{reasons}</ul></td><td>{badge}</td><td>{complete}</td><td>{warns}</td><td>{people}</td><td>{cost}</td></tr>",
            id = esc(&m.market.id),
            rank = m.rank,
            name = esc(m.market.name.get(lang)),
            badge = badge(m.verdict, words),
            complete = esc(&crate::rank::value(RankKey::Complete, m, lang)),
            warns = m.warns.len(),
            people = bar(
                people.as_ref().map(|p| p.0),
                most_people,
                people.as_ref().map_or("", |p| p.1.as_str()),
                unknown,
                RankKey::Audience
            ),
            cost = bar(
                cost.as_ref().map(|c| c.0),
                dearest,
                cost.as_ref().map_or("", |c| c.1.as_str()),
                unknown,
                RankKey::CostPerInstall
            ),
        );
    }
    let _ = writeln!(out, "</tbody></table></section>");
    if let Some(rollout) = &ranking.rollout {
        let _ = writeln!(
            out,
            "<section><h2>{}</h2><p>{}</p><ul>",
            esc(pick(lang, "Rollout", "推广节奏")),
            esc(rollout.summary.get(lang))
        );
        for wave in &rollout.waves {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong>: {} <span class=\"quiet\">({})</span></li>",
                esc(wave.name.get(lang)),
                esc(&wave.markets.join(", ")),
                esc(wave.because.get(lang))
            );
        }
        let _ = writeln!(out, "</ul></section>");
    }
    if let Some(moves) = &ranking.moves {
        let _ = writeln!(out, "<section><ul>");
        for step in moves {
            let _ = writeln!(
                out,
                "<li>{}</li>",
                esc(&super::super::ranking::move_line(step, lang))
            );
        }
        let _ = writeln!(out, "</ul></section>");
    }
    let _ = write!(
        out,
        "<footer class=\"colophon\"><p>{} assess {}</p></footer>\n</main>\n</body>\n</html>\n",
        esc(words.generated_by),
        env!("CARGO_PKG_VERSION"),
    );
    out
}
