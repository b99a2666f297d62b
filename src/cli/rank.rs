//! `assess rank`: resolves the ranking options into a
//! [`pipeline::RankRequest`], ranks, renders, and trips `--fail-on moved`.

use super::{GlobalArgs, Output, RankArgs, RankGate, lang_for};
use crate::evaluate::SeveritySetting;
use crate::i18n::tr;
use crate::load::Catalog;
use crate::load::overrides::Override;
use crate::pipeline::{self, RankRequest, Request};
use crate::render::{RankOptions, render_ranking};
use anyhow::{Result, anyhow};
use std::io::IsTerminal;

pub fn rank_command(
    catalog: &Catalog,
    args: &RankArgs,
    severities: &[SeveritySetting],
    global: &GlobalArgs,
) -> Result<Output, super::Failure> {
    if args.fail_on == Some(RankGate::Moved) && args.baseline.is_none() {
        return Err(anyhow!(tr(
            "--fail-on moved compares with an earlier ranking; expected --baseline FILE (an `assess rank --format json` document)",
            "--fail-on moved 需要与之前的排名比较；请用 --baseline FILE 指定（`assess rank --format json` 的输出）"
        ))
        .into());
    }
    let request = RankRequest {
        run: Request {
            markets: args.market.clone(),
            industries: args.industry.iter().cloned().collect(),
            products: args.product.iter().cloned().collect(),
            overrides: args
                .set
                .iter()
                .map(|text| Override::parse(text))
                .collect::<Result<Vec<_>>>()?,
            severities: severities.to_vec(),
            explain: args.explain,
            as_of: super::run::as_of(global.as_of.as_deref())?,
            ..Request::default()
        },
        baseline: args.baseline.clone(),
    };
    let ranked = pipeline::rank(catalog, request)?;
    let tripped = args.fail_on.map(|_| {
        ranked
            .ranking
            .moves
            .as_ref()
            .is_some_and(|moves| !moves.is_empty())
    });
    let terminal = std::io::stdout().is_terminal();
    let options = RankOptions {
        lang: lang_for(global.lang, args.format.is_human()),
        width: super::run::output_width(terminal),
        color: super::run::use_color(global.color, terminal),
        gate_tripped: tripped,
    };
    let stdout = render_ranking(args.format, &ranked.ranking, &options)?;
    let moved = ranked.ranking.moves.as_ref().map_or(0, Vec::len);
    Ok(Output {
        stdout,
        warnings: ranked.warnings,
        stderr_note: (tripped == Some(true)).then(|| {
            tr(
                format!("assess: the --fail-on moved gate tripped: {moved} market(s) changed place since the baseline"),
                format!("assess：--fail-on moved 门禁未通过：与基线相比有 {moved} 个市场名次变动"),
            )
        }),
        exit_code: u8::from(tripped == Some(true)),
        ..Output::default()
    })
}
