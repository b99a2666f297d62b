//! Property tests for the channel-mix arithmetic (`assess::mix`): whatever the
//! weights and whatever feasible bounds, the exact shares sum to 100 within the
//! bounds, the printed (rounded) shares sum to exactly 100 within the bounds,
//! infeasible bounds are an error and nothing panics or yields NaN.

use assess::mix::{Bounds, exact_shares, round_shares};
use proptest::prelude::*;

const TOLERANCE: f64 = 1e-6;

/// One channel as the mix sees it: a raw weight (zero for channels that are in
/// play only through a minimum share) and its bounds, in percent.
#[derive(Debug, Clone)]
struct Channel {
    weight: f64,
    min: f64,
    max: f64,
}

/// Weights as profiles produce them (industry weight × market fit × adjustments):
/// zero for some channels, otherwise positive over six orders of magnitude.
fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        1 => Just(0.0),
        4 => (-3.0f64..3.0).prop_map(|exp| 10f64.powf(exp)),
    ]
}

/// Whole-percent bounds, as most product constraints are written: a minimum
/// (often 0) and a maximum at or above it (often 100).
fn integer_channel() -> impl Strategy<Value = Channel> {
    (weight(), prop_oneof![2 => Just(0u32), 1 => 0u32..=40])
        .prop_flat_map(|(weight, min)| {
            let max = prop_oneof![1 => Just(100u32), 2 => min..=100];
            (Just(weight), Just(min), max)
        })
        .prop_map(|(weight, min, max)| Channel {
            weight,
            min: f64::from(min),
            max: f64::from(max),
        })
}

/// Bounds with fractions, as `min_pct: 12.5` allows.
fn fractional_channel() -> impl Strategy<Value = Channel> {
    (weight(), prop_oneof![2 => Just(0.0), 1 => 0.0f64..40.0])
        .prop_flat_map(|(weight, min)| {
            let max = prop_oneof![1 => Just(100.0), 2 => min..=100.0];
            (Just(weight), Just(min), max)
        })
        .prop_map(|(weight, min, max)| Channel { weight, min, max })
}

/// Makes a generated mix feasible the way `assess` requires it to be (Σmin ≤ 100,
/// and room for 100 under the maximums of the channels with weight), by scaling
/// the minimums down and raising maximums of weighted channels to 100.
fn feasible(mut channels: Vec<Channel>, whole: bool) -> Vec<Channel> {
    let total_min: f64 = channels.iter().map(|c| c.min).sum();
    if total_min > 100.0 {
        for c in &mut channels {
            c.min = c.min * 100.0 / total_min;
            if whole {
                c.min = c.min.floor();
            }
            c.max = c.max.max(c.min);
        }
    }
    if channels.iter().all(|c| c.weight == 0.0) {
        channels[0].weight = 1.0;
    }
    let capacity = |channels: &[Channel]| -> f64 {
        channels
            .iter()
            .map(|c| if c.weight > 0.0 { c.max } else { c.min })
            .sum()
    };
    for i in 0..channels.len() {
        if capacity(&channels) >= 100.0 {
            break;
        }
        if channels[i].weight > 0.0 {
            channels[i].max = 100.0;
        }
    }
    assert!(
        capacity(&channels) >= 100.0,
        "the generator made {channels:?}"
    );
    channels
}

fn split(channels: &[Channel]) -> (Vec<f64>, Vec<Bounds>) {
    let raw = channels.iter().map(|c| c.weight).collect();
    let bounds = channels
        .iter()
        .map(|c| Bounds {
            min: c.min,
            max: c.max,
        })
        .collect();
    (raw, bounds)
}

/// The exact shares: finite, within bounds, summing to 100.
fn check_exact(exact: &[f64], bounds: &[Bounds]) -> Result<(), TestCaseError> {
    prop_assert_eq!(exact.len(), bounds.len());
    for (share, b) in exact.iter().zip(bounds) {
        prop_assert!(share.is_finite(), "share {} in {:?}", share, exact);
        prop_assert!(
            *share >= b.min - TOLERANCE && *share <= b.max + TOLERANCE,
            "share {} outside [{}, {}] in {:?}",
            share,
            b.min,
            b.max,
            exact
        );
    }
    let sum: f64 = exact.iter().sum();
    prop_assert!(
        (sum - 100.0).abs() <= TOLERANCE,
        "sum {} of {:?}",
        sum,
        exact
    );
    Ok(())
}

