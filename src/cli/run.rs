//! The default command: select markets × industries × products, apply `--set`,
//! assess each combination (with waivers), compare with a baseline, gate, and
//! render the main format to stdout and any `--output` formats to files.

use super::{ColorChoice, GlobalArgs, Output, RunArgs, lang_for};
use crate::Lang;
use crate::assess::{self, Assessment, Subject};
use crate::baseline::Baseline;
use crate::catalog::{Catalog, parse, problems_to_result, read_user_file};
use crate::gate::Gate;
use crate::i18n::tr;
use crate::model::{Industry, Market, Product, Waiver};
use crate::overrides::{self, Override, Target};
use crate::report::{self, Format, Report, TableOptions, WaiverReport};
use crate::{gate, plan, today};
use anyhow::{Result, anyhow, bail};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

/// One market × industry × product to assess.
struct Combination<'a> {
    market: &'a Market,
    industry: &'a Industry,
    product: Option<&'a Product>,
}

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
            let currency = crate::money::Currency::parse(&args.currency)
                .map_err(|e| anyhow!("--currency {}: {e}", args.currency))?;
            crate::money::parse_amount(text, &currency)
                .map(|minor| plan::BudgetRequest { minor, currency })
                .map_err(|e| anyhow!("--budget {text}: {e}"))
        })
        .transpose()?;
    let outputs = args
        .output
        .iter()
        .map(|text| parse_output(text))
        .collect::<Result<Vec<_>>>()?;
    // Two formats for one file would leave only the last: refuse before writing.
    for (i, (_, path)) in outputs.iter().enumerate() {
        if outputs[..i]
            .iter()
            .any(|(_, earlier)| same_file(earlier, path))
        {
            return Err(anyhow!(tr(
                format!(
                    "--output: {} is given twice; expected one format per file",
                    path.display()
                ),
                format!(
                    "--output：{} 出现了两次；每个文件只能写一种格式",
                    path.display()
                )
            ))
            .into());
        }
    }
    if args.market.is_empty() {
        return Err(anyhow!(tr(
            "no market given; expected --market ID (for example --market sea; `assess list markets` shows them)",
            "未指定市场；请用 --market ID 指定（例如 --market sea；`assess list markets` 列出全部市场）"
        ))
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
        return Err(anyhow!(tr(
            format!(
                "--set {}: there is no product; expected --product FILE",
                o.text
            ),
            format!("--set {}：没有指定产品；请用 --product FILE 指定", o.text)
        ))
        .into());
    }
    let file_waivers = match &args.waivers {
        Some(path) => load_waivers(catalog, path)?,
        None => Vec::new(),
    };
    if args.product.iter().filter(|p| *p == "-").count() > 1 {
        return Err(anyhow!(tr(
            "--product - is given more than once; standard input can be read once, expected one --product -",
            "--product - 出现了多次；标准输入只能读取一次，请只写一个 --product -"
        ))
        .into());
    }
    let products = args
        .product
        .iter()
        .map(|p| {
            let product = catalog.product(p)?;
            overrides::apply_product(&product, &overrides, &as_of)
        })
        .collect::<Result<Vec<Product>>>()?;
    for (i, product) in products.iter().enumerate() {
        if let Some(first) = products[..i].iter().position(|p| p.id == product.id) {
            return Err(anyhow!(tr(
                format!(
                    "--product {} and --product {} both have the id `{}`; expected each product once, with ids that tell them apart",
                    args.product[first], args.product[i], product.id
                ),
                format!(
                    "--product {} 和 --product {} 的 id 都是 `{}`；每个产品只能出现一次，且 id 必须互不相同",
                    args.product[first], args.product[i], product.id
                )
            ))
            .into());
        }
    }
    let markets = select(&args.market, catalog.markets.keys())
        .into_iter()
        .map(|id| overrides::apply_market(catalog.market(id)?, &overrides, &as_of))
        .collect::<Result<Vec<Market>>>()?;
    let industries = select(&args.industry, catalog.industries.keys())
        .into_iter()
        .map(|id| overrides::apply(catalog.industry(id)?, &overrides, Target::Industry, &as_of))
        .collect::<Result<Vec<Industry>>>()?;
    // Without --industry, each product brings its own.
    let own_industries = if industries.is_empty() {
        if products.is_empty() {
            return Err(anyhow!(tr(
                "no industry given; expected --industry ID (for example --industry social; `assess list industries` shows them)",
                "未指定行业；请用 --industry ID 指定（例如 --industry social；`assess list industries` 列出全部行业）"
            ))
            .into());
        }
        products
            .iter()
            .map(|p| match &p.industry {
                Some(id) => overrides::apply(catalog.industry(id)?, &overrides, Target::Industry, &as_of),
                None => bail!(tr(
                    format!("product `{}` names no industry; expected --industry ID or `industry:` in the product", p.id),
                    format!("产品 `{}` 没有指定行业；请用 --industry ID，或在产品档案中写 `industry:`", p.id)
                )),
            })
            .collect::<Result<Vec<Industry>>>()?
    } else {
        Vec::new()
    };
    let combinations = combinations(&markets, &industries, &products, &own_industries);

    let baseline = match &args.baseline {
        Some(path) if !path.exists() => {
            return Err(anyhow!(tr(
                format!(
                    "{}: no such file; expected an earlier `assess --format json` report",
                    path.display()
                ),
                format!(
                    "{}：文件不存在；请提供之前 `assess --format json` 输出的报告",
                    path.display()
                )
            ))
            .into());
        }
        Some(path) => Some(Baseline::parse(&read_user_file(path)?)?),
        None => None,
    };

    // Each language the outputs need is assessed once; the session converts
    // each profile for the rules once.
    let session = assess::Session::new(catalog)?;
    let mut by_lang: BTreeMap<&'static str, Vec<Assessment>> = BTreeMap::new();
    let formats: Vec<Format> = std::iter::once(args.format)
        .chain(outputs.iter().map(|(f, _)| *f))
        .collect();
    for format in &formats {
        let lang = lang_for(global.lang, format.is_human());
        if by_lang.contains_key(lang_key(lang)) {
            continue;
        }
        let mut assessments = Vec::with_capacity(combinations.len());
        for c in &combinations {
            let waivers: Vec<Waiver> = file_waivers
                .iter()
                .chain(c.product.map(|p| p.waivers.as_slice()).unwrap_or_default())
                .cloned()
                .collect();
            let options = assess::Options {
                lang,
                explain,
                waivers: &waivers,
                as_of: &as_of,
            };
            let subject = Subject {
                market: c.market,
                industry: c.industry,
                product: c.product,
            };
            let mut assessment = session.assess(subject, options)?;
            if let Some(request) = &budget {
                plan::apply_budget(
                    &mut assessment,
                    c.market,
                    c.industry.cpi_category,
                    request,
                    lang,
                );
            }
            if let Some(baseline) = &baseline {
                assessment.changes = Some(baseline.compare(&assessment));
            }
            assessments.push(assessment);
        }
        by_lang.insert(lang_key(lang), assessments);
    }

    let main_lang = lang_for(global.lang, args.format.is_human());
    let main = by_lang
        .get(lang_key(main_lang))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let gate = (!args.fail_on.is_empty()).then(|| gate::evaluate(&args.fail_on, main));
    let waiver_report = waiver_report(&file_waivers, &products, main, &as_of);
    let terminal = std::io::stdout().is_terminal();
    let render = |format: Format, to_terminal: bool| -> Result<String> {
        let lang = lang_for(global.lang, format.is_human());
        let assessments = by_lang
            .get(lang_key(lang))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let report = Report {
            assessments,
            gate: gate.as_ref(),
            waivers: waiver_report.as_ref(),
            lang,
        };
        let table = TableOptions {
            lang,
            color: to_terminal && use_color(global.color, terminal),
            width: if to_terminal && terminal {
                None
            } else {
                Some(120)
            },
        };
        report::render(format, &report, &table)
    };
    let stdout = render(args.format, true)?;
    let files = outputs
        .iter()
        .map(|(format, path)| Ok((path.clone(), render(*format, false)?)))
        .collect::<Result<Vec<_>>>()?;

    // In a run, even what `validate` rejects in the user's notes is only a warning.
    let review = catalog.review(&as_of, false);
    let mut warnings = review.warnings;
    warnings.extend(review.problems.iter().map(ToString::to_string));
    if let Some(report) = &waiver_report {
        warnings.extend(report.warnings());
    }
    let tripped = gate.as_ref().is_some_and(|g| g.tripped);
    Ok(Output {
        stdout,
        files,
        warnings,
        stderr_note: tripped.then(|| gate_note(gate.as_ref(), main.len())),
        exit_code: u8::from(tripped),
        workflow_commands: args.format == Format::Github,
    })
}

