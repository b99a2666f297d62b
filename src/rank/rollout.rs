//! Rollout breadth from the stack (the source article's rule): where the
//! product's real-time edge covers the markets, go broad; where it does not,
//! concentrate on the markets where the experience holds. Each market's fit
//! quotes the deliverability rule that found it.

use crate::assessment::{
    Assessment, Breadth, Fit, RankedMarket, Rollout, StackFit, Verdict, Wave, WaveId,
};
use crate::i18n::{Localized, pick};
use crate::load::Catalog;
use crate::model::{Industry, Product};

const NO_EDGE_RULE: &str = "deliverability.no-media-edge";
const OVER_PROMISE_RULE: &str = "deliverability.latency-over-promise";

fn carries_realtime_media(industry: &Industry) -> bool {
    industry
        .realtime
        .as_ref()
        .is_some_and(|r| !r.media.is_empty())
}

/// How `product`'s stack meets one market: a local edge, within the tightest
/// round-trip bound of the promises made (the product's, else the industry's).
pub fn stack_fit(
    catalog: &Catalog,
    industry: &Industry,
    product: &Product,
    market_id: &str,
    assessment: &Assessment,
) -> StackFit {
    let mut fit = StackFit {
        fit: Fit::NotRealtime,
        p95_rtt_ms: None,
        max_rtt_ms: None,
        rule: None,
        quote: None,
    };
    if !carries_realtime_media(industry) {
        return fit;
    }
    let local = crate::evaluate::local_view(catalog, market_id, product);
    fit.p95_rtt_ms = local.get("p95_rtt_ms").and_then(serde_json::Value::as_f64);
    let promises = product
        .promises
        .as_ref()
        .or(industry.promises.as_ref())
        .cloned()
        .unwrap_or_default();
    fit.max_rtt_ms = promises
        .iter()
        .filter_map(|id| catalog.promises.get(id)?.max_rtt_ms)
        .map(|bound| bound.0)
        .min_by(f64::total_cmp);
    let quote = |rule: &str| {
        let found = assessment
            .checks
            .iter()
            .flat_map(|c| c.findings.iter().map(|f| (&f.rule, &f.message)))
            .chain(assessment.waived.iter().map(|w| (&w.rule, &w.message)))
            .find(|(id, _)| *id == rule);
        found.map(|(_, message)| message.clone())
    };
    fit.fit = match (
        local.get("edge").and_then(serde_json::Value::as_bool),
        fit.p95_rtt_ms,
        fit.max_rtt_ms,
    ) {
        (None, _, _) => Fit::EdgeUnknown,
        (Some(false), _, _) => Fit::NoEdge,
        (Some(true), _, None) => Fit::Local,
        (Some(true), None, Some(_)) => Fit::LatencyUnknown,
        (Some(true), Some(p95), Some(bound)) if p95 <= bound => Fit::Local,
        (Some(true), Some(_), Some(_)) => Fit::OverPromise,
    };
    let rule = match fit.fit {
        Fit::NoEdge => Some(NO_EDGE_RULE),
        Fit::OverPromise => Some(OVER_PROMISE_RULE),
        _ => None,
    };
    if let Some(rule) = rule {
        fit.quote = quote(rule);
        fit.rule = fit.quote.is_some().then(|| rule.to_string());
    }
    fit
}

