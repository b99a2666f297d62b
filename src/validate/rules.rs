//! Rule compilation during validation: each rule's condition compiled at its
//! position in the file, then checked against the sample profiles.

use super::sample;
use crate::diagnostics::{Code, Problem, SourceFile};
use crate::load::{self, Catalog, CompiledRule, locate_field_from, rule_offsets};
use crate::model::Rule;
use std::collections::HashMap;
use std::sync::Arc;

/// Compiles every condition, then checks it against the profile schemas.
pub fn compile(
    catalog: &Catalog,
    rules: Vec<(Rule, Arc<SourceFile>)>,
    thorough: bool,
    problems: &mut Vec<Problem>,
) -> Vec<CompiledRule> {
    let keys: Vec<&str> = catalog.promises.keys().map(String::as_str).collect();
    let needs_samples = thorough || rules.iter().any(|(_, file)| !file.builtin);
    let samples = needs_samples.then(|| sample::Samples::new(&keys));
    let mut compiled = Vec::new();
    // Rule positions, found once per file rather than once per rule.
    let mut offsets: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for (rule, file) in rules {
        let by_id = offsets.entry(file.path.clone()).or_insert_with(|| {
            rule_offsets(&file.text)
                .into_iter()
                .filter_map(|(id, at)| Some((id.to_string(), *at.first()?)))
                .collect()
        });
        let start = by_id.get(&rule.id).copied().unwrap_or(0);
        let (line, column) = locate_field_from(&file.text, start, "when");
        match load::compile(rule, &file.path, line, column) {
            Ok(mut rule) => {
                rule.builtin = file.builtin;
                let found = match &samples {
                    Some(samples) if thorough || !file.builtin => samples.check(&rule),
                    _ => Vec::new(),
                };
                if found.is_empty() {
                    compiled.push(rule);
                } else {
                    problems.extend(
                        found
                            .into_iter()
                            .map(|m| Problem::at(Code::RuleCondition, &file, line, column, m)),
                    );
                }
            }
            Err(error) => problems.push(Problem::at(
                Code::RuleCondition,
                &file,
                error.line,
                error.column,
                error.message,
            )),
        }
    }
    compiled
}
