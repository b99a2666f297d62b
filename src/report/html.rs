//! `--format html`: one self-contained page (inline CSS and SVG, no scripts, no
//! fonts, no network) with the verdicts at a glance and the mix as a chart.
//!
//! One assessment gets a header, the four check cards, the channel mix as a
//! horizontal bar chart (with a table beside it), the budget, the test plan,
//! the messaging angles, the gate, the changes since a baseline and the
//! sources. Several get a heat-map of verdicts, one stacked bar of the mix per
//! combination on a shared colour legend, their warn and block findings, and
//! the sources of them all.
//!
//! Charts are honest: a bar is exactly `share / 100 × scale width` long (the
//! scale width is stated on each chart as `data-scale-width`), verdicts carry
//! words as well as colours, every chart has a title, a description and a
//! table with the same numbers, and every text colour passes WCAG AA on its
//! background (a unit test computes the ratios).

use super::labels::{Labels, labels};
use super::{Report, money, thousands};
use crate::Lang;
use crate::assess::SourceRef;
use crate::assess::{Assessment, ChannelShare, CheckResult, Verdict, Waived};
use crate::baseline::Changes;
use crate::engine::format_number;
use crate::gate::Gate;
use crate::model::{CHANNEL_IDS, ChannelId, Check, Severity};
use std::collections::BTreeMap;
use std::fmt::Write;

// ---------------------------------------------------------------------------
// Colours. Every colour the page uses is named here; the CSS refers to them as
// `%name%`, and the tests check that no other colour appears and that every
// text colour passes WCAG AA (4.5:1) on every background it is set on.

const WHITE: &str = "#ffffff";
const BACKDROP: &str = "#e9edf2";
const INK: &str = "#0f172a";
const MUTED: &str = "#475569";
const SUBTLE: &str = "#64748b";
const ACCENT: &str = "#1d4ed8";
const HAIRLINE: &str = "#e2e8f0";
const LINE: &str = "#cbd5e1";
const WASH: &str = "#f8fafc";
const CHIP: &str = "#f1f5f9";
const CHIP_INK: &str = "#334155";
const CHANGE: &str = "#6d28d9";
const INFO_FG: &str = "#075985";
const INFO_BG: &str = "#e0f2fe";

/// The colours of one verdict: text on a light fill (cells, badges), white on
/// a strong fill (the headline verdict), and an edge (card borders).
struct Tone {
    fg: &'static str,
    bg: &'static str,
    strong: &'static str,
    edge: &'static str,
}

const PASS: Tone = Tone {
    fg: "#14532d",
    bg: "#dcfce7",
    strong: "#15803d",
    edge: "#16a34a",
};
const WARN: Tone = Tone {
    fg: "#78350f",
    bg: "#fef3c7",
    strong: "#b45309",
    edge: "#d97706",
};
const BLOCK: Tone = Tone {
    fg: "#7f1d1d",
    bg: "#fee2e2",
    strong: "#b91c1c",
    edge: "#dc2626",
};

/// One fixed colour per channel, the same in every chart; white text on each
/// passes AA.
pub const CHANNEL_COLOURS: [(ChannelId, &str); 11] = [
    (ChannelId::PerformanceAds, "#1d4ed8"),
    (ChannelId::SocialMedia, "#c2410c"),
    (ChannelId::Creators, "#7e22ce"),
    (ChannelId::LiveHosts, "#be123c"),
    (ChannelId::LivePlatforms, "#a21caf"),
    (ChannelId::Referral, "#15803d"),
    (ChannelId::Community, "#0e7490"),
    (ChannelId::ContentSeo, "#4d7c0f"),
    (ChannelId::Brand, "#92400e"),
    (ChannelId::AppStore, "#475569"),
    (ChannelId::Partnerships, "#1e3a8a"),
];

pub fn channel_colour(id: ChannelId) -> &'static str {
    CHANNEL_COLOURS
        .iter()
        .find(|(c, _)| *c == id)
        .map_or(SUBTLE, |(_, colour)| colour)
}

/// The names the CSS template uses, and their colours.
fn palette() -> Vec<(&'static str, &'static str)> {
    vec![
        ("white", WHITE),
        ("backdrop", BACKDROP),
        ("ink", INK),
        ("muted", MUTED),
        ("subtle", SUBTLE),
        ("accent", ACCENT),
        ("hairline", HAIRLINE),
        ("line", LINE),
        ("wash", WASH),
        ("chip", CHIP),
        ("chip-ink", CHIP_INK),
        ("change", CHANGE),
        ("info-fg", INFO_FG),
        ("info-bg", INFO_BG),
        ("pass-fg", PASS.fg),
        ("pass-bg", PASS.bg),
        ("pass-strong", PASS.strong),
        ("pass-edge", PASS.edge),
        ("warn-fg", WARN.fg),
        ("warn-bg", WARN.bg),
        ("warn-strong", WARN.strong),
        ("warn-edge", WARN.edge),
        ("block-fg", BLOCK.fg),
        ("block-bg", BLOCK.bg),
        ("block-strong", BLOCK.strong),
        ("block-edge", BLOCK.edge),
    ]
}

/// Every (text, background) pair the page sets, for the contrast test.
pub fn text_pairs() -> Vec<(String, &'static str, &'static str)> {
    let mut pairs: Vec<(String, &'static str, &'static str)> = vec![
        ("body text".into(), INK, WHITE),
        ("secondary text".into(), MUTED, WHITE),
        ("secondary text on a panel".into(), MUTED, WASH),
        ("body text on a panel".into(), INK, WASH),
        ("axis labels, separators".into(), SUBTLE, WHITE),
        ("links, eyebrow, test-first mark".into(), ACCENT, WHITE),
        ("code and tags".into(), CHIP_INK, CHIP),
        ("info severity".into(), INFO_FG, INFO_BG),
        ("change mark".into(), CHANGE, WHITE),
        ("test-plan step numbers".into(), WHITE, ACCENT),
        ("added finding mark".into(), PASS.fg, WHITE),
        ("removed finding mark".into(), BLOCK.fg, WHITE),
    ];
    for (name, t) in [("pass", &PASS), ("warn", &WARN), ("block", &BLOCK)] {
        pairs.push((format!("{name} cell"), t.fg, t.bg));
        pairs.push((format!("{name} headline"), WHITE, t.strong));
        pairs.push((format!("change mark in a {name} cell"), CHANGE, t.bg));
    }
    for (id, colour) in CHANNEL_COLOURS {
        pairs.push((format!("share on {id}"), WHITE, colour));
    }
    pairs
}

// ---------------------------------------------------------------------------
// Geometry of the charts (SVG user units).

