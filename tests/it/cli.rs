//! Behaviour of the `assess` binary, driven through its real command line.

use crate::common::*;

use predicates::prelude::*;
use serde_json::Value;

fn check<'a>(assessment: &'a Value, id: &str) -> &'a Value {
    assessment["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("check {id} present"))
}

fn fired(assessment: &Value) -> Vec<String> {
    assessment["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn finding<'a>(assessment: &'a Value, rule: &str) -> &'a Value {
    assessment["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["findings"].as_array().into_iter().flatten())
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("finding {rule} present in {:?}", fired(assessment)))
}

fn messaging_ids(assessment: &Value) -> Vec<String> {
    assessment["messaging"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| m["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn top_three(assessment: &Value) -> Vec<String> {
    let mut ids: Vec<String> = assessment["channels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["test_first"] == true)
        .map(|c| c["id"].as_str().unwrap_or_default().to_string())
        .collect();
    ids.sort();
    ids
}

fn share_of(assessment: &Value, channel: &str) -> u64 {
    assessment["channels"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["id"] == channel)
        .and_then(|c| c["share_pct"].as_u64())
        .unwrap_or(0)
}

mod checks {
    use super::*;

    #[test]
    fn sea_social_warns_on_network_with_weak_network_action_and_expectations() {
        let a = first(&["--market", "sea", "--industry", "social"]);
        assert_eq!(check(&a, "network")["verdict"], "warn");
        let weak = check(&a, "network")["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["severity"] == "warn")
            .expect("a warning");
        let action = weak["action"].as_str().expect("an action");
        assert!(action.contains("weak-network optimisation"), "{action}");
        assert!(action.contains("low-end devices"), "{action}");
        assert!(messaging_ids(&a).contains(&"set-expectations".to_string()));
    }

    #[test]
    fn legacy_networks_warn_against_real_time_needs() {
        let a = first(&["--market", "ng", "--industry", "social"]);
        let f = finding(&a, "network.legacy-networks-realtime");
        assert_eq!(f["severity"], "warn");
        let legacy = &f["evidence"]["market.network.legacy_connections_pct"];
        assert!(legacy["value"].is_number(), "{legacy}");
        assert_eq!(legacy["scope"], "own", "{legacy}");
        assert_eq!(legacy["market"], "ng", "{legacy}");
        assert_eq!(legacy["file"], "markets/ng.yaml", "{legacy}");
        assert!(legacy["line"].as_u64().is_some_and(|l| l > 1), "{legacy}");
        assert!(!f["sources"].as_array().expect("sources").is_empty());
    }

    #[test]
    fn a_tool_without_real_time_media_is_not_held_to_network_bars() {
        let a = first(&["--market", "sea", "--industry", "tools"]);
        assert_eq!(check(&a, "network")["verdict"], "pass");
    }

    #[test]
    fn north_america_social_carries_privacy_messaging_with_its_confidence() {
        let a = first(&["--market", "na", "--industry", "social"]);
        let ids = messaging_ids(&a);
        assert!(ids.contains(&"privacy-transparency".to_string()), "{ids:?}");
        assert!(ids.contains(&"data-security".to_string()), "{ids:?}");
        let angle = &a["messaging"][ids
            .iter()
            .position(|i| i == "privacy-transparency")
            .unwrap_or(0)];
        assert!(
            angle["notes"][0]
                .as_str()
                .unwrap_or_default()
                .contains("confidence")
        );
    }

    #[test]
    fn middle_east_social_carries_hd_and_technical_strength_messaging() {
        let a = first(&["--market", "mena", "--industry", "social"]);
        let ids = messaging_ids(&a);
        assert!(ids.contains(&"show-hd-quality".to_string()), "{ids:?}");
        assert!(ids.contains(&"technical-strength".to_string()), "{ids:?}");
    }

    #[test]
    fn southeast_asia_carries_varied_play_messaging() {
        let a = first(&["--market", "sea", "--industry", "live-streaming"]);
        assert!(messaging_ids(&a).contains(&"varied-play-low-barrier".to_string()));
    }

    #[test]
    fn education_leads_with_brand_content_and_community() {
        for market in ["sea", "na", "mena"] {
            let a = first(&["--market", market, "--industry", "education"]);
            assert_eq!(
                top_three(&a),
                ["brand", "community", "content-seo"],
                "{market}"
            );
        }
    }

    #[test]
    fn live_streaming_leads_with_hosts_platforms_and_community() {
        for market in ["sea", "na", "mena"] {
            let a = first(&["--market", market, "--industry", "live-streaming"]);
            assert_eq!(
                top_three(&a),
                ["community", "live-hosts", "live-platforms"],
                "{market}"
            );
        }
    }

    #[test]
    fn crowded_channel_warns_and_is_down_weighted() {
        let a = first(&["--market", "sea", "--industry", "live-streaming"]);
        let f = finding(&a, "competition.crowded-channel");
        assert_eq!(f["severity"], "warn");
        let channels = a["channels"].as_array().expect("channels");
        let platforms = channels
            .iter()
            .find(|c| c["id"] == "live-platforms")
            .expect("live-platforms in the mix");
        assert!(
            platforms["because"]
                .as_array()
                .expect("because")
                .iter()
                .any(|r| r == "competition.crowded-channel")
        );
    }

    #[test]
    fn crowded_paid_ads_on_a_fixture_market_lose_share() {
        let overlay = fixture("crowded");
        let crowded = first(&[
            "--profiles",
            &overlay,
            "--market",
            "crowdland",
            "--industry",
            "social",
        ]);
        let calm = first(&[
            "--profiles",
            &overlay,
            "--market",
            "calmland",
            "--industry",
            "social",
        ]);
        assert!(fired(&crowded).contains(&"competition.crowded-channel".to_string()));
        assert!(!fired(&calm).contains(&"competition.crowded-channel".to_string()));
        assert!(share_of(&crowded, "performance-ads") < share_of(&calm, "performance-ads"));
    }

    #[test]
    fn installs_above_the_product_target_move_weight_elsewhere() {
        let product = fixture("cheap-target.yaml");
        let a = first(&[
            "--market",
            "sea",
            "--product",
            &product,
            "--set",
            "market.channels.performance-ads.cpi.social=0.9",
        ]);
        let f = finding(&a, "competition.installs-above-target");
        assert_eq!(f["evidence"]["product.target_cpi_usd"]["value"], 0.5);
        assert_eq!(
            f["evidence"]["channel[performance-ads].cpi_usd"]["scope"],
            "set"
        );
        let channels = a["channels"].as_array().expect("channels");
        let paid = channels
            .iter()
            .find(|c| c["id"] == "performance-ads")
            .expect("paid");
        assert!(
            paid["because"]
                .as_array()
                .expect("because")
                .iter()
                .any(|r| r == "competition.installs-above-target")
        );
    }

    #[test]
    fn without_a_product_deliverability_states_what_the_market_demands() {
        let a = first(&["--market", "sea", "--industry", "social"]);
        let d = check(&a, "deliverability");
        assert_eq!(
            d["verdict"], "not-assessed",
            "examined nothing: never a pass"
        );
        assert_eq!(d["complete"], true, "nothing was unknown either");
        assert_eq!(a["not_assessed"], serde_json::json!(["deliverability"]));
        assert_ne!(a["verdict"], "not-assessed");
        let demands: Vec<&Value> = d["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == "deliverability.promise-demands")
            .collect();
        assert_eq!(demands.len(), 3, "one per promise the industry makes");
        assert!(demands.iter().all(|f| f["severity"] == "info"));
        assert!(!d["not_applicable"].as_array().expect("list").is_empty());
    }

    #[test]
    fn single_region_stack_is_blocked_in_southeast_asia_and_global_rtc_is_not() {
        let single = first(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--product",
            "single-region",
        ]);
        let d = check(&single, "deliverability");
        assert_eq!(d["verdict"], "block");
        let no_edge = finding(&single, "deliverability.no-media-edge");
        assert!(
            no_edge["action"]
                .as_str()
                .unwrap_or_default()
                .contains("Change the promise or the stack")
        );
        let global = first(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--product",
            "global-rtc",
        ]);
        assert_ne!(check(&global, "deliverability")["verdict"], "block");
    }

    #[test]
    fn promises_the_stack_cannot_keep_are_findings() {
        let product = fixture("full-hd-720.yaml");
        let a = first(&["--market", "sea", "--product", &product]);
        let rules = fired(&a);
        for rule in [
            "deliverability.resolution-short-of-promise",
            "deliverability.loss-tolerance-short-of-promise",
            "deliverability.latency-over-promise",
        ] {
            assert!(rules.contains(&rule.to_string()), "{rule} in {rules:?}");
        }
        assert_eq!(
            finding(&a, "deliverability.resolution-short-of-promise")["severity"],
            "block"
        );
    }

    #[test]
    fn approval_transfers_and_strict_moderation_block_an_unprepared_stack() {
        let a = first(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--product",
            "single-region",
        ]);
        let rules = fired(&a);
        assert!(rules.contains(&"compliance.approval-transfer-without-residency".to_string()));
        assert!(rules.contains(&"compliance.strict-moderation-ugc-unmoderated".to_string()));
        assert_eq!(check(&a, "compliance")["verdict"], "block");
    }

    #[test]
    fn strict_localisation_and_call_restrictions_block() {
        let overlay = fixture("strict");
        let a = first(&[
            "--profiles",
            &overlay,
            "--market",
            "strictland",
            "--industry",
            "social",
            "--product",
            "single-region",
        ]);
        let rules = fired(&a);
        assert!(rules.contains(&"compliance.strict-localization-without-residency".to_string()));
        assert!(rules.contains(&"compliance.realtime-calls-restricted".to_string()));
        assert_eq!(check(&a, "compliance")["verdict"], "block");
    }

    #[test]
    fn registration_gifts_and_minors_carry_their_actions() {
        let a = first(&["--market", "sea", "--industry", "social"]);
        assert_eq!(
            finding(&a, "compliance.registration-duty")["severity"],
            "warn"
        );
        assert_eq!(
            finding(&a, "compliance.virtual-gifts-restricted")["severity"],
            "warn"
        );
        let minors = finding(&a, "compliance.minors-consent-age");
        assert!(
            minors["action"]
                .as_str()
                .unwrap_or_default()
                .contains("parental consent")
        );
    }
}

mod outcomes {
    use super::*;

    #[test]
    fn missing_data_leaves_a_check_incomplete_and_names_the_paths() {
        let a = first(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--set",
            "market.network.legacy_connections_pct=null",
        ]);
        let network = check(&a, "network");
        assert_eq!(network["complete"], false);
        let missing = network["not_evaluated"]
            .as_array()
            .expect("list")
            .iter()
            .find(|n| n["rule"] == "network.legacy-networks-realtime")
            .expect("the legacy rule could not be evaluated");
        assert_eq!(
            missing["missing"][0],
            "market.network.legacy_connections_pct"
        );
        assert_eq!(a["complete"], false);
    }

    #[test]
    fn rules_that_need_a_product_are_not_applicable_without_one() {
        let a = first(&["--market", "na", "--industry", "social"]);
        let deliverability = check(&a, "deliverability");
        let not_applicable = deliverability["not_applicable"].as_array().expect("list");
        assert!(
            not_applicable
                .iter()
                .any(|r| r == "deliverability.no-media-edge")
        );
    }

    #[test]
    fn a_blocked_assessment_still_shows_its_mix_marked_resolve_first() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--product",
                "single-region",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "[blocked: resolve first] Test first:",
            ));
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--product",
                "single-region",
            ])
            .arg("--detail")
            .assert()
            .success()
            .stdout(predicate::str::contains("blocked: resolve first"))
            .stdout(predicate::str::contains("Channel mix"));
    }
}

