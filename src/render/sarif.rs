//! `--format sarif`: SARIF 2.1.0 for code scanning. One run; each rule that
//! produced a finding is a `tool.driver.rules` entry; each warn or block
//! finding a result located at the line of the figure its rule read — the
//! user's own profile (a path relative to the working directory) or a built-in
//! profile (relative to the `ASSESS_BUILTIN` base) — else at the rule itself.
//! Informational findings become `note` results.

use super::Report;
use crate::assessment::{Assessment, Finding, Location};
use crate::model::Severity;
use anyhow::Result;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// GitHub refuses a SARIF file with more results than this.
pub const MAX_RESULTS: usize = 25_000;

/// The base URI id of the built-in profiles and rules.
pub const BUILTIN_BASE: &str = "ASSESS_BUILTIN";

/// Where a finding points: the first figure it read that is written in a file
/// (not set with `--set`), else the rule.
pub(super) fn location(finding: &Finding) -> Option<Location> {
    finding
        .evidence
        .values()
        .find_map(|e| {
            let file = e.file.as_ref()?;
            (!file.starts_with("--set")).then(|| Location {
                file: file.clone(),
                line: e.line.unwrap_or(1).max(1),
                builtin: e.builtin,
            })
        })
        .or_else(|| finding.rule_at.clone())
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Block => "error",
        Severity::Warn => "warning",
        Severity::Info => "note",
    }
}

/// A profile path as a URI relative to the working directory (forward
/// slashes, no leading `./`), as code scanning and annotations need; `None`
/// for a file outside it.
pub(super) fn relative_uri(path: &str) -> Option<String> {
    let path = std::path::Path::new(path);
    let relative = if path.is_absolute() {
        let here = std::env::current_dir().ok()?;
        path.strip_prefix(&here).ok()?.to_path_buf()
    } else {
        path.to_path_buf()
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    Some(text.trim_start_matches("./").to_string())
}

fn physical(location: &Location) -> Json {
    // A file outside the working directory keeps its absolute path as a
    // `file:` URI: valid SARIF, though code scanning cannot show it.
    let uri = relative_uri(&location.file)
        .unwrap_or_else(|| format!("file://{}", location.file.replace('\\', "/")));
    let mut artifact = json!({ "uri": uri });
    if location.builtin {
        artifact["uriBaseId"] = json!(BUILTIN_BASE);
    }
    json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": { "startLine": location.line.max(1) }
        }
    })
}

fn result(a: &Assessment, finding: &Finding, rule_index: usize) -> Json {
    let mut text = finding.message.to_string();
    if let Some(action) = &finding.action {
        text = format!("{text} → {action}");
    }
    let mut properties = json!({
        "market": a.market.id,
        "industry": a.industry.id,
    });
    if let Some(product) = &a.product {
        properties["product"] = json!(product.id);
    }
    if let Some(item) = &finding.item {
        properties["item"] = json!(item);
    }
    if let (Some(own), Some(by)) = (finding.severity_set_from, &finding.severity_set_by) {
        properties["ruleSeverity"] = json!(level(own));
        properties["severitySetBy"] = json!(by);
    }
    let mut out = json!({
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [],
        "partialFingerprints": {
            "assessFinding/v1": format!(
                "{}:{}:{}:{}:{}",
                a.market.id,
                a.industry.id,
                a.product.as_ref().map_or("", |p| p.id.as_str()),
                finding.rule,
                finding.item.as_deref().unwrap_or_default()
            )
        },
        "properties": properties,
    });
    match location(finding) {
        Some(at) => out["locations"] = json!([physical(&at)]),
        None => {
            if let Some(map) = out.as_object_mut() {
                map.remove("locations");
            }
        }
    }
    out
}

pub fn render_sarif(report: &Report<'_>) -> Result<String> {
    // Rules in the order they first appear, with their first finding's action
    // as help.
    let mut rules: BTreeMap<&str, (usize, Json)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut results = Vec::new();
    for a in report.assessments {
        for check in &a.checks {
            for finding in &check.findings {
                let next = order.len();
                let (index, _) = rules.entry(finding.rule.as_str()).or_insert_with(|| {
                    order.push(finding.rule.as_str());
                    let help = finding
                        .action
                        .as_ref()
                        .map_or_else(|| finding.message.to_string(), ToString::to_string);
                    let rule = json!({
                        "id": finding.rule,
                        "name": finding.rule,
                        "shortDescription": { "text": finding.rule },
                        "help": { "text": help },
                        "defaultConfiguration": { "level": level(finding.severity) },
                        "properties": { "check": check.id.as_str() },
                    });
                    (next, rule)
                });
                if results.len() < MAX_RESULTS {
                    results.push(result(a, finding, *index));
                }
            }
        }
    }
    let driver_rules: Vec<Json> = order
        .iter()
        .filter_map(|id| rules.get(id).map(|(_, rule)| rule.clone()))
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "assess",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": driver_rules,
                }
            },
            "originalUriBaseIds": {
                BUILTIN_BASE: {
                    "description": { "text": "The profiles and rules built into assess (its source tree)" }
                }
            },
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}

/// `--format sarif`.
pub struct Sarif;

impl super::Renderer for Sarif {
    fn render(&self, report: &Report<'_>) -> Result<String> {
        render_sarif(report)
    }

    fn escapes_strings_itself(&self) -> bool {
        true
    }
}
