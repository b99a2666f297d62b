//! Citing a finding's market figures in its message: who measured them and
//! when, whether they are old, and for a region which country set the figure.
//! "Median mobile download is only 25.63 Mbps (Ookla, Mar 2023)".

use crate::Lang;
use crate::assessment::{Evidence, SourceRef};
use crate::i18n::pick;
use crate::load::Catalog;
use crate::model::ValueScope;
use std::collections::BTreeMap;

/// The citation to append to a message: " (Ookla, Mar 2023)", one part per
/// distinct origin of the market figures among `evidence`; empty when there are none.
pub fn citation(catalog: &Catalog, evidence: &BTreeMap<String, Evidence>, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (path, item) in evidence {
        let Some(scope) = item.scope else {
            continue;
        };
        let part = cite_one(catalog, path, item, scope, lang);
        if !part.is_empty() && !parts.contains(&part) {
            parts.push(part);
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    pick(
        lang,
        format!(" ({})", parts.join("; ")),
        format!("（{}）", parts.join("；")),
    )
}

fn cite_one(
    catalog: &Catalog,
    path: &str,
    item: &Evidence,
    scope: ValueScope,
    lang: Lang,
) -> String {
    let market_name = |id: &str| {
        catalog
            .markets
            .get(id)
            .and_then(|m| m.name.as_ref())
            .map_or_else(|| id.to_string(), |n| n.get(lang).to_string())
    };
    let owner = item.market.as_deref().unwrap_or_default();
    let source = item
        .sources
        .first()
        .map(|s| source_words(s, item.old, lang));
    let with_source = |words: String| match &source {
        Some(s) => pick(lang, format!("{s}; {words}"), format!("{s}；{words}")),
        None => words,
    };
    match scope {
        ValueScope::Set => pick(lang, "set with --set", "由 --set 设定").to_string(),
        ValueScope::RegionalJudgement => pick(
            lang,
            format!("{}, regional judgement", market_name(owner)),
            format!("{}区域判断", market_name(owner)),
        ),
        ValueScope::Derived => {
            let country = item
                .derived_from
                .first()
                .map(|c| market_name(c))
                .unwrap_or_default();
            // A region's duty is the strictest of its countries'; a figure the weakest.
            let legal = path.starts_with("market.compliance.");
            let weakest = if legal {
                pick(
                    lang,
                    format!("strictest country: {country}"),
                    format!("区域内最严：{country}"),
                )
            } else {
                pick(
                    lang,
                    format!("weakest country: {country}"),
                    format!("区域内最弱：{country}"),
                )
            };
            with_source(weakest)
        }
        ValueScope::MemberWide => with_source(pick(
            lang,
            format!("holds in every {} market", market_name(owner)),
            format!("适用于{}所有市场", market_name(owner)),
        )),
        ValueScope::Regional => with_source(pick(
            lang,
            format!("{}'s regional figure", market_name(owner)),
            format!("{}的区域数据", market_name(owner)),
        )),
        ValueScope::Own if item.judgement && source.is_none() => pick(
            lang,
            format!("{}, our judgement", market_name(owner)),
            format!("{}，我们的判断", market_name(owner)),
        ),
        ValueScope::Own => source.clone().unwrap_or_default(),
    }
}

/// "Ookla, Mar 2023", with ", over three years old" when it is.
fn source_words(source: &SourceRef, old: bool, lang: Lang) -> String {
    let who = source.publisher.as_deref().unwrap_or(&source.title);
    let when = month_year(source.as_of_date(), lang);
    if old {
        pick(
            lang,
            format!("{who}, {when}, over three years old"),
            format!("{who}，{when}，已超过三年"),
        )
    } else {
        pick(lang, format!("{who}, {when}"), format!("{who}，{when}"))
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2023-03` → "Mar 2023" (Chinese "2023年3月"); a bare year stays a year.
pub fn month_year(date: &str, lang: Lang) -> String {
    let mut parts = date.split('-');
    let year = parts.next().unwrap_or_default();
    let month = parts
        .next()
        .and_then(|m| m.parse::<usize>().ok())
        .filter(|m| (1..=12).contains(m));
    match month.and_then(|m| Some((m, MONTHS.get(m - 1)?))) {
        Some((m, name)) => pick(lang, format!("{name} {year}"), format!("{year}年{m}月")),
        None => pick(lang, year.to_string(), format!("{year}年")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_month_and_year() {
        assert_eq!(month_year("2023-03", Lang::En), "Mar 2023");
        assert_eq!(month_year("2023-03-18", Lang::En), "Mar 2023");
        assert_eq!(month_year("2023", Lang::En), "2023");
        assert_eq!(month_year("2023-12", Lang::Zh), "2023年12月");
    }
}
