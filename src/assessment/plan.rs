//! The plan part of the result: the test plan and the `--budget` split.

use super::SourceRef;
use crate::i18n::Localized;
use crate::model::{ChannelId, CpiCategory};
use schemars::JsonSchema;
use serde::Serialize;

/// A suggested test, one per test-first channel.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TestStep {
    pub channel: ChannelId,
    pub name: Localized,
    /// With `--budget`: a tenth of the total, at most the channel's whole part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_budget: Option<f64>,
    /// What to measure: cost per install, volume, retention.
    pub measure: Localized,
}

/// The `--budget` request: an amount in the currency's minor units, the
/// rate to US dollars (1 for USD), and the channels `--pin` fixes.
#[derive(Debug, Clone)]
pub struct BudgetRequest {
    pub minor: u64,
    pub currency: crate::money::Currency,
    /// How many units of `currency` one US dollar buys; none: not convertible.
    pub rate: Option<crate::money::Rate>,
    /// `--pin CHANNEL=AMOUNT`, in minor units of `currency`.
    pub pins: Vec<(ChannelId, u64)>,
}

/// The budget split as a whole, and the basis of its install estimates.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct BudgetSummary {
    pub amount: f64,
    pub currency: String,
    /// Installs across the channels with a cost benchmark (an estimate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_installs: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_installs_range: Option<super::Range>,
    /// The benchmarks the estimates rest on.
    pub estimates: Vec<Estimate>,
    pub note: Localized,
    /// The rate to US dollars the run was given (`--rate`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<super::RateNote>,
    /// The split that maximises the expected outcome, where costs are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation: Option<super::Allocation>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Estimate {
    pub channel: ChannelId,
    pub cpi_usd: f64,
    /// The app category of the benchmark (`all-apps` when none for the industry's).
    pub cpi_category: CpiCategory,
    pub sources: Vec<SourceRef>,
}
