//! Loading each kind of profile from the layers: channels, promises and
//! messaging merged by id, markets, industries and products overlaid whole-file
//! by id (with the file each came from), and rule packs merged rule by rule.

use super::files::{self};
use super::layer;
use super::parse::{MAX_LIST_ITEMS, parse};
use crate::diagnostics::{Code, Problem, SourceFile};
use crate::model::{CHANNEL_IDS, ChannelId, ChannelInfo, Check, RuleEntry, Text};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::Arc;

pub(super) fn load_channels(
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
            Code::MissingField,
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
pub(super) fn merge_listed<'a, T, K>(
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
                    Code::DuplicateId,
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

pub(super) fn load_messaging(
    layers: &[files::Layer],
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, Text> {
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
pub(super) fn id_problem(file: &SourceFile, kind: &str, id: &str) -> Option<Problem> {
    if RESERVED_IDS.contains(&id) {
        return Some(Problem::at_value(
            Code::BadId,
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
            Code::BadId,
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

/// What a profile file says of itself that `validate::review` checks (its
/// name, and its sources' dates and notes), kept from the one parse of it.
#[derive(Debug, Clone, Default)]
pub struct FileNotes {
    pub name: Option<crate::model::Text>,
    pub sources: Vec<crate::model::Source>,
}

/// [`FileNotes`] of the user's files, by path (a built-in file's are read
/// only when asked for, by [`FileNotes::read`]).
pub type FileNotesByPath = std::collections::HashMap<String, FileNotes>;

impl FileNotes {
    /// What `file`, a profile of `kind`, says of itself, parsed anew.
    pub fn read(kind: &str, file: &SourceFile) -> Option<FileNotes> {
        let json = match kind {
            "markets" => serde_json::to_value(parse::<crate::model::Market>(file).ok()?),
            "industries" => serde_json::to_value(parse::<crate::model::Industry>(file).ok()?),
            "products" => serde_json::to_value(parse::<crate::model::Product>(file).ok()?),
            _ => return None,
        };
        Some(FileNotes::of(kind, &json.ok()?))
    }

    fn of(kind: &str, json: &Json) -> FileNotes {
        let field = |key: &str| json.get(key).filter(|v| !v.is_null());
        FileNotes {
            name: field("name")
                .and_then(|n| <crate::model::Text as serde::Deserialize>::deserialize(n).ok()),
            // A product's sources are not reviewed.
            sources: field("sources")
                .filter(|_| kind != "products")
                .and_then(|s| {
                    <Vec<crate::model::Source> as serde::Deserialize>::deserialize(s).ok()
                })
                .unwrap_or_default(),
        }
    }
}

/// Parses every profile of one kind in every layer, layer by layer, and hands
/// each file's profile (as JSON) with its id to `on_file`.
pub(super) fn parse_profiles<T>(
    layers: &[files::Layer],
    kind: &'static str,
    files_of: impl Fn(&files::Layer) -> &Vec<Arc<SourceFile>>,
    origins: &mut BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    problems: &mut Vec<Problem>,
    notes: &mut FileNotesByPath,
    on_file: &mut dyn FnMut(&str, &Arc<SourceFile>, Json),
) where
    T: DeserializeOwned + Serialize,
{
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
                    Code::DuplicateId,
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
            // Kept from this parse, so that the review does not read the
            // user's files again; the built-in ones are reviewed only by
            // `validate`, which reads them then.
            if !file.builtin {
                notes.insert(file.path.clone(), FileNotes::of(kind, &json));
            }
            on_file(&id, file, json);
        }
    }
}

/// Parses every profile of one kind in every layer and merges them by id.
pub(super) fn merge_profiles<T>(
    layers: &[files::Layer],
    kind: &'static str,
    files_of: impl Fn(&files::Layer) -> &Vec<Arc<SourceFile>>,
    origins: &mut BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    problems: &mut Vec<Problem>,
    notes: &mut FileNotesByPath,
) -> BTreeMap<String, T>
where
    T: DeserializeOwned + Serialize,
{
    let mut merged: BTreeMap<String, (Json, Arc<SourceFile>)> = BTreeMap::new();
    parse_profiles::<T>(
        layers,
        kind,
        files_of,
        origins,
        problems,
        notes,
        &mut |id, file, json| {
            let json = match merged.remove(id) {
                Some((base, _)) => layer(&base, &json),
                None => json,
            };
            merged.insert(id.to_string(), (json, file.clone()));
        },
    );
    merged
        .into_iter()
        .filter_map(|(id, (json, file))| {
            let profile = merged_profile::<T>(kind, &id, &json, &file, problems)?;
            Some((id, profile))
        })
        .collect()
}

/// A profile merged over every layer as its type, or a problem at the last
/// file that states it.
pub(super) fn merged_profile<T: DeserializeOwned>(
    kind: &str,
    id: &str,
    json: &Json,
    file: &Arc<SourceFile>,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match T::deserialize(json) {
        Ok(profile) => Some(profile),
        Err(e) => {
            problems.push(Problem::at_value(
                Code::of_parse_error(&e.to_string()),
                file,
                "id",
                id,
                format!("{kind} `{id}` after overlays: {e}"),
            ));
            None
        }
    }
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
pub(super) fn select_markets(
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
pub type RuleSource = (Check, RuleEntry, Arc<SourceFile>);

/// Merges rule entries by id across layers; returns them in check order and the
/// ids an overlay disabled.
pub(super) fn merge_rules(
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
                    Code::BadId,
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
                    let offsets =
                        offsets.get_or_insert_with(|| super::positions::rule_offsets(&file.text));
                    let at = offsets
                        .get(entry.id.as_str())
                        .and_then(|o| o.get(*count - 1).copied())
                        .unwrap_or(0);
                    let (line, column) = crate::text::line_col(&file.text, at);
                    problems.push(Problem::at(
                        Code::DuplicateId,
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
                if let Some((first_check, base, _)) = merged.remove(&entry.id) {
                    merged.insert(
                        entry.id.clone(),
                        (first_check, layer(&base, &json), file.clone()),
                    );
                } else {
                    order.push((check, entry.id.clone()));
                    merged.insert(entry.id.clone(), (check, json, file.clone()));
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
                Code::of_parse_error(&e.to_string()),
                &file,
                "id",
                &id,
                format!("rule `{id}` after overlays: {e}"),
            )),
        }
    }
    (rules, disabled)
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