/// The mix chart: channel names, then the bars (100% = `MIX_SCALE`), then the
/// value and the test-first mark.
const MIX_LABEL: f64 = 280.0;
const MIX_SCALE: f64 = 500.0;
const MIX_RIGHT: f64 = 160.0;
const MIX_TOP: f64 = 24.0;
const MIX_BAR: f64 = 18.0;

/// One stacked bar per combination: 100% = `STACK_SCALE`.
const STACK_SCALE: f64 = 600.0;
const STACK_HEIGHT: f64 = 26.0;

/// `share / 100 × scale`: the one formula every bar length comes from.
pub fn bar_length(share_pct: u32, scale: f64) -> f64 {
    f64::from(share_pct) / 100.0 * scale
}

/// A coordinate, with at most three decimals and no trailing zeros.
fn n(x: f64) -> String {
    let text = format!("{x:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

// ---------------------------------------------------------------------------

/// Renders the report as one HTML document.
pub fn render_html(report: &Report<'_>) -> String {
    let words = labels(report.lang);
    let lang = match report.lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    };
    let title = match report.assessments {
        [one] => format!("{} — {}", heading(one, words), words.report_title),
        many => format!(
            "{} — {} {}",
            words.comparison_title,
            many.len(),
            words.combinations
        ),
    };
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"assess {version}\">\n\
         <title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n<main class=\"page\">\n",
        version = env!("CARGO_PKG_VERSION"),
        title = esc(&title),
        css = css(),
    );
    match report.assessments {
        [one] => single(&mut out, one, report, words),
        many => batch(&mut out, many, report, words),
    }
    let _ = write!(
        out,
        "<footer class=\"colophon\"><p>{} assess {} · {}</p></footer>\n</main>\n</body>\n</html>\n",
        esc(words.generated_by),
        env!("CARGO_PKG_VERSION"),
        esc(words.details_hint)
    );
    out
}

/// Text safe inside HTML elements and attributes.
pub fn escape(text: &str) -> String {
    super::escape_markup(text)
}

fn esc(text: &str) -> String {
    escape(text)
}

fn heading(a: &Assessment, words: &Labels) -> String {
    let product = a
        .product
        .as_ref()
        .map_or(words.no_product, |p| p.name.as_str());
    format!("{} × {} × {}", a.market.name, a.industry.name, product)
}

// ---------------------------------------------------------------------------
// Small pieces.

fn symbol(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::NotAssessed => "–",
        Verdict::Pass => "✓",
        Verdict::Warn => "!",
        Verdict::Block => "✕",
    }
}

/// A verdict as a pill: symbol and word, coloured.
fn badge(verdict: Verdict, words: &Labels) -> String {
    format!(
        "<span class=\"badge v-{v}\" data-verdict=\"{v}\"><span class=\"sym\" aria-hidden=\"true\">{s}</span>{w}</span>",
        v = verdict.as_str(),
        s = symbol(verdict),
        w = esc(words.verdict_word(verdict))
    )
}

fn severity_tag(severity: Severity, words: &Labels) -> String {
    let class = match severity {
        Severity::Info => "info",
        Severity::Warn => "warn",
        Severity::Block => "block",
    };
    format!(
        "<span class=\"sev sev-{class}\">{}</span>",
        esc(words.severity_word(severity))
    )
}

fn check_of(id: &str) -> Option<Check> {
    Check::parse(id)
}

fn check_label(id: &str, words: &Labels) -> String {
    check_of(id).map_or_else(|| id.to_string(), |c| words.check_name(c).to_string())
}

/// A link only for web addresses; anything else (a `javascript:` URL in a
/// user's profile, say) stays text.
fn source_link(source: &SourceRef) -> String {
    match source.url.as_deref() {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => format!(
            "<a href=\"{}\">{}</a> <span class=\"host\">{}</span>",
            esc(url),
            esc(&source.title),
            esc(host(url))
        ),
        _ => format!("<span class=\"title\">{}</span>", esc(&source.title)),
    }
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// Estimated width of `text` at `size` px, in a wide sans-serif (DejaVu Sans,
/// the widest of the usual system fonts; bold adds an eighth): CJK and
/// full-width characters one em. A generous guess, so that labels wrap rather
/// than overflow.
fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| {
            if is_wide(c) {
                1.0
            } else if matches!(
                c,
                ' ' | 'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!'
            ) {
                0.34
            } else if matches!(c, 'f' | 't' | 'r' | '(' | ')' | '-' | '/') {
                0.45
            } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | '%' | '@') {
                0.82
            } else {
                0.62
            }
        })
        .sum();
    ems * size * if bold { 1.12 } else { 1.0 }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Greedy wrapping by estimated width: at spaces, and between wide characters.
