//! Learning from measured results (`--results`): each tested channel's cost
//! per install and retention are combined with the prior by credibility
//! weighting, so evidence counts by its size; the ratio of prior to updated
//! cost per retained user becomes the channel's `evidence` factor; and each
//! channel gets focus advice from its 90% interval against the best one's.
//!
//! The rule, stated: cost per install is the posterior mean of a Gamma–Poisson
//! model whose prior is worth `PRIOR_INSTALLS` installs at the prior cost:
//! (k × prior + spend) ÷ (k + installs). Retention is the posterior mean of a
//! Beta–Binomial model whose prior is worth `PRIOR_USERS` users at the pooled
//! retention: (k × prior + retained) ÷ (k + installs). Intervals: the Gamma's
//! by the Wilson–Hilferty approximation, the Beta's by the normal one.

use crate::assessment::{Advice, ChannelEvidence, CostFigures, Learning, Range};
use crate::i18n::Localized;
use crate::model::{ChannelId, CpiCategory, Market, MeasuredRow, Results};
use std::collections::BTreeMap;

/// How many installs the prior cost per install is worth (a declared judgement).
pub const PRIOR_INSTALLS: f64 = 50.0;
/// How many users the prior retention is worth (a declared judgement).
pub const PRIOR_USERS: f64 = 50.0;
/// The normal quantile of a two-sided 90% interval.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// The name the evidence factor carries in the mix arithmetic.
pub const EVIDENCE: &str = "evidence";

/// One channel's updated cost model, for the allocation's curves.
#[derive(Debug, Clone)]
pub struct Updated {
    pub cpi_usd: f64,
    pub cpi_range: Range,
    pub retention: Option<f64>,
    /// The average spend per period measured, where the curve is calibrated.
    pub spend_per_period_usd: f64,
    /// (spend in USD, installs) per period, for fitting the curve's elasticity.
    pub points: Vec<(f64, f64)>,
}

/// What `--results` taught about one market.
#[derive(Debug, Clone)]
pub struct Learned {
    pub learning: Learning,
    /// The `evidence` factor of each tested channel.
    pub factors: BTreeMap<ChannelId, f64>,
    /// Each tested channel's updated cost model.
    pub updated: BTreeMap<ChannelId, Updated>,
}

/// The Gamma(shape, rate) quantile at normal quantile `z` (Wilson–Hilferty).
fn gamma_quantile(shape: f64, rate: f64, z: f64) -> f64 {
    let c = 1.0 / (9.0 * shape);
    let cube = (1.0 - c + z * c.sqrt()).max(0.0).powi(3);
    shape * cube / rate
}

/// The updated cost per install and its 90% interval, from a prior cost and
/// what was measured.
pub fn update_cpi(prior_cpi: f64, spend: f64, installs: u64) -> (f64, Range) {
    let shape = PRIOR_INSTALLS + installs as f64;
    let rate = PRIOR_INSTALLS * prior_cpi + spend;
    // Installs per dollar is Gamma(shape, rate); its inverse is the cost.
    let high_rate = gamma_quantile(shape, rate, Z90);
    let low_rate = gamma_quantile(shape, rate, -Z90);
    let range = Range {
        low: if high_rate > 0.0 {
            1.0 / high_rate
        } else {
            f64::INFINITY
        },
        high: if low_rate > 0.0 {
            1.0 / low_rate
        } else {
            f64::INFINITY
        },
    };
    (rate / shape, range)
}

/// The updated retention and its 90% interval.
pub fn update_retention(prior: f64, retained: u64, installs: u64) -> (f64, Range) {
    let a = PRIOR_USERS * prior + retained as f64;
    let b = PRIOR_USERS * (1.0 - prior) + (installs - retained.min(installs)) as f64;
    let mean = a / (a + b);
    let half = Z90 * (mean * (1.0 - mean) / (a + b + 1.0)).sqrt();
    (
        mean,
        Range {
            low: (mean - half).max(0.0),
            high: (mean + half).min(1.0),
        },
    )
}

