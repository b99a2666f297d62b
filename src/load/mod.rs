//! Loading: finds the profiles (the embedded built-ins, then each `--profiles`
//! folder), parses them, overlays later layers on earlier ones, resolves
//! `extends` with the scope of every value, applies `--set`, and parses rule
//! conditions. What it gives back is not yet validated: see [`crate::validate`].

mod cel;
mod cel_paths;
mod files;
mod lookup;
mod merge;
pub mod overrides;
mod parse;
mod positions;
mod prepared;
mod profiles;
mod resolve;
pub mod results;
mod yaml_paths;

pub use crate::diagnostics::{Problem, SourceFile, problems_to_result};
pub use cel::{CompileError, CompiledRule, ROOTS, binding_name, compile, root_of, to_cel};
pub use cel_paths::condition_paths;
pub use files::{read_limited, read_product_arg, read_user_file};
pub use lookup::unknown_id;
pub use merge::{deep_merge, layer, leaf_paths};
pub use parse::{MAX_LIST_ITEMS, MAX_TEXT_CHARS, parse, structure_problem};
pub use positions::{Positions, locate_field_from, locate_rule_field, rule_offsets};
pub use profiles::{FileNotes, FileNotesByPath, RESERVED_IDS, RuleSource};
pub use resolve::{get_path, set_path};

use crate::model::{ChannelId, ChannelInfo, Industry, Market, Product, Promise, Text};
use anyhow::{Result, bail};
use profiles::{
    load_channels, load_messaging, merge_listed, merge_profiles, merge_rules, merged_profile,
    parse_profiles, select_markets,
};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Every profile, resolved; after validation, with the rules compiled.
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
    pub origins: BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    /// What the `--profiles` folders hold that was not loaded.
    pub load_warnings: Vec<String>,
    /// What each profile file says of itself, for `validate::review`.
    pub notes: FileNotesByPath,
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

/// What loading found: the catalog (its rules not yet compiled), the rules as
/// written, and the problems met on the way (parse errors, one per file, and
/// those between files).
pub struct Loaded {
    pub catalog: Catalog,
    pub rules: Vec<RuleSource>,
    pub problems: Vec<Problem>,
}

/// Loads every profile. Errs only when a `--profiles` folder or a named file
/// cannot be read at all; every other problem is collected in [`Loaded`].
pub fn load(options: &LoadOptions) -> Result<Loaded> {
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
    let mut notes = FileNotesByPath::new();
    let mut stated: BTreeMap<String, resolve::Stated> = BTreeMap::new();
    parse_profiles::<Market>(
        &layers,
        "markets",
        |l| &l.markets,
        &mut origins,
        &mut problems,
        &mut notes,
        &mut |id, file, json| {
            let entry = stated.entry(id.to_string()).or_insert(resolve::Stated {
                json: Json::Null,
                provenance: BTreeMap::default(),
            });
            resolve::record_own(
                &mut entry.provenance,
                id,
                file,
                &json,
                &Positions::of_file(file),
            );
            entry.json = if entry.json.is_null() {
                json
            } else {
                layer(&entry.json, &json)
            };
        },
    );
    // Each market as its overlays leave it must still be a market.
    for (id, own) in &stated {
        if let Some(file) = origins.get(&("markets", id.clone())).and_then(|f| f.last()) {
            let _: Option<Market> = merged_profile("markets", id, &own.json, file, &mut problems);
        }
    }
    let markets = resolve::resolve(stated, &origins, &mut problems);
    let industries = merge_profiles::<Industry>(
        &layers,
        "industries",
        |l| &l.industries,
        &mut origins,
        &mut problems,
        &mut notes,
    );
    let products = merge_profiles::<Product>(
        &layers,
        "products",
        |l| &l.products,
        &mut origins,
        &mut problems,
        &mut notes,
    );
    let (rule_entries, disabled_rules) = merge_rules(&layers, &mut origins, &mut problems);

    let load_warnings = layers.iter().flat_map(|l| l.warnings.clone()).collect();
    let catalog = Catalog {
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
        notes,
    };
    Ok(Loaded {
        catalog,
        rules: rule_entries,
        problems,
    })
}
