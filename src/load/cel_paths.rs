//! Walks a compiled CEL expression for the data paths it reads, so that a finding
//! can show the values it rested on and a not-evaluated rule can say what is missing.

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue};
use std::collections::BTreeSet;

/// Every data path the expression reads, and those it only tests with `has()`,
/// each rooted at one of the engine's variables.
pub fn condition_paths(expr: &IdedExpr) -> Vec<String> {
    let mut read = BTreeSet::new();
    walk(expr, &mut read);
    read.into_iter()
        .filter(|p| super::ROOTS.contains(&super::root_of(p)))
        .collect()
}

fn walk(expr: &IdedExpr, read: &mut BTreeSet<String>) {
    if let Some(path) = path_of(expr) {
        read.insert(path);
        return;
    }
    match &expr.expr {
        Expr::Select(select) => walk(&select.operand, read),
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                walk(target, read);
            }
            for arg in &call.args {
                walk(arg, read);
            }
        }
        Expr::Comprehension(c) => {
            for part in [
                &c.iter_range,
                &c.accu_init,
                &c.loop_cond,
                &c.loop_step,
                &c.result,
            ] {
                walk(part, read);
            }
        }
        Expr::List(list) => list.elements.iter().for_each(|e| walk(e, read)),
        Expr::Map(map) => map.entries.iter().for_each(|entry| match &entry.expr {
            EntryExpr::MapEntry(e) => {
                walk(&e.key, read);
                walk(&e.value, read);
            }
            EntryExpr::StructField(f) => walk(&f.value, read),
        }),
        Expr::Struct(s) => s.entries.iter().for_each(|entry| {
            if let EntryExpr::StructField(f) = &entry.expr {
                walk(&f.value, read);
            }
        }),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// The direct sub-expressions of an expression that is not a comprehension.
fn children(expr: &IdedExpr) -> Vec<&IdedExpr> {
    match &expr.expr {
        Expr::Select(select) => vec![&select.operand],
        Expr::Call(call) => call
            .target
            .iter()
            .map(std::convert::AsRef::as_ref)
            .chain(&call.args)
            .collect(),
        Expr::Comprehension(c) => vec![
            &c.iter_range,
            &c.accu_init,
            &c.loop_cond,
            &c.loop_step,
            &c.result,
        ],
        Expr::List(list) => list.elements.iter().collect(),
        Expr::Map(map) => map
            .entries
            .iter()
            .flat_map(|entry| match &entry.expr {
                EntryExpr::MapEntry(e) => vec![&e.key, &e.value],
                EntryExpr::StructField(f) => vec![&f.value],
            })
            .collect(),
        Expr::Struct(s) => s
            .entries
            .iter()
            .filter_map(|entry| match &entry.expr {
                EntryExpr::StructField(f) => Some(&f.value),
                EntryExpr::MapEntry(_) => None,
            })
            .collect(),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => Vec::new(),
    }
}

/// How deeply comprehensions (`all`, `exists`, `map`, `filter`) nest: each
/// level multiplies the work, so deep nesting is rejected before it runs.
pub fn comprehension_depth(expr: &IdedExpr) -> usize {
    let deepest = children(expr)
        .into_iter()
        .map(comprehension_depth)
        .max()
        .unwrap_or(0);
    match expr.expr {
        Expr::Comprehension(_) => deepest + 1,
        _ => deepest,
    }
}

/// An upper bound on the steps an evaluation takes when every list it loops
/// over holds `list_items` items (the most a profile list may hold): each node
/// is a step, and a comprehension's condition and step run once per item.
pub fn cost(expr: &IdedExpr, list_items: u64) -> u64 {
    match &expr.expr {
        Expr::Comprehension(c) => {
            let once = [&c.iter_range, &c.accu_init, &c.result]
                .into_iter()
                .fold(1u64, |sum, e| sum.saturating_add(cost(e, list_items)));
            let per_item = cost(&c.loop_cond, list_items)
                .saturating_add(cost(&c.loop_step, list_items))
                .saturating_add(1);
            once.saturating_add(per_item.saturating_mul(list_items))
        }
        _ => children(expr)
            .into_iter()
            .fold(1u64, |sum, e| sum.saturating_add(cost(e, list_items))),
    }
}

/// The dotted path an expression spells: `a.b`, `a["b-c"].d`, `has(a.b)`.
fn path_of(expr: &IdedExpr) -> Option<String> {
    match &expr.expr {
        Expr::Ident(name) => Some(name.clone()),
        Expr::Select(select) => Some(format!("{}.{}", path_of(&select.operand)?, select.field)),
        Expr::Call(call) if call.func_name == "_[_]" && call.args.len() == 2 => {
            let LiteralValue::String(key) = (match &call.args[1].expr {
                Expr::Literal(literal) => literal,
                _ => return None,
            }) else {
                return None;
            };
            Some(format!("{}.{}", path_of(&call.args[0])?, key.inner()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(source: &str) -> Vec<String> {
        let program = cel::Program::compile(source).expect("test condition compiles");
        condition_paths(program.expression())
    }

    #[test]
    fn finds_select_and_index_paths() {
        let read = paths(
            r#"market.network.legacy_devices_pct >= 15 && market.channels["performance-ads"].cpi_usd > 1"#,
        );
        assert_eq!(
            read,
            vec![
                "market.channels.performance-ads.cpi_usd",
                "market.network.legacy_devices_pct"
            ]
        );
    }

    #[test]
    fn has_paths_are_read_too() {
        let read = paths("has(market.network.idle_latency_ms) && local.edge");
        assert_eq!(read, vec!["local.edge", "market.network.idle_latency_ms"]);
    }

    #[test]
    fn loop_nesting_is_measured() {
        let depth = |source: &str| {
            let program = cel::Program::compile(source).expect("compiles");
            comprehension_depth(program.expression())
        };
        assert_eq!(depth("1 + 1 == 2"), 0);
        assert_eq!(depth("[1].all(x, x > 0)"), 1);
        assert_eq!(depth("[1].all(x, [2].exists(y, [3].all(z, z > y)))"), 3);
    }

    #[test]
    fn comprehension_variables_are_not_data_paths() {
        let read = paths(r#"industry.realtime.media.exists(m, m == "video")"#);
        assert_eq!(read, vec!["industry.realtime.media"]);
    }
}
