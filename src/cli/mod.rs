//! Command-line interface: the clap definitions (the default assessment and the
//! subcommands) and `run`, which turns arguments into the text to print.

mod list;
mod rule_tests;
mod run;
mod schema;
mod show;
mod validate;

use crate::Lang;
use crate::catalog::{Catalog, LoadOptions};
use crate::gate::FailOn;
use crate::report::Format;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "assess",
    version,
    about = "Is a market strategy viable, and which channels should lead? Checks network, competition, technical deliverability and compliance, then recommends a channel mix.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub global: GlobalArgs,
}

const EXAMPLES: &str = "\
Examples:
  The main job: is Southeast Asia viable for a social app, and which channels lead?
    assess --market sea --industry social
  With your own product, a budget and the reasoning behind every share:
    assess --market sea --product ./my-app.yaml --budget 10000 --explain
  Compare markets and stacks in one table:
    assess --market sea,na,mena --industry social --product global-rtc --product single-region
  In CI: a pull-request summary that fails the build when a strategy is blocked:
    assess --market all --industry social --product ./my-app.yaml --format markdown --fail-on block
  Check your own profiles and rules:
    assess validate ./team

Exit codes: 0 report produced, 1 --fail-on gate tripped, 2 usage or input error, 70 internal error.";

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
    /// e.g. market.network.idle_latency_ms=120.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// An earlier `--format json` report: show what changed per combination.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Show every rule's outcome and the arithmetic behind each share.
    #[arg(long)]
    pub explain: bool,
    /// Split this amount by the mix and estimate installs where costs are known.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub budget: Option<String>,
    /// Waivers to apply (a YAML list of {rule, markets?, reason, until?}), besides the product's own.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Also write FORMAT to PATH (repeatable), e.g. junit=report.xml; stdout keeps --format.
    #[arg(long, value_name = "FORMAT=PATH")]
    pub output: Vec<String>,
    /// The budget's currency (install estimates need USD, the benchmarks' currency).
    #[arg(long, value_name = "CODE", default_value = "USD", requires = "budget")]
    pub currency: String,
}

