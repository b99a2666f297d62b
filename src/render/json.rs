//! `--format json` and `--format yaml`: the versioned document of docs/report-format.md.

use super::Report;
use crate::assessment::Assessment;
use crate::assessment::Gate;
use anyhow::Result;
use serde::Serialize;

pub use crate::assessment::SCHEMA_VERSION;

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Envelope<'a> {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub assessments: &'a [Assessment],
    /// The `--fail-on` gate, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<&'a Gate>,
    /// Waivers that expired or matched nothing, when any were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waivers: Option<&'a crate::assessment::WaiverReport>,
}

pub fn envelope<'a>(report: &Report<'a>) -> Envelope<'a> {
    Envelope {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION"),
        assessments: report.assessments,
        gate: report.gate,
        waivers: report.waivers,
    }
}

pub fn render_json(report: &Report<'_>) -> Result<String> {
    let mut text = serde_json::to_string_pretty(&envelope(report))?;
    text.push('\n');
    Ok(text)
}

/// The same document as the JSON, keys in the same order.
pub fn render_yaml(report: &Report<'_>) -> Result<String> {
    Ok(serde_saphyr::to_string(&envelope(report))?)
}

/// `--format json`.
pub struct Json;

impl super::Renderer for Json {
    fn render(&self, report: &Report<'_>) -> Result<String> {
        render_json(report)
    }

    fn escapes_strings_itself(&self) -> bool {
        true
    }
}

/// `--format yaml`.
pub struct Yaml;

impl super::Renderer for Yaml {
    fn render(&self, report: &Report<'_>) -> Result<String> {
        render_yaml(report)
    }

    fn escapes_strings_itself(&self) -> bool {
        true
    }
}

/// `--format jsonl`: each assessment as one line of compact JSON, the objects
/// of the document's `assessments` (docs/report-format.md).
pub struct Jsonl;

impl super::Renderer for Jsonl {
    fn render(&self, report: &Report<'_>) -> Result<String> {
        let mut out = String::new();
        for assessment in report.assessments {
            out.push_str(&serde_json::to_string(assessment)?);
            out.push('\n');
        }
        Ok(out)
    }

    fn escapes_strings_itself(&self) -> bool {
        true
    }
}
