//! Batch comparisons and CI gating: selections, formats, the gate, `--set`,
//! `--baseline`, and machine-readable everything.

use crate::common::*;

use predicates::prelude::*;
use serde_json::Value;

fn combinations(doc: &Value) -> Vec<String> {
    doc["assessments"]
        .as_array()
        .expect("assessments")
        .iter()
        .map(|a| {
            let product = a["product"]["id"].as_str().unwrap_or("-");
            format!(
                "{}/{}/{product}",
                a["market"]["id"].as_str().unwrap_or(""),
                a["industry"]["id"].as_str().unwrap_or("")
            )
        })
        .collect()
}

mod selections {
    use super::*;

    #[test]
    fn comma_lists_and_repeats_keep_the_order_given() {
        let doc = document(&[
            "--market",
            "na,sea",
            "--market",
            "mena",
            "--industry",
            "social",
        ]);
        assert_eq!(
            combinations(&doc),
            ["na/social/-", "sea/social/-", "mena/social/-"]
        );
    }

    #[test]
    fn all_selects_every_profile_in_id_order() {
        let doc = document(&["--market", "all", "--industry", "social,tools"]);
        let markets = stdout(&["list", "markets", "--format", "json"]);
        let markets: Value = serde_json::from_str(&markets).expect("json");
        let count = markets.as_array().map_or(0, Vec::len);
        assert_eq!(combinations(&doc).len(), count * 2);
        let first = markets[0]["id"].as_str().unwrap_or_default();
        assert_eq!(combinations(&doc)[0], format!("{first}/social/-"));
        assert_eq!(combinations(&doc)[1], format!("{first}/tools/-"));
    }

    #[test]
    fn repeated_products_compare_stacks_across_the_same_markets() {
        let doc = document(&[
            "--market",
            "sea,na",
            "--industry",
            "social",
            "--product",
            "single-region",
            "--product",
            "global-rtc",
        ]);
        assert_eq!(
            combinations(&doc),
            [
                "sea/social/single-region",
                "sea/social/global-rtc",
                "na/social/single-region",
                "na/social/global-rtc"
            ]
        );
    }

    #[test]
    fn without_industry_each_product_brings_its_own() {
        let doc = document(&["--market", "sea", "--product", "global-rtc"]);
        assert_eq!(combinations(&doc), ["sea/social/global-rtc"]);
    }

