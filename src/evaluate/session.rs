//! A session of assessments: the CEL variables of each market, industry and
//! product, converted for the rules once per run and shared.

use super::bindings::local_view;
use super::rules::evaluate_subject;
use super::{Evaluated, Options, Subject};
use crate::diagnostics::Internal;
use crate::load::{Catalog, to_cel};
use anyhow::Result;
use cel::common::value::{CowVal, Val};
use serde::Serialize;
use serde_json::{Value as Json, json};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A value as rules see it: its JSON (for evidence and messages; a profile's
/// `sources` left out, no condition reads them) and the same in CEL's own form,
/// converted once and shared.
pub(super) type Variable = (Arc<Json>, Arc<dyn Val>);

pub(super) fn to_variable(json: Json) -> Result<Variable> {
    let cel: Box<dyn Val> = to_cel(&json)
        .try_into()
        .map_err(|e| Internal(format!("a profile does not convert to CEL: {e:?}")))?;
    Ok((Arc::new(json), Arc::from(cel)))
}

fn variable<T: Serialize>(profile: &T) -> Result<Variable> {
    let mut json = serde_json::to_value(profile)?;
    if let Some(map) = json.as_object_mut() {
        map.remove("sources");
    }
    to_variable(json)
}

/// The CEL variables of one evaluation, lent to the context without copying.
pub(super) struct Variables {
    pub(super) values: Vec<(&'static str, Arc<dyn Val>)>,
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
/// once per assessment, and every assessment shares one CEL environment.
pub struct Session<'c> {
    pub(super) catalog: &'c Catalog,
    pub(super) env: Arc<cel::Env>,
    promises: Variable,
    /// Each promise alone, as a `for_each: promise` rule is bound to it.
    pub(super) promise_items: HashMap<String, Variable>,
    markets: RefCell<HashMap<String, Variable>>,
    industries: RefCell<HashMap<String, Variable>>,
}

impl<'c> Session<'c> {
    pub fn new(catalog: &'c Catalog) -> Result<Session<'c>> {
        let mut promises = serde_json::Map::new();
        let mut promise_items = HashMap::new();
        for (id, promise) in &catalog.promises {
            let value = promise_value(promise)?;
            promise_items.insert(id.clone(), to_variable(value.clone())?);
            promises.insert(id.clone(), value);
        }
        Ok(Session {
            catalog,
            env: Arc::new(cel::Env::stdlib()),
            promises: to_variable(Json::Object(promises))?,
            promise_items,
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
    pub(super) fn variables(
        &self,
        subject: Subject<'_>,
    ) -> Result<(BTreeMap<&'static str, Arc<Json>>, Variables)> {
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

    /// Runs every rule for `subject`.
    pub fn evaluate(&self, subject: Subject<'_>, options: Options) -> Result<Evaluated> {
        evaluate_subject(self, subject, options)
    }

    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
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
