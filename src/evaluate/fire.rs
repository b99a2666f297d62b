//! What a rule does when it fires: its finding (message, action, evidence
//! with origins, citation), its channel multipliers and messaging angles; its
//! trace for `--explain`; and the waiver that accepts a finding.

use super::cite::citation;
use super::engine::{self, Outcome, Scope};
use super::values::{Data, interpolate};
use super::{Options, Subject};
use crate::assessment::{Angle, CheckResult, Evidence, Finding, Location, RuleTrace, SourceRef};
use crate::i18n::{Localized, pick};
use crate::load::{Catalog, CompiledRule};
use crate::model::{
    ChannelId, Check, Origin, Source, ValueScope, Waiver, is_older_than_three_years,
};
use crate::text::format_number;
use serde_json::Value as Json;
use std::collections::BTreeMap;

pub(super) fn scope<'a>(
    data: Data<'a>,
    context: &'a cel::Context<'a, 'a>,
    subject: Subject<'_>,
) -> Scope<'a> {
    Scope {
        data,
        context,
        has_product: subject.product.is_some(),
    }
}

pub(super) fn rule_trace(
    rule: &CompiledRule,
    severity: crate::model::Severity,
    data: Data<'_>,
    outcome: &Outcome,
    item: Option<&Json>,
) -> RuleTrace {
    let item_id = item
        .and_then(|v| v.get("id"))
        .and_then(Json::as_str)
        .map(str::to_string);
    let label = |path: String| match &item_id {
        Some(id) => bound_path_label(&path, id),
        None => path,
    };
    let (outcome_word, missing) = match outcome {
        Outcome::Fired => ("fired", Vec::new()),
        Outcome::Quiet => ("quiet", Vec::new()),
        Outcome::NotEvaluated(missing) => ("not_evaluated", missing.clone()),
        Outcome::NotApplicable => ("not_applicable", Vec::new()),
    };
    // The effect in words: ids in English (as the JSON has always read), the
    // report's words in Chinese.
    let effect = Localized::by(|lang| {
        let words = crate::i18n::labels(lang);
        if *outcome != Outcome::Fired {
            return pick(lang, "none", words.none).to_string();
        }
        let severity = pick(lang, severity.as_str(), words.severity_word(severity));
        let mut parts = vec![severity.to_string()];
        for (channel, factor) in &rule.rule.adjust {
            let channel = match (channel.as_str(), &item_id) {
                ("$channel", Some(id)) => id.as_str(),
                _ => channel.as_str(),
            };
            parts.push(format!("{channel} ×{}", format_number(*factor)));
        }
        if !rule.rule.messaging.is_empty() {
            let messaging = pick(lang, "messaging", words.messaging);
            parts.push(format!("{messaging} {}", rule.rule.messaging.join(", ")));
        }
        parts.join(pick(lang, "; ", "；"))
    });
    RuleTrace {
        rule: rule.rule.id.clone(),
        check: rule.rule.check,
        item: item_id.clone(),
        outcome: outcome_word,
        values: engine::evidence(rule, data)
            .into_iter()
            .map(|(path, value)| (label(path), value))
            .collect(),
        missing: missing.into_iter().map(label).collect(),
        effect,
    }
}

/// The first waiver that accepts `rule` here: not expired, and scoped to this
/// market or one it extends.
pub fn applicable_waiver<'a>(
    catalog: &Catalog,
    subject: Subject<'_>,
    options: &Options<'a>,
    rule: &str,
) -> Option<&'a Waiver> {
    let ancestry = catalog.ancestry(&subject.market.id);
    options.waivers.iter().find(|w| {
        w.rule == rule
            && !w.expired(options.as_of)
            && w.markets
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|id| ancestry.contains(&id.as_str())))
    })
}

/// `channel.intensity` bound to `creators` reads `channel[creators].intensity`.
pub(super) fn bound_path_label(path: &str, id: &str) -> String {
    match path.split_once('.') {
        Some((root @ ("channel" | "promise"), rest)) => format!("{root}[{id}].{rest}"),
        _ => path.to_string(),
    }
}