impl RunArgs {
    /// Whether any assessment option was given (they belong to no subcommand).
    fn given(&self) -> bool {
        !self.market.is_empty()
            || !self.industry.is_empty()
            || !self.product.is_empty()
            || !self.fail_on.is_empty()
            || !self.set.is_empty()
            || !self.output.is_empty()
            || self.baseline.is_some()
            || self.waivers.is_some()
            || self.budget.is_some()
            || self.explain
            || self.format != Format::Table
    }
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
        /// For markets: how many facts each knows, which are unknown, and its oldest figure.
        #[arg(long)]
        coverage: bool,
    },
    /// Print the JSON Schema of a profile kind or of the report document.
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Assess with an explanation: every rule's outcome and the mix arithmetic
    /// (the same as `--explain`).
    Explain {
        #[command(flatten)]
        run: RunArgs,
    },
    /// Print a resolved profile (after `extends`, overlays and `--set`) as YAML.
    Show {
        #[arg(value_enum)]
        kind: ShowKind,
        id: String,
        /// Change one field before showing it, as with the assessment.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
    },
    /// Print a commented template that loads as it is.
    Init {
        #[arg(value_enum)]
        kind: InitKind,
        id: String,
    },
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Run rule test cases (*.test.yaml files; the built-in ones without a path):
    /// pass/fail per case, a coverage line; exit 1 on failures, 2 with no cases.
    Test {
        /// Test files or folders (searched for *.test.yaml).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Fail (exit 1) when a rule never fired or never stayed quiet in any case.
        #[arg(long)]
        require_coverage: bool,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
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
pub enum ShowKind {
    Market,
    Industry,
    Product,
    Rule,
    Channel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitKind {
    Market,
    Product,
    Rule,
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
    /// Extra reports to write (`--output FORMAT=PATH`).
    pub files: Vec<(PathBuf, String)>,
    pub warnings: Vec<String>,
    pub stderr_note: Option<String>,
    pub exit_code: u8,
    /// stdout is `--format github`: its lines are workflow commands on purpose.
    pub workflow_commands: bool,
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

/// Runs a command line. No line of what it prints can start a GitHub workflow
/// command, except the commands `--format github` prints on purpose.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<Output, Failure> {
    let mut output = run_command(args)?;
    if !output.workflow_commands
        && let std::borrow::Cow::Owned(guarded) =
            crate::report::escape::no_workflow_commands(&output.stdout)
    {
        output.stdout = guarded;
    }
    Ok(output)
}

fn run_command(args: impl IntoIterator<Item = OsString>) -> Result<Output, Failure> {
    let cli = Cli::try_parse_from(args).map_err(Failure::Usage)?;
    if let Some(command) = &cli.command
        && cli.run.given()
    {
        let name = format!("{command:?}")
            .split([' ', '{', '('])
            .next()
            .unwrap_or_default()
            .to_lowercase();
        return Err(Failure::Input(anyhow::anyhow!(crate::i18n::tr(
            format!(
                "--market, --industry, --product and the other assessment options do not apply to `{name}`; expected them without a subcommand (or with `explain`)"
            ),
            format!(
                "--market、--industry、--product 等评估选项不适用于 `{name}`；请在不带子命令（或用 `explain`）时使用"
            )
        ))));
    }
    // Our messages are for people: they follow --lang, else the locale.
    crate::i18n::set(lang_for(cli.global.lang, true));
    let stdout = match &cli.command {
        Some(Command::Schema { kind }) => Some(schema::schema(*kind)?),
        Some(Command::Init { kind, id }) => Some(show::init(*kind, id)?),
        Some(Command::Completions { shell }) => {
            let mut buffer = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "assess", &mut buffer);
            Some(String::from_utf8_lossy(&buffer).into_owned())
        }
        Some(Command::Man) => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buffer)
                .map_err(anyhow::Error::from)?;
            Some(String::from_utf8_lossy(&buffer).into_owned())
        }
        _ => None,
    };
    if let Some(stdout) = stdout {
        return Ok(Output {
            stdout,
            ..Output::default()
        });
    }
    if let Some(Command::Validate { paths, format }) = &cli.command {
        return validate::validate(&cli.global, overlays(&cli.global.profiles)?, paths, *format);
    }
    // A run reads only the markets it needs; listing or testing reads them all.
    let needed =
        |markets: &[String]| (!markets.iter().any(|m| m == "all")).then(|| markets.to_vec());
    let markets = match &cli.command {
        None => needed(&cli.run.market),
        Some(Command::Explain { run }) => needed(&run.market),
        Some(Command::Show {
            kind: ShowKind::Market,
            id,
            ..
        }) => Some(vec![id.clone()]),
        Some(Command::Show { .. }) => Some(Vec::new()),
        _ => None,
    };
    let catalog = Catalog::load(&LoadOptions {
        overlays: overlays(&cli.global.profiles)?,
        files: Vec::new(),
        markets,
    })?;
    match &cli.command {
        Some(Command::List {
            kind: ListKind::Markets,
            format,
            coverage: true,
        }) => Ok(Output {
            stdout: list::coverage(&catalog, *format, lang_for(cli.global.lang, false))?,
            ..Output::default()
        }),
        Some(Command::List { coverage: true, .. }) => {
            Err(Failure::Input(anyhow::anyhow!(crate::i18n::tr(
                "--coverage applies to `list markets`; expected `assess list markets --coverage`",
                "--coverage 只适用于 `list markets`；请用 `assess list markets --coverage`"
            ))))
        }
        Some(Command::List { kind, format, .. }) => Ok(Output {
            stdout: list::list(&catalog, *kind, *format, lang_for(cli.global.lang, false))?,
            ..Output::default()
        }),
        Some(Command::Explain { run }) => run::assess_command(&catalog, run, &cli.global, true),
        Some(Command::Test {
            paths,
            require_coverage,
            format,
        }) => rule_tests::run_tests(&catalog, &cli.global, paths, *format, *require_coverage),
        Some(Command::Show { kind, id, set }) => Ok(Output {
            stdout: show::show(
                &catalog,
                *kind,
                id,
                set,
                &run::as_of(cli.global.as_of.as_deref())?,
            )?,
            ..Output::default()
        }),
        Some(
            Command::Schema { .. }
            | Command::Validate { .. }
            | Command::Init { .. }
            | Command::Completions { .. }
            | Command::Man,
        )
        | None => run::assess_command(&catalog, &cli.run, &cli.global, cli.run.explain),
    }
}

/// `--profiles`, else the folders of `ASSESS_PROFILES` (a path list), each of
/// which must be a folder: an error names the variable it came from.
fn overlays(given: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    let Some(list) = std::env::var_os("ASSESS_PROFILES").filter(|l| !l.is_empty()) else {
        return Ok(Vec::new());
    };
    let folders: Vec<PathBuf> = std::env::split_paths(&list).collect();
    for folder in &folders {
        if !folder.is_dir() {
            return Err(Failure::Input(anyhow::anyhow!(crate::i18n::tr(
                format!(
                    "ASSESS_PROFILES: `{}` is not a folder; expected profile folders separated by `{}` (or unset the variable)",
                    folder.display(),
                    if cfg!(windows) { ';' } else { ':' }
                ),
                format!(
                    "ASSESS_PROFILES：`{}` 不是文件夹；需要以 `{}` 分隔的档案文件夹（或取消该环境变量）",
                    folder.display(),
                    if cfg!(windows) { ';' } else { ':' }
                )
            ))));
        }
    }
    Ok(folders)
}

/// `--lang`, else the locale for human formats, else English (docs/report-format.md).
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
