//! The catalog: finds, loads, overlays, resolves and validates every profile
//! (the embedded built-ins, then each `--profiles` folder), and compiles the rules.

mod files;
mod merge;
mod parse;
mod positions;
mod resolve;
mod sample;
mod validate;

pub use files::read_user_file;
pub use merge::{deep_merge, layer, leaf_paths};
pub use parse::{MAX_LIST_ITEMS, MAX_TEXT_CHARS, SourceFile, line_col, parse, structure_problem};
pub use positions::Positions;
pub use resolve::{get_path, set_path};
pub use validate::is_kebab;
pub use validate::waivers as check_waivers;

use crate::engine::{self, CompiledRule};
use crate::model::{
    CHANNEL_IDS, ChannelId, ChannelInfo, Check, Industry, Market, Product, Promise, Rule,
    RuleEntry, Text,
};
use anyhow::{Result, anyhow, bail};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// Every profile, resolved and validated, with the rules compiled.
#[derive(Debug)]
pub struct Catalog {
    pub channels: BTreeMap<ChannelId, ChannelInfo>,
    pub promises: BTreeMap<String, Promise>,
    pub messaging: BTreeMap<String, Text>,
    /// Markets after `extends` and overlays: those the run asked for, with the
    /// markets they extend (all of them unless the load was narrowed).
    pub markets: BTreeMap<String, Market>,
    /// The id of every market, read or not: what references are checked against.
    pub market_ids: std::collections::BTreeSet<String>,
    pub industries: BTreeMap<String, Industry>,
    /// Example products shipped with the tool, usable by id.
    pub products: BTreeMap<String, Product>,
    /// Enabled rules, in check order and then in the order written.
    pub rules: Vec<CompiledRule>,
    /// Ids of rules switched off by an overlay.
    pub disabled_rules: Vec<String>,
    /// The files each profile was read from, by kind and id, for locating problems.
    pub(crate) origins: BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    /// What the `--profiles` folders hold that was not loaded.
    pub(crate) load_warnings: Vec<String>,
}

/// A problem in the profiles, located in the file that states the value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    pub fn at(
        file: &SourceFile,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.path.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem at the first whole-token `value` written under `key:` in `file`.
    pub fn at_value(
        file: &SourceFile,
        key: &str,
        value: &str,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = parse::locate_value(&file.text, key, value);
        Problem::at(file, line, column, message)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for Problem {}

/// Turns a list of problems into one error listing all of them.
pub fn problems_to_result(mut problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort();
    problems.dedup();
    let count = problems.len();
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    bail!(crate::i18n::tr(
        format!(
            "{}\n{count} problem{} in the profiles",
            lines.join("\n"),
            if count == 1 { "" } else { "s" }
        ),
        format!("{}\n档案中有 {count} 处问题", lines.join("\n"))
    ))
}

/// Where to load profiles from.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--profiles` folders, in order; later folders win.
    pub overlays: Vec<PathBuf>,
    /// Single files to check as if they were in an overlay (`assess validate FILE`).
    pub files: Vec<PathBuf>,
    /// The markets a run needs (with what they extend); `None` reads them all.
    pub markets: Option<Vec<String>>,
}

/// The outcome of loading: the catalog when the profiles hold together, and
/// every problem found on the way (parse errors, one per file, then all the
/// problems between files).
pub struct Checked {
    pub catalog: Option<Catalog>,
    pub problems: Vec<Problem>,
}

impl Catalog {
    /// Loads every profile; fails with all the problems found.
    pub fn load(options: &LoadOptions) -> Result<Catalog> {
        let checked = Catalog::check_with(options, false)?;
        problems_to_result(checked.problems)?;
        checked
            .catalog
            .ok_or_else(|| anyhow!("the profiles could not be loaded"))
    }

    /// Loads every profile and collects every problem instead of stopping at the
    /// first. Errs only when a `--profiles` folder cannot be read at all.
    pub fn check(options: &LoadOptions) -> Result<Checked> {
        Catalog::check_with(options, true)
    }

