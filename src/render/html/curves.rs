//! The learning loop on the page: what `--results` taught each channel and the
//! response curves of the `--budget` allocation — one small chart per channel,
//! the expected outcome against spend with its range shaded, the proportional
//! spend marked dashed and the optimised spend solid.

use super::*;
use crate::Lang;
use crate::assessment::{Allocation, ChannelAllocation, Objective};

const W: f64 = 300.0;
const H: f64 = 150.0;
const PAD: f64 = 34.0;

/// The learning and allocation text (the same lines as the table), then the curves.
pub(super) fn learning_section(out: &mut String, a: &Assessment, lang: Lang) {
    let lines: Vec<(usize, String)> = crate::render::learning::learning_lines(a, lang)
        .into_iter()
        .chain(crate::render::learning::allocation_lines(a, lang))
        .collect();
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "<section id=\"learning\" class=\"learning\">");
    let mut open = false;
    for (depth, text) in &lines {
        if *depth == 0 {
            if open {
                let _ = writeln!(out, "</ul>");
            }
            let _ = writeln!(out, "<h2>{}</h2>\n<ul>", esc(text));
            open = true;
        } else {
            let class = if *depth == 2 { " class=\"note\"" } else { "" };
            let _ = writeln!(out, "<li{class}>{}</li>", esc(text));
        }
    }
    if open {
        let _ = writeln!(out, "</ul>");
    }
    if let Some(allocation) = a.budget.as_ref().and_then(|b| b.allocation.as_ref()) {
        let currency = a.budget.as_ref().map_or("USD", |b| b.currency.as_str());
        let _ = writeln!(out, "<div class=\"curves\">");
        for channel in &allocation.channels {
            curve_chart(out, allocation, channel, currency, lang);
        }
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "</section>");
}

fn curve_chart(
    out: &mut String,
    allocation: &Allocation,
    channel: &ChannelAllocation,
    currency: &str,
    lang: Lang,
) {
    let Some(response) = channel.response else {
        return;
    };
    let curve = crate::mix::curves::Curve {
        elasticity: response.elasticity,
        elasticity_range: response.elasticity_range,
        fitted: response.fitted,
        cpi: response.cpi_usd,
        cpi_range: response.cpi_range,
        at_spend: response.at_spend_usd,
        retention: None,
    };
    let weight = match (
        allocation.objective,
        &channel.retained_users,
        &channel.installs,
    ) {
        (Objective::RetainedUsers, Some(r), Some(i)) if i.mid > 0.0 => r.mid / i.mid,
        _ => 1.0,
    };
    // Spend on the page is in the budget's currency; the curve's in USD.
    let per_usd = allocation.units_per_usd;
    let max_spend = (channel.optimised.max(channel.proportional) * 2.0).max(1.0);
    let max_value = weight * curve.expected(max_spend / per_usd).high.max(1e-9);
    let x = |spend: f64| PAD + spend / max_spend * (W - PAD - 8.0);
    let y = |value: f64| H - PAD + 8.0 - value / max_value * (H - PAD - 4.0);
    let points = |pick: &dyn Fn(crate::assessment::Expected) -> f64| -> Vec<(f64, f64)> {
        (0..=40)
            .map(|i| {
                let spend = max_spend * f64::from(i) / 40.0;
                (x(spend), y(weight * pick(curve.expected(spend / per_usd))))
            })
            .collect()
    };
    let path = |p: &[(f64, f64)]| {
        p.iter()
            .map(|(a, b)| format!("{},{}", n(*a), n(*b)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let high = points(&|e| e.high);
    let mut low = points(&|e| e.low);
    low.reverse();
    let band: Vec<(f64, f64)> = high.iter().chain(low.iter()).copied().collect();
    let mid = points(&|e| e.mid);
    let what = match (allocation.objective, lang) {
        (Objective::RetainedUsers, Lang::En) => "retained users",
        (Objective::RetainedUsers, Lang::Zh) => "留存用户",
        (Objective::Installs, Lang::En) => "installs",
        (Objective::Installs, Lang::Zh) => "安装量",
    };
    let title = format!("{} — {what}", channel.channel);
    let marker = |spend: f64, dashed: bool, label: &str| {
        format!(
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"{INK}\" stroke-width=\"1.5\"{dash}/><text x=\"{tx}\" y=\"{ty}\" font-size=\"10\">{label}</text>",
            x = n(x(spend)),
            top = n(8.0),
            bottom = n(H - PAD + 8.0),
            dash = if dashed {
                " stroke-dasharray=\"4 3\""
            } else {
                ""
            },
            tx = n(x(spend) + 3.0),
            ty = n(if dashed { 18.0 } else { 30.0 }),
            label = esc(label),
        )
    };
    let _ = writeln!(
        out,
        "<figure class=\"curve\" data-channel=\"{id}\"><svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>\
         <polygon points=\"{band}\" fill=\"{INFO_BG}\" stroke=\"{LINE}\" data-band=\"range\"/>\
         <polyline points=\"{mid}\" fill=\"none\" stroke=\"{ACCENT}\" stroke-width=\"2\" data-line=\"expected\"/>\
         <line x1=\"{PAD}\" y1=\"{base}\" x2=\"{right}\" y2=\"{base}\" stroke=\"{LINE}\"/>\
         {prop}{opt}</svg><figcaption>{t}: {currency} 0–{max}</figcaption></figure>",
        id = esc(channel.channel.as_str()),
        w = n(W),
        h = n(H),
        t = esc(&title),
        band = path(&band),
        mid = path(&mid),
        base = n(H - PAD + 8.0),
        right = n(W - 8.0),
        prop = marker(
            channel.proportional,
            true,
            crate::i18n::pick(lang, "proportional", "按份额")
        ),
        opt = marker(
            channel.optimised,
            false,
            crate::i18n::pick(lang, "optimised", "优化后")
        ),
        max = esc(&thousands(max_spend.round() as u64)),
    );
}
