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

use super::{Report, money};
use crate::assessment::Changes;
use crate::assessment::Gate;
use crate::assessment::SourceRef;
use crate::assessment::{Assessment, ChannelShare, CheckResult, Verdict, Waived};
use crate::i18n::{Labels, labels};
use crate::model::{CHANNEL_IDS, ChannelId, Check, Severity};
use crate::text::format_number;
use crate::text::thousands;
use std::collections::BTreeMap;
use std::fmt::Write;

mod batch;
mod charts;
mod curves;
mod notices;
mod ranking;
mod single;
mod theme;

use batch::*;
pub use charts::bar_length;
use charts::*;
use curves::*;
use notices::*;
pub use ranking::render_ranking_html;
use single::*;
use theme::*;
pub use theme::{CHANNEL_COLOURS, channel_colour, text_pairs};

// ---------------------------------------------------------------------------
// Colours. Every colour the page uses is named here; the CSS refers to them as
// `%name%`, and the tests check that no other colour appears and that every
// text colour passes WCAG AA (4.5:1) on every background it is set on.

/// Renders the report as one HTML document.
pub fn render_html(report: &Report<'_>) -> String {
    let words = labels(report.lang);
    let lang = report.lang.code();
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

pub(super) fn esc(text: &str) -> String {
    escape(text)
}

pub(super) fn heading(a: &Assessment, words: &Labels) -> String {
    let product = a
        .product
        .as_ref()
        .map_or(words.no_product, |p| p.name.text());
    format!("{} × {} × {}", a.market.name, a.industry.name, product)
}

// ---------------------------------------------------------------------------
// Small pieces.

pub(super) fn symbol(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::NotAssessed => "–",
        Verdict::Pass => "✓",
        Verdict::Warn => "!",
        Verdict::Block => "✕",
    }
}

/// A verdict as a pill: symbol and word, coloured.
pub(super) fn badge(verdict: Verdict, words: &Labels) -> String {
    format!(
        "<span class=\"badge v-{v}\" data-verdict=\"{v}\"><span class=\"sym\" aria-hidden=\"true\">{s}</span>{w}</span>",
        v = verdict.as_str(),
        s = symbol(verdict),
        w = esc(words.verdict_word(verdict))
    )
}

pub(super) fn severity_tag(severity: Severity, words: &Labels) -> String {
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

pub(super) fn check_of(id: &str) -> Option<Check> {
    Check::parse(id)
}

pub(super) fn check_label(id: &str, words: &Labels) -> String {
    check_of(id).map_or_else(|| id.to_string(), |c| words.check_name(c).to_string())
}

/// A link only for web addresses; anything else (a `javascript:` URL in a
/// user's profile, say) stays text.
pub(super) fn source_link(source: &SourceRef) -> String {
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

pub(super) fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// `--format html`.
pub struct Html;

impl super::Renderer for Html {
    fn render(&self, report: &Report<'_>) -> anyhow::Result<String> {
        Ok(render_html(report))
    }
}

/// A finding's action, as the paragraph under its message.
pub(super) fn action_paragraph(action: Option<&crate::i18n::Localized>) -> String {
    action.map_or_else(String::new, |action| {
        format!(
            "<p class=\"action\"><span class=\"arrow\" aria-hidden=\"true\">→</span>{}</p>",
            esc(action.text())
        )
    })
}
