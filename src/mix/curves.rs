//! Diminishing returns and the budget allocation. Each channel's installs
//! follow a power curve, installs = scale × spend^elasticity with elasticity
//! below 1, so doubling spend gives less than double the installs. The curve
//! is calibrated to the channel's cost per install at a stated spend (the
//! measured spend per period, else a declared reference); its elasticity is
//! fitted from results at two or more spend levels, else a declared judgement.
//!
//! Allocation maximises the expected outcome (installs, or retained users when
//! retention is known) under the product's share bounds and `--pin`s: on
//! concave curves the optimum equalises marginal returns, so the level is found
//! by bisection, then the minor units left by rounding go one by one to the
//! channel whose next unit returns most.

use crate::assessment::{Expected, Judgement, Range};
use crate::i18n::Localized;

/// The elasticity where no results fit one (a declared judgement).
pub const ELASTICITY: f64 = 0.7;
pub const ELASTICITY_RANGE: Range = Range {
    low: 0.6,
    high: 0.8,
};
/// The spend per period (USD) at which a benchmark's cost per install is
/// taken to hold (a declared judgement).
pub const REFERENCE_SPEND_USD: f64 = 10_000.0;

pub fn elasticity_judgement() -> Judgement {
    Judgement {
        value: ELASTICITY,
        range: ELASTICITY_RANGE,
        confidence: crate::model::Level::Low,
        reasoning: Localized::new(
            "Our judgement, not a measurement: as a campaign spends more it reaches pricier inventory and a more saturated audience, so installs grow more slowly than spend; media-mix tools (Robyn, Meridian, PyMC-Marketing) model the same concave response. Results at two or more spend levels replace it with a fitted value.",
            "这是我们的判断，不是测量值：投放越多，越要进入更贵的流量并触及更饱和的人群，安装量的增长慢于花费；媒体组合工具（Robyn、Meridian、PyMC-Marketing）也用同样的凹形响应建模。有两个以上花费水平的实测结果时，改用拟合值。",
        ),
    }
}

pub fn reference_spend_judgement() -> Judgement {
    Judgement {
        value: REFERENCE_SPEND_USD,
        range: Range {
            low: REFERENCE_SPEND_USD,
            high: REFERENCE_SPEND_USD,
        },
        confidence: crate::model::Level::Low,
        reasoning: Localized::new(
            "Our judgement: a cost-per-install benchmark averages many campaigns; we take it to hold at about a month's test of one channel. Measured results replace it with the spend actually measured.",
            "我们的判断：单次安装成本基准是许多投放的平均值；我们假设它对应一个渠道约一个月的测试花费。有实测结果时改用实际测得的花费。",
        ),
    }
}

/// One channel's response curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curve {
    pub elasticity: f64,
    pub elasticity_range: Range,
    pub fitted: bool,
    /// The cost per install at `at_spend`, and its range.
    pub cpi: f64,
    pub cpi_range: Range,
    pub at_spend: f64,
    /// Retention at the horizon, when known: the weight of an install in the
    /// retained-users objective.
    pub retention: Option<f64>,
}

impl Curve {
    /// A curve through (`at_spend`, `at_spend ÷ cpi`) with the judged elasticity.
    pub fn judged(cpi: f64, cpi_range: Range, at_spend: f64, retention: Option<f64>) -> Curve {
        Curve {
            elasticity: ELASTICITY,
            elasticity_range: ELASTICITY_RANGE,
            fitted: false,
            cpi,
            cpi_range,
            at_spend,
            retention,
        }
    }

    /// Fits the elasticity from (spend, installs) points by least squares on
    /// their logarithms, when two or more spend levels with installs exist;
    /// otherwise the judged curve.
    pub fn fitted_or_judged(
        points: &[(f64, f64)],
        cpi: f64,
        cpi_range: Range,
        at_spend: f64,
        retention: Option<f64>,
    ) -> Curve {
        let logs: Vec<(f64, f64)> = points
            .iter()
            .filter(|(s, i)| *s > 0.0 && *i > 0.0)
            .map(|(s, i)| (s.ln(), i.ln()))
            .collect();
        let judged = Curve::judged(cpi, cpi_range, at_spend, retention);
        let n = logs.len() as f64;
        if logs.len() < 2 {
            return judged;
        }
        let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
        let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
        let sxx: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
        if sxx < 1e-12 {
            return judged;
        }
        let sxy: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
        let elasticity = (sxy / sxx).clamp(0.1, 1.0);
        Curve {
            elasticity,
            elasticity_range: Range {
                low: (elasticity - 0.1).max(0.05),
                high: (elasticity + 0.1).min(1.0),
            },
            fitted: true,
            ..judged
        }
    }

