//! Explanations, Chinese output, budget planning, and the comforts of the CLI:
//! show, init, completions, man, help.

use crate::common::*;

use predicates::prelude::*;
use serde_json::Value;

mod reasoning {
    use super::*;

    #[test]
    fn the_trace_names_every_rule_with_its_outcome_and_values() {
        let a = first(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--explain",
            "--set",
            "market.network.mobile_download_mbps=12",
            "--set",
            "market.network.legacy_connections_pct=null",
        ]);
        let rules = a["trace"]["rules"].as_array().expect("trace rules");
        let outcomes: Vec<&str> = rules.iter().filter_map(|r| r["outcome"].as_str()).collect();
        for outcome in ["fired", "quiet", "not_evaluated", "not_applicable"] {
            assert!(
                outcomes.contains(&outcome),
                "{outcome} missing from {outcomes:?}"
            );
        }
        let slow = rules
            .iter()
            .find(|r| r["rule"] == "network.slow-mobile-video")
            .expect("traced");
        assert_eq!(slow["outcome"], "fired");
        assert_eq!(slow["values"]["market.network.mobile_download_mbps"], 12.0);
        assert!(
            slow["effect"]
                .as_str()
                .unwrap_or_default()
                .starts_with("warn")
        );
        let legacy = rules
            .iter()
            .find(|r| r["rule"] == "network.legacy-networks-realtime")
            .expect("traced");
        assert_eq!(
            legacy["missing"][0],
            "market.network.legacy_connections_pct"
        );
        let listed = stdout(&["list", "rules", "--format", "json"]);
        let listed: Value = serde_json::from_str(&listed).expect("json");
        for rule in listed.as_array().expect("rules") {
            assert!(
                rules.iter().any(|r| r["rule"] == rule["id"]),
                "{} not traced",
                rule["id"]
            );
        }
    }

    #[test]
    fn each_share_is_explained_from_base_weight_to_final_share() {
        let a = first(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--explain",
            "--set",
            "market.channels.performance-ads.cpi.social=0.6",
        ]);
        let channels = a["trace"]["channels"].as_array().expect("trace channels");
        let proportional: f64 = channels
            .iter()
            .filter_map(|c| c["proportional_pct"].as_f64())
            .sum();
        assert!((proportional - 100.0).abs() < 1e-6);
        for c in channels {
            let mut weight =
                c["base_weight"].as_f64().unwrap_or(0.0) * c["fit"].as_f64().unwrap_or(0.0);
            for step in c["steps"].as_array().into_iter().flatten() {
                weight *= step["factor"].as_f64().unwrap_or(0.0);
                assert!((weight - step["weight_after"].as_f64().unwrap_or(0.0)).abs() < 1e-9);
            }
            assert!((weight - c["raw_weight"].as_f64().unwrap_or(0.0)).abs() < 1e-9);
        }
        let paid = channels
            .iter()
            .find(|c| c["channel"] == "performance-ads")
            .expect("paid");
        assert_eq!(paid["steps"][0]["rule"], "competition.cheap-paid-installs");
    }

    #[test]
    fn the_explain_subcommand_is_the_same_as_the_flag() {
        assert_eq!(
            stdout(&["explain", "--market", "sea", "--industry", "social"]),
            stdout(&["--market", "sea", "--industry", "social", "--explain"])
        );
    }

    #[test]
    fn without_explain_there_is_no_trace() {
        let a = first(&["--market", "sea", "--industry", "social"]);
        assert!(a.get("trace").is_none());
    }

    #[test]
    fn sea_social_explained() {
        insta::assert_snapshot!(stdout(&[
            "explain",
            "--market",
            "sea",
            "--industry",
            "social"
        ]));
    }
}

mod chinese {
    use super::*;