proptest! {
    // Failures are kept as plain tests below, not in a regressions file.
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whole-percent bounds: the exact shares respect them, and the printed shares
    /// add up to exactly 100 and stay within [min, max] — rounding never needs the
    /// slack to the next whole percent when the bounds are whole.
    #[test]
    fn integer_bounds_hold_exactly_after_rounding(
        channels in prop::collection::vec(integer_channel(), 1..=11)
    ) {
        let channels = feasible(channels, true);
        let (raw, bounds) = split(&channels);
        let exact = exact_shares(&raw, &bounds).expect("feasible bounds give shares");
        check_exact(&exact, &bounds)?;
        let rounded = round_shares(&exact, &bounds);
        prop_assert_eq!(rounded.iter().sum::<u32>(), 100, "{:?} from {:?}", rounded, exact);
        for (points, b) in rounded.iter().zip(&bounds) {
            let points = f64::from(*points);
            prop_assert!(
                points >= b.min && points <= b.max,
                "{} outside [{}, {}]: {:?} from {:?}", points, b.min, b.max, rounded, exact
            );
        }
    }

    /// Without bounds the split is proportional to the weights.
    #[test]
    fn unbounded_shares_are_proportional(
        weights in prop::collection::vec(weight(), 1..=11)
    ) {
        prop_assume!(weights.iter().any(|w| *w > 0.0));
        let bounds = vec![Bounds::default(); weights.len()];
        let exact = exact_shares(&weights, &bounds).expect("no bounds is feasible");
        check_exact(&exact, &bounds)?;
        let total: f64 = weights.iter().sum();
        for (share, w) in exact.iter().zip(&weights) {
            let expected = 100.0 * w / total;
            prop_assert!((share - expected).abs() <= 1e-6, "{} vs {} in {:?}", share, expected, exact);
        }
    }

    /// A channel without weight gets exactly its minimum: it is in the mix only
    /// because a constraint put it there.
    #[test]
    fn weightless_channels_get_their_minimum(
        channels in prop::collection::vec(integer_channel(), 1..=11)
    ) {
        let channels = feasible(channels, true);
        let (raw, bounds) = split(&channels);
        let exact = exact_shares(&raw, &bounds).expect("feasible");
        let rounded = round_shares(&exact, &bounds);
        for (i, c) in channels.iter().enumerate() {
            if c.weight == 0.0 {
                prop_assert!((exact[i] - c.min).abs() <= TOLERANCE, "{:?}", exact);
                prop_assert_eq!(f64::from(rounded[i]), c.min, "{:?}", rounded);
            }
        }
    }

    /// Fractional bounds: the exact shares respect them; the printed shares add
    /// up to 100 and stay within [floor(min), ceil(max)].
    #[test]
    fn fractional_bounds_hold_within_a_point_after_rounding(
        channels in prop::collection::vec(fractional_channel(), 1..=11)
    ) {
        let channels = feasible(channels, false);
        let (raw, bounds) = split(&channels);
        let exact = exact_shares(&raw, &bounds).expect("feasible bounds give shares");
        check_exact(&exact, &bounds)?;
        let rounded = round_shares(&exact, &bounds);
        prop_assert_eq!(rounded.iter().sum::<u32>(), 100, "{:?} from {:?} under {:?}", rounded, exact, bounds);
        for (points, b) in rounded.iter().zip(&bounds) {
            let points = f64::from(*points);
            prop_assert!(
                points >= b.min.floor() && points <= b.max.ceil(),
                "{} outside [{}, {}]: {:?} from {:?}", points, b.min.floor(), b.max.ceil(), rounded, exact
            );
        }
    }

    /// Fractional bounds whose rounding the current code does handle: the exact
    /// shares respect them and whatever is printed stays within [floor(min), ceil(max)].
    #[test]
    fn fractional_bounds_give_exact_shares_within_bounds(
        channels in prop::collection::vec(fractional_channel(), 1..=11)
    ) {
        let channels = feasible(channels, false);
        let (raw, bounds) = split(&channels);
        let exact = exact_shares(&raw, &bounds).expect("feasible bounds give shares");
        check_exact(&exact, &bounds)?;
        let rounded = round_shares(&exact, &bounds);
        for (points, b) in rounded.iter().zip(&bounds) {
            let points = f64::from(*points);
            prop_assert!(points >= b.min.floor() && points <= b.max.ceil());
        }
    }

    /// Weights as far apart as finite positive numbers allow (a fit of 1e-300 is
    /// a valid `Positive`): the shares must still add up to 100.
    #[test]
    fn extreme_weight_ratios_still_sum_to_100(
        exponents in prop::collection::vec(prop::option::of(-300.0f64..300.0), 1..=11)
    ) {
        let weights: Vec<f64> = exponents.iter().map(|e| e.map_or(0.0, |e| 10f64.powf(e))).collect();
        prop_assume!(weights.iter().any(|w| *w > 0.0));
        let bounds = vec![Bounds::default(); weights.len()];
        let exact = exact_shares(&weights, &bounds).expect("no bounds is feasible");
        check_exact(&exact, &bounds)?;
        prop_assert_eq!(round_shares(&exact, &bounds).iter().sum::<u32>(), 100);
    }

    /// More minimum than there is mix, or less maximum than the mix needs, is an
    /// error — never a panic, never shares that pretend to fit.
    #[test]
    fn infeasible_bounds_are_an_error(
        channels in prop::collection::vec(fractional_channel(), 1..=11),
        over in any::<bool>(),
    ) {
        let mut channels = channels;
        if over {
            // Minimums summing above 100.
            let n = channels.len() as f64;
            for c in &mut channels {
                c.min = 100.0 / n + 1.0;
                c.max = c.max.max(c.min);
            }
        } else {
            // Every channel with weight capped so that the caps cannot reach 100.
            let n = channels.len() as f64;
            for c in &mut channels {
                c.min = 0.0;
                c.max = c.max.min(99.0 / n);
            }
        }
        let (raw, bounds) = split(&channels);
        prop_assert!(exact_shares(&raw, &bounds).is_err(), "{:?}", channels);
    }

    /// Rounding any exact shares that sum to 100 (within bounds that leave room)
    /// never panics, never loses or invents points.
    #[test]
    fn rounding_free_shares_sums_to_100(
        parts in prop::collection::vec(0.0f64..1.0, 1..=11)
    ) {
        let total: f64 = parts.iter().sum();
        prop_assume!(total > 0.0);
        let exact: Vec<f64> = parts.iter().map(|p| 100.0 * p / total).collect();
        let bounds = vec![Bounds::default(); exact.len()];
        let rounded = round_shares(&exact, &bounds);
        prop_assert_eq!(rounded.iter().sum::<u32>(), 100, "{:?} from {:?}", rounded, exact);
        for (points, share) in rounded.iter().zip(&exact) {
            prop_assert!((f64::from(*points) - share).abs() < 1.0, "{:?} from {:?}", rounded, exact);
        }
    }
}

