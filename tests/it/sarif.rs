//! `--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts — relative
//! URIs, `startLine` ≥ 1, every `ruleId` defined, at most 25,000 results — with
//! each finding located at the line of the figure its rule read.

use assert_cmd::Command;
use serde_json::Value;

fn sarif(args: &[&str]) -> Value {
    let output = Command::cargo_bin("assess")
        .expect("the binary")
        .args(args)
        .args(["--format", "sarif", "--as-of", "2026-12-01"])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("SARIF is JSON")
}

/// The published pattern for `language` has a stray `]` that no regex
/// engine but JavaScript's accepts; we never write `language`.
fn mend(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => map
            .iter_mut()
            .map(|(key, v)| {
                if key == "pattern" && v == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                    *v = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
                    1
                } else {
                    mend(v)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(mend).sum(),
        _ => 0,
    }
}

/// The OASIS SARIF 2.1.0 schema, vendored in tests/schemas (see its README).
fn sarif_schema() -> jsonschema::Validator {
    let text = include_str!("../schemas/sarif-2.1.0-rtm.5.json");
    let mut schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    assert_eq!(mend(&mut schema), 2, "the schema reads as published");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("a valid JSON Schema")
}

/// What GitHub's upload and the SARIF 2.1.0 schema require of our documents.
fn check_document(doc: &Value) {
    let errors: Vec<String> = sarif_schema()
        .iter_errors(doc)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    assert_eq!(doc["version"], "2.1.0");
    let runs = doc["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "assess");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let rule_ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    for rule in rules {
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
    let bases = run["originalUriBaseIds"].as_object().expect("base ids");
    let results = run["results"].as_array().expect("results");
    assert!(results.len() <= 25_000);
    for result in results {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rule_ids.get(index), Some(&id), "ruleIndex of {id}");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap_or("")));
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let locations = result["locations"]
            .as_array()
            .expect("every result is located");
        for location in locations {
            let artifact = &location["physicalLocation"]["artifactLocation"];
            let uri = artifact["uri"].as_str().expect("uri");
            assert!(
                !uri.contains("://") && !uri.starts_with('/') && !uri.contains('\\'),
                "{uri}"
            );
            if let Some(base) = artifact["uriBaseId"].as_str() {
                assert!(bases.contains_key(base), "{base}");
            }
            let line = location["physicalLocation"]["region"]["startLine"].as_u64();
            assert!(line.is_some_and(|l| l >= 1), "{location}");
        }
        assert!(result["properties"]["market"].as_str().is_some());
    }
}

#[test]
fn the_schema_check_rejects_what_is_not_sarif() {
    let schema = sarif_schema();
    let valid = sarif(&["--market", "vn", "--industry", "social"]);
    assert!(schema.is_valid(&valid));
    let mut bad_level = valid.clone();
    bad_level["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema.is_valid(&bad_level), "a level SARIF does not know");
    let mut no_driver = valid;
    no_driver["runs"][0]["tool"]
        .as_object_mut()
        .expect("tool")
        .remove("driver");
    assert!(
        !schema.is_valid(&no_driver),
        "a run without its tool's driver"
    );
}

#[test]
fn every_built_in_combination_gives_sarif_github_accepts() {
    let doc = sarif(&["--market", "all", "--industry", "all"]);
    check_document(&doc);
    let results = doc["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert!(results > 100, "{results} results");
}

#[test]
fn a_finding_from_an_overlay_points_at_the_line_of_its_figure() {
    let doc = sarif(&[
        "--profiles",
        "tests/fixtures/sarif",
        "--market",
        "sg",
        "--industry",
        "social",
    ]);
    check_document(&doc);
    let result = doc["runs"][0]["results"]
        .as_array()
        .and_then(|r| {
            r.iter()
                .find(|r| r["ruleId"] == "network.slow-mobile-video")
        })
        .expect("the overlay's slow network fires");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/fixtures/sarif/markets/sg.yaml"
    );
    assert!(location["artifactLocation"].get("uriBaseId").is_none());
    // `mobile_download_mbps: 9` is on line 4 of that file.
    assert_eq!(location["region"]["startLine"], 4);
}

#[test]
fn a_built_in_figure_points_into_the_built_in_profiles() {
    let doc = sarif(&["--market", "sg", "--industry", "social"]);
    let located = doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .flat_map(|r| r["locations"].as_array().cloned().unwrap_or_default())
        .map(|l| l["physicalLocation"]["artifactLocation"].clone())
        .find(|a| a["uri"] == "markets/sg.yaml")
        .expect("a finding reads Singapore's own profile");
    assert_eq!(located["uriBaseId"], "ASSESS_BUILTIN");
}

#[test]
fn github_annotations_of_overlay_findings_name_the_file_and_line() {
    let output = Command::cargo_bin("assess")
        .expect("the binary")
        .args([
            "--profiles",
            "tests/fixtures/sarif",
            "--market",
            "sg",
            "--industry",
            "social",
        ])
        .args(["--format", "github", "--as-of", "2026-12-01"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.lines().any(|l| l.starts_with(
            "::warning file=tests/fixtures/sarif/markets/sg.yaml,line=4,title=network.slow-mobile-video"
        )),
        "{text}"
    );
}
