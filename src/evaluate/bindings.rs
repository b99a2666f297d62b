//! The data a rule is bound to: the product as seen from one market
//! (`local`), and each channel in play with its market figures (cost per
//! install, intensity) or each promise, converted for the rules once.

use super::Subject;
use super::session::{Variable, to_variable};
use crate::load::Catalog;
use crate::model::{ChannelId, Market, Product, ValueScope};
use anyhow::Result;
use serde_json::{Value as Json, json};

/// The product as seen from one market (docs/data-model.md): a market id in a product
/// list covers that market and every market that extends it; the nearest wins.
pub fn local_view(catalog: &Catalog, market_id: &str, product: &Product) -> Json {
    let ancestry = catalog.ancestry(market_id);
    let capabilities = product.capabilities.clone().unwrap_or_default();
    let covered = |list: &Option<Vec<String>>| {
        list.as_ref()
            .is_some_and(|ids| ancestry.iter().any(|a| ids.iter().any(|i| i == a)))
    };
    let mut local = serde_json::Map::new();
    if capabilities.edge_regions.is_some() {
        local.insert("edge".into(), json!(covered(&capabilities.edge_regions)));
    }
    if capabilities.data_residency.is_some() {
        local.insert(
            "data_residency".into(),
            json!(covered(&capabilities.data_residency)),
        );
    }
    if let Some(rtt) = capabilities
        .p95_rtt_ms
        .as_ref()
        .and_then(|by_market| ancestry.iter().find_map(|a| by_market.get(*a)))
    {
        local.insert("p95_rtt_ms".into(), json!(rtt.0));
    }
    if let Some(resolution) = capabilities.max_resolution {
        local.insert("max_resolution_lines".into(), json!(resolution.lines()));
    }
    Json::Object(local)
}

/// The cost-per-install benchmark a region states for itself (not one derived
/// from its countries), for a country that has none of its own.
fn regional_cpi<'c>(
    catalog: &'c Catalog,
    market: &Market,
    channel: ChannelId,
    category: Option<crate::model::CpiCategory>,
) -> Option<(
    &'c Market,
    crate::model::CpiCategory,
    crate::model::Benchmark,
)> {
    catalog
        .ancestry(&market.id)
        .into_iter()
        .skip(1)
        .filter_map(|id| catalog.markets.get(id))
        .find_map(|region| {
            let (used, cpi) = region.channels.get(&channel)?.cpi_for(category)?;
            let path = format!("channels.{channel}.cpi.{}.mid", used.as_str());
            let stated = region
                .provenance
                .get(&path)
                .is_some_and(|o| o.scope == ValueScope::Own && *o.market == *region.id);
            stated.then_some((region, used, cpi))
        })
}

/// The channels in the mix: those the industry weighs, and any a product
/// constraint gives a minimum share.
pub(super) fn channels_in_play(subject: Subject<'_>) -> Vec<ChannelId> {
    crate::model::CHANNEL_IDS
        .into_iter()
        .filter(|id| {
            subject.industry.channels.contains_key(id)
                || subject.product.is_some_and(|p| {
                    p.constraints
                        .get(id)
                        .and_then(|c| c.min_pct)
                        .is_some_and(|m| m.0 > 0.0)
                })
        })
        .collect()
}

/// The items `for_each` rules are bound to.
pub(super) struct Bindings {
    pub(super) channels: Vec<Variable>,
    pub(super) promises: Vec<Variable>,
    pub(super) promise_ids: Vec<String>,
}

impl Bindings {
    pub(super) fn new(
        catalog: &Catalog,
        subject: Subject<'_>,
        in_play: &[ChannelId],
        promise_items: &std::collections::HashMap<String, Variable>,
    ) -> Result<Bindings> {
        let channels = in_play
            .iter()
            .map(|id| {
                let mut channel = serde_json::Map::new();
                channel.insert("id".into(), json!(id.as_str()));
                channel.insert("name".into(), json!(catalog.channel_name(*id)));
                let weight = subject.industry.channels.get(id).map_or(0.0, |w| w.0);
                channel.insert("weight".into(), json!(weight));
                let market_channel = subject.market.channels.get(id);
                let fit = market_channel.and_then(|c| c.fit).map_or(1.0, |f| f.0);
                channel.insert("fit".into(), json!(fit));
                let category = subject.industry.cpi_category;
                if let Some((used, cpi)) = market_channel.and_then(|c| c.cpi_for(category)) {
                    channel.insert("cpi_usd".into(), json!(cpi.mid.0));
                    channel.insert("cpi_category".into(), json!(used.as_str()));
                    if let Some(low) = cpi.low {
                        channel.insert("cpi_low".into(), json!(low.0));
                    }
                    if let Some(high) = cpi.high {
                        channel.insert("cpi_high".into(), json!(high.0));
                    }
                    let all_apps =
                        market_channel.and_then(|c| c.cpi.get(&crate::model::CpiCategory::AllApps));
                    if let (false, Some(all_apps)) =
                        (used == crate::model::CpiCategory::AllApps, all_apps)
                    {
                        channel.insert("all_apps_cpi_usd".into(), json!(all_apps.mid.0));
                    }
                } else if let Some((region, used, cpi)) =
                    regional_cpi(catalog, subject.market, *id, category)
                {
                    // No figure of its own: the region's, for rules that say so.
                    channel.insert("regional_cpi_usd".into(), json!(cpi.mid.0));
                    channel.insert("regional_cpi_category".into(), json!(used.as_str()));
                    channel.insert("regional_market_id".into(), json!(region.id));
                    channel.insert(
                        "regional_market".into(),
                        region
                            .name
                            .as_ref()
                            .map_or_else(|| json!(region.id), |n| json!(n)),
                    );
                }
                channel.insert(
                    "platforms".into(),
                    json!(
                        market_channel
                            .and_then(|c| c.platforms.clone())
                            .unwrap_or_default()
                    ),
                );
                // The team's own intel wins over our regional judgement.
                if let Some(intel) = subject.product.and_then(|p| p.competition.get(id)) {
                    channel.insert("intensity".into(), json!(intel.intensity));
                    channel.insert("intel".into(), json!(true));
                } else if let Some(competition) = subject.market.competition.get(id) {
                    channel.insert("intensity".into(), json!(competition.intensity));
                    channel.insert("confidence".into(), json!(competition.confidence));
                }
                to_variable(Json::Object(channel))
            })
            .collect::<Result<Vec<_>>>()?;
        // The product's promises when there is a product, else the industry's.
        let promise_ids: Vec<String> = match subject.product.and_then(|p| p.promises.clone()) {
            Some(ids) => ids,
            None => subject.industry.promises.clone().unwrap_or_default(),
        };
        let promises = promise_ids
            .iter()
            .filter_map(|id| promise_items.get(id).cloned())
            .collect();
        Ok(Bindings {
            channels,
            promises,
            promise_ids,
        })
    }
}
