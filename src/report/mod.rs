//! Renderers: one per output format, all from the same assessments.

mod ci;
mod csv;
pub mod escape;
pub mod html;
mod json;
mod labels;
mod markdown;
mod table;

pub use json::{Envelope, SCHEMA_VERSION, envelope, render_json, render_yaml};
pub use labels::{Labels, labels};
pub use table::{TableOptions, render_table};

use crate::Lang;
use crate::assess::Assessment;
use crate::gate::Gate;
use anyhow::Result;
use clap::ValueEnum;

/// Everything a renderer needs: the assessments, the gate (if one was asked
/// for), what became of the waivers, and the language of the texts.
pub struct Report<'a> {
    pub assessments: &'a [Assessment],
    pub gate: Option<&'a Gate>,
    pub waivers: Option<&'a WaiverReport>,
    pub lang: Lang,
}

/// Waivers that no longer apply, and waivers that matched nothing in the run.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct WaiverReport {
    pub expired: Vec<crate::model::Waiver>,
    pub unused: Vec<crate::model::Waiver>,
}

impl WaiverReport {
    pub fn warnings(&self) -> Vec<String> {
        let expired = self.expired.iter().map(|w| {
            let until = w.until.as_ref().map_or("?", |u| u.0.as_str());
            crate::i18n::tr(
                format!(
                    "waiver for `{}` expired on {until}: its findings count again ({})",
                    w.rule, w.reason
                ),
                format!(
                    "`{}` 的豁免已于 {until} 过期：相关发现重新计入（{}）",
                    w.rule, w.reason
                ),
            )
        });
        let unused = self.unused.iter().map(|w| {
            crate::i18n::tr(
                format!("waiver for `{}` matched no finding in this run: remove it or fix its scope ({})", w.rule, w.reason),
                format!("`{}` 的豁免在本次运行中没有匹配任何发现：请删除或修正其范围（{}）", w.rule, w.reason),
            )
        });
        expired.chain(unused).collect()
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Checks, mix and messaging for a terminal; a comparison for several.
    Table,
    /// The versioned document (docs/report-format.md).
    Json,
    /// The same document as YAML.
    Yaml,
    /// One row per channel per assessment, with the verdict columns.
    Csv,
    /// A GitHub-flavoured summary for pull requests and CI job summaries.
    Markdown,
    /// One self-contained page: verdicts at a glance, the mix as a chart.
    Html,
    /// JUnit XML: a test case per assessment and check, for CI test reports.
    Junit,
    /// GitHub Actions workflow commands (::error, ::warning, ::notice).
    Github,
}

impl Format {
    /// Human formats follow the locale's language; machine formats stay English.
    pub fn is_human(self) -> bool {
        matches!(self, Format::Table | Format::Markdown | Format::Html)
    }
}

/// Renders `report` in `format`, with the format's escaping policy applied to
/// every text that came from data (see [`escape`]).
pub fn render(format: Format, report: &Report<'_>, table: &TableOptions) -> Result<String> {
    if matches!(format, Format::Json | Format::Yaml) {
        // The serialisers escape strings themselves.
        return if format == Format::Json {
            render_json(report)
        } else {
            render_yaml(report)
        };
    }
    // Control characters never reach a reader raw, in any human or CI format;
    // each renderer then escapes its own structure (Markdown, markup, CSV, …).
    let safe = |text: &str| escape::terminal(text).into_owned();
    let mut assessments = report.assessments.to_vec();
    for a in &mut assessments {
        a.map_texts(&safe);
    }
    let gate = report.gate.map(|g| {
        let mut g = g.clone();
        g.reasons = g.reasons.iter().map(|r| safe(r)).collect();
        g
    });
    let waivers = report.waivers.map(|w| {
        let mut w = w.clone();
        for waiver in w.expired.iter_mut().chain(w.unused.iter_mut()) {
            waiver.rule = safe(&waiver.rule);
            waiver.reason = safe(&waiver.reason);
        }
        w
    });
    let report = Report {
        assessments: &assessments,
        gate: gate.as_ref(),
        waivers: waivers.as_ref(),
        lang: report.lang,
    };
    let text = match format {
        Format::Table => render_table(&report, table),
        Format::Csv => csv::render_csv(&report)?,
        Format::Markdown => markdown::render_markdown(&report),
        Format::Html => html::render_html(&report),
        Format::Junit => ci::render_junit(&report),
        Format::Github => return Ok(ci::render_github(&report)),
        Format::Json | Format::Yaml => String::new(),
    };
    Ok(escape::no_workflow_commands(&text).into_owned())
}

/// The top channels of an assessment as "referral 37%", for comparisons.
pub(crate) fn lead_channels(assessment: &Assessment) -> String {
    assessment
        .channels
        .iter()
        .filter(|c| c.test_first)
        .map(|c| format!("{} {}%", c.id, c.share_pct))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An amount with its currency's minor units and thousands separators:
/// "USD 12,345.60", "JPY 1,500".
pub(crate) fn money(amount: f64, currency: &str) -> String {
    match crate::money::Currency::parse(currency) {
        Ok(currency) => currency.format_major(amount),
        Err(_) => format!("{currency} {amount}"),
    }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Text safe inside HTML or XML elements and attributes.
pub fn escape_markup(text: &str) -> String {
    escape::markup(text)
}
