//! The ranking contract (`assess rank`): markets in order by keys that are all
//! printed, each with the one or two reasons that place it, and with a product
//! the rollout waves its stack can carry. docs/rankings.md describes the order.

use super::{Named, Verdict};
use crate::i18n::{Localized, TextMap, remap, remap_opt};
use crate::model::Check;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the ranking document (`schema_version`), bumped like the
/// report's: on a renamed or removed key, or a value that changes meaning.
pub const RANKING_SCHEMA_VERSION: u32 = 1;

/// The keys that order the markets, in the order they decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RankKey {
    /// pass, then not-assessed, then warn, then block.
    Verdict,
    /// Every check evaluated every rule, before those that could not.
    Complete,
    /// Fewer warn findings first.
    WarnFindings,
    /// More people online first; unknown last.
    Audience,
    /// Lower cost per install first; unknown last.
    CostPerInstall,
}

impl RankKey {
    pub const ORDER: [RankKey; 5] = [
        RankKey::Verdict,
        RankKey::Complete,
        RankKey::WarnFindings,
        RankKey::Audience,
        RankKey::CostPerInstall,
    ];

    pub fn name(self) -> Localized {
        match self {
            RankKey::Verdict => Localized::new("verdict", "结论"),
            RankKey::Complete => Localized::new("complete", "完整性"),
            RankKey::WarnFindings => Localized::new("warn findings", "警告数"),
            RankKey::Audience => Localized::new("people online", "上网人数"),
            RankKey::CostPerInstall => Localized::new("cost per install", "单次安装成本"),
        }
    }
}

/// Markets in order, and how they got there.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Ranking {
    pub industry: Named,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<Named>,
    /// The keys that order the markets, first decides first.
    pub order: Vec<RankKey>,
    pub markets: Vec<RankedMarket>,
    /// With a product: which markets its stack serves, and the waves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollout: Option<Rollout>,
    /// With `--explain`: each market against the next, key by key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparisons: Option<Vec<Comparison>>,
    /// With `--baseline`: the markets whose place changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moves: Option<Vec<Move>>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RankedMarket {
    /// Equal keys share a rank (1, 1, 3).
    pub rank: usize,
    pub market: Named,
    pub verdict: Verdict,
    pub complete: bool,
    /// The checks that could not evaluate every rule.
    pub incomplete_checks: Vec<Check>,
    /// What blocks it: the block findings.
    pub blocks: Vec<Issue>,
    /// The warn findings.
    pub warns: Vec<Issue>,
    /// People online, where a source counts them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// The market's own performance-ads cost per install, where a source gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_per_install: Option<CostPerInstall>,
    /// The one or two reasons for its place: against the market above, and
    /// against the one below.
    pub reasons: Vec<Localized>,
    /// With a product: whether its stack serves this market.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<StackFit>,
}

/// A warn or block finding, as the ranking names it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Issue {
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub message: Localized,
}

/// A count of people online and what it counts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Audience {
    pub people: u64,
    /// The market field it comes from: `reach.mobile_internet_users`,
    /// `reach.smartphone_users` or `reach.internet_users`.
    pub field: String,
    /// What the field counts, in words.
    pub counts: Localized,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CostPerInstall {
    pub usd: f64,
    /// The app category of the benchmark (`social`, or `all-apps` where the
    /// market has none for the industry's category).
    pub category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
}

/// How a product's stack meets one market.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Fit {
    /// A local edge, within the tightest latency promise (or none is made).
    Local,
    /// A local edge, but the p95 round-trip time exceeds the promise.
    OverPromise,
    /// A local edge, and no p95 round-trip time for this market.
    LatencyUnknown,
    /// No media edge covers the market.
    NoEdge,
    /// The product does not say where its edges are.
    EdgeUnknown,
    /// The industry carries no real-time media: the edge does not matter.
    NotRealtime,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StackFit {
    pub fit: Fit,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p95_rtt_ms: Option<f64>,
    /// The tightest round-trip bound of the promises made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_rtt_ms: Option<f64>,
    /// The rule whose finding says so, quoted in `quote`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Localized>,
}

