//! Market profiles: regions, and countries that `extends` a region.
//!
//! Every fact may be absent, and absent means unknown. Judgements of ours (fits,
//! audience traits, competitive intensity) carry their evidence and confidence.

use super::{ChannelId, Factor, Level, Percent, Positive, Prose, Source, SourceDate, Text};
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
    /// The market this one belongs to: a country's region, or the country of a
    /// city or a team's narrowed profile. What passes down is limited by scope
    /// (see `docs/data-model.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// For a region: the market ids of its key countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<Reach>,
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
    /// For a region: facts that hold in every member (an EU regulation, a store
    /// present in each country), each covered by a source marked `member_wide`.
    /// They reach the region's countries; nothing else the region states does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Box<Members>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Where each resolved value came from (filled when profiles are resolved).
    #[serde(skip)]
    #[schemars(skip)]
    pub provenance: super::Provenance,
}

/// Member-wide facts of a region, in the market's own shape.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Members {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<Reach>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<Devices>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<ChannelId, MarketChannel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Compliance>,
}

/// How many people an app can reach there (facts).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reach {
    /// People using mobile internet (GSMA, ITU, a regulator, DataReportal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub mobile_internet_users: Option<u64>,
    /// People using a smartphone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub smartphone_users: Option<u64>,
    /// People using the internet on any device (a national survey, DataReportal):
    /// wider than mobile internet users, for markets where no source counts those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub internet_users: Option<u64>,
}

/// Each field is one named metric; `docs/data-model.md` says where each comes from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Ookla Speedtest Global Index median mobile download, Mbps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_download_mbps: Option<Positive>,
    /// Ookla Speedtest Global Index median mobile latency: idle latency to a
    /// nearby test server, ms (not what a call across the network feels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_latency_ms: Option<Positive>,
    /// Share of time users spend on 4G or better (Opensignal, Ookla "4G availability"), %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_4g_pct: Option<Percent>,
    /// Share of the population within reach of a 4G signal (ITU, GSMA, regulators), %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population_coverage_4g_pct: Option<Percent>,
    /// Share of time 5G users spend on 5G (Opensignal "5G Availability"), %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_5g_pct: Option<Percent>,
    /// Share of mobile connections (subscriptions) on 2G or 3G, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_connections_pct: Option<Percent>,
    /// Share of mobile internet users on 3G-or-older devices or feature phones, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_devices_pct: Option<Percent>,
    /// Opensignal "Consistent Quality" for the whole country: share of tests
    /// meeting a video-calling bar, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_call_quality_pct: Option<Percent>,
    /// Opensignal "Video Experience" score for the whole country, 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_experience_score: Option<Percent>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Devices {
    /// StatCounter mobile OS share, Android (web traffic, not installed base), %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub android_share_pct: Option<Percent>,
    /// StatCounter mobile OS share, iOS, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ios_share_pct: Option<Percent>,
    /// Share of smartphones in use that are low-end (the source's price bound), %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_end_installed_pct: Option<Percent>,
    /// Share of new smartphone shipments in the low-end price band, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_end_shipments_pct: Option<Percent>,
    /// Non-Google, non-Apple app stores that matter there.
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
    pub evidence: Prose,
    pub confidence: Level,
}

/// How well a channel works in this market. `fit` 1.0 is neutral (a judgement).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketChannel {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit: Option<Factor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Prose>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platforms: Option<Vec<String>>,
    /// Cost-per-install benchmarks in this market by app category, USD (facts).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cpi: BTreeMap<CpiCategory, Benchmark>,
}

impl MarketChannel {
    /// The cost-per-install benchmark for apps of `category` where this market
    /// has one, else its all-apps benchmark; with the category it is for.
    pub fn cpi_for(&self, category: Option<CpiCategory>) -> Option<(CpiCategory, Benchmark)> {
        category
            .and_then(|c| self.cpi.get(&c).map(|b| (c, *b)))
            .or_else(|| {
                self.cpi
                    .get(&CpiCategory::AllApps)
                    .map(|b| (CpiCategory::AllApps, *b))
            })
    }
}

