//! The command line as clap sees it: the default assessment's options, the
//! subcommands, and how the domain's enums (language, format, gate condition)
//! read as values. Nothing here decides anything.

use crate::Lang;
use crate::assessment::FailOn;
use crate::render::{Format, RankFormat};
use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "assess",
    version,
    arg_required_else_help = true,
    about = "Is a market strategy viable, and which channels should lead? Checks network, competition, technical deliverability and compliance, then recommends a channel mix.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub options: AllOptions,
    /// The options in force: those given before a subcommand, then its own
    /// (filled by `Cli::merge_options`; not parsed).
    #[arg(skip)]
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
  Run the team's assessment from its assess.toml (`assess config` shows the settings):
    assess

Exit codes: 0 report produced, 1 --fail-on gate tripped, 2 usage or input error, 70 internal error.";

/// Where profiles and settings come from, for each command that reads profiles.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
    /// Overlay a profiles folder (same layout as the built-ins) or a pinned git
    /// pack, git+URL#REV; repeatable, later wins. Without it, ASSESS_PROFILES
    /// (a path list), else `profiles` in assess.toml.
    #[arg(long, value_name = "DIR")]
    pub profiles: Vec<PathBuf>,
    /// Read settings from this file instead of the assess.toml found in the
    /// working folder or above it (ASSESS_CONFIG).
    #[arg(long, value_name = "PATH", env = "ASSESS_CONFIG", hide_env = true)]
    pub config: Option<PathBuf>,
    /// Read no settings file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Let `--profiles git+URL#BRANCH` (or no #REV) follow a branch that moves,
    /// fetched again on every run.
    #[arg(long)]
    pub allow_unpinned: bool,
}

