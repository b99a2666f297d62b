//! Turning a mix into a plan: the `--budget` split per channel with the installs
//! it buys where the market has a cost benchmark, and the test plan — the three
//! test-first channels, each tested cheaply in parallel before focusing.

use super::shares::split_budget;
use crate::assessment::{
    Assessment, BudgetRequest, BudgetSummary, ChannelShare, Estimate, SourceRef, TestStep,
};
use crate::i18n::Localized;
use crate::load::Catalog;
use crate::model::{CpiCategory, Market};

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

/// Splits the budget by the printed shares (to the cent, adding up exactly),
/// estimates installs where the market has a cost-per-install benchmark and the
/// budget is in US dollars, and sizes the tests.
pub fn apply_budget(
    assessment: &mut Assessment,
    market: &Market,
    category: Option<CpiCategory>,
    request: &BudgetRequest,
) {
    let shares: Vec<u32> = assessment.channels.iter().map(|c| c.share_pct).collect();
    let parts = split_budget(request.minor, &shares);
    let usd = request.currency.code == "USD";
    let amount = |minor: u64| request.currency.major(minor);
    let mut estimates = Vec::new();
    let mut total_installs: Option<u64> = None;
    for (channel, cents) in assessment.channels.iter_mut().zip(&parts) {
        channel.budget = Some(amount(*cents));
        let benchmark = market
            .channels
            .get(&channel.id)
            .and_then(|c| c.cpi_for(category));
        if let (true, Some((used, cpi))) = (usd, benchmark) {
            let installs = (amount(*cents) / cpi.mid.0).floor() as u64;
            channel.expected_installs = Some(installs);
            *total_installs.get_or_insert(0) += installs;
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
    }
    for step in &mut assessment.test_plan {
        let part = assessment
            .channels
            .iter()
            .zip(&parts)
            .find(|(c, _)| c.id == step.channel)
            .map_or(0, |(_, cents)| *cents);
        step.test_budget = Some(amount(part.min(request.minor / 10)));
    }
    let note = if usd {
        Localized::new(
            "Expected installs are estimates: the budget divided by the market's cost-per-install benchmark (see its source and date); channels without a benchmark have none.",
            "预计安装量只是估算：预算除以该市场的单次安装成本基准（见其来源和日期）；没有基准的渠道不做估算。",
        )
    } else {
        Localized::new(
            "Expected installs need a budget in USD, the currency of the cost benchmarks.",
            "预计安装量需要以美元计的预算，因为成本基准以美元计。",
        )
    };
    assessment.budget = Some(BudgetSummary {
        amount: amount(request.minor),
        currency: request.currency.code.clone(),
        expected_installs: total_installs,
        estimates,
        note,
    });
}
