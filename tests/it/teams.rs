//! Rule authoring for teams: `assess test`, waivers, JUnit and GitHub outputs,
//! and several outputs in one run.

use crate::common::*;

use predicates::prelude::*;
use serde_json::Value;

const TEAMS: &str = "tests/fixtures/teams";
const PRODUCT: &str = "tests/fixtures/teams/products/waiving-app.yaml";

mod rule_tests {
    use super::*;

    #[test]
    fn the_built_in_rules_are_covered_both_ways() {
        assess()
            .args(["test", "--require-coverage"])
            .assert()
            .success()
            .stdout(predicate::str::contains("coverage: all"))
            .stdout(predicate::str::contains(" passed, 0 failed"));
    }

    #[test]
    fn passing_cases_pass() {
        assess()
            .args(["test", "tests/fixtures/teams/rule-tests/passing.test.yaml"])
            .assert()
            .success()
            .stdout(predicate::str::contains("2 passed, 0 failed"));
    }

    #[test]
    fn a_failing_case_exits_1_and_shows_the_difference() {
        assess()
            .args(["test", &format!("{TEAMS}/rule-tests")])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("FAIL"))
            .stdout(predicate::str::contains(
                "expected `network.carries-hd-easily` to fire; it did not: quiet (",
            ))
            .stdout(predicate::str::contains(
                "expected `network.slow-mobile-video` to stay quiet; it was: fired",
            ))
            .stdout(predicate::str::contains(
                "expected verdict network = block; got warn",
            ))
            .stdout(predicate::str::contains(
                "expected `brand` among the test-first channels",
            ))
            .stdout(predicate::str::contains("2 passed, 1 failed"));
    }

    #[test]
    fn no_cases_found_exits_2() {
        let dir = temp_dir("empty");
        assess()
            .args(["test", &dir.to_string_lossy()])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no test cases found"));
    }

    #[test]
    fn coverage_gating_fails_when_rules_are_uncovered() {
        assess()
            .args([
                "test",
                "tests/fixtures/teams/rule-tests/passing.test.yaml",
                "--require-coverage",
            ])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("never fired:"));
        assess()
            .args(["test", "tests/fixtures/teams/rule-tests/passing.test.yaml"])
            .assert()
            .success();
    }

    #[test]
    fn the_json_report_lists_cases_and_coverage() {
        let output = assess()
            .args(["test", &format!("{TEAMS}/rule-tests"), "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1));
        let report: Value = serde_json::from_slice(&output.stdout).expect("json");
        assert_eq!(report["passed"], 2);
        assert_eq!(report["failed"], 1);
        assert!(
            report["coverage"]["never_fired"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        );
    }
}

mod waivers {
    use super::*;

    #[test]
    fn a_waiver_moves_a_finding_to_its_own_list_with_its_reason() {
        let doc = document(&[
            "--market",
            "sea",
            "--product",
            PRODUCT,
            "--as-of",
            "2026-11-28",
        ]);
        let a = &doc["assessments"][0];
        let waived = a["waived"].as_array().expect("waived");
        let registration = waived
            .iter()
            .find(|w| w["rule"] == "compliance.registration-duty")
            .expect("waived");
        assert!(
            registration["reason"]
                .as_str()
                .unwrap_or_default()
                .contains("LEGAL-42")
        );
        assert_eq!(registration["until"], "2027-12-31");
        let compliance = a["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["id"] == "compliance")
            .expect("compliance");
        assert!(
            !compliance["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|f| f["rule"] == "compliance.registration-duty")
        );
    }

    /// The waiver audit: expired and unused waivers can fail the run, and
    /// `--no-waivers` shows what the waivers hide.
    #[test]
    fn expired_and_unused_waivers_can_fail_the_run() {
        let args = [
            "--market",
            "sea",
            "--product",
            "tests/fixtures/teams/products/waiving-app.yaml",
            "--as-of",
            "2026-12-01",
        ];
        assess().args(args).assert().code(0);
        assess()
            .args(args)
            .args(["--fail-on", "expired-waiver", "--format", "json"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(
                "waiver for compliance.virtual-gifts-restricted expired on 2025-06-30",
            ));
        assess()
            .args(args)
            .args(["--fail-on", "unused-waiver", "--format", "json"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(
                "waiver for compliance.ai-disclosure-duty accepted no finding",
            ));
    }

    #[test]
    fn no_waivers_shows_what_the_waivers_hide() {
        let args = [
            "--market",
            "sea",
            "--product",
            "tests/fixtures/teams/products/waiving-app.yaml",
            "--format",
            "json",
            "--as-of",
            "2026-12-01",
        ];
        let rules = |extra: &[&str]| {
            let output = assess().args(args).args(extra).output().expect("runs");
            let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
            let text = doc["assessments"][0]["checks"].to_string();
            (
                text.contains("compliance.registration-duty"),
                doc["assessments"][0]["waived"]
                    .as_array()
                    .map_or(0, Vec::len),
            )
        };
        assert_eq!(rules(&[]), (false, 1));
        assert_eq!(rules(&["--no-waivers"]), (true, 0));
    }

    #[test]
    fn waived_findings_do_not_count_toward_the_gate() {
        let dir = temp_dir("waive-all");
        let waivers = dir.join("waivers.yaml");
        std::fs::write(
            &waivers,
            "- rule: compliance.approval-transfer-without-residency\n  reason: Transfer approval granted (fixture)\n\
             - rule: compliance.strict-moderation-ugc-unmoderated\n  reason: Moderation vendor signed (fixture)\n\
             - rule: deliverability.no-media-edge\n  reason: Edge contract signed (fixture)\n\
             - rule: deliverability.latency-over-planning-cap\n  reason: fixture\n\
             - rule: compliance.age-assurance-missing\n  reason: Age checks ship at launch (fixture)\n",
        )
        .expect("write");
        let args = [
            "--market",
            "sea",
            "--industry",
            "social",
            "--product",
            "single-region",
            "--fail-on",
            "block",
        ];
        assess().args(args).assert().code(1);
        assess()
            .args(args)
            .args(["--waivers", &waivers.to_string_lossy()])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Waived (accepted on the record)"));
    }

    #[test]
    fn a_waiver_scoped_to_a_region_covers_its_countries_and_nothing_else() {
        let sea = document(&[
            "--market",
            "id",
            "--product",
            PRODUCT,
            "--as-of",
            "2026-11-28",
        ]);
        assert!(
            sea["assessments"][0]["waived"]
                .as_array()
                .expect("waived")
                .iter()
                .any(|w| w["rule"] == "compliance.registration-duty")
        );
        let mena = document(&[
            "--market",
            "mena",
            "--product",
            PRODUCT,
            "--as-of",
            "2026-11-28",
        ]);
        let mena = &mena["assessments"][0];
        assert!(
            !mena["waived"]
                .as_array()
                .expect("waived")
                .iter()
                .any(|w| w["rule"] == "compliance.registration-duty")
        );
        let compliance = mena["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["id"] == "compliance")
            .expect("compliance");
        assert!(
            compliance["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|f| f["rule"] == "compliance.registration-duty")
        );
    }

    #[test]
    fn an_expired_waiver_no_longer_applies_and_is_reported() {
        let output = assess()
            .args([
                "--market",
                "sea",
                "--product",
                PRODUCT,
                "--as-of",
                "2026-11-28",
                "--format",
                "json",
            ])
            .output()
            .expect("runs");
        let doc: Value = serde_json::from_slice(&output.stdout).expect("json");
        let a = &doc["assessments"][0];
        assert!(
            !a["waived"]
                .as_array()
                .expect("waived")
                .iter()
                .any(|w| w["rule"] == "compliance.virtual-gifts-restricted")
        );
        assert!(
            doc["waivers"]["expired"]
                .as_array()
                .expect("expired")
                .iter()
                .any(|w| w["rule"] == "compliance.virtual-gifts-restricted")
        );
        assert!(String::from_utf8_lossy(&output.stderr).contains("expired on 2025-06-30"));
        let before = document(&[
            "--market",
            "sea",
            "--product",
            PRODUCT,
            "--as-of",
            "2025-01-01",
        ]);
        assert!(
            before["assessments"][0]["waived"]
                .as_array()
                .expect("waived")
                .iter()
                .any(|w| w["rule"] == "compliance.virtual-gifts-restricted")
        );
    }

    #[test]
    fn a_waiver_that_matches_nothing_is_reported() {
        let doc = document(&[
            "--market",
            "sea",
            "--product",
            PRODUCT,
            "--as-of",
            "2026-11-28",
        ]);
        assert!(
            doc["waivers"]["unused"]
                .as_array()
                .expect("unused")
                .iter()
                .any(|w| w["rule"] == "compliance.ai-disclosure-duty")
        );
        assess()
            .args([
                "--market",
                "sea",
                "--product",
                PRODUCT,
                "--as-of",
                "2026-11-28",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "Waiver that matched nothing: compliance.ai-disclosure-duty",
            ));
    }

    #[test]
    fn a_waiver_needs_a_reason_and_a_known_rule() {
        let dir = temp_dir("bad-waivers");
        let path = dir.join("waivers.yaml");
        std::fs::write(
            &path,
            "- rule: compliance.registration-dutty\n  reason: \"\"\n",
        )
        .expect("write");
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--waivers",
                &path.to_string_lossy(),
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "did you mean `compliance.registration-duty`?",
            ))
            .stderr(predicate::str::contains("gives no reason"));
        std::fs::write(&path, "- rule: compliance.registration-duty\n").expect("write");
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--waivers",
                &path.to_string_lossy(),
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("missing field `reason`"));
    }
}

mod ci_outputs {
    use super::*;

    const RUN: [&str; 8] = [
        "--market",
        "sea,na",
        "--industry",
        "social",
        "--product",
        "single-region",
        "--product",
        "global-rtc",
    ];

    fn run(args: &[&str]) -> String {
        let output = assess().args(RUN).args(args).output().expect("runs");
        String::from_utf8(output.stdout).expect("utf-8")
    }

    #[test]
    fn junit_has_a_case_per_assessment_and_check_and_fails_blocks_by_default() {
        let text = run(&["--format", "junit"]);
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let suites: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        assert_eq!(suites.len(), 4);
        let cases: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), 16);
        let failed: Vec<String> = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .map(|c| {
                format!(
                    "{}/{}",
                    c.attribute("classname").unwrap_or(""),
                    c.attribute("name").unwrap_or("")
                )
            })
            .collect();
        assert!(
            failed.contains(&"sea.social.single-region/deliverability".to_string()),
            "{failed:?}"
        );
        assert!(
            !failed.iter().any(|f| f.contains("global-rtc")),
            "{failed:?}"
        );
        let root = doc.root_element();
        assert_eq!(root.attribute("tests"), Some("16"));
        assert_eq!(
            root.attribute("failures"),
            Some(failed.len().to_string().as_str())
        );
    }

    #[test]
    fn junit_follows_the_gate_and_the_default_does_not_change_the_exit_code() {
        let output = assess()
            .args(RUN)
            .args(["--format", "junit"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0));
        let text = run(&["--format", "junit", "--fail-on", "warn"]);
        let doc = roxmltree::Document::parse(&text).expect("XML");
        let failures = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count();
        let text = run(&["--format", "junit"]);
        let default = roxmltree::Document::parse(&text).expect("XML");
        assert!(
            failures
                > default
                    .descendants()
                    .filter(|n| n.has_tag_name("failure"))
                    .count()
        );
    }

    #[test]
    fn github_annotations_use_the_workflow_command_syntax() {
        let text = run(&["--format", "github"]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(!lines.is_empty());
        for line in &lines {
            assert!(
                line.starts_with("::error title=")
                    || line.starts_with("::warning title=")
                    || line.starts_with("::notice title="),
                "{line}"
            );
            let (properties, message) = line[2..].split_once("::").expect("command::message");
            assert!(!properties.contains('\n') && !message.is_empty());
        }
        // Properties escape `:` and `,`; the message keeps them (GitHub's rules).
        assert!(lines.contains(&"::error title=deliverability.no-media-edge (sea × social × single-region)::Southeast Asia × Social (1v1 video, matching): Your stack has no media edge in Southeast Asia: real-time traffic crosses continents, adding 150–300 ms → Change the promise or the stack: add an edge in the region, or use a provider with nodes there, before marketing real-time features"), "{text}");
        assert!(lines.iter().any(|l| {
            l.starts_with("::warning title=network.poor-video-call-quality (sea × social × ")
        }));
        assert!(lines.iter().any(|l| l.starts_with("::notice title=")));
    }

    #[test]
    fn github_annotations_stay_within_what_github_shows() {
        let output = assess()
            .args(["--market", "all", "--industry", "all", "--format", "github"])
            .args(["--fail-on", "block", "--as-of", "2026-12-01"])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&output.stdout);
        let count = |kind: &str| text.lines().filter(|l| l.starts_with(kind)).count();
        assert_eq!(count("::error "), 10, "{text}");
        assert_eq!(count("::warning "), 10, "{text}");
        assert_eq!(count("::notice "), 1, "{text}");
        // The gate's reasons are the worst errors: they come first.
        assert!(
            text.starts_with("::error title=assess --fail-on::"),
            "{text}"
        );
        let notice = text.lines().last().unwrap_or_default();
        assert!(
            notice.contains("162 assessment(s)") && notice.contains("markdown"),
            "{notice}"
        );
    }

    #[test]
    fn several_outputs_in_one_run() {
        let dir = temp_dir("outputs");
        let junit = dir.join("report.xml");
        let summary = dir.join("summary.md");
        let json_path = dir.join("report.json");
        let output = assess()
            .args(RUN)
            .args([
                "--fail-on",
                "block",
                "--output",
                &format!("junit={}", junit.display()),
                "--output",
                &format!("markdown={}", summary.display()),
                "--output",
                &format!("json={}", json_path.display()),
            ])
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(1),
            "the gate still decides the exit code"
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("Gate --fail-on block: tripped"),
            "the table stays on stdout"
        );
        roxmltree::Document::parse(&std::fs::read_to_string(&junit).expect("junit written"))
            .expect("XML");
        assert!(
            std::fs::read_to_string(&summary)
                .expect("markdown written")
                .starts_with("## assess")
        );
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&json_path).expect("json written"))
                .expect("json");
        assert_eq!(doc["assessments"].as_array().map(Vec::len), Some(4));
        assert_eq!(doc["gate"]["tripped"], true);
    }

    #[test]
    fn a_bad_output_argument_is_exit_2() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--output",
                "xml=out.xml",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown format `xml`"));
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--output",
                "json",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("expected FORMAT=PATH"));
    }
}

/// `--require-coverage` with overlays measures the rules the overlays define
/// or change, so a team's CI passes when its own rules are covered.
mod team_coverage {
    use super::*;

    fn run_coverage(extra: &[&str]) -> std::process::Output {
        assess()
            .args(["--profiles", "tests/fixtures/team-coverage", "test"])
            .args([
                "tests/fixtures/team-coverage/rule-tests",
                "--require-coverage",
            ])
            .args(extra)
            .output()
            .expect("runs")
    }

    #[test]
    fn a_team_whose_rules_are_covered_passes() {
        let output = run_coverage(&[]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{stdout}");
        assert!(
            stdout.contains("coverage: the 1 rule that the overlays define or change fired"),
            "{stdout}"
        );
    }

    #[test]
    fn all_rules_counts_the_built_in_ones_too() {
        let output = run_coverage(&["--all-rules"]);
        assert_eq!(output.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&output.stdout).contains("never fired: network."));
    }
}
