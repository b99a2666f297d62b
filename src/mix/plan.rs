//! Turning a mix into a plan: the `--budget` split per channel with the installs
//! it buys where the market has a cost benchmark, and the test plan — the three
//! test-first channels, each tested cheaply in parallel before focusing.

use super::curves::{
    Curve, REFERENCE_SPEND_USD, Slot, allocate, elasticity_judgement, objective,
    reference_spend_judgement,
};
use super::learn::Updated;
use super::shares::split_budget;
use crate::assessment::{
    Allocation, Assessment, BudgetRequest, BudgetSummary, ChannelAllocation, ChannelShare,
    Estimate, Expected, Objective, Range, RateNote, Response, SourceRef, TestStep,
};
use crate::i18n::Localized;
use crate::load::Catalog;
use crate::model::{ChannelId, CpiCategory, Market};
use anyhow::{Result, anyhow};
use std::collections::BTreeMap;

/// The test plan of a mix: its test-first channels and what to measure.
pub fn test_plan(catalog: &Catalog, channels: &[ChannelShare]) -> Vec<TestStep> {
    channels
        .iter()
        .filter(|c| c.test_first)
        .map(|c| TestStep {
            channel: c.id,
            name: c.name.clone(),
            test_budget: None,
            measure: catalog
                .channels
                .get(&c.id)
                .and_then(|info| info.measure.as_ref())
                .map_or_else(Localized::default, Localized::from),
        })
        .collect()
}

/// Splits the budget by the printed shares (to the minor unit, adding up
/// exactly), estimates installs on each channel's response curve where its
/// cost is known (a benchmark or `--results`) and the budget converts to US
/// dollars, sizes the tests, and finds the split that maximises the outcome.
pub fn apply_budget(
    assessment: &mut Assessment,
    market: &Market,
    category: Option<CpiCategory>,
    request: &BudgetRequest,
    learned: &BTreeMap<ChannelId, Updated>,
    bounds: &BTreeMap<ChannelId, (f64, f64)>,
) -> Result<()> {
    let shares: Vec<u32> = assessment.channels.iter().map(|c| c.share_pct).collect();
    let parts = split_budget(request.minor, &shares);
    let amount = |minor: u64| request.currency.major(minor);
    let usd_per_minor = request
        .rate
        .as_ref()
        .map(|r| request.currency.major(1) / r.units_per_usd);
    let mut estimates = Vec::new();
    let mut curves: Vec<Option<Curve>> = Vec::with_capacity(parts.len());
    for (channel, minor) in assessment.channels.iter_mut().zip(&parts) {
        channel.budget = Some(amount(*minor));
        let benchmark = market
            .channels
            .get(&channel.id)
            .and_then(|c| c.cpi_for(category));
        let curve = match (learned.get(&channel.id), benchmark) {
            (Some(u), _) => Some(Curve::fitted_or_judged(
                &u.points,
                u.cpi_usd,
                u.cpi_range,
                u.spend_per_period_usd.max(1.0),
                u.retention,
            )),
            (None, Some((_, cpi))) => Some(Curve::judged(
                cpi.mid.0,
                Range {
                    low: cpi.low.map_or(cpi.mid.0, |l| l.0),
                    high: cpi.high.map_or(cpi.mid.0, |h| h.0),
                },
                REFERENCE_SPEND_USD,
                None,
            )),
            (None, None) => None,
        };
        if let Some((used, cpi)) = benchmark {
            let path = format!("channels.{}.cpi.{}", channel.id, used.as_str());
            estimates.push(Estimate {
                channel: channel.id,
                cpi_usd: cpi.mid.0,
                cpi_category: used,
                sources: market
                    .provenance
                    .get(&format!("{path}.mid"))
                    .map(|o| o.sources.iter().map(SourceRef::from).collect())
                    .unwrap_or_default(),
            });
        }
        if let (Some(curve), Some(usd)) = (curve, usd_per_minor) {
            let expected = curve.expected(*minor as f64 * usd);
            channel.expected_installs = Some(expected.mid.floor() as u64);
            channel.expected_installs_range = Some(Range {
                low: expected.low.floor(),
                high: expected.high.floor(),
            });
        }
        curves.push(curve);
    }
    let total_installs = assessment
        .channels
        .iter()
        .filter_map(|c| c.expected_installs)
        .reduce(|a, b| a + b);
    let total_range = assessment
        .channels
        .iter()
        .filter_map(|c| c.expected_installs_range)
        .reduce(|a, b| Range {
            low: a.low + b.low,
            high: a.high + b.high,
        });
    for step in &mut assessment.test_plan {
        let part = assessment
            .channels
            .iter()
            .zip(&parts)
            .find(|(c, _)| c.id == step.channel)
            .map_or(0, |(_, minor)| *minor);
        step.test_budget = Some(amount(part.min(request.minor / 10)));
    }
    let allocation = match usd_per_minor {
        Some(usd) if curves.iter().any(Option::is_some) => Some(allocation(
            assessment, &parts, &curves, request, usd, bounds,
        )?),
        _ => None,
    };
    let note = if usd_per_minor.is_some() {
        Localized::new(
            "Expected installs are estimates on each channel's response curve (installs = scale × spend^elasticity), calibrated to the market's cost-per-install benchmark or the measured results (see their sources and dates); channels with neither have none.",
            "预计安装量是按各渠道响应曲线（安装量 = 系数 × 花费^弹性）估算的，曲线按该市场的单次安装成本基准或实测结果校准（见其来源和日期）；两者都没有的渠道不做估算。",
        )
    } else {
        Localized::new(
            "Expected installs need the budget in USD, the currency of the cost benchmarks, or a rate to it: --currency CODE --rate UNITS_PER_USD.",
            "预计安装量需要以美元计的预算（成本基准以美元计），或给出对美元的汇率：--currency CODE --rate 每美元单位数。",
        )
    };
    assessment.budget = Some(BudgetSummary {
        amount: amount(request.minor),
        currency: request.currency.code.clone(),
        expected_installs: total_installs,
        expected_installs_range: total_range,
        estimates,
        note,
        rate: request
            .rate
            .as_ref()
            .filter(|r| r.currency.code != "USD")
            .map(|r| RateNote {
                currency: r.currency.code.clone(),
                units_per_usd: r.units_per_usd,
                date: r.date.clone(),
            }),
        allocation,
    });
    Ok(())
}