struct Totals {
    spend: f64,
    installs: u64,
    retained: Option<u64>,
    /// Installs of the rows that give retention.
    installs_with_retention: u64,
    periods: usize,
}

fn totals(rows: &[&MeasuredRow]) -> Totals {
    let with_retention: Vec<&&MeasuredRow> =
        rows.iter().filter(|r| r.row.retained.is_some()).collect();
    Totals {
        spend: rows.iter().map(|r| r.spend_usd).sum(),
        installs: rows.iter().map(|r| r.row.installs).sum(),
        retained: (!with_retention.is_empty())
            .then(|| with_retention.iter().filter_map(|r| r.row.retained).sum()),
        installs_with_retention: with_retention.iter().map(|r| r.row.installs).sum(),
        periods: rows.len(),
    }
}

/// What `--results` says about `market`: the evidence per tested channel and
/// the factor each puts on its weight. None when no row is for this market.
pub fn learn(results: &Results, market: &Market, category: Option<CpiCategory>) -> Option<Learned> {
    let grouped = crate::load::results::by_channel(results, &market.id);
    if grouped.is_empty() {
        return None;
    }
    let all: Vec<&MeasuredRow> = grouped.values().flatten().copied().collect();
    let pooled = totals(&all);
    let pooled_cpi = (pooled.installs > 0).then(|| pooled.spend / pooled.installs as f64);
    let pooled_retention = pooled.retained.and_then(|r| {
        (pooled.installs_with_retention > 0)
            .then(|| r as f64 / pooled.installs_with_retention as f64)
    });
    let mut channels = Vec::new();
    let mut factors = BTreeMap::new();
    let mut updated_models = BTreeMap::new();
    for (channel, rows) in &grouped {
        let t = totals(rows);
        let benchmark = market
            .channels
            .get(channel)
            .and_then(|c| c.cpi_for(category))
            .map(|(_, b)| b.mid.0);
        let (prior_cpi, basis) = match (benchmark, pooled_cpi) {
            (Some(b), _) => (b, "benchmark"),
            (None, Some(p)) => (p, "pooled"),
            // Nothing installed anywhere and no benchmark: nothing to learn from.
            (None, None) => continue,
        };
        let (cpi, cpi_range) = update_cpi(prior_cpi, t.spend, t.installs);
        let retention = match (pooled_retention, t.retained) {
            (Some(prior), Some(retained)) => Some((
                prior,
                update_retention(prior, retained, t.installs_with_retention),
            )),
            (Some(prior), None) => Some((
                prior,
                (
                    prior,
                    Range {
                        low: prior,
                        high: prior,
                    },
                ),
            )),
            _ => None,
        };
        let per_retained = |cost: f64, r: Option<f64>| r.filter(|r| *r > 0.0).map(|r| cost / r);
        let prior_cost = per_retained(prior_cpi, retention.map(|r| r.0)).unwrap_or(prior_cpi);
        let updated_cost = per_retained(cpi, retention.map(|r| r.1.0)).unwrap_or(cpi);
        let updated_cost_range = match retention {
            Some((_, (_, r))) if r.low > 0.0 => Range {
                low: cpi_range.low / r.high.max(f64::MIN_POSITIVE),
                high: cpi_range.high / r.low,
            },
            _ => cpi_range,
        };
        // Bounded inputs keep this finite; a guard keeps the mix defined anyway.
        let factor = Some(prior_cost / updated_cost)
            .filter(|f| f.is_finite() && *f > 0.0)
            .unwrap_or(1.0);
        factors.insert(*channel, factor);
        updated_models.insert(
            *channel,
            Updated {
                cpi_usd: cpi,
                cpi_range,
                retention: retention.map(|r| r.1.0),
                spend_per_period_usd: t.spend / t.periods.max(1) as f64,
                points: rows
                    .iter()
                    .map(|r| (r.spend_usd, r.row.installs as f64))
                    .collect(),
            },
        );
        let measured_retention = t.retained.and_then(|r| {
            (t.installs_with_retention > 0).then(|| r as f64 / t.installs_with_retention as f64)
        });
        let measured_cpi = if t.installs > 0 {
            t.spend / t.installs as f64
        } else {
            f64::INFINITY
        };
        channels.push(ChannelEvidence {
            channel: *channel,
            spend_usd: t.spend,
            installs: t.installs,
            retained: t.retained,
            prior_basis: basis.to_string(),
            prior: CostFigures {
                cpi_usd: prior_cpi,
                cpi_range: None,
                retention: retention.map(|r| r.0),
                cost_per_retained_usd: retention.map(|_| prior_cost),
                cost_per_retained_range: None,
            },
            measured: CostFigures {
                cpi_usd: measured_cpi,
                cpi_range: None,
                retention: measured_retention,
                cost_per_retained_usd: measured_retention
                    .filter(|r| *r > 0.0)
                    .map(|r| measured_cpi / r),
                cost_per_retained_range: None,
            },
            updated: CostFigures {
                cpi_usd: cpi,
                cpi_range: Some(cpi_range),
                retention: retention.map(|r| r.1.0),
                cost_per_retained_usd: retention.map(|_| updated_cost),
                cost_per_retained_range: retention.map(|_| updated_cost_range),
            },
            factor,
            share_without_evidence_pct: None,
            share_pct: None,
            advice: Advice::KeepTesting,
            advice_because: Localized::default(),
            spend_to_settle_usd: None,
        });
    }
    advise(&mut channels);
    let learning = Learning {
        file: results.file.clone(),
        rows: all.len(),
        horizon: results.horizon.clone(),
        method: Localized::new(
            format!(
                "Credibility weighting: a channel's cost per install is (k × prior + spend) ÷ (k + installs) with k = {PRIOR_INSTALLS} installs (the Gamma–Poisson posterior mean), and its retention (k × prior + retained) ÷ (k + installs) with k = {PRIOR_USERS} users (Beta–Binomial); the prior is the market's benchmark, else the tested channels pooled. The evidence factor is prior ÷ updated cost per retained user (per install without retention). Intervals are 90%."
            ),
            format!(
                "可信度加权：渠道的单次安装成本 = (k × 先验 + 花费) ÷ (k + 安装量)，k = {PRIOR_INSTALLS} 次安装（Gamma–Poisson 后验均值）；留存率 = (k × 先验 + 留存数) ÷ (k + 安装量)，k = {PRIOR_USERS} 个用户（Beta–Binomial）；先验取该市场的基准，没有则取所有测试渠道的合并值。证据系数 = 先验 ÷ 更新后的单个留存用户成本（没有留存数据时按单次安装成本）。区间为 90%。"
            ),
        ),
        channels,
    };
    Some(Learned {
        learning,
        factors,
        updated: updated_models,
    })
}

