//! Command-line interface: the clap definitions (the default assessment and the
//! subcommands) and `run`, which turns arguments into the text to print.

mod args;
mod config;
mod list;
mod packs;
mod rank;
mod rule_tests;
mod run;
mod schema;
mod show;
mod validate;

pub use args::*;

use crate::Lang;
use crate::load::LoadOptions;
use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::path::PathBuf;

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
    /// The report was already written to the writer given to [`run_to`], as
    /// it was produced; `stdout` is empty.
    pub streamed: bool,
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
    let mut streamed = Vec::new();
    let mut output = run_to(args, &mut streamed)?;
    if output.streamed {
        output.stdout = String::from_utf8(streamed)
            .map_err(|e| Failure::Input(anyhow::anyhow!("the report is not UTF-8: {e}")))?;
        output.streamed = false;
    }
    Ok(output)
}

/// [`run`], writing a report that streams (`--format json`, `jsonl` or `csv`
/// with no `--output`) to `out` as the assessments are produced.
pub fn run_to(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn std::io::Write,
) -> Result<Output, Failure> {
    let mut output = run_command(args, out)?;
    if !output.workflow_commands
        && let std::borrow::Cow::Owned(guarded) =
            crate::render::escape::no_workflow_commands(&output.stdout)
    {
        output.stdout = guarded;
    }
    Ok(output)
}