    #[test]
    fn a_product_can_come_from_standard_input() {
        let product = std::fs::read_to_string(format!(
            "{}/products/single-region.yaml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("example product");
        let output = assess()
            .args(["--market", "sea", "--product", "-", "--format", "json"])
            .write_stdin(product)
            .output()
            .expect("runs");
        assert!(output.status.success());
        let doc: Value = serde_json::from_slice(&output.stdout).expect("json");
        assert_eq!(combinations(&doc), ["sea/social/single-region"]);
    }

    #[test]
    fn the_comparison_table_has_one_row_per_combination() {
        let text = stdout(&["--market", "sea,na,mena", "--industry", "social,education"]);
        let rows = text
            .lines()
            .filter(|l| {
                ["Southeast", "North", "Middle"]
                    .iter()
                    .any(|m| l.starts_with(m))
            })
            .count();
        assert_eq!(rows, 6, "{text}");
        assert!(text.contains("Test first"));
    }
}

mod formats {
    use super::*;

    const ARGS: [&str; 6] = [
        "--market",
        "sea,na",
        "--industry",
        "social",
        "--product",
        "global-rtc",
    ];

    #[test]
    fn yaml_is_the_same_document_as_json() {
        let json = document(&ARGS);
        let mut args = ARGS.to_vec();
        args.extend(["--format", "yaml"]);
        let yaml: Value = serde_saphyr::from_str(&stdout(&args)).expect("valid YAML");
        assert_eq!(yaml, json);
    }

    #[test]
    fn csv_has_one_row_per_channel_per_assessment() {
        let json = document(&ARGS);
        let mut args = ARGS.to_vec();
        args.extend(["--format", "csv"]);
        let text = stdout(&args);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().expect("header").clone();
        assert_eq!(&headers[0], "market");
        assert!(headers.iter().any(|h| h == "share_pct"));
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        let channels: usize = json["assessments"]
            .as_array()
            .expect("assessments")
            .iter()
            .map(|a| a["channels"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(rows.len(), channels);
        let total: u32 = rows
            .iter()
            .filter(|r| &r[0] == "sea")
            .map(|r| r[12].parse::<u32>().expect("share"))
            .sum();
        assert_eq!(total, 100);
        assert_eq!(
            &rows[0][3],
            json["assessments"][0]["verdict"]
                .as_str()
                .unwrap_or_default()
        );
    }

    #[test]
    fn markdown_is_a_table_with_a_row_per_combination() {
        let mut args = ARGS.to_vec();
        args.extend(["--format", "markdown", "--fail-on", "block"]);
        let text = stdout(&args);
        let table: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(table.len(), 2 + 2, "header, separator, two rows:\n{text}");
        let columns = table[0].matches('|').count();
        assert!(
            table
                .iter()
                .all(|row| row.replace("\\|", "").matches('|').count() == columns)
        );
        assert!(text.contains("**Gate** `--fail-on block`: passed"));
        assert!(text.contains("<details>"));
    }

    #[test]
    fn every_format_is_byte_identical_across_runs() {
        for format in ["table", "json", "yaml", "csv", "markdown"] {
            let mut args = ARGS.to_vec();
            args.extend(["--format", format]);
            assert_eq!(stdout(&args), stdout(&args), "{format}");
        }
    }

    #[test]
    fn json_carries_the_versions_that_matter() {
        let doc = document(&ARGS);
        assert_eq!(doc["schema_version"], 2);
        assert_eq!(doc["tool_version"], env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn the_report_schema_validates_real_output() {
        let schema: Value =
            serde_json::from_str(&stdout(&["schema", "report"])).expect("schema is JSON");
        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let baseline = temp_file(
            "schema-baseline.json",
            &stdout(&[
                "--market",
                "sea",
                "--industry",
                "social",
                "--format",
                "json",
            ]),
        );
        let mut args = ARGS.to_vec();
        let baseline = baseline.to_string_lossy().to_string();
        args.extend(["--fail-on", "block,incomplete", "--baseline", &baseline]);
        let output = assess()
            .args(&args)
            .args(["--format", "json"])
            .output()
            .expect("runs");
        let doc: Value = serde_json::from_slice(&output.stdout).expect("json");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(doc["gate"].is_object() && doc["assessments"][0]["changes"].is_object());
    }
}

mod gating {
    use super::*;

    #[test]
    fn a_produced_report_exits_0_without_a_gate() {
        assess()
            .args(["--market", "mena", "--industry", "social"])
            .assert()
            .code(0);
    }

    #[test]
    fn the_gate_trips_on_block_and_the_table_says_why() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--product",
                "single-region",
                "--fail-on",
                "block",
            ])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("Gate --fail-on block: tripped"))
            .stdout(predicate::str::contains(
                "sea × social × single-region: verdict block (deliverability, compliance)",
            ));
    }

    #[test]
    fn the_gate_passes_when_nothing_reaches_it() {
        assess()
            .args([
                "--market",
                "na",
                "--industry",
                "social",
                "--fail-on",
                "block",
            ])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Gate --fail-on block: passed"));
    }

    #[test]
    fn warn_trips_on_warnings_too() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--fail-on",
                "warn",
            ])
            .assert()
            .code(1);
    }

    #[test]
    fn an_incomplete_check_is_gateable() {
        let output = assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--fail-on",
                "incomplete",
                "--format",
                "json",
            ])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1));
        let doc: Value = serde_json::from_slice(&output.stdout).expect("json");
        assert_eq!(doc["gate"]["tripped"], true);
        assert!(
            doc["gate"]["reasons"][0]
                .as_str()
                .unwrap_or_default()
                .contains("incomplete (")
        );
    }

    #[test]
    fn an_unknown_gate_condition_is_a_usage_error() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--fail-on",
                "error",
            ])
            .assert()
            .code(2);
    }
}

mod overrides {
    use super::*;