/// The cost a channel is judged on (per retained user, else per install) and its interval.
fn judged(c: &ChannelEvidence) -> (f64, Range) {
    match (
        c.updated.cost_per_retained_usd,
        c.updated.cost_per_retained_range,
    ) {
        (Some(cost), Some(range)) => (cost, range),
        _ => (
            c.updated.cpi_usd,
            c.updated.cpi_range.unwrap_or(Range {
                low: c.updated.cpi_usd,
                high: c.updated.cpi_usd,
            }),
        ),
    }
}

/// scale / keep testing / stop, from each channel's interval against the best one's.
fn advise(channels: &mut [ChannelEvidence]) {
    let Some(best) = channels
        .iter()
        .enumerate()
        .min_by(|a, b| judged(a.1).0.total_cmp(&judged(b.1).0))
        .map(|(i, _)| i)
    else {
        return;
    };
    let (best_cost, best_range) = judged(&channels[best]);
    let best_id = channels[best].channel;
    // What the best channel's evidence so far cost (prior weight included), at
    // its own updated cost per install: what scaling its sample costs.
    let best_sample_spend =
        channels[best].updated.cpi_usd * (channels[best].installs as f64 + PRIOR_INSTALLS);
    let mut all_apart = true;
    for (i, c) in channels.iter_mut().enumerate() {
        if i == best {
            continue;
        }
        let (cost, range) = judged(c);
        if range.low > best_range.high {
            c.advice = Advice::Stop;
            c.advice_because = Localized::by(|lang| {
                crate::i18n::pick(
                    lang,
                    format!(
                        "costs ${cost:.2} per {unit} (90%: {:.2}–{:.2}), clearly above the best, {best_id}, at ${best_cost:.2} ({:.2}–{:.2})",
                        range.low,
                        range.high,
                        best_range.low,
                        best_range.high,
                        unit = unit(c, lang)
                    ),
                    format!(
                        "每{unit}成本 ${cost:.2}（90%：{:.2}–{:.2}），明显高于 {best_id} 的 ${best_cost:.2}（{:.2}–{:.2}）",
                        range.low,
                        range.high,
                        best_range.low,
                        best_range.high,
                        unit = unit(c, lang)
                    ),
                )
            });
            continue;
        }
        all_apart = false;
        c.advice = Advice::KeepTesting;
        // Interval half-widths shrink with the square root of the installs:
        // find the common growth t at which the two would no longer overlap.
        let gap = (cost - best_cost).abs();
        let half = (range.high - range.low) / 2.0 + (best_range.high - best_range.low) / 2.0;
        let own = c.installs as f64 + PRIOR_INSTALLS;
        c.spend_to_settle_usd = (gap > 0.0 && half.is_finite()).then(|| {
            let t = (half / gap).powi(2).max(1.0);
            (t - 1.0) * (own * c.updated.cpi_usd + best_sample_spend)
        });
        c.advice_because = Localized::by(|lang| {
            let settle = c.spend_to_settle_usd.map_or_else(String::new, |s| {
                crate::i18n::pick(
                    lang,
                    format!("; about ${s:.0} more across the two would settle it"),
                    format!("；两者再投入约 ${s:.0} 即可分出高下"),
                )
            });
            crate::i18n::pick(
                lang,
                format!(
                    "${cost:.2} per {} (90%: {:.2}–{:.2}) still overlaps the best, {best_id}, at ${best_cost:.2} ({:.2}–{:.2}){settle}",
                    unit(c, lang),
                    range.low,
                    range.high,
                    best_range.low,
                    best_range.high
                ),
                format!(
                    "每{}成本 ${cost:.2}（90%：{:.2}–{:.2}）与 {best_id} 的 ${best_cost:.2}（{:.2}–{:.2}）仍有重叠{settle}",
                    unit(c, lang),
                    range.low,
                    range.high,
                    best_range.low,
                    best_range.high
                ),
            )
        });
    }
    let single = channels.len() == 1;
    let best_channel = &mut channels[best];
    best_channel.advice = if all_apart && !single {
        Advice::Scale
    } else {
        Advice::KeepTesting
    };
    best_channel.advice_because = Localized::by(|lang| {
        let unit = unit(best_channel, lang);
        match (best_channel.advice, single) {
            (Advice::Scale, _) => crate::i18n::pick(
                lang,
                format!(
                    "the cheapest per {unit} (${best_cost:.2}, 90%: {:.2}–{:.2}), clearly apart from every other tested channel",
                    best_range.low, best_range.high
                ),
                format!(
                    "每{unit}成本最低（${best_cost:.2}，90%：{:.2}–{:.2}），与其他测试渠道明显拉开差距",
                    best_range.low, best_range.high
                ),
            ),
            (_, true) => crate::i18n::pick(
                lang,
                format!(
                    "the only tested channel (${best_cost:.2} per {unit}, 90%: {:.2}–{:.2}): test another to compare",
                    best_range.low, best_range.high
                ),
                format!(
                    "唯一测试过的渠道（每{unit} ${best_cost:.2}，90%：{:.2}–{:.2}）：再测一个渠道作比较",
                    best_range.low, best_range.high
                ),
            ),
            _ => crate::i18n::pick(
                lang,
                format!(
                    "the cheapest per {unit} so far (${best_cost:.2}, 90%: {:.2}–{:.2}), but not yet apart from the others",
                    best_range.low, best_range.high
                ),
                format!(
                    "目前每{unit}成本最低（${best_cost:.2}，90%：{:.2}–{:.2}），但尚未与其他渠道拉开差距",
                    best_range.low, best_range.high
                ),
            ),
        }
    });
}

