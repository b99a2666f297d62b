//! One assessment: evaluates every rule for a market × industry × product,
//! gathers findings into the four checks, decides verdicts, and builds the
//! channel mix and messaging. The result is plain data, in the output language.

use crate::Lang;
use crate::catalog::Catalog;
use crate::engine::{self, CompiledRule, Data, Outcome, Scope};
use crate::mix::{self, Bounds};
use crate::model::{
    ChannelId, Check, ForEach, Industry, Market, Origin, Product, Severity, Source, ValueScope,
    Waiver,
};
use anyhow::Result;
use cel::common::value::{CowVal, Val};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value as Json, json};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::Arc;

/// The version of the report document (`schema_version`): bumped when a key is
/// renamed or removed, or a value changes meaning; adding keys keeps it.
/// 2: the `not-assessed` verdict, evidence as objects with their origin,
/// renamed evidence paths, findings' `item`.
pub const SCHEMA_VERSION: u32 = 2;

/// not-assessed | pass | warn | block, ordered by severity. `not-assessed`: the
/// check examined nothing (all its warn and block rules need a product and none
/// was given); it never counts toward the overall verdict.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    NotAssessed,
    Pass,
    Warn,
    Block,
}

impl Verdict {
    fn of(severity: Severity) -> Verdict {
        match severity {
            Severity::Info => Verdict::Pass,
            Severity::Warn => Verdict::Warn,
            Severity::Block => Verdict::Block,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NotAssessed => "not-assessed",
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Block => "block",
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq, Hash)]
pub struct SourceRef {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: String,
    /// When the figures were measured, where that differs from `date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
}

impl From<&Source> for SourceRef {
    fn from(source: &Source) -> SourceRef {
        SourceRef {
            title: source.title.clone(),
            publisher: source.publisher.clone(),
            url: source.url.clone(),
            date: source.date.0.clone(),
            measured: source.measured.as_ref().map(|m| m.0.clone()),
        }
    }
}

impl SourceRef {
    /// The date a figure's age is judged on.
    pub fn as_of_date(&self) -> &str {
        self.measured.as_deref().unwrap_or(&self.date)
    }
}

/// One value a rule read, and for a market figure where it comes from.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Evidence {
    pub value: Json,
    /// own | member-wide | regional-judgement | derived | set (market figures only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<ValueScope>,
    /// The market whose profile states the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
    /// The file and line that state it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// For a region's derived figure: the country that set it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// Measured more than three years before `--as-of`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub old: bool,
    /// One of our judgements (a fit, an audience trait, a competition level).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub judgement: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Finding {
    pub rule: String,
    /// The channel or promise a per-item (`for_each`) rule fired for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub severity: Severity,
    /// The rule's message, ending with where and when its figures were measured.
    pub message: String,
    pub action: Option<String>,
    pub evidence: BTreeMap<String, Evidence>,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NotEvaluated {
    pub rule: String,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CheckResult {
    pub id: Check,
    pub verdict: Verdict,
    pub complete: bool,
    pub findings: Vec<Finding>,
    pub not_evaluated: Vec<NotEvaluated>,
    pub not_applicable: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChannelShare {
    pub id: ChannelId,
    pub name: String,
    pub rank: usize,
    pub share_pct: u32,
    pub test_first: bool,
    pub platforms: Vec<String>,
    pub because: Vec<String>,
    /// This channel's part of `--budget`, in its currency (only with a budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// Installs the budget buys at the market's benchmark cost, where one is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_installs: Option<u64>,
    /// How the share came about, for explanations: base weight, market fit, and
    /// each fired rule's multiplier.
    #[serde(skip)]
    pub weight: f64,
    #[serde(skip)]
    pub fit: f64,
    #[serde(skip)]
    pub factors: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Angle {
    pub id: String,
    pub text: String,
    pub because: Vec<String>,
    /// What the rules that suggested this angle found, with their evidence.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Assessment {
    pub market: Named,
    pub industry: Named,
    pub product: Option<Named>,
    pub verdict: Verdict,
    pub complete: bool,
    /// Checks that examined nothing without a product (`not-assessed`).
    pub not_assessed: Vec<Check>,
    pub checks: Vec<CheckResult>,
    pub channels: Vec<ChannelShare>,
    pub messaging: Vec<Angle>,
    pub sources: Vec<SourceRef>,
    pub oldest_source_date: Option<String>,
    /// What changed since `--baseline` (only with a baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<crate::baseline::Changes>,
    /// Findings accepted by a waiver, with its reason; not counted in verdicts.
    pub waived: Vec<Waived>,
    /// The three test-first channels: what to measure, and with `--budget` how much to spend.
    pub test_plan: Vec<crate::plan::TestStep>,
    /// The `--budget` split (only with a budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<crate::plan::BudgetSummary>,
    /// Every rule's outcome and the mix arithmetic (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

/// Applies `f` to a JSON value's strings (keys stay: they are paths and ids).
fn map_json(value: &mut Json, f: &dyn Fn(&str) -> String) {
    match value {
        Json::String(s) => *s = f(s),
        Json::Array(items) => items.iter_mut().for_each(|v| map_json(v, f)),
        Json::Object(map) => map.values_mut().for_each(|v| map_json(v, f)),
        _ => {}
    }
}

fn map_sources(sources: &mut [SourceRef], f: &dyn Fn(&str) -> String) {
    for s in sources {
        s.title = f(&s.title);
        s.publisher = s.publisher.as_deref().map(f);
        s.url = s.url.as_deref().map(f);
    }
}

impl Assessment {
    /// Applies `f` to every text that came from data (names, messages, actions,
    /// evidence, platforms, sources, reasons…), as an output's escaping policy
    /// needs before it renders them.
    pub fn map_texts(&mut self, f: &dyn Fn(&str) -> String) {
        for named in [
            Some(&mut self.market),
            Some(&mut self.industry),
            self.product.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            named.id = f(&named.id);
            named.name = f(&named.name);
        }
        for check in &mut self.checks {
            for finding in &mut check.findings {
                finding.message = f(&finding.message);
                finding.action = finding.action.as_deref().map(f);
                finding.item = finding.item.as_deref().map(f);
                for evidence in finding.evidence.values_mut() {
                    map_json(&mut evidence.value, f);
                    map_sources(&mut evidence.sources, f);
                }
                map_sources(&mut finding.sources, f);
            }
            for missing in &mut check.not_evaluated {
                missing.missing = missing.missing.iter().map(|p| f(p)).collect();
            }
        }
        for channel in &mut self.channels {
            channel.name = f(&channel.name);
            channel.platforms = channel.platforms.iter().map(|p| f(p)).collect();
        }
        for angle in &mut self.messaging {
            angle.text = f(&angle.text);
            angle.notes = angle.notes.iter().map(|n| f(n)).collect();
        }
        map_sources(&mut self.sources, f);
        if let Some(changes) = &mut self.changes {
            for finding in changes
                .findings_added
                .iter_mut()
                .chain(changes.findings_removed.iter_mut())
            {
                finding.message = f(&finding.message);
            }
            for changed in &mut changes.findings_changed {
                changed.from = f(&changed.from);
                changed.to = f(&changed.to);
            }
        }
        for waived in &mut self.waived {
            waived.message = f(&waived.message);
            waived.reason = f(&waived.reason);
        }
        for step in &mut self.test_plan {
            step.name = f(&step.name);
            step.measure = f(&step.measure);
        }
        if let Some(budget) = &mut self.budget {
            for estimate in &mut budget.estimates {
                map_sources(&mut estimate.sources, f);
            }
        }
        if let Some(trace) = &mut self.trace {
            for rule in &mut trace.rules {
                rule.values.values_mut().for_each(|v| map_json(v, f));
                rule.missing = rule.missing.iter().map(|p| f(p)).collect();
            }
        }
    }

    /// `market × industry × product` by id, for logs and gate reasons.
    pub fn label(&self) -> String {
        match &self.product {
            Some(p) => format!("{} × {} × {}", self.market.id, self.industry.id, p.id),
            None => format!("{} × {}", self.market.id, self.industry.id),
        }
    }
}

/// How one rule came out for one item, for `--explain`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RuleTrace {
    pub rule: String,
    pub check: Check,
    /// The channel or promise a `for_each` rule was bound to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// fired | quiet | not_evaluated | not_applicable
    pub outcome: &'static str,
    /// The values of the fields the condition read (those that are known).
    pub values: BTreeMap<String, Json>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// What the rule did: its severity, channel multipliers and messaging.
    pub effect: String,
}

/// One multiplication on the way from base weight to share.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WeightStep {
    pub rule: String,
    pub factor: f64,
    pub weight_after: f64,
}

/// The arithmetic of one channel's share, for `--explain`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChannelTrace {
    pub channel: ChannelId,
    pub base_weight: f64,
    pub fit: f64,
    pub steps: Vec<WeightStep>,
    pub raw_weight: f64,
    /// The raw weight's share of all raw weights, before bounds.
    pub proportional_pct: f64,
    pub min_pct: f64,
    pub max_pct: f64,
    /// After bounds, before rounding.
    pub exact_pct: f64,
    pub share_pct: u32,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Trace {
    pub rules: Vec<RuleTrace>,
    pub channels: Vec<ChannelTrace>,
}

/// Options of one assessment beyond what is assessed.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub lang: Lang,
    /// Record a trace of every rule and of the mix arithmetic.
    pub explain: bool,
    /// Findings accepted on the record; expired ones do not apply.
    pub waivers: &'a [Waiver],
    /// The date waiver expiry is judged against (YYYY-MM-DD).
    pub as_of: &'a str,
}

/// A finding a waiver accepted: listed with its reason, not counted in verdicts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Waived {
    pub check: Check,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// What is assessed.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub market: &'a Market,
    pub industry: &'a Industry,
    pub product: Option<&'a Product>,
}

/// Runs every rule for `subject` and builds the assessment in `lang`.
pub fn assess(catalog: &Catalog, subject: Subject<'_>, lang: Lang) -> Result<Assessment> {
    assess_with(
        catalog,
        subject,
        Options {
            lang,
            explain: false,
            waivers: &[],
            as_of: "",
        },
    )
}

/// [`assess`], with a trace when `options.explain`.
pub fn assess_with(
    catalog: &Catalog,
    subject: Subject<'_>,
    options: Options,
) -> Result<Assessment> {
    Session::new(catalog)?.assess(subject, options)
}

/// A value as rules see it: its JSON (for evidence and messages; a profile's
/// `sources` left out, no condition reads them) and the same in CEL's own form,
/// converted once and shared.
type Variable = (Json, Arc<dyn Val>);

fn to_variable(json: Json) -> Result<Variable> {
    let cel: Box<dyn Val> = engine::to_cel(&json)
        .try_into()
        .map_err(|e| anyhow::anyhow!("internal error: a profile does not convert to CEL: {e:?}"))?;
    Ok((json, Arc::from(cel)))
}

fn variable<T: Serialize>(profile: &T) -> Result<Variable> {
    let mut json = serde_json::to_value(profile)?;
    if let Some(map) = json.as_object_mut() {
        map.remove("sources");
    }
    to_variable(json)
}

/// The CEL variables of one evaluation, lent to the context without copying.
struct Variables {
    values: Vec<(&'static str, Arc<dyn Val>)>,
}

impl cel::context::VariableResolver for Variables {
    fn resolve<'b>(&'b self, name: &str) -> Option<CowVal<'b, 'b>> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| CowVal::Borrowed(value.as_ref()))
    }
}

