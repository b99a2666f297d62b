//! Resolving `extends` with the scope of values: what a market receives from
//! the market it extends, and a region's figures derived from its countries.
//!
//! - From a **country** (a city, a team's narrowed profile) a market keeps
//!   everything: it is part of that country.
//! - From a **region** a market receives only member-wide facts (the region's
//!   `members:` block) and regional judgements (channel fits, audience traits,
//!   competition levels). A region's other figures describe the region as a
//!   whole and stay there.
//! - A **region** shows, for each comparable figure it does not state itself,
//!   the weakest of its countries' figures (a strategy for the region must hold
//!   in its weakest large market), marked as derived with the country that set it.
//!
//! Every resolved value keeps its [`Origin`]: scope, market, file, line, sources.

use super::positions::Positions;
use super::{Problem, SourceFile};
use crate::diagnostics::Code;
use crate::model::{Market, MarketKind, Origin, Provenance, Source, ValueScope};
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// A market as its own files state it, after overlays and before `extends`.
pub struct Stated {
    pub json: Json,
    pub provenance: Provenance,
}

/// Fields that name a market rather than describe it: never inherited.
const IDENTITY: [&str; 6] = ["id", "name", "kind", "extends", "countries", "sources"];

/// Records the values `json` (one file's version of market `id`) states, over
/// what earlier layers stated.
pub fn record_own(
    provenance: &mut Provenance,
    id: &str,
    file: &Arc<SourceFile>,
    json: &Json,
    positions: &Positions,
) {
    let market: Arc<str> = Arc::from(id);
    let file_path: Arc<str> = Arc::from(file.path.as_str());
    let sources: Vec<Arc<Source>> = json
        .get("sources")
        .and_then(|s| serde_json::from_value::<Vec<Source>>(s.clone()).ok())
        .unwrap_or_default()
        .into_iter()
        .map(Arc::new)
        .collect();
    for path in super::merge::leaf_paths(json) {
        if IDENTITY.contains(&root(&path)) {
            continue;
        }
        let (line, column) = positions.find(&path).unwrap_or((1, 1));
        // An overlay that restates a list or a value replaces what is below it.
        provenance.retain(|p, _| !(p.starts_with(&path) && p[path.len()..].starts_with('.')));
        provenance.insert(
            path.clone(),
            Origin {
                scope: ValueScope::Own,
                market: Arc::clone(&market),
                file: Arc::clone(&file_path),
                line,
                column,
                builtin: file.builtin,
                sources: sources
                    .iter()
                    .filter(|s| s.covers_path(&path))
                    .cloned()
                    .collect(),
                derived_from: Vec::new(),
                derivation: None,
                judgement: judgement_unit(&path).is_some(),
            },
        );
    }
}

fn root(path: &str) -> &str {
    path.split('.').next().unwrap_or(path)
}

/// The judgement a path belongs to, as a unit: a market that states any part
/// of it states the whole (a fit with its evidence, a trait, a competition level).
fn judgement_unit(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.splitn(4, '.').collect();
    match parts.as_slice() {
        ["channels", channel, "fit" | "evidence", ..] => Some(format!("channels.{channel}.fit")),
        ["audience" | "competition", name, ..] => Some(format!("{}.{name}", parts[0])),
        _ => None,
    }
}

/// Every market resolved so far (`None`: it cannot be, an error says why).
type Done = HashMap<String, Option<Arc<Resolved>>>;

/// A resolved market: its leaf values by path, each with its origin.
#[derive(Clone, Default)]
struct Resolved {
    values: BTreeMap<String, (Json, Origin)>,
}