/// Records what a fired rule does: a finding, weight adjustments, messaging.
#[allow(clippy::too_many_arguments)]
pub(super) fn fire(
    catalog: &Catalog,
    rule: &CompiledRule,
    data: Data<'_>,
    subject: Subject<'_>,
    options: &Options<'_>,
    checks: &mut BTreeMap<Check, CheckResult>,
    factors: &mut BTreeMap<ChannelId, Vec<(String, f64)>>,
    angles: &mut Vec<Angle>,
) {
    let evidence = evidence_of(catalog, rule, data, subject, options.as_of);
    let message = Localized::by(|lang| {
        format!(
            "{}{}",
            interpolate(rule.rule.message.get(lang), data, lang),
            citation(catalog, &evidence, lang)
        )
    });
    let action = rule
        .rule
        .action
        .as_ref()
        .map(|a| Localized::by(|lang| interpolate(a.get(lang), data, lang)));
    let bound_channel = data
        .bound
        .filter(|(name, _)| *name == "channel")
        .and_then(|(_, v)| v.get("id"))
        .and_then(Json::as_str)
        .and_then(ChannelId::parse);
    for (key, factor) in &rule.rule.adjust {
        let channel = if key == "$channel" {
            bound_channel
        } else {
            ChannelId::parse(key)
        };
        if let Some(channel) = channel {
            factors
                .entry(channel)
                .or_default()
                .push((rule.rule.id.clone(), *factor));
        }
    }
    for angle in &rule.rule.messaging {
        match angles.iter_mut().find(|a| &a.id == angle) {
            Some(existing) => {
                if !existing.because.contains(&rule.rule.id) {
                    existing.because.push(rule.rule.id.clone());
                }
                if !existing.notes.contains(&message) {
                    existing.notes.push(message.clone());
                }
            }
            None => angles.push(Angle {
                id: angle.clone(),
                text: catalog
                    .messaging
                    .get(angle)
                    .map_or_else(|| Localized::same(angle), Localized::from),
                because: vec![rule.rule.id.clone()],
                notes: vec![message.clone()],
            }),
        }
    }
    let Some(check) = checks.get_mut(&rule.rule.check) else {
        return; // audience rules shape messaging only
    };
    let mut sources: Vec<SourceRef> = Vec::new();
    for source in evidence.values().flat_map(|e| &e.sources) {
        if !sources.contains(source) {
            sources.push(source.clone());
        }
    }
    // The team's setting, when it changes the rule's own severity.
    let set_by = options
        .severity_setting(rule)
        .filter(|s| s.level != rule.rule.severity);
    check.findings.push(Finding {
        rule: rule.rule.id.clone(),
        item: data
            .bound
            .and_then(|(_, v)| v.get("id"))
            .and_then(Json::as_str)
            .map(str::to_string),
        severity: set_by.map_or(rule.rule.severity, |s| s.level),
        severity_set_from: set_by.map(|_| rule.rule.severity),
        severity_set_by: set_by.map(|s| s.origin.clone()),
        message,
        action,
        evidence,
        sources,
        rule_at: Some(Location {
            file: rule.file.clone(),
            line: rule.line,
            builtin: rule.builtin,
        }),
    });
}

