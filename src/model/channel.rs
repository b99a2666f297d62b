//! The channel taxonomy: the article's own vocabulary, one id each (docs/data-model.md).

use super::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A channel id. The set is fixed by the design: scripts and tests outside the
/// code use these ids, so adding one is a change to the contract, not to data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ChannelId {
    PerformanceAds,
    SocialMedia,
    Creators,
    LiveHosts,
    LivePlatforms,
    Referral,
    Community,
    ContentSeo,
    Brand,
    AppStore,
    Partnerships,
}

pub const CHANNEL_IDS: [ChannelId; 11] = [
    ChannelId::PerformanceAds,
    ChannelId::SocialMedia,
    ChannelId::Creators,
    ChannelId::LiveHosts,
    ChannelId::LivePlatforms,
    ChannelId::Referral,
    ChannelId::Community,
    ChannelId::ContentSeo,
    ChannelId::Brand,
    ChannelId::AppStore,
    ChannelId::Partnerships,
];

impl ChannelId {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelId::PerformanceAds => "performance-ads",
            ChannelId::SocialMedia => "social-media",
            ChannelId::Creators => "creators",
            ChannelId::LiveHosts => "live-hosts",
            ChannelId::LivePlatforms => "live-platforms",
            ChannelId::Referral => "referral",
            ChannelId::Community => "community",
            ChannelId::ContentSeo => "content-seo",
            ChannelId::Brand => "brand",
            ChannelId::AppStore => "app-store",
            ChannelId::Partnerships => "partnerships",
        }
    }

    pub fn parse(id: &str) -> Option<ChannelId> {
        CHANNEL_IDS.into_iter().find(|c| c.as_str() == id)
    }
}

impl fmt::Display for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of `channels.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelInfo {
    pub id: ChannelId,
    pub name: Text,
    pub description: Text,
    /// What to measure when testing the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Text>,
}
