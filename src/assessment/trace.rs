//! The trace of an assessment for `--explain`: every rule's outcome and the
//! arithmetic of every share.

use crate::i18n::Localized;
use crate::model::{ChannelId, Check};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// How one rule came out for one item, for `--explain`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RuleTrace {
    pub rule: String,
    pub check: Check,
    /// The channel or promise a `for_each` rule was bound to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// fired | quiet | not_evaluated | not_applicable
    pub outcome: &'static str,
    /// The values of the fields the condition read (those that are known).
    pub values: BTreeMap<String, Json>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// What the rule did: its severity, channel multipliers and messaging.
    pub effect: Localized,
}

/// One multiplication on the way from base weight to share.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WeightStep {
    pub rule: String,
    pub factor: f64,
    pub weight_after: f64,
}

/// The arithmetic of one channel's share, for `--explain`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChannelTrace {
    pub channel: ChannelId,
    pub base_weight: f64,
    pub fit: f64,
    pub steps: Vec<WeightStep>,
    pub raw_weight: f64,
    /// The raw weight's share of all raw weights, before bounds.
    pub proportional_pct: f64,
    pub min_pct: f64,
    pub max_pct: f64,
    /// After bounds, before rounding.
    pub exact_pct: f64,
    pub share_pct: u32,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Trace {
    pub rules: Vec<RuleTrace>,
    pub channels: Vec<ChannelTrace>,
}
