//! Layering one profile over another: overlays over built-ins (merge by id) and
//! countries over their region (`extends`). One mechanism serves both, so a value
//! always carries the source of the layer that supplied it.

use serde_json::Value;

/// `over` layered on `base`: mappings merge key by key, everything else is replaced,
/// and `null` removes a key. Sources of `base` keep covering only what `over` does
/// not restate; `over`'s sources come first.
pub fn layer(base: &Value, over: &Value) -> Value {
    let mut base = base.clone();
    let base_sources = take_sources(&mut base);
    let mut over = over.clone();
    let over_sources = take_sources(&mut over);

    let restated = leaf_paths(&over);
    let base_leaves = leaf_paths(&base);
    let kept: Vec<Value> = base_sources
        .into_iter()
        .filter_map(|source| narrow_source(source, &base_leaves, &restated))
        .collect();

    deep_merge(&mut base, &over);
    let sources: Vec<Value> = over_sources.into_iter().chain(kept).collect();
    if let Value::Object(map) = &mut base
        && !sources.is_empty()
    {
        map.insert("sources".to_string(), Value::Array(sources));
    }
    base
}

fn take_sources(value: &mut Value) -> Vec<Value> {
    match value.as_object_mut().and_then(|m| m.remove("sources")) {
        Some(Value::Array(sources)) => sources,
        _ => Vec::new(),
    }
}

/// Merges `over` into `base` in place.
pub fn deep_merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, value) in over {
                if value.is_null() {
                    base.remove(key);
                    continue;
                }
                match base.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        deep_merge(existing, value);
                    }
                    _ => {
                        // A new mapping may still say `null` for what it removes.
                        let mut value = value.clone();
                        if value.is_object() {
                            let mut empty = Value::Object(serde_json::Map::new());
                            deep_merge(&mut empty, &value);
                            value = empty;
                        }
                        base.insert(key.clone(), value);
                    }
                }
            }
        }
        (base, over) => *base = over.clone(),
    }
}

/// The dotted paths of every value that is not a mapping (lists are leaves).
pub fn leaf_paths(value: &Value) -> Vec<String> {
    let mut paths = Vec::new();
    collect_leaves(value, "", &mut paths);
    paths
}

fn collect_leaves(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect_leaves(child, &path, out);
            }
        }
        _ if !prefix.is_empty() => out.push(prefix.to_string()),
        _ => {}
    }
}

fn covers(cover: &str, path: &str) -> bool {
    path == cover || (path.starts_with(cover) && path[cover.len()..].starts_with('.'))
}

/// Keeps a base source covering only the base leaves that `restated` does not
/// replace; drops it when nothing is left.
fn narrow_source(mut source: Value, base_leaves: &[String], restated: &[String]) -> Option<Value> {
    let covers_list: Vec<String> = source
        .get("covers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    if covers_list.is_empty() {
        return Some(source);
    }
    let is_restated = |leaf: &str| restated.iter().any(|r| covers(r, leaf) || covers(leaf, r));
    let mut kept = Vec::new();
    for cover in &covers_list {
        let under: Vec<&String> = base_leaves.iter().filter(|l| covers(cover, l)).collect();
        if under.is_empty() {
            continue; // the value it backed is not inherited
        }
        if under.iter().all(|leaf| !is_restated(leaf)) {
            kept.push(cover.clone());
        } else {
            kept.extend(under.into_iter().filter(|leaf| !is_restated(leaf)).cloned());
        }
    }
    if kept.is_empty() {
        return None;
    }
    if let Some(map) = source.as_object_mut() {
        map.insert(
            "covers".to_string(),
            Value::Array(kept.into_iter().map(Value::String).collect()),
        );
    }
    Some(source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn restated_fields_take_the_source_of_the_layer_that_states_them() {
        let region = json!({
            "network": {"a": 1, "b": 2},
            "sources": [{"title": "R", "covers": ["network"]}]
        });
        let country = json!({
            "network": {"a": 5},
            "sources": [{"title": "C", "covers": ["network.a"]}]
        });
        let merged = layer(&region, &country);
        assert_eq!(merged["network"], json!({"a": 5, "b": 2}));
        assert_eq!(
            merged["sources"],
            json!([
                {"title": "C", "covers": ["network.a"]},
                {"title": "R", "covers": ["network.b"]}
            ])
        );
    }

    #[test]
    fn a_base_source_with_nothing_left_to_cover_is_dropped() {
        let base = json!({"x": 1, "sources": [{"title": "B", "covers": ["x"]}]});
        let over = json!({"x": 2});
        assert_eq!(layer(&base, &over), json!({"x": 2}));
    }

    #[test]
    fn null_removes_a_value() {
        let mut base = json!({"a": {"b": 1, "c": 2}});
        deep_merge(&mut base, &json!({"a": {"b": null}}));
        assert_eq!(base, json!({"a": {"c": 2}}));
    }
}
