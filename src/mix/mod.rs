//! The mix stage: turns an evaluated assessment into a channel mix (shares
//! within bounds that add up to 100), a test plan, and with `--budget` the
//! split of the money and the installs it buys.

mod channels;
mod plan;
mod shares;

pub use channels::channel_mix;
pub use plan::{apply_budget, test_plan};
pub use shares::{Bounds, exact_shares, round_shares, split_budget};

use crate::assessment::Assessment;
use crate::evaluate::{Evaluated, Subject};
use crate::load::Catalog;
use anyhow::Result;

/// Completes an evaluated assessment with its channel mix and test plan.
pub fn complete(
    catalog: &Catalog,
    subject: Subject<'_>,
    evaluated: Evaluated,
) -> Result<Assessment> {
    let Evaluated {
        mut assessment,
        in_play,
        added,
        factors,
    } = evaluated;
    let (channels, traces) = channel_mix(catalog, subject, &in_play, &added, &factors)?;
    assessment.test_plan = test_plan(catalog, &channels);
    assessment.channels = channels;
    if let Some(trace) = &mut assessment.trace {
        trace.channels = traces;
    }
    Ok(assessment)
}
