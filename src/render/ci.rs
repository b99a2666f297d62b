//! CI-native outputs: JUnit XML (a test case per assessment and check) and
//! GitHub Actions workflow commands (an annotation per finding).

use super::{Report, labels};
use crate::assessment::FailOn;
use crate::assessment::{Assessment, CheckResult, Verdict};
use crate::model::Severity;
use std::fmt::Write;

/// Whether a check fails its JUnit case: for the conditions of `--fail-on`, or
/// for `block` when no gate was given.
fn fails(check: &CheckResult, fail_on: &[FailOn]) -> Option<String> {
    let default = [FailOn::Block];
    let conditions = if fail_on.is_empty() {
        &default[..]
    } else {
        fail_on
    };
    conditions.iter().find_map(|condition| match condition {
        FailOn::Warn if check.verdict >= Verdict::Warn => {
            Some(format!("verdict {}", check.verdict.as_str()))
        }
        FailOn::Block if check.verdict == Verdict::Block => Some("verdict block".to_string()),
        FailOn::Incomplete if !check.complete => Some("incomplete".to_string()),
        _ => None,
    })
}

fn xml(text: &str) -> String {
    super::escape_markup(text)
}

pub fn render_junit(report: &Report<'_>) -> String {
    let fail_on = report
        .gate
        .map(|g| g.fail_on.as_slice())
        .unwrap_or_default();
    let words = labels(report.lang);
    let total = report.assessments.len() * 4;
    let failures: usize = report
        .assessments
        .iter()
        .flat_map(|a| &a.checks)
        .filter(|c| fails(c, fail_on).is_some())
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"assess\" tests=\"{total}\" failures=\"{failures}\">"
    );
    for a in report.assessments {
        let suite_failures = a
            .checks
            .iter()
            .filter(|c| fails(c, fail_on).is_some())
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failures}\">",
            xml(&a.label()),
            a.checks.len()
        );
        for check in &a.checks {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&class_name(a)),
                check.id.as_str()
            );
            let body = details(check, words);
            match fails(check, fail_on) {
                Some(why) => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                        xml(&format!("{}: {why}", check.id.as_str())),
                        check.verdict.as_str(),
                        xml(&body)
                    );
                }
                None if body.is_empty() => {
                    let _ = writeln!(out, "/>");
                }
                None => {
                    let _ = writeln!(
                        out,
                        ">\n      <system-out>{}</system-out>\n    </testcase>",
                        xml(&body)
                    );
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    let _ = writeln!(out, "</testsuites>");
    out
}

/// `sea.social` or `sea.social.my-app`: dots group cases in CI test viewers.
fn class_name(a: &Assessment) -> String {
    match &a.product {
        Some(p) => format!("{}.{}.{}", a.market.id, a.industry.id, p.id),
        None => format!("{}.{}", a.market.id, a.industry.id),
    }
}

fn details(check: &CheckResult, words: &super::Labels) -> String {
    let mut lines = Vec::new();
    for f in &check.findings {
        let mut line = format!("[{}] {}: {}", f.severity.as_str(), f.rule, f.message);
        if let Some(action) = &f.action {
            let _ = write!(line, " → {action}");
        }
        lines.push(line);
    }
    for n in &check.not_evaluated {
        lines.push(format!(
            "[{}] {}: {}",
            words.not_evaluated,
            n.rule,
            n.missing.join(", ")
        ));
    }
    lines.join("\n")
}

pub fn render_github(report: &Report<'_>) -> String {
    let mut out = String::new();
    for a in report.assessments {
        for check in &a.checks {
            for f in &check.findings {
                let command = match f.severity {
                    Severity::Block => "error",
                    Severity::Warn => "warning",
                    Severity::Info => "notice",
                };
                let mut message = format!("{} × {}: {}", a.market.name, a.industry.name, f.message);
                if let Some(action) = &f.action {
                    let _ = write!(message, " → {action}");
                }
                let _ = writeln!(
                    out,
                    "::{command} title={}::{}",
                    super::escape::workflow_property(&format!("{} ({})", f.rule, a.label())),
                    super::escape::workflow_message(&message)
                );
            }
        }
    }
    if let Some(gate) = report.gate
        && gate.tripped
    {
        for reason in &gate.reasons {
            let _ = writeln!(
                out,
                "::error title=assess --fail-on::{}",
                super::escape::workflow_message(reason)
            );
        }
    }
    out
}

/// `--format junit`.
pub struct Junit;

impl super::Renderer for Junit {
    fn render(&self, report: &Report<'_>) -> anyhow::Result<String> {
        Ok(render_junit(report))
    }
}

/// `--format github`.
pub struct Github;

impl super::Renderer for Github {
    fn render(&self, report: &Report<'_>) -> anyhow::Result<String> {
        Ok(render_github(report))
    }

    fn writes_workflow_commands(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(xml("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(xml("it's"), "it&#39;s");
    }
}
