//! `assess validate [PATH…]`: loads profiles without assessing anything and
//! reports every problem (`file:line:col: what is wrong; what was expected`),
//! plus warnings: sources older than three years, texts without Chinese.

use super::{GlobalArgs, ListFormat, Output, run::as_of};
use crate::load::{LoadOptions, Problem};
use anyhow::Result;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct ValidationReport<'a> {
    valid: bool,
    problems: &'a [Problem],
    warnings: &'a [String],
}

pub fn validate(
    global: &GlobalArgs,
    overlays: Vec<PathBuf>,
    paths: &[PathBuf],
    format: ListFormat,
) -> Result<Output, super::Failure> {
    let as_of = as_of(global.as_of.as_deref())?;
    let (folders, files): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| p.is_dir());
    let checking_builtins = paths.is_empty() && overlays.is_empty();
    let checked = crate::validate::check(&LoadOptions {
        overlays: overlays.into_iter().chain(folders).collect(),
        files,
        markets: None,
    })?;
    let review = checked
        .catalog
        .as_ref()
        .map(|c| crate::validate::review(c, &as_of, checking_builtins))
        .unwrap_or_default();
    let warnings = review.warnings;
    let mut problems = checked.problems;
    problems.extend(review.problems);
    problems.sort();
    problems.dedup();
    let valid = problems.is_empty();
    let rules = checked.catalog.as_ref().map_or(0, |c| c.rules.len());
    let stdout = match format {
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&ValidationReport {
                valid,
                problems: &problems,
                warnings: &warnings,
            })
            .map_err(anyhow::Error::from)?;
            text.push('\n');
            text
        }
        ListFormat::Table if valid => {
            let markets = checked.catalog.as_ref().map_or(0, |c| c.markets.len());
            let industries = checked.catalog.as_ref().map_or(0, |c| c.industries.len());
            let count = warnings.len();
            let plural = if count == 1 { "" } else { "s" };
            crate::i18n::tr(
                format!(
                    "ok: the profiles hold together ({markets} markets, {industries} industries, {rules} rules; {count} warning{plural})\n"
                ),
                format!(
                    "ok：档案一致有效（{markets} 个市场、{industries} 个行业、{rules} 条规则；{count} 条警告）\n"
                ),
            )
        }
        ListFormat::Table => String::new(),
    };
    let mut stderr_lines: Vec<String> = Vec::new();
    if format == ListFormat::Table {
        let prefix = crate::i18n::tr("error:", "错误：");
        stderr_lines.extend(problems.iter().map(|p| format!("{prefix} {p}")));
        if !valid {
            let count = problems.len();
            let plural = if count == 1 { "" } else { "s" };
            stderr_lines.push(crate::i18n::tr(
                format!("{count} problem{plural} found"),
                format!("发现 {count} 处问题"),
            ));
        }
    }
    Ok(Output {
        stdout,
        files: Vec::new(),
        warnings: if format == ListFormat::Table {
            warnings
        } else {
            Vec::new()
        },
        stderr_note: (!stderr_lines.is_empty()).then(|| stderr_lines.join("\n")),
        exit_code: if valid { 0 } else { 2 },
        workflow_commands: false,
        streamed: false,
    })
}
