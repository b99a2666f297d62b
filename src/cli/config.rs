//! The project's settings: `assess.toml` (found upward from the working
//! folder, or `--config PATH`), the `ASSESS_*` variables, and how they combine
//! with the command line: command line > variables > file > built-in, a list
//! given on the command line replacing the file's list. `assess config` prints
//! the result and where each setting came from.

use super::{Cli, Command, RunArgs};
use crate::Lang;
use crate::assessment::FailOn;
use crate::diagnostics::{Code, Problem, SourceFile};
use crate::evaluate::SeveritySetting;
use crate::i18n::tr;
use crate::model::Severity;
use crate::render::Format;
use anyhow::{Result, anyhow};
use clap::ValueEnum;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name looked for in the working folder and each folder above it.
pub const FILE_NAME: &str = "assess.toml";

/// What `assess.toml` may say. Every key is optional; an unknown key is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    markets: Option<Spanned<Vec<Spanned<String>>>>,
    industries: Option<Spanned<Vec<Spanned<String>>>>,
    products: Option<Spanned<Vec<Spanned<String>>>>,
    profiles: Option<Spanned<Vec<Spanned<String>>>>,
    waivers: Option<Spanned<String>>,
    fail_on: Option<Spanned<Vec<Spanned<String>>>>,
    outputs: Option<Spanned<Vec<Spanned<String>>>>,
    format: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    allow_unpinned: Option<Spanned<bool>>,
    severity: Option<Spanned<Vec<Spanned<SeverityEntry>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeverityEntry {
    rule: Spanned<String>,
    level: Spanned<String>,
    #[serde(default)]
    markets: Option<Vec<Spanned<String>>>,
}

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The command line's option of this name.
    CommandLine(&'static str),
    /// The environment variable of this name.
    Variable(&'static str),
    /// A line of the settings file (its path as shown).
    File { path: String, line: usize },
    /// Nothing set it.
    BuiltIn,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::CommandLine(flag) => write!(f, "{flag}"),
            Origin::Variable(name) => write!(f, "{name}"),
            Origin::File { path, line } => write!(f, "{path}:{line}"),
            Origin::BuiltIn => write!(f, "built-in"),
        }
    }
}

/// One resolved setting: its value and where it came from.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T: Default> Default for Setting<T> {
    fn default() -> Self {
        Setting {
            value: T::default(),
            origin: Origin::BuiltIn,
        }
    }
}

/// Every setting after the command line, the variables and the file.
#[derive(Debug, Default)]
pub struct Settings {
    /// The settings file read, as shown (none with `--no-config` or when absent).
    pub file: Option<String>,
    pub markets: Setting<Vec<String>>,
    pub industries: Setting<Vec<String>>,
    pub products: Setting<Vec<String>>,
    pub profiles: Setting<Vec<String>>,
    pub waivers: Setting<Option<PathBuf>>,
    pub fail_on: Setting<Vec<FailOn>>,
    pub outputs: Setting<Vec<String>>,
    pub format: Setting<Format>,
    pub lang: Setting<Option<Lang>>,
    pub allow_unpinned: Setting<bool>,
    pub severity: Setting<Vec<SeveritySetting>>,
}

impl Settings {
    /// Resolves every setting for a parsed command line.
    pub fn resolve(cli: &Cli, format_given: bool) -> Result<Settings> {
        let file = if cli.global.no_config {
            None
        } else {
            find(cli.global.config.as_deref())?
        };
        let mut settings = match &file {
            Some((path, text)) => from_file(path, text)?,
            None => Settings::default(),
        };
        settings.file = file.map(|(path, _)| path);
        settings.apply_variables()?;
        let run = match &cli.command {
            Some(Command::Explain { run, .. }) => Some(&**run),
            None => Some(&cli.run),
            _ => None,
        };
        if let Some(run) = run {
            settings.apply_command_line(run, format_given)?;
        }
        if !cli.global.profiles.is_empty() {
            settings.profiles = on_command_line(
                "--profiles",
                cli.global
                    .profiles
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect(),
            );
        }
        if let Some(lang) = cli.global.lang {
            settings.lang = on_command_line("--lang", Some(lang));
        }
        if cli.global.allow_unpinned {
            settings.allow_unpinned = on_command_line("--allow-unpinned", true);
        }
        Ok(settings)
    }

