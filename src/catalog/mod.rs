//! The catalog: finds, loads, overlays, resolves and validates every profile
//! (the embedded built-ins, then each `--profiles` folder), and compiles the rules.

mod files;
mod merge;
mod parse;
mod validate;

pub use files::read_user_file;
pub use merge::{deep_merge, layer};
pub use parse::{SourceFile, parse};

use crate::engine::{self, CompiledRule};
use crate::model::{
    CHANNEL_IDS, ChannelId, ChannelInfo, Check, Industry, Market, Product, Promise, Rule,
    RuleEntry, Text,
};
use anyhow::{Context, Result, anyhow, bail};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Every profile, resolved and validated, with the rules compiled.
#[derive(Debug)]
pub struct Catalog {
    pub channels: BTreeMap<ChannelId, ChannelInfo>,
    pub promises: BTreeMap<String, Promise>,
    pub messaging: BTreeMap<String, Text>,
    /// Markets after `extends` and overlays.
    pub markets: BTreeMap<String, Market>,
    pub industries: BTreeMap<String, Industry>,
    /// Example products shipped with the tool, usable by id.
    pub products: BTreeMap<String, Product>,
    /// Enabled rules, in check order and then in the order written.
    pub rules: Vec<CompiledRule>,
    /// Ids of rules switched off by an overlay.
    pub disabled_rules: Vec<String>,
    /// The files each profile was read from, by kind and id, for locating problems.
    pub(crate) origins: BTreeMap<(&'static str, String), Vec<SourceFile>>,
}

/// A problem found after parsing, located in the file that states the value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
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

/// Turns a list of problems into one error listing all of them.
pub fn problems_to_result(mut problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort();
    problems.dedup();
    let count = problems.len();
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    bail!(
        "{}\n{count} problem{} in the profiles",
        lines.join("\n"),
        if count == 1 { "" } else { "s" }
    )
}

/// Where to load profiles from.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--profiles` folders, in order; later folders win.
    pub overlays: Vec<PathBuf>,
}

/// A profile parsed from one layer, waiting to be merged by id.
struct Entry {
    json: Json,
    file: SourceFile,
}

impl Catalog {
    pub fn load(options: &LoadOptions) -> Result<Catalog> {
        let mut layers = vec![files::builtin()];
        for dir in &options.overlays {
            layers.push(files::overlay(dir)?);
        }
        let mut origins = BTreeMap::new();

        let channels = load_channels(&layers)?;
        let promises: BTreeMap<String, Promise> = merge_listed(
            layers.iter().filter_map(|l| l.promises.as_ref()),
            |p: &Promise| p.id.clone(),
        )?;
        let messaging = load_messaging(&layers)?;

        let markets = merge_profiles::<Market>(&layers, "markets", |l| &l.markets, &mut origins)?;
        let markets = resolve_extends(markets, &origins)?;
        let industries =
            merge_profiles::<Industry>(&layers, "industries", |l| &l.industries, &mut origins)?;
        let products =
            merge_profiles::<Product>(&layers, "products", |l| &l.products, &mut origins)?;
        let (rule_entries, disabled_rules) = merge_rules(&layers, &mut origins)?;

        let mut catalog = Catalog {
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
        let (rules, mut problems) = validate::complete_rules(&catalog, rule_entries);
        problems.extend(validate::catalog(&catalog, &rules));
        problems_to_result(problems)?;
        catalog.rules = compile_rules(&catalog, rules)?;
        Ok(catalog)
    }

    pub fn market(&self, id: &str) -> Result<&Market> {
        self.markets
            .get(id)
            .ok_or_else(|| unknown_id("market", id, self.markets.keys()))
    }

    pub fn industry(&self, id: &str) -> Result<&Industry> {
        self.industries
            .get(id)
            .ok_or_else(|| unknown_id("industry", id, self.industries.keys()))
    }

    /// A `--product` argument: a built-in example's id, `-` for standard input, or a file.
    pub fn product(&self, arg: &str) -> Result<Product> {
        let file = if arg == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .context("<stdin>: cannot read the product profile")?;
            SourceFile {
                path: "<stdin>".to_string(),
                text,
            }
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
                bail!(
                    "{arg}: no such file; expected a product profile (YAML) or a built-in product id"
                );
            }
            read_user_file(&path)?
        };
        let product: Product = parse(&file)?;
        problems_to_result(validate::product(self, &product, &file))?;
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

