//! Typed profiles: the data model of DESIGN.md §3.
//!
//! Everything a user can write in YAML is declared here, with `deny_unknown_fields`
//! and value checks that run while deserialising, so that a bad value is reported
//! by the YAML parser at its own line and column.

mod channel;
mod industry;
mod market;
mod product;
mod promise;
mod rule;
mod values;
mod waiver;

pub use channel::{CHANNEL_IDS, ChannelId, ChannelInfo};
pub use industry::{Industry, Media, Realtime};
pub use market::{
    Audience, AudienceTrait, Competition, Compliance, ContentModeration, Devices, Law,
    Localization, Market, MarketChannel, MarketKind, Network, Transfer,
};
pub use product::{Capabilities, Product, ShareConstraint, Strength};
pub use promise::Promise;
pub use rule::{Check, ForEach, Rule, RuleEntry, Severity};
pub use values::{Level, Percent, Positive, Resolution, Source, SourceDate, Text};
pub use waiver::Waiver;
