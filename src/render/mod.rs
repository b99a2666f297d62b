//! Renderers: one per output format, all from the same assessments.

mod ci;
mod csv;
pub mod escape;
pub mod html;
mod json;
pub mod layout;
pub mod learning;
mod markdown;
mod ranking;
mod sarif;
pub mod stream;
mod table;

pub use crate::i18n::{Labels, labels};
pub use json::{Envelope, SCHEMA_VERSION, envelope, render_json, render_yaml};
pub use ranking::{RankFormat, RankOptions, render_ranking};
pub use table::{TableOptions, render_table};

use crate::Lang;
use crate::assessment::Assessment;
use crate::assessment::{Gate, WaiverReport};
use anyhow::Result;
use std::borrow::Cow;

/// Everything a renderer needs: the assessments, the gate (if one was asked
/// for), what became of the waivers, and the language of the texts.
pub struct Report<'a> {
    pub assessments: &'a [Assessment],
    pub gate: Option<&'a Gate>,
    pub waivers: Option<&'a WaiverReport>,
    pub lang: Lang,
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Checks, mix and messaging for a terminal; a comparison for several.
    #[default]
    Table,
    /// The versioned document (docs/report-format.md).
    Json,
    /// JSON Lines: one assessment per line, written as each is assessed.
    Jsonl,
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
    /// SARIF 2.1.0 for code scanning: each finding at the line it read.
    Sarif,
}

impl Format {
    pub const ALL: [Format; 10] = [
        Format::Table,
        Format::Json,
        Format::Jsonl,
        Format::Yaml,
        Format::Csv,
        Format::Markdown,
        Format::Html,
        Format::Junit,
        Format::Github,
        Format::Sarif,
    ];

    /// The format's name on the command line (`--format`, `--output`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Yaml => "yaml",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }

    /// What the format is for, as `--help` lists it.
    pub fn description(self) -> &'static str {
        match self {
            Format::Table => "Checks, mix and messaging for a terminal; a comparison for several",
            Format::Json => "The versioned document (docs/report-format.md)",
            Format::Jsonl => "JSON Lines: one assessment per line, written as each is assessed",
            Format::Yaml => "The same document as YAML",
            Format::Csv => "One row per channel per assessment, with the verdict columns",
            Format::Markdown => "A GitHub-flavoured summary for pull requests and CI job summaries",
            Format::Html => "One self-contained page: verdicts at a glance, the mix as a chart",
            Format::Junit => "JUnit XML: a test case per assessment and check, for CI test reports",
            Format::Github => "GitHub Actions workflow commands (::error, ::warning, ::notice)",
            Format::Sarif => {
                "SARIF 2.1.0 for code scanning: each finding at the profile line it read"
            }
        }
    }

    /// Human formats follow the locale's language; machine formats stay English.
    pub fn is_human(self) -> bool {
        matches!(self, Format::Table | Format::Markdown | Format::Html)
    }
}

/// One output format. A renderer reads only the result contract
/// ([`Report`]); [`render_with`] applies the language and the escaping policy
/// around it, so a renderer escapes only its own structure (cells, markup,
/// properties). To add a format, implement this in a new file and name it in
/// [`Format`] (CONTRIBUTING.md).
pub trait Renderer {
    /// Renders the report. Texts from data (`Localized`) read in `report.lang`.
    fn render(&self, report: &Report<'_>) -> Result<String>;

    /// A serialiser (JSON, YAML) escapes every string itself: it gets the
    /// texts as they are.
    fn escapes_strings_itself(&self) -> bool {
        false
    }

    /// The format is GitHub workflow commands on purpose; every other output
    /// is kept from starting a line with `::`.
    fn writes_workflow_commands(&self) -> bool {
        false
    }
}

/// The renderer of `format`.
fn renderer(format: Format, table: &TableOptions) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::TableRenderer(*table)),
        Format::Json => Box::new(json::Json),
        Format::Jsonl => Box::new(json::Jsonl),
        Format::Yaml => Box::new(json::Yaml),
        Format::Csv => Box::new(csv::Csv),
        Format::Markdown => Box::new(markdown::Markdown),
        Format::Html => Box::new(html::Html),
        Format::Junit => Box::new(ci::Junit),
        Format::Github => Box::new(ci::Github),
        Format::Sarif => Box::new(sarif::Sarif),
    }
}

/// Renders `report` in `format`.
pub fn render(format: Format, report: &Report<'_>, table: &TableOptions) -> Result<String> {
    render_with(renderer(format, table).as_ref(), report)
}

/// Applies `format`'s escaping policy to the texts of one assessment in
/// place, as assessments arrive, for [`render_safe`].
pub fn make_safe(format: Format, assessment: &mut Assessment) {
    // The table's options do not change how it escapes.
    let table = TableOptions {
        lang: Lang::En,
        color: false,
        width: 100,
        detail: false,
    };
    if !renderer(format, &table).escapes_strings_itself() {
        assessment.map_texts(&escape::terminal);
    }
}

/// Renders `report` in `format`, its assessments already passed through
/// [`make_safe`] for this format: the same text as [`render`], without
/// copying every assessment to escape it.
pub fn render_safe(format: Format, report: &Report<'_>, table: &TableOptions) -> Result<String> {
    render_escaped(renderer(format, table).as_ref(), report, true)
}

/// Renders `report` with `renderer`, in the report's language, with the
/// escaping policy applied to every text that came from data (see [`escape`]):
/// control characters never reach a reader raw, in any human or CI format.
pub fn render_with(renderer: &dyn Renderer, report: &Report<'_>) -> Result<String> {
    render_escaped(renderer, report, false)
}

fn render_escaped(
    renderer: &dyn Renderer,
    report: &Report<'_>,
    assessments_safe: bool,
) -> Result<String> {
    crate::i18n::rendering_in(report.lang, || {
        if renderer.escapes_strings_itself() {
            return renderer.render(report);
        }
        let safe = |text: &str| escape::terminal(text).into_owned();
        let assessments: Cow<'_, [Assessment]> = if assessments_safe {
            Cow::Borrowed(report.assessments)
        } else {
            let mut copies = report.assessments.to_vec();
            for a in &mut copies {
                a.map_texts(&escape::terminal);
            }
            Cow::Owned(copies)
        };
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
        let safe_report = Report {
            assessments: &assessments,
            gate: gate.as_ref(),
            waivers: waivers.as_ref(),
            lang: report.lang,
        };
        let text = renderer.render(&safe_report)?;
        if renderer.writes_workflow_commands() {
            return Ok(text);
        }
        Ok(escape::no_workflow_commands(&text).into_owned())
    })
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

/// Text safe inside HTML or XML elements and attributes.
pub fn escape_markup(text: &str) -> String {
    escape::markup(text)
}

/// " (severity set by assess.toml:12; the rule's own: warn)", for a finding
/// whose severity the run set: an aside to follow its message.
pub(crate) fn severity_note(
    finding: &crate::assessment::Finding,
    words: &crate::i18n::Labels,
) -> Option<String> {
    let own = finding.severity_set_from?;
    Some(format!(
        "{}{} {}{}{}{}{}{}",
        words.open_paren,
        words.severity_set,
        finding.severity_set_by.as_deref().unwrap_or("--severity"),
        words.semicolon,
        words.severity_own,
        words.colon,
        words.severity_word(own),
        words.close_paren
    ))
}