    /// Whether the settings name something to assess without a command line.
    pub fn names_an_assessment(&self) -> bool {
        !self.markets.value.is_empty() || !self.products.value.is_empty()
    }

    /// The assessment options with the settings filled in where the command
    /// line left them out.
    pub fn fill(&self, run: &RunArgs) -> RunArgs {
        RunArgs {
            market: self.markets.value.clone(),
            industry: self.industries.value.clone(),
            product: self.products.value.clone(),
            format: self.format.value,
            fail_on: self.fail_on.value.clone(),
            waivers: self.waivers.value.clone(),
            output: self.outputs.value.clone(),
            severity: Vec::new(),
            set: run.set.clone(),
            baseline: run.baseline.clone(),
            explain: run.explain,
            detail: run.detail,
            budget: run.budget.clone(),
            no_waivers: run.no_waivers,
            currency: run.currency.clone(),
            rate: run.rate.clone(),
            results: run.results.clone(),
            pin: run.pin.clone(),
        }
    }

    fn apply_variables(&mut self) -> Result<()> {
        let list = |name: &'static str| -> Option<Setting<Vec<String>>> {
            let value = std::env::var(name).ok().filter(|v| !v.trim().is_empty())?;
            Some(Setting {
                value: value
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect(),
                origin: Origin::Variable(name),
            })
        };
        if let Some(s) = list("ASSESS_MARKETS") {
            self.markets = s;
        }
        if let Some(s) = list("ASSESS_INDUSTRIES") {
            self.industries = s;
        }
        if let Some(s) = list("ASSESS_PRODUCTS") {
            self.products = s;
        }
        if let Some(s) = list("ASSESS_OUTPUTS") {
            self.outputs = s;
        }
        if let Some(list) = std::env::var_os("ASSESS_PROFILES").filter(|l| !l.is_empty()) {
            self.profiles = Setting {
                value: std::env::split_paths(&list)
                    .map(|p| p.display().to_string())
                    .collect(),
                origin: Origin::Variable("ASSESS_PROFILES"),
            };
        }
        if let Some(path) = std::env::var_os("ASSESS_WAIVERS").filter(|l| !l.is_empty()) {
            self.waivers = Setting {
                value: Some(PathBuf::from(path)),
                origin: Origin::Variable("ASSESS_WAIVERS"),
            };
        }
        if let Some(s) = list("ASSESS_FAIL_ON") {
            self.fail_on = Setting {
                value: s
                    .value
                    .iter()
                    .map(|v| parse_enum::<FailOn>(v).map_err(|e| anyhow!("ASSESS_FAIL_ON: {e}")))
                    .collect::<Result<_>>()?,
                origin: s.origin,
            };
        }
        if let Some(s) = list("ASSESS_SEVERITY") {
            self.severity = Setting {
                value: s
                    .value
                    .iter()
                    .map(|v| parse_severity(v, "ASSESS_SEVERITY"))
                    .collect::<Result<_>>()?,
                origin: s.origin,
            };
        }
        if let Some(value) = std::env::var("ASSESS_FORMAT")
            .ok()
            .filter(|v| !v.is_empty())
        {
            self.format = Setting {
                value: parse_enum::<Format>(&value).map_err(|e| anyhow!("ASSESS_FORMAT: {e}"))?,
                origin: Origin::Variable("ASSESS_FORMAT"),
            };
        }
        if let Some(value) = std::env::var("ASSESS_LANG").ok().filter(|v| !v.is_empty()) {
            self.lang = Setting {
                value: Some(parse_enum::<Lang>(&value).map_err(|e| anyhow!("ASSESS_LANG: {e}"))?),
                origin: Origin::Variable("ASSESS_LANG"),
            };
        }
        Ok(())
    }

    fn apply_command_line(&mut self, run: &RunArgs, format_given: bool) -> Result<()> {
        if !run.market.is_empty() {
            self.markets = on_command_line("--market", run.market.clone());
        }
        if !run.industry.is_empty() {
            self.industries = on_command_line("--industry", run.industry.clone());
        }
        if !run.product.is_empty() {
            self.products = on_command_line("--product", run.product.clone());
        }
        if run.waivers.is_some() {
            self.waivers = on_command_line("--waivers", run.waivers.clone());
        }
        if !run.fail_on.is_empty() {
            self.fail_on = on_command_line("--fail-on", run.fail_on.clone());
        }
        if !run.output.is_empty() {
            self.outputs = on_command_line("--output", run.output.clone());
        }
        if format_given {
            self.format = on_command_line("--format", run.format);
        }
        if !run.severity.is_empty() {
            self.severity = on_command_line(
                "--severity",
                run.severity
                    .iter()
                    .map(|text| parse_severity(text, "--severity"))
                    .collect::<Result<_>>()?,
            );
        }
        Ok(())
    }
}

