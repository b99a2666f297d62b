//! Looking profiles up by id, with the nearest id suggested for a typo.

use super::Catalog;
use crate::model::{ChannelId, Industry, Market, Text};
use anyhow::{Result, anyhow};

impl Catalog {
    pub fn market(&self, id: &str) -> Result<&Market> {
        self.markets
            .get(id)
            .ok_or_else(|| unknown_id("market", id, self.market_ids.iter()))
    }

    pub fn industry(&self, id: &str) -> Result<&Industry> {
        self.industries
            .get(id)
            .ok_or_else(|| unknown_id("industry", id, self.industries.keys()))
    }

    /// The ancestors of a market, nearest first (its region for a country).
    pub fn ancestry(&self, id: &str) -> Vec<&str> {
        let mut chain = vec![];
        let mut current = self.markets.get(id);
        while let Some(market) = current {
            chain.push(market.id.as_str());
            current = market
                .extends
                .as_deref()
                .filter(|parent| !chain.contains(parent))
                .and_then(|parent| self.markets.get(parent));
        }
        chain
    }

    pub fn channel_name(&self, id: ChannelId) -> Text {
        self.channels
            .get(&id)
            .map_or_else(|| Text::new(id.as_str(), id.as_str()), |c| c.name.clone())
    }
}

/// "unknown market `seaa`; did you mean `sea`? (known: …)"
pub fn unknown_id<'a>(
    kind: &str,
    id: &str,
    known: impl Iterator<Item = &'a String> + Clone,
) -> anyhow::Error {
    let list: Vec<&str> = known.clone().map(String::as_str).collect();
    let hint = crate::suggest(id, list.iter().copied())
        .map(|best| format!("; did you mean `{best}`?"))
        .unwrap_or_default();
    let zh_hint = crate::suggest(id, list.iter().copied())
        .map(|best| format!("；你是不是要找 `{best}`？"))
        .unwrap_or_default();
    let zh_kind = match kind {
        "market" => "市场",
        "industry" => "行业",
        "product" => "产品",
        "rule" => "规则",
        "channel" => "渠道",
        other => other,
    };
    anyhow!(crate::i18n::tr(
        format!(
            "unknown {kind} `{id}`{hint} (expected one of: {})",
            list.join(", ")
        ),
        format!("未知{zh_kind} `{id}`{zh_hint}（可选：{}）", list.join(", "))
    ))
}
