//! The default command: select markets × industries × products, apply `--set`,
//! assess each combination, compare with a baseline, gate, and render.

use super::{ColorChoice, GlobalArgs, Output, RunArgs, lang_for};
use crate::assess::{self, Assessment, Subject};
use crate::baseline::Baseline;
use crate::catalog::{Catalog, read_user_file};
use crate::model::{Industry, Market, Product};
use crate::overrides::{self, Override, Target};
use crate::report::{self, Report, TableOptions};
use crate::{gate, plan, today};
use anyhow::{Result, anyhow, bail};
use std::io::IsTerminal;

pub fn assess_command(
    catalog: &Catalog,
    args: &RunArgs,
    global: &GlobalArgs,
    explain: bool,
) -> Result<Output, super::Failure> {
    let as_of = as_of(global.as_of.as_deref())?;
    let budget = args
        .budget
        .as_deref()
        .map(|text| {
            plan::parse_amount(text)
                .map(|cents| plan::BudgetRequest {
                    cents,
                    currency: args.currency.clone(),
                })
                .map_err(|e| anyhow!("--budget {text}: {e}"))
        })
        .transpose()?;
    if args.market.is_empty() {
        return Err(anyhow!(
            "no market given; expected --market ID (for example --market sea; `assess list markets` shows them)"
        )
        .into());
    }
    let overrides = args
        .set
        .iter()
        .map(|text| Override::parse(text))
        .collect::<Result<Vec<_>>>()?;
    if args.product.is_empty()
        && let Some(o) = overrides.iter().find(|o| o.target == Target::Product)
    {
        return Err(anyhow!(
            "--set {}: there is no product; expected --product FILE",
            o.text
        )
        .into());
    }
    let products = args
        .product
        .iter()
        .map(|p| {
            let product = catalog.product(p)?;
            overrides::apply(&product, &overrides, Target::Product, &as_of)
        })
        .collect::<Result<Vec<Product>>>()?;
    let markets = select(&args.market, catalog.markets.keys())
        .into_iter()
        .map(|id| overrides::apply(catalog.market(id)?, &overrides, Target::Market, &as_of))
        .collect::<Result<Vec<Market>>>()?;
    let industries = select(&args.industry, catalog.industries.keys())
        .into_iter()
        .map(|id| overrides::apply(catalog.industry(id)?, &overrides, Target::Industry, &as_of))
        .collect::<Result<Vec<Industry>>>()?;
    if industries.is_empty() && products.iter().all(|p| p.industry.is_none()) {
        return Err(anyhow!(
            "no industry given; expected --industry ID (for example --industry social; `assess list industries` shows them)"
        )
        .into());
    }
    // Without --industry, each product brings its own.
    let product_industries = products
        .iter()
        .map(|p| match &p.industry {
            Some(id) if industries.is_empty() => Ok(Some(overrides::apply(
                catalog.industry(id)?,
                &overrides,
                Target::Industry,
                &as_of,
            )?)),
            Some(_) | None if industries.is_empty() => bail!(
                "product `{}` names no industry; expected --industry ID or `industry:` in the product",
                p.id
            ),
            _ => Ok(None),
        })
        .collect::<Result<Vec<Option<Industry>>>>()?;

    let lang = lang_for(global.lang, args.format.is_human());
    let options = assess::Options { lang, explain };
    let mut assessments: Vec<Assessment> = Vec::new();
    for market in &markets {
        if products.is_empty() {
            for industry in &industries {
                let subject = Subject {
                    market,
                    industry,
                    product: None,
                };
                assessments.push(assess_one(catalog, subject, options, budget.as_ref())?);
            }
            continue;
        }
        if industries.is_empty() {
            for (product, industry) in products.iter().zip(&product_industries) {
                if let Some(industry) = industry {
                    let subject = Subject {
                        market,
                        industry,
                        product: Some(product),
                    };
                    assessments.push(assess_one(catalog, subject, options, budget.as_ref())?);
                }
            }
            continue;
        }
        for industry in &industries {
            for product in &products {
                let subject = Subject {
                    market,
                    industry,
                    product: Some(product),
                };
                assessments.push(assess_one(catalog, subject, options, budget.as_ref())?);
            }
        }
    }

    if let Some(path) = &args.baseline {
        if !path.exists() {
            return Err(anyhow!(
                "{}: no such file; expected an earlier `assess --format json` report",
                path.display()
            )
            .into());
        }
        let baseline = Baseline::parse(&read_user_file(path)?)?;
        for a in &mut assessments {
            a.changes = Some(baseline.compare(a));
        }
    }

    let gate = (!args.fail_on.is_empty()).then(|| gate::evaluate(&args.fail_on, &assessments));
    let terminal = std::io::stdout().is_terminal();
    let table = TableOptions {
        lang,
        color: use_color(global.color, terminal),
        width: if terminal { None } else { Some(120) },
    };
    let report = Report {
        assessments: &assessments,
        gate: gate.as_ref(),
        lang,
    };
    let stdout = report::render(args.format, &report, &table)?;
    let tripped = gate.as_ref().is_some_and(|g| g.tripped);
    Ok(Output {
        stdout,
        warnings: catalog.warnings(&as_of, false),
        stderr_note: tripped.then(|| {
            format!(
                "assess: the --fail-on gate tripped for {} of {} assessment(s)",
                gate.as_ref().map_or(0, |g| g.reasons.len()),
                assessments.len()
            )
        }),
        exit_code: u8::from(tripped),
    })
}

fn assess_one(
    catalog: &Catalog,
    subject: Subject<'_>,
    options: assess::Options,
    budget: Option<&plan::BudgetRequest>,
) -> Result<Assessment> {
    let mut assessment = assess::assess_with(catalog, subject, options)?;
    if let Some(request) = budget {
        plan::apply_budget(&mut assessment, subject.market, request, options.lang);
    }
    Ok(assessment)
}

/// `--as-of`, checked, or today's date.
pub fn as_of(given: Option<&str>) -> Result<String> {
    match given {
        None => Ok(today()),
        Some(text) => match crate::model::SourceDate::parse(text) {
            Some(date) if date.0.len() == 10 => Ok(date.0),
            _ => bail!("--as-of {text}: not a date; expected YYYY-MM-DD"),
        },
    }
}

/// Expands `all` (in id order) and keeps the order given, without repeats.
fn select<'a>(given: &'a [String], known: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let known: Vec<&String> = known.collect();
    let mut out: Vec<&str> = Vec::new();
    for id in given {
        let ids: Vec<&str> = if id == "all" {
            known.iter().map(|k| k.as_str()).collect()
        } else {
            vec![id.as_str()]
        };
        for id in ids {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// Colour only on a terminal, never with NO_COLOR, unless forced.
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}
