//! Channel-mix arithmetic (docs/data-model.md): weights times fits times the fired
//! rules' adjustments, renormalised to 100 % within each channel's bounds, then
//! rounded by largest remainder so that the printed shares add up to exactly 100.

use anyhow::{Result, bail};

/// The share bounds of one channel, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: f64,
    pub max: f64,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            min: 0.0,
            max: 100.0,
        }
    }
}

/// Exact shares in percent, proportional to `raw` where no bound binds, and
/// within `bounds` everywhere. They sum to 100.
///
/// Each share is `clamp(λ·raw, min, max)`, and the total grows with λ in
/// straight lines between the points where a channel meets a bound. So λ is
/// found exactly: walk those points in order to the line that reaches 100, and
/// solve it. No iteration, whatever the ratio between the weights.
pub fn exact_shares(raw: &[f64], bounds: &[Bounds]) -> Result<Vec<f64>> {
    let floor: f64 = bounds.iter().map(|b| b.min).sum();
    let capacity: f64 = raw
        .iter()
        .zip(bounds)
        .map(|(w, b)| if *w > 0.0 { b.max } else { b.min })
        .sum();
    if floor > 100.0 + 1e-9 {
        bail!("the channels' minimum shares add up to {floor}%; expected at most 100%");
    }
    if capacity < 100.0 - 1e-9 {
        bail!(
            "the channels in the mix can take at most {capacity}% under their maximum shares; expected room for 100%"
        );
    }
    let share = |lambda: f64| -> Vec<f64> {
        raw.iter()
            .zip(bounds)
            .map(|(w, b)| {
                if *w > 0.0 {
                    (lambda * w).clamp(b.min, b.max)
                } else {
                    b.min
                }
            })
            .collect()
    };
    let total = |lambda: f64| share(lambda).iter().sum::<f64>();
    let mut points: Vec<f64> = raw
        .iter()
        .zip(bounds)
        .filter(|(w, _)| **w > 0.0)
        .flat_map(|(w, b)| [b.min / w, b.max / w])
        .filter(|p| p.is_finite())
        .collect();
    points.sort_by(f64::total_cmp);
    points.dedup();
    // Between two neighbouring points the free channels (strictly inside their
    // bounds) grow as λ·w and the rest stay put: total = fixed + λ·free_weight.
    let mut low = 0.0;
    for &high in &points {
        if total(high) >= 100.0 {
            let middle = f64::midpoint(low, high);
            let (free_weight, fixed): (f64, f64) =
                raw.iter()
                    .zip(bounds)
                    .fold((0.0, 0.0), |(weight, fixed), (w, b)| {
                        let value = if *w > 0.0 {
                            (middle * w).clamp(b.min, b.max)
                        } else {
                            b.min
                        };
                        if *w > 0.0 && value > b.min && value < b.max {
                            (weight + w, fixed)
                        } else {
                            (weight, fixed + value)
                        }
                    });
            let lambda = if free_weight > 0.0 {
                ((100.0 - fixed) / free_weight).clamp(low, high)
            } else {
                high
            };
            return Ok(share(lambda));
        }
        low = high;
    }
    Ok(share(low))
}

/// Whole percentages summing to exactly 100: each share's floor, then the
/// remaining points to the largest remainders. A share below its minimum gets a
/// point first; a share at its maximum gets none. Ties go to the earlier channel.
pub fn round_shares(exact: &[f64], bounds: &[Bounds]) -> Vec<u32> {
    const EPS: f64 = 1e-6;
    let mut points: Vec<u32> = exact
        .iter()
        .map(|x| (x + EPS).floor().max(0.0) as u32)
        .collect();
    let given: u32 = points.iter().sum();
    let mut left = 100u32.saturating_sub(given);
    let mut order: Vec<usize> = (0..exact.len()).collect();
    let fraction = |i: usize| exact[i] - f64::from(points[i]);
    let below_min = |i: usize, p: &[u32]| f64::from(p[i]) + EPS < bounds[i].min;
    let snapshot = points.clone();
    order.sort_by(|&a, &b| {
        below_min(b, &snapshot)
            .cmp(&below_min(a, &snapshot))
            .then(fraction(b).total_cmp(&fraction(a)))
            .then(a.cmp(&b))
    });
    // First within each share's bounds; then, for fractional maximums that
    // cannot be met exactly in whole points, up to the next whole point.
    for ceiling in [|max: f64| max, |max: f64| max.ceil()] {
        for &i in &order {
            if left == 0 {
                break;
            }
            if f64::from(points[i] + 1) <= ceiling(bounds[i].max) + EPS && exact[i] > 0.0 {
                points[i] += 1;
                left -= 1;
            }
        }
    }
    points
}

