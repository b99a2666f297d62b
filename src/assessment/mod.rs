//! The result contract: what an assessment found, in plain data that every
//! renderer reads and nothing upstream of it. Evaluation produces it; the gate
//! and the baseline comparison read it.

mod baseline;
mod gate;
mod learning;
mod plan;
mod ranking;
mod trace;

pub use baseline::*;
pub use gate::*;
pub use learning::*;
pub use plan::*;
pub use ranking::*;
pub use trace::*;

use crate::i18n::{Localized, TextMap, remap, remap_opt};
use crate::model::{ChannelId, Check, Severity, Source, ValueScope};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The version of the report document (`schema_version`): bumped when a key is
/// renamed or removed, or a value changes meaning; adding keys keeps it.
/// 2: the `not-assessed` verdict, evidence as objects with their origin,
/// renamed evidence paths, findings' `item`.
pub const SCHEMA_VERSION: u32 = 2;

/// not-assessed | pass | warn | block, ordered by severity. `not-assessed`: the
/// check examined nothing (all its warn and block rules need a product and none
/// was given); it never counts toward the overall verdict.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    NotAssessed,
    Pass,
    Warn,
    Block,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::NotAssessed,
        Verdict::Pass,
        Verdict::Warn,
        Verdict::Block,
    ];

    pub fn of(severity: Severity) -> Verdict {
        match severity {
            Severity::Info => Verdict::Pass,
            Severity::Warn => Verdict::Warn,
            Severity::Block => Verdict::Block,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NotAssessed => "not-assessed",
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Block => "block",
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Named {
    pub id: String,
    pub name: Localized,
}

/// A source as findings and values cite it: one per source, shared by every
/// finding that cites it (not a copy each), written in full by the renderers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceRef(std::sync::Arc<Citation>);

pub use crate::model::Citation;

impl std::ops::Deref for SourceRef {
    type Target = Citation;

    fn deref(&self) -> &Citation {
        &self.0
    }
}

impl Serialize for SourceRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl JsonSchema for SourceRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Citation::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Citation::json_schema(generator)
    }
}

impl From<Citation> for SourceRef {
    fn from(citation: Citation) -> SourceRef {
        SourceRef(std::sync::Arc::new(citation))
    }
}

impl From<&Source> for SourceRef {
    fn from(source: &Source) -> SourceRef {
        SourceRef(source.citation())
    }
}

impl From<&std::sync::Arc<Source>> for SourceRef {
    fn from(source: &std::sync::Arc<Source>) -> SourceRef {
        SourceRef::from(&**source)
    }
}

impl SourceRef {
    /// The date a figure's age is judged on.
    pub fn as_of_date(&self) -> &str {
        self.measured.as_deref().unwrap_or(&self.date)
    }

    /// Whether this and `other` are one citation, not two copies of it.
    pub fn is_shared_with(&self, other: &SourceRef) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }

    /// Applies `f` to the texts of this citation, copying it only when `f`
    /// changes one.
    fn map(&mut self, f: &TextMap) {
        let changes = |text: &str| matches!(f(text), std::borrow::Cow::Owned(_));
        let changed = changes(&self.title)
            || self.publisher.as_deref().is_some_and(changes)
            || self.url.as_deref().is_some_and(changes);
        if changed {
            let citation = std::sync::Arc::make_mut(&mut self.0);
            remap(&mut citation.title, f);
            remap_opt(&mut citation.publisher, f);
            remap_opt(&mut citation.url, f);
        }
    }
}

/// One value a rule read, and for a market figure where it comes from.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Evidence {
    pub value: Json,
    /// own | member-wide | regional-judgement | derived | set (market figures only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<ValueScope>,
    /// The market whose profile states the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
    /// The file and line that state it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// For a region's derived figure: the country that set it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// Measured more than three years before `--as-of`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub old: bool,
    /// One of our judgements (a fit, an audience trait, a competition level).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub judgement: bool,
    /// `file` is a built-in profile (for SARIF's base URI; not in the document).
    #[serde(skip)]
    pub builtin: bool,
}