/// The waves, in rank order, and how broad to go.
pub fn plan(markets: &[RankedMarket], industry: &Industry) -> Rollout {
    let fit = |m: &RankedMarket| m.stack.as_ref().map_or(Fit::EdgeUnknown, |s| s.fit);
    let wave_of = |m: &RankedMarket| {
        if m.verdict == Verdict::Block {
            return WaveId::Hold;
        }
        match fit(m) {
            Fit::Local | Fit::NotRealtime => WaveId::Launch,
            Fit::LatencyUnknown | Fit::EdgeUnknown => WaveId::MeasureFirst,
            Fit::OverPromise | Fit::NoEdge => WaveId::AfterTheStack,
        }
    };
    let waves: Vec<Wave> = [
        WaveId::Launch,
        WaveId::MeasureFirst,
        WaveId::AfterTheStack,
        WaveId::Hold,
    ]
    .into_iter()
    .map(|id| Wave {
        id,
        name: wave_name(id),
        markets: markets
            .iter()
            .filter(|m| wave_of(m) == id)
            .map(|m| m.market.id.clone())
            .collect(),
        because: wave_because(id, carries_realtime_media(industry)),
    })
    .filter(|w| !w.markets.is_empty())
    .collect();
    let total = markets.len();
    let served = markets.iter().filter(|m| fit(m) == Fit::Local).count();
    let unreached: Vec<&RankedMarket> = markets
        .iter()
        .filter(|m| matches!(fit(m), Fit::NoEdge | Fit::OverPromise))
        .collect();
    let example = unreached.first().and_then(|m| {
        let quote = m.stack.as_ref()?.quote.as_ref()?;
        Some(Localized::by(|lang| {
            pick(
                lang,
                format!(" ({}: {})", m.market.name.get(lang), quote.get(lang)),
                format!("（{}：“{}”）", m.market.name.get(lang), quote.get(lang)),
            )
        }))
    });
    let example = |lang| example.as_ref().map_or("", |e| e.get(lang)).to_string();
    let (breadth, summary) = if !carries_realtime_media(industry) {
        (
            Breadth::Broad,
            Localized::new(
                "The industry carries no real-time media, so the stack's edge does not limit the rollout: go broad in rank order, holding only blocked markets.",
                "该行业没有实时音视频，技术方案的边缘节点不限制推广范围：按排名广泛铺开，只暂缓被阻断的市场。",
            ),
        )
    } else if served == 0 {
        (
            Breadth::FixTheStack,
            Localized::by(|lang| {
                pick(
                    lang,
                    format!(
                        "Your stack serves none of the {total} markets from a local edge within its latency promise: change the stack before a real-time launch{}.",
                        example(lang)
                    ),
                    format!(
                        "你的技术方案在 {total} 个市场中没有一个能以本地边缘节点满足时延承诺：实时功能上线前先调整技术方案{}。",
                        example(lang)
                    ),
                )
            }),
        )
    } else if unreached.is_empty() {
        (
            Breadth::Broad,
            Localized::by(|lang| {
                pick(
                    lang,
                    format!(
                        "Your stack has a media edge in every market ranked and none is over its latency promise ({served} of {total} confirmed within it): go broad, launching the first wave together."
                    ),
                    format!(
                        "你的技术方案在所有参与排名的市场都有媒体边缘节点，且没有市场超出时延承诺（{total} 个中 {served} 个已确认达标）：可以广泛铺开，第一波市场同时上线。"
                    ),
                )
            }),
        )
    } else {
        let waiting = unreached.len();
        (
            Breadth::Concentrate,
            Localized::by(|lang| {
                pick(
                    lang,
                    format!(
                        "Your stack serves {served} of {total} markets from a local edge within its latency promise: concentrate on those; {waiting} wait for the stack{}.",
                        example(lang)
                    ),
                    format!(
                        "你的技术方案在 {total} 个市场中只有 {served} 个能以本地边缘节点满足时延承诺：集中投入这些市场；其余 {waiting} 个要等技术方案覆盖{}。",
                        example(lang)
                    ),
                )
            }),
        )
    };
    Rollout {
        breadth,
        summary,
        waves,
    }
}

fn wave_name(id: WaveId) -> Localized {
    match id {
        WaveId::Launch => Localized::new("Wave 1: launch", "第一波：上线"),
        WaveId::MeasureFirst => Localized::new("Wave 2: measure first", "第二波：先测量"),
        WaveId::AfterTheStack => {
            Localized::new("Wave 3: after the stack", "第三波：等技术方案覆盖")
        }
        WaveId::Hold => Localized::new("Hold", "暂缓"),
    }
}

fn wave_because(id: WaveId, realtime: bool) -> Localized {
    match id {
        WaveId::Launch if realtime => Localized::new(
            "not blocked, and the stack serves them from a local edge within the latency promise",
            "未被阻断，且技术方案能以本地边缘节点满足时延承诺",
        ),
        WaveId::Launch => Localized::new(
            "not blocked; no real-time media for the stack to carry",
            "未被阻断；没有需要技术方案承载的实时音视频",
        ),
        WaveId::MeasureFirst => Localized::new(
            "not blocked, but the product states no p95 round-trip time (or no edge) for them: measure before launch",
            "未被阻断，但产品没有给出当地的p95往返时延（或边缘节点）：上线前先测量",
        ),
        WaveId::AfterTheStack => Localized::new(
            "not blocked, but the stack does not reach them within the latency promise: add an edge or change the promise first",
            "未被阻断，但技术方案在当地达不到时延承诺：先增加边缘节点或调整承诺",
        ),
        WaveId::Hold => Localized::new(
            "blocked: resolve what blocks them first",
            "被阻断：先解决阻断项",
        ),
    }
}
