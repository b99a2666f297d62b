//! `--format csv`: flat, one row per channel per assessment, with the verdict
//! columns repeated on each row so that any row stands on its own.

use super::Report;
use crate::model::Check;
use anyhow::Result;

pub const HEADER: [&str; 17] = [
    "market",
    "industry",
    "product",
    "verdict",
    "complete",
    "network",
    "competition",
    "deliverability",
    "compliance",
    "incomplete_checks",
    "rank",
    "channel",
    "share_pct",
    "test_first",
    "platforms",
    "because",
    "changed_from_pct",
];

pub fn render_csv(report: &Report<'_>) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for a in report.assessments {
        write_rows(&mut writer, a)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// One assessment's rows: one per channel, the verdict columns repeated.
pub fn write_rows<W: std::io::Write>(
    writer: &mut csv::Writer<W>,
    a: &crate::assessment::Assessment,
) -> Result<()> {
    let verdict_of = |id: &str| {
        a.checks
            .iter()
            .find(|c| c.id.as_str() == id)
            .map_or("", |c| c.verdict.as_str())
    };
    let incomplete: Vec<&str> = a.incomplete_checks().map(Check::as_str).collect();
    for channel in &a.channels {
        let changed_from = a
            .changes
            .as_ref()
            .and_then(|c| c.shares.iter().find(|s| s.channel == channel.id.as_str()))
            .map(|s| s.from.to_string())
            .unwrap_or_default();
        let cells = [
            a.market.id.as_str(),
            a.industry.id.as_str(),
            a.product.as_ref().map_or("", |p| p.id.as_str()),
            a.verdict.as_str(),
            if a.complete { "true" } else { "false" },
            verdict_of("network"),
            verdict_of("competition"),
            verdict_of("deliverability"),
            verdict_of("compliance"),
            &incomplete.join(";"),
            &channel.rank.to_string(),
            channel.id.as_str(),
            &channel.share_pct.to_string(),
            if channel.test_first { "true" } else { "false" },
            &channel.platforms.join(";"),
            &channel.because.join(";"),
            &changed_from,
        ];
        // No cell may start a spreadsheet formula (escape::csv_cell).
        writer.write_record(cells.iter().map(|c| super::escape::csv_cell(c)))?;
    }
    Ok(())
}

/// `--format csv`.
pub struct Csv;

impl super::Renderer for Csv {
    fn render(&self, report: &Report<'_>) -> Result<String> {
        render_csv(report)
    }
}
