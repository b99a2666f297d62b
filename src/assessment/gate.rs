//! The `--fail-on` gate: which assessments trip it, and why, in words a CI log
//! can show.

use super::{Assessment, Verdict};
use crate::model::Check;
use serde::Serialize;

/// A condition that fails the run (exit 1) when any assessment reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// The overall verdict is warn or block.
    Warn,
    /// The overall verdict is block.
    Block,
    /// A check could not evaluate every rule: it examined less than it should.
    Incomplete,
    /// A check examined nothing: all its warn and block rules need a product.
    #[serde(rename = "not-assessed")]
    NotAssessed,
    /// A warn or block finding that is not in the `--baseline` report (or grew
    /// more severe since).
    New,
    /// A waiver given for the run has expired.
    #[serde(rename = "expired-waiver")]
    ExpiredWaiver,
    /// A waiver given for the run accepted no finding.
    #[serde(rename = "unused-waiver")]
    UnusedWaiver,
}

/// The gate's outcome, part of every machine format.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Gate {
    pub fail_on: Vec<FailOn>,
    pub tripped: bool,
    /// One line per assessment that tripped it.
    pub reasons: Vec<String>,
}

impl FailOn {
    pub const ALL: [FailOn; 7] = [
        FailOn::Warn,
        FailOn::Block,
        FailOn::Incomplete,
        FailOn::NotAssessed,
        FailOn::New,
        FailOn::ExpiredWaiver,
        FailOn::UnusedWaiver,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Warn => "warn",
            FailOn::Block => "block",
            FailOn::Incomplete => "incomplete",
            FailOn::NotAssessed => "not-assessed",
            FailOn::New => "new",
            FailOn::ExpiredWaiver => "expired-waiver",
            FailOn::UnusedWaiver => "unused-waiver",
        }
    }
}

impl Gate {
    /// The conditions as given on the command line: `warn,block`.
    pub fn conditions(&self) -> String {
        self.fail_on
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The gate over a whole run: [`assessment_reason`] for each assessment,
/// then the waiver audit.
pub fn evaluate(
    fail_on: &[FailOn],
    assessments: &[Assessment],
    waivers: Option<&super::WaiverReport>,
) -> Gate {
    let reasons = assessments
        .iter()
        .filter_map(|a| assessment_reason(fail_on, a))
        .collect();
    finish(fail_on, reasons, waivers)
}

/// Why one assessment trips the gate, if it does: "label: reason; reason".
pub fn assessment_reason(fail_on: &[FailOn], a: &Assessment) -> Option<String> {
    let mut fail_on = fail_on.to_vec();
    fail_on.sort();
    fail_on.dedup();
    let mut why: Vec<String> = Vec::new();
    for condition in &fail_on {
        match condition {
            FailOn::Warn if a.verdict >= Verdict::Warn => why.push(format!(
                "verdict {} ({})",
                a.verdict.as_str(),
                checks_at_least(a, Verdict::Warn)
            )),
            FailOn::Block if a.verdict == Verdict::Block => why.push(format!(
                "verdict block ({})",
                checks_at_least(a, Verdict::Block)
            )),
            FailOn::Incomplete if !a.complete => {
                let incomplete: Vec<&str> = a.incomplete_checks().map(Check::as_str).collect();
                why.push(format!("incomplete ({})", incomplete.join(", ")));
            }
            FailOn::New => {
                let new: Vec<&str> = a
                    .changes
                    .iter()
                    .flat_map(|c| &c.findings_added)
                    .filter(|f| f.severity > crate::model::Severity::Info)
                    .map(|f| f.rule.as_str())
                    .collect();
                if !new.is_empty() {
                    why.push(format!("new since the baseline ({})", new.join(", ")));
                }
            }
            FailOn::NotAssessed if !a.not_assessed.is_empty() => {
                let checks: Vec<&str> = a.not_assessed.iter().map(|c| c.as_str()).collect();
                why.push(format!("not assessed ({})", checks.join(", ")));
            }
            _ => {}
        }
    }
    why.dedup();
    (!why.is_empty()).then(|| format!("{}: {}", a.label(), why.join("; ")))
}

/// The gate from the assessments' reasons and the waiver audit: a waiver that
/// expired or accepts nothing is a debt the record should not carry silently.
pub fn finish(
    fail_on: &[FailOn],
    mut reasons: Vec<String>,
    waivers: Option<&super::WaiverReport>,
) -> Gate {
    let mut fail_on = fail_on.to_vec();
    fail_on.sort();
    fail_on.dedup();
    if let Some(report) = waivers {
        if fail_on.contains(&FailOn::ExpiredWaiver) {
            for w in &report.expired {
                let until = w.until.as_ref().map_or("?", |u| u.0.as_str());
                reasons.push(format!("waiver for {} expired on {until}", w.rule));
            }
        }
        if fail_on.contains(&FailOn::UnusedWaiver) {
            for w in &report.unused {
                reasons.push(format!("waiver for {} accepted no finding", w.rule));
            }
        }
    }
    Gate {
        tripped: !reasons.is_empty(),
        fail_on,
        reasons,
    }
}

fn checks_at_least(a: &Assessment, verdict: Verdict) -> String {
    a.checks
        .iter()
        .filter(|c| c.verdict >= verdict)
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
