//! Industry profiles: what drives growth in an industry, the article's channel
//! emphasis as base weights, and what the product type demands of the network.

use super::{ChannelId, CpiCategory, Factor, Level, Source, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Industry {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drivers: Option<Vec<String>>,
    /// Base weight of each channel (a judgement from the article's table).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<ChannelId, Factor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realtime: Option<Realtime>,
    /// Promise ids the industry's marketing typically makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promises: Option<Vec<String>>,
    /// Users publish content others see (which brings moderation duties).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ugc: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_gifts: Option<bool>,
    /// Users are likely to include minors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minors_likely: Option<bool>,
    /// The product talks to users through an AI model (assistants, companions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversational_ai: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_barrier: Option<Level>,
    /// The product sells paid courses (which some markets license).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_courses: Option<bool>,
    /// Which cost-per-install benchmark category describes this industry's apps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpi_category: Option<CpiCategory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Realtime {
    #[serde(default)]
    pub media: Vec<Media>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Media {
    Voice,
    Video,
}