    /// `thorough` also checks the built-in rules against the sample profile;
    /// `assess validate` and the tests do, every run need not (they ship checked).
    fn check_with(options: &LoadOptions, thorough: bool) -> Result<Checked> {
        let mut layers = vec![files::builtin()];
        for dir in &options.overlays {
            layers.push(files::overlay(dir)?);
        }
        for file in &options.files {
            if !file.exists() {
                bail!(
                    "{}: no such file or folder; expected a profile file or folder",
                    file.display()
                );
            }
            layers.push(files::single(file)?);
        }
        let mut problems = Vec::new();
        let mut origins = BTreeMap::new();

        let channels = load_channels(&layers, &mut problems);
        let promises: BTreeMap<String, Promise> = merge_listed(
            layers.iter().filter_map(|l| l.promises.as_ref()),
            |p: &Promise| p.id.clone(),
            &mut problems,
        );
        let messaging = load_messaging(&layers, &mut problems);
        let market_ids = select_markets(&mut layers, options.markets.as_deref());
        let mut stated: BTreeMap<String, resolve::Stated> = BTreeMap::new();
        let _ = merge_profiles::<Market>(
            &layers,
            "markets",
            |l| &l.markets,
            &mut origins,
            &mut problems,
            &mut |id, file, json| {
                let entry = stated.entry(id.to_string()).or_insert(resolve::Stated {
                    json: Json::Null,
                    provenance: Default::default(),
                });
                resolve::record_own(
                    &mut entry.provenance,
                    id,
                    file,
                    json,
                    &Positions::of(&file.text),
                );
                entry.json = if entry.json.is_null() {
                    json.clone()
                } else {
                    layer(&entry.json, json)
                };
            },
        );
        let markets = resolve::resolve(stated, &origins, &mut problems);
        let industries = merge_profiles::<Industry>(
            &layers,
            "industries",
            |l| &l.industries,
            &mut origins,
            &mut problems,
            &mut |_, _, _| {},
        );
        let products = merge_profiles::<Product>(
            &layers,
            "products",
            |l| &l.products,
            &mut origins,
            &mut problems,
            &mut |_, _, _| {},
        );
        let (rule_entries, disabled_rules) = merge_rules(&layers, &mut origins, &mut problems);

        let load_warnings = layers.iter().flat_map(|l| l.warnings.clone()).collect();
        let mut catalog = Catalog {
            load_warnings,
            market_ids,
            channels,
            promises,
            messaging,
            markets,
            industries,
            products,
            rules: Vec::new(),
            disabled_rules,
            origins,
        };
        let (rules, rule_problems) = validate::complete_rules(&catalog, rule_entries);
        problems.extend(rule_problems);
        catalog.rules = compile_rules(&catalog, rules, thorough, &mut problems);
        problems.extend(validate::catalog(&catalog));
        problems.sort();
        problems.dedup();
        Ok(Checked {
            catalog: Some(catalog),
            problems,
        })
    }

    pub fn market(&self, id: &str) -> Result<&Market> {
        self.markets
            .get(id)
            .ok_or_else(|| unknown_id("market", id, self.market_ids.iter()))
    }

    pub fn industry(&self, id: &str) -> Result<&Industry> {
        self.industries
            .get(id)
            .ok_or_else(|| unknown_id("industry", id, self.industries.keys()))
    }

    /// A `--product` argument: a built-in example's id, `-` for standard input, or a file.
    pub fn product(&self, arg: &str) -> Result<Product> {
        let file = if arg == "-" {
            let bytes = files::read_limited(std::io::stdin(), "<stdin>")?;
            files::source_from_bytes("<stdin>", bytes)?
        } else {
            let path = PathBuf::from(arg);
            let looks_like_path = arg.contains(['/', '\\'])
                || arg.ends_with(".yaml")
                || arg.ends_with(".yml")
                || path.exists();
            if !looks_like_path {
                return self
                    .products
                    .get(arg)
                    .cloned()
                    .ok_or_else(|| unknown_id("product", arg, self.products.keys()));
            }
            if !path.exists() {
                bail!(crate::i18n::tr(
                    format!(
                        "{arg}: no such file; expected a product profile (YAML) or a built-in product id"
                    ),
                    format!("{arg}：文件不存在；请提供产品档案（YAML）或内置示例产品的 id")
                ));
            }
            read_user_file(&path)?
        };
        let mut product: Product = parse(&file)?;
        problems_to_result(validate::product(self, &product, &file))?;
        product.constraints_at = Positions::of(&file.text)
            .find("constraints")
            .map(|(line, column)| (file.path.clone(), line, column));
        Ok(product)
    }