fn lang_key(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

fn gate_note(gate: Option<&Gate>, total: usize) -> String {
    {
        let tripped = gate.map_or(0, |g| g.reasons.len());
        tr(
            format!("assess: the --fail-on gate tripped for {tripped} of {total} assessment(s)"),
            format!("assess：--fail-on 门禁未通过（{total} 项评估中有 {tripped} 项）"),
        )
    }
}

/// Markets first, then industries, then products, in the order given.
fn combinations<'a>(
    markets: &'a [Market],
    industries: &'a [Industry],
    products: &'a [Product],
    own_industries: &'a [Industry],
) -> Vec<Combination<'a>> {
    let mut out = Vec::new();
    for market in markets {
        if industries.is_empty() {
            for (product, industry) in products.iter().zip(own_industries) {
                out.push(Combination {
                    market,
                    industry,
                    product: Some(product),
                });
            }
            continue;
        }
        for industry in industries {
            if products.is_empty() {
                out.push(Combination {
                    market,
                    industry,
                    product: None,
                });
            }
            for product in products {
                out.push(Combination {
                    market,
                    industry,
                    product: Some(product),
                });
            }
        }
    }
    out
}

/// Whether two output paths name one file (`a.json` and `./a.json` do).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    let resolve = |p: &std::path::Path| {
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        parent
            .canonicalize()
            .unwrap_or_else(|_| parent.to_path_buf())
            .join(p.file_name().unwrap_or_default())
    };
    resolve(a) == resolve(b)
}