/// The smallest case of the fractional-maximum rounding bug, kept as a plain test.
#[test]
fn three_fractional_caps_still_print_100() {
    let bounds = [Bounds {
        min: 0.0,
        max: 33.5,
    }; 3];
    let exact = exact_shares(&[1.0, 1.0, 1.0], &bounds).expect("feasible: 3 × 33.5 ≥ 100");
    assert_eq!(round_shares(&exact, &bounds).iter().sum::<u32>(), 100);
}

/// The smallest case of the bisection bug, kept as a plain test.
#[test]
fn a_vanishing_weight_does_not_double_the_mix() {
    let bounds = [Bounds::default(); 3];
    let exact = exact_shares(&[1e-300, 1.0, 1.0], &bounds).expect("feasible");
    let sum: f64 = exact.iter().sum();
    assert!((sum - 100.0).abs() < TOLERANCE, "{exact:?}");
}

/// No weight at all and no minimum to fill the mix: an error, not NaN shares.
#[test]
fn all_zero_weights_without_minimums_are_an_error() {
    let bounds = [Bounds::default(); 4];
    assert!(exact_shares(&[0.0; 4], &bounds).is_err());
}

/// Minimums alone may fill the mix exactly, with no weight anywhere.
#[test]
fn minimums_alone_can_fill_the_mix() {
    let bounds = [
        Bounds {
            min: 60.0,
            max: 100.0,
        },
        Bounds {
            min: 40.0,
            max: 100.0,
        },
    ];
    let exact = exact_shares(&[0.0, 0.0], &bounds).expect("Σmin = 100 is feasible");
    assert_eq!(round_shares(&exact, &bounds), vec![60, 40]);
}
