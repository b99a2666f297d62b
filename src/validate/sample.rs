//! Checks rule conditions against the profile schemas: every path a condition
//! reads must name a field that exists, and evaluating the condition once on a
//! fully populated sample must not hit a type error.

use crate::load::{CompiledRule, binding_name, to_cel};
use crate::model::{CHANNEL_IDS, Industry, Market, Product, Promise};
use schemars::Schema;
use serde_json::{Map, Value as Json, json};
use std::collections::BTreeMap;

/// The schema of each CEL variable, and a sample value with every field present.
pub struct Samples {
    schemas: BTreeMap<&'static str, Json>,
    /// The sample values as CEL variables, built once for every rule.
    context: cel::Context<'static, 'static>,
}

impl Samples {
    /// `keys`: the map keys samples are filled with (channel and promise ids).
    pub fn new(keys: &[&str]) -> Samples {
        let market = schema_of(schemars::schema_for!(Market));
        let industry = schema_of(schemars::schema_for!(Industry));
        let product = schema_of(schemars::schema_for!(Product));
        let promise = with_extra(
            schema_of(schemars::schema_for!(Promise)),
            json!({"min_resolution_lines": {"type": "integer"}}),
        );
        let local = json!({"type": "object", "properties": {
            "edge": {"type": "boolean"},
            "data_residency": {"type": "boolean"},
            "p95_rtt_ms": {"type": "number"},
            "max_resolution_lines": {"type": "integer"}
        }});
        let channel = json!({"type": "object", "properties": {
            "id": {"type": "string"},
            "name": {"type": "object", "properties": {"en": {"type": "string"}, "zh": {"type": "string"}}},
            "weight": {"type": "number"},
            "fit": {"type": "number"},
            "cpi_usd": {"type": "number"},
            "cpi_low": {"type": "number"},
            "cpi_high": {"type": "number"},
            "cpi_category": {"type": "string"},
            "all_apps_cpi_usd": {"type": "number"},
            "regional_cpi_usd": {"type": "number"},
            "regional_cpi_category": {"type": "string"},
            "regional_market_id": {"type": "string"},
            "regional_market": {"type": "object", "properties": {"en": {"type": "string"}, "zh": {"type": "string"}}},
            "intel": {"type": "boolean"},
            "platforms": {"type": "array", "items": {"type": "string"}},
            "intensity": {"enum": ["low", "medium", "high"]},
            "confidence": {"enum": ["low", "medium", "high"]}
        }});
        let promises = json!({"type": "object", "additionalProperties": promise.clone()});
        let schemas = BTreeMap::from([
            ("market", market),
            ("industry", industry),
            ("product", product),
            ("local", local),
            ("promises", promises),
            ("channel", channel),
            ("promise", promise),
        ]);
        let keys: Vec<String> = CHANNEL_IDS
            .iter()
            .map(|c| c.as_str().to_string())
            .chain(keys.iter().map(std::string::ToString::to_string))
            .collect();
        let mut context = cel::Context::default();
        for (name, schema) in &schemas {
            let value = sample(schema, &schemas_defs(schema), &keys, 0);
            context.add_variable_from_value(*name, to_cel(&value));
        }
        Samples { schemas, context }
    }

    /// Problems with one rule: unknown fields, and type errors on the sample.
    pub fn check(&self, rule: &CompiledRule) -> Vec<String> {
        let mut problems = Vec::new();
        for path in &rule.paths {
            let mut segments = path.split('.');
            let root = segments.next().unwrap_or_default();
            let allowed = match rule.rule.for_each {
                Some(each) => binding_name(each) == root || !matches!(root, "channel" | "promise"),
                None => !matches!(root, "channel" | "promise"),
            };
            if !allowed {
                problems.push(format!(
                    "rule `{}` reads `{path}`, but `{root}` exists only with `for_each: {root}`",
                    rule.rule.id
                ));
                continue;
            }
            if let Some(schema) = self.schemas.get(root)
                && let Err(message) = check_path(schema, &schemas_defs(schema), segments.collect())
            {
                problems.push(format!("rule `{}` reads `{path}`: {message}", rule.rule.id));
            }
        }
        if !problems.is_empty() {
            return problems;
        }
        match rule.program.execute(&self.context) {
            Ok(cel::Value::Bool(_)) | Err(cel::ExecutionError::NoSuchKey(_)) => {}
            Ok(other) => problems.push(format!(
                "rule `{}`: the condition gives {other:?} on a sample profile; expected true or false",
                rule.rule.id
            )),
            Err(error) => problems.push(format!(
                "rule `{}`: the condition fails on a sample profile: {error}; expected values of matching types",
                rule.rule.id
            )),
        }
        problems
    }
}