fn run_command(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn std::io::Write,
) -> Result<Output, Failure> {
    // Bare `assess` shows the help, unless the settings name an assessment.
    let matches = Cli::command()
        .arg_required_else_help(false)
        .try_get_matches_from(args)
        .map_err(Failure::Usage)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(Failure::Usage)?;
    cli.merge_options();
    let run_matches = match &cli.command {
        Some(Command::Explain { .. }) => matches.subcommand_matches("explain"),
        _ => Some(&matches),
    };
    let format_given = run_matches.and_then(|m| m.value_source("format"))
        == Some(clap::parser::ValueSource::CommandLine);
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
    let settings = config::Settings::resolve(&cli, format_given)?;
    if cli.command.is_none() && !cli.run.given() && !settings.names_an_assessment() {
        return Err(Failure::Usage(
            Cli::command()
                .try_get_matches_from(["assess"])
                .err()
                .unwrap_or_else(|| clap::Error::new(clap::error::ErrorKind::MissingSubcommand)),
        ));
    }
    let severities = settings.severity.value.clone();
    cli.global.lang = settings.lang.value;
    match &mut cli.command {
        Some(Command::Explain { run, .. }) => **run = settings.fill(run),
        None => cli.run = settings.fill(&cli.run),
        _ => {}
    }
    // Our messages are for people: they follow --lang, else the locale.
    crate::i18n::set(lang_for(cli.global.lang, true));
    if let Some(Command::Config { format, .. }) = &cli.command {
        return Ok(Output {
            stdout: config::describe(&settings, *format == ListFormat::Json)?,
            ..Output::default()
        });
    }
    let overlay_folders = overlays(&settings)?;
    let stdout = match &cli.command {
        Some(Command::Schema { kind, .. }) if *kind != SchemaKind::Product => {
            Some(schema::schema(*kind)?)
        }
        Some(Command::Init { kind, id, .. }) => {
            Some(show::init(*kind, id, lang_for(cli.global.lang, true))?)
        }
        Some(Command::Completions { shell, .. }) => {
            let catalog = crate::validate::load(&LoadOptions {
                overlays: overlay_folders.clone(),
                ..LoadOptions::default()
            })?;
            let mut buffer = Vec::new();
            clap_complete::generate(
                *shell,
                &mut command_with_ids(&catalog),
                "assess",
                &mut buffer,
            );
            Some(String::from_utf8_lossy(&buffer).into_owned())
        }
        Some(Command::Man) => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buffer)
                .map_err(anyhow::Error::from)?;
            // One page: name the subcommands as commands, not as pages
            // (`assess-list(1)`) that are not installed.
            let page = String::from_utf8_lossy(&buffer).into_owned();
            let names: Vec<String> = Cli::command()
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .chain(["help".to_string()])
                .collect();
            Some(names.iter().fold(page, |page, name| {
                page.replace(
                    &format!("assess\\-{name}(1)"),
                    &format!("\\fBassess {name}\\fR (\\fBassess {name} \\-\\-help\\fR)"),
                )
            }))
        }
        _ => None,
    };
    if let Some(stdout) = stdout {
        return Ok(Output {
            stdout,
            ..Output::default()
        });
    }
    if let Some(Command::Validate { paths, format, .. }) = &cli.command {
        return validate::validate(&cli.global, overlay_folders.clone(), paths, *format);
    }
    // A run reads only the markets it needs; listing or testing reads them all.
    let needed =
        |markets: &[String]| (!markets.iter().any(|m| m == "all")).then(|| markets.to_vec());
    let markets = match &cli.command {
        None => needed(&cli.run.market),
        Some(Command::Explain { run, .. }) => needed(&run.market),
        Some(Command::Rank(rank)) if !rank.market.is_empty() => needed(&rank.market),
        Some(Command::Show {
            kind: ShowKind::Market,
            id,
            ..
        }) => Some(vec![id.clone()]),
        Some(Command::Show { .. } | Command::Schema { .. }) => Some(Vec::new()),
        _ => None,
    };
    let catalog = crate::validate::load(&LoadOptions {
        overlays: overlay_folders.clone(),
        files: Vec::new(),
        markets,
    })?;
    match &cli.command {
        Some(Command::List {
            kind: ListKind::Markets,
            format,
            coverage: true,
            ..
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
        Some(Command::Explain { run, .. }) => {
            run::assess_command(&catalog, run, &severities, &cli.global, true, out)
        }
        Some(Command::Rank(args)) => rank::rank_command(&catalog, args, &severities, &cli.global),
        Some(Command::Test {
            paths,
            require_coverage,
            all_rules,
            format,
            ..
        }) => rule_tests::run_tests(
            &catalog,
            &cli.global,
            paths,
            *format,
            rule_tests::CoverageScope {
                required: *require_coverage,
                all_rules: *all_rules,
            },
        ),
        Some(Command::Show { kind, id, set, .. }) => Ok(Output {
            stdout: show::show(
                &catalog,
                *kind,
                id,
                set,
                &run::as_of(cli.global.as_of.as_deref())?,
            )?,
            ..Output::default()
        }),
        Some(Command::Schema { .. }) => Ok(Output {
            stdout: schema::product(&catalog)?,
            ..Output::default()
        }),
        Some(
            Command::Validate { .. }
            | Command::Init { .. }
            | Command::Completions { .. }
            | Command::Config { .. }
            | Command::Man,
        )
        | None => run::assess_command(
            &catalog,
            &cli.run,
            &severities,
            &cli.global,
            cli.run.explain,
            out,
        ),
    }
}

/// The command line with the profiles' ids as the values of `--market`,
/// `--industry` and `--product`, for shell completions only: a run still takes
/// any id (an overlay's too) and reports an unknown one with the nearest.
fn command_with_ids(catalog: &crate::load::Catalog) -> clap::Command {
    let ids = |keys: Vec<String>| clap::builder::PossibleValuesParser::new(keys);
    let markets: Vec<String> = std::iter::once("all".to_string())
        .chain(catalog.market_ids.iter().cloned())
        .collect();
    let industries: Vec<String> = std::iter::once("all".to_string())
        .chain(catalog.industries.keys().cloned())
        .collect();
    let products: Vec<String> = catalog.products.keys().cloned().collect();
    let with_ids = |command: clap::Command| {
        command
            .mut_arg("market", |a| a.value_parser(ids(markets.clone())))
            .mut_arg("industry", |a| a.value_parser(ids(industries.clone())))
            .mut_arg("product", |a| a.value_parser(ids(products.clone())))
    };
    with_ids(Cli::command())
        .mut_subcommand("explain", with_ids)
        .mut_subcommand("rank", with_ids)
}

/// The overlay folders the settings name (`--profiles`, `ASSESS_PROFILES`,
/// `profiles` in assess.toml), git packs fetched into folders: each must be a
/// folder, and an error names the setting it came from.
fn overlays(settings: &config::Settings) -> Result<Vec<PathBuf>, Failure> {
    let setting = &settings.profiles;
    let mut folders = Vec::with_capacity(setting.value.len());
    for entry in &setting.value {
        if entry.starts_with("git+") {
            folders.push(packs::fetch(entry, settings.allow_unpinned.value)?);
            continue;
        }
        let folder = PathBuf::from(entry);
        if setting.origin != config::Origin::CommandLine("--profiles") && !folder.is_dir() {
            return Err(Failure::Input(anyhow::anyhow!(crate::i18n::tr(
                format!(
                    "{}: `{}` is not a folder; expected profile folders (or remove the setting)",
                    setting.origin,
                    folder.display(),
                ),
                format!(
                    "{}：`{}` 不是文件夹；需要档案文件夹（或删除该设置）",
                    setting.origin,
                    folder.display(),
                )
            ))));
        }
        folders.push(folder);
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
