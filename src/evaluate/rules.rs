//! The rule loop of one assessment: every rule (per channel or promise where
//! it says `for_each`) evaluated to an outcome, findings gathered into checks,
//! waivers applied, verdicts decided, and the sources the assessment rests on.

use super::bindings::{Bindings, channels_in_play};
use super::engine::{self, Outcome};
use super::fire::{applicable_waiver, bound_path_label, fire, rule_trace, scope};
use super::session::{Session, Variable, Variables};
use super::values::Data;
use super::{Evaluated, Options, Subject};
use crate::assessment::{
    Angle, Assessment, CheckResult, Finding, Named, NotEvaluated, RuleTrace, SourceRef, Trace,
    Verdict, Waived,
};
use crate::i18n::Localized;
use crate::load::{Catalog, binding_name};
use crate::model::{ChannelId, Check, ForEach, Severity, Text};
use anyhow::Result;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Runs every rule of the catalog for `subject`.
pub(super) fn evaluate_subject(
    session: &Session<'_>,
    subject: Subject<'_>,
    options: Options,
) -> Result<Evaluated> {
    let catalog = session.catalog;
    let (base, variables) = session.variables(subject)?;
    let mut context = cel::Context::with_env(Arc::clone(&session.env));
    context.set_variable_resolver(&variables);
    let in_play = channels_in_play(subject);
    let bindings = Bindings::new(catalog, subject, &in_play, &session.promise_items)?;

    let mut checks: BTreeMap<Check, CheckResult> = Check::VERDICT_CHECKS
        .into_iter()
        .map(|id| {
            let result = CheckResult {
                id,
                verdict: Verdict::Pass,
                complete: true,
                findings: Vec::new(),
                not_evaluated: Vec::new(),
                not_applicable: Vec::new(),
            };
            (id, result)
        })
        .collect();
    let mut factors: BTreeMap<ChannelId, Vec<(String, f64)>> = BTreeMap::new();
    // Channels fired rules bring into the mix, with their base weight.
    let mut added: BTreeMap<ChannelId, (f64, String)> = BTreeMap::new();
    let mut angles: Vec<Angle> = Vec::new();
    let mut rule_traces: Vec<RuleTrace> = Vec::new();

    for rule in &catalog.rules {
        let items: Vec<Option<&Variable>> = match rule.rule.for_each {
            None => vec![None],
            Some(ForEach::Channel) => bindings.channels.iter().map(Some).collect(),
            Some(ForEach::Promise) => bindings.promises.iter().map(Some).collect(),
        };
        let mut missing_all: Vec<String> = Vec::new();
        let mut not_applicable = false;
        for variable in items {
            let item = variable.map(|(json, _)| &**json);
            let data = Data {
                base: &base,
                bound: rule
                    .rule
                    .for_each
                    .zip(item)
                    .map(|(each, value)| (binding_name(each), value)),
            };
            let outcome = match (rule.rule.for_each, variable) {
                (Some(each), Some((_, value))) => {
                    let bound = Variables {
                        values: vec![(binding_name(each), Arc::clone(value))],
                    };
                    let mut inner = context.new_inner_scope();
                    inner.set_variable_resolver(&bound);
                    engine::evaluate(rule, &scope(data, &inner, subject))?
                }
                _ => engine::evaluate(rule, &scope(data, &context, subject))?,
            };
            if options.explain {
                rule_traces.push(rule_trace(
                    rule,
                    options.severity(rule),
                    data,
                    &outcome,
                    item,
                ));
            }
            match outcome {
                Outcome::Fired => {
                    fire(
                        catalog,
                        rule,
                        data,
                        subject,
                        &options,
                        &mut checks,
                        &mut factors,
                        &mut angles,
                    );
                    for (key, weight) in &rule.rule.adds {
                        if let Some(channel) = ChannelId::parse(key)
                            && !in_play.contains(&channel)
                        {
                            added
                                .entry(channel)
                                .or_insert((*weight, rule.rule.id.clone()));
                        }
                    }
                }
                Outcome::Quiet => {}
                Outcome::NotApplicable => not_applicable = true,
                Outcome::NotEvaluated(missing) => {
                    let label = item.and_then(|v| v.get("id")).and_then(Json::as_str);
                    for path in missing {
                        let path = match label {
                            Some(id) => bound_path_label(&path, id),
                            None => path,
                        };
                        if !missing_all.contains(&path) {
                            missing_all.push(path);
                        }
                    }
                }
            }
        }
        if let Some(check) = checks.get_mut(&rule.rule.check) {
            if not_applicable {
                check.not_applicable.push(rule.rule.id.clone());
            }
            if !missing_all.is_empty() {
                // Only a rule that could change the verdict leaves it undetermined.
                if options.severity(rule) > Severity::Info {
                    check.complete = false;
                }
                check.not_evaluated.push(NotEvaluated {
                    rule: rule.rule.id.clone(),
                    missing: missing_all,
                });
            }
        }
    }

    let mut waived = Vec::new();
    for check in checks.values_mut() {
        let (kept, accepted): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut check.findings)
            .into_iter()
            .partition(|f| applicable_waiver(catalog, subject, &options, &f.rule).is_none());
        for finding in accepted {
            if let Some(waiver) = applicable_waiver(catalog, subject, &options, &finding.rule) {
                waived.push(Waived {
                    check: check.id,
                    rule: finding.rule,
                    severity: finding.severity,
                    message: finding.message,
                    reason: waiver.reason.clone(),
                    until: waiver.until.as_ref().map(|u| u.0.clone()),
                });
            }
        }
        check.findings = kept;
        check.verdict = check
            .findings
            .iter()
            .map(|f| Verdict::of(f.severity))
            .max()
            .unwrap_or(Verdict::Pass);
        // A check whose warn and block rules all need a product examined
        // nothing without one: it does not pass.
        let examines_market = catalog.rules.iter().any(|r| {
            r.rule.check == check.id && options.severity(r) > Severity::Info && !r.needs_product
        });
        if subject.product.is_none() && !examines_market && check.verdict == Verdict::Pass {
            check.verdict = Verdict::NotAssessed;
        }
    }
    let checks: Vec<CheckResult> = checks.into_values().collect();
    let not_assessed: Vec<Check> = checks
        .iter()
        .filter(|c| c.verdict == Verdict::NotAssessed)
        .map(|c| c.id)
        .collect();
    let verdict = checks
        .iter()
        .map(|c| c.verdict)
        .max()
        .unwrap_or(Verdict::Pass);
    let complete = checks.iter().all(|c| c.complete);
    let mut in_play = in_play;
    in_play.extend(added.keys().copied());
    in_play.sort();
    let sources = assessment_sources(catalog, subject, &bindings);
    let oldest_source_date = sources.iter().map(|s| s.date.clone()).min();
    let name = |text: &Option<Text>, id: &str| {
        text.as_ref()
            .map_or_else(|| Localized::same(id), Localized::from)
    };
    let assessment = Assessment {
        market: Named {
            id: subject.market.id.clone(),
            name: name(&subject.market.name, &subject.market.id),
        },
        industry: Named {
            id: subject.industry.id.clone(),
            name: name(&subject.industry.name, &subject.industry.id),
        },
        product: subject.product.map(|p| Named {
            id: p.id.clone(),
            name: name(&p.name, &p.id),
        }),
        verdict,
        complete,
        not_assessed,
        checks,
        messaging: angles,
        sources,
        oldest_source_date,
        changes: None,
        waived,
        test_plan: Vec::new(),
        channels: Vec::new(),
        budget: None,
        learning: None,
        trace: options.explain.then_some(Trace {
            rules: rule_traces,
            channels: Vec::new(),
        }),
    };
    Ok(Evaluated {
        assessment,
        in_play,
        added,
        factors,
    })
}

/// Every source the assessment's data rests on: the market's, the industry's,
/// and the promises in play; deduplicated, in that order.
pub(super) fn assessment_sources(
    catalog: &Catalog,
    subject: Subject<'_>,
    bindings: &Bindings,
) -> Vec<SourceRef> {
    let promise_sources = bindings
        .promise_ids
        .iter()
        .filter_map(|id| catalog.promises.get(id))
        .flat_map(|p| p.sources.iter());
    let mut out: Vec<SourceRef> = Vec::new();
    for source in subject
        .market
        .sources
        .iter()
        .chain(&subject.industry.sources)
        .chain(promise_sources)
    {
        let reference = SourceRef::from(source);
        if !out.contains(&reference) {
            out.push(reference);
        }
    }
    out
}
