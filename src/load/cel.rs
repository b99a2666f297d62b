//! The CEL side of rules: compiles each condition once (refusing ones too
//! large to run safely), finds the data paths it reads, and converts profile
//! data to CEL values. Evaluation runs the compiled programs (`evaluate`).

use super::cel_paths::{self as paths, condition_paths};
use crate::model::{ForEach, Rule};
use anyhow::Result;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value as Json;

/// The CEL variables a condition may read.
pub const ROOTS: [&str; 7] = [
    "market", "industry", "product", "local", "promises", "channel", "promise",
];

/// A rule with its condition compiled, ready to evaluate many times.
pub struct CompiledRule {
    pub rule: Rule,
    pub program: cel::Program,
    /// Data paths the condition reads, e.g. `market.network.legacy_devices_pct`.
    pub paths: Vec<String>,
    /// The condition reads `product` or `local`: it needs a product to apply.
    pub needs_product: bool,
    /// Where the rule is written, for messages.
    pub file: String,
    pub line: usize,
    /// The rule is one of the built-in ones.
    pub builtin: bool,
}

impl std::fmt::Debug for CompiledRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledRule")
            .field("id", &self.rule.id)
            .finish()
    }
}

/// Why a condition does not compile, at its position in the rule file.
#[derive(Debug)]
pub struct CompileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Compiles `rule.when`, written at `line`:`column` of `file`. A syntax error is
/// placed at its position in the file and names the rule.
pub fn compile(
    rule: Rule,
    file: &str,
    line: usize,
    column: usize,
) -> Result<CompiledRule, CompileError> {
    if let Some(message) = too_complex(&rule.when) {
        return Err(CompileError {
            line,
            column,
            message: format!("rule `{}`: {message}", rule.id),
        });
    }
    let program = cel::Program::compile(&rule.when).map_err(|errors| {
        let first = errors.errors.first();
        let (cel_line, cel_col) = first.map_or((1, 1), |e| (e.pos.0.max(1), e.pos.1.max(1)));
        let message = first.map_or_else(|| errors.to_string(), |e| e.msg.clone());
        // The condition sits on the `when:` line; CEL counts from the condition's start.
        let (line, column) = if cel_line == 1 {
            (line, column + cel_col as usize - 1)
        } else {
            (line + cel_line as usize - 1, cel_col as usize)
        };
        CompileError {
            line,
            column,
            message: format!(
                "rule `{}`: the condition does not compile: {message}; expected a CEL expression",
                rule.id
            ),
        }
    })?;
    let steps = paths::cost(program.expression(), super::MAX_LIST_ITEMS as u64);
    if steps > MAX_STEPS {
        return Err(CompileError {
            line,
            column,
            message: format!(
                "rule `{}`: the condition can take {steps} steps over lists of up to {} items; expected at most {MAX_STEPS} (loop over fewer lists, or not inside another loop)",
                rule.id,
                super::MAX_LIST_ITEMS
            ),
        });
    }
    if paths::comprehension_depth(program.expression()) > MAX_LOOP_NESTING {
        return Err(CompileError {
            line,
            column,
            message: format!(
                "rule `{}`: the condition nests loops (all, exists, map, filter) more than {MAX_LOOP_NESTING} deep; expected a simpler condition",
                rule.id
            ),
        });
    }
    let paths = condition_paths(program.expression());
    let needs_product = paths
        .iter()
        .any(|p| root_of(p) == "product" || root_of(p) == "local");
    Ok(CompiledRule {
        rule,
        program,
        paths,
        needs_product,
        file: file.to_string(),
        line,
        builtin: false,
    })
}

/// Limits on a condition, far above any real rule (the built-in ones stay under
/// 200 characters and 25 operators), so that a hostile or runaway condition is
/// an input error rather than a crash or a hang.
const MAX_CONDITION_CHARS: usize = 2_000;
const MAX_OPERATORS: usize = 100;
const MAX_NESTING: usize = 24;
const MAX_LOOP_NESTING: usize = 2;
/// The most steps a condition may take on the largest data a profile may hold
/// (see [`paths::cost`]): a single loop over a list is fine, a loop inside a
/// loop over data is not.
const MAX_STEPS: u64 = 1_000_000;

/// Why a condition is too large to compile safely, if it is.
fn too_complex(condition: &str) -> Option<String> {
    let chars = condition.chars().count();
    if chars > MAX_CONDITION_CHARS {
        return Some(format!(
            "the condition is {chars} characters long; expected at most {MAX_CONDITION_CHARS}"
        ));
    }
    let operators = condition
        .chars()
        .filter(|c| "+-*/%<>=!&|?:.,([{".contains(*c))
        .count();
    if operators > MAX_OPERATORS {
        return Some(format!(
            "the condition has {operators} operators; expected at most {MAX_OPERATORS}"
        ));
    }
    let mut depth: usize = 0;
    let mut deepest = 0;
    for c in condition.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (deepest > MAX_NESTING).then(|| {
        format!("the condition nests brackets {deepest} deep; expected at most {MAX_NESTING}")
    })
}

pub fn root_of(path: &str) -> &str {
    path.split('.').next().unwrap_or(path)
}

/// The item a `for_each` rule is bound to: its CEL name.
pub fn binding_name(for_each: ForEach) -> &'static str {
    match for_each {
        ForEach::Channel => "channel",
        ForEach::Promise => "promise",
    }
}

/// The CEL value of a JSON value. Integers stay integers so that `==` reads naturally.
pub fn to_cel(value: &Json) -> cel::Value {
    match value {
        Json::Null => cel::Value::Null,
        Json::Bool(b) => cel::Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => cel::Value::Int(i),
            None => cel::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => cel::Value::String(Arc::new(s.clone())),
        Json::Array(items) => cel::Value::List(Arc::new(items.iter().map(to_cel).collect())),
        Json::Object(map) => {
            let map: HashMap<String, cel::Value> =
                map.iter().map(|(k, v)| (k.clone(), to_cel(v))).collect();
            cel::Value::from(map)
        }
    }
}
