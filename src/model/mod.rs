//! Typed profiles: the data model of docs/data-model.md.
//!
//! Everything a user can write in YAML is declared here, with `deny_unknown_fields`
//! and value checks that run while deserialising, so that a bad value is reported
//! by the YAML parser at its own line and column.

mod channel;
mod fields;
mod industry;
mod market;
mod origin;
mod product;
mod promise;
mod results;
mod rule;
mod values;
mod waiver;

pub use channel::{CHANNEL_IDS, ChannelId, ChannelInfo};
pub use fields::{Field, MARKET_FACTS, field_name};
pub use industry::{Industry, Media, Realtime};
pub use market::{
    Audience, AudienceTrait, Benchmark, Competition, Compliance, ContentModeration, CpiCategory,
    Devices, Law, LawTopic, Localization, Market, MarketChannel, MarketKind, Members, Network,
    Reach, Transfer,
};
pub use origin::{Origin, Provenance, ValueScope};
pub use product::{Capabilities, Intel, Product, ShareConstraint, Strength};
pub use promise::Promise;
pub use results::{MeasuredRow, ResultRow, Results};
pub use rule::{Check, ForEach, Rule, RuleEntry, Severity};
pub use values::{
    Citation, Cited, Factor, Level, Percent, Positive, Prose, Resolution, Source, SourceDate, Text,
    is_older_than_three_years,
};
pub use waiver::Waiver;

/// Fields renamed since the first data model, each with what it became and why;
/// an old name in a profile, a rule or `--set` is an error that says so.
pub const RENAMED_FIELDS: [(&str, &str); 7] = [
    (
        "mobile_latency_ms",
        "renamed to `idle_latency_ms`: the Ookla figure is idle latency to a nearby test server",
    ),
    (
        "coverage_4g_pct",
        "split: write `availability_4g_pct` (share of time on 4G, which this field held) or `population_coverage_4g_pct` (share of the population covered)",
    ),
    (
        "legacy_share_pct",
        "split: write `legacy_devices_pct` (users on 3G-or-older devices, which this field held) or `legacy_connections_pct` (connections on 2G/3G)",
    ),
    (
        "low_end_share_pct",
        "split: write `low_end_installed_pct` (devices in use) or `low_end_shipments_pct` (new shipments)",
    ),
    (
        "cpi_usd",
        "renamed to `cpi`, by app category: `cpi: {all-apps: 1.2}` or `cpi: {social: {low: 0.8, mid: 1.2, high: 1.9}}`",
    ),
    (
        "p95_latency_ms",
        "renamed to `p95_rtt_ms`: a round-trip time, the unit promises use (double a one-way figure)",
    ),
    (
        "max_latency_ms",
        "renamed to `max_rtt_ms`: a round-trip time (double a one-way bound)",
    ),
];

/// What became of a renamed field, if `name` is one.
pub fn renamed(name: &str) -> Option<&'static str> {
    RENAMED_FIELDS
        .iter()
        .find(|(old, _)| *old == name)
        .map(|(_, what)| *what)
}

impl crate::i18n::Labels {
    /// A rule's severity in the report's words.
    pub fn severity_word(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Info => self.info,
            Severity::Warn => self.warn,
            Severity::Block => self.block,
        }
    }

    /// A check's name in the report's words.
    pub fn check_name(&self, check: Check) -> &'static str {
        let index = Check::ALL.iter().position(|c| *c == check).unwrap_or(0);
        self.checks.get(index).copied().unwrap_or(check.as_str())
    }
}
