//! The pipeline: sequences one run through the stages — load and validate the
//! profiles, select the markets × industries × products a request names (with
//! `--set` applied), evaluate each combination, complete it with its mix and
//! budget, compare it with a baseline, and decide the gate. Renderers take the
//! [`Run`] it returns; `cli` only builds the [`Request`].

use crate::assessment::{self, Assessment, Baseline, BudgetRequest, FailOn, Gate, WaiverReport};
use crate::evaluate::{Options, Session, SeveritySetting, Subject};
use crate::i18n::tr;
use crate::load::overrides::{self, Override, Target};
use crate::load::{Catalog, parse, problems_to_result, read_user_file};
use crate::model::{Industry, Market, Product, Waiver};
use crate::{mix, validate};
use anyhow::{Result, bail};
use std::borrow::Cow;
use std::path::PathBuf;

mod rank;
pub use rank::{RankRequest, RankRun, rank};

/// Evaluates one combination and completes it with its channel mix.
pub fn assess(catalog: &Catalog, subject: Subject<'_>, options: Options) -> Result<Assessment> {
    assess_in(&Session::new(catalog)?, subject, options)
}

/// [`assess`] within a session that converts each profile for the rules once.
pub fn assess_in(
    session: &Session<'_>,
    subject: Subject<'_>,
    options: Options,
) -> Result<Assessment> {
    let evaluated = session.evaluate(subject, options)?;
    mix::complete(session.catalog(), subject, evaluated)
}

/// A market by id, with the `--set` changes that target markets.
pub fn market<'c>(
    catalog: &'c Catalog,
    id: &str,
    changes: &[Override],
    as_of: &str,
) -> Result<Cow<'c, Market>> {
    let market = catalog.market(id)?;
    if changes.iter().all(|o| o.target != Target::Market) {
        // Nothing to change: the catalog's own, not a copy of it.
        return Ok(Cow::Borrowed(market));
    }
    overrides::apply_market(market, changes, as_of).map(Cow::Owned)
}

/// The markets `request` names, in its order, with its `--set` changes.
pub(crate) fn selected_markets<'c>(
    catalog: &'c Catalog,
    request: &Request,
) -> Result<Vec<Cow<'c, Market>>> {
    select(&request.markets, catalog.markets.keys())
        .into_iter()
        .map(|id| market(catalog, id, &request.overrides, &request.as_of))
        .collect()
}

/// An industry by id, with the `--set` changes that target industries.
pub fn industry(
    catalog: &Catalog,
    id: &str,
    changes: &[Override],
    as_of: &str,
) -> Result<Industry> {
    overrides::apply(catalog.industry(id)?, changes, Target::Industry, as_of)
}

/// A `--product` argument (an id, a file or `-`), validated, with the `--set`
/// changes that target products.
pub fn product(catalog: &Catalog, arg: &str, changes: &[Override], as_of: &str) -> Result<Product> {
    overrides::apply_product(&validate::product(catalog, arg)?, changes, as_of)
}

/// What a run assesses and how, resolved from the command line.
#[derive(Debug, Default)]
pub struct Request {
    /// Market ids, in the order given; `all` expands to every market.
    pub markets: Vec<String>,
    /// Industry ids; `all` expands. Empty: each product brings its own.
    pub industries: Vec<String>,
    /// `--product` arguments: ids, files, or `-`.
    pub products: Vec<String>,
    pub overrides: Vec<Override>,
    pub waivers: Option<PathBuf>,
    /// Apply no waiver at all (`--no-waivers`): what the waivers hide shows.
    pub no_waivers: bool,
    /// Severities the team sets for rules (`--severity RULE=LEVEL`, the
    /// settings file), later ones winning.
    pub severities: Vec<SeveritySetting>,
    pub baseline: Option<PathBuf>,
    pub budget: Option<BudgetRequest>,
    /// `--results FILE`: measured channel results.
    pub results: Option<PathBuf>,
    /// `--currency` with `--rate`: converts the budget and results to US dollars.
    pub rate: Option<crate::money::Rate>,
    pub explain: bool,
    pub fail_on: Vec<FailOn>,
    /// The date source ages and waiver expiry are judged against (YYYY-MM-DD).
    pub as_of: String,
}

/// What a run found: one assessment per combination, and the rest of what
/// [`run_each`] reports (the gate, the waivers' report, warnings).
#[derive(Debug)]
pub struct Run {
    pub assessments: Vec<Assessment>,
    pub summary: Summary,
}

/// Runs `request` over `catalog`, keeping every assessment.
pub fn run(catalog: &Catalog, request: &Request) -> Result<Run> {
    let mut assessments = Vec::new();
    let summary = run_each(catalog, request, &mut |assessment| {
        assessments.push(assessment);
        Ok(())
    })?;
    Ok(Run {
        assessments,
        summary,
    })
}