/// A place in a profile or rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    /// One of the built-in files, whose path is relative to them.
    pub builtin: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Finding {
    pub rule: String,
    /// The channel or promise a per-item (`for_each`) rule fired for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub severity: Severity,
    /// The rule's own severity, when the run set another (`--severity`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity_set_from: Option<Severity>,
    /// Where the run's severity was set: `--severity`, `ASSESS_SEVERITY`, or
    /// the settings file's line (`assess.toml:12`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity_set_by: Option<String>,
    /// The rule's message, ending with where and when its figures were measured.
    pub message: Localized,
    pub action: Option<Localized>,
    pub evidence: BTreeMap<String, Evidence>,
    pub sources: Vec<SourceRef>,
    /// Where the rule is written (for SARIF when no figure has a line).
    #[serde(skip)]
    pub rule_at: Option<Location>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NotEvaluated {
    pub rule: String,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CheckResult {
    pub id: Check,
    pub verdict: Verdict,
    pub complete: bool,
    pub findings: Vec<Finding>,
    pub not_evaluated: Vec<NotEvaluated>,
    pub not_applicable: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChannelShare {
    pub id: ChannelId,
    pub name: Localized,
    pub rank: usize,
    pub share_pct: u32,
    pub test_first: bool,
    pub platforms: Vec<String>,
    pub because: Vec<String>,
    /// This channel's part of `--budget`, in its currency (only with a budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// Installs the budget buys on the channel's response curve, where its
    /// cost is known (a benchmark or measured results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_installs: Option<u64>,
    /// The range of `expected_installs`, from the cost's and the curve's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_installs_range: Option<Range>,
    /// How the share came about, for explanations: base weight, market fit, and
    /// each fired rule's multiplier.
    #[serde(skip)]
    pub weight: f64,
    #[serde(skip)]
    pub fit: f64,
    #[serde(skip)]
    pub factors: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Angle {
    pub id: String,
    pub text: Localized,
    pub because: Vec<String>,
    /// What the rules that suggested this angle found, with their evidence.
    pub notes: Vec<Localized>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Assessment {
    pub market: Named,
    pub industry: Named,
    pub product: Option<Named>,
    pub verdict: Verdict,
    pub complete: bool,
    /// Checks that examined nothing without a product (`not-assessed`).
    pub not_assessed: Vec<Check>,
    pub checks: Vec<CheckResult>,
    pub channels: Vec<ChannelShare>,
    pub messaging: Vec<Angle>,
    pub sources: Vec<SourceRef>,
    pub oldest_source_date: Option<String>,
    /// What changed since `--baseline` (only with a baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
    /// Findings accepted by a waiver, with its reason; not counted in verdicts.
    pub waived: Vec<Waived>,
    /// The three test-first channels: what to measure, and with `--budget` how much to spend.
    pub test_plan: Vec<TestStep>,
    /// The `--budget` split (only with a budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetSummary>,
    /// What `--results` taught the mix here (only with results for this market).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning: Option<Learning>,
    /// Every rule's outcome and the mix arithmetic (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

/// Applies `f` to a JSON value's strings (keys stay: they are paths and ids).
fn map_json(value: &mut Json, f: &TextMap) {
    match value {
        Json::String(s) => remap(s, f),
        Json::Array(items) => items.iter_mut().for_each(|v| map_json(v, f)),
        Json::Object(map) => map.values_mut().for_each(|v| map_json(v, f)),
        _ => {}
    }
}

fn map_sources(sources: &mut [SourceRef], f: &TextMap) {
    for source in sources {
        source.map(f);
    }
}

impl Assessment {
    /// Applies `f` to every text that came from data (names, messages, actions,
    /// evidence, platforms, sources, reasons…), as an output's escaping policy
    /// needs before it renders them.
    pub fn map_texts(&mut self, f: &TextMap) {
        for named in [
            Some(&mut self.market),
            Some(&mut self.industry),
            self.product.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            remap(&mut named.id, f);
            named.name.map(f);
        }
        for check in &mut self.checks {
            for finding in &mut check.findings {
                finding.message.map(f);
                if let Some(action) = &mut finding.action {
                    action.map(f);
                }
                remap_opt(&mut finding.item, f);
                for evidence in finding.evidence.values_mut() {
                    map_json(&mut evidence.value, f);
                    map_sources(&mut evidence.sources, f);
                }
                map_sources(&mut finding.sources, f);
            }
            for missing in &mut check.not_evaluated {
                missing.missing.iter_mut().for_each(|p| remap(p, f));
            }
        }
        for channel in &mut self.channels {
            channel.name.map(f);
            channel.platforms.iter_mut().for_each(|p| remap(p, f));
        }
        for angle in &mut self.messaging {
            angle.text.map(f);
            angle.notes.iter_mut().for_each(|n| n.map(f));
        }
        map_sources(&mut self.sources, f);
        if let Some(changes) = &mut self.changes {
            for finding in changes
                .findings_added
                .iter_mut()
                .chain(changes.findings_removed.iter_mut())
            {
                finding.message.map(f);
            }
            for changed in &mut changes.findings_changed {
                changed.from.map(f);
                changed.to.map(f);
            }
        }
        for waived in &mut self.waived {
            waived.message.map(f);
            remap(&mut waived.reason, f);
        }
        for step in &mut self.test_plan {
            step.name.map(f);
            step.measure.map(f);
        }
        if let Some(budget) = &mut self.budget {
            for estimate in &mut budget.estimates {
                map_sources(&mut estimate.sources, f);
            }
            budget.note.map(f);
        }
        if let Some(trace) = &mut self.trace {
            for rule in &mut trace.rules {
                rule.values.values_mut().for_each(|v| map_json(v, f));
                rule.missing.iter_mut().for_each(|p| remap(p, f));
            }
        }
    }

    /// The finding that decides the assessment: the most severe warn or block
    /// finding, the first check's first.
    pub fn deciding_finding(&self) -> Option<(Check, &Finding)> {
        self.checks
            .iter()
            .flat_map(|c| c.findings.iter().map(move |f| (c.id, f)))
            .filter(|(_, f)| f.severity > Severity::Info)
            .max_by(|(_, x), (_, y)| {
                x.severity
                    .cmp(&y.severity)
                    .then(std::cmp::Ordering::Greater)
            })
    }

    /// The checks that could not evaluate every rule, in check order.
    pub fn incomplete_checks(&self) -> impl Iterator<Item = Check> + '_ {
        self.checks.iter().filter(|c| !c.complete).map(|c| c.id)
    }

    /// `market × industry × product` by id, for logs and gate reasons.
    pub fn label(&self) -> String {
        match &self.product {
            Some(p) => format!("{} × {} × {}", self.market.id, self.industry.id, p.id),
            None => format!("{} × {}", self.market.id, self.industry.id),
        }
    }
}

/// A finding a waiver accepted: listed with its reason, not counted in verdicts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Waived {
    pub check: Check,
    pub rule: String,
    pub severity: Severity,
    pub message: Localized,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
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

impl crate::i18n::Labels {
    /// Whether the gate tripped, in the report's words.
    pub fn gate_status(&self, gate: &Gate) -> &'static str {
        if gate.tripped {
            self.gate_tripped
        } else {
            self.gate_passed
        }
    }

    /// A check's most important finding (the most severe warn or block one,
    /// the first of those), else why it has none: not assessed, unknown
    /// figures, or nothing found.
    pub fn key_finding(&self, check: &CheckResult) -> String {
        let worst = check
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Info)
            .max_by(|x, y| {
                x.severity
                    .cmp(&y.severity)
                    .then(std::cmp::Ordering::Greater)
            });
        if let Some(finding) = worst {
            return finding.message.to_string();
        }
        if check.verdict == Verdict::NotAssessed {
            return self.not_assessed_hint.to_string();
        }
        if let Some(first) = check.not_evaluated.first() {
            return format!("{} ({})", self.not_evaluated, first.missing.join(", "));
        }
        self.nothing_found.to_string()
    }

    /// A verdict in the report's words.
    pub fn verdict_word(&self, verdict: Verdict) -> &'static str {
        match verdict {
            Verdict::NotAssessed => self.not_assessed,
            Verdict::Pass => self.pass,
            Verdict::Warn => self.warn,
            Verdict::Block => self.block,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_source(title: &str) -> Source {
        serde_json::from_value(serde_json::json!({"title": title, "date": "2024-03"}))
            .expect("a source")
    }

    #[test]
    fn every_finding_citing_a_source_shares_one_citation() {
        let source = read_source("Ookla Speedtest Global Index");
        let first = SourceRef::from(&source);
        let second = SourceRef::from(&source);
        assert!(first.is_shared_with(&second));
        assert_eq!(first.title, "Ookla Speedtest Global Index");
        // A copy of the source made after it was cited cites it the same way.
        assert!(SourceRef::from(&source.clone()).is_shared_with(&first));
        // An equal source read from elsewhere is equal, but not the same citation.
        let elsewhere = SourceRef::from(&read_source("Ookla Speedtest Global Index"));
        assert_eq!(elsewhere, first);
        assert!(!elsewhere.is_shared_with(&first));
    }

    #[test]
    fn escaping_a_shared_citation_copies_it_and_leaves_the_others() {
        let source = read_source("bell\u{7}");
        let kept = SourceRef::from(&source);
        let mut escaped = kept.clone();
        escaped.map(&|text: &str| {
            if text.contains('\u{7}') {
                std::borrow::Cow::Owned(text.replace('\u{7}', "\\u{7}"))
            } else {
                std::borrow::Cow::Borrowed(text)
            }
        });
        assert_eq!(escaped.title, "bell\\u{7}");
        assert_eq!(kept.title, "bell\u{7}");
        assert!(!escaped.is_shared_with(&kept));
        let mut untouched = kept.clone();
        untouched.map(&|text: &str| std::borrow::Cow::Borrowed(text));
        assert!(untouched.is_shared_with(&kept));
    }
}
