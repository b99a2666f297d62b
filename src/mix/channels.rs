//! The channel mix of one assessment: base weights from the industry, times the
//! market's fit, times the multipliers of fired rules, bounded and rounded (see
//! [`super::shares`]), ranked, with the first three marked to test first.

use super::shares::{self, Bounds};
use crate::assessment::{ChannelShare, ChannelTrace, WeightStep};
use crate::evaluate::Subject;
use crate::i18n::Localized;
use crate::load::Catalog;
use crate::model::ChannelId;
use anyhow::Result;
use std::collections::BTreeMap;

/// The channel mix of one evaluated assessment: each channel's share, ranked,
/// with the arithmetic behind it.
pub fn channel_mix(
    catalog: &Catalog,
    subject: Subject<'_>,
    in_play: &[ChannelId],
    added: &BTreeMap<ChannelId, (f64, String)>,
    factors: &BTreeMap<ChannelId, Vec<(String, f64)>>,
) -> Result<(Vec<ChannelShare>, Vec<ChannelTrace>)> {
    let weight = |id: &ChannelId| {
        subject
            .industry
            .channels
            .get(id)
            .map(|w| w.0)
            .or_else(|| added.get(id).map(|(w, _)| *w))
            .unwrap_or(0.0)
    };
    let fit = |id: &ChannelId| {
        subject
            .market
            .channels
            .get(id)
            .and_then(|c| c.fit)
            .map_or(1.0, |f| f.0)
    };
    let raw: Vec<f64> = in_play
        .iter()
        .map(|id| {
            let product: f64 = factors
                .get(id)
                .map_or(1.0, |f| f.iter().map(|(_, x)| x).product());
            weight(id) * fit(id) * product
        })
        .collect();
    let bounds: Vec<Bounds> = in_play
        .iter()
        .map(|id| {
            let constraint = subject.product.and_then(|p| p.constraints.get(id));
            Bounds {
                min: constraint.and_then(|c| c.min_pct).map_or(0.0, |p| p.0),
                max: constraint.and_then(|c| c.max_pct).map_or(100.0, |p| p.0),
            }
        })
        .collect();
    let label = match subject.product {
        Some(p) => format!("{} × {} × {}", subject.market.id, subject.industry.id, p.id),
        None => format!("{} × {}", subject.market.id, subject.industry.id),
    };
    let total: f64 = raw.iter().sum();
    if !total.is_finite() || total <= 0.0 {
        let rules: Vec<&str> = factors
            .values()
            .flatten()
            .map(|(rule, _)| rule.as_str())
            .collect();
        anyhow::bail!(
            "{label}: the channel weights multiply to {total}, which cannot be shared out; expected the base weights, fits and rule adjustments ({}) to keep each weight finite and above 0",
            rules.join(", ")
        );
    }
    let exact = shares::exact_shares(&raw, &bounds).map_err(|e| match subject.product {
        Some(p) => {
            let at = p
                .constraints_at
                .as_ref()
                .map(|(file, line, column)| format!("{file}:{line}:{column}: "))
                .unwrap_or_default();
            anyhow::anyhow!("{at}product `{}` in {label}: {e}", p.id)
        }
        None => anyhow::anyhow!("{label}: {e}"),
    })?;
    let rounded = shares::round_shares(&exact, &bounds);
    let raw_total: f64 = raw.iter().sum();
    let traces = in_play
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut running = weight(id) * fit(id);
            let steps = factors
                .get(id)
                .into_iter()
                .flatten()
                .map(|(rule, factor)| {
                    running *= factor;
                    WeightStep {
                        rule: rule.clone(),
                        factor: *factor,
                        weight_after: running,
                    }
                })
                .collect();
            ChannelTrace {
                channel: *id,
                base_weight: weight(id),
                fit: fit(id),
                steps,
                raw_weight: raw[i],
                proportional_pct: if raw_total > 0.0 {
                    raw[i] / raw_total * 100.0
                } else {
                    0.0
                },
                min_pct: bounds[i].min,
                max_pct: bounds[i].max,
                exact_pct: exact[i],
                share_pct: rounded[i],
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..in_play.len()).collect();
    order.sort_by(|&a, &b| {
        rounded[b]
            .cmp(&rounded[a])
            .then(exact[b].total_cmp(&exact[a]))
            .then(a.cmp(&b))
    });
    let shares = order
        .into_iter()
        .filter(|&i| rounded[i] > 0)
        .enumerate()
        .map(|(rank, i)| {
            let id = in_play[i];
            let channel_factors = factors.get(&id).cloned().unwrap_or_default();
            let mut because: Vec<String> =
                added.get(&id).map(|(_, r)| r.clone()).into_iter().collect();
            for (rule, _) in &channel_factors {
                if !because.contains(rule) {
                    because.push(rule.clone());
                }
            }
            ChannelShare {
                id,
                name: Localized::from(&catalog.channel_name(id)),
                rank: rank + 1,
                share_pct: rounded[i],
                test_first: rank < 3,
                platforms: subject
                    .market
                    .channels
                    .get(&id)
                    .and_then(|c| c.platforms.clone())
                    .unwrap_or_default(),
                because,
                budget: None,
                expected_installs: None,
                expected_installs_range: None,
                weight: weight(&id),
                fit: fit(&id),
                factors: channel_factors,
            }
        })
        .collect();
    Ok((shares, traces))
}