    pub fn channel_name(&self, id: ChannelId) -> Text {
        self.channels
            .get(&id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| Text::new(id.as_str(), id.as_str()))
    }
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
    anyhow!(
        "unknown {kind} `{id}`{hint} (expected one of: {})",
        list.join(", ")
    )
}

fn load_channels(layers: &[files::Layer]) -> Result<BTreeMap<ChannelId, ChannelInfo>> {
    let channels: BTreeMap<ChannelId, ChannelInfo> = merge_listed(
        layers.iter().filter_map(|l| l.channels.as_ref()),
        |c: &ChannelInfo| c.id,
    )?;
    let missing: Vec<&str> = CHANNEL_IDS
        .iter()
        .filter(|id| !channels.contains_key(id))
        .map(|id| id.as_str())
        .collect();
    if !missing.is_empty() {
        bail!(
            "channels.yaml:1:1: channels {} are not described; expected all {} channels",
            missing.join(", "),
            CHANNEL_IDS.len()
        );
    }
    Ok(channels)
}

/// Merges files that each hold a list of items with ids (channels, promises):
/// a later layer's item replaces the earlier one field by field.
fn merge_listed<'a, T, K>(
    files: impl Iterator<Item = &'a SourceFile>,
    key: impl Fn(&T) -> K,
) -> Result<BTreeMap<K, T>>
where
    T: DeserializeOwned + Serialize,
    K: Ord + Clone + std::fmt::Display,
{
    let mut merged: BTreeMap<K, Json> = BTreeMap::new();
    for file in files {
        let items: Vec<T> = parse(file)?;
        let mut seen = Vec::new();
        for item in items {
            let id = key(&item);
            if seen.contains(&id) {
                let (line, column) = parse::locate_value(&file.text, "id", &id.to_string());
                bail!(
                    "{}:{line}:{column}: duplicate id `{id}`; expected each id once",
                    file.path
                );
            }
            seen.push(id.clone());
            let json = serde_json::to_value(&item)?;
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
        .map(|(k, v)| Ok((k, serde_json::from_value(v)?)))
        .collect()
}

fn load_messaging(layers: &[files::Layer]) -> Result<BTreeMap<String, Text>> {
    let mut merged = BTreeMap::new();
    for file in layers.iter().filter_map(|l| l.messaging.as_ref()) {
        let angles: BTreeMap<String, Text> = parse(file)?;
        merged.extend(angles);
    }
    Ok(merged)
}

/// Parses every profile of one kind in every layer and merges them by id.
fn merge_profiles<T>(
    layers: &[files::Layer],
    kind: &'static str,
    files_of: impl Fn(&files::Layer) -> &Vec<SourceFile>,
    origins: &mut BTreeMap<(&'static str, String), Vec<SourceFile>>,
) -> Result<BTreeMap<String, T>>
where
    T: DeserializeOwned + Serialize,
{
    let mut merged: BTreeMap<String, Entry> = BTreeMap::new();
    for layer_files in layers.iter().map(&files_of) {
        let mut in_layer: BTreeMap<String, String> = BTreeMap::new();
        for file in layer_files {
            let profile: T = parse(file)?;
            let json = serde_json::to_value(&profile)?;
            let id = json
                .get("id")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_string();
            if let Some(other) = in_layer.insert(id.clone(), file.path.clone()) {
                let (line, column) = parse::locate_value(&file.text, "id", &id);
                bail!(
                    "{}:{line}:{column}: duplicate {kind} id `{id}`, also in {other}; expected each id once",
                    file.path
                );
            }
            origins
                .entry((kind, id.clone()))
                .or_default()
                .push(file.clone());
            let json = match merged.remove(&id) {
                Some(base) => layer(&base.json, &json),
                None => json,
            };
            merged.insert(
                id,
                Entry {
                    json,
                    file: file.clone(),
                },
            );
        }
    }
    merged
        .into_iter()
        .map(|(id, entry)| {
            let profile = serde_json::from_value(entry.json).map_err(|e| {
                anyhow!("{}:1:1: {kind} `{id}` after overlays: {e}", entry.file.path)
            })?;
            Ok((id, profile))
        })
        .collect()
}

/// Layers each country over the region it `extends` (transitively).
fn resolve_extends(
    markets: BTreeMap<String, Market>,
    origins: &BTreeMap<(&'static str, String), Vec<SourceFile>>,
) -> Result<BTreeMap<String, Market>> {
    let mut problems = Vec::new();
    let mut resolved: BTreeMap<String, Market> = BTreeMap::new();
    for id in markets.keys() {
        let mut chain = vec![id.clone()];
        let mut current = &markets[id];
        let mut broken = false;
        while let Some(parent) = &current.extends {
            let file = origins
                .get(&("markets", current.id.clone()))
                .and_then(|f| f.last());
            let locate = |needle: &str| {
                file.map_or(("markets".to_string(), 1, 1), |f| {
                    let (l, c) = parse::locate_value(&f.text, "extends", needle);
                    (f.path.clone(), l, c)
                })
            };
            if chain.contains(parent) {
                let (file, line, column) = locate(parent);
                chain.push(parent.clone());
                problems.push(Problem {
                    file,
                    line,
                    column,
                    message: format!(
                        "`extends` makes a cycle: {}; expected a chain that ends at a region",
                        chain.join(" → ")
                    ),
                });
                broken = true;
                break;
            }
            let Some(next) = markets.get(parent) else {
                let (file, line, column) = locate(parent);
                let hint = crate::suggest(parent, markets.keys().map(String::as_str))
                    .map(|b| format!("; did you mean `{b}`?"))
                    .unwrap_or_default();
                problems.push(Problem {
                    file,
                    line,
                    column,
                    message: format!("`extends: {parent}` names an unknown market{hint}"),
                });
                broken = true;
                break;
            };
            chain.push(parent.clone());
            current = next;
        }
        if broken {
            continue;
        }
        // Layer from the root region down to this market.
        let mut json = Json::Null;
        for (depth, member) in chain.iter().rev().enumerate() {
            let own = serde_json::to_value(&markets[member])?;
            json = if depth == 0 {
                own
            } else {
                // Compliance is national: a region states the strictest regime among
                // its countries, which would be false for most of them.
                let inherited = merge::without(
                    &json,
                    &["id", "name", "kind", "countries", "extends", "compliance"],
                );
                layer(&inherited, &own)
            };
        }
        resolved.insert(id.clone(), serde_json::from_value(json)?);
    }
    problems_to_result(problems)?;
    Ok(resolved)
}

/// A rule entry after merging, with its check and the file that last wrote it.
pub(crate) type RuleSource = (Check, RuleEntry, SourceFile);

/// Merges rule entries by id across layers; returns them in check order and the
/// ids an overlay disabled.
fn merge_rules(
    layers: &[files::Layer],
    origins: &mut BTreeMap<(&'static str, String), Vec<SourceFile>>,
) -> Result<(Vec<RuleSource>, Vec<String>)> {
    let mut order: Vec<(Check, String)> = Vec::new();
    let mut merged: BTreeMap<String, (Check, Json, SourceFile)> = BTreeMap::new();
    for layer_files in layers.iter().map(|l| &l.rules) {
        for file in layer_files {
            let stem = file
                .path
                .rsplit(['/', '\\'])
                .next()
                .and_then(|name| name.split('.').next())
                .unwrap_or_default();
            let Some(check) = Check::parse(stem) else {
                bail!(
                    "{}:1:1: `{stem}` is not a rule pack; expected a file named after a check: network, competition, deliverability, compliance or audience",
                    file.path
                );
            };
            let entries: Vec<RuleEntry> = parse(file)?;
            let mut seen: Vec<&str> = Vec::new();
            for entry in &entries {
                if seen.contains(&entry.id.as_str()) {
                    let (line, column) = parse::locate_value(&file.text, "id", &entry.id);
                    bail!(
                        "{}:{line}:{column}: duplicate rule id `{}`; expected each id once",
                        file.path,
                        entry.id
                    );
                }
                seen.push(&entry.id);
                origins
                    .entry(("rules", entry.id.clone()))
                    .or_default()
                    .push(file.clone());
                let json = serde_json::to_value(entry)?;
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
        let entry: RuleEntry = serde_json::from_value(json)
            .with_context(|| format!("{}: rule `{id}` after overlays", file.path))?;
        if entry.disabled == Some(true) {
            disabled.push(id);
        } else {
            rules.push((check, entry, file));
        }
    }
    Ok((rules, disabled))
}

fn compile_rules(catalog: &Catalog, rules: Vec<(Rule, SourceFile)>) -> Result<Vec<CompiledRule>> {
    let _ = catalog;
    rules
        .into_iter()
        .map(|(rule, file)| {
            let (line, column) = validate::locate_rule_field(&file.text, &rule.id, "when");
            engine::compile(rule, &file.path, line, column)
        })
        .collect()
}
