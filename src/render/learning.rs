//! The words of the learning loop, shared by the table and Markdown: what
//! `--results` taught each channel, the focus advice, the optimised split
//! beside the proportional one with ranges, and the rate used.

use super::money;
use crate::Lang;
use crate::assessment::{Advice, Assessment, Expected, Objective};
use crate::i18n::pick;
use crate::text::thousands;

/// One line of the section: its depth (0 heading, 1 item, 2 detail) and text.
pub type Line = (usize, String);

fn about(x: f64) -> String {
    format!("~{}", thousands(x.round().max(0.0) as u64))
}

/// "~1,502 (1,232–1,831)", in Chinese with full-width parentheses.
pub fn expected(e: &Expected, lang: Lang) -> String {
    let (low, high) = (
        thousands(e.low.round().max(0.0) as u64),
        thousands(e.high.round().max(0.0) as u64),
    );
    pick(
        lang,
        format!("{} ({low}–{high})", about(e.mid)),
        format!("{}（{low}–{high}）", about(e.mid)),
    )
}

pub fn advice_word(advice: Advice, lang: Lang) -> &'static str {
    match advice {
        Advice::Scale => pick(lang, "scale", "加大投入"),
        Advice::KeepTesting => pick(lang, "keep testing", "继续测试"),
        Advice::Stop => pick(lang, "stop", "停止"),
    }
}

/// What `--results` taught, per tested channel.
pub fn learning_lines(a: &Assessment, lang: Lang) -> Vec<Line> {
    let Some(learning) = &a.learning else {
        return Vec::new();
    };
    let horizon = learning.horizon.as_deref().map_or_else(String::new, |h| {
        pick(
            lang,
            format!(", retention at {h}"),
            format!("，留存观察期 {h}"),
        )
    });
    let mut lines = vec![(
        0,
        pick(
            lang,
            format!(
                "What the results taught ({}, {} rows{horizon})",
                learning.file, learning.rows
            ),
            format!(
                "实测结果带来的更新（{}，{} 行{horizon}）",
                learning.file, learning.rows
            ),
        ),
    )];
    for c in &learning.channels {
        let per_retained = c.updated.cost_per_retained_usd.is_some();
        let unit = if per_retained {
            pick(lang, "per retained user", "每个留存用户")
        } else {
            pick(lang, "per install", "每次安装")
        };
        let cost = |f: &crate::assessment::CostFigures| {
            let value = if per_retained {
                f.cost_per_retained_usd.unwrap_or(f.cpi_usd)
            } else {
                f.cpi_usd
            };
            if value.is_finite() {
                format!("${value:.2}")
            } else {
                "—".to_string()
            }
        };
        let range = if per_retained {
            c.updated.cost_per_retained_range
        } else {
            c.updated.cpi_range
        }
        .map_or_else(String::new, |r| {
            pick(
                lang,
                format!(" (90%: {:.2}–{:.2})", r.low, r.high),
                format!("（90%：{:.2}–{:.2}）", r.low, r.high),
            )
        });
        let basis = match (c.prior_basis.as_str(), lang) {
            ("benchmark", Lang::En) => "benchmark",
            ("benchmark", Lang::Zh) => "基准",
            (_, Lang::En) => "tested channels pooled",
            (_, Lang::Zh) => "测试渠道合并",
        };
        let shares = match (c.share_without_evidence_pct, c.share_pct) {
            (Some(before), Some(after)) => pick(
                lang,
                format!("; share {before}% → {after}%"),
                format!("；份额 {before}% → {after}%"),
            ),
            _ => pick(lang, "; not in the mix", "；不在渠道组合中").to_string(),
        };
        lines.push((
            1,
            pick(
                lang,
                format!(
                    "{}: {unit} {} prior ({basis}) → {} measured ({} installs, ${:.0}) → {} updated{range}; evidence ×{:.2}{shares}",
                    c.channel,
                    cost(&c.prior),
                    cost(&c.measured),
                    thousands(c.installs),
                    c.spend_usd,
                    cost(&c.updated),
                    c.factor
                ),
                format!(
                    "{}：{unit}成本 先验 {}（{basis}）→ 实测 {}（{} 次安装，${:.0}）→ 更新后 {}{range}；证据系数 ×{:.2}{shares}",
                    c.channel,
                    cost(&c.prior),
                    cost(&c.measured),
                    thousands(c.installs),
                    c.spend_usd,
                    cost(&c.updated),
                    c.factor
                ),
            ),
        ));
        lines.push((
            2,
            format!(
                "▶ {}{} {}",
                advice_word(c.advice, lang),
                pick(lang, ":", "："),
                c.advice_because.get(lang)
            ),
        ));
    }
    lines.push((
        1,
        format!(
            "{}{}",
            pick(lang, "Method: ", "方法："),
            learning.method.get(lang)
        ),
    ));
    lines
}

