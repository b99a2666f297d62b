//! `--baseline FILE`: compares each assessment with the same combination in an
//! earlier `--format json` report — verdicts that moved, findings that appeared,
//! disappeared or changed, and channel shares that moved by at least one point.
//!
//! A finding is the same finding when its check, rule and item (the channel or
//! promise of a per-item rule) match; a new message is a change. Reports of
//! schema version 1 are read too: their findings name their item only in the
//! evidence paths (`channel[creators].intensity`), which is where it is taken from.

use super::{Assessment, Verdict};
use crate::diagnostics::SourceFile;
use crate::i18n::Localized;
use crate::model::Severity;
use anyhow::{Result, anyhow, bail};
use serde::{Deserialize, Serialize};

/// The parts of an earlier report that a comparison needs.
#[derive(Debug, Deserialize)]
pub struct Baseline {
    schema_version: u32,
    assessments: Vec<Earlier>,
}

#[derive(Debug, Deserialize)]
struct Earlier {
    market: Ided,
    industry: Ided,
    product: Option<Ided>,
    verdict: Verdict,
    checks: Vec<EarlierCheck>,
    channels: Vec<EarlierChannel>,
}

#[derive(Debug, Deserialize)]
struct Ided {
    id: String,
}

#[derive(Debug, Deserialize)]
struct EarlierCheck {
    id: String,
    verdict: Verdict,
    findings: Vec<EarlierFinding>,
}

#[derive(Debug, Deserialize)]
struct EarlierFinding {
    rule: String,
    message: String,
    #[serde(default = "info")]
    severity: Severity,
    #[serde(default)]
    item: Option<String>,
    /// Version 1 named the item only here.
    #[serde(default)]
    evidence: serde_json::Map<String, serde_json::Value>,
}

fn info() -> Severity {
    Severity::Info
}

impl EarlierFinding {
    fn item(&self) -> Option<String> {
        self.item.clone().or_else(|| {
            self.evidence.keys().find_map(|path| {
                let (_, rest) = path.split_once('[')?;
                Some(rest.split_once(']')?.0.to_string())
            })
        })
    }
}

#[derive(Debug, Deserialize)]
struct EarlierChannel {
    id: String,
    share_pct: u32,
}