fn on_command_line<T>(flag: &'static str, value: T) -> Setting<T> {
    Setting {
        value,
        origin: Origin::CommandLine(flag),
    }
}

/// `--config PATH`, else `assess.toml` in the working folder or the nearest
/// folder above it. The path is shown relative to the working folder.
fn find(given: Option<&Path>) -> Result<Option<(String, String)>> {
    if let Some(path) = given {
        let text = std::fs::read_to_string(path).map_err(|e| {
            anyhow!(tr(
                format!(
                    "--config {}: {e}; expected a readable assess.toml",
                    path.display()
                ),
                format!(
                    "--config {}：{e}；需要一个可读的 assess.toml",
                    path.display()
                )
            ))
        })?;
        return Ok(Some((path.display().to_string(), text)));
    }
    let Ok(here) = std::env::current_dir() else {
        return Ok(None);
    };
    let mut shown = PathBuf::new();
    for folder in here.ancestors() {
        let candidate = folder.join(FILE_NAME);
        if candidate.is_file() {
            let text = std::fs::read_to_string(&candidate)
                .map_err(|e| anyhow!("{}: {e}", candidate.display()))?;
            return Ok(Some((shown.join(FILE_NAME).display().to_string(), text)));
        }
        shown.push("..");
    }
    Ok(None)
}

