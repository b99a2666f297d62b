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
use crate::model::{ChannelId, Industry, Market, Product, Waiver};
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
