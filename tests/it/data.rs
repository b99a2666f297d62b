//! Honesty of the built-in data (docs/data-model.md): every fact is covered by a dated
//! source with a link, every judgement carries its evidence, the required markets
//! exist and assess, texts come in both languages, and every field a profile
//! carries is either read by a rule or documented here as informational.
//!
//! These tests read only the project's own files.

use assess::Lang;
use assess::evaluate::{Options, Subject};
use assess::i18n::rendering_in;
use assess::load::{Catalog, LoadOptions};
use assess::model::{
    Capabilities, Industry, Market, MarketKind, Product, Promise, Source, Text, ValueScope,
};
use assess::pipeline::assess;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The regions issue 3 requires, each with the countries it must list.
const REQUIRED: [(&str, &[&str]); 8] = [
    ("sea", &["id", "vn", "ph", "th", "my", "sg"]),
    ("na", &["us"]),
    ("mena", &["sa", "ae", "eg", "tr"]),
    ("latam", &["br", "mx"]),
    ("eu", &["de", "gb"]),
    ("south-asia", &["in"]),
    ("east-asia", &["jp", "kr"]),
    ("africa", &["ng"]),
];

/// Profile fields that no rule reads, each with the reason it is still carried.
/// Paths are `market.…` or `industry.…`; a channel id is written `*`.
/// A field leaves this list when a rule starts reading it.
const INFORMATIONAL: [(&str, &str); 15] = [
    ("market.id", "structure: the profile's key"),
    (
        "market.kind",
        "structure: region or country, shown by `assess list markets`",
    ),
    (
        "market.extends",
        "structure: the loader layers a country over its region",
    ),
    (
        "market.countries",
        "structure: the countries a region's figures derive from",
    ),
    (
        "market.sources",
        "provenance: cited by findings and counted in the report footer",
    ),
    (
        "market.channels.*.fit",
        "a judgement used by the channel-mix arithmetic, not a rule",
    ),
    (
        "market.channels.*.evidence",
        "the justification of a fit, for reviewers",
    ),
    (
        "market.channels.*.platforms",
        "shown in the channel mix's Platforms column",
    ),
    (
        "market.competition.*.evidence",
        "the justification of an intensity, for reviewers",
    ),
    (
        "market.reach.mobile_internet_users",
        "market size: shown by `assess list markets` and used to rank markets",
    ),
    (
        "market.reach.smartphone_users",
        "market size: shown by `assess list markets` and ranks markets where no mobile internet count exists",
    ),
    (
        "market.reach.internet_users",
        "market size: shown by `assess list markets` and ranks markets where neither a mobile internet nor a smartphone count exists",
    ),
    ("industry.id", "structure: the profile's key"),
    (
        "industry.sources",
        "provenance: cited by findings and counted in the report footer",
    ),
    (
        "industry.drivers",
        "context only; names what drives growth in the industry",
    ),
];

/// Industry fields the engine itself reads, outside any rule's condition.
const ENGINE_READS: [(&str, &str); 5] = [
    (
        "industry.channels.*",
        "base weights of the channel mix; they choose the channels `for_each: channel` rules see",
    ),
    (
        "industry.cpi_category",
        "chooses the market's cost-per-install benchmark that `channel.cpi_usd` binds",
    ),
    (
        "market.channels.*.cpi",
        "bound as `channel.cpi_usd` (with its category and range) for `for_each: channel` rules",
    ),
    (
        "market.members",
        "member-wide facts: they reach a region's countries at their own paths, where rules read them",
    ),
    (
        "industry.promises",
        "the promises `for_each: promise` rules are bound to when no product is given",
    ),
];

/// Data is reviewed on this date: no source is dated after it, and a measured
/// figure more than three years before it must say why it is still used. Move
/// it when the data is reviewed again.
const REVIEWED: &str = "2026-12-02";