/// Resolves every market: `extends` with scope, then each region's derived figures.
pub fn resolve(
    mut stated: BTreeMap<String, Stated>,
    origins: &BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, Market> {
    // Markets others depend on (a parent, a region's country) are resolved
    // first and kept; every other one is resolved, built and dropped in turn.
    let depended_on: HashSet<String> = stated
        .values()
        .flat_map(|own| {
            let parent = own.json.get("extends").and_then(Json::as_str);
            let countries = own
                .json
                .get("countries")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .filter_map(Json::as_str);
            parent.into_iter().chain(countries).map(str::to_string)
        })
        .collect();
    let mut done: Done = HashMap::new();
    // What each parent passes to the markets that extend it, worked out once.
    let mut inherited: HashMap<String, Resolved> = HashMap::new();
    for id in stated.keys() {
        if depended_on.contains(id) || kind_of(&stated[id].json) == Some(MarketKind::Region) {
            resolve_one(id, &stated, origins, &mut done, &mut inherited, problems);
        }
    }
    let mut out = BTreeMap::new();
    // Regions first: each reads its countries' resolved values.
    for (id, own) in &stated {
        if kind_of(&own.json) != Some(MarketKind::Region) {
            continue;
        }
        let Some(Some(resolved)) = done.get(id) else {
            continue;
        };
        let mut resolved = Resolved::clone(resolved);
        for (_, origin) in resolved.values.values_mut() {
            if origin.judgement && origin.scope == ValueScope::Own {
                origin.scope = ValueScope::RegionalJudgement;
            }
        }
        // What holds in every member holds in the region as a whole.
        let member_wide: Vec<(String, (Json, Origin))> = resolved
            .values
            .iter()
            .filter_map(|(path, (value, origin))| {
                let inner = path.strip_prefix("members.")?;
                let mut origin = origin.clone();
                origin.scope = ValueScope::MemberWide;
                Some((inner.to_string(), (value.clone(), origin)))
            })
            .collect();
        for (path, value) in member_wide {
            resolved.values.entry(path).or_insert(value);
        }
        derive_region(id, &own.json, &mut resolved, &done);
        if let Some(market) = to_market(&own.json, resolved) {
            out.insert(id.clone(), market);
        }
    }
    // Then every other market, each handed its resolved values rather than a
    // copy, and what it stated dropped once it is built: a catalog of
    // thousands of markets is never held three times over.
    let ids: Vec<String> = stated.keys().cloned().collect();
    for id in ids {
        if stated
            .get(&id)
            .is_none_or(|own| kind_of(&own.json) == Some(MarketKind::Region))
        {
            continue;
        }
        if !done.contains_key(&id) {
            resolve_one(&id, &stated, origins, &mut done, &mut inherited, problems);
        }
        let market = if depended_on.contains(&id) {
            // Still read by the markets that extend it.
            match (done.get(&id), stated.get(&id)) {
                (Some(Some(resolved)), Some(own)) => {
                    to_market(&own.json, Resolved::clone(resolved))
                }
                _ => None,
            }
        } else {
            match (done.remove(&id), stated.remove(&id)) {
                (Some(Some(resolved)), Some(own)) => to_market(
                    &own.json,
                    Arc::try_unwrap(resolved).unwrap_or_else(|shared| Resolved::clone(&shared)),
                ),
                _ => None,
            }
        };
        if let Some(market) = market {
            out.insert(id, market);
        }
    }
    out
}

fn kind_of(json: &Json) -> Option<MarketKind> {
    json.get("kind")
        .and_then(|k| serde_json::from_value(k.clone()).ok())
}

/// Resolves `id` and the markets it extends, from the top of the chain down;
/// each market is resolved once and each step is constant work, so resolving
/// every market is linear in their number, however long the chains.
fn resolve_one(
    id: &str,
    stated: &BTreeMap<String, Stated>,
    origins: &BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    done: &mut Done,
    inherited: &mut HashMap<String, Resolved>,
    problems: &mut Vec<Problem>,
) {
    let mut chain: Vec<&str> = Vec::new();
    let mut on_chain: HashSet<&str> = HashSet::new();
    let mut current = id;
    // Walk up to a market already resolved, a root, or a broken link.
    let top: Option<Arc<Resolved>> = loop {
        if let Some(result) = done.get(current) {
            break result.clone();
        }
        let Some(own) = stated.get(current) else {
            break None;
        };
        chain.push(current);
        on_chain.insert(current);
        let Some(parent) = own.json.get("extends").and_then(Json::as_str) else {
            break Some(Arc::new(Resolved::default()));
        };
        if on_chain.contains(parent) {
            report_cycle(&chain, parent, origins, problems);
            break None;
        }
        if !stated.contains_key(parent) {
            let hint = crate::suggest(parent, stated.keys().map(String::as_str))
                .map(|b| format!("; did you mean `{b}`?"))
                .unwrap_or_default();
            let message = format!("`extends: {parent}` names an unknown market{hint}");
            problems.push(
                match origins
                    .get(&("markets", current.to_string()))
                    .and_then(|f| f.last())
                {
                    Some(file) => {
                        Problem::at_value(Code::UnknownId, file, "extends", parent, message)
                    }
                    None => Problem {
                        code: Code::UnknownId,
                        file: "markets".into(),
                        line: 1,
                        column: 1,
                        message,
                    },
                },
            );
            break None;
        }
        current = parent;
    };
    // Resolve down: each market over what it inherits from the one above.
    let mut above: Option<(&str, Option<Arc<Resolved>>)> = None;
    if let Some(&last) = chain.last()
        && let Some(parent) = stated
            .get(last)
            .and_then(|own| own.json.get("extends"))
            .and_then(Json::as_str)
        && done.contains_key(parent)
    {
        above = Some((parent, top.clone()));
    }
    for (i, market) in chain.iter().enumerate().rev() {
        let Some(own) = stated.get(*market) else {
            continue;
        };
        let result = match &above {
            // The top of the chain is a root: its own values.
            None if i + 1 == chain.len() && top.is_some() => Some(own_values(own)),
            None => None,
            Some((parent, Some(resolved))) => stated.get(*parent).map(|parent_own| {
                let passed = inherited
                    .entry((*parent).to_string())
                    .or_insert_with(|| inherit(parent, parent_own, resolved));
                layer_own(passed.clone(), own)
            }),
            Some((_, None)) => None,
        };
        let result = result.map(Arc::new);
        done.insert((*market).to_string(), result.clone());
        above = Some((market, result));
    }
}

/// Tells every market on an `extends` cycle, at its own `extends`.
fn report_cycle(
    chain: &[&str],
    parent: &str,
    origins: &BTreeMap<(&'static str, String), Vec<Arc<SourceFile>>>,
    problems: &mut Vec<Problem>,
) {
    let start = chain.iter().position(|c| *c == parent).unwrap_or(0);
    let members = &chain[start..];
    for (i, member) in members.iter().enumerate() {
        let mut cycle: Vec<&str> = members[i..].iter().chain(&members[..i]).copied().collect();
        cycle.push(member);
        let next = members.get(i + 1).or(members.first()).unwrap_or(member);
        let message = format!(
            "`extends` makes a cycle: {}; expected a chain that ends at a region",
            cycle.join(" → ")
        );
        match origins
            .get(&("markets", member.to_string()))
            .and_then(|f| f.last())
        {
            Some(file) => problems.push(Problem::at_value(
                Code::Scope,
                file,
                "extends",
                next,
                message,
            )),
            None => problems.push(Problem {
                code: Code::Scope,
                file: "markets".into(),
                line: 1,
                column: 1,
                message,
            }),
        }
    }
}

/// A market's own values, its `members:` block left in place.
fn own_values(own: &Stated) -> Resolved {
    let mut values = BTreeMap::new();
    for (path, origin) in &own.provenance {
        if let Some(value) = get_path(&own.json, path) {
            values.insert(path.clone(), (value.clone(), origin.clone()));
        }
    }
    Resolved { values }
}

/// What a market receives from `parent` (already resolved).
fn inherit(parent: &str, parent_own: &Stated, resolved: &Resolved) -> Resolved {
    if kind_of(&parent_own.json) != Some(MarketKind::Region) {
        // Part of a country: everything but the region's own members block.
        let values = resolved
            .values
            .iter()
            .filter(|(path, _)| root(path) != "members")
            .map(|(p, v)| (p.clone(), v.clone()))
            .collect();
        return Resolved { values };
    }
    let mut values = BTreeMap::new();
    for (path, (value, origin)) in &resolved.values {
        if let Some(inner) = path.strip_prefix("members.") {
            if *origin.market == *parent {
                let mut origin = origin.clone();
                origin.scope = ValueScope::MemberWide;
                values.insert(inner.to_string(), (value.clone(), origin));
            }
            continue;
        }
        let passes = match origin.scope {
            ValueScope::MemberWide | ValueScope::RegionalJudgement => true,
            ValueScope::Own | ValueScope::Set => judgement_unit(path).is_some(),
            ValueScope::Derived | ValueScope::Regional => false,
        };
        if passes {
            let mut origin = origin.clone();
            if origin.scope != ValueScope::MemberWide {
                origin.scope = ValueScope::RegionalJudgement;
            }
            values
                .entry(path.clone())
                .or_insert((value.clone(), origin));
        }
    }
    Resolved { values }
}

/// `own` over what it inherited: a judgement it states replaces the whole
/// inherited judgement.
fn layer_own(mut inherited: Resolved, own: &Stated) -> Resolved {
    let stated_units: Vec<String> = own
        .provenance
        .keys()
        .filter_map(|p| judgement_unit(p))
        .collect();
    inherited
        .values
        .retain(|path, _| judgement_unit(path).is_none_or(|unit| !stated_units.contains(&unit)));
    for (path, value) in own_values(own).values {
        inherited
            .values
            .retain(|p, _| !(p.starts_with(&path) && p[path.len()..].starts_with('.')));
        inherited.values.insert(path, value);
    }
    inherited
}

/// How a region's figure is derived from its countries', field by field.
#[derive(Clone, Copy)]
enum Weakest {
    /// The lowest number (download, availability, quality).
    Lowest,
    /// The highest number (latency, legacy share, low-end share, consent age).
    Highest,
    /// `true` if any country's is (a duty in one member binds the regional strategy).
    AnyTrue,
    /// The strictest level of an ordered enum, by its position in `order`.
    Strictest(&'static [&'static str]),
}

const DERIVED: [(&str, Weakest); 23] = [
    ("network.mobile_download_mbps", Weakest::Lowest),
    ("network.idle_latency_ms", Weakest::Highest),
    ("network.availability_4g_pct", Weakest::Lowest),
    ("network.population_coverage_4g_pct", Weakest::Lowest),
    ("network.share_5g_pct", Weakest::Lowest),
    ("network.legacy_connections_pct", Weakest::Highest),
    ("network.legacy_devices_pct", Weakest::Highest),
    ("network.video_call_quality_pct", Weakest::Lowest),
    ("network.video_experience_score", Weakest::Lowest),
    ("devices.low_end_installed_pct", Weakest::Highest),
    ("devices.low_end_shipments_pct", Weakest::Highest),
    (
        "compliance.data_localization",
        Weakest::Strictest(&["none", "sectoral", "conditional", "copy", "strict"]),
    ),
    (
        "compliance.cross_border_transfer",
        Weakest::Strictest(&["free", "contracts", "consent", "approval"]),
    ),
    ("compliance.registration_required", Weakest::AnyTrue),
    (
        "compliance.content_moderation",
        Weakest::Strictest(&["light", "moderate", "strict"]),
    ),
    ("compliance.minor_consent_age", Weakest::Highest),
    ("compliance.realtime_calls_restricted", Weakest::AnyTrue),
    ("compliance.virtual_gifts_restricted", Weakest::AnyTrue),
    ("compliance.ai_disclosure_required", Weakest::AnyTrue),
    ("compliance.age_assurance_required", Weakest::AnyTrue),
    ("compliance.foreign_apps_blocked", Weakest::AnyTrue),
    ("compliance.influencer_licence_required", Weakest::AnyTrue),
    (
        "compliance.online_course_licence_required",
        Weakest::AnyTrue,
    ),
];

/// Which of two values is weaker by `rule`: `true` when `candidate` is.
fn weaker(rule: Weakest, candidate: &Json, current: &Json) -> bool {
    match rule {
        Weakest::Lowest => candidate.as_f64() < current.as_f64(),
        Weakest::Highest => candidate.as_f64() > current.as_f64(),
        Weakest::AnyTrue => candidate.as_bool() == Some(true) && current.as_bool() != Some(true),
        Weakest::Strictest(order) => {
            let rank = |v: &Json| v.as_str().and_then(|s| order.iter().position(|o| *o == s));
            rank(candidate) > rank(current)
        }
    }
}

/// Fills each comparable figure a region does not state with the weakest of its
/// countries' figures, and its laws with theirs.
fn derive_region(region: &str, own: &Json, resolved: &mut Resolved, done: &Done) {
    let countries: Vec<&str> = own
        .get("countries")
        .and_then(Json::as_array)
        .map(|c| c.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    let known: Vec<(&str, &Resolved)> = countries
        .iter()
        .filter_map(|c| done.get(*c).and_then(Option::as_ref).map(|r| (*c, &**r)))
        .collect();
    for (path, rule) in DERIVED {
        if resolved.values.contains_key(path) {
            continue;
        }
        let figures: Vec<(&str, &Json, &Origin)> = known
            .iter()
            .filter_map(|(c, r)| r.values.get(path).map(|(v, o)| (*c, v, o)))
            .collect();
        let Some(mut weakest) = figures.first().copied() else {
            continue;
        };
        for figure in &figures[1..] {
            if weaker(rule, figure.1, weakest.1) {
                weakest = *figure;
            }
        }
        let unknown: Vec<&str> = countries
            .iter()
            .copied()
            .filter(|c| !figures.iter().any(|f| f.0 == *c))
            .collect();
        let mut derivation: Vec<String> = figures
            .iter()
            .map(|(c, v, _)| format!("{c} {}", crate::text::display(v, crate::Lang::En)))
            .collect();
        if !unknown.is_empty() {
            derivation.push(format!("unknown: {}", unknown.join(", ")));
        }
        let (_, value, origin) = weakest;
        resolved.values.insert(
            path.to_string(),
            (
                value.clone(),
                Origin {
                    scope: ValueScope::Derived,
                    market: Arc::from(region),
                    file: origin.file.clone(),
                    line: origin.line,
                    column: origin.column,
                    builtin: origin.builtin,
                    sources: origin.sources.clone(),
                    derived_from: vec![weakest.0.to_string()],
                    derivation: Some(derivation.join("; ")),
                    judgement: false,
                },
            ),
        );
    }
    // The region's laws are its countries' laws, each with its jurisdiction.
    if !resolved.values.contains_key("compliance.laws") {
        let mut laws = Vec::new();
        let mut sources: Vec<Arc<Source>> = Vec::new();
        let mut from = Vec::new();
        for (country, r) in &known {
            let Some((Json::Array(list), origin)) = r.values.get("compliance.laws") else {
                continue;
            };
            from.push(country.to_string());
            for source in &origin.sources {
                if !sources.contains(source) {
                    sources.push(source.clone());
                }
            }
            for law in list {
                let mut law = law.clone();
                if let Some(map) = law.as_object_mut()
                    && !map.contains_key("jurisdiction")
                {
                    map.insert("jurisdiction".into(), Json::String(country.to_uppercase()));
                }
                laws.push(law);
            }
        }
        if let Some(first) = from
            .first()
            .and_then(|c| done.get(c.as_str()))
            .and_then(Option::as_ref)
            && let Some((_, origin)) = first.values.get("compliance.laws")
        {
            let origin = Origin {
                scope: ValueScope::Derived,
                market: Arc::from(region),
                file: origin.file.clone(),
                line: origin.line,
                column: origin.column,
                builtin: origin.builtin,
                sources,
                derivation: Some(format!("the laws of {}", from.join(", "))),
                derived_from: from,
                judgement: false,
            };
            resolved
                .values
                .insert("compliance.laws".into(), (Json::Array(laws), origin));
        }
    }
}

/// The market with its resolved values, its provenance, and the sources of
/// every value it shows.
fn to_market(own: &Json, resolved: Resolved) -> Option<Market> {
    let mut json = Json::Object(Map::new());
    for key in IDENTITY {
        if let Some(value) = own.get(key) {
            set_path(&mut json, key, value.clone());
        }
    }
    let mut sources: Vec<Source> = own
        .get("sources")
        .and_then(|s| serde_json::from_value(s.clone()).ok())
        .unwrap_or_default();
    let mut provenance = Provenance::new();
    for (path, (value, origin)) in resolved.values {
        set_path(&mut json, &path, value);
        for source in &origin.sources {
            if !sources.contains(source) {
                sources.push((**source).clone());
            }
        }
        provenance.insert(path, origin);
    }
    if let Some(map) = json.as_object_mut() {
        map.insert(
            "sources".into(),
            serde_json::to_value(&sources).unwrap_or_default(),
        );
    }
    let mut market: Market = serde_json::from_value(json).ok()?;
    market.provenance = provenance;
    Some(market)
}

/// The value at a dotted path.
pub fn get_path<'a>(json: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.')
        .try_fold(json, |value, segment| value.as_object()?.get(segment))
}

/// Sets the value at a dotted path, creating mappings on the way.
pub fn set_path(json: &mut Json, path: &str, value: Json) {
    let mut current = json;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        if !current.is_object() {
            *current = Json::Object(Map::new());
        }
        let Some(map) = current.as_object_mut() else {
            return;
        };
        if i + 1 == segments.len() {
            map.insert(segment.to_string(), value);
            return;
        }
        current = map
            .entry(segment.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgements_are_units() {
        assert_eq!(
            judgement_unit("channels.creators.fit"),
            judgement_unit("channels.creators.evidence")
        );
        assert_eq!(judgement_unit("channels.creators.platforms"), None);
        assert_eq!(
            judgement_unit("audience.privacy_sensitivity.level").as_deref(),
            Some("audience.privacy_sensitivity")
        );
        assert_eq!(judgement_unit("network.idle_latency_ms"), None);
    }

    #[test]
    fn paths_are_set_and_read() {
        let mut json = Json::Object(Map::new());
        set_path(&mut json, "a.b.c", Json::from(1));
        assert_eq!(get_path(&json, "a.b.c"), Some(&Json::from(1)));
        assert_eq!(get_path(&json, "a.x"), None);
    }
}
