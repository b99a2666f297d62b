//! The default command: resolves the assessment options into a
//! [`pipeline::Request`], runs it, and renders the main format to stdout and
//! any `--output` formats to files — all from the same assessments.

use super::{ColorChoice, GlobalArgs, Output, RunArgs, lang_for};
use crate::assessment::{BudgetRequest, Gate};
use crate::evaluate::SeveritySetting;
use crate::i18n::tr;
use crate::load::Catalog;
use crate::load::overrides::Override;
use crate::pipeline::{self, Request};
use crate::render::{self, Format, Report, TableOptions};
use crate::today;
use anyhow::{Result, anyhow, bail};
use std::io::IsTerminal;
use std::path::PathBuf;

pub fn assess_command(
    catalog: &Catalog,
    args: &RunArgs,
    severities: &[SeveritySetting],
    global: &GlobalArgs,
    explain: bool,
    out: &mut dyn std::io::Write,
) -> Result<Output, super::Failure> {
    let as_of = as_of(global.as_of.as_deref())?;
    let currency = crate::money::Currency::parse(&args.currency)
        .map_err(|e| anyhow!("--currency {}: {e}", args.currency))?;
    let rate = match (&args.rate, currency.code.as_str()) {
        (None, "USD") => Some(crate::money::Rate::usd()),
        (None, _) => None,
        (Some(text), "USD") => {
            return Err(anyhow!(tr(
                format!("--rate {text}: the currency is USD, which needs no rate; expected --currency CODE with it"),
                format!("--rate {text}：币种是美元，无需汇率；请同时用 --currency CODE 指定币种")
            ))
            .into());
        }
        (Some(text), _) => Some(
            crate::money::Rate::parse(text, currency.clone())
                .map_err(|e| anyhow!("--rate {text}: {e}"))?,
        ),
    };
    let budget = args
        .budget
        .as_deref()
        .map(|text| {
            let minor = crate::money::parse_amount(text, &currency)
                .map_err(|e| anyhow!("--budget {text}: {e}"))?;
            let pins = args
                .pin
                .iter()
                .map(|pin| parse_pin(pin, &currency))
                .collect::<Result<Vec<_>>>()?;
            for (i, (channel, _)) in pins.iter().enumerate() {
                if pins[..i].iter().any(|(earlier, _)| earlier == channel) {
                    anyhow::bail!(tr(
                        format!("--pin {channel}: given twice; expected one amount per channel"),
                        format!("--pin {channel}：出现了两次；每个渠道只能固定一个金额")
                    ));
                }
            }
            Ok::<_, anyhow::Error>(BudgetRequest {
                minor,
                currency: currency.clone(),
                rate: rate.clone(),
                pins,
            })
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
    let request = Request {
        markets: args.market.clone(),
        industries: args.industry.clone(),
        products: args.product.clone(),
        overrides: args
            .set
            .iter()
            .map(|text| Override::parse(text))
            .collect::<Result<Vec<_>>>()?,
        waivers: args.waivers.clone(),
        no_waivers: args.no_waivers,
        severities: severities.to_vec(),
        baseline: args.baseline.clone(),
        budget,
        results: args.results.clone(),
        rate: rate.filter(|r| r.currency.code != "USD"),
        explain,
        fail_on: args.fail_on.clone(),
        as_of,
    };
    // A machine report with nothing else to write streams: one assessment
    // in memory at a time.
    if render::stream::streams(args.format) && outputs.is_empty() {
        let lang = lang_for(global.lang, false);
        let mut stream = render::stream::Stream::begin(args.format, lang, &request.fail_on, out)?;
        let summary = pipeline::run_each(catalog, &request, &mut |a| stream.assessment(a))?;
        stream.end(summary.gate.as_ref(), summary.waivers.as_ref())?;
        let tripped = summary.gate.as_ref().is_some_and(|g| g.tripped);
        return Ok(Output {
            stderr_note: tripped.then(|| gate_note(summary.gate.as_ref(), summary.count)),
            warnings: summary.warnings,
            exit_code: u8::from(tripped),
            streamed: true,
            ..Output::default()
        });
    }
    let terminal = std::io::stdout().is_terminal();
    let table_options = |format: Format, to_terminal: bool| {
        let lang = lang_for(global.lang, format.is_human());
        TableOptions {
            lang,
            color: to_terminal && use_color(global.color, terminal),
            width: output_width(to_terminal && terminal),
            detail: args.detail || explain || request.budget.is_some(),
        }
    };
    // With one output, each assessment is made safe for it as it arrives
    // (while the next are assessed), not copied to be escaped at the end.
    let escaped_on_arrival = outputs.is_empty();
    let run = if escaped_on_arrival {
        let mut assessments = Vec::new();
        let summary = pipeline::run_each(catalog, &request, &mut |mut assessment| {
            render::make_safe(args.format, &mut assessment);
            assessments.push(assessment);
            Ok(())
        })?;
        pipeline::Run {
            assessments,
            summary,
        }
    } else {
        pipeline::run(catalog, &request)?
    };
    // A comparison has one row per combination: the reasoning and the budget
    // of each have no place there, and must not vanish without a word.
    let human = std::iter::once(args.format)
        .chain(outputs.iter().map(|(f, _)| *f))
        .find(|f| f.is_human());
    // The budget applies to each combination: the table shows each in full.
    if let Some(format) = human
        && run.assessments.len() > 1
        && explain
    {
        let flag = "--explain";
        return Err(anyhow!(tr(
            format!(
                "{flag} applies to one assessment in --format {}, and this run has {}; expected one --market, --industry and --product, or --format json (which carries it per combination)",
                format.as_str(),
                run.assessments.len()
            ),
            format!(
                "{flag} 在 --format {} 中只适用于单项评估，而本次有 {} 项；请只指定一个 --market、--industry 和 --product，或用 --format json（逐项给出）",
                format.as_str(),
                run.assessments.len()
            )
        ))
        .into());
    }

    let render = |format: Format, to_terminal: bool| -> Result<String> {
        let table = table_options(format, to_terminal);
        let report = Report {
            assessments: &run.assessments,
            gate: run.summary.gate.as_ref(),
            waivers: run.summary.waivers.as_ref(),
            lang: table.lang,
        };
        if escaped_on_arrival {
            render::render_safe(format, &report, &table)
        } else {
            render::render(format, &report, &table)
        }
    };
    let stdout = render(args.format, true)?;
    let files = outputs
        .iter()
        .map(|(format, path)| Ok((path.clone(), render(*format, false)?)))
        .collect::<Result<Vec<_>>>()?;
    let tripped = run.summary.gate.as_ref().is_some_and(|g| g.tripped);
    Ok(Output {
        stdout,
        files,
        stderr_note: tripped.then(|| gate_note(run.summary.gate.as_ref(), run.assessments.len())),
        warnings: run.summary.warnings,
        exit_code: u8::from(tripped),
        workflow_commands: args.format == Format::Github,
        streamed: false,
    })
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

/// The width to fit human output to: `COLUMNS` when set, else the terminal's
/// width when writing to one, else 100.
pub(super) fn output_width(on_terminal: bool) -> u16 {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|c| *c >= 20)
    {
        return columns;
    }
    if on_terminal && let Some(width) = comfy_table::Table::new().width() {
        return width.max(20);
    }
    100
}

/// Colour only on a terminal, never with NO_COLOR, unless forced.
pub(super) fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// `--pin CHANNEL=AMOUNT`, the amount in the budget's currency.
fn parse_pin(
    text: &str,
    currency: &crate::money::Currency,
) -> Result<(crate::model::ChannelId, u64)> {
    let (channel, amount) = text.split_once('=').ok_or_else(|| {
        anyhow!(tr(
            format!("--pin {text}: expected CHANNEL=AMOUNT, for example creators=5000"),
            format!("--pin {text}：格式应为 CHANNEL=AMOUNT，例如 creators=5000")
        ))
    })?;
    let id = crate::model::ChannelId::parse(channel.trim()).ok_or_else(|| {
        crate::load::unknown_id(
            "channel",
            channel.trim(),
            crate::model::CHANNEL_IDS
                .iter()
                .map(|c| c.as_str().to_string())
                .collect::<Vec<_>>()
                .iter(),
        )
        .context(format!("--pin {text}"))
    })?;
    // Nothing into a channel is a pin too ("what if we stop paid ads?").
    let zero = !amount.trim().is_empty() && amount.trim().chars().all(|c| c == '0' || c == '.');
    let minor = if zero {
        0
    } else {
        crate::money::parse_amount(amount, currency).map_err(|e| anyhow!("--pin {text}: {e}"))?
    };
    Ok((id, minor))
}