mod contract {
    use super::*;

    #[test]
    fn json_keys_come_in_the_documented_order() {
        let output = assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--format",
                "json",
            ])
            .output()
            .expect("runs");
        let text = String::from_utf8(output.stdout).expect("utf-8");
        // Pretty JSON indents each level by two spaces, so an object's keys share an indent.
        let keys_at = |indent: usize, wanted: &[&str]| -> Vec<String> {
            let mut keys: Vec<String> = Vec::new();
            for line in text.lines() {
                let rest = &line[line.len() - line.trim_start().len()..];
                if line.len() - rest.len() != indent {
                    continue;
                }
                if let Some(key) = rest
                    .strip_prefix('"')
                    .and_then(|r| r.split_once("\":"))
                    .map(|(k, _)| k)
                    && wanted.contains(&key)
                    && !keys.iter().any(|k| k == key)
                {
                    keys.push(key.to_string());
                }
            }
            keys
        };
        let expect = |indent: usize, keys: &[&str]| assert_eq!(keys_at(indent, keys), keys);
        expect(2, &["schema_version", "tool_version", "assessments"]);
        expect(
            6,
            &[
                "market",
                "industry",
                "product",
                "verdict",
                "complete",
                "not_assessed",
                "checks",
                "channels",
                "messaging",
                "sources",
                "oldest_source_date",
            ],
        );
        expect(
            10,
            &[
                "id",
                "verdict",
                "complete",
                "findings",
                "not_evaluated",
                "not_applicable",
            ],
        );
        expect(
            10,
            &[
                "id",
                "name",
                "rank",
                "share_pct",
                "test_first",
                "platforms",
                "because",
            ],
        );
        expect(
            14,
            &[
                "rule", "severity", "message", "action", "evidence", "sources",
            ],
        );
        expect(14, &["rule", "missing"]);
        expect(18, &["value", "scope", "market", "file", "line"]);
        let document: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(document["schema_version"], 2);
        let ids: Vec<&Value> = document["assessments"][0]["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .map(|c| &c["id"])
            .collect();
        assert_eq!(
            ids,
            ["network", "competition", "deliverability", "compliance"]
        );
        assert!(document["assessments"][0]["product"].is_null());
    }

    #[test]
    fn printed_shares_sum_to_exactly_100() {
        for market in ["sea", "na", "mena"] {
            for industry in ["social", "education", "live-streaming"] {
                let a = first(&["--market", market, "--industry", industry]);
                let total: u64 = a["channels"]
                    .as_array()
                    .expect("channels")
                    .iter()
                    .filter_map(|c| c["share_pct"].as_u64())
                    .sum();
                assert_eq!(total, 100, "{market} × {industry}");
            }
        }
    }

    #[test]
    fn product_share_constraints_hold() {
        let product = fixture("cheap-target.yaml");
        let a = first(&["--market", "sea", "--product", &product]);
        let referral = share_of(&a, "referral");
        assert!((20..=30).contains(&referral), "referral {referral}");
    }

    #[test]
    fn two_runs_are_byte_identical() {
        for format in ["table", "json"] {
            let run = || {
                assess()
                    .args([
                        "--market",
                        "sea,na",
                        "--industry",
                        "social",
                        "--format",
                        format,
                    ])
                    .output()
                    .expect("runs")
                    .stdout
            };
            assert_eq!(run(), run(), "{format}");
        }
    }

    #[test]
    fn findings_cite_the_sources_of_their_evidence() {
        let a = first(&["--market", "ng", "--industry", "social"]);
        let f = finding(&a, "network.legacy-networks-realtime");
        let sources = f["sources"].as_array().expect("sources");
        assert!(sources.iter().all(|s| s["date"].is_string()));
        let regulator = sources
            .iter()
            .find(|s| {
                s["publisher"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("Nigerian Communications Commission")
            })
            .expect("the regulator's figure is cited");
        assert!(
            regulator["url"]
                .as_str()
                .unwrap_or_default()
                .starts_with("https://")
        );
        let message = f["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("(Nigerian Communications Commission")
                && message.ends_with(", Dec 2025)"),
            "the message says who measured the figure and when: {message}"
        );
        assert!(a["oldest_source_date"].is_string());
    }
}

mod errors {
    use super::*;

    #[test]
    fn an_unknown_market_suggests_the_nearest_id_and_exits_2() {
        assess()
            .args(["--market", "seaa", "--industry", "social"])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "unknown market `seaa`; did you mean `sea`?",
            ));
    }

    #[test]
    fn an_unknown_industry_suggests_the_nearest_id() {
        assess()
            .args(["--market", "sea", "--industry", "socail"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("did you mean `social`?"));
    }

    #[test]
    fn a_broken_profile_is_a_located_error() {
        let overlay = fixture("broken");
        assess()
            .args([
                "--profiles",
                &overlay,
                "--market",
                "sea",
                "--industry",
                "social",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("markets/sea.yaml:4:23:"))
            .stderr(predicate::str::contains(
                "140 is out of range; expected a percentage from 0 to 100",
            ))
            .stderr(predicate::str::contains("panicked").not());
    }

    #[test]
    fn a_rule_that_does_not_compile_names_the_file_rule_and_position() {
        let overlay = fixture("broken-rule");
        assess()
            .args([
                "--profiles",
                &overlay,
                "--market",
                "sea",
                "--industry",
                "social",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("rules/network.yaml:2:"))
            .stderr(predicate::str::contains("rule `network.broken`"));
    }

    #[test]
    fn a_missing_product_file_and_a_directory_are_input_errors() {
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--product",
                "no/such.yaml",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no such file"));
        assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--product",
                "tests/",
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is a directory"));
    }

    #[test]
    fn usage_errors_exit_2() {
        assess().args(["--market"]).assert().code(2);
        assess()
            .args(["--industry", "social"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no market given"));
        assess()
            .args(["--market", "sea", "--format", "xml"])
            .assert()
            .code(2);
    }

    #[test]
    fn help_and_version_exit_0() {
        assess()
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("--market"));
        assess().arg("--version").assert().success();
    }
}

mod io {
    use super::*;
    use std::io::Read;
    use std::process::Stdio;

    #[test]
    fn a_closed_pipe_ends_quietly() {
        let binary = assert_cmd::cargo::cargo_bin("assess");
        let mut child = std::process::Command::new(binary)
            .args(["--market", "all", "--industry", "all", "--format", "json"])
            .env_remove("LANG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let output = child.wait_with_output().expect("exits");
        assert_eq!(output.status.code(), Some(0));
        assert!(
            output.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    #[test]
    fn an_overlay_restates_a_figure_and_disables_a_rule() {
        let overlay = fixture("overlay");
        let a = first(&[
            "--profiles",
            &overlay,
            "--market",
            "sea",
            "--industry",
            "social",
        ]);
        assert!(!fired(&a).contains(&"network.slow-mobile-video".to_string()));
        assert!(!fired(&a).contains(&"compliance.registration-duty".to_string()));
        let carries = finding(&a, "network.carries-hd-easily");
        let download = &carries["evidence"]["market.network.mobile_download_mbps"];
        assert_eq!(download["value"], 300.0);
        assert_eq!(download["scope"], "own");
        assert!(
            download["file"]
                .as_str()
                .unwrap_or_default()
                .ends_with("fixtures/overlay/markets/sea.yaml"),
            "the value points at the overlay line that states it: {download}"
        );
        assert_eq!(download["line"], 4);
        let titles: Vec<&Value> = carries["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .map(|s| &s["title"])
            .collect();
        assert!(
            titles.contains(&&Value::from("Team measurement (fixture)")),
            "{titles:?}"
        );
        assert!(
            !titles
                .iter()
                .any(|t| t.as_str().unwrap_or_default().contains("Philippines")),
            "{titles:?}"
        );
    }

    #[test]
    fn the_environment_names_overlays_too() {
        let overlay = fixture("overlay");
        let output = assess()
            .env("ASSESS_PROFILES", &overlay)
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--format",
                "json",
            ])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Team measurement (fixture)"));
    }

    #[test]
    fn colour_only_when_asked_and_never_in_a_pipe() {
        let plain = assess()
            .args(["--market", "sea", "--industry", "social"])
            .output()
            .expect("runs");
        assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
        let forced = assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--color",
                "always",
            ])
            .output()
            .expect("runs");
        assert!(String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'));
    }

    #[test]
    fn list_shows_every_kind() {
        assess()
            .args(["list", "markets"])
            .assert()
            .success()
            .stdout(predicate::str::contains("sea"));
        assess()
            .args(["list", "industries"])
            .assert()
            .success()
            .stdout(predicate::str::contains("education"));
        assess()
            .args(["list", "channels"])
            .assert()
            .success()
            .stdout(predicate::str::contains("performance-ads"));
        assess()
            .args(["list", "rules"])
            .assert()
            .success()
            .stdout(predicate::str::contains("network.legacy-networks-realtime"));
        assess()
            .args(["list", "products"])
            .assert()
            .success()
            .stdout(predicate::str::contains("global-rtc"));
        let output = assess()
            .args(["list", "channels", "--format", "json"])
            .output()
            .expect("runs");
        let list: Value = serde_json::from_slice(&output.stdout).expect("json");
        assert_eq!(list.as_array().map(Vec::len), Some(11));
    }
}

mod snapshots {
    use super::*;

    fn stdout(args: &[&str]) -> String {
        let output = assess().args(args).output().expect("runs");
        assert!(output.status.success());
        String::from_utf8(output.stdout).expect("utf-8")
    }

    #[test]
    fn sea_social_table() {
        insta::assert_snapshot!(stdout(&["--market", "sea", "--industry", "social"]));
    }

    #[test]
    fn sea_social_table_in_full() {
        insta::assert_snapshot!(stdout(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--detail"
        ]));
    }

    #[test]
    fn sea_social_json() {
        let text = stdout(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--format",
            "json",
        ])
        .replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(text);
    }
}

/// Each subcommand lists and accepts only the options it reads; options
/// given before the subcommand still apply to it.
#[test]
fn a_subcommand_offers_only_the_options_it_reads() {
    let refused = [
        &["man", "--lang", "zh"][..],
        &["list", "markets", "--color", "always"][..],
        &["list", "markets", "--as-of", "2026-01-01"][..],
        &["init", "market", "x", "--profiles", "team"][..],
        &["schema", "market", "--lang", "zh"][..],
        &["completions", "bash", "--as-of", "2026-01-01"][..],
    ];
    for args in refused {
        let output = crate::common::assess().args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("unexpected argument"),
            "{args:?}"
        );
    }
    let man_help = crate::common::stdout(&["man", "--help"]);
    for option in ["--lang", "--profiles", "--as-of", "--color"] {
        assert!(!man_help.contains(option), "man lists {option}");
    }
    let list_help = crate::common::stdout(&["list", "--help"]);
    assert!(list_help.contains("--lang") && list_help.contains("--profiles"));
    assert!(!list_help.contains("--color") && !list_help.contains("--as-of"));
    // Before the subcommand, an option applies to it; after, where it is read.
    let before = crate::common::stdout(&["--lang", "zh", "list", "industries"]);
    let after = crate::common::stdout(&["list", "industries", "--lang", "zh"]);
    assert_eq!(before, after);
    assert!(after.contains("社交"));
}
