//! `assess rank`: the run behind a ranking, and the earlier ranking a
//! `--baseline` compares places with.

use super::{Request, run, selected_markets};
use crate::i18n::tr;
use crate::load::{Catalog, read_user_file};
use crate::model::Market;
use anyhow::{Result, bail};
use std::borrow::Cow;
use std::path::PathBuf;

/// What `assess rank` ranks: one industry (or a product's) in several markets.
#[derive(Debug, Default)]
pub struct RankRequest {
    /// The assessments to rank; empty markets mean every built-in country.
    pub run: Request,
    /// An earlier `rank --format json` document to compare places with.
    pub baseline: Option<PathBuf>,
}

/// The ranking and what the run warned of.
#[derive(Debug)]
pub struct RankRun {
    pub ranking: crate::assessment::Ranking,
    pub warnings: Vec<String>,
}

/// Assesses the request's markets and ranks them (docs/rankings.md).
pub fn rank(catalog: &Catalog, request: RankRequest) -> Result<RankRun> {
    let mut run_request = request.run;
    if run_request.markets.is_empty() {
        run_request.markets = catalog
            .markets
            .values()
            .filter(|m| m.kind == Some(crate::model::MarketKind::Country))
            .map(|m| m.id.clone())
            .collect();
    }
    if run_request.industries.len() > 1 || run_request.industries.iter().any(|i| i == "all") {
        bail!(tr(
            "rank orders markets for one industry; expected one --industry ID (run it once per industry)",
            "rank 只对一个行业排序市场；请只指定一个 --industry ID（每个行业各运行一次）"
        ));
    }
    if run_request.products.len() > 1 {
        bail!(tr(
            "rank orders markets for one product; expected at most one --product",
            "rank 只对一个产品排序市场；最多指定一个 --product"
        ));
    }
    let earlier = match &request.baseline {
        Some(path) if !path.exists() => bail!(tr(
            format!(
                "{}: no such file; expected an earlier `assess rank --format json` document",
                path.display()
            ),
            format!(
                "{}：文件不存在；请提供之前 `assess rank --format json` 输出的文档",
                path.display()
            )
        )),
        Some(path) => Some(parse_earlier_ranking(&read_user_file(path)?)?),
        None => None,
    };
    let run = run(catalog, &run_request)?;
    let Some(industry) = run.summary.industries.first() else {
        bail!(tr(
            "no industry to rank for; expected --industry ID or a product that names one",
            "没有可排序的行业；请用 --industry ID，或使用写明行业的产品"
        ));
    };
    let markets: Vec<Market> = selected_markets(catalog, &run_request)?
        .into_iter()
        .map(Cow::into_owned)
        .collect();
    let mut ranking = crate::rank::rank(&crate::rank::Inputs {
        catalog,
        assessments: &run.assessments,
        markets: &markets,
        industry,
        product: run.summary.products.first(),
        explain: run_request.explain,
    });
    if let Some(earlier) = &earlier {
        ranking.moves = Some(crate::rank::moves(earlier, &ranking));
    }
    Ok(RankRun {
        ranking,
        warnings: run.summary.warnings,
    })
}

/// An earlier ranking document, read for `--baseline`.
fn parse_earlier_ranking(
    file: &crate::diagnostics::SourceFile,
) -> Result<crate::assessment::EarlierRanking> {
    let earlier: crate::assessment::EarlierRanking =
        serde_json::from_str(&file.text).map_err(|e| {
            anyhow::anyhow!(tr(
                format!(
                    "{}:{}:{}: not an assess ranking: {e}; expected the output of `assess rank --format json`",
                    file.path,
                    e.line(),
                    e.column()
                ),
                format!(
                    "{}:{}:{}：不是 assess 的排名文档：{e}；需要 `assess rank --format json` 的输出",
                    file.path,
                    e.line(),
                    e.column()
                )
            ))
        })?;
    let supported = crate::assessment::RANKING_SCHEMA_VERSION;
    if earlier.schema_version != supported {
        bail!(tr(
            format!(
                "{}: schema_version {} is not supported; expected a ranking of version {supported} (regenerate it with this version's `assess rank --format json`)",
                file.path, earlier.schema_version
            ),
            format!(
                "{}：不支持 schema_version {}；需要版本 {supported} 的排名（请用当前版本的 `assess rank --format json` 重新生成）",
                file.path, earlier.schema_version
            )
        ));
    }
    for place in &earlier.ranking.markets {
        if !crate::text::is_kebab(&place.market.id) {
            let at = file
                .text
                .find(&format!("\"{}\"", place.market.id))
                .unwrap_or(0);
            let (line, column) = crate::text::line_col(&file.text, at);
            bail!(tr(
                format!(
                    "{}:{line}:{column}: `{}` is not a market id; expected the ids of an assess ranking",
                    file.path, place.market.id
                ),
                format!(
                    "{}:{line}:{column}：`{}` 不是市场 id；需要 assess 排名中的 id",
                    file.path, place.market.id
                )
            ));
        }
    }
    Ok(earlier)
}
