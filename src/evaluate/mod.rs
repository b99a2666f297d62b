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

pub use cite::month_year;
pub use engine::{Outcome, Scope, evaluate, evidence};
pub use session::Session;
pub use values::{Data, interpolate, lookup};

use crate::assessment::Assessment;
use crate::model::{ChannelId, Industry, Market, Product, Severity, Waiver};
use std::collections::BTreeMap;

/// Options of one assessment beyond what is assessed.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Record a trace of every rule and of the mix arithmetic.
    pub explain: bool,
    /// Findings accepted on the record; expired ones do not apply.
    pub waivers: &'a [Waiver],
    /// The date waiver expiry is judged against (YYYY-MM-DD).
    pub as_of: &'a str,
    /// Severities the team set for rules (`--severity RULE=LEVEL`).
    pub severities: &'a BTreeMap<String, Severity>,
}

static NO_SEVERITIES: BTreeMap<String, Severity> = BTreeMap::new();

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            explain: false,
            waivers: &[],
            as_of: "",
            severities: &NO_SEVERITIES,
        }
    }
}

impl Options<'_> {
    /// A rule's severity in this run: the team's, else the rule's own.
    pub fn severity(&self, rule: &crate::load::CompiledRule) -> Severity {
        self.severities
            .get(&rule.rule.id)
            .copied()
            .unwrap_or(rule.rule.severity)
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