/// `--lang`, for each command that prints words.
#[derive(Debug, Clone, Default, Args)]
pub struct LangArg {
    /// Output language [default: zh when LC_ALL/LANG starts with zh for human formats, else en].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// `--as-of`, for each command that judges the age of sources.
#[derive(Debug, Clone, Default, Args)]
pub struct AsOfArg {
    /// The date that source ages are judged against (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// `--color`, for each command that colours verdicts.
#[derive(Debug, Clone, Default, Args)]
pub struct ColorArg {
    /// When to colour verdicts [default: auto].
    #[arg(long, value_enum)]
    pub color: Option<ColorChoice>,
}

/// Every option group, for the commands that read them all (the
/// assessment, `explain`, `rank`).
#[derive(Debug, Clone, Default, Args)]
pub struct AllOptions {
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub lang: LangArg,
    #[command(flatten)]
    pub as_of: AsOfArg,
    #[command(flatten)]
    pub color: ColorArg,
}

/// The options in force for a command: what was given before the subcommand,
/// then what the subcommand itself was given (each subcommand accepts only
/// the options it reads).
#[derive(Debug, Clone)]
pub struct GlobalArgs {
    pub profiles: Vec<PathBuf>,
    pub lang: Option<Lang>,
    pub color: ColorChoice,
    pub as_of: Option<String>,
    pub config: Option<PathBuf>,
    pub no_config: bool,
    pub allow_unpinned: bool,
}

impl Default for GlobalArgs {
    fn default() -> GlobalArgs {
        GlobalArgs {
            profiles: Vec::new(),
            lang: None,
            color: ColorChoice::Auto,
            as_of: None,
            config: None,
            no_config: false,
            allow_unpinned: false,
        }
    }
}

impl GlobalArgs {
    fn take(
        &mut self,
        sources: Option<&SourceArgs>,
        lang: Option<&LangArg>,
        as_of: Option<&AsOfArg>,
        color: Option<&ColorArg>,
    ) {
        if let Some(s) = sources {
            if !s.profiles.is_empty() {
                self.profiles.clone_from(&s.profiles);
            }
            if s.config.is_some() {
                self.config.clone_from(&s.config);
            }
            self.no_config |= s.no_config;
            self.allow_unpinned |= s.allow_unpinned;
        }
        if let Some(lang) = lang.and_then(|l| l.lang) {
            self.lang = Some(lang);
        }
        if let Some(as_of) = as_of.and_then(|a| a.as_of.clone()) {
            self.as_of = Some(as_of);
        }
        if let Some(color) = color.and_then(|c| c.color) {
            self.color = color;
        }
    }
}

impl Cli {
    /// Fills `global`: the options given before the subcommand, then its own.
    pub fn merge_options(&mut self) {
        let all = |global: &mut GlobalArgs, o: &AllOptions| {
            global.take(
                Some(&o.sources),
                Some(&o.lang),
                Some(&o.as_of),
                Some(&o.color),
            );
        };
        let mut global = GlobalArgs::default();
        all(&mut global, &self.options);
        match &self.command {
            None => {}
            Some(Command::List { sources, lang, .. } | Command::Config { sources, lang, .. }) => {
                global.take(Some(sources), Some(lang), None, None);
            }
            Some(Command::Schema { sources, .. } | Command::Completions { sources, .. }) => {
                global.take(Some(sources), None, None, None);
            }
            Some(Command::Explain { options, .. }) => all(&mut global, options),
            Some(Command::Rank(rank)) => all(&mut global, &rank.options),
            Some(Command::Show { sources, as_of, .. }) => {
                global.take(Some(sources), None, Some(as_of), None);
            }
            Some(Command::Init { lang, .. }) => global.take(None, Some(lang), None, None),
            Some(
                Command::Test {
                    sources,
                    lang,
                    as_of,
                    ..
                }
                | Command::Validate {
                    sources,
                    lang,
                    as_of,
                    ..
                },
            ) => global.take(Some(sources), Some(lang), Some(as_of), None),
            Some(Command::Man) => {}
        }
        self.global = global;
    }
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
    /// In a table, one assessment in full: every finding with its action, the
    /// channel mix, the test plan, messaging and sources (the default is a
    /// summary that fits one screen).
    #[arg(long)]
    pub detail: bool,
    /// Split this amount by the mix and estimate installs where costs are known.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub budget: Option<String>,
    /// Set a rule's severity for this run (repeatable), e.g. compliance.registration-duty=info;
    /// the output names the rule's own severity.
    #[arg(long = "severity", value_name = "RULE=LEVEL")]
    pub severity: Vec<String>,
    /// Apply no waiver (the product's or --waivers): the verdicts as if none existed.
    #[arg(long)]
    pub no_waivers: bool,
    /// Waivers to apply (a YAML list of {rule, markets?, reason, until?}), besides the product's own.
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Also write FORMAT to PATH (repeatable), e.g. junit=report.xml; stdout keeps --format.
    #[arg(long, value_name = "FORMAT=PATH")]
    pub output: Vec<String>,
    /// The currency of the budget (and of results rows not in USD); estimates
    /// need USD, the benchmarks' currency, or --rate.
    #[arg(long, value_name = "CODE", default_value = "USD")]
    pub currency: String,
    /// How many units of --currency one US dollar buys, optionally with its
    /// date: 7.12 or 7.12@2026-12-01 (your figure; no network). The report states it.
    #[arg(long, value_name = "UNITS[@DATE]")]
    pub rate: Option<String>,
    /// Measured results of a channel test (CSV or YAML; one row per market ×
    /// channel × period): the mix learns from them (`assess init results ID`).
    #[arg(long, value_name = "FILE")]
    pub results: Option<PathBuf>,
    /// Fix a channel's part of --budget (repeatable), e.g. creators=5000; the
    /// rest is allocated around it.
    #[arg(long, value_name = "CHANNEL=AMOUNT", requires = "budget")]
    pub pin: Vec<String>,
}

impl RunArgs {
    /// Whether any assessment option was given (they belong to no subcommand).
    pub(super) fn given(&self) -> bool {
        !self.market.is_empty()
            || !self.industry.is_empty()
            || !self.product.is_empty()
            || !self.fail_on.is_empty()
            || !self.set.is_empty()
            || !self.output.is_empty()
            || self.baseline.is_some()
            || self.waivers.is_some()
            || self.no_waivers
            || !self.severity.is_empty()
            || self.budget.is_some()
            || self.results.is_some()
            || self.rate.is_some()
            || !self.pin.is_empty()
            || self.explain
            || self.detail
            || self.format != Format::Table
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    #[default]
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
        #[command(flatten)]
        sources: SourceArgs,
        #[command(flatten)]
        lang: LangArg,
    },
    /// Print the JSON Schema of a profile kind or of the report document.
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
        #[command(flatten)]
        sources: SourceArgs,
    },
    /// Assess with an explanation: every rule's outcome and the mix arithmetic
    /// (the same as `--explain`).
    Explain {
        #[command(flatten)]
        run: Box<RunArgs>,
        #[command(flatten)]
        options: AllOptions,
    },
    /// Print a resolved profile (after `extends`, overlays and `--set`) as YAML.
    Show {
        #[arg(value_enum)]
        kind: ShowKind,
        id: String,
        /// Change one field before showing it, as with the assessment.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        #[command(flatten)]
        sources: SourceArgs,
        #[command(flatten)]
        as_of: AsOfArg,
    },
    /// Print a commented template that loads as it is.
    Init {
        #[arg(value_enum)]
        kind: InitKind,
        id: String,
        #[command(flatten)]
        lang: LangArg,
    },
    /// Print the settings in force and where each came from (docs/configuration.md).
    Config {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        sources: SourceArgs,
        #[command(flatten)]
        lang: LangArg,
    },
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        #[command(flatten)]
        sources: SourceArgs,
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
        /// With overlays, the rules they define or change; every rule with --all-rules.
        #[arg(long)]
        require_coverage: bool,
        /// Measure coverage over every rule, the built-in ones included, even with overlays.
        #[arg(long)]
        all_rules: bool,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        sources: SourceArgs,
        #[command(flatten)]
        lang: LangArg,
        #[command(flatten)]
        as_of: AsOfArg,
    },
    /// Rank markets for an industry or a product: in order by verdict,
    /// completeness, warn findings, people online and cost per install, each
    /// with the reasons for its place; with a product, the rollout waves its
    /// stack can carry (docs/rankings.md).
    Rank(RankArgs),
    /// Check profile folders or files (the built-ins without a path) without
    /// assessing anything; report every problem; exit 2 if there is any.
    Validate {
        /// Profile folders (built-in layout) or single files.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        sources: SourceArgs,
        #[command(flatten)]
        lang: LangArg,
        #[command(flatten)]
        as_of: AsOfArg,
    },
}

