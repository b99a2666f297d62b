//! Evaluates one compiled rule against the data of one assessment: fired,
//! quiet, not evaluated (with the missing paths) or not applicable.

use super::values::{Data, lookup};
use crate::load::CompiledRule;
use anyhow::{Result, anyhow};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// What evaluating a rule came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Fired,
    Quiet,
    /// The data the condition needs is unknown: these paths are missing.
    NotEvaluated(Vec<String>),
    /// The rule reads the product and none was given.
    NotApplicable,
}

/// The data one evaluation sees, as JSON (for evidence and messages) and as CEL values.
pub struct Scope<'a> {
    pub data: Data<'a>,
    pub context: &'a cel::Context<'a, 'a>,
    pub has_product: bool,
}

/// Evaluates `rule` in `scope`. A condition that fails for any reason other than
/// missing data is a defect of the rule: an input error naming it.
pub fn evaluate(rule: &CompiledRule, scope: &Scope<'_>) -> Result<Outcome> {
    if rule.needs_product && !scope.has_product {
        // A rule that reads the product may still decide on market data alone
        // (`has(channel.intensity) ? … : product…`); otherwise it needs one.
        return Ok(match rule.program.execute(scope.context) {
            Ok(cel::Value::Bool(true)) => Outcome::Fired,
            Ok(cel::Value::Bool(false)) => Outcome::Quiet,
            _ => Outcome::NotApplicable,
        });
    }
    match rule.program.execute(scope.context) {
        Ok(cel::Value::Bool(true)) => Ok(Outcome::Fired),
        Ok(cel::Value::Bool(false)) => Ok(Outcome::Quiet),
        Ok(other) => Err(anyhow!(
            "{}:{}: rule `{}`: the condition gave {other:?}; expected true or false",
            rule.file,
            rule.line,
            rule.rule.id
        )),
        Err(cel::ExecutionError::NoSuchKey(_)) => {
            Ok(Outcome::NotEvaluated(missing_paths(rule, scope.data)))
        }
        Err(error) => Err(anyhow!(
            "{}:{}: rule `{}`: the condition cannot be evaluated: {error}; expected a condition whose types match the profile fields",
            rule.file,
            rule.line,
            rule.rule.id
        )),
    }
}

/// The paths the rule reads that the data does not have. A path the condition
/// only tests with `has()` is listed too: the evaluation failed, so its
/// alternative was missing as well (`has(a) ? a < 1 : b < 1` needs `a` or `b`).
fn missing_paths(rule: &CompiledRule, data: Data<'_>) -> Vec<String> {
    let missing: Vec<String> = rule
        .paths
        .iter()
        .filter(|p| lookup(data, p).is_none())
        .cloned()
        .collect();
    if missing.is_empty() {
        vec!["(a value the condition looks up)".to_string()]
    } else {
        missing
    }
}

/// The values of the paths the rule read, for a finding's evidence.
pub fn evidence(rule: &CompiledRule, data: Data<'_>) -> BTreeMap<String, Json> {
    rule.paths
        .iter()
        .filter_map(|path| {
            let value = lookup(data, path)?;
            (!value.is_object()).then(|| (path.clone(), value.clone()))
        })
        .collect()
}