/// The file's settings, each with its line; paths are relative to the file's folder.
fn from_file(path: &str, text: &str) -> Result<Settings> {
    let source = SourceFile {
        path: path.to_string(),
        text: text.to_string(),
        builtin: false,
    };
    let located = |span: std::ops::Range<usize>, code: Code, message: String| -> anyhow::Error {
        let (line, column) = line_column(text, span.start);
        anyhow!(Problem::at(code, &source, line, column, message))
    };
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        let (code, message) = if let Some(name) = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
        {
            let known = message
                .split_once("expected one of ")
                .map(|(_, list)| list.replace('`', ""))
                .unwrap_or_default();
            let hint = crate::suggest(name, known.split(", "))
                .map(|best| format!("; did you mean `{best}`?"))
                .unwrap_or_default();
            (
                Code::UnknownField,
                format!(
                    "unknown key `{name}`{hint} (expected one of: {known}; docs/configuration.md)"
                ),
            )
        } else if message.starts_with("missing field") {
            (Code::MissingField, message)
        } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
            (Code::WrongValue, message)
        } else {
            (Code::Syntax, message)
        };
        located(e.span().unwrap_or(0..0), code, message)
    })?;
    let folder = Path::new(path).parent().unwrap_or(Path::new(""));
    let origin = |span: &std::ops::Range<usize>| Origin::File {
        path: path.to_string(),
        line: line_column(text, span.start).0,
    };
    let strings = |list: &Spanned<Vec<Spanned<String>>>| -> Setting<Vec<String>> {
        Setting {
            value: list.get_ref().iter().map(|v| v.get_ref().clone()).collect(),
            origin: origin(&list.span()),
        }
    };
    let relative = |value: &str| -> String {
        if Path::new(value).is_absolute() || folder.as_os_str().is_empty() {
            value.to_string()
        } else {
            folder.join(value).display().to_string()
        }
    };
    let mut settings = Settings::default();
    if let Some(list) = &file.markets {
        settings.markets = strings(list);
    }
    if let Some(list) = &file.industries {
        settings.industries = strings(list);
    }
    if let Some(list) = &file.products {
        settings.products = strings(list);
        for product in &mut settings.products.value {
            if looks_like_a_path(product) {
                *product = relative(product);
            }
        }
    }
    if let Some(list) = &file.profiles {
        settings.profiles = strings(list);
        for profile in &mut settings.profiles.value {
            if !profile.starts_with("git+") {
                *profile = relative(profile);
            }
        }
    }
    if let Some(waivers) = &file.waivers {
        settings.waivers = Setting {
            value: Some(PathBuf::from(relative(waivers.get_ref()))),
            origin: origin(&waivers.span()),
        };
    }
    if let Some(list) = &file.fail_on {
        settings.fail_on = Setting {
            value: list
                .get_ref()
                .iter()
                .map(|v| {
                    parse_enum::<FailOn>(v.get_ref())
                        .map_err(|e| located(v.span(), Code::WrongValue, format!("fail-on: {e}")))
                })
                .collect::<Result<_>>()?,
            origin: origin(&list.span()),
        };
    }
    if let Some(list) = &file.outputs {
        settings.outputs = strings(list);
        for (output, written) in settings.outputs.value.iter_mut().zip(list.get_ref()) {
            let Some((format, target)) = output.split_once('=') else {
                return Err(located(
                    written.span(),
                    Code::WrongValue,
                    format!(
                        "outputs: `{output}` is not FORMAT=PATH; expected, for example, \"sarif=assess.sarif\""
                    ),
                ));
            };
            *output = format!("{format}={}", relative(target));
        }
    }
    if let Some(format) = &file.format {
        settings.format = Setting {
            value: parse_enum::<Format>(format.get_ref())
                .map_err(|e| located(format.span(), Code::WrongValue, format!("format: {e}")))?,
            origin: origin(&format.span()),
        };
    }
    if let Some(lang) = &file.lang {
        settings.lang = Setting {
            value: Some(
                parse_enum::<Lang>(lang.get_ref())
                    .map_err(|e| located(lang.span(), Code::WrongValue, format!("lang: {e}")))?,
            ),
            origin: origin(&lang.span()),
        };
    }
    if let Some(allow) = &file.allow_unpinned {
        settings.allow_unpinned = Setting {
            value: *allow.get_ref(),
            origin: origin(&allow.span()),
        };
    }
    if let Some(list) = &file.severity {
        let mut value = Vec::new();
        for entry in list.get_ref() {
            let level = parse_level(entry.get_ref().level.get_ref()).ok_or_else(|| {
                located(
                    entry.get_ref().level.span(),
                    Code::WrongValue,
                    format!(
                        "severity.level: `{}` is not a severity; expected info, warn or block",
                        entry.get_ref().level.get_ref()
                    ),
                )
            })?;
            let (line, column) = line_column(text, entry.get_ref().rule.span().start);
            value.push(SeveritySetting {
                rule: entry.get_ref().rule.get_ref().clone(),
                level,
                markets: entry
                    .get_ref()
                    .markets
                    .as_ref()
                    .map(|m| m.iter().map(|v| v.get_ref().clone()).collect()),
                origin: format!("{path}:{line}"),
                located: Some(format!("{path}:{line}:{column}")),
            });
        }
        settings.severity = Setting {
            value,
            origin: origin(&list.span()),
        };
    }
    Ok(settings)
}