fn wrap(text: &str, max: f64, size: f64, bold: bool) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c == ' ' {
            word.push(c);
            tokens.push(std::mem::take(&mut word));
        } else if is_wide(c) {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            tokens.push(c.to_string());
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for token in tokens {
        let candidate = format!("{line}{token}");
        if !line.is_empty() && text_width(candidate.trim_end(), size, bold) > max {
            lines.push(line.trim_end().to_string());
            line = token;
        } else {
            line = candidate;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

// ---------------------------------------------------------------------------
// One assessment.

fn single(out: &mut String, a: &Assessment, report: &Report<'_>, words: &Labels) {
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
            .checks
            .iter()
            .filter(|c| !c.complete)
            .map(|c| esc(words.check_name(c.id)))
            .collect();
        format!(
            "<span class=\"tag incomplete\">{}</span> {}",
            esc(words.incomplete),
            missing.join(", ")
        )
    };
    fact(out, words.completeness, &completeness);
    let lead: Vec<String> = a
        .channels
        .iter()
        .filter(|c| c.test_first)
        .map(|c| format!("{} <b>{}%</b>", esc(&c.name), c.share_pct))
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
    test_plan_section(out, a, words);
    messaging_section(out, a, words);
    sources_section(out, &a.sources, a.oldest_source_date.as_deref(), words);
}

fn title_parts(a: &Assessment, words: &Labels) -> String {
    let product = a
        .product
        .as_ref()
        .map_or(words.no_product, |p| p.name.as_str());
    let times = "<span class=\"times\">×</span>";
    format!(
        "<span>{}</span> {times} <span>{}</span> {times} <span class=\"{}\">{}</span>",
        esc(&a.market.name),
        esc(&a.industry.name),
        if a.product.is_some() {
            "product"
        } else {
            "product none"
        },
        esc(product)
    )
}

fn fact(out: &mut String, term: &str, html: &str) {
    let _ = writeln!(out, "<div><dt>{}</dt><dd>{html}</dd></div>", esc(term));
}

/// "Δ was pass", with the whole change in the tooltip.
fn change_mark(from: Verdict, words: &Labels) -> String {
    format!(
        "<span class=\"delta\" title=\"{}: {} {}\"><span aria-hidden=\"true\">Δ</span> {} {}</span>",
        esc(words.changed_mark),
        esc(words.was),
        esc(words.verdict_word(from)),
        esc(words.was),
        esc(words.verdict_word(from))
    )
}

fn check_card(
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
                esc(&f.message)
            );
            if let Some(action) = &f.action {
                let _ = write!(
                    out,
                    "<p class=\"action\"><span class=\"arrow\" aria-hidden=\"true\">→</span>{}</p>",
                    esc(action)
                );
            }
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

/// A waived finding: its severity, message, rule, and the reason on record.
fn waived_text(w: &Waived, words: &Labels) -> String {
    let until = w.until.as_ref().map_or_else(String::new, |u| {
        format!(
            " · {} <span class=\"date\">{}</span>",
            esc(words.until),
            esc(u)
        )
    });
    format!(
        "{}<span class=\"msg\">{}</span> <span class=\"rule\">{}</span><p class=\"reason\"><span class=\"k\">{}</span> {}{until}</p>",
        severity_tag(w.severity, words),
        esc(&w.message),
        esc(&w.rule),
        esc(words.reason),
        esc(&w.reason)
    )
}

/// Waivers that expired or matched nothing: they must not be forgotten.
fn waiver_section(out: &mut String, waivers: &super::WaiverReport, words: &Labels) {
    if waivers.expired.is_empty() && waivers.unused.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section id=\"waivers\" class=\"notice\" aria-label=\"{}\">\n<ul>\n",
        esc(words.waived)
    );
    for w in &waivers.expired {
        let _ = writeln!(
            out,
            "<li><b>{}</b> <span class=\"rule\">{}</span> ({} {}) — {}</li>",
            esc(words.waiver_expired),
            esc(&w.rule),
            esc(words.until),
            esc(w.until.as_ref().map_or("?", |u| u.0.as_str())),
            esc(&w.reason)
        );
    }
    for w in &waivers.unused {
        let _ = writeln!(
            out,
            "<li><b>{}</b> <span class=\"rule\">{}</span> — {}</li>",
            esc(words.waiver_unused),
            esc(&w.rule),
            esc(&w.reason)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn mix_section(out: &mut String, a: &Assessment, words: &Labels) {
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
            name = esc(&c.name),
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

/// The horizontal bar chart of one mix: each bar `share / 100 × MIX_SCALE`.
fn mix_chart(out: &mut String, channels: &[ChannelShare], words: &Labels) {
    struct Row {
        y: f64,
        name: Vec<String>,
        platforms: Vec<String>,
    }
    let mut rows = Vec::new();
    let mut y = MIX_TOP + 6.0;
    for c in channels {
        let name = wrap(&c.name, MIX_LABEL - 16.0, 13.0, true);
        let platforms = if c.platforms.is_empty() {
            Vec::new()
        } else {
            wrap(&c.platforms.join(" · "), MIX_LABEL - 16.0, 11.0, false)
        };
        let text_height = 16.0 * name.len() as f64 + 14.0 * platforms.len() as f64;
        let height = text_height.max(MIX_BAR) + 14.0;
        rows.push(Row { y, name, platforms });
        y += height;
    }
    let height = y + 4.0;
    let width = MIX_LABEL + MIX_SCALE + MIX_RIGHT;
    let desc: Vec<String> = channels
        .iter()
        .map(|c| {
            let mut text = format!("{} {}%", c.name, c.share_pct);
            if c.test_first {
                let _ = write!(text, " ({})", words.test_first);
            }
            text
        })
        .collect();
    let _ = write!(
        out,
        "<svg class=\"chart mix-chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-labelledby=\"mix-title mix-desc\" data-scale-width=\"{s}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"mix-title\">{title}</title>\n<desc id=\"mix-desc\">{desc}</desc>\n",
        w = n(width),
        h = n(height),
        s = n(MIX_SCALE),
        title = esc(words.channel_mix),
        desc = esc(&desc.join("; "))
    );
    // The scale: 0, 25, 50, 75 and 100 %.
    for tick in [0u32, 25, 50, 75, 100] {
        let x = MIX_LABEL + bar_length(tick, MIX_SCALE);
        let _ = writeln!(
            out,
            "<line class=\"{}\" x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\"/>\
             <text class=\"tick\" x=\"{x}\" y=\"14\" text-anchor=\"middle\">{tick}%</text>",
            if tick == 0 { "axis" } else { "grid" },
            x = n(x),
            y1 = n(MIX_TOP - 4.0),
            y2 = n(height - 4.0),
        );
    }
    for (c, row) in channels.iter().zip(&rows) {
        let bar_y = row.y + 2.0;
        let length = bar_length(c.share_pct, MIX_SCALE);
        let _ = write!(
            out,
            "<g class=\"row\" data-channel=\"{id}\">\n<text class=\"name\" x=\"{x}\" y=\"{y}\" text-anchor=\"end\">",
            id = c.id,
            x = n(MIX_LABEL - 12.0),
            y = n(row.y + 15.0),
        );
        for (i, line) in row.name.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                n(MIX_LABEL - 12.0),
                if i == 0 { "0" } else { "16" },
                esc(line)
            );
        }
        out.push_str("</text>\n");
        if !row.platforms.is_empty() {
            let _ = write!(
                out,
                "<text class=\"platforms\" x=\"{x}\" y=\"{y}\" text-anchor=\"end\">",
                x = n(MIX_LABEL - 12.0),
                y = n(row.y + 15.0 + 16.0 * row.name.len() as f64 - 1.0),
            );
            for (i, line) in row.platforms.iter().enumerate() {
                let _ = write!(
                    out,
                    "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                    n(MIX_LABEL - 12.0),
                    if i == 0 { "0" } else { "14" },
                    esc(line)
                );
            }
            out.push_str("</text>\n");
        }
        let _ = writeln!(
            out,
            "<rect class=\"bar{first}\" data-channel=\"{id}\" data-share=\"{share}\" x=\"{x}\" y=\"{y}\" width=\"{len}\" height=\"{h}\" fill=\"{fill}\">\
             <title>{name}: {share}%</title></rect>",
            first = if c.test_first { " first" } else { "" },
            id = c.id,
            share = c.share_pct,
            x = n(MIX_LABEL),
            y = n(bar_y),
            len = n(length),
            h = n(MIX_BAR),
            fill = channel_colour(c.id),
            name = esc(&c.name),
        );
        let _ = write!(
            out,
            "<text class=\"value\" x=\"{x}\" y=\"{y}\"><tspan class=\"pct\">{share}%</tspan>",
            x = n(MIX_LABEL + length + 8.0),
            y = n(bar_y + 13.5),
            share = c.share_pct,
        );
        if c.test_first {
            let _ = write!(
                out,
                "<tspan class=\"star\" dx=\"8\">★ {}</tspan>",
                esc(words.test_first)
            );
        }
        out.push_str("</text>\n</g>\n");
    }
    out.push_str("</svg>\n");
}

fn budget_section(out: &mut String, a: &Assessment, words: &Labels) {
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
            esc(&c.name),
            c.share_pct,
            c.budget
                .map_or_else(|| "—".to_string(), |b| esc(&money(b, &budget.currency))),
            c.expected_installs.map_or_else(
                || "<span class=\"quiet\">—</span>".to_string(),
                |n| format!("~{}", thousands(n))
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
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&budget.note));
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
                .map_or_else(|| e.channel.to_string(), |c| c.name.clone());
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

fn test_plan_section(out: &mut String, a: &Assessment, words: &Labels) {
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
            esc(&step.name),
            share,
            esc(words.measure),
            esc(&step.measure)
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

fn messaging_section(out: &mut String, a: &Assessment, words: &Labels) {
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
                esc(&angle.text)
            );
            if !angle.notes.is_empty() {
                out.push_str("<ul class=\"notes\">");
                for note in &angle.notes {
                    let _ = write!(out, "<li>{}</li>", esc(note));
                }
                out.push_str("</ul>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn gate_status(gate: &Gate, words: &Labels) -> String {
    let (class, word) = if gate.tripped {
        ("block", words.gate_tripped)
    } else {
        ("pass", words.gate_passed)
    };
    format!(
        "<code>--fail-on {}</code> <span class=\"badge v-{class}\"><span class=\"sym\" aria-hidden=\"true\">{}</span>{}</span>",
        esc(&gate.conditions()),
        if gate.tripped { "✕" } else { "✓" },
        esc(word)
    )
}

fn gate_section(out: &mut String, gate: &Gate, words: &Labels) {
    let class = if gate.tripped { "block" } else { "pass" };
    let _ = write!(
        out,
        "<section id=\"gate\" class=\"gate gate-{class}\" aria-labelledby=\"gate-h\">\n<h2 id=\"gate-h\">{} {}</h2>\n",
        esc(words.gate),
        gate_status(gate, words)
    );
    if !gate.reasons.is_empty() {
        out.push_str("<ul>\n");
        for reason in &gate.reasons {
            let _ = writeln!(out, "<li>{}</li>", esc(reason));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// What changed since the baseline, one phrase per change, in the report's
/// language (the names of checks and channels included).
fn change_phrases(changes: &Changes, a: &Assessment, words: &Labels) -> Vec<String> {
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
            .map_or_else(|| id.to_string(), |c| c.name.clone())
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
            esc(&f.message)
        ));
    }
    for f in &changes.findings_removed {
        lines.push(format!(
            "<span class=\"minus\" aria-hidden=\"true\">−</span> {} <b>{}</b> <span class=\"rule\">{}</span>: {}",
            esc(words.finding_removed),
            esc(&check_label(&f.check, words)),
            esc(&f.rule),
            esc(&f.message)
        ));
    }
    for f in &changes.findings_changed {
        lines.push(format!(
            "<span class=\"changed\" aria-hidden=\"true\">~</span> {} <b>{}</b> <span class=\"rule\">{}</span>: {} → {}",
            esc(words.finding_changed),
            esc(&check_label(&f.check, words)),
            esc(&f.rule),
            esc(&f.from),
            esc(&f.to)
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

fn sources_section(out: &mut String, sources: &[SourceRef], oldest: Option<&str>, words: &Labels) {
    let _ = write!(
        out,
        "<section id=\"sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">{} \
         <span class=\"h-note\">{} · {} {}</span></h2>\n",
        esc(words.sources_title),
        sources.len(),
        esc(words.oldest_source),
        esc(oldest.unwrap_or(words.unknown))
    );
    // Newest first; the same date by title.
    let mut sorted: Vec<&SourceRef> = sources.iter().collect();
    sorted.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    out.push_str("<ol class=\"sources\">\n");
    for s in sorted {
        let is_oldest = Some(s.date.as_str()) == oldest;
        let _ = writeln!(
            out,
            "<li{}><span class=\"date\">{}</span><span class=\"src\">{}{}</span></li>",
            if is_oldest { " class=\"oldest\"" } else { "" },
            esc(&s.date),
            source_link(s),
            if is_oldest {
                format!(" <span class=\"tag\">{}</span>", esc(words.oldest))
            } else {
                String::new()
            }
        );
    }
    out.push_str("</ol>\n</section>\n");
}

// ---------------------------------------------------------------------------
// Several assessments.

fn combination_name(a: &Assessment) -> String {
    match &a.product {
        Some(p) => format!("{} × {} × {}", a.market.name, a.industry.name, p.name),
        None => format!("{} × {}", a.market.name, a.industry.name),
    }
}

fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

fn batch(out: &mut String, all: &[Assessment], report: &Report<'_>, words: &Labels) {
    let (gate, lang) = (report.gate, report.lang);
    let markets = distinct(all.iter().map(|a| a.market.name.as_str()));
    let industries = distinct(all.iter().map(|a| a.industry.name.as_str()));
    let products = distinct(
        all.iter()
            .filter_map(|a| a.product.as_ref())
            .map(|p| p.name.as_str()),
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
    small_multiples(out, all, words, lang);
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

fn heat_map(out: &mut String, all: &[Assessment], words: &Labels) {
    let _ = write!(
        out,
        "<section id=\"heat-map\" aria-labelledby=\"heat-h\">\n<h2 id=\"heat-h\">{}</h2>\n<p class=\"hint\">{}",
        esc(words.at_a_glance),
        esc(words.heat_map_key)
    );
    for verdict in [Verdict::Pass, Verdict::Warn, Verdict::Block] {
        let _ = write!(out, " {}", badge(verdict, words));
    }
    let with_baseline = all.iter().any(|a| a.changes.is_some());
    if with_baseline {
        let _ = write!(
            out,
            " <span class=\"delta\"><span aria-hidden=\"true\">Δ</span> {}</span>",
            esc(words.changed_mark)
        );
    }
    let _ = write!(
        out,
        "</p>\n<table class=\"heat\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"overall\">{}</th>",
        esc(words.at_a_glance),
        esc(words.combination),
        esc(words.verdict)
    );
    for check in Check::VERDICT_CHECKS {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            esc(words.check_name(check))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for a in all {
        let changes = a.changes.as_ref();
        let _ = write!(
            out,
            "<tr data-combination=\"{}\"><th scope=\"row\"><span class=\"combo\">{}</span><span class=\"combo-ids\">{}</span>",
            esc(&a.label()),
            esc(&combination_name(a)),
            esc(&a.label())
        );
        if changes.is_some_and(|c| !c.in_baseline) {
            let _ = write!(
                out,
                " <span class=\"tag\">{}</span>",
                esc(words.not_in_baseline)
            );
        } else if changes.is_some_and(|c| !c.is_empty()) {
            let _ = write!(
                out,
                " <span class=\"delta row-delta\" title=\"{}\"><span aria-hidden=\"true\">Δ</span> {}</span>",
                esc(words.changed_mark),
                esc(words.changed_mark)
            );
        }
        out.push_str("</th>");
        heat_cell(
            out,
            "verdict",
            a.verdict,
            a.complete,
            changes.and_then(|c| c.verdict.as_ref()).map(|m| m.from),
            words,
        );
        for check in &a.checks {
            let moved = changes
                .and_then(|c| c.checks.iter().find(|m| m.id == check.id.as_str()))
                .map(|m| m.from);
            heat_cell(
                out,
                check.id.as_str(),
                check.verdict,
                check.complete,
                moved,
                words,
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn heat_cell(
    out: &mut String,
    column: &str,
    verdict: Verdict,
    complete: bool,
    was: Option<Verdict>,
    words: &Labels,
) {
    let v = verdict.as_str();
    let mut class = format!("cell v-{v}");
    if column == "verdict" {
        class.push_str(" overall");
    }
    if was.is_some() {
        class.push_str(" changed");
    }
    let title = was.map_or_else(String::new, |from| {
        format!(
            " title=\"{}: {} → {}\"",
            esc(words.changed_mark),
            esc(words.verdict_word(from)),
            esc(words.verdict_word(verdict))
        )
    });
    let _ = write!(
        out,
        "<td class=\"{class}\" data-check=\"{column}\" data-verdict=\"{v}\"{title}><span class=\"cell-main\"><span class=\"sym\" aria-hidden=\"true\">{}</span>{}</span>",
        symbol(verdict),
        esc(words.verdict_word(verdict))
    );
    if !complete {
        let _ = write!(
            out,
            "<span class=\"cell-note\">{}</span>",
            esc(words.incomplete)
        );
    }
    if let Some(from) = was {
        let _ = write!(
            out,
            "<span class=\"cell-was\"><span class=\"delta-sym\" aria-hidden=\"true\">Δ</span> {} {}</span>",
            esc(words.was),
            esc(words.verdict_word(from))
        );
    }
    out.push_str("</td>");
}

/// The name of each channel: as the assessments give it (overlays may rename
/// it), else as the built-in taxonomy does.
fn channel_names(all: &[Assessment], lang: Lang) -> BTreeMap<ChannelId, String> {
    let mut names: BTreeMap<ChannelId, String> = BTreeMap::new();
    for a in all {
        for c in &a.channels {
            names.entry(c.id).or_insert_with(|| c.name.clone());
        }
    }
    if names.len() < CHANNEL_IDS.len() {
        let builtin: Vec<crate::model::ChannelInfo> =
            serde_saphyr::from_str(include_str!("../../channels.yaml")).unwrap_or_default();
        for info in builtin {
            names
                .entry(info.id)
                .or_insert_with(|| info.name.get(lang).to_string());
        }
    }
    for id in CHANNEL_IDS {
        names.entry(id).or_insert_with(|| id.as_str().to_string());
    }
    names
}

fn swatch(colour: &str) -> String {
    format!(
        "<svg class=\"swatch-svg\" width=\"12\" height=\"12\" viewBox=\"0 0 12 12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour}\"/></svg>"
    )
}

fn small_multiples(out: &mut String, all: &[Assessment], words: &Labels, lang: Lang) {
    let names = channel_names(all, lang);
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
        let _ = writeln!(
            out,
            "<span class=\"legend-item\" role=\"listitem\" data-channel=\"{id}\">{}{}</span>",
            swatch(colour),
            esc(names.get(&id).map_or(id.as_str(), String::as_str))
        );
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

/// One combination's mix as one stacked bar, channels in the taxonomy's order
/// so that the same colour sits in the same place from bar to bar.
fn stacked_bar(
    out: &mut String,
    index: usize,
    a: &Assessment,
    names: &BTreeMap<ChannelId, String>,
    words: &Labels,
) {
    let ordered: Vec<&ChannelShare> = CHANNEL_IDS
        .iter()
        .filter_map(|id| a.channels.iter().find(|c| c.id == *id))
        .collect();
    let desc: Vec<String> = ordered
        .iter()
        .map(|c| {
            let mut text = format!("{} {}%", c.name, c.share_pct);
            if c.test_first {
                let _ = write!(text, " ({})", words.test_first);
            }
            text
        })
        .collect();
    let _ = write!(
        out,
        "<svg class=\"chart stack\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-labelledby=\"stack-{index}-t stack-{index}-d\" data-scale-width=\"{w}\" data-combination=\"{label}\" \
         xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"stack-{index}-t\">{title}</title>\n<desc id=\"stack-{index}-d\">{desc}</desc>\n",
        w = n(STACK_SCALE),
        h = n(STACK_HEIGHT),
        label = esc(&a.label()),
        title = esc(&format!("{} — {}", combination_name(a), words.channel_mix)),
        desc = esc(&desc.join("; ")),
    );
    let mut x = 0.0;
    for c in &ordered {
        let length = bar_length(c.share_pct, STACK_SCALE);
        let name = names.get(&c.id).map_or(c.name.as_str(), String::as_str);
        let _ = writeln!(
            out,
            "<rect class=\"seg\" data-channel=\"{id}\" data-share=\"{share}\" x=\"{x}\" y=\"0\" width=\"{len}\" height=\"{h}\" fill=\"{fill}\"><title>{name}: {share}%</title></rect>",
            id = c.id,
            share = c.share_pct,
            x = n(x),
            len = n(length),
            h = n(STACK_HEIGHT),
            fill = channel_colour(c.id),
            name = esc(name),
        );
        x += length;
    }
    // Separators and labels over the bars, so they never change a length.
    let mut x = 0.0;
    for (i, c) in ordered.iter().enumerate() {
        let length = bar_length(c.share_pct, STACK_SCALE);
        if i > 0 && length > 0.0 {
            let _ = writeln!(
                out,
                "<line class=\"sep\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{h}\"/>",
                x = n(x),
                h = n(STACK_HEIGHT)
            );
        }
        let label = format!("{}%", c.share_pct);
        if text_width(&label, 11.0, true) + 6.0 <= length {
            let _ = writeln!(
                out,
                "<text class=\"seg-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" aria-hidden=\"true\">{label}</text>",
                n(x + length / 2.0),
                n(STACK_HEIGHT / 2.0 + 4.0)
            );
        }
        x += length;
    }
    out.push_str("</svg>\n");
}

fn findings_by_combination(out: &mut String, all: &[Assessment], words: &Labels) {
    // The same finding (rule, message, action) often holds for several
    // combinations (a market's network, say): list it once, with where it holds.
    struct Shared<'a> {
        check: Check,
        finding: &'a crate::assess::Finding,
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
                esc(&f.message)
            );
            if let Some(action) = &f.action {
                let _ = write!(
                    out,
                    "<p class=\"action\"><span class=\"arrow\" aria-hidden=\"true\">→</span>{}</p>",
                    esc(action)
                );
            }
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

const CSS: &str = r#":root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: %backdrop%; color: %ink%;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  font-size: 14px; line-height: 1.5; font-variant-numeric: tabular-nums;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
html:lang(zh) body { font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
code, .rule, .missing code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.86em; }
code { background: %chip%; color: %chip-ink%; padding: 0 4px; border-radius: 3px; }
.rule { color: %muted%; overflow-wrap: anywhere; }
a { color: %accent%; text-decoration: none; }
a:hover { text-decoration: underline; }
b { font-weight: 650; }
.page { max-width: 1060px; margin: 28px auto; padding: 40px 48px 28px; background: %white%; border-radius: 8px; box-shadow: 0 1px 2px rgba(15, 23, 42, 0.06), 0 8px 28px rgba(15, 23, 42, 0.08); }

/* Header */
.masthead { padding-bottom: 20px; border-bottom: 1px solid %hairline%; }
.eyebrow { margin: 0 0 6px; color: %accent%; font-size: 12px; font-weight: 700; letter-spacing: 0.09em; text-transform: uppercase; }
h1 { margin: 0; font-size: 27px; line-height: 1.25; font-weight: 700; letter-spacing: -0.015em; }
h1 .times { color: %subtle%; font-weight: 400; }
h1 .product.none { color: %muted%; font-weight: 500; }
.ids { margin: 8px 0 0; color: %muted%; font-size: 13px; }
.summary { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 16px 40px; margin-top: 20px; }
.headline { display: flex; flex-direction: column; align-items: flex-start; gap: 6px; }
.headline-label, dt, .k { color: %muted%; font-size: 11.5px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; }
.verdict-big { display: inline-flex; align-items: center; gap: 10px; padding: 7px 18px 7px 10px; border-radius: 999px; color: %white%; font-size: 19px; font-weight: 750; letter-spacing: 0.06em; text-transform: uppercase; }
.verdict-big .sym { width: 26px; height: 26px; font-size: 15px; border-width: 2px; }
.strong-pass { background: %pass-strong%; } .strong-warn { background: %warn-strong%; } .strong-block { background: %block-strong%; }
.facts { flex: 1 1 420px; display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px 28px; margin: 0; }
.facts dd, .scope dd { margin: 3px 0 0; }
.scope { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 10px 28px; margin: 16px 0 0; }
.tally { display: flex; flex-wrap: wrap; gap: 10px 24px; list-style: none; margin: 0; padding: 0; }
.tally li { display: flex; align-items: center; gap: 8px; }
.tally .count { font-size: 24px; font-weight: 750; line-height: 1; }

/* Verdicts */
.sym { display: inline-flex; align-items: center; justify-content: center; width: 1.35em; height: 1.35em; border: 1.5px solid currentColor; border-radius: 50%; font-size: 0.78em; font-weight: 800; line-height: 1; flex: none; }
.badge { display: inline-flex; align-items: center; gap: 5px; padding: 1px 9px 1px 4px; border-radius: 999px; font-size: 12px; font-weight: 650; white-space: nowrap; line-height: 1.6; }
.v-pass { background: %pass-bg%; color: %pass-fg%; } .v-warn { background: %warn-bg%; color: %warn-fg%; } .v-block { background: %block-bg%; color: %block-fg%; }
.tag { display: inline-block; padding: 0 6px; border-radius: 4px; background: %chip%; color: %chip-ink%; font-size: 11px; font-weight: 600; letter-spacing: 0.02em; white-space: nowrap; line-height: 1.7; }
.tag.incomplete { border: 1px dashed %subtle%; }
.delta { display: inline-flex; align-items: center; gap: 3px; color: %change%; font-size: 12px; font-weight: 650; white-space: nowrap; }
.quiet { color: %subtle%; }

/* Sections */
section { margin-top: 34px; }
h2 { margin: 0 0 4px; font-size: 18px; font-weight: 700; letter-spacing: -0.005em; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; }
.h-note { color: %muted%; font-size: 13px; font-weight: 500; }
.hint { margin: 0 0 14px; color: %muted%; font-size: 13px; }
.hint.small { margin-top: 8px; font-size: 12px; }
.note { color: %muted%; font-size: 12.5px; margin: 10px 0 0; }
.nothing { color: %muted%; font-style: italic; margin: 0; }

/* Gate */
.gate { margin-top: 24px; padding: 12px 16px; border-radius: 6px; border-left: 4px solid %pass-edge%; background: %wash%; }
.gate-block { border-left-color: %block-edge%; }
.gate h2 { font-size: 15px; margin: 0; align-items: center; }
.gate ul { margin: 8px 0 0; padding-left: 20px; font-size: 13px; }

/* Check cards */
.cards { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; margin-top: 12px; }
.card, .combo-card { border: 1px solid %hairline%; border-top: 4px solid %line%; border-radius: 6px; padding: 14px 16px 12px; background: %white%; }
.edge-pass { border-top-color: %pass-edge%; } .edge-warn { border-top-color: %warn-edge%; } .edge-block { border-top-color: %block-edge%; }
.card-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin-bottom: 10px; }
.card-head h3 { margin: 0 4px 0 0; font-size: 15.5px; font-weight: 700; text-transform: capitalize; }
.findings { list-style: none; margin: 0; padding: 0; }
.finding { padding: 8px 0; border-top: 1px solid %hairline%; }
.finding:first-child { border-top: 0; padding-top: 2px; }
.sev { display: inline-block; margin-right: 6px; padding: 0 5px; border-radius: 3px; font-size: 10.5px; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; vertical-align: 1px; }
.sev-info { background: %info-bg%; color: %info-fg%; } .sev-warn { background: %warn-bg%; color: %warn-fg%; } .sev-block { background: %block-bg%; color: %block-fg%; }
.msg { display: inline; margin: 0; }
.action { margin: 3px 0 0; color: %muted%; font-size: 13px; display: flex; gap: 6px; }
.arrow { color: %accent%; font-weight: 700; flex: none; }
.gaps { margin-top: 10px; padding: 8px 10px; background: %wash%; border-radius: 5px; font-size: 12.5px; color: %muted%; }
.gaps-title { margin: 0 0 4px; display: flex; align-items: center; gap: 6px; }
.gaps ul { margin: 0; padding-left: 0; list-style: none; }
.gaps li { padding: 2px 0; overflow-wrap: anywhere; }
.gaps .rule { color: %ink%; }
.missing code { background: transparent; padding: 0; color: %muted%; }
.needs-product { margin: 8px 0 0; color: %muted%; font-size: 12.5px; }
.waived { margin-top: 10px; padding: 8px 10px; background: %wash%; border-left: 3px dashed %subtle%; border-radius: 0 5px 5px 0; font-size: 12.5px; }
.waived-title { margin: 0 0 4px; font-weight: 650; }
.waived ul { margin: 0; padding: 0; list-style: none; }
.waived li { padding: 3px 0; }
.waived .reason { margin: 2px 0 0; color: %muted%; }
.waived .k { margin-right: 4px; }
.notice { margin-top: 20px; padding: 10px 16px; border-radius: 6px; background: %warn-bg%; color: %warn-fg%; font-size: 13px; }
.notice ul { margin: 0; padding-left: 18px; }
.notice .rule { color: %warn-fg%; }

/* Charts and tables */
.figure { margin: 0; }
.chart { display: block; width: 100%; height: auto; overflow: visible; }
.chart text { font-family: inherit; fill: %ink%; }
.mix-chart { max-width: 920px; }
.mix-chart .name { font-size: 13px; font-weight: 600; }
.mix-chart .platforms { font-size: 11px; fill: %muted%; }
.mix-chart .tick { font-size: 11px; fill: %subtle%; }
.mix-chart .grid { stroke: %hairline%; stroke-width: 1; }
.mix-chart .axis { stroke: %subtle%; stroke-width: 1; }
.mix-chart .value { font-size: 13px; }
.mix-chart .pct { font-weight: 700; }
.mix-chart .star { fill: %accent%; font-size: 12px; font-weight: 600; }
figcaption { color: %muted%; font-size: 12px; margin-top: 6px; }
.star { color: %accent%; font-weight: 600; }
.blocked { display: flex; align-items: center; gap: 8px; margin: 0 0 12px; padding: 8px 12px; border-radius: 6px; background: %block-bg%; color: %block-fg%; font-weight: 650; }
table.data { width: 100%; border-collapse: collapse; margin-top: 14px; font-size: 13px; }
table.data th, table.data td { padding: 6px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid %hairline%; }
table.data thead th { color: %muted%; font-size: 11.5px; font-weight: 650; letter-spacing: 0.04em; text-transform: uppercase; border-bottom: 1px solid %line%; vertical-align: bottom; }
table.data tbody th { font-weight: 600; }
table.data tfoot th, table.data tfoot td { font-weight: 700; border-bottom: 0; border-top: 1px solid %line%; }
.num { text-align: right !important; white-space: nowrap; }
.why { color: %muted%; font-size: 12px; }
.first-col { white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 8px; vertical-align: 0; }
caption { text-align: left; font-size: 12px; color: %muted%; padding-bottom: 6px; }
.basis { margin-top: 10px; font-size: 12.5px; }
.basis-title { margin: 0 0 2px; font-weight: 650; }
.basis ul { margin: 0; padding-left: 18px; }
.host { color: %subtle%; font-size: 0.92em; }
.date { font-variant-numeric: tabular-nums; color: %muted%; }

/* Test plan */
.plan { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 14px; }
.step { display: flex; gap: 12px; padding: 12px 14px; border: 1px solid %hairline%; border-radius: 6px; background: %wash%; }
.step-n { flex: none; width: 26px; height: 26px; border-radius: 50%; background: %accent%; color: %white%; display: inline-flex; align-items: center; justify-content: center; font-weight: 700; font-size: 13px; }
.step p { margin: 0; }
.step-name { font-weight: 700; }
.step-measure, .step-budget { font-size: 12.5px; color: %ink%; margin-top: 4px !important; }
.step .k { display: block; margin-top: 4px; }
.step .quiet { color: %muted%; font-weight: 500; }

/* Messaging */
.angles { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
.angle { padding: 10px 14px; border-left: 3px solid %accent%; background: %wash%; border-radius: 0 6px 6px 0; }
.angle-text { margin: 0; font-weight: 600; }
.notes { margin: 4px 0 0; padding-left: 18px; color: %muted%; font-size: 12.5px; }

/* Changes */
.changes, .change-list ul { margin: 0; padding-left: 20px; }
.changes li, .change-list li { margin: 3px 0; }
.change-list { margin: 0; display: grid; gap: 8px; }
.change-list dt { text-transform: none; letter-spacing: 0; font-size: 13px; color: %ink%; }
.change-list dd { margin: 2px 0 0; font-size: 13px; }
.plus { color: %pass-fg%; font-weight: 800; } .minus { color: %block-fg%; font-weight: 800; }

/* Heat-map */
table.heat { width: 100%; border-collapse: separate; border-spacing: 3px; font-size: 13px; margin-left: -3px; }
table.heat caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table.heat thead th { color: %muted%; font-size: 11.5px; font-weight: 650; letter-spacing: 0.04em; text-transform: uppercase; text-align: center; padding: 4px 6px; vertical-align: bottom; }
table.heat thead th:first-child { text-align: left; }
table.heat tbody th { text-align: left; font-weight: 600; padding: 6px 8px 6px 0; border-bottom: 1px solid %hairline%; }
.combo { display: block; }
.row-delta { font-size: 11px; font-weight: 600; }
.combo-ids { display: block; color: %muted%; font-size: 11.5px; font-weight: 400; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
td.cell { width: 14%; text-align: center; padding: 7px 6px; border-radius: 4px; vertical-align: middle; }
td.cell.overall { width: 15%; font-size: 14px; color: %white%; }
td.cell.overall.v-pass { background: %pass-strong%; } td.cell.overall.v-warn { background: %warn-strong%; } td.cell.overall.v-block { background: %block-strong%; }
td.cell.overall .cell-was { color: %white%; }
.cell-main { display: inline-flex; align-items: center; gap: 6px; font-weight: 700; }
.cell-note { display: block; font-size: 11px; font-weight: 500; }
.cell-was { display: block; font-size: 11px; font-weight: 650; color: %change%; }
td.changed { outline: 2px solid %change%; outline-offset: -2px; }

/* Small multiples */
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 14px; padding: 10px 12px; background: %wash%; border-radius: 6px; font-size: 12.5px; }
.legend-item { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.swatch-svg { flex: none; vertical-align: -1px; margin-right: 4px; }
.multiples { display: grid; gap: 8px; }
.multiple { display: grid; grid-template-columns: 260px minmax(0, 1fr); align-items: center; gap: 14px; margin: 0; }
.multiple figcaption { margin: 0; color: %ink%; font-size: 13px; font-weight: 600; text-align: right; line-height: 1.3; }
.stack { border-radius: 3px; }
.stack .sep { stroke: %white%; stroke-width: 1.5; }
.stack .seg-label { font-size: 11px; font-weight: 700; fill: %white%; }
table.shares th.num { font-size: 10.5px; text-transform: none; letter-spacing: 0; white-space: normal; min-width: 52px; }
table.shares th.num .swatch-svg { display: block; margin: 0 0 3px auto; }
table.shares .star { margin-left: 2px; }
table.shares tbody th { min-width: 210px; font-size: 12.5px; }

/* Batch findings */
table.shared-findings td { padding-top: 8px; padding-bottom: 8px; }
.check-col { width: 150px; }
.check-col .sev { display: table; margin-bottom: 4px; }
.check-name { color: %muted%; font-size: 12px; font-weight: 650; text-transform: capitalize; }
.shared-findings .msg { display: block; }
td.where { width: 34%; }
.chip { display: inline-block; margin: 0 4px 4px 0; padding: 0 6px; border-radius: 4px; background: %chip%; color: %chip-ink%; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 11px; line-height: 1.8; white-space: nowrap; }

/* Sources */
.sources { list-style: none; margin: 8px 0 0; padding: 0; columns: 2; column-gap: 32px; font-size: 12.5px; }
.sources li { display: flex; gap: 10px; padding: 3px 0; break-inside: avoid; border-bottom: 1px solid %hairline%; }
.sources .date { flex: none; width: 78px; }
.sources .src { overflow-wrap: anywhere; }
.colophon { margin-top: 36px; padding-top: 12px; border-top: 1px solid %hairline%; color: %muted%; font-size: 12px; }
.colophon p { margin: 0; }

@media screen and (max-width: 760px) {
  .page { padding: 24px 18px; margin: 0; border-radius: 0; }
  .cards, .combos, .plan { grid-template-columns: 1fr; }
  .multiple { grid-template-columns: 1fr; gap: 4px; }
  .multiple figcaption { text-align: left; }
  .sources { columns: 1; }
}

@page { margin: 14mm 12mm; }
@media print {
  body { background: %white%; font-size: 10pt; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; border-radius: 0; }
  section { margin-top: 20px; }
  h2, .hint, .card-head, .gaps-title { break-after: avoid; page-break-after: avoid; }
  /* Cards may run on to the next page, but never split a finding. */
  .step, .angle, .figure, .multiple, .gate, tr, .legend, .finding, .gaps li, .needs-product, .sources li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .sources { font-size: 8.5pt; }
  .colophon { margin-top: 16px; break-before: avoid; page-break-before: avoid; }
  a { color: %ink%; }
  .host { color: %muted%; }
}
"#;

fn css() -> String {
    let mut css = CSS.to_string();
    for (name, colour) in palette() {
        css = css.replace(&format!("%{name}%"), colour);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let hex = hex.trim_start_matches('#');
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour")) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    /// WCAG 2 contrast ratio of two sRGB colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn the_contrast_formula_matches_known_ratios() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#ffffff", "#ffffff") - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known AA threshold colour (4.54:1).
        assert!((contrast("#767676", "#ffffff") - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_text_colour_passes_wcag_aa_on_its_background() {
        let mut failures = Vec::new();
        for (what, fg, bg) in text_pairs() {
            let ratio = contrast(fg, bg);
            if ratio < 4.5 {
                failures.push(format!("{what}: {fg} on {bg} is {ratio:.2}:1"));
            }
        }
        assert!(failures.is_empty(), "below 4.5:1: {failures:#?}");
    }

    #[test]
    fn the_page_uses_no_colour_outside_the_palette() {
        let page = css();
        assert!(
            !page.contains('%') || !page.contains("%ink%"),
            "unreplaced name"
        );
        for name in palette().iter().map(|(n, _)| *n) {
            assert!(
                !page.contains(&format!("%{name}%")),
                "`%{name}%` left in the CSS"
            );
        }
        let known: Vec<String> = palette()
            .iter()
            .map(|(_, c)| c.to_string())
            .chain(CHANNEL_COLOURS.iter().map(|(_, c)| c.to_string()))
            .collect();
        let mut rest = page.as_str();
        while let Some(at) = rest.find('#') {
            let hex: String = rest[at + 1..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect();
            if hex.len() == 6 {
                let colour = format!("#{}", hex.to_lowercase());
                assert!(known.contains(&colour), "{colour} is not in the palette");
            }
            rest = &rest[at + 1..];
        }
    }

    #[test]
    fn channel_colours_cover_every_channel_once() {
        for id in CHANNEL_IDS {
            assert_eq!(
                CHANNEL_COLOURS.iter().filter(|(c, _)| *c == id).count(),
                1,
                "{id}"
            );
        }
        let mut colours: Vec<&str> = CHANNEL_COLOURS.iter().map(|(_, c)| *c).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), CHANNEL_IDS.len(), "colours are distinct");
    }

    #[test]
    fn bars_are_exactly_proportional() {
        assert_eq!(bar_length(36, MIX_SCALE), 180.0);
        assert_eq!(bar_length(0, STACK_SCALE), 0.0);
        assert_eq!(bar_length(100, STACK_SCALE), STACK_SCALE);
        assert_eq!(n(bar_length(7, 500.0)), "35");
        assert_eq!(n(12.3456), "12.346");
    }

    #[test]
    fn text_is_escaped_and_only_web_links_link() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let evil = SourceRef {
            title: "t".into(),
            publisher: None,
            url: Some("javascript:alert(1)".into()),
            date: "2024".into(),
            measured: None,
        };
        assert!(!source_link(&evil).contains("href"));
        let good = SourceRef {
            title: "t".into(),
            publisher: None,
            url: Some("https://www.example.com/a?b".into()),
            date: "2024".into(),
            measured: None,
        };
        assert!(source_link(&good).contains("href=\"https://www.example.com/a?b\""));
        assert_eq!(host("https://www.example.com/a?b"), "example.com");
    }

    #[test]
    fn labels_wrap_by_estimated_width() {
        let lines = wrap("In-product sharing and word of mouth", 120.0, 13.0, true);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), "In-product sharing and word of mouth");
        let zh = wrap("用户分享机制与口碑推荐渠道", 80.0, 13.0, false);
        assert!(zh.len() > 1 && zh.concat() == "用户分享机制与口碑推荐渠道");
    }
}
