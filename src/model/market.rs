//! Market profiles: regions, and countries that `extends` a region.
//!
//! Every fact may be absent, and absent means unknown. Judgements of ours (fits,
//! audience traits, competitive intensity) carry their evidence and confidence.

use super::{ChannelId, Level, Percent, Positive, Source, SourceDate, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MarketKind {
    Region,
    Country,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Market {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MarketKind>,
    /// The region a country belongs to; the country inherits what it does not state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// For a region: the market ids of its key countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<Devices>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<ChannelId, MarketChannel>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub competition: BTreeMap<ChannelId, Competition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Compliance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// Each field is one named metric (DESIGN.md §3).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Ookla Speedtest median mobile download, Mbps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_download_mbps: Option<Positive>,
    /// Median mobile latency, ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_latency_ms: Option<Positive>,
    /// 4G availability or population coverage (the source says which), %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_4g_pct: Option<Percent>,
    /// Share of time on 5G (Opensignal "5G availability"), %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_5g_pct: Option<Percent>,
    /// Share of mobile connections (or mobile-internet subscribers) on 2G/3G, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_share_pct: Option<Percent>,
    /// Opensignal "Consistent Quality": share of tests meeting a video-calling bar, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_call_quality_pct: Option<Percent>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Devices {
    /// Share of devices that are low-end (entry-level smartphones, feature phones), %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_end_share_pct: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub android_share_pct: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ios_share_pct: Option<Percent>,
    /// Non-Google app stores that matter there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_stores: Option<Vec<String>>,
}

/// The article's audience traits, each a judgement with its evidence.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_sensitivity: Option<AudienceTrait>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactivity_appetite: Option<AudienceTrait>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_expectation: Option<AudienceTrait>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceTrait {
    pub level: Level,
    pub evidence: String,
    pub confidence: Level,
}

/// How well a channel works in this market. `fit` 1.0 is neutral (a judgement).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketChannel {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit: Option<Positive>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platforms: Option<Vec<String>>,
    /// A cost-per-install benchmark for this channel in this market, USD (a fact: sourced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpi_usd: Option<Positive>,
}

/// How hard competitors push a channel (a judgement: evidence and confidence).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competition {
    pub intensity: Level,
    pub evidence: String,
    pub confidence: Level,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Localization {
    None,
    Sectoral,
    Conditional,
    Copy,
    Strict,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Transfer {
    Free,
    Contracts,
    Consent,
    Approval,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ContentModeration {
    Light,
    Moderate,
    Strict,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compliance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_localization: Option<Localization>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_border_transfer: Option<Transfer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_moderation: Option<ContentModeration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 21))]
    pub minor_consent_age: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realtime_calls_restricted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_gifts_restricted: Option<bool>,
    /// Rules on AI chatbots or companions (disclosure, minors), where a source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_disclosure_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub laws: Option<Vec<Law>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Law {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<SourceDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
