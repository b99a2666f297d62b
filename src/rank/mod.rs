//! Market ranking (`assess rank`): orders assessed markets by keys that are
//! all printed — verdict, completeness, warn findings, people online, cost per
//! install — gives each market the reasons for its place, and with a product
//! says which markets its stack serves and in which waves to launch
//! (docs/rankings.md). No score: the first key that differs decides.

mod reasons;
mod rollout;

pub use reasons::value;

use crate::Lang;
use crate::assessment::{
    Assessment, Audience, Comparison, CostPerInstall, EarlierRanking, Issue, KeyComparison, Move,
    RankKey, RankedMarket, Ranking, Verdict,
};
use crate::i18n::Localized;
use crate::load::Catalog;
use crate::model::{ChannelId, Industry, Market, Product, Severity, ValueScope};
use std::cmp::Ordering;

/// What a ranking is made from: the assessments of one industry (and
/// product) in several markets, and those markets after `--set`.
pub struct Inputs<'a> {
    pub catalog: &'a Catalog,
    pub assessments: &'a [Assessment],
    pub markets: &'a [Market],
    pub industry: &'a Industry,
    pub product: Option<&'a Product>,
    /// Add each market's comparison with the next, key by key.
    pub explain: bool,
}

/// The values the keys compare, for one market.
#[derive(Debug, Clone)]
struct Keys {
    verdict: Verdict,
    complete: bool,
    warns: usize,
    audience: Option<u64>,
    cost: Option<f64>,
}

/// pass, then not-assessed (less was examined), then warn, then block.
fn verdict_place(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Pass => 0,
        Verdict::NotAssessed => 1,
        Verdict::Warn => 2,
        Verdict::Block => 3,
    }
}