    /// The ancestors of a market, nearest first (its region for a country).
    pub fn ancestry(&self, id: &str) -> Vec<&str> {
        let mut chain = vec![];
        let mut current = self.markets.get(id);
        while let Some(market) = current {
            chain.push(market.id.as_str());
            current = market
                .extends
                .as_deref()
                .filter(|parent| !chain.contains(parent))
                .and_then(|parent| self.markets.get(parent));
        }
        chain
    }

    /// What a review of the sources finds: notes that claim "nothing newer"
    /// without naming what was searched (problems: `validate` rejects them), and
    /// warnings for measured figures more than three years older than `as_of`
    /// whose note does not say why they are still used ("old"), and for names
    /// without Chinese in the user's own profiles. A law's source is not aged: it
    /// dates the law, which holds until changed. Each source is reported once,
    /// in the file that states it.
    pub fn review(&self, as_of: &str, include_builtin: bool) -> Review {
        let mut review = Review {
            warnings: self.load_warnings.clone(),
            ..Review::default()
        };
        let mut seen: std::collections::BTreeSet<(String, String)> =
            std::collections::BTreeSet::new();
        for ((kind, id), files) in &self.origins {
            for file in files.iter().filter(|f| include_builtin || !f.builtin) {
                let own: Option<(Option<Text>, Vec<crate::model::Source>)> = match *kind {
                    "markets" => parse::<Market>(file).ok().map(|m| (m.name, m.sources)),
                    "industries" => parse::<Industry>(file).ok().map(|i| (i.name, i.sources)),
                    "products" => parse::<Product>(file).ok().map(|p| (p.name, Vec::new())),
                    _ => None,
                };
                let Some((name, sources)) = own else {
                    continue;
                };
                if !file.builtin && name.is_some_and(|n| n.zh.is_none()) {
                    review.warnings.push(crate::i18n::tr(
                        format!("{}: {kind} `{id}` gives its name in English only; Chinese output falls back to English", file.path),
                        format!("{}：{kind} `{id}` 的名称只有英文；中文输出将回退为英文", file.path),
                    ));
                }
                for source in sources {
                    if !seen.insert((file.path.clone(), source.title.clone())) {
                        continue;
                    }
                    let note = source.note_text();
                    if claims_nothing_newer(note) && !names_a_search(note) {
                        review.problems.push(Problem::at_value(
                            file,
                            "title",
                            &source.title,
                            format!(
                                "source \"{}\": the note says nothing newer was found but not what was searched; expected \"searched <datasets> <periods>\", for example \"searched Ookla Global Index 2024–2026: nothing newer\"",
                                source.title
                            ),
                        ));
                    }
                    let is_law = !source.covers.is_empty()
                        && source.covers.iter().all(|c| c.starts_with("compliance"));
                    if !is_law
                        && is_older_than_three_years(&source.as_of_date().0, as_of)
                        && !says_old(note)
                    {
                        review.warnings.push(crate::i18n::tr(
                            format!(
                                "{}: source \"{}\" was measured {}, more than three years before {as_of}; expected a newer figure, or a note saying why this old one still holds",
                                file.path, source.title, source.as_of_date()
                            ),
                            format!(
                                "{}：来源“{}”的测量时间为 {}，比 {as_of} 早三年以上；请换用更新的数据，或在注释中说明为何仍然可用（old）",
                                file.path, source.title, source.as_of_date()
                            ),
                        ));
                    }
                }
            }
        }
        review
    }

    pub fn channel_name(&self, id: ChannelId) -> Text {
        self.channels
            .get(&id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| Text::new(id.as_str(), id.as_str()))
    }
}

/// What [`Catalog::review`] found.
#[derive(Debug, Default)]
pub struct Review {
    pub problems: Vec<Problem>,
    pub warnings: Vec<String>,
}

/// The word "old" in a note ("threshold" does not count).
pub fn says_old(note: &str) -> bool {
    note.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word == "old")
}

