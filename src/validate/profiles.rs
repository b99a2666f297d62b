//! Checks that need more than one file: references between profiles (promise,
//! market, channel and messaging ids), required fields after overlays, and rule
//! shapes. Every problem is reported, not only the first, each at its location.

use crate::diagnostics::{Code, Problem, SourceFile};
use crate::load::{Catalog, RuleSource, locate_rule_field};
use crate::model::{ForEach, Product, Rule, Waiver};
use crate::text::{is_kebab, locate_value};
use std::collections::BTreeSet;

/// Problems reported in one file, at most [`MAX_PER_FILE`] of them located (each
/// costs a scan of the file); the rest are counted.
struct Reporter<'a> {
    file: &'a SourceFile,
    problems: Vec<Problem>,
    more: usize,
}

const MAX_PER_FILE: usize = 50;

impl<'a> Reporter<'a> {
    fn new(file: &'a SourceFile) -> Reporter<'a> {
        Reporter {
            file,
            problems: Vec::new(),
            more: 0,
        }
    }

    fn full(&mut self) -> bool {
        let full = self.problems.len() >= MAX_PER_FILE;
        if full {
            self.more += 1;
        }
        full
    }

    /// The problems, with a count of those not listed.
    fn finish(mut self) -> Vec<Problem> {
        if self.more > 0 {
            self.problems.push(Problem::at(
                Code::MoreProblems,
                self.file,
                1,
                1,
                format!(
                    "… and {} more problems in this file; expected each to be fixed like the ones above",
                    self.more
                ),
            ));
        }
        self.problems
    }

    /// Reports a problem at the value `needle` written under `key`.
    fn at(&mut self, code: Code, key: &str, needle: &str, message: String) {
        if self.full() {
            return;
        }
        let (line, column) = locate_value(&self.file.text, key, needle);
        self.problems.push(Problem {
            file: self.file.path.clone(),
            line,
            column,
            code,
            message,
        });
    }

    fn unknown(&mut self, key: &str, kind: &str, id: &str, known: &BTreeSet<&str>) {
        if self.full() {
            return;
        }
        let hint = crate::suggest(id, known.iter().copied()).map_or_else(
            || format!("expected one of: {}", join(known)),
            |b| format!("did you mean `{b}`?"),
        );
        self.at(
            Code::UnknownId,
            key,
            id,
            format!("`{key}` names an unknown {kind} `{id}`; {hint}"),
        );
    }
}

fn join(set: &BTreeSet<&str>) -> String {
    set.iter().copied().collect::<Vec<_>>().join(", ")
}

/// The last file that wrote a profile: where its problems are reported.
fn origin<'a>(catalog: &'a Catalog, kind: &'static str, id: &str) -> Option<&'a SourceFile> {
    catalog
        .origins
        .get(&(kind, id.to_string()))
        .and_then(|files| files.last())
        .map(std::convert::AsRef::as_ref)
}

/// Turns merged rule entries into complete rules, reporting what is missing.
pub fn complete_rules(
    catalog: &Catalog,
    entries: Vec<RuleSource>,
) -> (Vec<(Rule, std::sync::Arc<SourceFile>)>, Vec<Problem>) {
    let channels: BTreeSet<&str> = catalog.channels.keys().map(|c| c.as_str()).collect();
    let angles: BTreeSet<&str> = catalog.messaging.keys().map(String::as_str).collect();
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (check, entry, file) in entries {
        let mut report = Reporter::new(&file);
        let id = entry.id.clone();
        let prefix = format!("{}.", check.as_str());
        let name = id.strip_prefix(&prefix);
        if !name.is_some_and(is_kebab) {
            report.at(
                Code::BadId,
                "id",
                &id,
                format!("rule id `{id}` does not fit its pack; expected `{prefix}<kebab-name>`"),
            );
        }
        let mut require = |field: &str, present: bool| {
            if !present {
                let (line, column) = locate_rule_field(&file.text, &id, "id");
                report.problems.push(Problem {
                    file: file.path.clone(),
                    line,
                    column,
                    code: Code::MissingField,
                    message: format!("rule `{id}` has no `{field}`; expected one"),
                });
            }
        };
        require("when", entry.when.is_some());
        require("severity", entry.severity.is_some());
        require("message", entry.message.is_some());
        let adjust = entry.adjust.clone().unwrap_or_default();
        for key in adjust.keys() {
            if key == "$channel" {
                if entry.for_each != Some(ForEach::Channel) {
                    report.at(
                        Code::UnknownId, "adjust",
                        key,
                        format!("rule `{id}` adjusts `$channel` without `for_each: channel`; expected a channel id"),
                    );
                }
            } else if !channels.contains(key.as_str()) {
                report.unknown("adjust", "channel", key, &channels);
            }
        }
        let adds = entry.adds.clone().unwrap_or_default();
        for key in adds.keys() {
            if !channels.contains(key.as_str()) {
                report.unknown("adds", "channel", key, &channels);
            }
        }
        for key in entry.recommends.iter().flatten() {
            if !channels.contains(key.as_str()) {
                report.unknown("recommends", "channel", key, &channels);
            }
        }
        for angle in entry.messaging.iter().flatten() {
            if !angles.contains(angle.as_str()) {
                report.unknown("messaging", "messaging angle", angle, &angles);
            }
        }
        problems.extend(report.finish());
        let (Some(when), Some(severity), Some(message)) =
            (entry.when, entry.severity, entry.message)
        else {
            continue;
        };
        rules.push((
            Rule {
                id,
                check,
                when,
                for_each: entry.for_each,
                severity,
                message,
                action: entry.action,
                adjust: adjust.into_iter().map(|(k, v)| (k, v.0)).collect(),
                adds: adds.into_iter().map(|(k, v)| (k, v.0)).collect(),
                recommends: entry.recommends.unwrap_or_default(),
                messaging: entry.messaging.unwrap_or_default(),
                refs: entry.refs.unwrap_or_default(),
            },
            file,
        ));
    }
    (rules, problems)
}

/// Cross-file checks of markets, industries and example products.
pub fn catalog(catalog: &Catalog) -> Vec<Problem> {
    let mut problems = Vec::new();
    let markets: BTreeSet<&str> = catalog.market_ids.iter().map(String::as_str).collect();
    let promises: BTreeSet<&str> = catalog.promises.keys().map(String::as_str).collect();

    for market in catalog.markets.values() {
        let Some(file) = origin(catalog, "markets", &market.id) else {
            continue;
        };
        let mut report = Reporter::new(file);
        check_id(&mut report, "market", &market.id);
        if market.name.is_none() {
            report.at(
                Code::MissingField,
                "id",
                &market.id,
                format!("market `{}` has no `name`; expected {{en, zh}}", market.id),
            );
        }
        if market.kind.is_none() {
            report.at(
                Code::MissingField,
                "id",
                &market.id,
                format!(
                    "market `{}` has no `kind`; expected region or country",
                    market.id
                ),
            );
        }
        for country in market.countries.iter().flatten() {
            if !markets.contains(country.as_str()) {
                report.unknown("countries", "market", country, &markets);
            }
        }
        problems.extend(report.finish());
        problems.extend(member_wide(market));
    }

    for industry in catalog.industries.values() {
        let Some(file) = origin(catalog, "industries", &industry.id) else {
            continue;
        };
        let mut report = Reporter::new(file);
        check_id(&mut report, "industry", &industry.id);
        if industry.name.is_none() {
            report.at(
                Code::MissingField,
                "id",
                &industry.id,
                format!(
                    "industry `{}` has no `name`; expected {{en, zh}}",
                    industry.id
                ),
            );
        }
        if industry.channels.is_empty() {
            report.at(Code::MissingField, "id", &industry.id, format!("industry `{}` has no `channels`; expected base weights for at least one channel", industry.id));
        }
        for promise in industry.promises.iter().flatten() {
            if !promises.contains(promise.as_str()) {
                report.unknown("promises", "promise", promise, &promises);
            }
        }
        problems.extend(report.finish());
    }

    for product in catalog.products.values() {
        if let Some(file) = origin(catalog, "products", &product.id) {
            problems.extend(self::product(catalog, product, file));
        }
    }
    problems
}

/// Member-wide facts are a region's, each covered by a source that says it
/// holds in every member; a member-wide source covers nothing else.
fn member_wide(market: &crate::model::Market) -> Vec<Problem> {
    let mut problems = Vec::new();
    let is_region = market.kind == Some(crate::model::MarketKind::Region);
    for (path, origin) in &market.provenance {
        if *origin.market != *market.id || origin.scope != crate::model::ValueScope::Own {
            continue;
        }
        let at = |message: String| Problem {
            file: origin.file.to_string(),
            line: origin.line,
            column: origin.column,
            code: Code::Scope,
            message,
        };
        let in_members = path.starts_with("members.");
        if in_members && !is_region {
            problems.push(at(format!(
                "`{path}`: only a region has member-wide facts; expected the fact in this market's own fields"
            )));
        } else if in_members && !origin.sources.iter().any(|s| s.member_wide == Some(true)) {
            problems.push(at(format!(
                "`{path}` is member-wide but no source covering it says so; expected a source with `member_wide: true` that covers it"
            )));
        }
        if !in_members && origin.sources.iter().any(|s| s.member_wide == Some(true)) {
            problems.push(at(format!(
                "`{path}` is covered by a member-wide source but is not under `members:`; expected member-wide sources to cover only `members.*`"
            )));
        }
    }
    problems
}

fn check_id(report: &mut Reporter<'_>, kind: &str, id: &str) {
    if !is_kebab(id) {
        report.at(
            Code::BadId,
            "id",
            id,
            format!("{kind} id `{id}` is not valid; expected lowercase kebab-case (a-z, 0-9, -)"),
        );
    }
}

/// Checks a product against the catalog: known promises, markets, industry and
/// feasible share constraints.
pub fn product(catalog: &Catalog, product: &Product, file: &SourceFile) -> Vec<Problem> {
    let markets: BTreeSet<&str> = catalog.market_ids.iter().map(String::as_str).collect();
    let promises: BTreeSet<&str> = catalog.promises.keys().map(String::as_str).collect();
    let industries: BTreeSet<&str> = catalog.industries.keys().map(String::as_str).collect();
    let mut report = Reporter::new(file);
    check_id(&mut report, "product", &product.id);
    if let Some(industry) = &product.industry
        && !industries.contains(industry.as_str())
    {
        report.unknown("industry", "industry", industry, &industries);
    }
    for promise in product.promises.iter().flatten() {
        if !promises.contains(promise.as_str()) {
            report.unknown("promises", "promise", promise, &promises);
        }
    }
    if let Some(capabilities) = &product.capabilities {
        let lists = [
            (
                "edge_regions",
                capabilities
                    .edge_regions
                    .iter()
                    .flatten()
                    .collect::<Vec<_>>(),
            ),
            (
                "data_residency",
                capabilities.data_residency.iter().flatten().collect(),
            ),
            (
                "p95_rtt_ms",
                capabilities
                    .p95_rtt_ms
                    .iter()
                    .flat_map(|m| m.keys())
                    .collect(),
            ),
        ];
        for (key, ids) in lists {
            for id in ids {
                if !markets.contains(id.as_str()) {
                    report.unknown(key, "market", id, &markets);
                }
            }
        }
    }
    report
        .problems
        .extend(waivers(catalog, &product.waivers, file));
    let mut min_total = 0.0;
    for (channel, bounds) in &product.constraints {
        let (min, max) = (
            bounds.min_pct.map_or(0.0, |p| p.0),
            bounds.max_pct.map_or(100.0, |p| p.0),
        );
        min_total += min;
        if min > max {
            report.at(
                Code::WrongValue, channel.as_str(),
                "min_pct",
                format!("constraint on `{channel}`: min_pct {min} is above max_pct {max}; expected min_pct ≤ max_pct"),
            );
        }
    }
    if min_total > 100.0 {
        report.at(
            Code::WrongValue,
            "constraints",
            "min_pct",
            format!("the channels' min_pct add up to {min_total}; expected at most 100"),
        );
    }
    report.finish()
}

/// Waivers name known rules and markets, and give a reason.
pub fn waivers(catalog: &Catalog, waivers: &[Waiver], file: &SourceFile) -> Vec<Problem> {
    let rules: BTreeSet<&str> = catalog
        .rules
        .iter()
        .map(|r| r.rule.id.as_str())
        .chain(catalog.disabled_rules.iter().map(String::as_str))
        .collect();
    let markets: BTreeSet<&str> = catalog.market_ids.iter().map(String::as_str).collect();
    let mut report = Reporter::new(file);
    for waiver in waivers {
        if !rules.contains(waiver.rule.as_str()) {
            report.unknown("rule", "rule", &waiver.rule, &rules);
        }
        for market in waiver.markets.iter().flatten() {
            if !markets.contains(market.as_str()) {
                report.unknown("markets", "market", market, &markets);
            }
        }
        if waiver.reason.trim().is_empty() {
            report.at(
                Code::MissingField,
                "rule",
                &waiver.rule,
                format!(
                    "the waiver for `{}` gives no reason; expected why the finding is accepted",
                    waiver.rule
                ),
            );
        }
    }
    report.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_field_location_points_at_the_value() {
        let text = "- id: network.a\n  when: x > 1\n- id: network.b\n  when: \"y\"\n";
        assert_eq!(locate_rule_field(text, "network.a", "when"), (2, 9));
        assert_eq!(locate_rule_field(text, "network.b", "when"), (4, 10));
    }

    #[test]
    fn a_rule_whose_id_prefixes_another_is_found_at_its_own_line() {
        let text = "- id: network.slow\n  when: a\n- id: network.slow-hd\n  when: b\n";
        assert_eq!(locate_rule_field(text, "network.slow-hd", "when"), (4, 9));
        assert_eq!(locate_rule_field(text, "network.slow", "when"), (2, 9));
    }

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("south-asia"));
        assert!(!is_kebab("South_Asia"));
        assert!(!is_kebab("-x"));
    }
}
