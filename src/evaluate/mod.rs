//! Evaluation: runs every rule for a market × industry × product over the
//! validated catalog, gathers findings (with their evidence, origins and
//! citations) into the four checks, applies waivers and decides verdicts. It
//! hands the mix stage the channels in play and the multipliers fired rules
//! set. Texts are written in both languages: one evaluation serves every output.

mod bindings;
mod cite;
mod engine;
mod fire;
mod rules;
mod session;
mod values;

pub use bindings::local_view;
pub use cite::month_year;
pub use engine::{Outcome, Scope, evaluate, evidence};
pub use session::Session;
pub use values::{Data, interpolate, lookup};

use crate::assessment::Assessment;
use crate::model::{ChannelId, Industry, Market, Product, Severity, Waiver};
use std::collections::BTreeMap;

/// Options of one assessment beyond what is assessed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Record a trace of every rule and of the mix arithmetic.
    pub explain: bool,
    /// Findings accepted on the record; expired ones do not apply.
    pub waivers: &'a [Waiver],
    /// The date waiver expiry is judged against (YYYY-MM-DD).
    pub as_of: &'a str,
    /// Severities the team set for rules in this market, later ones winning.
    pub severities: &'a [SeveritySetting],
}

impl Options<'_> {
    /// A rule's severity in this run: the team's, else the rule's own.
    pub fn severity(&self, rule: &crate::load::CompiledRule) -> Severity {
        self.severity_setting(rule)
            .map_or(rule.rule.severity, |s| s.level)
    }

    /// The team's setting that decides a rule's severity, if any.
    pub fn severity_setting(&self, rule: &crate::load::CompiledRule) -> Option<&SeveritySetting> {
        self.severities
            .iter()
            .rev()
            .find(|s| s.rule == rule.rule.id)
    }
}

/// A severity a team set for a rule (`--severity`, `ASSESS_SEVERITY` or
/// `[[severity]]` in assess.toml), in every market or only in some.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeveritySetting {
    pub rule: String,
    pub level: Severity,
    /// Only in these markets (ids); in every market when absent.
    pub markets: Option<Vec<String>>,
    /// Where it was set, as findings name it: `--severity`, a variable, `assess.toml:12`.
    pub origin: String,
    /// `file:line:column` of the rule id, for errors, when a file set it.
    pub located: Option<String>,
}

impl SeveritySetting {
    /// Whether it applies in a market.
    pub fn applies_in(&self, market: &str) -> bool {
        self.markets
            .as_ref()
            .is_none_or(|markets| markets.iter().any(|m| m == market))
    }

    /// `rule=level`, and the markets it is limited to.
    pub fn describe(&self) -> String {
        let level = self.level.as_str();
        match &self.markets {
            Some(markets) => format!("{}={level} in {}", self.rule, markets.join(" ")),
            None => format!("{}={level}", self.rule),
        }
    }

    /// The settings that apply in a market, ordered so that the last one for a
    /// rule decides: a setting for named markets wins over one for all.
    pub fn for_market(settings: &[SeveritySetting], market: &str) -> Vec<SeveritySetting> {
        let (general, specific): (Vec<_>, Vec<_>) = settings
            .iter()
            .filter(|s| s.applies_in(market))
            .cloned()
            .partition(|s| s.markets.is_none());
        general.into_iter().chain(specific).collect()
    }
}

/// What is assessed.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub market: &'a Market,
    pub industry: &'a Industry,
    pub product: Option<&'a Product>,
}

/// What evaluation hands to the mix stage: the assessment without its channels,
/// and what the fired rules decided about them.
#[derive(Debug)]
pub struct Evaluated {
    /// Complete but for `channels`, `test_plan` and the trace's channels.
    pub assessment: Assessment,
    /// The industry's channels and those fired rules added, sorted.
    pub in_play: Vec<ChannelId>,
    /// Channels fired rules brought into the mix: their base weight and the rule.
    pub added: BTreeMap<ChannelId, (f64, String)>,
    /// Each channel's multipliers, with the rule that set them.
    pub factors: BTreeMap<ChannelId, Vec<(String, f64)>>,
}