/// The optimised split beside the proportional one, and the rate.
pub fn allocation_lines(a: &Assessment, lang: Lang) -> Vec<Line> {
    let Some(budget) = &a.budget else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    if let Some(rate) = &budget.rate {
        let date = rate
            .date
            .as_deref()
            .map_or_else(String::new, |d| format!(", {d}"));
        lines.push((
            0,
            pick(
                lang,
                format!(
                    "Rate: {} {} per US dollar{date}, as given with --rate",
                    rate.units_per_usd, rate.currency
                ),
                format!(
                    "汇率：每美元 {} {}{date}（由 --rate 给出）",
                    rate.units_per_usd, rate.currency
                ),
            ),
        ));
    }
    let Some(allocation) = &budget.allocation else {
        return lines;
    };
    let objective = match (allocation.objective, lang) {
        (Objective::Installs, Lang::En) => "installs",
        (Objective::Installs, Lang::Zh) => "安装量",
        (Objective::RetainedUsers, Lang::En) => "retained users",
        (Objective::RetainedUsers, Lang::Zh) => "留存用户数",
    };
    lines.push((
        0,
        pick(
            lang,
            format!(
                "Optimised split (maximises expected {objective}; the proportional split beside it)"
            ),
            format!("优化后的预算分配（使预期{objective}最大；旁边是按份额的分配）"),
        ),
    ));
    for c in &allocation.channels {
        let outcome = match (allocation.objective, &c.retained_users, &c.installs) {
            (Objective::RetainedUsers, Some(r), _) => pick(
                lang,
                format!("{} retained users", expected(r, lang)),
                format!("留存用户 {}", expected(r, lang)),
            ),
            (_, _, Some(i)) => pick(
                lang,
                format!("{} installs", expected(i, lang)),
                format!("安装 {}", expected(i, lang)),
            ),
            _ => pick(
                lang,
                "not optimised: no cost model (no benchmark, no results)",
                "未优化：没有成本模型（无基准、无实测结果）",
            )
            .to_string(),
        };
        let pinned = if c.pinned {
            pick(lang, " (pinned)", "（固定）")
        } else {
            ""
        };
        let curve = c.response.map_or_else(String::new, |r| {
            let how = if r.fitted {
                pick(lang, "fitted", "拟合")
            } else {
                pick(lang, "judged", "判断")
            };
            pick(
                lang,
                format!(
                    "; elasticity {:.2} ({how}), ${:.2} per install at ${:.0}",
                    r.elasticity, r.cpi_usd, r.at_spend_usd
                ),
                format!(
                    "；弹性 {:.2}（{how}），花费 ${:.0} 时每次安装 ${:.2}",
                    r.elasticity, r.at_spend_usd, r.cpi_usd
                ),
            )
        });
        lines.push((
            1,
            format!(
                "{}{} {} → {}{pinned} — {outcome}{curve}",
                c.channel,
                pick(lang, ":", "："),
                money(c.proportional, &budget.currency),
                money(c.optimised, &budget.currency)
            ),
        ));
    }
    lines.push((
        1,
        pick(
            lang,
            format!(
                "Expected {objective}: proportional {} · optimised {}",
                expected(&allocation.proportional, lang),
                expected(&allocation.optimised, lang)
            ),
            format!(
                "预期{objective}：按份额 {} · 优化后 {}",
                expected(&allocation.proportional, lang),
                expected(&allocation.optimised, lang)
            ),
        ),
    ));
    lines.push((
        2,
        pick(
            lang,
            format!(
                "{}. Unfitted elasticity {} (range {}–{}, a judgement, confidence {}): {}",
                allocation.curve.get(lang),
                allocation.elasticity.value,
                allocation.elasticity.range.low,
                allocation.elasticity.range.high,
                allocation.elasticity.confidence.as_str(),
                allocation.elasticity.reasoning.get(lang)
            ),
            format!(
                "{}。未拟合时弹性取 {}（区间 {}–{}，判断，置信度{}）：{}",
                allocation.curve.get(lang),
                allocation.elasticity.value,
                allocation.elasticity.range.low,
                allocation.elasticity.range.high,
                match allocation.elasticity.confidence {
                    crate::model::Level::Low => "低",
                    crate::model::Level::Medium => "中",
                    crate::model::Level::High => "高",
                },
                allocation.elasticity.reasoning.get(lang)
            ),
        ),
    ));
    lines
}