    /// installs = scale × spend^elasticity, through (at_spend, at_spend ÷ cpi).
    fn installs_with(&self, spend: f64, cpi: f64, elasticity: f64) -> f64 {
        if spend <= 0.0 || cpi <= 0.0 || !cpi.is_finite() {
            return 0.0;
        }
        self.at_spend / cpi * (spend / self.at_spend).powf(elasticity)
    }

    pub fn scale(&self) -> f64 {
        self.at_spend.powf(1.0 - self.elasticity) / self.cpi
    }

    pub fn installs(&self, spend: f64) -> f64 {
        self.installs_with(spend, self.cpi, self.elasticity)
    }

    /// Installs at `spend` with the range from the cost's range and the
    /// elasticity's.
    pub fn expected(&self, spend: f64) -> Expected {
        let mut values = Vec::with_capacity(4);
        for cpi in [self.cpi_range.low, self.cpi_range.high] {
            for e in [self.elasticity_range.low, self.elasticity_range.high] {
                values.push(self.installs_with(spend, cpi, e));
            }
        }
        let mid = self.installs(spend);
        Expected {
            mid,
            low: values.iter().copied().fold(mid, f64::min),
            high: values.iter().copied().fold(mid, f64::max),
        }
    }

    /// The objective's weight of one install.
    fn weight(&self, objective_retained: bool) -> f64 {
        if objective_retained {
            self.retention.unwrap_or(0.0)
        } else {
            1.0
        }
    }

    /// The marginal objective per dollar at `spend` (elasticity kept below 1).
    fn marginal(&self, spend: f64, objective_retained: bool) -> f64 {
        let e = self.elasticity.min(0.999);
        self.weight(objective_retained) * self.scale() * e * spend.max(1e-12).powf(e - 1.0)
    }

    /// The spend at which the marginal return equals `level`.
    fn spend_at(&self, level: f64, objective_retained: bool) -> f64 {
        let e = self.elasticity.min(0.999);
        let w = self.weight(objective_retained) * self.scale() * e;
        if w <= 0.0 {
            return 0.0;
        }
        (level / w).powf(1.0 / (e - 1.0))
    }
}

/// One channel as the allocation sees it, amounts in minor units.
#[derive(Debug, Clone)]
pub struct Slot {
    pub curve: Option<Curve>,
    pub proportional: u64,
    pub pin: Option<u64>,
    pub min: u64,
    pub max: u64,
}

