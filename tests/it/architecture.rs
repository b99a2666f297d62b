//! The code's shape (docs/architecture.md): data flows one way through the
//! stages, so no module imports from a later stage, the shared modules import
//! no stage, no two modules import each other in a loop, and no source file
//! grows past 700 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its place in the flow. Shared modules
/// (0) may be used by every stage; a stage may use shared modules, itself and
/// earlier stages only.
const STAGES: [(&str, u8); 16] = [
    ("lib", 0),
    ("model", 0),
    ("text", 0),
    ("diagnostics", 0),
    ("i18n", 0),
    ("money", 0),
    ("assessment", 0),
    ("load", 1),
    ("validate", 2),
    ("evaluate", 3),
    ("mix", 4),
    ("rank", 4),
    ("render", 5),
    ("pipeline", 6),
    ("cli", 7),
    ("main", 8),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `load` for `src/load/parse.rs`.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(src()).expect("under src");
    let first = relative
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a file names through `crate::` (or `assess::` in
/// the binary), outside its comments and tests.
fn imports(text: &str, root: &str) -> BTreeSet<String> {
    let code: String = text
        .split("#[cfg(test)]")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let prefix = format!("{root}::");
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices(&prefix) {
        let rest = &code[at + prefix.len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group
                .split('}')
                .next()
                .unwrap_or_default()
                .split(',')
                .collect(),
            None => vec![rest],
        };
        for name in names {
            let ident: String = name
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !ident.is_empty() {
                found.insert(ident);
            }
        }
    }
    found
}

fn rank(module: &str) -> Option<u8> {
    STAGES.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

/// Module → the modules it imports, over every file of `src/`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&file);
        let text = std::fs::read_to_string(&file).expect("a source file");
        let root = if module == "main" { "assess" } else { "crate" };
        let entry = graph.entry(module.clone()).or_default();
        for import in imports(&text, root) {
            // Items of lib.rs (Lang, today, suggest) are shared.
            let target = if rank(&import).is_some() {
                import
            } else {
                "lib".to_string()
            };
            if target != module {
                entry.insert(target);
            }
        }
    }
    graph
}

#[test]
fn every_module_has_a_place_in_the_flow() {
    for module in graph().keys() {
        assert!(
            rank(module).is_some(),
            "src/{module}: add it to STAGES and to docs/architecture.md"
        );
    }
}

#[test]
fn no_module_imports_from_a_later_stage() {
    let mut wrong = Vec::new();
    for (module, imported) in graph() {
        let own = rank(&module).unwrap_or(0);
        for target in imported {
            let theirs = rank(&target).unwrap_or(0);
            if theirs > own || (own == 0 && theirs > 0) {
                wrong.push(format!(
                    "{module} (stage {own}) imports {target} (stage {theirs})"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the flow:\n{}",
        wrong.join("\n")
    );
}

/// A cycle through `node`, found depth first, if there is one.
fn visit(
    node: &str,
    graph: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(at) = path.iter().position(|n| n == node) {
        let mut cycle = path[at..].to_vec();
        cycle.push(node.to_string());
        return Some(cycle);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_string());
    for next in graph.get(node).into_iter().flatten() {
        if let Some(cycle) = visit(next, graph, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(node.to_string());
    None
}

#[test]
fn no_two_modules_import_each_other_in_a_loop() {
    let graph = graph();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let cycle = visit(node, &graph, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap_or_default().join(" → ")
        );
    }
}

#[test]
fn no_source_file_is_over_700_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).ok()?.lines().count();
            (lines > 700).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

#[test]
fn the_import_scanner_reads_grouped_and_nested_paths() {
    let text = "use crate::{mix, validate};\nuse crate::load::Catalog;\n/// see [`crate::render`]\nlet x = crate::text::n();\n#[cfg(test)]\nuse crate::cli;";
    let found: Vec<String> = imports(text, "crate").into_iter().collect();
    assert_eq!(found, ["load", "mix", "text", "validate"]);
}