/// A note that claims no newer figure exists.
fn claims_nothing_newer(note: &str) -> bool {
    let note = note.to_lowercase();
    note.contains("nothing newer") || note.contains("no newer")
}

/// A note that names what was searched: the word "searched" and a period (a year).
fn names_a_search(note: &str) -> bool {
    let lower = note.to_lowercase();
    lower.contains("searched")
        && lower.split(|c: char| !c.is_ascii_digit()).any(|digits| {
            digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"))
        })
}

/// Whether a source dated `date` is more than three years older than `as_of`
/// (YYYY-MM-DD). A date given as a year or a month counts from its start.
pub fn is_older_than_three_years(date: &str, as_of: &str) -> bool {
    let Some(year) = as_of.get(..4).and_then(|y| y.parse::<i32>().ok()) else {
        return false;
    };
    let threshold = format!("{:04}{}", year - 3, as_of.get(4..).unwrap_or_default());
    date < threshold.as_str()
}

/// "unknown market `seaa`; did you mean `sea`? (known: …)"
pub fn unknown_id<'a>(
    kind: &str,
    id: &str,
    known: impl Iterator<Item = &'a String> + Clone,
) -> anyhow::Error {
    let list: Vec<&str> = known.clone().map(String::as_str).collect();
    let hint = crate::suggest(id, list.iter().copied())
        .map(|best| format!("; did you mean `{best}`?"))
        .unwrap_or_default();
    let zh_hint = crate::suggest(id, list.iter().copied())
        .map(|best| format!("；你是不是要找 `{best}`？"))
        .unwrap_or_default();
    let zh_kind = match kind {
        "market" => "市场",
        "industry" => "行业",
        "product" => "产品",
        "rule" => "规则",
        "channel" => "渠道",
        other => other,
    };
    anyhow!(crate::i18n::tr(
        format!(
            "unknown {kind} `{id}`{hint} (expected one of: {})",
            list.join(", ")
        ),
        format!("未知{zh_kind} `{id}`{zh_hint}（可选：{}）", list.join(", "))
    ))
}

fn load_channels(
    layers: &[files::Layer],
    problems: &mut Vec<Problem>,
) -> BTreeMap<ChannelId, ChannelInfo> {
    let files: Vec<&Arc<SourceFile>> = layers.iter().filter_map(|l| l.channels.as_ref()).collect();
    let channels: BTreeMap<ChannelId, ChannelInfo> =
        merge_listed(files.iter().copied(), |c: &ChannelInfo| c.id, problems);
    let missing: Vec<&str> = CHANNEL_IDS
        .iter()
        .filter(|id| !channels.contains_key(id))
        .map(|id| id.as_str())
        .collect();
    if !missing.is_empty()
        && let Some(file) = files.last()
    {
        problems.push(Problem::at(
            file,
            1,
            1,
            format!(
                "channels {} are not described; expected all {} channels",
                missing.join(", "),
                CHANNEL_IDS.len()
            ),
        ));
    }
    channels
}

