//! The words of a ranking: a market's value on each key, and the one or two
//! reasons for its place (against the market above and the one below).

use super::{Keys, compare};
use crate::Lang;
use crate::assessment::{RankKey, RankedMarket};
use crate::i18n::{Localized, pick};
use crate::labels;

/// A market's value on `key`, as the reasons and `--explain` quote it.
pub fn value(key: RankKey, market: &RankedMarket, lang: Lang) -> String {
    let words = labels(lang);
    match key {
        RankKey::Verdict => {
            let verdict = words.verdict_word(market.verdict).to_string();
            let rules: Vec<&str> = market.blocks.iter().map(|b| b.rule.as_str()).collect();
            if rules.is_empty() {
                verdict
            } else {
                pick(
                    lang,
                    format!("{verdict} ({})", rules.join(", ")),
                    format!("{verdict}（{}）", rules.join("、")),
                )
            }
        }
        RankKey::Complete if market.complete => pick(lang, "complete", "完整").to_string(),
        RankKey::Complete => {
            let checks: Vec<&str> = market
                .incomplete_checks
                .iter()
                .map(|c| words.check_name(*c))
                .collect();
            pick(
                lang,
                format!("incomplete ({})", checks.join(", ")),
                format!("不完整（{}）", checks.join("、")),
            )
        }
        RankKey::WarnFindings => pick(
            lang,
            format!(
                "{} warn finding{}",
                market.warns.len(),
                if market.warns.len() == 1 { "" } else { "s" }
            ),
            format!("{} 条警告", market.warns.len()),
        ),
        RankKey::Audience => match &market.audience {
            Some(a) => pick(
                lang,
                format!("{} {}", super::people(a.people, lang), a.counts.en),
                format!("{}{}", a.counts.zh, super::people(a.people, lang)),
            ),
            None => pick(lang, "people online unknown", "上网人数未知").to_string(),
        },
        RankKey::CostPerInstall => match &market.cost_per_install {
            Some(c) => pick(
                lang,
                format!("cost per install ${:.2} ({})", c.usd, c.category),
                format!("单次安装成本 ${:.2}（{}）", c.usd, c.category),
            ),
            None => pick(lang, "cost per install unknown", "单次安装成本未知").to_string(),
        },
    }
}

/// The reasons for a market's place: why it is not above its upper
/// neighbour, and why it is above its lower one (or that it ties with them).
pub fn for_place(
    me: (&RankedMarket, &Keys),
    above: Option<(&RankedMarket, &Keys)>,
    below: Option<(&RankedMarket, &Keys)>,
) -> Vec<Localized> {
    let mut reasons = Vec::new();
    if let Some((other, keys)) = above {
        reasons.push(match compare(keys, me.1).1 {
            None => tie(me.0, other),
            Some(key) => against(me.0, other, key, Side::After),
        });
    }
    if let Some((other, keys)) = below {
        reasons.push(match compare(me.1, keys).1 {
            None => tie(me.0, other),
            Some(key) => against(me.0, other, key, Side::Ahead),
        });
    }
    if reasons.is_empty() {
        reasons.push(Localized::new(
            "the only market ranked",
            "唯一参与排名的市场",
        ));
    }
    reasons
}

/// Where a market stands against a neighbour.
#[derive(Clone, Copy)]
enum Side {
    After,
    Ahead,
}

/// "after Brazil: 5 warn findings against 1", on the key that decides.
fn against(me: &RankedMarket, other: &RankedMarket, key: RankKey, side: Side) -> Localized {
    Localized::by(|lang| {
        let (mine, theirs) = (value(key, me, lang), value(key, other, lang));
        let name = other.market.name.get(lang);
        match (side, lang) {
            (Side::After, Lang::En) => format!("after {name}: {mine} against {theirs}"),
            (Side::Ahead, Lang::En) => format!("ahead of {name}: {mine} against {theirs}"),
            (Side::After, Lang::Zh) => format!("排在{name}之后：{mine}，对方{theirs}"),
            (Side::Ahead, Lang::Zh) => format!("排在{name}之前：{mine}，对方{theirs}"),
        }
    })
}

fn tie(me: &RankedMarket, other: &RankedMarket) -> Localized {
    Localized::by(|lang| {
        pick(
            lang,
            format!(
                "shares rank {} with {}: every key is equal",
                me.rank,
                other.market.name.get(lang)
            ),
            format!(
                "与{}并列第 {} 名：各项排序依据都相同",
                other.market.name.get(lang),
                me.rank
            ),
        )
    })
}