    fn finding_rules(doc: &Value) -> Vec<String> {
        doc["assessments"][0]["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["findings"].as_array().cloned().unwrap_or_default())
            .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn set_changes_a_market_figure_and_cites_it_as_set() {
        let doc = document(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--set",
            "market.network.idle_latency_ms=120",
        ]);
        let rules = finding_rules(&doc);
        assert!(
            rules.contains(&"network.high-mobile-latency".to_string()),
            "{rules:?}"
        );
        let text = serde_json::to_string(&doc).expect("json");
        assert!(text.contains("--set market.network.idle_latency_ms=120"));
    }

    #[test]
    fn set_changes_an_industry_weight() {
        let before = document(&["--market", "sea", "--industry", "social"]);
        let after = document(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--set",
            "industry.channels.referral=0.9",
        ]);
        let share = |doc: &Value| {
            doc["assessments"][0]["channels"]
                .as_array()
                .and_then(|c| c.iter().find(|c| c["id"] == "referral"))
                .and_then(|c| c["share_pct"].as_u64())
                .unwrap_or(0)
        };
        assert!(share(&after) > share(&before));
    }

    #[test]
    fn set_changes_a_product_capability() {
        let doc = document(&[
            "--market",
            "sea",
            "--product",
            "single-region",
            "--set",
            "product.capabilities.edge_regions=[sea]",
        ]);
        assert!(!finding_rules(&doc).contains(&"deliverability.no-media-edge".to_string()));
    }

    #[test]
    fn an_unknown_path_is_exit_2_naming_the_path() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--set",
                "market.network.latency=1",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--set market.network.latency=1"))
            .stderr(predicate::str::contains("unknown field `latency`"));
    }

    #[test]
    fn a_wrongly_typed_value_is_exit_2_naming_the_expected_type() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--set",
                "market.network.idle_latency_ms=fast",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "--set market.network.idle_latency_ms=fast",
            ))
            .stderr(predicate::str::contains("expected a number"))
            .stderr(predicate::str::contains("f64").not());
        assess()
            .args([
                "--market",
                "sea",
                "--product",
                "global-rtc",
                "--set",
                "product.capabilities.max_resolution=4k",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown variant `4k`"));
    }

    #[test]
    fn a_product_path_without_a_product_is_exit_2() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--set",
                "product.target_cpi_usd=1",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("there is no product"));
    }
}

mod severities {
    use super::*;

    #[test]
    fn a_team_can_set_a_rules_severity_and_the_output_says_so() {
        let base = ["--market", "sea", "--industry", "social"];
        let doc = document(
            &[
                &base[..],
                &["--severity", "compliance.registration-duty=block"],
            ]
            .concat(),
        );
        let compliance = &doc["assessments"][0]["checks"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["id"] == "compliance").cloned())
            .expect("compliance");
        assert_eq!(compliance["verdict"], "block");
        let finding = compliance["findings"]
            .as_array()
            .and_then(|f| {
                f.iter()
                    .find(|f| f["rule"] == "compliance.registration-duty")
                    .cloned()
            })
            .expect("the finding");
        assert_eq!(finding["severity"], "block");
        assert_eq!(finding["severity_set_from"], "warn");
    }

    #[test]
    fn an_unknown_rule_or_level_is_a_located_input_error() {
        assess()
            .args(["--market", "sea", "--industry", "social"])
            .args(["--severity", "compliance.registraton-duty=info"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "did you mean `compliance.registration-duty`",
            ));
        assess()
            .args(["--market", "sea", "--industry", "social"])
            .args(["--severity", "compliance.registration-duty=loud"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "expected RULE=info, RULE=warn or RULE=block",
            ));
    }
}

mod baseline {
    use super::*;