/// Merges files that each hold a list of items with ids (channels, promises):
/// a later layer's item replaces the earlier one field by field.
fn merge_listed<'a, T, K>(
    files: impl Iterator<Item = &'a Arc<SourceFile>>,
    key: impl Fn(&T) -> K,
    problems: &mut Vec<Problem>,
) -> BTreeMap<K, T>
where
    T: DeserializeOwned + Serialize,
    K: Ord + Clone + std::fmt::Display,
{
    let mut merged: BTreeMap<K, Json> = BTreeMap::new();
    for file in files {
        let items: Vec<T> = match parse(file) {
            Ok(items) => items,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let mut seen = Vec::new();
        for item in items {
            let id = key(&item);
            if seen.contains(&id) {
                problems.push(Problem::at_value(
                    file,
                    "id",
                    &id.to_string(),
                    format!("duplicate id `{id}`; expected each id once"),
                ));
                continue;
            }
            seen.push(id.clone());
            let Ok(json) = serde_json::to_value(&item) else {
                continue;
            };
            let entry = merged.entry(id).or_insert(Json::Null);
            *entry = if entry.is_null() {
                json
            } else {
                layer(entry, &json)
            };
        }
    }
    merged
        .into_iter()
        .filter_map(|(k, v)| serde_json::from_value(v).ok().map(|item| (k, item)))
        .collect()
}

fn load_messaging(layers: &[files::Layer], problems: &mut Vec<Problem>) -> BTreeMap<String, Text> {
    let mut merged = BTreeMap::new();
    for file in layers.iter().filter_map(|l| l.messaging.as_ref()) {
        match parse::<BTreeMap<String, Text>>(file) {
            Ok(angles) => merged.extend(angles),
            Err(problem) => problems.push(problem),
        }
    }
    merged
}

/// Ids that name a selection rather than a profile.
pub const RESERVED_IDS: [&str; 2] = ["all", "-"];

/// What is wrong with a profile's id: a reserved word, or, for a file in a
/// profiles folder (`markets/us.yaml`), an id other than its file name (which
/// would silently replace another profile).
fn id_problem(file: &SourceFile, kind: &str, id: &str) -> Option<Problem> {
    if RESERVED_IDS.contains(&id) {
        return Some(Problem::at_value(
            file,
            "id",
            id,
            format!(
                "`{id}` is reserved (it selects profiles on the command line); expected another id"
            ),
        ));
    }
    let path = std::path::Path::new(&file.path);
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str());
    let stem = path.file_stem().and_then(|n| n.to_str());
    match (folder, stem) {
        (Some(folder), Some(stem)) if folder == kind && stem != id => Some(Problem::at_value(
            file,
            "id",
            id,
            format!(
                "the file is {kind}/{stem}.yaml but its id is `{id}`; expected `id: {stem}` (a file in {kind}/ is named after its id)"
            ),
        )),
        _ => None,
    }
}

/// Parses every profile of one kind in every layer and merges them by id.
fn merge_profiles<T>(
    layers: &[files::Layer],
    kind: &'static str,
    files_of: impl Fn(&files::Layer) -> &Vec<Arc<SourceFile>>,
    origins: &mut BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    problems: &mut Vec<Problem>,
    on_file: &mut dyn FnMut(&str, &Arc<SourceFile>, &Json),
) -> BTreeMap<String, T>
where
    T: DeserializeOwned + Serialize,
{
    let mut merged: BTreeMap<String, (Json, Arc<SourceFile>)> = BTreeMap::new();
    for layer_files in layers.iter().map(&files_of) {
        let mut in_layer: BTreeMap<String, String> = BTreeMap::new();
        for file in layer_files {
            let json = match parse::<T>(file).map(|p| serde_json::to_value(&p)) {
                Ok(Ok(json)) => json,
                Ok(Err(_)) => continue,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let id = json
                .get("id")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_string();
            if let Some(problem) = id_problem(file, kind, &id) {
                problems.push(problem);
                continue;
            }
            if let Some(other) = in_layer.insert(id.clone(), file.path.clone()) {
                problems.push(Problem::at_value(
                    file,
                    "id",
                    &id,
                    format!("duplicate {kind} id `{id}`, also in {other}; expected each id once"),
                ));
                continue;
            }
            origins
                .entry((kind, id.clone()))
                .or_default()
                .push(file.clone());
            on_file(&id, file, &json);
            let json = match merged.remove(&id) {
                Some((base, _)) => layer(&base, &json),
                None => json,
            };
            merged.insert(id, (json, file.clone()));
        }
    }
    let mut out = BTreeMap::new();
    for (id, (json, file)) in merged {
        match serde_json::from_value(json) {
            Ok(profile) => {
                out.insert(id, profile);
            }
            Err(e) => problems.push(Problem::at_value(
                &file,
                "id",
                &id,
                format!("{kind} `{id}` after overlays: {e}"),
            )),
        }
    }
    out
}

/// What a line scan of a market file tells without parsing it: its id, the
/// market it extends, and a region's countries (`None` inside when a line is
/// not in the simple one-line form; the file is then always parsed).
#[derive(Debug, PartialEq)]
struct Scan {
    id: Option<String>,
    extends: Option<String>,
    countries: Option<Vec<String>>,
    /// `countries:` is written in a form the scan cannot read.
    opaque: bool,
}

fn scan_market(text: &str) -> Scan {
    let value = |key: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(key))
            .map(|rest| {
                rest.split('#')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .trim_matches(['"', '\''])
                    .to_string()
            })
    };
    let countries = value("countries:");
    let list = countries.as_deref().and_then(|text| {
        let inner = text.strip_prefix('[')?.strip_suffix(']')?;
        // A list too long to be valid is left to the parser, which reports it.
        let ids: Vec<String> = inner
            .split(',')
            .take(MAX_LIST_ITEMS + 1)
            .map(|c| c.trim().trim_matches(['"', '\'']).to_string())
            .filter(|c| !c.is_empty())
            .collect();
        (ids.len() <= MAX_LIST_ITEMS).then_some(ids)
    });
    Scan {
        id: value("id:").filter(|v| !v.is_empty()),
        extends: value("extends:").filter(|v| !v.is_empty()),
        opaque: countries.is_some() && list.is_none(),
        countries: list,
    }
}