/// The app categories cost-per-install benchmarks are published for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CpiCategory {
    AllApps,
    Social,
    Dating,
    Education,
    Entertainment,
    Tools,
    GamesCasual,
}

impl CpiCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            CpiCategory::AllApps => "all-apps",
            CpiCategory::Social => "social",
            CpiCategory::Dating => "dating",
            CpiCategory::Education => "education",
            CpiCategory::Entertainment => "entertainment",
            CpiCategory::Tools => "tools",
            CpiCategory::GamesCasual => "games-casual",
        }
    }
}

/// A benchmark as published: one figure, or a range around a middle figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Benchmark {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<Positive>,
    pub mid: Positive,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<Positive>,
}

impl JsonSchema for Benchmark {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Benchmark".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let cost = serde_json::json!({"type": "number", "exclusiveMinimum": 0});
        schemars::json_schema!({
            "description": "A cost in USD, or the range a publisher gives.",
            "anyOf": [
                cost,
                {
                    "type": "object",
                    "properties": {"low": cost, "mid": cost, "high": cost},
                    "required": ["mid"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Benchmark {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Range {
            #[serde(default)]
            low: Option<Positive>,
            mid: Positive,
            #[serde(default)]
            high: Option<Positive>,
        }
        struct BenchmarkVisitor;
        impl<'de> de::Visitor<'de> for BenchmarkVisitor {
            type Value = Benchmark;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a cost in USD, or {low, mid, high}")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Benchmark, E> {
                let mid = Positive::deserialize(de::value::F64Deserializer::<E>::new(v))?;
                Ok(Benchmark {
                    low: None,
                    mid,
                    high: None,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Benchmark, E> {
                self.visit_f64(v as f64)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Benchmark, E> {
                self.visit_f64(v as f64)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Benchmark, A::Error> {
                let range = Range::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let ordered = range.low.is_none_or(|l| l.0 <= range.mid.0)
                    && range.high.is_none_or(|h| range.mid.0 <= h.0);
                if !ordered {
                    return Err(de::Error::custom(
                        "the range is out of order; expected low ≤ mid ≤ high",
                    ));
                }
                Ok(Benchmark {
                    low: range.low,
                    mid: range.mid,
                    high: range.high,
                })
            }
        }
        deserializer.deserialize_any(BenchmarkVisitor)
    }
}

/// How hard competitors push a channel (a judgement: evidence and confidence).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competition {
    pub intensity: Level,
    pub evidence: Prose,
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
    /// Platforms must register, notify, hold a licence or appoint a local representative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_moderation: Option<ContentModeration>,
    /// The age below which a child's data needs a parent's consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 21))]
    pub minor_consent_age: Option<u8>,
    /// Internet voice and video calls are blocked or need a licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realtime_calls_restricted: Option<bool>,
    /// Rules on virtual currencies, gifts, loot boxes or their cash-out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_gifts_restricted: Option<bool>,
    /// A national duty to tell users they are talking to an AI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_disclosure_required: Option<bool>,
    /// A national online-safety law makes platforms verify or estimate users' age.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_assurance_required: Option<bool>,
    /// The state has banned or blocked named foreign consumer apps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_apps_blocked: Option<bool>,
    /// Influencers or live hosts need a licence, permit or registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub influencer_licence_required: Option<bool>,
    /// Selling paid online courses needs a licence, permit or registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_course_licence_required: Option<bool>,
    /// The laws behind these fields, and duties of states or provinces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub laws: Option<Vec<Law>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Law {
    pub id: String,
    pub name: Prose,
    /// Where it applies when narrower than the market: `US-CA`, `BR-SP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    /// What it governs, so that rules can read the laws of a kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<LawTopic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<SourceDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Prose>,
}

/// What a law governs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LawTopic {
    Privacy,
    DataLocalization,
    DataTransfer,
    Registration,
    Representative,
    ContentModeration,
    Minors,
    AgeAssurance,
    VirtualGoods,
    AiDisclosure,
    AiCompanion,
    AppBlocking,
    InfluencerLicence,
    CourseLicence,
    Voip,
    Advertising,
    ConsumerProtection,
    Payments,
}
