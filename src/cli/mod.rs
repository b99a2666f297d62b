//! Command-line interface: the clap definitions (the default assessment and the
//! subcommands) and `run`, which turns arguments into the text to print.

mod list;
mod run;
mod schema;
mod validate;

use crate::Lang;
use crate::catalog::{Catalog, LoadOptions};
use crate::gate::FailOn;
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
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
    /// The date that source ages are judged against (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", global = true)]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Market id(s): comma list, repeatable, or `all`.
    #[arg(long, value_name = "ID[,ID…]", value_delimiter = ',')]
    pub market: Vec<String>,
    /// Industry id(s): comma list, repeatable, or `all`. Defaults to the product's industry.
    #[arg(long, value_name = "ID[,ID…]", value_delimiter = ',')]
    pub industry: Vec<String>,
    /// Your product: a YAML file, `-` for standard input, or a built-in example's id; repeatable.
    #[arg(long, value_name = "FILE|ID|-")]
    pub product: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Exit 1 when any assessment reaches one of these (comma list).
    #[arg(long, value_enum, value_name = "LIST", value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
    /// Change one field of the selected market, industry or product (repeatable),
    /// e.g. market.network.mobile_latency_ms=120.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// An earlier `--format json` report: show what changed per combination.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
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
    /// Print the JSON Schema of a profile kind or of the report document.
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Check profile folders or files (the built-ins without a path) without
    /// assessing anything; report every problem; exit 2 if there is any.
    Validate {
        /// Profile folders (built-in layout) or single files.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Market,
    Industry,
    Product,
    Rules,
    Report,
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
    if let Some(Command::Schema { kind }) = &cli.command {
        return Ok(Output {
            stdout: schema::schema(*kind)?,
            ..Output::default()
        });
    }
    if let Some(Command::Validate { paths, format }) = &cli.command {
        return validate::validate(&cli.global, overlays(&cli.global.profiles), paths, *format);
    }
    let catalog = Catalog::load(&LoadOptions {
        overlays: overlays(&cli.global.profiles),
        files: Vec::new(),
    })?;
    match &cli.command {
        Some(Command::List { kind, format }) => Ok(Output {
            stdout: list::list(&catalog, *kind, *format, lang_for(cli.global.lang, false))?,
            ..Output::default()
        }),
        Some(Command::Schema { .. } | Command::Validate { .. }) | None => {
            run::assess_command(&catalog, &cli.run, &cli.global)
        }
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