/// Splits `total` minor units over `slots` to maximise the objective;
/// `usd_per_minor` converts a minor unit to dollars. Channels without a curve
/// keep their proportional part, pinned ones their pin. Errors when the pins
/// and fixed parts leave the bounds unreachable.
pub fn allocate(
    total: u64,
    slots: &[Slot],
    usd_per_minor: f64,
    objective_retained: bool,
    money: &dyn Fn(u64) -> String,
) -> Result<Vec<u64>, String> {
    let pinned: u64 = slots.iter().filter_map(|s| s.pin).sum();
    let kept: u64 = slots
        .iter()
        .filter(|s| s.pin.is_none() && s.curve.is_none())
        .map(|s| s.proportional)
        .sum();
    // Pins that leave less than the unoptimised channels' parts: what is
    // left is shared by every unpinned channel in proportion to its part.
    if pinned <= total && pinned + kept > total {
        let mut out: Vec<u64> = slots.iter().map(|s| s.pin.unwrap_or(0)).collect();
        spread(&mut out, slots, total - pinned, total, money)?;
        return Ok(out);
    }
    let fixed = pinned + kept;
    let free: Vec<usize> = (0..slots.len())
        .filter(|&i| slots[i].pin.is_none() && slots[i].curve.is_some())
        .collect();
    let Some(remaining) = total.checked_sub(fixed) else {
        return Err(crate::i18n::tr(
            format!(
                "the pins and the channels without a cost model take {} of {}; expected them to fit in the budget",
                money(fixed),
                money(total)
            ),
            format!(
                "固定金额和没有成本模型的渠道合计 {}，超过预算 {}；它们必须在预算之内",
                money(fixed),
                money(total)
            ),
        ));
    };
    let lows: u64 = free.iter().map(|&i| slots[i].min).sum();
    let highs: u64 = free.iter().map(|&i| slots[i].max.min(total)).sum();
    if !free.is_empty() && (remaining < lows || remaining > highs) {
        return Err(crate::i18n::tr(
            format!(
                "after the pins, {} is left for channels whose share bounds take {} to {}; expected the pins to leave room within the product's bounds",
                money(remaining),
                money(lows),
                money(highs)
            ),
            format!(
                "扣除固定金额后剩余 {}，而其他渠道的份额上下限要求 {} 到 {}；固定金额必须给产品的份额限制留出空间",
                money(remaining),
                money(lows),
                money(highs)
            ),
        ));
    }
    let mut out: Vec<u64> = slots
        .iter()
        .map(|s| match (s.pin, s.curve) {
            (Some(pin), _) => pin,
            (None, None) => s.proportional,
            (None, Some(_)) => 0,
        })
        .collect();
    if free.is_empty() {
        spread(&mut out, slots, remaining, total, money)?;
        return Ok(out);
    }
    let spend = |i: usize, level: f64| -> f64 {
        let slot = &slots[i];
        let curve = slot.curve.expect("free slots have curves");
        let usd = curve.spend_at(level, objective_retained);
        (usd / usd_per_minor).clamp(slot.min as f64, slot.max.min(total) as f64)
    };
    // Total spend falls as the marginal level rises: bisect on its logarithm.
    let (mut low, mut high) = (-200.0_f64, 200.0_f64);
    for _ in 0..200 {
        let mid = f64::midpoint(low, high);
        let sum: f64 = free.iter().map(|&i| spend(i, mid.exp())).sum();
        if sum > remaining as f64 {
            low = mid;
        } else {
            high = mid;
        }
    }
    let level = high.exp();
    for &i in &free {
        out[i] = spend(i, level).floor() as u64;
    }
    // What rounding left: one minor unit at a time to the best next return.
    let mut left = remaining.saturating_sub(free.iter().map(|&i| out[i]).sum());
    while left > 0 {
        let best = free
            .iter()
            .copied()
            .filter(|&i| out[i] < slots[i].max.min(total))
            .max_by(|&a, &b| {
                let gain = |i: usize| {
                    let curve = slots[i].curve.expect("free slots have curves");
                    curve.marginal(out[i] as f64 * usd_per_minor, objective_retained)
                };
                gain(a).total_cmp(&gain(b)).then(b.cmp(&a))
            });
        let Some(best) = best else { break };
        // Hand out in chunks when much is left (rounding leaves at most one
        // unit per channel, bounds may leave more).
        let step = (left / (free.len() as u64 * 4)).max(1);
        let room = slots[best].max.min(total) - out[best];
        let take = step.min(room).min(left);
        out[best] += take;
        left -= take;
    }
    Ok(out)
}

/// With no channel left to optimise (all pinned, or none with a cost model),
/// what the pins leave goes to the unpinned channels in proportion to their
/// parts, so that the split still adds up to the budget.
fn spread(
    out: &mut [u64],
    slots: &[Slot],
    remaining: u64,
    total: u64,
    money: &dyn Fn(u64) -> String,
) -> Result<(), String> {
    let left = remaining;
    if left == 0 {
        return Ok(());
    }
    let open: Vec<usize> = (0..slots.len())
        .filter(|&i| slots[i].pin.is_none())
        .collect();
    if open.is_empty() {
        return Err(crate::i18n::tr(
            format!(
                "every channel is pinned and the pins add up to {}, not the budget of {}; expected the pins to add up to the budget, or a channel left unpinned",
                money(total - left),
                money(total)
            ),
            format!(
                "所有渠道都已固定，固定金额合计 {}，不等于预算 {}；固定金额必须等于预算，或留一个渠道不固定",
                money(total - left),
                money(total)
            ),
        ));
    }
    let weights: Vec<u128> = open
        .iter()
        .map(|&i| u128::from(slots[i].proportional.max(1)))
        .collect();
    let sum: u128 = weights.iter().sum();
    let mut given = 0_u64;
    for (k, &i) in open.iter().enumerate() {
        let share = (u128::from(left) * weights[k] / sum) as u64;
        out[i] += share;
        given += share;
    }
    // The few units the division left, one each from the first channel on.
    for &i in open.iter().cycle().take((left - given) as usize) {
        out[i] += 1;
    }
    Ok(())
}