/// Known before unknown; among known, `better` decides.
fn known_first<T>(a: Option<T>, b: Option<T>, better: impl Fn(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => better(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// `Less` when `a` is ahead of `b` on `key`.
fn compare_on(key: RankKey, a: &Keys, b: &Keys) -> Ordering {
    match key {
        RankKey::Verdict => verdict_place(a.verdict).cmp(&verdict_place(b.verdict)),
        RankKey::Complete => b.complete.cmp(&a.complete),
        RankKey::WarnFindings => a.warns.cmp(&b.warns),
        RankKey::Audience => known_first(a.audience, b.audience, |a, b| b.cmp(&a)),
        RankKey::CostPerInstall => known_first(a.cost, b.cost, |a, b| a.total_cmp(&b)),
    }
}

/// The order of two markets and the key that decides it (none when all are equal).
fn compare(a: &Keys, b: &Keys) -> (Ordering, Option<RankKey>) {
    RankKey::ORDER
        .into_iter()
        .map(|key| (compare_on(key, a, b), key))
        .find(|(order, _)| order.is_ne())
        .map_or((Ordering::Equal, None), |(order, key)| (order, Some(key)))
}

/// One market before its place is known.
struct Entry {
    market: RankedMarket,
    keys: Keys,
}

/// Ranks the markets of `inputs`: sorted by the keys, equal keys sharing a
/// rank (1, 1, 3), ties in market id order.
pub fn rank(inputs: &Inputs<'_>) -> Ranking {
    let mut entries: Vec<Entry> = inputs
        .assessments
        .iter()
        .map(|assessment| entry(inputs, assessment))
        .collect();
    entries.sort_by(|a, b| {
        compare(&a.keys, &b.keys)
            .0
            .then_with(|| a.market.market.id.cmp(&b.market.market.id))
    });
    for i in 0..entries.len() {
        let rank = match i.checked_sub(1).and_then(|p| entries.get(p)) {
            Some(above) if compare(&above.keys, &entries[i].keys).0.is_eq() => above.market.rank,
            _ => i + 1,
        };
        entries[i].market.rank = rank;
    }
    let reasons: Vec<Vec<Localized>> = (0..entries.len())
        .map(|i| {
            let neighbour = |at: Option<usize>| {
                at.and_then(|j| entries.get(j))
                    .map(|e| (&e.market, &e.keys))
            };
            reasons::for_place(
                (&entries[i].market, &entries[i].keys),
                neighbour(i.checked_sub(1)),
                neighbour(Some(i + 1)),
            )
        })
        .collect();
    for (entry, reasons) in entries.iter_mut().zip(reasons) {
        entry.market.reasons = reasons;
    }
    let comparisons = inputs.explain.then(|| {
        entries
            .windows(2)
            .map(|pair| comparison(&pair[0], &pair[1]))
            .collect()
    });
    let markets: Vec<RankedMarket> = entries.into_iter().map(|e| e.market).collect();
    let rollout = inputs
        .product
        .map(|_| rollout::plan(&markets, inputs.industry));
    let first = inputs.assessments.first();
    Ranking {
        industry: first.map_or_else(
            || crate::assessment::Named {
                id: inputs.industry.id.clone(),
                name: Localized::same(&inputs.industry.id),
            },
            |a| a.industry.clone(),
        ),
        product: first.and_then(|a| a.product.clone()),
        order: RankKey::ORDER.to_vec(),
        markets,
        rollout,
        comparisons,
        moves: None,
    }
}

fn entry(inputs: &Inputs<'_>, assessment: &Assessment) -> Entry {
    let market = inputs.markets.iter().find(|m| m.id == assessment.market.id);
    let findings = || {
        assessment
            .checks
            .iter()
            .flat_map(|c| &c.findings)
            .map(|f| (f, f.severity))
    };
    let issues = |severity: Severity| -> Vec<Issue> {
        findings()
            .filter(|(_, s)| *s == severity)
            .map(|(f, _)| Issue {
                rule: f.rule.clone(),
                item: f.item.clone(),
                message: f.message.clone(),
            })
            .collect()
    };
    let warns = issues(Severity::Warn);
    let audience = market.and_then(audience);
    let cost_per_install = market.and_then(|m| cost_per_install(m, inputs.industry));
    let keys = Keys {
        verdict: assessment.verdict,
        complete: assessment.complete,
        warns: warns.len(),
        audience: audience.as_ref().map(|a| a.people),
        cost: cost_per_install.as_ref().map(|c| c.usd),
    };
    let stack = inputs.product.map(|product| {
        rollout::stack_fit(
            inputs.catalog,
            inputs.industry,
            product,
            &assessment.market.id,
            assessment,
        )
    });
    Entry {
        market: RankedMarket {
            rank: 0,
            market: assessment.market.clone(),
            verdict: assessment.verdict,
            complete: assessment.complete,
            incomplete_checks: assessment.incomplete_checks().collect(),
            blocks: issues(Severity::Block),
            warns,
            audience,
            cost_per_install,
            reasons: Vec::new(),
            stack,
        },
        keys,
    }
}

/// The reach fields, most specific first: the first a market knows counts.
const AUDIENCE_FIELDS: [(&str, &str, &str); 3] = [
    (
        "reach.mobile_internet_users",
        "mobile internet users",
        "移动互联网用户",
    ),
    ("reach.smartphone_users", "smartphone users", "智能手机用户"),
    (
        "reach.internet_users",
        "internet users (any device)",
        "互联网用户（任何设备）",
    ),
];

/// People online in `market`: its own count, never a region's or a neighbour's.
pub fn audience(market: &Market) -> Option<Audience> {
    let reach = market.reach.as_ref()?;
    let values = [
        reach.mobile_internet_users,
        reach.smartphone_users,
        reach.internet_users,
    ];
    AUDIENCE_FIELDS
        .iter()
        .zip(values)
        .find_map(|((field, en, zh), people)| {
            let people = people?;
            let origin = market.provenance.get(*field);
            if origin.is_some_and(|o| !matches!(o.scope, ValueScope::Own | ValueScope::Set)) {
                return None;
            }
            let source = origin.and_then(|o| o.sources.first());
            Some(Audience {
                people,
                field: (*field).to_string(),
                counts: Localized::new(*en, *zh),
                source: source.map(|s| s.title.clone()),
                measured: source.map(|s| s.as_of_date().0.clone()),
            })
        })
}

/// The market's own performance-ads cost per install for the industry's app
/// category (else all apps): never a region's figure.
fn cost_per_install(market: &Market, industry: &Industry) -> Option<CostPerInstall> {
    let (category, benchmark) = market
        .channels
        .get(&ChannelId::PerformanceAds)?
        .cpi_for(industry.cpi_category)?;
    let path = format!(
        "channels.{}.cpi.{}.mid",
        ChannelId::PerformanceAds.as_str(),
        category.as_str()
    );
    let origin = market.provenance.get(&path);
    if origin.is_some_and(|o| {
        !matches!(o.scope, ValueScope::Own | ValueScope::Set) || *o.market != *market.id
    }) {
        return None;
    }
    let source = origin.and_then(|o| o.sources.first());
    Some(CostPerInstall {
        usd: benchmark.mid.0,
        category: category.as_str().to_string(),
        source: source.map(|s| s.title.clone()),
        measured: source.map(|s| s.as_of_date().0.clone()),
    })
}

fn comparison(above: &Entry, below: &Entry) -> Comparison {
    let (_, decided_by) = compare(&above.keys, &below.keys);
    Comparison {
        above: above.market.market.id.clone(),
        below: below.market.market.id.clone(),
        keys: RankKey::ORDER
            .into_iter()
            .map(|key| KeyComparison {
                key,
                above: Localized::by(|lang| reasons::value(key, &above.market, lang)),
                below: Localized::by(|lang| reasons::value(key, &below.market, lang)),
                ahead: match compare_on(key, &above.keys, &below.keys) {
                    Ordering::Less => Some(above.market.market.id.clone()),
                    Ordering::Greater => Some(below.market.market.id.clone()),
                    Ordering::Equal => None,
                },
            })
            .collect(),
        decided_by,
    }
}

/// The markets whose place differs from an earlier ranking: moved, new, or gone.
pub fn moves(earlier: &EarlierRanking, now: &Ranking) -> Vec<Move> {
    let before = |id: &str| {
        earlier
            .ranking
            .markets
            .iter()
            .find(|p| p.market.id == id)
            .map(|p| p.rank)
    };
    let mut moves: Vec<Move> = now
        .markets
        .iter()
        .filter_map(|m| {
            let from = before(&m.market.id);
            (from != Some(m.rank)).then(|| Move {
                market: m.market.id.clone(),
                from,
                to: Some(m.rank),
            })
        })
        .collect();
    for place in &earlier.ranking.markets {
        if !now.markets.iter().any(|m| m.market.id == place.market.id) {
            moves.push(Move {
                market: place.market.id.clone(),
                from: Some(place.rank),
                to: None,
            });
        }
    }
    moves
}

/// A count of people, short: `166.0 M`, or `1.66 亿` / `6072 万` in Chinese.
pub fn people(count: u64, lang: Lang) -> String {
    let n = count as f64;
    match lang {
        Lang::En if n >= 1e6 => format!("{:.1} M", n / 1e6),
        Lang::En => crate::text::thousands(count),
        Lang::Zh if n >= 1e8 => format!("{:.2} 亿", n / 1e8),
        Lang::Zh if n >= 1e4 => format!("{:.0} 万", n / 1e4),
        Lang::Zh => count.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(verdict: Verdict, complete: bool, warns: usize) -> Keys {
        Keys {
            verdict,
            complete,
            warns,
            audience: None,
            cost: None,
        }
    }

    #[test]
    fn a_blocked_market_never_outranks_an_unblocked_one() {
        let blocked = Keys {
            audience: Some(1_000_000_000),
            cost: Some(0.01),
            ..keys(Verdict::Block, true, 0)
        };
        for verdict in [Verdict::Pass, Verdict::NotAssessed, Verdict::Warn] {
            let weak = keys(verdict, false, 40);
            assert_eq!(
                compare(&weak, &blocked),
                (Ordering::Less, Some(RankKey::Verdict))
            );
        }
    }

    #[test]
    fn the_first_key_that_differs_decides() {
        let a = Keys {
            audience: Some(10),
            ..keys(Verdict::Warn, true, 2)
        };
        let b = Keys {
            audience: Some(1_000),
            ..keys(Verdict::Warn, true, 3)
        };
        assert_eq!(
            compare(&a, &b),
            (Ordering::Less, Some(RankKey::WarnFindings))
        );
    }

    #[test]
    fn unknown_figures_go_after_known_ones_and_equal_keys_tie() {
        let known = Keys {
            cost: Some(9.0),
            ..keys(Verdict::Pass, true, 0)
        };
        let unknown = keys(Verdict::Pass, true, 0);
        assert_eq!(
            compare(&known, &unknown),
            (Ordering::Less, Some(RankKey::CostPerInstall))
        );
        assert_eq!(compare(&unknown, &unknown.clone()), (Ordering::Equal, None));
    }

    #[test]
    fn people_read_in_millions_and_in_chinese_units() {
        assert_eq!(people(166_000_000, Lang::En), "166.0 M");
        assert_eq!(people(166_000_000, Lang::Zh), "1.66 亿");
        assert_eq!(people(60_720_000, Lang::Zh), "6072 万");
        assert_eq!(people(5_790, Lang::En), "5,790");
    }
}