    /// `--fail-on new` trips only on warn and block findings the baseline does
    /// not have: a team gates on what it introduced, not on known debt.
    #[test]
    fn the_new_only_gate_trips_on_new_findings_only() {
        let base = [
            "--market",
            "sea",
            "--industry",
            "social",
            "--as-of",
            "2026-12-01",
        ];
        // Before: a fast network, so the slow-network warning is not there.
        let mut before_args = base.to_vec();
        before_args.extend([
            "--set",
            "market.network.mobile_download_mbps=80",
            "--format",
            "json",
        ]);
        let before = temp_file("before-new.json", &stdout(&before_args));
        let same = temp_file(
            "same.json",
            &stdout(&[&base[..], &["--format", "json"]].concat()),
        );
        let gate = |baseline: &std::path::Path| {
            assess()
                .args(base)
                .args(["--set", "market.network.mobile_download_mbps=8"])
                .args([
                    "--fail-on",
                    "new",
                    "--baseline",
                    &baseline.to_string_lossy(),
                ])
                .output()
                .expect("runs")
        };
        let tripped = gate(&before);
        assert_eq!(tripped.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&tripped.stderr).contains("gate"));
        let known = assess()
            .args(base)
            .args(["--fail-on", "new", "--baseline", &same.to_string_lossy()])
            .output()
            .expect("runs");
        assert_eq!(
            known.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&known.stdout)
        );
    }

    #[test]
    fn the_new_only_gate_needs_a_baseline() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--fail-on",
                "new",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--baseline"));
    }

    #[test]
    fn a_baseline_shows_verdict_and_share_changes() {
        let before = stdout(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--product",
            "single-region",
            "--format",
            "json",
        ]);
        let path = temp_file("baseline.json", &before);
        let path = path.to_string_lossy().to_string();
        let doc = document(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--product",
            "single-region",
            "--set",
            "product.capabilities.edge_regions=[sea]",
            "--set",
            "product.capabilities.data_residency=[sea]",
            "--set",
            "product.capabilities.content_moderation=true",
            "--set",
            "product.capabilities.p95_rtt_ms={sea: 90}",
            "--set",
            "product.capabilities.age_assurance=true",
            "--set",
            "industry.channels.referral=0.6",
            "--baseline",
            &path,
        ]);
        let changes = &doc["assessments"][0]["changes"];
        assert_eq!(changes["in_baseline"], true);
        assert_eq!(changes["verdict"]["from"], "block");
        assert_eq!(changes["verdict"]["to"], "warn");
        assert!(
            changes["findings_removed"]
                .as_array()
                .expect("list")
                .iter()
                .any(|f| f["rule"] == "deliverability.no-media-edge")
        );
        let referral = changes["shares"]
            .as_array()
            .expect("list")
            .iter()
            .find(|s| s["channel"] == "referral")
            .expect("referral moved");
        assert!(referral["to"].as_u64() > referral["from"].as_u64());
        let table = stdout(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--product",
            "single-region",
            "--set",
            "industry.channels.referral=0.6",
            "--baseline",
            &path,
        ]);
        assert!(table.contains("Changes since the baseline"));
        assert!(table.contains("referral share"));
    }

    #[test]
    fn a_combination_missing_from_the_baseline_says_so() {
        let before = stdout(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--format",
            "json",
        ]);
        let path = temp_file("baseline-other.json", &before);
        let doc = document(&[
            "--market",
            "na",
            "--industry",
            "social",
            "--baseline",
            &path.to_string_lossy(),
        ]);
        assert_eq!(doc["assessments"][0]["changes"]["in_baseline"], false);
    }

    #[test]
    fn a_baseline_that_is_not_a_report_is_an_input_error() {
        let path = temp_file("not-a-report.json", "{\"hello\": 1}");
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--baseline",
                &path.to_string_lossy(),
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not an assess JSON report"));
    }
}

mod validate {
    use super::*;

    #[test]
    fn the_built_ins_are_valid() {
        assess()
            .arg("validate")
            .assert()
            .success()
            .stdout(predicate::str::starts_with("ok:"));
    }

    #[test]
    fn every_problem_is_reported_with_its_location() {
        let output = assess()
            .args(["validate", "tests/fixtures/bad-rules", "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2));
        let doc: Value = serde_json::from_slice(&output.stdout).expect("json");
        let problems = doc["problems"].as_array().expect("problems");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().all(|p| p["line"].as_u64() > Some(0)));
        let messages: Vec<&str> = problems
            .iter()
            .filter_map(|p| p["message"].as_str())
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("did you mean `idle_latency_ms`?"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("rule `network.type-error`"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("only with `for_each: channel`"))
        );
    }

    #[test]
    fn a_single_product_file_validates_against_the_catalog() {
        assess()
            .args(["validate", "tests/fixtures/cheap-target.yaml"])
            .assert()
            .success();
    }
}

mod narrowed_loading {
    use super::*;

