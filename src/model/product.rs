//! The team's own product (`--product FILE`): what it promises and what its
//! technology can deliver, where.

use super::{ChannelId, Level, Percent, Positive, Prose, Resolution, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// Default industry when `--industry` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Promise ids the product's marketing makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promises: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<Capabilities>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_cpi_usd: Option<Positive>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strengths: Option<Vec<Strength>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub constraints: BTreeMap<ChannelId, ShareConstraint>,
    /// Your own competitive intel: how hard competitors push each channel.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub competition: BTreeMap<ChannelId, Intel>,
    /// Findings accepted on the record (see `assess --help`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<super::Waiver>,
    /// Where the share constraints are written (file, line, column), for
    /// errors about them; set when the product is loaded from a file.
    #[serde(skip)]
    #[schemars(skip)]
    pub constraints_at: Option<(String, usize, usize)>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    /// Market ids with media servers / PoPs (a region covers its countries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge_regions: Option<Vec<String>>,
    /// Measured p95 round-trip time between users and the media servers, by
    /// market id, ms (a one-way figure doubled is a fair estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p95_rtt_ms: Option<BTreeMap<String, Positive>>,
    /// Packet loss the stack survives while keeping its promises, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packet_loss_tolerance_pct: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_resolution: Option<Resolution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_end_devices: Option<bool>,
    /// Market ids where user data can stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_residency: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_moderation: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_assurance: Option<bool>,
    /// The product tells users when they talk to an AI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_disclosure: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    Technology,
    RegionalFamiliarity,
    ProductInnovation,
}

/// What the team knows of competitors' push in one channel.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intel {
    pub intensity: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Prose>,
}

/// Bounds on one channel's share of the mix, in percent.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareConstraint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pct: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pct: Option<Percent>,
}