/// A product named in the file is a path when it looks like one, else an id.
fn looks_like_a_path(product: &str) -> bool {
    product.contains(['/', '\\'])
        || Path::new(product)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A value of one of the command line's word lists (formats, gate conditions, languages).
fn parse_enum<T: ValueEnum>(text: &str) -> Result<T, String> {
    T::from_str(text.trim(), true).map_err(|_| {
        let known: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        tr(
            format!(
                "`{text}` is not allowed; expected one of {}",
                known.join(", ")
            ),
            format!("不允许 `{text}`；可选：{}", known.join(", ")),
        )
    })
}

fn parse_level(text: &str) -> Option<Severity> {
    Severity::parse(text.trim())
}

/// `RULE=LEVEL` from the command line (`--severity`) or a variable.
pub fn parse_severity(text: &str, origin: &str) -> Result<SeveritySetting> {
    let (rule, level) = text.split_once('=').unwrap_or((text, ""));
    let level = parse_level(level).ok_or_else(|| {
        anyhow!(tr(
            format!(
                "{origin} {text}: `{}` is not a severity; expected RULE=info, RULE=warn or RULE=block",
                level.trim()
            ),
            format!(
                "{origin} {text}：`{}` 不是严重程度；格式应为 RULE=info、RULE=warn 或 RULE=block",
                level.trim()
            )
        ))
    })?;
    Ok(SeveritySetting {
        rule: rule.trim().to_string(),
        level,
        markets: None,
        origin: origin.to_string(),
        located: None,
    })
}

/// `assess config`: every setting, its value and where it came from.
pub fn describe(settings: &Settings, json: bool) -> Result<String> {
    use serde_json::{Value, json};
    fn row<'a, T: serde::Serialize>(
        key: &'a str,
        setting: &'a Setting<T>,
    ) -> (&'a str, Value, &'a Origin) {
        (key, json!(setting.value), &setting.origin)
    }
    let rows: Vec<(&str, Value, &Origin)> = vec![
        row("markets", &settings.markets),
        row("industries", &settings.industries),
        row("products", &settings.products),
        row("profiles", &settings.profiles),
        (
            "waivers",
            json!(
                settings
                    .waivers
                    .value
                    .as_ref()
                    .map(|p| p.display().to_string())
            ),
            &settings.waivers.origin,
        ),
        (
            "fail-on",
            json!(
                settings
                    .fail_on
                    .value
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
            ),
            &settings.fail_on.origin,
        ),
        row("outputs", &settings.outputs),
        (
            "format",
            json!(settings.format.value.as_str()),
            &settings.format.origin,
        ),
        (
            "lang",
            json!(settings.lang.value.map(Lang::code)),
            &settings.lang.origin,
        ),
        row("allow-unpinned", &settings.allow_unpinned),
        (
            "severity",
            json!(
                settings
                    .severity
                    .value
                    .iter()
                    .map(SeveritySetting::describe)
                    .collect::<Vec<_>>()
            ),
            &settings.severity.origin,
        ),
    ];
    if json {
        let mut map = serde_json::Map::new();
        for (key, value, origin) in rows {
            map.insert(
                key.to_string(),
                json!({ "value": value, "from": origin.to_string() }),
            );
        }
        let document = json!({ "file": settings.file, "settings": map });
        return Ok(serde_json::to_string_pretty(&document)? + "\n");
    }
    let shown = |value: &Value| -> String {
        let text = match value {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        };
        if text.is_empty() {
            "-".to_string()
        } else {
            crate::render::escape::terminal(&text).into_owned()
        }
    };
    let cells: Vec<(&str, String, String)> = rows
        .iter()
        .map(|(key, value, origin)| (*key, shown(value), origin.to_string()))
        .collect();
    let key_width = cells.iter().map(|(k, _, _)| k.len()).max().unwrap_or(0);
    let value_width = cells
        .iter()
        .map(|(_, v, _)| unicode_width::UnicodeWidthStr::width(v.as_str()))
        .max()
        .unwrap_or(0);
    let mut out = tr(
        format!(
            "Settings file: {}\n",
            settings.file.as_deref().unwrap_or("none")
        ),
        format!("设置文件：{}\n", settings.file.as_deref().unwrap_or("无")),
    );
    for (key, value, origin) in &cells {
        let pad = value_width - unicode_width::UnicodeWidthStr::width(value.as_str());
        out += &format!("{key:key_width$}  {value}{}  {origin}\n", " ".repeat(pad));
    }
    out += &tr(
        "Precedence: command line > ASSESS_* variables > assess.toml > built-in.\n",
        "优先级：命令行 > ASSESS_* 环境变量 > assess.toml > 内置默认。\n",
    );
    Ok(out)
}