fn schema_of(schema: Schema) -> Json {
    schema.to_value()
}

fn with_extra(mut schema: Json, extra: Json) -> Json {
    if let (Some(properties), Some(extra)) = (
        schema.get_mut("properties").and_then(Json::as_object_mut),
        extra.as_object(),
    ) {
        properties.extend(extra.clone());
    }
    schema
}

fn schemas_defs(schema: &Json) -> Map<String, Json> {
    schema
        .get("$defs")
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Follows `$ref`, and takes the non-null branch of `Option` unions.
fn resolve<'a>(schema: &'a Json, defs: &'a Map<String, Json>) -> &'a Json {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Json::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        && let Some(target) = defs.get(name)
    {
        return resolve(target, defs);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = schema.get(key).and_then(Json::as_array)
            && let Some(branch) = branches
                .iter()
                .find(|b| b.get("type") != Some(&json!("null")))
        {
            return resolve(branch, defs);
        }
    }
    schema
}

fn check_path(schema: &Json, defs: &Map<String, Json>, segments: Vec<&str>) -> Result<(), String> {
    let mut current = resolve(schema, defs);
    for segment in segments {
        if let Some(properties) = current.get("properties").and_then(Json::as_object) {
            if let Some(next) = properties.get(segment) {
                current = resolve(next, defs);
            } else {
                if let Some(what) = crate::model::renamed(segment) {
                    return Err(format!("`{segment}` was {what}"));
                }
                let hint = crate::suggest(segment, properties.keys().map(String::as_str))
                    .map_or_else(
                        || {
                            format!(
                                "expected one of: {}",
                                properties.keys().cloned().collect::<Vec<_>>().join(", ")
                            )
                        },
                        |b| format!("did you mean `{b}`?"),
                    );
                return Err(format!("there is no field `{segment}`; {hint}"));
            }
        } else if let Some(values) = current
            .get("additionalProperties")
            .filter(|v| v.is_object())
        {
            current = resolve(values, defs);
        } else {
            // A list, a scalar or a free-form map: nothing further to check.
            return Ok(());
        }
    }
    Ok(())
}

/// A value with every field present, of the schema's type.
fn sample(schema: &Json, defs: &Map<String, Json>, keys: &[String], depth: usize) -> Json {
    let schema = resolve(schema, defs);
    if depth > 12 {
        return Json::Null;
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Json::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    let kind = match schema.get("type") {
        Some(Json::String(kind)) => kind.as_str(),
        Some(Json::Array(kinds)) => kinds
            .iter()
            .filter_map(Json::as_str)
            .find(|k| *k != "null")
            .unwrap_or("null"),
        _ => "object",
    };
    match kind {
        "boolean" => json!(true),
        "integer" => json!(1),
        "number" => json!(1.5),
        "string" => json!(if schema.get("pattern").is_some() {
            "2025-01"
        } else {
            "x"
        }),
        "array" => match schema.get("items") {
            Some(items) => json!([sample(items, defs, keys, depth + 1)]),
            None => json!([]),
        },
        _ => {
            let mut map = Map::new();
            if let Some(properties) = schema.get("properties").and_then(Json::as_object) {
                for (name, property) in properties {
                    map.insert(name.clone(), sample(property, defs, keys, depth + 1));
                }
            } else if let Some(values) =
                schema.get("additionalProperties").filter(|v| v.is_object())
            {
                for key in keys {
                    map.insert(key.clone(), sample(values, defs, keys, depth + 1));
                }
            }
            Json::Object(map)
        }
    }
}
