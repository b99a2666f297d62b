//! The mix stage: turns an evaluated assessment into a channel mix (shares
//! within bounds that add up to 100), a test plan, and with `--budget` the
//! split of the money and the installs it buys.

mod channels;
pub mod curves;
pub mod learn;
mod plan;
mod shares;

pub use channels::channel_mix;
pub use plan::{apply_budget, test_plan};
pub use shares::{Bounds, exact_shares, round_shares, split_budget};

use crate::assessment::Assessment;
use crate::evaluate::{Evaluated, Subject};
use crate::load::Catalog;
use crate::model::ChannelId;
use anyhow::Result;
use std::collections::BTreeMap;

/// Completes an evaluated assessment with its channel mix and test plan.
pub fn complete(
    catalog: &Catalog,
    subject: Subject<'_>,
    evaluated: Evaluated,
) -> Result<Assessment> {
    Ok(complete_with_results(catalog, subject, evaluated, None)?.0)
}

/// [`complete`], with measured results: the evidence enters the mix as one
/// named factor per tested channel. Returns each tested channel's updated
/// cost model for the budget's curves.
pub fn complete_with_results(
    catalog: &Catalog,
    subject: Subject<'_>,
    evaluated: Evaluated,
    results: Option<&crate::model::Results>,
) -> Result<(Assessment, BTreeMap<ChannelId, learn::Updated>)> {
    let Evaluated {
        mut assessment,
        in_play,
        added,
        mut factors,
    } = evaluated;
    let learned =
        results.and_then(|r| learn::learn(r, subject.market, subject.industry.cpi_category));
    let mut models = BTreeMap::new();
    let before = match &learned {
        Some(learn::Learned {
            factors: evidence,
            updated,
            ..
        }) => {
            let (before, _) = channel_mix(catalog, subject, &in_play, &added, &factors)?;
            for (channel, factor) in evidence {
                if in_play.contains(channel) {
                    factors
                        .entry(*channel)
                        .or_default()
                        .push((learn::EVIDENCE.to_string(), *factor));
                }
            }
            models = updated.clone();
            Some(before)
        }
        None => None,
    };
    let (channels, traces) = channel_mix(catalog, subject, &in_play, &added, &factors)?;
    if let (Some(learn::Learned { mut learning, .. }), Some(before)) = (learned, before) {
        let share = |list: &[crate::assessment::ChannelShare], id| {
            list.iter().find(|c| c.id == id).map(|c| c.share_pct)
        };
        for evidence in &mut learning.channels {
            evidence.share_without_evidence_pct = share(&before, evidence.channel);
            evidence.share_pct = share(&channels, evidence.channel);
        }
        assessment.learning = Some(learning);
    }
    assessment.test_plan = test_plan(catalog, &channels);
    assessment.channels = channels;
    if let Some(trace) = &mut assessment.trace {
        trace.channels = traces;
    }
    Ok((assessment, models))
}
