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
    pub program: Condition,
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
    let program = Condition::parse(&rule.when).map_err(|errors| {
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

/// A parsed condition, run against a context many times.
pub struct Condition {
    expression: cel::IdedExpr,
}

impl Condition {
    /// Parses `source` with CEL's hand-written (Pratt) parser, which is many
    /// times faster than its generated one; its syntax errors come from the
    /// generated parser, whose messages and positions users already see.
    fn parse(source: &str) -> Result<Condition, cel::ParseErrors> {
        match cel::parser::PrattParser::new().parse(source) {
            Ok(expression) => Ok(Condition { expression }),
            Err(pratt_errors) => match cel::Program::compile(source) {
                Ok(program) => Ok(Condition {
                    expression: program.expression().clone(),
                }),
                Err(errors) if errors.errors.is_empty() => Err(pratt_errors),
                Err(errors) => Err(errors),
            },
        }
    }

    pub fn expression(&self) -> &cel::IdedExpr {
        &self.expression
    }

    pub fn execute(&self, context: &cel::Context) -> cel::ResolveResult {
        cel::Value::resolve(&self.expression, context)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An expression tree in words, without the node ids (which the two
    /// parsers number differently).
    fn shape(expression: &cel::IdedExpr) -> String {
        let debug = format!("{expression:?}");
        let mut out = String::with_capacity(debug.len());
        let mut rest = debug.as_str();
        while let Some(at) = rest.find("id: ") {
            out.push_str(&rest[..at]);
            rest = rest[at + 4..].trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        out
    }

    fn conditions_in(folder: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("the folder exists") {
            let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("a file");
            let rules: Vec<serde_json::Value> = serde_saphyr::from_str(&text).expect("a rule file");
            found.extend(
                rules
                    .iter()
                    .filter_map(|r| r.get("when")?.as_str().map(str::to_string)),
            );
        }
        found
    }

    #[test]
    fn the_fast_parser_reads_every_condition_as_the_reference_parser_does() {
        let mut conditions = conditions_in("rules");
        assert!(conditions.len() >= 40, "the built-in rules were read");
        conditions.extend(
            [
                "has(a.b) && !has(a.c.d)",
                "a.all(x, x > 1) || a.exists(y, y.z == 'w') || a.exists_one(v, v)",
                "a.map(x, x * 2).filter(x, x % 3 != 0).size() > 0",
                "x in [1, 2u, 3.5, -4, 'five', b\"six\", null, true]",
                "{'k': 1, 2: [3]}['k'] == 1 ? a[0].b : c.d(e, f)",
                "int(a) / 2 - 3 * -b <= 1e3 && !(c >= 0.5) || d != \"\\u00e9\"",
                "size(a) + size('s') > 0 && string(1) == '1' && double(2) < 2.5",
                "a.b.c.d.e > 0 && (f || g) && !h",
            ]
            .map(str::to_string),
        );
        for condition in &conditions {
            let fast = cel::parser::PrattParser::new()
                .parse(condition)
                .unwrap_or_else(|e| panic!("{condition}: {e}"));
            let reference = cel::Program::compile(condition).expect("the reference parses it");
            assert_eq!(
                shape(&fast),
                shape(reference.expression()),
                "the parsers read `{condition}` differently"
            );
        }
    }

    #[test]
    fn a_syntax_error_is_reported_where_the_reference_parser_places_it() {
        let Err(error) = Condition::parse("market.network.legacy_devices_pct >= && true") else {
            panic!("a syntax error parsed");
        };
        let reference = cel::Program::compile("market.network.legacy_devices_pct >= && true")
            .expect_err("a syntax error");
        assert_eq!(error.to_string(), reference.to_string());
    }
}
