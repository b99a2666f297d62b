//! Measured results of a channel test (`--results FILE`): one row per market ×
//! channel × period, with what was spent and what it bought.

use super::ChannelId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One measured period of one channel in one market, as written.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultRow {
    pub market: String,
    pub channel: ChannelId,
    /// The period measured: a label such as `2026-W44` or `2026-11`.
    pub period: String,
    /// What was spent, in `currency`.
    pub spend: f64,
    /// ISO 4217 code of `spend` (and `revenue`).
    pub currency: String,
    /// Installs attributed to the channel in the period.
    pub installs: u64,
    /// Of those installs, users still active at `horizon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retained: Option<u64>,
    /// When retention was measured: `d7`, `d30`… (one horizon per file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<f64>,
}

/// A results file, checked, with spend converted to US dollars (the unit of
/// the cost benchmarks).
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The file, as the user named it.
    pub file: String,
    pub rows: Vec<MeasuredRow>,
    /// The retention horizon all rows share, if any row gives retention.
    pub horizon: Option<String>,
}

/// A row with its spend in US dollars and the line it is written on.
#[derive(Debug, Clone)]
pub struct MeasuredRow {
    pub row: ResultRow,
    pub spend_usd: f64,
    pub line: usize,
}

impl Results {
    /// The rows for one market.
    pub fn for_market<'a>(&'a self, market: &'a str) -> impl Iterator<Item = &'a MeasuredRow> {
        self.rows.iter().filter(move |r| r.row.market == market)
    }
}