fn catalog() -> Catalog {
    assess::validate::load(&LoadOptions::default()).expect("the built-in profiles load")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .unwrap_or_else(|e| panic!("{folder}/ is readable: {e}"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn parse<T: DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{} parses: {e}", path.display()))
}

fn label(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Each market file as written, before `extends` is resolved.
fn raw_markets() -> Vec<(String, Market)> {
    yaml_files("markets")
        .iter()
        .map(|path| (label(path), parse(path)))
        .collect()
}

fn raw_industries() -> Vec<(String, Industry)> {
    yaml_files("industries")
        .iter()
        .map(|path| (label(path), parse(path)))
        .collect()
}

fn raw_promises() -> Vec<Promise> {
    parse(&root().join("promises.yaml"))
}

fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("profiles serialise")
}

/// Dotted paths of every value below `value` that is not a mapping (lists are leaves).
fn leaves(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(child, &path, out);
            }
        }
        _ if !prefix.is_empty() => out.push(prefix.to_string()),
        _ => {}
    }
}

/// The facts a market states: reach, network, devices and compliance values
/// (its own and, in a region, its members'), and each channel's platforms and
/// cost per install.
fn fact_paths(market: &Market) -> Vec<String> {
    let value = json(market);
    let mut paths = Vec::new();
    for prefix in ["", "members."] {
        for section in ["reach", "network", "devices", "compliance"] {
            let path = format!("{prefix}{section}");
            if let Some(section_value) = value.pointer(&format!("/{}", path.replace('.', "/"))) {
                leaves(section_value, &path, &mut paths);
            }
        }
        let channels = value.pointer(&format!("/{}channels", prefix.replace('.', "/")));
        if let Some(Value::Object(channels)) = channels {
            for (id, channel) in channels {
                if channel.get("platforms").is_some() {
                    paths.push(format!("{prefix}channels.{id}.platforms"));
                }
                for category in channel["cpi"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|c| c.0)
                {
                    paths.push(format!("{prefix}channels.{id}.cpi.{category}"));
                }
            }
        }
    }
    paths
}

fn citable(source: &Source) -> bool {
    source
        .url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://") && url.len() > "https://".len())
        && !source.date.0.is_empty()
}

/// `where_: path` for every fact of `market` that no dated, linked source covers.
fn uncovered(where_: &str, market: &Market) -> Vec<String> {
    fact_paths(market)
        .into_iter()
        .filter(|path| {
            !market
                .sources
                .iter()
                .any(|source| source.covers_path(path) && citable(source))
        })
        .map(|path| format!("{where_}: {path}"))
        .collect()
}

#[test]
fn every_fact_in_every_market_is_covered_by_a_dated_source_with_a_url() {
    let catalog = catalog();
    let mut problems = Vec::new();
    // Resolved: each value a market shows keeps the sources of the profile that states it.
    for (id, market) in &catalog.markets {
        for path in fact_paths(market) {
            let covered = market
                .provenance
                .iter()
                .filter(|(p, _)| **p == path || p.starts_with(&format!("{path}.")))
                .all(|(_, origin)| origin.sources.iter().any(|s| citable(s)));
            if !covered {
                problems.push(format!("market `{id}` (resolved): {path}"));
            }
        }
    }
    for (file, market) in raw_markets() {
        problems.extend(uncovered(&file, &market));
    }
    assert!(
        problems.is_empty(),
        "facts without a covering source that has an https:// URL and a date:\n{}",
        problems.join("\n")
    );
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Problems with the judgements of one market: traits and competition without
/// evidence, fits other than neutral without evidence.
fn unevidenced(where_: &str, market: &Market) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(audience) = &market.audience {
        let traits = [
            ("privacy_sensitivity", &audience.privacy_sensitivity),
            ("interactivity_appetite", &audience.interactivity_appetite),
            ("quality_expectation", &audience.quality_expectation),
        ];
        for (name, audience_trait) in traits {
            if audience_trait
                .as_ref()
                .is_some_and(|t| blank(t.evidence.get(Lang::En)))
            {
                problems.push(format!("{where_}: audience.{name} has empty evidence"));
            }
        }
    }
    for (channel, competition) in &market.competition {
        if blank(competition.evidence.get(Lang::En)) {
            problems.push(format!(
                "{where_}: competition.{channel} has empty evidence"
            ));
        }
    }
    for (channel, entry) in &market.channels {
        let judged = entry.fit.is_some_and(|fit| fit.0 != 1.0);
        if judged
            && entry
                .evidence
                .as_ref()
                .is_none_or(|e| blank(e.get(Lang::En)))
        {
            problems.push(format!(
                "{where_}: channels.{channel}.fit is {} without evidence",
                entry.fit.map_or(1.0, |f| f.0)
            ));
        }
    }
    problems
}