/// broad | concentrate | fix-the-stack: what the stack's reach allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Breadth {
    /// The stack covers every market ranked (or the edge does not matter).
    Broad,
    /// It covers some: launch those, the rest wait for the stack.
    Concentrate,
    /// It serves none within its promise.
    FixTheStack,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Rollout {
    pub breadth: Breadth,
    pub summary: Localized,
    /// Non-empty waves in order: launch, measure-first, after-the-stack, hold.
    pub waves: Vec<Wave>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WaveId {
    /// Not blocked, served within the promise: launch together.
    Launch,
    /// Not blocked, latency or edge unknown: measure before launch.
    MeasureFirst,
    /// Not blocked, but the stack does not reach it within the promise.
    AfterTheStack,
    /// Blocked: not before what blocks it is resolved.
    Hold,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Wave {
    pub id: WaveId,
    pub name: Localized,
    /// Market ids in rank order.
    pub markets: Vec<String>,
    pub because: Localized,
}

/// One market against the next, key by key (`--explain`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Comparison {
    pub above: String,
    pub below: String,
    pub keys: Vec<KeyComparison>,
    /// The first key that differs; none when they share a rank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<RankKey>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KeyComparison {
    pub key: RankKey,
    pub above: Localized,
    pub below: Localized,
    /// The market ahead on this key; absent when they are equal on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ahead: Option<String>,
}

/// A market whose place changed since `--baseline`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Move {
    pub market: String,
    /// Its rank in the baseline; none when it was not ranked there.
    pub from: Option<usize>,
    /// Its rank now; none when it is not ranked now.
    pub to: Option<usize>,
}

/// The ranking document (`assess rank --format json`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct RankingDocument<'a> {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub ranking: &'a Ranking,
    /// `--fail-on moved`, when given: whether it tripped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate_tripped: Option<bool>,
}

/// The parts of an earlier ranking document that `--baseline` needs.
#[derive(Debug, Deserialize)]
pub struct EarlierRanking {
    pub schema_version: u32,
    pub ranking: EarlierMarkets,
}

#[derive(Debug, Deserialize)]
pub struct EarlierMarkets {
    pub markets: Vec<EarlierPlace>,
}

#[derive(Debug, Deserialize)]
pub struct EarlierPlace {
    pub rank: usize,
    pub market: EarlierId,
}

#[derive(Debug, Deserialize)]
pub struct EarlierId {
    pub id: String,
}

impl Ranking {
    /// Applies `f` to every text that came from data (names, ids, messages,
    /// quotes, sources), as an output's escaping policy needs.
    pub fn map_texts(&mut self, f: &TextMap) {
        let named = |n: &mut Named| {
            remap(&mut n.id, f);
            n.name.map(f);
        };
        named(&mut self.industry);
        if let Some(product) = &mut self.product {
            named(product);
        }
        for market in &mut self.markets {
            named(&mut market.market);
            for issue in market.blocks.iter_mut().chain(market.warns.iter_mut()) {
                remap(&mut issue.rule, f);
                remap_opt(&mut issue.item, f);
                issue.message.map(f);
            }
            if let Some(audience) = &mut market.audience {
                remap_opt(&mut audience.source, f);
            }
            if let Some(cost) = &mut market.cost_per_install {
                remap_opt(&mut cost.source, f);
            }
            market.reasons.iter_mut().for_each(|r| r.map(f));
            if let Some(quote) = market.stack.as_mut().and_then(|s| s.quote.as_mut()) {
                quote.map(f);
            }
        }
        if let Some(rollout) = &mut self.rollout {
            rollout.summary.map(f);
            for wave in &mut rollout.waves {
                wave.markets.iter_mut().for_each(|m| remap(m, f));
            }
        }
        for comparison in self.comparisons.iter_mut().flatten() {
            remap(&mut comparison.above, f);
            remap(&mut comparison.below, f);
            for key in &mut comparison.keys {
                key.above.map(f);
                key.below.map(f);
                remap_opt(&mut key.ahead, f);
            }
        }
        for step in self.moves.iter_mut().flatten() {
            remap(&mut step.market, f);
        }
    }
}
