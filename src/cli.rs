//! Command-line interface: the clap definitions (the default assessment and the
//! subcommands) and `run`, which turns arguments into the text to print.

use crate::Lang;
use crate::assess::{self, Assessment, Subject};
use crate::catalog::{Catalog, LoadOptions};
use crate::report;
use anyhow::{Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "assess",
    version,
    about = "Is a market strategy viable, and which channels should lead? Checks network, competition, technical deliverability and compliance, then recommends a channel mix.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Overlay a profiles folder (same layout as the built-ins); repeatable, later wins.
    /// Without it, ASSESS_PROFILES (a path list) is used.
    #[arg(long, value_name = "DIR", global = true)]
    pub profiles: Vec<PathBuf>,
    /// Output language [default: zh when LC_ALL/LANG starts with zh for human formats, else en].
    #[arg(long, value_enum, global = true)]
    pub lang: Option<Lang>,
    /// When to colour verdicts.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Market id(s): comma list, repeatable, or `all`.
    #[arg(long, value_name = "ID[,ID…]", value_delimiter = ',')]
    pub market: Vec<String>,
    /// Industry id(s): comma list, repeatable, or `all`. Defaults to the product's industry.
    #[arg(long, value_name = "ID[,ID…]", value_delimiter = ',')]
    pub industry: Vec<String>,
    /// Your product: a YAML file, `-` for standard input, or a built-in example's id.
    #[arg(long, value_name = "FILE|ID|-")]
    pub product: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in (and overlaid) profiles of a kind.
    List {
        #[arg(value_enum)]
        kind: ListKind,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListKind {
    Markets,
    Industries,
    Channels,
    Rules,
    Products,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// What the binary should write and how it should exit.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub warnings: Vec<String>,
    pub stderr_note: Option<String>,
    pub exit_code: u8,
}

/// Why nothing was produced.
#[derive(Debug)]
pub enum Failure {
    /// clap's own error, help or version text: it knows how to print itself.
    Usage(clap::Error),
    /// A usage or input error of ours (exit 2).
    Input(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        Failure::Input(error)
    }
}

pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<Output, Failure> {
    let cli = Cli::try_parse_from(args).map_err(Failure::Usage)?;
    let catalog = Catalog::load(&LoadOptions {
        overlays: overlays(&cli.global.profiles),
    })?;
    match &cli.command {
        Some(Command::List { kind, format }) => Ok(Output {
            stdout: list(&catalog, *kind, *format, lang_for(cli.global.lang, false))?,
            ..Output::default()
        }),
        None => assess_command(&catalog, &cli.run, &cli.global),
    }
}

fn overlays(given: &[PathBuf]) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    match std::env::var_os("ASSESS_PROFILES") {
        Some(list) if !list.is_empty() => std::env::split_paths(&list).collect(),
        _ => Vec::new(),
    }
}

/// `--lang`, else the locale for human formats, else English (DESIGN.md §5).
pub fn lang_for(given: Option<Lang>, human_format: bool) -> Lang {
    if let Some(lang) = given {
        return lang;
    }
    if !human_format {
        return Lang::En;
    }
    let locale = ["LC_ALL", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    if locale.starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Expands `all` and checks every id, in the order given.
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

fn assess_command(
    catalog: &Catalog,
    args: &RunArgs,
    global: &GlobalArgs,
) -> Result<Output, Failure> {
    if args.market.is_empty() {
        return Err(anyhow!(
            "no market given; expected --market ID (for example --market sea; `assess list markets` shows them)"
        )
        .into());
    }
    let products = args
        .product
        .iter()
        .map(|p| catalog.product(p))
        .collect::<Result<Vec<_>>>()?;
    let industries: Vec<String> = if args.industry.is_empty() {
        let from_products: Vec<String> =
            products.iter().filter_map(|p| p.industry.clone()).collect();
        if from_products.is_empty() {
            return Err(anyhow!(
                "no industry given; expected --industry ID (for example --industry social; `assess list industries` shows them)"
            )
            .into());
        }
        from_products
    } else {
        args.industry.clone()
    };
    let human = matches!(args.format, Format::Table);
    let lang = lang_for(global.lang, human);
    let product_slots: Vec<Option<&crate::model::Product>> = if products.is_empty() {
        vec![None]
    } else {
        products.iter().map(Some).collect()
    };
    let mut assessments: Vec<Assessment> = Vec::new();
    for market_id in select(&args.market, catalog.markets.keys()) {
        let market = catalog.market(market_id)?;
        for industry_id in select(&industries, catalog.industries.keys()) {
            let industry = catalog.industry(industry_id)?;
            for product in &product_slots {
                let subject = Subject {
                    market,
                    industry,
                    product: *product,
                };
                assessments.push(assess::assess(catalog, subject, lang)?);
            }
        }
    }
    let stdout = match args.format {
        Format::Table => {
            let terminal = std::io::stdout().is_terminal();
            report::render_table(
                &assessments,
                &report::TableOptions {
                    lang,
                    color: use_color(global.color, terminal),
                    width: if terminal { None } else { Some(120) },
                },
            )
        }
        Format::Json => report::render_json(&assessments)?,
    };
    Ok(Output {
        stdout,
        ..Output::default()
    })
}

/// Colour only on a terminal, never with NO_COLOR, unless forced.
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

#[derive(Serialize)]
struct ListItem {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extends: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

fn list(catalog: &Catalog, kind: ListKind, format: ListFormat, lang: Lang) -> Result<String> {
    let name = |text: &Option<crate::model::Text>, id: &str| {
        text.as_ref()
            .map_or_else(|| id.to_string(), |t| t.get(lang).to_string())
    };
    let items: Vec<ListItem> = match kind {
        ListKind::Markets => catalog
            .markets
            .values()
            .map(|m| ListItem {
                id: m.id.clone(),
                kind: m.kind.map(|k| format!("{k:?}").to_lowercase()),
                extends: m.extends.clone(),
                name: name(&m.name, &m.id),
                description: None,
            })
            .collect(),
        ListKind::Industries => catalog
            .industries
            .values()
            .map(|i| ListItem {
                id: i.id.clone(),
                kind: None,
                extends: None,
                name: name(&i.name, &i.id),
                description: None,
            })
            .collect(),
        ListKind::Channels => catalog
            .channels
            .values()
            .map(|c| ListItem {
                id: c.id.to_string(),
                kind: None,
                extends: None,
                name: c.name.get(lang).to_string(),
                description: Some(c.description.get(lang).to_string()),
            })
            .collect(),
        ListKind::Rules => catalog
            .rules
            .iter()
            .map(|r| ListItem {
                id: r.rule.id.clone(),
                kind: Some(r.rule.severity.as_str().to_string()),
                extends: None,
                name: r.rule.message.get(lang).to_string(),
                description: None,
            })
            .collect(),
        ListKind::Products => catalog
            .products
            .values()
            .map(|p| ListItem {
                id: p.id.clone(),
                kind: None,
                extends: None,
                name: name(&p.name, &p.id),
                description: None,
            })
            .collect(),
    };
    if format == ListFormat::Json {
        let mut text = serde_json::to_string_pretty(&items)?;
        text.push('\n');
        return Ok(text);
    }
    if items.is_empty() {
        bail!("no profiles of that kind");
    }
    let id_width = items
        .iter()
        .map(|i| i.id.chars().count())
        .max()
        .unwrap_or(0);
    let kind_width = items
        .iter()
        .map(|i| i.kind.as_deref().map_or(0, |k| k.chars().count()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for item in &items {
        let mut line = format!("{:<id_width$}", item.id);
        if kind_width > 0 {
            let kind = item.kind.clone().unwrap_or_default();
            let parent = item
                .extends
                .as_ref()
                .map(|p| format!("↑ {p}"))
                .unwrap_or_default();
            line.push_str(&format!("  {kind:<kind_width$}  {parent:<10}"));
        }
        line.push_str("  ");
        line.push_str(&item.name);
        if let Some(description) = &item.description {
            line.push_str(" — ");
            line.push_str(description);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}