fn unit(c: &ChannelEvidence, lang: crate::Lang) -> &'static str {
    match (c.updated.cost_per_retained_usd.is_some(), lang) {
        (true, crate::Lang::En) => "retained user",
        (true, crate::Lang::Zh) => "留存用户",
        (false, crate::Lang::En) => "install",
        (false, crate::Lang::Zh) => "次安装",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_test_moves_the_cost_more_than_a_small_one_at_the_same_measured_cost() {
        let prior = 2.0;
        let (small, _) = update_cpi(prior, 30.0 * 1.0, 30);
        let (large, _) = update_cpi(prior, 3000.0 * 1.0, 3000);
        assert!((prior - small).abs() < (prior - large).abs());
        assert!(small > large && large > 1.0);
    }

    #[test]
    fn the_update_converges_to_the_measured_cost_and_its_interval_shrinks() {
        let mut last_width = f64::INFINITY;
        for installs in [10_u64, 100, 1_000, 10_000, 1_000_000] {
            let (cpi, range) = update_cpi(5.0, installs as f64 * 0.8, installs);
            let width = range.high - range.low;
            assert!(width < last_width, "{installs}: {width} ≥ {last_width}");
            assert!(range.low <= cpi && cpi <= range.high);
            last_width = width;
            if installs == 1_000_000 {
                assert!((cpi - 0.8).abs() < 0.001, "{cpi}");
            }
        }
    }

    fn evidence(
        channel: ChannelId,
        installs: u64,
        cpi: f64,
        retention: f64,
        spread: f64,
    ) -> ChannelEvidence {
        let figures = |cpi: f64| CostFigures {
            cpi_usd: cpi,
            cpi_range: Some(Range {
                low: cpi,
                high: cpi,
            }),
            retention: Some(retention),
            cost_per_retained_usd: Some(cpi / retention),
            cost_per_retained_range: Some(Range {
                low: cpi / retention - spread,
                high: cpi / retention + spread,
            }),
        };
        ChannelEvidence {
            channel,
            spend_usd: cpi * installs as f64,
            installs,
            retained: None,
            prior_basis: "pooled".to_string(),
            prior: figures(cpi),
            measured: figures(cpi),
            updated: figures(cpi),
            factor: 1.0,
            share_without_evidence_pct: None,
            share_pct: None,
            advice: Advice::KeepTesting,
            advice_because: Localized::default(),
            spend_to_settle_usd: None,
        }
    }

    #[test]
    fn the_spend_that_settles_prices_each_sample_at_its_own_cost_per_install() {
        // Best: $2 per install, 50% retained → $4 per retained user, ±1.
        // Other: $1 per install, 20% retained → $5 per retained user, ±1.
        let mut channels = vec![
            evidence(ChannelId::Creators, 950, 2.0, 0.5, 1.0),
            evidence(ChannelId::PerformanceAds, 450, 1.0, 0.2, 1.0),
        ];
        advise(&mut channels);
        let other = &channels[1];
        assert_eq!(other.advice, Advice::KeepTesting);
        // Gap 1, half-widths 1 + 1: the samples must grow 4-fold (t − 1 = 3).
        let expected = 3.0 * (500.0 * 1.0 + 1_000.0 * 2.0);
        let settle = other.spend_to_settle_usd.expect("a spend that settles");
        assert!((settle - expected).abs() < 1e-6, "{settle} ≠ {expected}");
    }

    #[test]
    fn retention_updates_within_zero_and_one_and_contains_its_mean() {
        let (mean, range) = update_retention(0.3, 90, 100);
        assert!(mean > 0.3 && mean < 0.9);
        assert!(range.low <= mean && mean <= range.high && range.high <= 1.0);
    }
}
