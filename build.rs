//! Prepares the built-in profiles: each YAML file is parsed here once, at
//! build time, into JSON (which loads much faster) with the line and column of
//! every value, so that a run reads no built-in YAML and located outputs stay
//! exact. Also re-embeds the data folders whenever they change (include_dir
//! does not track them). A file that does not parse is left out: the run then
//! reads its YAML and reports the error with its location.

#[path = "src/load/yaml_paths.rs"]
mod yaml_paths;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

fn main() {
    for path in [
        "markets",
        "industries",
        "rules",
        "products",
        "channels.yaml",
        "promises.yaml",
        "messaging.yaml",
        "rule-tests",
        "src/load/yaml_paths.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let mut files: Vec<(String, String)> = Vec::new();
    for folder in ["markets", "industries", "rules", "products"] {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if (name.ends_with(".yaml") || name.ends_with(".yml"))
                && let Ok(text) = std::fs::read_to_string(entry.path())
            {
                files.push((format!("{folder}/{name}"), text));
            }
        }
    }
    for single in ["channels.yaml", "promises.yaml", "messaging.yaml"] {
        if let Ok(text) = std::fs::read_to_string(single) {
            files.push((single.to_string(), text));
        }
    }
    files.sort();
    let mut out = String::from(
        "/// The built-in profiles prepared by build.rs, sorted by path.\npub static PREPARED: &[Prepared] = &[\n",
    );
    for (path, text) in &files {
        let Ok(value) = serde_saphyr::from_str::<serde_json::Value>(text) else {
            continue;
        };
        let Ok(json) = serde_json::to_string(&value) else {
            continue;
        };
        let mut positions: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        yaml_paths::walk(text, &mut |p, at| {
            positions.entry(p).or_insert(at);
        });
        let _ = write!(
            out,
            "    Prepared {{\n        path: {path:?},\n        json: {json:?},\n        positions: &["
        );
        for (p, (line, column)) in &positions {
            let _ = write!(out, "({p:?}, {line}, {column}), ");
        }
        out.push_str("],\n    },\n");
    }
    out.push_str("];\n");
    let Some(dir) = std::env::var_os("OUT_DIR") else {
        return;
    };
    if let Err(error) = std::fs::write(Path::new(&dir).join("prepared.rs"), out) {
        println!("cargo:warning=cannot write the prepared profiles: {error}");
    }
}