/// What changed since the baseline, for one assessment.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Changes {
    /// Whether the baseline had this combination at all.
    pub in_baseline: bool,
    pub verdict: Option<Moved>,
    pub checks: Vec<CheckMoved>,
    pub findings_added: Vec<FindingRef>,
    pub findings_removed: Vec<FindingRef>,
    /// Findings of the same rule and item whose message (its values) changed.
    pub findings_changed: Vec<FindingChanged>,
    pub shares: Vec<ShareMoved>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Moved {
    pub from: Verdict,
    pub to: Verdict,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CheckMoved {
    pub id: String,
    pub from: Verdict,
    pub to: Verdict,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FindingRef {
    pub check: String,
    pub rule: String,
    /// The channel or promise of a per-item rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub severity: Severity,
    pub message: Localized,
}

impl FindingRef {
    fn same_finding(&self, other: &FindingRef) -> bool {
        self.check == other.check && self.rule == other.rule && self.item == other.item
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FindingChanged {
    pub check: String,
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The earlier report's message, in the language it was written in.
    pub from: Localized,
    pub to: Localized,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ShareMoved {
    pub channel: String,
    pub from: u32,
    pub to: u32,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.in_baseline
            && self.verdict.is_none()
            && self.checks.is_empty()
            && self.findings_added.is_empty()
            && self.findings_removed.is_empty()
            && self.findings_changed.is_empty()
            && self.shares.is_empty()
    }
}

impl Baseline {
    pub fn parse(file: &SourceFile) -> Result<Baseline> {
        let baseline: Baseline = serde_json::from_str(&file.text).map_err(|e| {
            anyhow!(crate::i18n::tr(
                format!(
                    "{}:{}:{}: not an assess JSON report: {e}; expected the output of --format json",
                    file.path,
                    e.line(),
                    e.column()
                ),
                format!(
                    "{}:{}:{}：不是 assess 的 JSON 报告：{e}；需要 --format json 的输出",
                    file.path,
                    e.line(),
                    e.column()
                )
            ))
        })?;
        baseline.check_ids(file)?;
        if !(1..=super::SCHEMA_VERSION).contains(&baseline.schema_version) {
            bail!(
                "{}: schema_version {} is not supported; expected a report of version 1 to {} (regenerate it with this version's --format json)",
                file.path,
                baseline.schema_version,
                super::SCHEMA_VERSION
            );
        }
        Ok(baseline)
    }

    /// Ids read from the file are checked like profile ids before they are
    /// shown anywhere: market, industry and product ids kebab-case, rule ids
    /// `<check>.<kebab-name>`, channel ids known.
    fn check_ids(&self, file: &SourceFile) -> Result<()> {
        let located = |value: &str, what: &str| {
            let at = file.text.find(&format!("\"{value}\"")).unwrap_or(0);
            let (line, column) = crate::text::line_col(&file.text, at);
            anyhow!(
                "{}:{line}:{column}: `{}` is not a valid {what}; expected the ids of an assess report",
                file.path,
                value
            )
        };
        for a in &self.assessments {
            for id in [
                Some(&a.market.id),
                Some(&a.industry.id),
                a.product.as_ref().map(|p| &p.id),
            ]
            .into_iter()
            .flatten()
            {
                if !crate::text::is_kebab(id) {
                    return Err(located(id, "market, industry or product id"));
                }
            }
            for check in &a.checks {
                if crate::model::Check::parse(&check.id).is_none() {
                    return Err(located(&check.id, "check id"));
                }
                for finding in &check.findings {
                    let valid = finding.rule.split_once('.').is_some_and(|(c, name)| {
                        crate::model::Check::parse(c).is_some() && crate::text::is_kebab(name)
                    });
                    if !valid {
                        return Err(located(&finding.rule, "rule id"));
                    }
                }
            }
            for channel in &a.channels {
                if crate::model::ChannelId::parse(&channel.id).is_none() {
                    return Err(located(&channel.id, "channel id"));
                }
            }
        }
        Ok(())
    }

    /// The changes of `now` against the same market × industry × product.
    pub fn compare(&self, now: &Assessment) -> Changes {
        let product = now.product.as_ref().map(|p| p.id.as_str());
        let earlier = self.assessments.iter().find(|e| {
            e.market.id == now.market.id
                && e.industry.id == now.industry.id
                && e.product.as_ref().map(|p| p.id.as_str()) == product
        });
        let Some(earlier) = earlier else {
            return Changes {
                in_baseline: false,
                verdict: None,
                checks: Vec::new(),
                findings_added: Vec::new(),
                findings_removed: Vec::new(),
                findings_changed: Vec::new(),
                shares: Vec::new(),
            };
        };
        let verdict = (earlier.verdict != now.verdict).then_some(Moved {
            from: earlier.verdict,
            to: now.verdict,
        });
        let mut checks = Vec::new();
        let mut findings_added = Vec::new();
        let mut findings_removed = Vec::new();
        let mut findings_changed = Vec::new();
        for check in &now.checks {
            let id = check.id.as_str();
            let before = earlier.checks.iter().find(|c| c.id == id);
            if let Some(before) = before
                && before.verdict != check.verdict
            {
                checks.push(CheckMoved {
                    id: id.to_string(),
                    from: before.verdict,
                    to: check.verdict,
                });
            }
            let before_findings: Vec<FindingRef> = before
                .map(|c| {
                    c.findings
                        .iter()
                        .map(|f| FindingRef {
                            check: id.to_string(),
                            rule: f.rule.clone(),
                            item: f.item(),
                            severity: f.severity,
                            message: Localized::same(&f.message),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let now_findings: Vec<FindingRef> = check
                .findings
                .iter()
                .map(|f| FindingRef {
                    check: id.to_string(),
                    rule: f.rule.clone(),
                    item: f.item.clone(),
                    severity: f.severity,
                    message: f.message.clone(),
                })
                .collect();
            for f in &now_findings {
                match before_findings.iter().find(|b| b.same_finding(f)) {
                    // A finding that grew more severe is new, not merely changed.
                    None => findings_added.push(f.clone()),
                    Some(b) if f.severity > b.severity => findings_added.push(f.clone()),
                    // The earlier report may be in either language.
                    Some(b) if b.message.en != f.message.en && b.message.en != f.message.zh => {
                        findings_changed.push(FindingChanged {
                            check: f.check.clone(),
                            rule: f.rule.clone(),
                            item: f.item.clone(),
                            from: b.message.clone(),
                            to: f.message.clone(),
                        });
                    }
                    Some(_) => {}
                }
            }
            findings_removed.extend(
                before_findings
                    .into_iter()
                    .filter(|b| !now_findings.iter().any(|f| f.same_finding(b))),
            );
        }
        let mut shares = Vec::new();
        let share_then = |id: &str| {
            earlier
                .channels
                .iter()
                .find(|c| c.id == id)
                .map_or(0, |c| c.share_pct)
        };
        for channel in &now.channels {
            let from = share_then(channel.id.as_str());
            if from.abs_diff(channel.share_pct) >= 1 {
                shares.push(ShareMoved {
                    channel: channel.id.to_string(),
                    from,
                    to: channel.share_pct,
                });
            }
        }
        for gone in &earlier.channels {
            if gone.share_pct > 0 && !now.channels.iter().any(|c| c.id.as_str() == gone.id) {
                shares.push(ShareMoved {
                    channel: gone.id.clone(),
                    from: gone.share_pct,
                    to: 0,
                });
            }
        }
        Changes {
            in_baseline: true,
            verdict,
            checks,
            findings_added,
            findings_removed,
            findings_changed,
            shares,
        }
    }
}