/// The split that maximises the objective, beside the proportional one.
fn allocation(
    assessment: &Assessment,
    parts: &[u64],
    curves: &[Option<Curve>],
    request: &BudgetRequest,
    usd_per_minor: f64,
    bounds: &BTreeMap<ChannelId, (f64, f64)>,
) -> Result<Allocation> {
    let retained = curves.iter().flatten().all(|c| c.retention.is_some());
    let total = request.minor;
    let share_of = |pct: f64| (total as f64 * pct / 100.0).round() as u64;
    let slots: Vec<Slot> = assessment
        .channels
        .iter()
        .zip(parts)
        .zip(curves)
        .map(|((channel, part), curve)| {
            let (min, max) = bounds.get(&channel.id).copied().unwrap_or((0.0, 100.0));
            Slot {
                curve: *curve,
                proportional: *part,
                pin: request
                    .pins
                    .iter()
                    .find(|(id, _)| *id == channel.id)
                    .map(|(_, minor)| *minor),
                min: share_of(min),
                max: share_of(max),
            }
        })
        .collect();
    let optimised = allocate(total, &slots, usd_per_minor, retained, &|minor| {
        request.currency.format(minor)
    })
    .map_err(|e| anyhow!("--budget {}: {e}", request.currency.format(total)))?;
    let usd = |v: &[u64]| -> Vec<f64> { v.iter().map(|m| *m as f64 * usd_per_minor).collect() };
    let amount = |minor: u64| request.currency.major(minor);
    let channels = assessment
        .channels
        .iter()
        .zip(&slots)
        .zip(&optimised)
        .map(|((channel, slot), minor)| {
            let spend = *minor as f64 * usd_per_minor;
            let installs = slot.curve.map(|c| c.expected(spend));
            ChannelAllocation {
                channel: channel.id,
                proportional: amount(slot.proportional),
                optimised: amount(*minor),
                pinned: slot.pin.is_some(),
                optimised_by_curve: slot.curve.is_some() && slot.pin.is_none(),
                installs,
                retained_users: slot.curve.and_then(|c| {
                    let r = c.retention?;
                    let e = installs?;
                    Some(Expected {
                        mid: e.mid * r,
                        low: e.low * r,
                        high: e.high * r,
                    })
                }),
                cpi_usd: slot.curve.map(|c| Expected {
                    mid: c.cpi,
                    low: c.cpi_range.low,
                    high: c.cpi_range.high,
                }),
                response: slot.curve.map(|c| Response {
                    scale: c.scale(),
                    elasticity: c.elasticity,
                    elasticity_range: c.elasticity_range,
                    fitted: c.fitted,
                    cpi_usd: c.cpi,
                    cpi_range: c.cpi_range,
                    at_spend_usd: c.at_spend,
                }),
            }
        })
        .collect();
    Ok(Allocation {
        objective: if retained {
            Objective::RetainedUsers
        } else {
            Objective::Installs
        },
        units_per_usd: request.currency.major(1) / usd_per_minor,
        curve: Localized::new(
            "installs = scale × spend^elasticity per channel, spend in USD per period; the scale puts the curve through the channel's cost per install at the stated spend",
            "每个渠道：安装量 = 系数 × 花费^弹性（花费以美元/期计）；系数使曲线在给定花费处符合该渠道的单次安装成本",
        ),
        elasticity: elasticity_judgement(),
        reference_spend_usd: reference_spend_judgement(),
        proportional: objective(curves, &usd(parts), retained),
        optimised: objective(curves, &usd(&optimised), retained),
        channels,
    })
}