/// `--output FORMAT=PATH`.
fn parse_output(text: &str) -> Result<(Format, PathBuf)> {
    use clap::ValueEnum;
    let (format, path) = text
        .split_once('=')
        .filter(|(_, p)| !p.is_empty())
        .ok_or_else(|| {
            anyhow!(tr(
                format!("--output {text}: expected FORMAT=PATH, for example junit=report.xml"),
                format!("--output {text}：格式应为 FORMAT=PATH，例如 junit=report.xml")
            ))
        })?;
    let format = Format::from_str(format, true).map_err(|_| {
        let known: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        anyhow!(tr(
            format!(
                "--output {text}: unknown format `{format}`; expected one of {}",
                known.join(", ")
            ),
            format!(
                "--output {text}：未知格式 `{format}`；可用格式：{}",
                known.join(", ")
            )
        ))
    })?;
    Ok((format, PathBuf::from(path)))
}

/// `--waivers FILE`: a list of waivers, checked against the rules and markets.
fn load_waivers(catalog: &Catalog, path: &std::path::Path) -> Result<Vec<Waiver>> {
    if !path.exists() {
        bail!(tr(
            format!(
                "{}: no such file; expected a YAML list of waivers",
                path.display()
            ),
            format!(
                "{}：文件不存在；请提供豁免清单（YAML 列表）",
                path.display()
            )
        ));
    }
    let file = read_user_file(path)?;
    let waivers: Vec<Waiver> = parse(&file)?;
    problems_to_result(crate::catalog::check_waivers(catalog, &waivers, &file))?;
    Ok(waivers)
}

/// Which waivers expired, and which applied to nothing in this run.
fn waiver_report(
    file_waivers: &[Waiver],
    products: &[Product],
    assessments: &[Assessment],
    as_of: &str,
) -> Option<WaiverReport> {
    let mut all: Vec<&Waiver> = file_waivers.iter().collect();
    for waiver in products.iter().flat_map(|p| &p.waivers) {
        if !all.contains(&waiver) {
            all.push(waiver);
        }
    }
    if all.is_empty() {
        return None;
    }
    let used = |w: &Waiver| {
        assessments
            .iter()
            .flat_map(|a| &a.waived)
            .any(|x| x.rule == w.rule && x.reason == w.reason)
    };
    Some(WaiverReport {
        expired: all
            .iter()
            .filter(|w| w.expired(as_of))
            .map(|w| (*w).clone())
            .collect(),
        unused: all
            .iter()
            .filter(|w| !w.expired(as_of) && !used(w))
            .map(|w| (*w).clone())
            .collect(),
    })
}

/// `--as-of`, checked, or today's date.
pub fn as_of(given: Option<&str>) -> Result<String> {
    match given {
        None => Ok(today()),
        Some(text) => match crate::model::SourceDate::parse(text) {
            Some(date) if date.0.len() == 10 => Ok(date.0),
            _ => bail!(tr(
                format!("--as-of {text}: not a date; expected YYYY-MM-DD"),
                format!("--as-of {text}：不是日期；格式应为 YYYY-MM-DD")
            )),
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
