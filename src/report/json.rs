//! `--format json`: the versioned document of DESIGN.md §5.

use crate::assess::Assessment;
use anyhow::Result;
use serde::Serialize;

/// Bumped when a key is renamed or removed; adding keys keeps it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct Envelope<'a> {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub assessments: &'a [Assessment],
}

pub fn envelope(assessments: &[Assessment]) -> Envelope<'_> {
    Envelope {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION"),
        assessments,
    }
}

pub fn render_json(assessments: &[Assessment]) -> Result<String> {
    let mut text = serde_json::to_string_pretty(&envelope(assessments))?;
    text.push('\n');
    Ok(text)
}