    #[test]
    fn sea_social_in_chinese() {
        insta::assert_snapshot!(stdout(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--lang",
            "zh"
        ]));
    }

    #[test]
    fn a_chinese_locale_selects_chinese_for_tables_but_not_for_json() {
        let table = assess()
            .env("LANG", "zh_CN.UTF-8")
            .args(["--market", "sea", "--industry", "social"])
            .output()
            .expect("runs");
        let table = String::from_utf8_lossy(&table.stdout);
        assert!(
            table.contains("东南亚") && table.contains("渠道组合"),
            "{table}"
        );
        let json = assess()
            .env("LANG", "zh_CN.UTF-8")
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
        let doc: Value = serde_json::from_slice(&json.stdout).expect("json");
        assert_eq!(doc["assessments"][0]["market"]["name"], "Southeast Asia");
    }

    #[test]
    fn lang_zh_translates_machine_formats_too() {
        let a = first(&["--market", "sea", "--industry", "social", "--lang", "zh"]);
        assert_eq!(a["market"]["name"], "东南亚");
        let message = a["checks"][0]["findings"][0]["message"]
            .as_str()
            .unwrap_or_default();
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{message}"
        );
    }

    #[test]
    fn a_profile_in_english_only_falls_back_to_english() {
        let dir = temp_dir("english-only");
        std::fs::create_dir_all(dir.join("markets")).expect("dir");
        std::fs::write(
            dir.join("markets/englishland.yaml"),
            "id: englishland\nname: {en: Englishland}\nkind: country\nextends: sea\n",
        )
        .expect("write");
        let output = assess()
            .args([
                "--profiles",
                &dir.to_string_lossy(),
                "--market",
                "englishland",
                "--industry",
                "social",
                "--lang",
                "zh",
            ])
            .output()
            .expect("runs");
        assert!(output.status.success());
        assert!(String::from_utf8_lossy(&output.stdout).starts_with("Englishland × 社交"));
        assess()
            .args(["validate", &dir.to_string_lossy()])
            .assert()
            .success()
            .stderr(predicate::str::contains("English only"));
    }
}

mod budget {
    use super::*;

    fn cents(value: &Value) -> i64 {
        (value.as_f64().unwrap_or(0.0) * 100.0).round() as i64
    }

    #[test]
    fn the_split_adds_up_to_the_amount_to_the_cent_and_respects_constraints() {
        let product = format!(
            "{}/tests/fixtures/cheap-target.yaml",
            env!("CARGO_MANIFEST_DIR")
        );
        for amount in ["10000", "999.99", "12345.67", "0.07"] {
            let a = first(&["--market", "sea", "--product", &product, "--budget", amount]);
            let channels = a["channels"].as_array().expect("channels");
            let total: i64 = channels.iter().map(|c| cents(&c["budget"])).sum();
            assert_eq!(total, cents(&a["budget"]["amount"]), "{amount}");
            let referral = channels
                .iter()
                .find(|c| c["id"] == "referral")
                .expect("referral");
            let share = referral["share_pct"].as_u64().unwrap_or(0);
            assert!((20..=30).contains(&share), "referral {share}%");
        }
    }