#[test]
fn judgements_carry_evidence_and_confidence() {
    let catalog = catalog();
    let mut problems = Vec::new();
    for (id, market) in &catalog.markets {
        problems.extend(unevidenced(&format!("market `{id}` (resolved)"), market));
    }
    // A file that changes a fit must give its own evidence, not lean on its region's.
    for (file, market) in raw_markets() {
        problems.extend(unevidenced(&file, &market));
    }
    assert!(
        problems.is_empty(),
        "judgements without evidence:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_required_regions_and_countries_exist() {
    let catalog = catalog();
    let mut problems = Vec::new();
    for (region_id, countries) in REQUIRED {
        let Some(region) = catalog.markets.get(region_id) else {
            problems.push(format!("region `{region_id}` is missing"));
            continue;
        };
        if region.kind != Some(MarketKind::Region) || region.extends.is_some() {
            problems.push(format!(
                "`{region_id}` should be a region that extends nothing, is {:?} extending {:?}",
                region.kind, region.extends
            ));
        }
        for country_id in countries {
            let Some(country) = catalog.markets.get(*country_id) else {
                problems.push(format!("country `{country_id}` ({region_id}) is missing"));
                continue;
            };
            if country.kind != Some(MarketKind::Country)
                || country.extends.as_deref() != Some(region_id)
            {
                problems.push(format!(
                    "`{country_id}` should be a country extending `{region_id}`, is {:?} extending {:?}",
                    country.kind, country.extends
                ));
            }
        }
    }
    // Every country, required or not, is listed by the region it extends.
    for country in catalog.markets.values() {
        let Some(region_id) = &country.extends else {
            continue;
        };
        let listed = catalog
            .markets
            .get(region_id)
            .and_then(|region| region.countries.as_ref())
            .is_some_and(|ids| ids.contains(&country.id));
        if !listed {
            problems.push(format!(
                "`{}` extends `{region_id}`, whose `countries` does not list it",
                country.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_market_assesses_against_every_industry() {
    let catalog = catalog();
    assert!(catalog.markets.len() >= 27 && catalog.industries.len() >= 6);
    let mut problems = Vec::new();
    for (market_id, market) in &catalog.markets {
        for (industry_id, industry) in &catalog.industries {
            for lang in [Lang::En, Lang::Zh] {
                let subject = Subject {
                    market,
                    industry,
                    product: None,
                };
                let result = match assess(&catalog, subject, Options::default()) {
                    Ok(assessment) => rendering_in(lang, || json(&assessment)),
                    Err(error) => {
                        problems.push(format!("{market_id} × {industry_id}: {error:#}"));
                        continue;
                    }
                };
                let shares: Vec<u64> = result["channels"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|channel| channel["share_pct"].as_u64().unwrap_or_default())
                    .collect();
                if shares.iter().sum::<u64>() != 100 {
                    problems.push(format!(
                        "{market_id} × {industry_id}: shares {shares:?} do not add up to 100"
                    ));
                }
                if result["sources"].as_array().is_none_or(Vec::is_empty) {
                    problems.push(format!("{market_id} × {industry_id}: cites no source"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A product that keeps its data nowhere, so residency-dependent rules apply.
fn product_without_residency() -> Product {
    Product {
        id: "no-residency".to_string(),
        capabilities: Some(Capabilities {
            data_residency: Some(Vec::new()),
            ..Capabilities::default()
        }),
        ..Product::default()
    }
}

fn assessment(catalog: &Catalog, market: &str, product: Option<&Product>) -> Value {
    let subject = Subject {
        market: &catalog.markets[market],
        industry: &catalog.industries["social"],
        product,
    };
    json(&assess(catalog, subject, Options::default()).expect("the assessment runs"))
}

fn findings(assessment: &Value) -> Vec<&Value> {
    assessment["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|check| check["findings"].as_array().into_iter().flatten())
        .collect()
}

fn finding<'a>(assessment: &'a Value, rule: &str) -> Option<&'a Value> {
    findings(assessment)
        .into_iter()
        .find(|finding| finding["rule"] == rule)
}

#[test]
fn country_results_differ_from_their_region_where_the_data_differs() {
    let catalog = catalog();
    let product = product_without_residency();

    // Vietnam: its own localisation and transfer regime, not Singapore's.
    let (vn, sg) = (&catalog.markets["vn"], &catalog.markets["sg"]);
    let regime = |m: &Market| {
        let c = m.compliance.clone().unwrap_or_default();
        (c.data_localization, c.cross_border_transfer)
    };
    assert_ne!(
        regime(vn),
        regime(sg),
        "vn and sg state the same data regime"
    );
    let vn_result = assessment(&catalog, "vn", Some(&product));
    let sg_result = assessment(&catalog, "sg", Some(&product));
    for rule in [
        "compliance.conditional-localization-without-residency",
        "compliance.approval-transfer-without-residency",
    ] {
        assert!(
            finding(&vn_result, rule).is_some(),
            "vn does not fire {rule}"
        );
        assert!(finding(&sg_result, rule).is_none(), "sg fires {rule}");
    }
    let transfer = finding(&vn_result, "compliance.approval-transfer-without-residency")
        .expect("checked above");
    let vietnamese = transfer["sources"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|source| {
            let text = format!("{} {}", source["title"], source["url"]).to_lowercase();
            ["vietnam", "viet nam", ".vn/"]
                .iter()
                .any(|n| text.contains(n))
        });
    assert!(
        vietnamese,
        "vn's transfer finding cites no Vietnamese source: {}",
        transfer["sources"]
    );

    // The UAE restricts calls; Saudi Arabia lifted its ban.
    let calls = "compliance.realtime-calls-restricted";
    assert!(finding(&assessment(&catalog, "ae", None), calls).is_some());
    assert!(finding(&assessment(&catalog, "sa", None), calls).is_none());

    // Indonesia: registration duty, and minors' consent at Indonesia's age.
    let id = assessment(&catalog, "id", None);
    assert!(finding(&id, "compliance.registration-duty").is_some());
    let minors = finding(&id, "compliance.minors-consent-age")
        .expect("id fires compliance.minors-consent-age");
    let age = catalog.markets["id"]
        .compliance
        .as_ref()
        .and_then(|c| c.minor_consent_age)
        .expect("id states its minors' consent age");
    assert!(
        minors["message"]
            .as_str()
            .is_some_and(|m| m.contains(&age.to_string())),
        "the minors finding does not quote Indonesia's age {age}: {}",
        minors["message"]
    );
}

fn missing_zh(where_: &str, text: &Text, problems: &mut Vec<String>) {
    if blank(&text.en) || text.zh.as_deref().is_none_or(blank) {
        problems.push(format!("{where_}: {text:?}"));
    }
}

#[test]
fn built_in_texts_have_both_languages() {
    let catalog = catalog();
    let mut problems = Vec::new();
    for (id, channel) in &catalog.channels {
        missing_zh(&format!("channel {id} name"), &channel.name, &mut problems);
        missing_zh(
            &format!("channel {id} description"),
            &channel.description,
            &mut problems,
        );
    }
    for (id, promise) in &catalog.promises {
        missing_zh(&format!("promise {id} name"), &promise.name, &mut problems);
        if let Some(devices) = &promise.devices {
            missing_zh(&format!("promise {id} devices"), devices, &mut problems);
        }
    }
    for (id, text) in &catalog.messaging {
        missing_zh(&format!("messaging {id}"), text, &mut problems);
    }
    for (id, market) in &catalog.markets {
        match &market.name {
            Some(name) => missing_zh(&format!("market {id} name"), name, &mut problems),
            None => problems.push(format!("market {id} has no name")),
        }
    }
    for (id, industry) in &catalog.industries {
        match &industry.name {
            Some(name) => missing_zh(&format!("industry {id} name"), name, &mut problems),
            None => problems.push(format!("industry {id} has no name")),
        }
    }
    for compiled in &catalog.rules {
        let rule = &compiled.rule;
        missing_zh(
            &format!("rule {} message", rule.id),
            &rule.message,
            &mut problems,
        );
        if let Some(action) = &rule.action {
            missing_zh(&format!("rule {} action", rule.id), action, &mut problems);
        }
    }
    assert!(
        problems.is_empty(),
        "texts without both English and Chinese:\n{}",
        problems.join("\n")
    );
}

/// `channels.performance-ads.cpi_usd` → `channels.*.cpi_usd` (and the same for
/// `competition`), so that a field is named once for every channel.
fn generic(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('.').collect();
    for i in 0..parts.len().saturating_sub(1) {
        if matches!(parts[i], "channels" | "competition") {
            parts[i + 1] = "*";
        }
    }
    parts.join(".")
}

/// The `{dotted.path}` placeholders of a message.
fn placeholders(text: &str) -> Vec<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(inside, _)| inside.trim()))
        .filter(|inside| {
            !inside.is_empty()
                && inside
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        })
        .map(str::to_string)
        .collect()
}

/// A path a rule reads, as the profile field it comes from; `None` for product,
/// local and promise data, which are not market or industry fields.
fn profile_field(path: &str) -> Option<String> {
    let (root, rest) = path.split_once('.').unwrap_or((path, ""));
    match root {
        "market" | "industry" if !rest.is_empty() => Some(generic(&format!("{root}.{rest}"))),
        "channel" => match rest {
            "intensity" | "confidence" => Some(format!("market.competition.*.{rest}")),
            "fit" | "platforms" => Some(format!("market.channels.*.{rest}")),
            "cpi_usd"
            | "cpi_low"
            | "cpi_high"
            | "cpi_category"
            | "all_apps_cpi_usd"
            | "regional_cpi_usd"
            | "regional_cpi_category" => Some("market.channels.*.cpi".to_string()),
            "weight" => Some("industry.channels.*".to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Every market and industry field the rules read, in their conditions or in the
/// values their messages quote, as `market.…` / `industry.…` paths.
fn fields_rules_read(catalog: &Catalog) -> BTreeMap<String, String> {
    let mut read = BTreeMap::new();
    for compiled in &catalog.rules {
        let rule = &compiled.rule;
        let texts = [Some(&rule.message), rule.action.as_ref()];
        let quoted = texts
            .into_iter()
            .flatten()
            .flat_map(|t| [Some(t.en.as_str()), t.zh.as_deref()])
            .flatten()
            .flat_map(placeholders);
        for path in compiled.paths.iter().cloned().chain(quoted) {
            if let Some(field) = profile_field(&path) {
                read.entry(field).or_insert_with(|| rule.id.clone());
            }
        }
    }
    read
}

/// Every leaf field any built-in market or industry file states, with a file that
/// states it. A `{en, zh}` text counts as one field.
fn profile_fields() -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    let mut add = |kind: &str, file: &str, value: Value| {
        let mut paths = Vec::new();
        leaves(&value, "", &mut paths);
        for path in paths {
            let path = path
                .strip_suffix(".en")
                .or_else(|| path.strip_suffix(".zh"))
                .unwrap_or(&path);
            fields
                .entry(format!("{kind}.{}", generic(path)))
                .or_insert_with(|| file.to_string());
        }
    };
    for (file, market) in raw_markets() {
        add("market", &file, json(&market));
    }
    for (file, industry) in raw_industries() {
        add("industry", &file, json(&industry));
    }
    fields
}

fn is_read(field: &str, read: &BTreeMap<String, String>) -> bool {
    read.keys()
        .any(|r| field == r || field.starts_with(&format!("{r}.")))
}

#[test]
fn every_profile_field_is_read_by_a_rule_or_documented_informational() {
    let catalog = catalog();
    let read = fields_rules_read(&catalog);
    let engine: BTreeMap<String, String> = ENGINE_READS
        .iter()
        .map(|(field, why)| (field.to_string(), why.to_string()))
        .collect();
    let informational: BTreeSet<&str> = INFORMATIONAL.iter().map(|(field, _)| *field).collect();
    let present = profile_fields();

    let mut problems = Vec::new();
    for (field, file) in &present {
        if !is_read(field, &read)
            && !is_read(field, &engine)
            && !informational.contains(field.as_str())
        {
            problems.push(format!(
                "`{field}` (e.g. in {file}) is read by no rule; add a rule or list it in INFORMATIONAL with a reason"
            ));
        }
    }
    // Keep the list honest: no stale entries, nothing a rule already reads, a reason each.
    for (field, why) in INFORMATIONAL {
        if !present.contains_key(field) {
            problems.push(format!(
                "INFORMATIONAL lists `{field}`, which no profile states"
            ));
        }
        if let Some(rule) = read.get(field) {
            problems.push(format!(
                "INFORMATIONAL lists `{field}`, but rule `{rule}` reads it; remove it from the list"
            ));
        }
        if blank(why) {
            problems.push(format!("INFORMATIONAL gives no reason for `{field}`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A source's review as `assess validate` does it, on the review date: no note
/// may claim "nothing newer" without naming what was searched, and every
/// measured figure more than three years old says why it is still used.
#[test]
fn sources_older_than_three_years_say_why_they_are_still_used() {
    let catalog = catalog();
    let review = assess::validate::review(&catalog, REVIEWED, true);
    let mut problems: Vec<String> = review.problems.iter().map(ToString::to_string).collect();
    problems.extend(review.warnings);
    let mut all: Vec<(String, Source)> = Vec::new();
    for (file, market) in raw_markets() {
        all.extend(market.sources.into_iter().map(|s| (file.clone(), s)));
    }
    for (file, industry) in raw_industries() {
        all.extend(industry.sources.into_iter().map(|s| (file.clone(), s)));
    }
    for promise in raw_promises() {
        let file = format!("promises.yaml ({})", promise.id);
        all.extend(promise.sources.into_iter().map(|s| (file.clone(), s)));
    }
    for (file, source) in &all {
        if source.date.0.as_str() > REVIEWED {
            problems.push(format!(
                "{file}: \"{}\" is dated {}, after the review date {REVIEWED}",
                source.title, source.date
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The leaf value at a dotted path of a profile as written.
fn written(value: &Value, path: &str) -> Option<Value> {
    path.split('.')
        .try_fold(value, |v, segment| v.get(segment))
        .cloned()
}

/// Whether a path is one of our regional judgements (fits, traits, levels).
fn is_judgement(path: &str) -> bool {
    let parts: Vec<&str> = path.split('.').collect();
    matches!(
        parts.as_slice(),
        ["channels", _, "fit" | "evidence", ..] | ["audience" | "competition", ..]
    )
}

#[test]
fn no_country_shows_another_markets_figure_as_its_own() {
    let catalog = catalog();
    let raw: BTreeMap<String, Value> = raw_markets()
        .into_iter()
        .map(|(_, market)| (market.id.clone(), json(&market)))
        .collect();
    let mut problems = Vec::new();
    let mut countries = 0;
    for market in catalog.markets.values() {
        if market.kind != Some(MarketKind::Country) {
            continue;
        }
        countries += 1;
        let region = market.extends.clone().unwrap_or_default();
        let own = &raw[&market.id];
        let resolved = json(market);
        for (path, origin) in &market.provenance {
            let value = written(&resolved, path);
            let fine = match origin.scope {
                ValueScope::Own => *origin.market == *market.id && written(own, path) == value,
                ValueScope::MemberWide => {
                    *origin.market == *region
                        && written(&raw[&region], &format!("members.{path}")) == value
                        && origin.sources.iter().any(|s| s.member_wide == Some(true))
                }
                ValueScope::RegionalJudgement => is_judgement(path) && *origin.market == *region,
                ValueScope::Derived | ValueScope::Regional | ValueScope::Set => false,
            };
            if !fine {
                problems.push(format!(
                    "{}: {path} = {value:?} shows as {} from `{}`",
                    market.id,
                    origin.scope.as_str(),
                    origin.market
                ));
            }
        }
    }
    assert_eq!(countries, 19, "the 19 built-in countries are checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every built-in market × industry × product (none and the two examples), in a
/// language, judged on the review date.
fn every_assessment(catalog: &Catalog, lang: Lang, explain: bool) -> Vec<Value> {
    let products: Vec<Option<&Product>> = std::iter::once(None)
        .chain(catalog.products.values().map(Some))
        .collect();
    let mut out = Vec::new();
    for market in catalog.markets.values() {
        for industry in catalog.industries.values() {
            for product in &products {
                let subject = Subject {
                    market,
                    industry,
                    product: *product,
                };
                let options = Options {
                    explain,
                    as_of: REVIEWED,
                    ..Options::default()
                };
                let assessment = assess(catalog, subject, options).expect("assesses");
                out.push(rendering_in(lang, || json(&assessment)));
            }
        }
    }
    out
}

#[test]
fn every_finding_names_the_source_and_date_of_the_market_figures_it_read() {
    let catalog = catalog();
    let mut problems = Vec::new();
    let mut cited = 0;
    for lang in [Lang::En, Lang::Zh] {
        for a in every_assessment(&catalog, lang, false) {
            for f in findings(&a) {
                let message = f["message"].as_str().unwrap_or_default();
                for (path, evidence) in f["evidence"].as_object().into_iter().flatten() {
                    let Some(scope) = evidence["scope"].as_str() else {
                        continue;
                    };
                    let words = match (scope, evidence["sources"].get(0)) {
                        ("regional-judgement", _) => vec![match lang {
                            Lang::En => "regional judgement".to_string(),
                            Lang::Zh => "区域判断".to_string(),
                        }],
                        (_, Some(source)) => {
                            let who = source["publisher"]
                                .as_str()
                                .or(source["title"].as_str())
                                .unwrap_or_default();
                            let when = source["measured"]
                                .as_str()
                                .or(source["date"].as_str())
                                .unwrap_or_default();
                            vec![who.to_string(), assess::evaluate::month_year(when, lang)]
                        }
                        (_, None) => vec!["(".to_string()],
                    };
                    cited += 1;
                    if !words.iter().all(|w| message.contains(w.as_str())) {
                        problems.push(format!(
                            "{} × {}: {} reads {path} but its message does not say {words:?}: {message}",
                            a["market"]["id"], a["industry"]["id"], f["rule"]
                        ));
                    }
                }
            }
        }
    }
    assert!(cited > 100, "only {cited} market figures were quoted");
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn deliverability_never_passes_without_a_product() {
    let catalog = catalog();
    for a in every_assessment(&catalog, Lang::En, false) {
        if !a["product"].is_null() {
            continue;
        }
        let deliverability = a["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["id"] == "deliverability")
            .expect("a deliverability check");
        assert_ne!(
            deliverability["verdict"], "pass",
            "{} × {}",
            a["market"]["id"], a["industry"]["id"]
        );
    }
}

/// Warn and block rules that no built-in combination can fire or keep quiet,
/// each with the reason; `docs/data-model.md` lists them too.
const GUARDS: [(&str, &str); 5] = [
    (
        "network.slow-mobile-video",
        "no built-in country's median mobile download is below 15 Mbps today",
    ),
    (
        "network.high-mobile-latency",
        "no built-in country's idle latency is above 40 ms today",
    ),
    (
        "deliverability.latency-over-planning-cap",
        "no built-in example product measures a p95 round trip above 800 ms",
    ),
    (
        "deliverability.resolution-short-of-promise",
        "the built-in example products promise no resolution above what they carry",
    ),
    (
        "compliance.strict-localization-without-residency",
        "no built-in country requires a foreign app's data to stay in the country today",
    ),
];

#[test]
fn every_warn_and_block_rule_fires_somewhere_and_stays_quiet_elsewhere_or_is_a_documented_guard() {
    let catalog = catalog();
    let mut fired: BTreeSet<String> = BTreeSet::new();
    let mut quiet: BTreeSet<String> = BTreeSet::new();
    for a in every_assessment(&catalog, Lang::En, true) {
        for t in a["trace"]["rules"].as_array().into_iter().flatten() {
            let rule = t["rule"].as_str().unwrap_or_default().to_string();
            match t["outcome"].as_str() {
                Some("fired") => fired.insert(rule),
                Some("quiet") => quiet.insert(rule),
                _ => false,
            };
        }
    }
    let docs = std::fs::read_to_string(root().join("docs/data-model.md")).unwrap_or_default();
    let mut problems = Vec::new();
    for compiled in &catalog.rules {
        let rule = &compiled.rule;
        if rule.severity == assess::model::Severity::Info {
            continue;
        }
        let both = fired.contains(&rule.id) && quiet.contains(&rule.id);
        let guard = GUARDS.iter().find(|(id, _)| *id == rule.id);
        match (both, guard) {
            (true, Some(_)) => problems.push(format!(
                "{} fires and stays quiet on built-in data: remove it from GUARDS",
                rule.id
            )),
            (false, None) => problems.push(format!(
                "{} (fired: {}, quiet: {}) is not exercised both ways by the built-in data; add data or list it in GUARDS with the reason",
                rule.id,
                fired.contains(&rule.id),
                quiet.contains(&rule.id)
            )),
            (false, Some(_)) if !docs.contains(&rule.id) => problems.push(format!(
                "the guard {} is not listed in docs/data-model.md",
                rule.id
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_channel_an_action_recommends_is_in_the_mix_whenever_its_rule_fires() {
    let catalog = catalog();
    let recommends: BTreeMap<&str, &Vec<String>> = catalog
        .rules
        .iter()
        .filter(|r| !r.rule.recommends.is_empty())
        .map(|r| (r.rule.id.as_str(), &r.rule.recommends))
        .collect();
    assert!(!recommends.is_empty(), "some rule recommends a channel");
    let mut problems = Vec::new();
    for a in every_assessment(&catalog, Lang::En, false) {
        let in_mix: Vec<&str> = a["channels"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["id"].as_str())
            .collect();
        for f in findings(&a) {
            let rule = f["rule"].as_str().unwrap_or_default();
            for channel in recommends.get(rule).map_or(&[][..], |r| r.as_slice()) {
                if !in_mix.contains(&channel.as_str()) {
                    problems.push(format!(
                        "{} × {}: {rule} recommends {channel}, which is not in the mix {in_mix:?}",
                        a["market"]["id"], a["industry"]["id"]
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The generator that `scripts/perf.sh` measures with writes markets that
/// load: a renamed field must not silently break the measurements.
#[test]
fn the_perf_scripts_generated_markets_validate() {
    let dir = crate::common::temp_dir("generated-markets");
    let generated = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen-markets.py"))
        .arg("5")
        .arg(&dir)
        .output();
    let Ok(generated) = generated else {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped: no python3 on PATH");
        return;
    };
    assert!(generated.status.success(), "{generated:?}");
    crate::common::stdout(&["validate", &dir.to_string_lossy()]);
}

/// A message says only what its rule measured: Mexico's time on 4G is below
/// the bar, its population coverage is not, and no finding may say otherwise.
#[test]
fn a_finding_never_claims_a_figure_is_below_a_bar_it_is_above() {
    let a = crate::common::first(&["--market", "mx", "--industry", "social"]);
    let network = a["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["id"] == "network")
        .expect("network");
    let messages: Vec<&str> = network["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Users spend only 79.8% of their time on 4G")),
        "{messages:?}"
    );
    assert!(
        !messages
            .iter()
            .any(|m| m.contains("less than the world's 93%")),
        "Mexico's 4G coverage is 95.32%, above the bar: {messages:?}"
    );
}