/// The values the rule read, each with where it comes from: a market figure
/// with its origin (scope, market, file, line) and sources; an industry's or a
/// promise's value with the sources that cover it. A bound item's paths read
/// `channel[creators].fit`.
fn evidence_of(
    catalog: &Catalog,
    rule: &CompiledRule,
    data: Data<'_>,
    subject: Subject<'_>,
    as_of: &str,
) -> BTreeMap<String, Evidence> {
    let bound_id = data
        .bound
        .and_then(|(_, v)| v.get("id"))
        .and_then(Json::as_str)
        .unwrap_or_default();
    let covering = |sources: &[Source], inner: &str| -> Vec<SourceRef> {
        sources
            .iter()
            .filter(|s| s.covers_path(inner))
            .map(SourceRef::from)
            .collect()
    };
    let mut out = BTreeMap::new();
    for (path, value) in engine::evidence(rule, data) {
        let Some((root, inner)) = path.split_once('.') else {
            continue;
        };
        let mut evidence = Evidence {
            value,
            scope: None,
            market: None,
            file: None,
            line: None,
            derived_from: Vec::new(),
            sources: Vec::new(),
            old: false,
            judgement: false,
            builtin: false,
        };
        let market_path = match root {
            "market" => Some(inner.to_string()),
            "channel" => data
                .bound
                .and_then(|(_, item)| channel_market_path(item, inner)),
            _ => None,
        };
        let regional = match (root, inner, data.bound) {
            ("channel", "regional_cpi_usd", Some((_, item))) => {
                let region = item.get("regional_market_id").and_then(Json::as_str);
                let category = item.get("regional_cpi_category").and_then(Json::as_str);
                region
                    .and_then(|r| catalog.markets.get(r))
                    .zip(category)
                    .and_then(|(r, c)| {
                        r.provenance
                            .get(&format!("channels.{bound_id}.cpi.{c}.mid"))
                    })
            }
            _ => None,
        };
        if let Some(origin) = regional {
            let mut origin = origin.clone();
            origin.scope = ValueScope::Regional;
            with_origin(&mut evidence, inner, &origin, as_of);
        } else if let Some((path, origin)) = market_path
            .as_deref()
            .and_then(|p| subject.market.provenance.get(p).map(|o| (p, o)))
        {
            with_origin(&mut evidence, path, origin, as_of);
        } else {
            evidence.sources = match root {
                "industry" => covering(&subject.industry.sources, inner),
                "channel" if inner == "weight" => {
                    covering(&subject.industry.sources, &format!("channels.{bound_id}"))
                }
                "promises" => inner
                    .split_once('.')
                    .and_then(|(id, field)| {
                        catalog
                            .promises
                            .get(id)
                            .map(|p| covering(&p.sources, field))
                    })
                    .unwrap_or_default(),
                "promise" => catalog
                    .promises
                    .get(bound_id)
                    .map(|p| covering(&p.sources, inner))
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
        }
        let path = match data.bound {
            Some((name, _)) if root == name => bound_path_label(&path, bound_id),
            _ => path,
        };
        out.insert(path, evidence);
    }
    out
}

/// Copies a market figure's origin into its evidence.
fn with_origin(evidence: &mut Evidence, path: &str, origin: &Origin, as_of: &str) {
    evidence.scope = Some(origin.scope);
    evidence.market = Some(origin.market.to_string());
    evidence.file = Some(origin.file.to_string());
    evidence.line = Some(origin.line);
    evidence.builtin = origin.builtin;
    evidence.derived_from.clone_from(&origin.derived_from);
    evidence.judgement = origin.judgement;
    evidence.sources = origin.sources.iter().map(SourceRef::from).collect();
    // A law's source dates the law, which holds until changed; a measured
    // figure ages.
    let measured = !path.starts_with("compliance.");
    evidence.old = measured
        && !as_of.is_empty()
        && evidence
            .sources
            .first()
            .is_some_and(|s| is_older_than_three_years(s.as_of_date(), as_of));
}

/// The market path behind a field of a bound channel: `cpi_usd` of
/// performance-ads is `channels.performance-ads.cpi.<category>.mid`.
fn channel_market_path(item: &Json, field: &str) -> Option<String> {
    let id = item.get("id").and_then(Json::as_str)?;
    let category = item.get("cpi_category").and_then(Json::as_str);
    match field {
        "cpi_usd" => Some(format!("channels.{id}.cpi.{}.mid", category?)),
        "cpi_low" => Some(format!("channels.{id}.cpi.{}.low", category?)),
        "cpi_high" => Some(format!("channels.{id}.cpi.{}.high", category?)),
        "all_apps_cpi_usd" => Some(format!("channels.{id}.cpi.all-apps.mid")),
        "intensity" | "confidence" if item.get("intel").is_none() => {
            Some(format!("competition.{id}.{field}"))
        }
        "fit" | "platforms" => Some(format!("channels.{id}.{field}")),
        _ => None,
    }
}