    #[test]
    fn installs_are_estimated_only_where_a_benchmark_is_known() {
        let a = first(&[
            "--market",
            "na",
            "--industry",
            "social",
            "--budget",
            "10000",
        ]);
        let channels = a["channels"].as_array().expect("channels");
        let paid = channels
            .iter()
            .find(|c| c["id"] == "performance-ads")
            .expect("paid");
        // On the response curve through $10,000 at the benchmark's $5.28 per
        // install, with the judged elasticity 0.7 (docs/report-format.md).
        let spend = paid["budget"].as_f64().unwrap_or(0.0);
        let expected = (10_000.0 / 5.28 * (spend / 10_000.0).powf(0.7)).floor() as u64;
        assert_eq!(paid["expected_installs"].as_u64(), Some(expected));
        assert!(
            channels
                .iter()
                .filter(|c| c["id"] != "performance-ads")
                .all(|c| c.get("expected_installs").is_none())
        );
        let estimate = &a["budget"]["estimates"][0];
        assert_eq!(estimate["cpi_usd"], 5.28);
        assert_eq!(estimate["cpi_category"], "all-apps");
        assert!(estimate["sources"][0]["date"].is_string());
        let eur = first(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--budget",
            "10000",
            "--currency",
            "EUR",
        ]);
        assert!(eur["budget"]["expected_installs"].is_null());
    }

    #[test]
    fn the_test_plan_names_three_channels_with_what_to_measure() {
        let a = first(&["--market", "sea", "--industry", "social"]);
        let plan = a["test_plan"].as_array().expect("plan");
        assert_eq!(plan.len(), 3);
        assert!(
            plan.iter()
                .all(|s| !s["measure"].as_str().unwrap_or_default().is_empty())
        );
        assert!(plan.iter().all(|s| s.get("test_budget").is_none()));
        let with_budget = first(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--budget",
            "10000",
        ]);
        assert!(
            with_budget["test_plan"]
                .as_array()
                .expect("plan")
                .iter()
                .all(|s| s["test_budget"] == 1000.0)
        );
        let table = stdout(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--budget",
            "10000",
        ]);
        assert!(table.contains("Test plan") && table.contains("test budget USD 1,000.00"));
    }

    #[test]
    fn a_bad_amount_is_exit_2() {
        assess()
            .args(["--market", "sea", "--industry", "social", "--budget", "-5"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--budget -5"));
    }
}

mod comforts {
    use super::*;

    #[test]
    fn show_prints_the_resolved_profile_with_its_sources() {
        let text = stdout(&["show", "market", "vn"]);
        let market: assess::model::Market =
            serde_saphyr::from_str(&text).expect("a market profile");
        assert_eq!(market.id, "vn");
        assert!(
            market
                .network
                .and_then(|n| n.mobile_download_mbps)
                .is_some()
        );
        assert!(!market.sources.is_empty());
        assert!(stdout(&["show", "rule", "network.slow-mobile-video"]).contains("when:"));
        assert!(stdout(&["show", "industry", "education"]).contains("brand"));
        assert!(stdout(&["show", "product", "global-rtc"]).contains("edge_regions"));
        assert!(stdout(&["show", "channel", "referral"]).contains("measure"));
        assert!(
            stdout(&[
                "show",
                "market",
                "sea",
                "--set",
                "market.network.idle_latency_ms=99"
            ])
            .contains("idle_latency_ms: 99")
        );
        assess()
            .args(["show", "market", "seaa"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("did you mean `sea`?"));
    }

    #[test]
    fn init_templates_load_and_assess_cleanly() {
        for lang in ["en", "zh"] {
            init_templates_load_in(lang);
        }
    }

    /// The templates of `lang`: Chinese comments (`init --lang zh`) load the same.
    fn init_templates_load_in(lang: &str) {
        let dir = temp_dir(&format!("init-{lang}"));
        for folder in ["markets", "products", "rules"] {
            std::fs::create_dir_all(dir.join(folder)).expect("dir");
        }
        std::fs::write(
            dir.join("markets/my-market.yaml"),
            stdout(&["init", "market", "my-market", "--lang", lang]),
        )
        .expect("write");
        std::fs::write(
            dir.join("products/my-app.yaml"),
            stdout(&["init", "product", "my-app", "--lang", lang]),
        )
        .expect("write");
        std::fs::write(
            dir.join("rules/network.yaml"),
            stdout(&["init", "rule", "network.my-rule", "--lang", lang]),
        )
        .expect("write");
        if lang == "zh" {
            let template = stdout(&["init", "market", "my-market", "--lang", lang]);
            assert!(template.contains("数据出处"), "{template}");
        }
        let profiles = dir.to_string_lossy().to_string();
        assess().args(["validate", &profiles]).assert().success();
        let a = first(&[
            "--profiles",
            &profiles,
            "--market",
            "my-market",
            "--product",
            "my-app",
        ]);
        assert_eq!(a["market"]["id"], "my-market");
        let trace = first(&[
            "--profiles",
            &profiles,
            "--market",
            "my-market",
            "--product",
            "my-app",
            "--explain",
        ]);
        assert!(
            trace["trace"]["rules"]
                .as_array()
                .expect("rules")
                .iter()
                .any(|r| r["rule"] == "network.my-rule")
        );
    }

    #[test]
    fn completions_for_every_shell_and_a_man_page() {
        for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
            assert!(
                stdout(&["completions", shell]).contains("assess"),
                "{shell}"
            );
        }
        assert!(stdout(&["man"]).contains(".TH assess 1"));
    }

    #[test]
    fn help() {
        let text = stdout(&["--help"]).replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(text);
    }
}

mod chinese_messages {
    use super::*;

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn our_own_errors_and_warnings_speak_chinese_with_lang_zh() {
        let cases: [&[&str]; 6] = [
            &["--market", "seaa", "--industry", "social"],
            &["--industry", "social"],
            &["--market", "sea"],
            &[
                "--market",
                "sea",
                "--industry",
                "social",
                "--set",
                "product.x=1",
            ],
            &["--market", "sea", "--industry", "social", "--budget", "abc"],
            &["--market", "sea", "--industry", "social", "--as-of", "soon"],
        ];
        for args in cases {
            let output = assess()
                .args(args)
                .args(["--lang", "zh"])
                .output()
                .expect("runs");
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(has_cjk(&stderr), "{args:?}: {stderr}");
        }
        let ok = assess()
            .args(["validate", "--lang", "zh"])
            .output()
            .expect("runs");
        assert!(has_cjk(&String::from_utf8_lossy(&ok.stdout)));
    }

    #[test]
    fn a_chinese_locale_sets_the_message_language_too() {
        let output = assess()
            .env("LANG", "zh_CN.UTF-8")
            .args(["--market", "seaa", "--industry", "social"])
            .output()
            .expect("runs");
        assert!(has_cjk(&String::from_utf8_lossy(&output.stderr)));
    }
}