/// Assessments of one run. Each market and industry (by id: one version of
/// each per session) and the promises are converted for the rules once, not
/// once per assessment.
pub struct Session<'c> {
    catalog: &'c Catalog,
    promises: Variable,
    markets: RefCell<HashMap<String, Variable>>,
    industries: RefCell<HashMap<String, Variable>>,
}

impl<'c> Session<'c> {
    pub fn new(catalog: &'c Catalog) -> Result<Session<'c>> {
        let mut promises = serde_json::Map::new();
        for (id, promise) in &catalog.promises {
            promises.insert(id.clone(), promise_value(promise)?);
        }
        Ok(Session {
            catalog,
            promises: to_variable(Json::Object(promises))?,
            markets: RefCell::new(HashMap::new()),
            industries: RefCell::new(HashMap::new()),
        })
    }

    fn cached<T: Serialize>(
        cache: &RefCell<HashMap<String, Variable>>,
        id: &str,
        profile: &T,
    ) -> Result<Variable> {
        if let Some(found) = cache.borrow().get(id) {
            return Ok(found.clone());
        }
        let made = variable(profile)?;
        cache.borrow_mut().insert(id.to_string(), made.clone());
        Ok(made)
    }

    /// The variables every rule sees: `market`, `industry`, `product`, `local`,
    /// `promises`, as JSON (for evidence and messages) and as a CEL context.
    fn variables(&self, subject: Subject<'_>) -> Result<(BTreeMap<&'static str, Json>, Variables)> {
        let market = Session::cached(&self.markets, &subject.market.id, subject.market)?;
        let industry = Session::cached(&self.industries, &subject.industry.id, subject.industry)?;
        let product = match subject.product {
            Some(p) => variable(p)?,
            None => to_variable(Json::Null)?,
        };
        let local = to_variable(match subject.product {
            Some(p) => local_view(self.catalog, &subject.market.id, p),
            None => Json::Null,
        })?;
        let mut values = Vec::new();
        let mut base = BTreeMap::new();
        for (name, (json, cel)) in [
            ("market", market),
            ("industry", industry),
            ("product", product),
            ("local", local),
            ("promises", self.promises.clone()),
        ] {
            values.push((name, cel));
            base.insert(name, json);
        }
        Ok((base, Variables { values }))
    }

    /// Runs every rule for `subject` and builds the assessment.
    pub fn assess(&self, subject: Subject<'_>, options: Options) -> Result<Assessment> {
        evaluate_subject(self, subject, options)
    }
}

fn evaluate_subject(
    session: &Session<'_>,
    subject: Subject<'_>,
    options: Options,
) -> Result<Assessment> {
    let catalog = session.catalog;
    let lang = options.lang;
    let (base, variables) = session.variables(subject)?;
    let mut context = cel::Context::default();
    context.set_variable_resolver(&variables);
    let in_play = channels_in_play(subject);
    let bindings = Bindings::new(catalog, subject, &in_play, &base)?;

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
            let item = variable.map(|(json, _)| json);
            let data = Data {
                base: &base,
                bound: rule
                    .rule
                    .for_each
                    .zip(item)
                    .map(|(each, value)| (engine::binding_name(each), value)),
            };
            let outcome = match (rule.rule.for_each, variable) {
                (Some(each), Some((_, value))) => {
                    let bound = Variables {
                        values: vec![(engine::binding_name(each), Arc::clone(value))],
                    };
                    let mut inner = context.new_inner_scope();
                    inner.set_variable_resolver(&bound);
                    engine::evaluate(rule, &scope(data, &inner, subject))?
                }
                _ => engine::evaluate(rule, &scope(data, &context, subject))?,
            };
            if options.explain {
                rule_traces.push(rule_trace(rule, data, &outcome, item));
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
                if rule.rule.severity > Severity::Info {
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
            r.rule.check == check.id && r.rule.severity > Severity::Info && !r.needs_product
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
    let (channels, channel_traces) =
        channel_mix(catalog, subject, &in_play, &added, &factors, lang)?;
    let sources = assessment_sources(catalog, subject, &bindings);
    let oldest_source_date = sources.iter().map(|s| s.date.clone()).min();
    let name = |text: &Option<crate::model::Text>, id: &str| {
        text.as_ref()
            .map_or_else(|| id.to_string(), |t| t.get(lang).to_string())
    };
    Ok(Assessment {
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
        test_plan: crate::plan::test_plan(catalog, &channels, lang),
        channels,
        budget: None,
        trace: options.explain.then_some(Trace {
            rules: rule_traces,
            channels: channel_traces,
        }),
    })
}

fn scope<'a>(data: Data<'a>, context: &'a cel::Context<'a, 'a>, subject: Subject<'_>) -> Scope<'a> {
    Scope {
        data,
        context,
        has_product: subject.product.is_some(),
    }
}

fn rule_trace(
    rule: &CompiledRule,
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
    let effect = if *outcome == Outcome::Fired {
        let mut parts = vec![rule.rule.severity.as_str().to_string()];
        for (channel, factor) in &rule.rule.adjust {
            let channel = match (channel.as_str(), &item_id) {
                ("$channel", Some(id)) => id.as_str(),
                _ => channel.as_str(),
            };
            parts.push(format!("{channel} ×{}", engine::format_number(*factor)));
        }
        if !rule.rule.messaging.is_empty() {
            parts.push(format!("messaging {}", rule.rule.messaging.join(", ")));
        }
        parts.join("; ")
    } else {
        "none".to_string()
    };
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
fn bound_path_label(path: &str, id: &str) -> String {
    match path.split_once('.') {
        Some((root @ ("channel" | "promise"), rest)) => format!("{root}[{id}].{rest}"),
        _ => path.to_string(),
    }
}

/// Records what a fired rule does: a finding, weight adjustments, messaging.
#[allow(clippy::too_many_arguments)]
fn fire(
    catalog: &Catalog,
    rule: &CompiledRule,
    data: Data<'_>,
    subject: Subject<'_>,
    options: &Options<'_>,
    checks: &mut BTreeMap<Check, CheckResult>,
    factors: &mut BTreeMap<ChannelId, Vec<(String, f64)>>,
    angles: &mut Vec<Angle>,
) {
    let lang = options.lang;
    let evidence = evidence_of(catalog, rule, data, subject, options.as_of);
    let message = format!(
        "{}{}",
        engine::interpolate(rule.rule.message.get(lang), data, lang),
        crate::cite::citation(catalog, &evidence, lang)
    );
    let action = rule
        .rule
        .action
        .as_ref()
        .map(|a| engine::interpolate(a.get(lang), data, lang));
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
                    .map_or_else(|| angle.clone(), |t| t.get(lang).to_string()),
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
    check.findings.push(Finding {
        rule: rule.rule.id.clone(),
        item: data
            .bound
            .and_then(|(_, v)| v.get("id"))
            .and_then(Json::as_str)
            .map(str::to_string),
        severity: rule.rule.severity,
        message,
        action,
        evidence,
        sources,
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
    evidence.market = Some(origin.market.clone());
    evidence.file = Some(origin.file.clone());
    evidence.line = Some(origin.line);
    evidence.derived_from = origin.derived_from.clone();
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
            .is_some_and(|s| crate::catalog::is_older_than_three_years(s.as_of_date(), as_of));
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

fn promise_value(promise: &crate::model::Promise) -> Result<Json> {
    let mut value = serde_json::to_value(promise)?;
    if let (Some(map), Some(resolution)) = (value.as_object_mut(), promise.min_resolution) {
        map.insert("min_resolution_lines".into(), json!(resolution.lines()));
    }
    if let Some(map) = value.as_object_mut() {
        map.remove("sources");
    }
    Ok(value)
}

/// The product as seen from one market (docs/data-model.md): a market id in a product
/// list covers that market and every market that extends it; the nearest wins.
fn local_view(catalog: &Catalog, market_id: &str, product: &Product) -> Json {
    let ancestry = catalog.ancestry(market_id);
    let capabilities = product.capabilities.clone().unwrap_or_default();
    let covered = |list: &Option<Vec<String>>| {
        list.as_ref()
            .is_some_and(|ids| ancestry.iter().any(|a| ids.iter().any(|i| i == a)))
    };
    let mut local = serde_json::Map::new();
    if capabilities.edge_regions.is_some() {
        local.insert("edge".into(), json!(covered(&capabilities.edge_regions)));
    }
    if capabilities.data_residency.is_some() {
        local.insert(
            "data_residency".into(),
            json!(covered(&capabilities.data_residency)),
        );
    }
    if let Some(rtt) = capabilities
        .p95_rtt_ms
        .as_ref()
        .and_then(|by_market| ancestry.iter().find_map(|a| by_market.get(*a)))
    {
        local.insert("p95_rtt_ms".into(), json!(rtt.0));
    }
    if let Some(resolution) = capabilities.max_resolution {
        local.insert("max_resolution_lines".into(), json!(resolution.lines()));
    }
    Json::Object(local)
}

/// The cost-per-install benchmark a region states for itself (not one derived
/// from its countries), for a country that has none of its own.
fn regional_cpi<'c>(
    catalog: &'c Catalog,
    market: &Market,
    channel: ChannelId,
    category: Option<crate::model::CpiCategory>,
) -> Option<(
    &'c Market,
    crate::model::CpiCategory,
    crate::model::Benchmark,
)> {
    catalog
        .ancestry(&market.id)
        .into_iter()
        .skip(1)
        .filter_map(|id| catalog.markets.get(id))
        .find_map(|region| {
            let (used, cpi) = region.channels.get(&channel)?.cpi_for(category)?;
            let path = format!("channels.{channel}.cpi.{}.mid", used.as_str());
            let stated = region
                .provenance
                .get(&path)
                .is_some_and(|o| o.scope == ValueScope::Own && o.market == region.id);
            stated.then_some((region, used, cpi))
        })
}

/// The channels in the mix: those the industry weighs, and any a product
/// constraint gives a minimum share.
fn channels_in_play(subject: Subject<'_>) -> Vec<ChannelId> {
    crate::model::CHANNEL_IDS
        .into_iter()
        .filter(|id| {
            subject.industry.channels.contains_key(id)
                || subject.product.is_some_and(|p| {
                    p.constraints
                        .get(id)
                        .and_then(|c| c.min_pct)
                        .is_some_and(|m| m.0 > 0.0)
                })
        })
        .collect()
}

/// The items `for_each` rules are bound to.
struct Bindings {
    channels: Vec<Variable>,
    promises: Vec<Variable>,
    promise_ids: Vec<String>,
}

impl Bindings {
    fn new(
        catalog: &Catalog,
        subject: Subject<'_>,
        in_play: &[ChannelId],
        base: &BTreeMap<&'static str, Json>,
    ) -> Result<Bindings> {
        let channels = in_play
            .iter()
            .map(|id| {
                let mut channel = serde_json::Map::new();
                channel.insert("id".into(), json!(id.as_str()));
                channel.insert("name".into(), json!(catalog.channel_name(*id)));
                let weight = subject.industry.channels.get(id).map_or(0.0, |w| w.0);
                channel.insert("weight".into(), json!(weight));
                let market_channel = subject.market.channels.get(id);
                let fit = market_channel.and_then(|c| c.fit).map_or(1.0, |f| f.0);
                channel.insert("fit".into(), json!(fit));
                let category = subject.industry.cpi_category;
                if let Some((used, cpi)) = market_channel.and_then(|c| c.cpi_for(category)) {
                    channel.insert("cpi_usd".into(), json!(cpi.mid.0));
                    channel.insert("cpi_category".into(), json!(used.as_str()));
                    if let Some(low) = cpi.low {
                        channel.insert("cpi_low".into(), json!(low.0));
                    }
                    if let Some(high) = cpi.high {
                        channel.insert("cpi_high".into(), json!(high.0));
                    }
                    let all_apps =
                        market_channel.and_then(|c| c.cpi.get(&crate::model::CpiCategory::AllApps));
                    if let (false, Some(all_apps)) =
                        (used == crate::model::CpiCategory::AllApps, all_apps)
                    {
                        channel.insert("all_apps_cpi_usd".into(), json!(all_apps.mid.0));
                    }
                } else if let Some((region, used, cpi)) =
                    regional_cpi(catalog, subject.market, *id, category)
                {
                    // No figure of its own: the region's, for rules that say so.
                    channel.insert("regional_cpi_usd".into(), json!(cpi.mid.0));
                    channel.insert("regional_cpi_category".into(), json!(used.as_str()));
                    channel.insert("regional_market_id".into(), json!(region.id));
                    channel.insert(
                        "regional_market".into(),
                        region
                            .name
                            .as_ref()
                            .map_or_else(|| json!(region.id), |n| json!(n)),
                    );
                }
                channel.insert(
                    "platforms".into(),
                    json!(
                        market_channel
                            .and_then(|c| c.platforms.clone())
                            .unwrap_or_default()
                    ),
                );
                // The team's own intel wins over our regional judgement.
                if let Some(intel) = subject.product.and_then(|p| p.competition.get(id)) {
                    channel.insert("intensity".into(), json!(intel.intensity));
                    channel.insert("intel".into(), json!(true));
                } else if let Some(competition) = subject.market.competition.get(id) {
                    channel.insert("intensity".into(), json!(competition.intensity));
                    channel.insert("confidence".into(), json!(competition.confidence));
                }
                to_variable(Json::Object(channel))
            })
            .collect::<Result<Vec<_>>>()?;
        // The product's promises when there is a product, else the industry's.
        let promise_ids: Vec<String> = match subject.product.and_then(|p| p.promises.clone()) {
            Some(ids) => ids,
            None => subject.industry.promises.clone().unwrap_or_default(),
        };
        let promises = promise_ids
            .iter()
            .filter_map(|id| base.get("promises").and_then(|p| p.get(id)).cloned())
            .map(to_variable)
            .collect::<Result<Vec<_>>>()?;
        Ok(Bindings {
            channels,
            promises,
            promise_ids,
        })
    }
}

fn channel_mix(
    catalog: &Catalog,
    subject: Subject<'_>,
    in_play: &[ChannelId],
    added: &BTreeMap<ChannelId, (f64, String)>,
    factors: &BTreeMap<ChannelId, Vec<(String, f64)>>,
    lang: Lang,
) -> Result<(Vec<ChannelShare>, Vec<ChannelTrace>)> {
    let weight = |id: &ChannelId| {
        subject
            .industry
            .channels
            .get(id)
            .map(|w| w.0)
            .or_else(|| added.get(id).map(|(w, _)| *w))
            .unwrap_or(0.0)
    };
    let fit = |id: &ChannelId| {
        subject
            .market
            .channels
            .get(id)
            .and_then(|c| c.fit)
            .map_or(1.0, |f| f.0)
    };
    let raw: Vec<f64> = in_play
        .iter()
        .map(|id| {
            let product: f64 = factors
                .get(id)
                .map_or(1.0, |f| f.iter().map(|(_, x)| x).product());
            weight(id) * fit(id) * product
        })
        .collect();
    let bounds: Vec<Bounds> = in_play
        .iter()
        .map(|id| {
            let constraint = subject.product.and_then(|p| p.constraints.get(id));
            Bounds {
                min: constraint.and_then(|c| c.min_pct).map_or(0.0, |p| p.0),
                max: constraint.and_then(|c| c.max_pct).map_or(100.0, |p| p.0),
            }
        })
        .collect();
    let label = match subject.product {
        Some(p) => format!("{} × {} × {}", subject.market.id, subject.industry.id, p.id),
        None => format!("{} × {}", subject.market.id, subject.industry.id),
    };
    let total: f64 = raw.iter().sum();
    if !total.is_finite() || total <= 0.0 {
        let rules: Vec<&str> = factors
            .values()
            .flatten()
            .map(|(rule, _)| rule.as_str())
            .collect();
        anyhow::bail!(
            "{label}: the channel weights multiply to {total}, which cannot be shared out; expected the base weights, fits and rule adjustments ({}) to keep each weight finite and above 0",
            rules.join(", ")
        );
    }
    let exact = mix::exact_shares(&raw, &bounds).map_err(|e| match subject.product {
        Some(p) => {
            let at = p
                .constraints_at
                .as_ref()
                .map(|(file, line, column)| format!("{file}:{line}:{column}: "))
                .unwrap_or_default();
            anyhow::anyhow!("{at}product `{}` in {label}: {e}", p.id)
        }
        None => anyhow::anyhow!("{label}: {e}"),
    })?;
    let rounded = mix::round_shares(&exact, &bounds);
    let raw_total: f64 = raw.iter().sum();
    let traces = in_play
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut running = weight(id) * fit(id);
            let steps = factors
                .get(id)
                .into_iter()
                .flatten()
                .map(|(rule, factor)| {
                    running *= factor;
                    WeightStep {
                        rule: rule.clone(),
                        factor: *factor,
                        weight_after: running,
                    }
                })
                .collect();
            ChannelTrace {
                channel: *id,
                base_weight: weight(id),
                fit: fit(id),
                steps,
                raw_weight: raw[i],
                proportional_pct: if raw_total > 0.0 {
                    raw[i] / raw_total * 100.0
                } else {
                    0.0
                },
                min_pct: bounds[i].min,
                max_pct: bounds[i].max,
                exact_pct: exact[i],
                share_pct: rounded[i],
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..in_play.len()).collect();
    order.sort_by(|&a, &b| {
        rounded[b]
            .cmp(&rounded[a])
            .then(exact[b].total_cmp(&exact[a]))
            .then(a.cmp(&b))
    });
    let shares = order
        .into_iter()
        .filter(|&i| rounded[i] > 0)
        .enumerate()
        .map(|(rank, i)| {
            let id = in_play[i];
            let channel_factors = factors.get(&id).cloned().unwrap_or_default();
            let mut because: Vec<String> =
                added.get(&id).map(|(_, r)| r.clone()).into_iter().collect();
            for (rule, _) in &channel_factors {
                if !because.contains(rule) {
                    because.push(rule.clone());
                }
            }
            ChannelShare {
                id,
                name: catalog.channel_name(id).get(lang).to_string(),
                rank: rank + 1,
                share_pct: rounded[i],
                test_first: rank < 3,
                platforms: subject
                    .market
                    .channels
                    .get(&id)
                    .and_then(|c| c.platforms.clone())
                    .unwrap_or_default(),
                because,
                budget: None,
                expected_installs: None,
                weight: weight(&id),
                fit: fit(&id),
                factors: channel_factors,
            }
        })
        .collect();
    Ok((shares, traces))
}

/// Every source the assessment's data rests on: the market's, the industry's,
/// and the promises in play; deduplicated, in that order.
fn assessment_sources(
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