/// What a run found besides its assessments (which [`run_each`] hands on one
/// by one): the gate, the waivers' report, warnings, and what was assessed.
#[derive(Debug)]
pub struct Summary {
    /// The industries and products assessed, after `--set`.
    pub industries: Vec<Industry>,
    pub products: Vec<Product>,
    pub gate: Option<Gate>,
    pub waivers: Option<WaiverReport>,
    pub warnings: Vec<String>,
    pub count: usize,
}

/// Runs `request` over `catalog`, handing each assessment to `sink` as soon
/// as it is complete, so that a long run streams in flat memory.
pub fn run_each(
    catalog: &Catalog,
    request: &Request,
    sink: &mut dyn FnMut(Assessment) -> Result<()>,
) -> Result<Summary> {
    let as_of = request.as_of.as_str();
    let changes = request.overrides.as_slice();
    if request.markets.is_empty() {
        bail!(tr(
            "no market given; expected --market ID (for example --market sea; `assess list markets` shows them)",
            "未指定市场；请用 --market ID 指定（例如 --market sea；`assess list markets` 列出全部市场）"
        ));
    }
    if request.products.is_empty()
        && let Some(o) = changes.iter().find(|o| o.target == Target::Product)
    {
        bail!(tr(
            format!(
                "--set {}: there is no product; expected --product FILE",
                o.text
            ),
            format!("--set {}：没有指定产品；请用 --product FILE 指定", o.text)
        ));
    }
    for setting in &request.severities {
        let rule = &setting.rule;
        let at = setting
            .located
            .as_ref()
            .map_or_else(|| setting.origin.clone(), |l| format!("{l}: severity"));
        if !catalog.rules.iter().any(|r| &r.rule.id == rule) {
            let ids: Vec<String> = catalog.rules.iter().map(|r| r.rule.id.clone()).collect();
            return Err(
                crate::load::unknown_id("rule", rule, ids.iter()).context(format!("{at} {rule}"))
            );
        }
        for market in setting.markets.iter().flatten() {
            if !catalog.market_ids.contains(market) {
                return Err(
                    crate::load::unknown_id("market", market, catalog.market_ids.iter())
                        .context(format!("{at} {rule}")),
                );
            }
        }
    }
    if request.fail_on.contains(&FailOn::New) && request.baseline.is_none() {
        bail!(tr(
            "--fail-on new compares with an earlier report; expected --baseline FILE",
            "--fail-on new 需要与之前的报告比较；请用 --baseline FILE 指定"
        ));
    }
    let file_waivers = match &request.waivers {
        Some(path) => load_waivers(catalog, path)?,
        None => Vec::new(),
    };
    if request.products.iter().filter(|p| *p == "-").count() > 1 {
        bail!(tr(
            "--product - is given more than once; standard input can be read once, expected one --product -",
            "--product - 出现了多次；标准输入只能读取一次，请只写一个 --product -"
        ));
    }
    let products = request
        .products
        .iter()
        .map(|p| product(catalog, p, changes, as_of))
        .collect::<Result<Vec<Product>>>()?;
    for (i, product) in products.iter().enumerate() {
        if let Some(first) = products[..i].iter().position(|p| p.id == product.id) {
            let (a, b) = (&request.products[first], &request.products[i]);
            bail!(tr(
                format!(
                    "--product {a} and --product {b} both have the id `{}`; expected each product once, with ids that tell them apart",
                    product.id
                ),
                format!(
                    "--product {a} 和 --product {b} 的 id 都是 `{}`；每个产品只能出现一次，且 id 必须互不相同",
                    product.id
                )
            ));
        }
    }
    let markets = selected_markets(catalog, request)?;
    let industries = select(&request.industries, catalog.industries.keys())
        .into_iter()
        .map(|id| industry(catalog, id, changes, as_of))
        .collect::<Result<Vec<Industry>>>()?;
    // Without --industry, each product brings its own.
    let own_industries = if industries.is_empty() {
        if products.is_empty() {
            bail!(tr(
                "no industry given; expected --industry ID (for example --industry social; `assess list industries` shows them)",
                "未指定行业；请用 --industry ID 指定（例如 --industry social；`assess list industries` 列出全部行业）"
            ));
        }
        products
            .iter()
            .map(|p| match &p.industry {
                Some(id) => industry(catalog, id, changes, as_of),
                None => bail!(tr(
                    format!("product `{}` names no industry; expected --industry ID or `industry:` in the product", p.id),
                    format!("产品 `{}` 没有指定行业；请用 --industry ID，或在产品档案中写 `industry:`", p.id)
                )),
            })
            .collect::<Result<Vec<Industry>>>()?
    } else {
        Vec::new()
    };
    let market_refs: Vec<&Market> = markets.iter().map(|m| &**m).collect();
    let subjects = combinations(&market_refs, &industries, &products, &own_industries);
    let baseline = match &request.baseline {
        Some(path) if !path.exists() => bail!(tr(
            format!(
                "{}: no such file; expected an earlier `assess --format json` report",
                path.display()
            ),
            format!(
                "{}：文件不存在；请提供之前 `assess --format json` 输出的报告",
                path.display()
            )
        )),
        Some(path) => Some(Baseline::parse(&read_user_file(path)?)?),
        None => None,
    };

    let results = request
        .results
        .as_deref()
        .map(|path| crate::load::results::read_results(path, catalog, request.rate.as_ref()))
        .transpose()?;
    // One assessment, start to finish; independent of every other, so
    // combinations are assessed on all cores and handed on in order.
    let assess_one = |session: &Session<'_>, subject: Subject<'_>| -> Result<Assessment> {
        let waivers: Vec<Waiver> = if request.no_waivers {
            Vec::new()
        } else {
            file_waivers
                .iter()
                .chain(
                    subject
                        .product
                        .map(|p| p.waivers.as_slice())
                        .unwrap_or_default(),
                )
                .cloned()
                .collect()
        };
        let severities = SeveritySetting::for_market(&request.severities, &subject.market.id);
        let options = Options {
            explain: request.explain,
            waivers: &waivers,
            as_of,
            severities: &severities,
        };
        let evaluated = session.evaluate(subject, options)?;
        let (mut assessment, learned) =
            mix::complete_with_results(catalog, subject, evaluated, results.as_ref())?;
        if let Some(budget) = &request.budget {
            check_pins(&assessment, budget)?;
            let bounds = subject
                .product
                .map(|p| {
                    p.constraints
                        .iter()
                        .map(|(id, c)| {
                            (
                                *id,
                                (
                                    c.min_pct.map_or(0.0, |m| m.0),
                                    c.max_pct.map_or(100.0, |m| m.0),
                                ),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            mix::apply_budget(
                &mut assessment,
                subject.market,
                subject.industry.cpi_category,
                budget,
                &learned,
                &bounds,
            )?;
        }
        if let Some(baseline) = &baseline {
            assessment.changes = Some(baseline.compare(&assessment));
        }
        Ok(assessment)
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8);
    let mut reasons = Vec::new();
    let mut used_waivers: Vec<(String, String)> = Vec::new();
    let mut count = 0;
    let mut hand_on = |assessment: Assessment| -> Result<()> {
        if !request.fail_on.is_empty()
            && let Some(reason) = assessment::assessment_reason(&request.fail_on, &assessment)
        {
            reasons.push(reason);
        }
        for waived in &assessment.waived {
            let key = (waived.rule.clone(), waived.reason.clone());
            if !used_waivers.contains(&key) {
                used_waivers.push(key);
            }
        }
        count += 1;
        sink(assessment)
    };
    if workers == 1 || subjects.len() < 2 {
        let session = Session::new(catalog)?;
        for subject in &subjects {
            hand_on(assess_one(&session, *subject)?)?;
        }
    } else {
        assess_pipelined(catalog, &subjects, workers, &assess_one, &mut hand_on)?;
    }
    let waivers = if request.no_waivers {
        None
    } else {
        waiver_report(&file_waivers, &products, &used_waivers, as_of)
    };
    let gate = (!request.fail_on.is_empty())
        .then(|| assessment::finish(&request.fail_on, reasons, waivers.as_ref()));
    // In a run, even what `validate` rejects in the user's notes is only a warning.
    let review = validate::review(catalog, as_of, false);
    let mut warnings = review.warnings;
    warnings.extend(review.problems.iter().map(ToString::to_string));
    if let Some(report) = &waivers {
        warnings.extend(report.warnings());
    }
    let mut industries = industries;
    industries.extend(own_industries);
    Ok(Summary {
        industries,
        products,
        gate,
        waivers,
        warnings,
        count,
    })
}

/// Markets first, then industries, then products, in the order given.
fn combinations<'a>(
    markets: &[&'a Market],
    industries: &'a [Industry],
    products: &'a [Product],
    own_industries: &'a [Industry],
) -> Vec<Subject<'a>> {
    let mut out = Vec::new();
    for &market in markets {
        if industries.is_empty() {
            for (product, industry) in products.iter().zip(own_industries) {
                out.push(Subject {
                    market,
                    industry,
                    product: Some(product),
                });
            }
            continue;
        }
        for industry in industries {
            if products.is_empty() {
                out.push(Subject {
                    market,
                    industry,
                    product: None,
                });
            }
            for product in products {
                out.push(Subject {
                    market,
                    industry,
                    product: Some(product),
                });
            }
        }
    }
    out
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
    problems_to_result(validate::check_waivers(catalog, &waivers, &file))?;
    Ok(waivers)
}

/// Which waivers expired, and which applied to nothing in this run.
fn waiver_report(
    file_waivers: &[Waiver],
    products: &[Product],
    used: &[(String, String)],
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
        used.iter()
            .any(|(rule, reason)| *rule == w.rule && *reason == w.reason)
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

/// `--pin CHANNEL=AMOUNT`: each pinned channel is in this assessment's mix,
/// and the pins fit in the budget.
fn check_pins(assessment: &Assessment, budget: &BudgetRequest) -> Result<()> {
    for (channel, _) in &budget.pins {
        if !assessment.channels.iter().any(|c| c.id == *channel) {
            let mix: Vec<&str> = assessment.channels.iter().map(|c| c.id.as_str()).collect();
            bail!(tr(
                format!(
                    "--pin {channel}: the channel is not in the mix of {}; expected one of {}",
                    assessment.label(),
                    mix.join(", ")
                ),
                format!(
                    "--pin {channel}：该渠道不在 {} 的渠道组合中；可选：{}",
                    assessment.label(),
                    mix.join(", ")
                )
            ));
        }
    }
    let pinned: u64 = budget.pins.iter().map(|(_, minor)| *minor).sum();
    if pinned > budget.minor {
        bail!(tr(
            format!(
                "--pin: the pins add up to {}, more than the budget of {}; expected them to fit in --budget",
                budget.currency.format(pinned),
                budget.currency.format(budget.minor)
            ),
            format!(
                "--pin：固定金额合计 {}，超过预算 {}；固定金额必须在 --budget 之内",
                budget.currency.format(pinned),
                budget.currency.format(budget.minor)
            )
        ));
    }
    Ok(())
}

/// Assesses `subjects` in chunks on `workers` threads and hands each
/// assessment on in order, the next chunk assessed while this one is handed
/// on (written, for a stream): at most three chunks are in memory at a time.
fn assess_pipelined<'a>(
    catalog: &Catalog,
    subjects: &[Subject<'a>],
    workers: usize,
    assess_one: &(dyn Fn(&Session<'_>, Subject<'a>) -> Result<Assessment> + Sync),
    hand_on: &mut dyn FnMut(Assessment) -> Result<()>,
) -> Result<()> {
    std::thread::scope(|scope| {
        let (done, arrived) = std::sync::mpsc::sync_channel::<Vec<Result<Assessment>>>(1);
        let producer = scope.spawn(move || {
            for chunk in subjects.chunks(64) {
                let results = assess_in_parallel(catalog, chunk, workers, assess_one);
                if done.send(results).is_err() {
                    // The reader stopped (an error, a closed pipe): so do we.
                    break;
                }
            }
        });
        let mut handed = Ok(());
        'chunks: for results in &arrived {
            for assessment in results {
                handed = assessment.and_then(&mut *hand_on);
                if handed.is_err() {
                    break 'chunks;
                }
            }
        }
        drop(arrived);
        if let Err(panic) = producer.join() {
            std::panic::resume_unwind(panic);
        }
        handed
    })
}

/// Assesses `chunk` on `workers` threads, each with its own session over a
/// contiguous part, and returns the results in the chunk's order. A panic in
/// a worker carries on as the panic it was (exit 70).
fn assess_in_parallel<'a>(
    catalog: &Catalog,
    chunk: &[Subject<'a>],
    workers: usize,
    assess_one: &(dyn Fn(&Session<'_>, Subject<'a>) -> Result<Assessment> + Sync),
) -> Vec<Result<Assessment>> {
    let per = chunk.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunk
            .chunks(per)
            .map(|part| {
                // The same generous stack as the main thread: deeply nested
                // input ends in an error, never a crash.
                std::thread::Builder::new()
                    .stack_size(64 * 1024 * 1024)
                    .spawn_scoped(scope, move || -> Vec<Result<Assessment>> {
                        match Session::new(catalog) {
                            Ok(session) => part.iter().map(|s| assess_one(&session, *s)).collect(),
                            Err(error) => vec![Err(error)],
                        }
                    })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle {
                Ok(handle) => match handle.join() {
                    Ok(results) => results,
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Err(error) => vec![Err(anyhow::Error::from(error))],
            })
            .collect()
    })
}