/// Every market id, and — when the run needs only some markets — keeps only the
/// files of those markets, the ones they extend and a region's countries (its
/// figures derive from theirs), so a run parses what it uses.
fn select_markets(
    layers: &mut [files::Layer],
    wanted: Option<&[String]>,
) -> std::collections::BTreeSet<String> {
    let scanned: Vec<Vec<Scan>> = layers
        .iter()
        .map(|l| l.markets.iter().map(|f| scan_market(&f.text)).collect())
        .collect();
    let ids = scanned
        .iter()
        .flatten()
        .filter_map(|scan| scan.id.clone())
        .collect();
    let Some(wanted) = wanted else {
        return ids;
    };
    if scanned.iter().flatten().any(|scan| scan.opaque) {
        return ids;
    }
    let mut needed: std::collections::BTreeSet<String> = wanted.iter().cloned().collect();
    // Every overlay market is read (and checked), with its ancestors.
    for layer in scanned.iter().skip(1) {
        needed.extend(layer.iter().filter_map(|scan| scan.id.clone()));
    }
    loop {
        let more: Vec<String> = scanned
            .iter()
            .flatten()
            .filter(|scan| scan.id.as_ref().is_some_and(|id| needed.contains(id)))
            .flat_map(|scan| {
                scan.extends
                    .iter()
                    .chain(scan.countries.iter().flatten())
                    .cloned()
            })
            .filter(|id| !needed.contains(id))
            .collect();
        if more.is_empty() {
            break;
        }
        needed.extend(more);
    }
    for (layer, scans) in layers.iter_mut().zip(&scanned) {
        let keep: Vec<bool> = scans
            .iter()
            .map(|scan| scan.id.as_ref().is_none_or(|id| needed.contains(id)))
            .collect();
        let mut keep = keep.into_iter();
        layer.markets.retain(|_| keep.next().unwrap_or(true));
    }
    ids
}

/// A rule entry after merging, with its check and the file that last wrote it.
pub(crate) type RuleSource = (Check, RuleEntry, Arc<SourceFile>);

