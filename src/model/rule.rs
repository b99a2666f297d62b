//! Rules: YAML entries with a CEL condition, grouped in packs by check.
//!
//! A pack file's stem names its check (`rules/network.yaml`); `audience.yaml`
//! holds messaging rules, which are informational and not a fifth check.

use super::{Factor, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The four checks, in their report order, and the audience pack.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    Network,
    Competition,
    Deliverability,
    Compliance,
    Audience,
}

impl Check {
    /// The four checks that give verdicts, in report order.
    pub const VERDICT_CHECKS: [Check; 4] = [
        Check::Network,
        Check::Competition,
        Check::Deliverability,
        Check::Compliance,
    ];
    pub const ALL: [Check; 5] = [
        Check::Network,
        Check::Competition,
        Check::Deliverability,
        Check::Compliance,
        Check::Audience,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Check::Network => "network",
            Check::Competition => "competition",
            Check::Deliverability => "deliverability",
            Check::Compliance => "compliance",
            Check::Audience => "audience",
        }
    }

    pub fn parse(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a fired rule is. Ordered: `info < warn < block`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warn,
    Block,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Block => "block",
        }
    }

    /// The severity a word names (`info`, `warn`, `block`).
    pub fn parse(word: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warn, Severity::Block]
            .into_iter()
            .find(|s| s.as_str() == word)
    }
}

/// What a rule is evaluated once per: each channel in play, or each promise made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ForEach {
    Channel,
    Promise,
}

/// A rule as written in a pack. Only `id` is required here, so that an overlay can
/// change or disable one field of a built-in rule; the merged rule must be complete.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    /// `<check>.<kebab-name>`
    pub id: String,
    /// A CEL condition over `market`, `industry`, `product`, `local`, `promises`,
    /// and `channel` or `promise` inside `for_each`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_each: Option<ForEach>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Text>,
    /// Channel id (or `$channel`, the bound channel) → multiplier of its weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjust: Option<BTreeMap<String, Factor>>,
    /// Channels the rule brings into the mix when it fires, with their base
    /// weight (as an industry would give it), for channels the industry lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adds: Option<BTreeMap<String, Factor>>,
    /// Channels the rule's action recommends: each must be in the mix when the
    /// rule fires (the industry's, or one the rule `adds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommends: Option<Vec<String>>,
    /// Messaging angle ids this rule suggests when it fires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging: Option<Vec<String>>,
    /// Standards, sources or laws the rule rests on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refs: Option<Vec<String>>,
    /// `true` switches a built-in rule off from an overlay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// A complete rule, after overlays are merged.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: String,
    pub check: Check,
    pub when: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_each: Option<ForEach>,
    pub severity: Severity,
    pub message: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Text>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub adjust: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub adds: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recommends: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub messaging: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}
