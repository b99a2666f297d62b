//! The learning part of the result: what measured results (`--results`) did
//! to each channel's cost and share, the focus advice, and the `--budget`
//! allocation on concave response curves, every estimate with a range.

use crate::i18n::Localized;
use crate::model::ChannelId;
use schemars::JsonSchema;
use serde::Serialize;

/// A low–high interval around an estimate (90% where it comes from evidence).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

/// What `--results` taught the mix in this market.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Learning {
    /// The results file.
    pub file: String,
    /// Its rows for this market.
    pub rows: usize,
    /// The retention horizon (`d7`…), when rows give retention.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon: Option<String>,
    /// The statistical rule that combines prior and evidence, in words.
    pub method: Localized,
    pub channels: Vec<ChannelEvidence>,
}

/// One tested channel: prior, measured and updated figures, the factor the
/// evidence put on its weight, and what to do next.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChannelEvidence {
    pub channel: ChannelId,
    pub spend_usd: f64,
    pub installs: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retained: Option<u64>,
    /// `benchmark` (the market's cost per install) or `pooled` (the tested
    /// channels of this market together, where no benchmark exists).
    pub prior_basis: String,
    pub prior: CostFigures,
    pub measured: CostFigures,
    pub updated: CostFigures,
    /// prior ÷ updated cost per retained user (per install without retention):
    /// the `evidence` factor on the channel's weight.
    pub factor: f64,
    /// The channel's share without the evidence, and with it (absent when the
    /// channel is not in the mix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_without_evidence_pct: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_pct: Option<u32>,
    pub advice: Advice,
    pub advice_because: Localized,
    /// More spend (USD) at which this channel's interval would separate from
    /// the best channel's, if their means hold (for `keep-testing`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spend_to_settle_usd: Option<f64>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CostFigures {
    pub cpi_usd: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpi_range: Option<Range>,
    /// Share of installs still active at the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_per_retained_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_per_retained_range: Option<Range>,
}

/// scale | keep-testing | stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Advice {
    /// The cheapest channel, clearly apart from the others: put money here.
    Scale,
    /// Its interval still overlaps the best channel's: more data decides.
    KeepTesting,
    /// Clearly dearer than the best channel: stop spending here.
    Stop,
}

/// What the allocation maximises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    Installs,
    RetainedUsers,
}

/// A declared judgement: a value we chose, with its range, confidence and why.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Judgement {
    pub value: f64,
    pub range: Range,
    pub confidence: crate::model::Level,
    pub reasoning: Localized,
}

/// The `--budget` split that maximises the expected outcome on concave
/// response curves, beside the proportional split.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Allocation {
    pub objective: Objective,
    /// Units of the budget's currency per US dollar (1 for USD).
    pub units_per_usd: f64,
    /// installs = scale × spend^elasticity (spend in USD per period).
    pub curve: Localized,
    /// The elasticity where no results fit one.
    pub elasticity: Judgement,
    /// The spend at which a benchmark's cost per install is taken to hold.
    pub reference_spend_usd: Judgement,
    /// The objective under the proportional split and under this one.
    pub proportional: Expected,
    pub optimised: Expected,
    pub channels: Vec<ChannelAllocation>,
}

/// An expected value with its range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct Expected {
    pub mid: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChannelAllocation {
    pub channel: ChannelId,
    /// In the budget's currency.
    pub proportional: f64,
    pub optimised: f64,
    /// Fixed with `--pin`.
    pub pinned: bool,
    /// Without a cost model the channel keeps its proportional part.
    pub optimised_by_curve: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub installs: Option<Expected>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retained_users: Option<Expected>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpi_usd: Option<Expected>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
}

/// One channel's response curve.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct Response {
    pub scale: f64,
    pub elasticity: f64,
    pub elasticity_range: Range,
    /// Fitted from results of two or more spend levels (else the judgement).
    pub fitted: bool,
    /// The cost per install the curve is calibrated to, and at what spend.
    pub cpi_usd: f64,
    pub cpi_range: Range,
    pub at_spend_usd: f64,
}

/// `--currency` with `--rate`: the rate the run used, as stated.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RateNote {
    pub currency: String,
    pub units_per_usd: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}