/// Merges rule entries by id across layers; returns them in check order and the
/// ids an overlay disabled.
fn merge_rules(
    layers: &[files::Layer],
    origins: &mut BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    problems: &mut Vec<Problem>,
) -> (Vec<RuleSource>, Vec<String>) {
    let mut order: Vec<(Check, String)> = Vec::new();
    let mut merged: BTreeMap<String, (Check, Json, Arc<SourceFile>)> = BTreeMap::new();
    for layer_files in layers.iter().map(|l| &l.rules) {
        for file in layer_files {
            let stem = file
                .path
                .rsplit(['/', '\\'])
                .next()
                .and_then(|name| name.split('.').next())
                .unwrap_or_default();
            let Some(check) = Check::parse(stem) else {
                problems.push(Problem::at(
                    file,
                    1,
                    1,
                    format!("`{stem}` is not a rule pack; expected a file named after a check: network, competition, deliverability, compliance or audience"),
                ));
                continue;
            };
            let entries: Vec<RuleEntry> = match parse(file) {
                Ok(entries) => entries,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            let mut offsets = None;
            for entry in &entries {
                let count = seen.entry(entry.id.as_str()).or_insert(0);
                *count += 1;
                if *count > 1 {
                    // Point at the repeat, not at the first occurrence.
                    let offsets = offsets.get_or_insert_with(|| validate::rule_offsets(&file.text));
                    let at = offsets
                        .get(entry.id.as_str())
                        .and_then(|o| o.get(*count - 1).copied())
                        .unwrap_or(0);
                    let (line, column) = parse::line_col(&file.text, at);
                    problems.push(Problem::at(
                        file,
                        line,
                        column,
                        format!("duplicate rule id `{}`; expected each id once", entry.id),
                    ));
                    continue;
                }
                origins
                    .entry(("rules", entry.id.clone()))
                    .or_default()
                    .push(file.clone());
                let Ok(json) = serde_json::to_value(entry) else {
                    continue;
                };
                match merged.remove(&entry.id) {
                    Some((first_check, base, _)) => {
                        merged.insert(
                            entry.id.clone(),
                            (first_check, layer(&base, &json), file.clone()),
                        );
                    }
                    None => {
                        order.push((check, entry.id.clone()));
                        merged.insert(entry.id.clone(), (check, json, file.clone()));
                    }
                }
            }
        }
    }
    order.sort_by_key(|(check, _)| *check);
    let mut rules = Vec::new();
    let mut disabled = Vec::new();
    for (_, id) in order {
        let Some((check, json, file)) = merged.remove(&id) else {
            continue;
        };
        match serde_json::from_value::<RuleEntry>(json) {
            Ok(entry) if entry.disabled == Some(true) => disabled.push(id),
            Ok(entry) => rules.push((check, entry, file)),
            Err(e) => problems.push(Problem::at_value(
                &file,
                "id",
                &id,
                format!("rule `{id}` after overlays: {e}"),
            )),
        }
    }
    (rules, disabled)
}

/// Compiles every condition, then checks it against the profile schemas.
fn compile_rules(
    catalog: &Catalog,
    rules: Vec<(Rule, Arc<SourceFile>)>,
    thorough: bool,
    problems: &mut Vec<Problem>,
) -> Vec<CompiledRule> {
    let keys: Vec<&str> = catalog.promises.keys().map(String::as_str).collect();
    let needs_samples = thorough || rules.iter().any(|(_, file)| !file.builtin);
    let samples = needs_samples.then(|| sample::Samples::new(&keys));
    let mut compiled = Vec::new();
    // Rule positions, found once per file rather than once per rule.
    let mut offsets: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for (rule, file) in rules {
        let by_id = offsets.entry(file.path.clone()).or_insert_with(|| {
            validate::rule_offsets(&file.text)
                .into_iter()
                .filter_map(|(id, at)| Some((id.to_string(), *at.first()?)))
                .collect()
        });
        let start = by_id.get(&rule.id).copied().unwrap_or(0);
        let (line, column) = validate::locate_field_from(&file.text, start, "when");
        match engine::compile(rule, &file.path, line, column) {
            Ok(rule) => {
                let found = match &samples {
                    Some(samples) if thorough || !file.builtin => samples.check(&rule),
                    _ => Vec::new(),
                };
                if found.is_empty() {
                    compiled.push(rule);
                } else {
                    problems.extend(
                        found
                            .into_iter()
                            .map(|m| Problem::at(&file, line, column, m)),
                    );
                }
            }
            Err(error) => {
                problems.push(Problem::at(&file, error.line, error.column, error.message))
            }
        }
    }
    compiled
}

#[cfg(test)]
mod scan_tests {
    use super::scan_market;

    #[test]
    fn a_market_file_is_scanned_for_its_id_and_parent() {
        let text = "# comment\nid: vn\nname: {en: Vietnam}\nextends: sea # the region\n";
        let scan = scan_market(text);
        assert_eq!(scan.id.as_deref(), Some("vn"));
        assert_eq!(scan.extends.as_deref(), Some("sea"));
        assert_eq!(scan_market("  id: x\n").id, None);
        let region = scan_market("id: sea\ncountries: [id, vn]\n");
        assert_eq!(
            region.countries,
            Some(vec!["id".to_string(), "vn".to_string()])
        );
        assert!(scan_market("id: sea\ncountries:\n  - id\n").opaque);
    }
}