#[derive(Debug, Args)]
pub struct RankArgs {
    /// Market id(s) to rank: comma list, repeatable, or `all` [default: every country].
    #[arg(long, value_name = "ID[,ID…]", value_delimiter = ',')]
    pub market: Vec<String>,
    /// The industry to rank for. Defaults to the product's industry.
    #[arg(long, value_name = "ID")]
    pub industry: Option<String>,
    /// Your product (a YAML file, `-`, or a built-in example's id): adds which
    /// markets its stack serves and the rollout waves.
    #[arg(long, value_name = "FILE|ID|-")]
    pub product: Option<String>,
    #[arg(long, value_enum, default_value_t = RankFormat::Table)]
    pub format: RankFormat,
    /// Change one field of the markets, industry or product (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// An earlier `assess rank --format json` document: show which markets moved.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Exit 1 when the ranking reaches this: `moved` (a market changed place
    /// since --baseline, or entered or left the ranking).
    #[arg(long, value_enum, value_name = "CONDITION")]
    pub fail_on: Option<RankGate>,
    /// Compare each market with the next, key by key.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub options: AllOptions,
}

/// What trips `assess rank --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankGate {
    /// A market changed place since --baseline, or entered or left the ranking.
    Moved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListKind {
    Markets,
    Industries,
    Channels,
    Rules,
    Products,
    /// The marketing promises a product may make (ids for `promises:`).
    Promises,
    /// The messaging angles rules may suggest.
    Messaging,
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
    /// Measured results for `--results` (YAML; CSV takes the same columns).
    Results,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Market,
    Industry,
    Product,
    Rules,
    Report,
    /// The `assess rank --format json` document.
    Ranking,
    /// A `--results` file (YAML; CSV takes the same columns).
    Results,
}

impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &Lang::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.code()))
    }
}

impl ValueEnum for FailOn {
    fn value_variants<'a>() -> &'a [Self] {
        &FailOn::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            FailOn::Warn => "The overall verdict is warn or block",
            FailOn::Block => "The overall verdict is block",
            FailOn::Incomplete => {
                "A check could not evaluate every rule: it examined less than it should"
            }
            FailOn::NotAssessed => {
                "A check examined nothing: all its warn and block rules need a product"
            }
            FailOn::New => {
                "A warn or block finding that the --baseline report does not have (or had less severe)"
            }
            FailOn::ExpiredWaiver => "A waiver given for the run has expired",
            FailOn::UnusedWaiver => "A waiver given for the run accepted no finding",
        };
        Some(PossibleValue::new(self.as_str()).help(help))
    }
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()).help(self.description()))
    }
}

impl ValueEnum for RankFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &RankFormat::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()).help(self.description()))
    }
}