/// Splits `total_cents` by whole-percent `shares` (summing to 100) so that the
/// parts add up to exactly the total: floors first, then the remaining cents to
/// the largest remainders (ties to the earlier channel).
pub fn split_budget(total_cents: u64, shares: &[u32]) -> Vec<u64> {
    let exact: Vec<u128> = shares
        .iter()
        .map(|s| u128::from(total_cents) * u128::from(*s))
        .collect();
    let mut parts: Vec<u64> = exact.iter().map(|e| (e / 100) as u64).collect();
    let given: u64 = parts.iter().sum();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| (exact[b] % 100).cmp(&(exact[a] % 100)).then(a.cmp(&b)));
    let left = total_cents.saturating_sub(given) as usize;
    for &i in order.iter().take(left) {
        parts[i] += 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_split_adds_up_to_the_total_to_the_cent() {
        let parts = split_budget(1_000_000, &[37, 28, 24, 11]);
        assert_eq!(parts, vec![370_000, 280_000, 240_000, 110_000]);
        let parts = split_budget(100, &[34, 33, 33]);
        assert_eq!(parts.iter().sum::<u64>(), 100);
        let parts = split_budget(1, &[50, 50]);
        assert_eq!(parts, vec![1, 0]);
        let parts = split_budget(99_999, &[33, 33, 34]);
        assert_eq!(parts.iter().sum::<u64>(), 99_999);
    }

    fn free(n: usize) -> Vec<Bounds> {
        vec![Bounds::default(); n]
    }

    #[test]
    fn unbounded_shares_are_proportional() {
        let shares = exact_shares(&[0.35, 0.30, 0.25, 0.10], &free(4)).expect("feasible");
        let expected = [35.0, 30.0, 25.0, 10.0];
        for (s, e) in shares.iter().zip(expected) {
            assert!((s - e).abs() < 1e-9, "{s} vs {e}");
        }
    }

    #[test]
    fn a_maximum_caps_a_channel_and_the_rest_grow_in_proportion() {
        let bounds = [
            Bounds {
                min: 0.0,
                max: 40.0,
            },
            Bounds::default(),
            Bounds::default(),
        ];
        let shares = exact_shares(&[0.6, 0.3, 0.1], &bounds).expect("feasible");
        assert!((shares[0] - 40.0).abs() < 1e-9);
        assert!((shares[1] - 45.0).abs() < 1e-9);
        assert!((shares[2] - 15.0).abs() < 1e-9);
    }

    #[test]
    fn a_minimum_lifts_a_channel_even_without_weight() {
        let bounds = [
            Bounds::default(),
            Bounds {
                min: 10.0,
                max: 100.0,
            },
        ];
        let shares = exact_shares(&[1.0, 0.0], &bounds).expect("feasible");
        assert!((shares[1] - 10.0).abs() < 1e-9);
        assert!((shares[0] - 90.0).abs() < 1e-9);
    }

    #[test]
    fn impossible_bounds_are_an_error() {
        let over = [
            Bounds {
                min: 60.0,
                max: 100.0,
            },
            Bounds {
                min: 50.0,
                max: 100.0,
            },
        ];
        assert!(exact_shares(&[1.0, 1.0], &over).is_err());
        let under = [Bounds {
            min: 0.0,
            max: 30.0,
        }];
        assert!(exact_shares(&[1.0], &under).is_err());
    }

    #[test]
    fn rounding_sums_to_exactly_100_by_largest_remainder() {
        let exact = [33.4, 33.3, 33.3];
        assert_eq!(round_shares(&exact, &free(3)), vec![34, 33, 33]);
        let exact = [100.0 / 3.0; 3];
        assert_eq!(round_shares(&exact, &free(3)), vec![34, 33, 33]);
        let exact = [12.5, 12.5, 25.0, 50.0];
        let rounded = round_shares(&exact, &free(4));
        assert_eq!(rounded.iter().sum::<u32>(), 100);
        assert_eq!(rounded, vec![13, 12, 25, 50]);
    }

    #[test]
    fn extreme_weight_ratios_still_sum_to_100() {
        let shares = exact_shares(&[1e-300, 1.0, 1.0], &free(3)).expect("feasible");
        assert!(
            (shares.iter().sum::<f64>() - 100.0).abs() < 1e-9,
            "{shares:?}"
        );
        assert!((shares[1] - 50.0).abs() < 1e-9);
    }

    #[test]
    fn fractional_maximums_still_print_100() {
        let bounds = [Bounds {
            min: 0.0,
            max: 33.5,
        }; 3];
        let shares = exact_shares(&[1.0, 1.0, 1.0], &bounds).expect("feasible");
        let rounded = round_shares(&shares, &bounds);
        assert_eq!(rounded.iter().sum::<u32>(), 100, "{rounded:?}");
        assert!(rounded.iter().all(|r| *r <= 34));
    }

    #[test]
    fn rounding_never_pushes_a_share_over_its_maximum() {
        let bounds = [
            Bounds {
                min: 0.0,
                max: 40.0,
            },
            Bounds::default(),
            Bounds::default(),
        ];
        let exact = [40.0, 30.5, 29.5];
        let rounded = round_shares(&exact, &bounds);
        assert_eq!(rounded, vec![40, 31, 29]);
    }
}
