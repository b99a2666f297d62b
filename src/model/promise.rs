//! What each marketing promise demands of the technology (`promises.yaml`),
//! from published real-time media thresholds (sources in `promises.yaml`).

use super::{Percent, Positive, Resolution, Source, Text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Promise {
    pub id: String,
    pub name: Text,
    /// Maximum round-trip time between users and the media servers, ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_rtt_ms: Option<Positive>,
    /// Maximum time to first frame or first response (p95), ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_first_frame_ms: Option<Positive>,
    /// Minimum sustained downlink, kbps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_downlink_kbps: Option<Positive>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_resolution: Option<Resolution>,
    /// Packet loss the stack must survive while keeping the promise, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_loss_tolerance_pct: Option<Percent>,
    /// What devices need, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}
