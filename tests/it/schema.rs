//! The JSON Schemas that `assess schema` prints describe the real files: every
//! built-in profile validates against the schema of its kind.

use assert_cmd::Command;
use serde_json::Value;

fn schema(kind: &str) -> jsonschema::Validator {
    let output = Command::cargo_bin("assess")
        .expect("binary")
        .args(["schema", kind])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let schema: Value = serde_json::from_slice(&output.stdout).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn files(folder: &str, suffix: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no files in {folder}");
    files
}

fn check(kind: &str, folder: &str) {
    let validator = schema(kind);
    let mut problems = Vec::new();
    for path in files(folder, ".yaml") {
        let text = std::fs::read_to_string(&path).expect("readable");
        let value: Value = serde_saphyr::from_str(&text).expect("valid YAML");
        for error in validator.iter_errors(&value) {
            problems.push(format!(
                "{}: {error} at {}",
                path.display(),
                error.instance_path()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_built_in_market_validates_against_the_market_schema() {
    check("market", "markets");
}

#[test]
fn every_built_in_industry_validates_against_the_industry_schema() {
    check("industry", "industries");
}

#[test]
fn every_example_product_validates_against_the_product_schema() {
    check("product", "products");
}

#[test]
fn every_rule_pack_validates_against_the_rules_schema() {
    check("rules", "rules");
}

#[test]
fn the_schemas_reject_what_the_loader_rejects() {
    let market = schema("market");
    let bad: Value = serde_json::json!({"id": "x", "network": {"legacy_devices_pct": 140}});
    assert!(!market.is_valid(&bad));
    let bad: Value = serde_json::json!({"id": "x", "nettwork": {}});
    assert!(!market.is_valid(&bad));
    let bad: Value = serde_json::json!({"id": "x", "channels": {"referal": {"fit": 1.2}}});
    assert!(!market.is_valid(&bad));
}

#[test]
fn a_panic_is_an_internal_error_with_exit_70_and_no_backtrace() {
    let output = Command::cargo_bin("assess")
        .expect("binary")
        .env("ASSESS_PANIC_FOR_TESTS", "1")
        .env("RUST_BACKTRACE", "1")
        .args(["--market", "sea", "--industry", "social"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(70));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("assess: internal error"), "{stderr}");
    assert!(stderr.contains("please report it"), "{stderr}");
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
}

#[test]
fn every_ranking_document_validates_against_the_ranking_schema() {
    let validator = schema("ranking");
    for args in [
        &["rank", "--industry", "social", "--explain"][..],
        &["rank", "--product", "global-rtc"][..],
        &["rank", "--product", "single-region", "--market", "us,vn"][..],
    ] {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let document: serde_json::Value =
            serde_json::from_str(&crate::common::stdout(&all)).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:?}");
    }
}