    #[test]
    fn a_run_that_reads_only_its_markets_reports_the_same_as_one_that_reads_all() {
        let narrow = document(&["--market", "vn,ae,sea", "--industry", "social"]);
        let all = document(&["--market", "all", "--industry", "social"]);
        for assessment in narrow["assessments"].as_array().expect("assessments") {
            let same = all["assessments"]
                .as_array()
                .expect("assessments")
                .iter()
                .find(|a| a["market"]["id"] == assessment["market"]["id"])
                .expect("in the full run");
            assert_eq!(assessment, same, "{}", assessment["market"]["id"]);
        }
    }

    #[test]
    fn a_typo_is_still_suggested_from_every_market() {
        assess()
            .args(["--market", "vnn", "--industry", "social"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("did you mean `vn`?"));
    }
}

mod baseline_versions {
    use super::*;

    /// A real version-1 report (the `sea × social` JSON of the first release).
    const V1: &str = "tests/fixtures/baseline-v1.json";

    #[test]
    fn a_version_1_report_is_read_and_a_changed_message_is_a_change() {
        let doc = document(&["--market", "sea", "--industry", "social", "--baseline", V1]);
        let changes = &doc["assessments"][0]["changes"];
        assert_eq!(changes["in_baseline"], true);
        let changed = changes["findings_changed"].as_array().expect("changed");
        let hd = changed
            .iter()
            .find(|f| f["rule"] == "deliverability.promise-demands" && f["item"] == "hd-video")
            .expect("the HD promise's demands changed (now round trips), keyed by its item");
        assert_ne!(hd["from"], hd["to"]);
        for list in ["findings_added", "findings_removed"] {
            assert!(
                !changes[list]
                    .as_array()
                    .expect("list")
                    .iter()
                    .any(|f| f["rule"] == "deliverability.promise-demands"),
                "a changed finding is not also {list}"
            );
        }
    }

    #[test]
    fn a_report_of_a_future_version_says_to_regenerate_it() {
        let path = temp_file(
            "baseline-v9.json",
            r#"{"schema_version": 9, "assessments": []}"#,
        );
        assess()
            .args(["--market", "sea", "--industry", "social", "--baseline"])
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "schema_version 9 is not supported",
            ))
            .stderr(predicate::str::contains("regenerate"));
    }
}

/// Streamed reports (every machine format on stdout) are byte for byte the
/// reports written whole (`--output FORMAT=PATH`): with and without a gate,
/// with waivers, and in both languages.
#[test]
fn streamed_reports_are_the_whole_reports_byte_for_byte() {
    let waiving = crate::common::fixture("teams/products/waiving-app.yaml");
    for format in ["json", "jsonl", "yaml", "csv", "junit", "github"] {
        for run in [
            &["--market", "all", "--industry", "all"][..],
            &["--market", "all", "--industry", "social", "--lang", "zh"][..],
            &[
                "--market",
                "sea,br",
                "--product",
                &waiving,
                "--fail-on",
                "block,expired-waiver",
            ][..],
            &[
                "--market",
                "sea,na",
                "--product",
                "global-rtc",
                "--product",
                "single-region",
                "--fail-on",
                "warn",
                "--budget",
                "5000",
            ][..],
        ] {
            let file = crate::common::temp_dir(&format!("stream-{format}")).join("whole");
            let whole = crate::common::assess()
                .args(run)
                .arg("--output")
                .arg(format!("{format}={}", file.display()))
                .output()
                .expect("runs");
            assert!(matches!(whole.status.code(), Some(0 | 1)));
            let streamed = crate::common::assess()
                .args(run)
                .args(["--format", format])
                .output()
                .expect("runs");
            assert_eq!(streamed.status.code(), whole.status.code());
            let expected = std::fs::read(&file).expect("the whole report");
            assert!(
                streamed.stdout == expected,
                "{format} {run:?}: the streamed report differs"
            );
        }
    }
}

#[test]
fn jsonl_is_one_assessment_per_line() {
    let text = crate::common::stdout(&[
        "--market",
        "all",
        "--industry",
        "social",
        "--format",
        "jsonl",
    ]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 27);
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
        assert!(value["market"]["id"].is_string() && value["checks"].is_array());
    }
}