/// The objective of a split: installs, or retained users.
pub fn objective(curves: &[Option<Curve>], spend_usd: &[f64], retained: bool) -> Expected {
    let mut total = Expected {
        mid: 0.0,
        low: 0.0,
        high: 0.0,
    };
    for (curve, spend) in curves.iter().zip(spend_usd) {
        let Some(curve) = curve else { continue };
        let e = curve.expected(*spend);
        let w = curve.weight(retained);
        total.mid += w * e.mid;
        total.low += w * e.low;
        total.high += w * e.high;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(cpi: f64, elasticity: f64) -> Curve {
        Curve {
            elasticity,
            ..Curve::judged(
                cpi,
                Range {
                    low: cpi,
                    high: cpi,
                },
                10_000.0,
                None,
            )
        }
    }

    #[test]
    fn doubling_the_spend_gives_less_than_double_the_installs() {
        let c = curve(2.0, ELASTICITY);
        assert!((c.installs(10_000.0) - 5_000.0).abs() < 1e-6);
        let ratio = c.installs(20_000.0) / c.installs(10_000.0);
        assert!(ratio < 2.0 && ratio > 1.0, "{ratio}");
    }

    #[test]
    fn the_fit_recovers_a_known_elasticity() {
        let points: Vec<(f64, f64)> = [1_000.0_f64, 4_000.0, 16_000.0]
            .iter()
            .map(|s| (*s, 3.0 * s.powf(0.5)))
            .collect();
        let c = Curve::fitted_or_judged(
            &points,
            2.0,
            Range {
                low: 2.0,
                high: 2.0,
            },
            5_000.0,
            None,
        );
        assert!(c.fitted && (c.elasticity - 0.5).abs() < 1e-9);
    }

    fn slots(curves: &[Option<Curve>], proportional: &[u64]) -> Vec<Slot> {
        curves
            .iter()
            .zip(proportional)
            .map(|(c, p)| Slot {
                curve: *c,
                proportional: *p,
                pin: None,
                min: 0,
                max: u64::MAX,
            })
            .collect()
    }

    #[test]
    fn the_allocation_beats_the_proportional_split_when_curves_differ_and_adds_up() {
        let curves = [Some(curve(1.0, 0.7)), Some(curve(4.0, 0.7)), None];
        let proportional = [400_000_u64, 400_000, 200_000];
        let out = allocate(
            1_000_000,
            &slots(&curves, &proportional),
            0.01,
            false,
            &|m| m.to_string(),
        )
        .expect("fits");
        assert_eq!(out.iter().sum::<u64>(), 1_000_000);
        assert_eq!(out[2], 200_000, "no cost model: not optimised");
        let usd = |v: &[u64]| v.iter().map(|m| *m as f64 * 0.01).collect::<Vec<_>>();
        let before = objective(&curves, &usd(&proportional), false).mid;
        let after = objective(&curves, &usd(&out), false).mid;
        assert!(after > before, "{after} ≤ {before}");
    }

    #[test]
    fn equal_curves_keep_an_even_split_as_good_and_pins_and_bounds_hold() {
        let curves = [Some(curve(2.0, 0.7)), Some(curve(2.0, 0.7))];
        let mut s = slots(&curves, &[500, 500]);
        let out = allocate(1_000, &s, 1.0, false, &|m| m.to_string()).expect("fits");
        assert!(out[0].abs_diff(out[1]) <= 1);
        s[0].pin = Some(800);
        let out = allocate(1_000, &s, 1.0, false, &|m| m.to_string()).expect("fits");
        assert_eq!(out, [800, 200]);
        s[0].pin = None;
        s[1].max = 100;
        let out = allocate(1_000, &s, 1.0, false, &|m| m.to_string()).expect("fits");
        assert_eq!(out, [900, 100]);
    }

    #[test]
    fn what_the_pins_leave_still_adds_up_to_the_budget() {
        let curves = [Some(curve(2.0, 0.7)), None, None];
        let mut s = slots(&curves, &[200, 500, 300]);
        s[0].pin = Some(0);
        let out = allocate(1_000, &s, 1.0, false, &|m| m.to_string()).expect("fits");
        assert_eq!(out.iter().sum::<u64>(), 1_000);
        assert_eq!(out[0], 0);
        assert!(out[1] > 500 && out[2] > 300);
        s[1].pin = Some(100);
        s[2].pin = Some(100);
        assert!(allocate(1_000, &s, 1.0, false, &|m| m.to_string()).is_err());
    }

    #[test]
    fn a_budget_of_a_trillion_allocates_exactly() {
        let curves = [
            Some(curve(1.0, 0.6)),
            Some(curve(3.0, 0.8)),
            Some(curve(2.0, 0.7)),
        ];
        let total = 1_000_000_000_000_u64 * 100;
        let out = allocate(total, &slots(&curves, &[0, 0, 0]), 0.01, false, &|m| {
            m.to_string()
        })
        .expect("fits");
        assert_eq!(out.iter().sum::<u64>(), total);
        assert!(out.iter().all(|part| *part > 0));
    }

    #[test]
    fn the_range_contains_the_estimate() {
        let c = Curve::judged(
            2.0,
            Range {
                low: 1.5,
                high: 3.0,
            },
            10_000.0,
            None,
        );
        for spend in [100.0, 10_000.0, 1e6] {
            let e = c.expected(spend);
            assert!(e.low <= e.mid && e.mid <= e.high, "{spend}: {e:?}");
        }
    }
}
