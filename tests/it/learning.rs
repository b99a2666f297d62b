//! The learning loop (`--results`, `--budget` on response curves, `--pin`,
//! `--rate`): evidence counts by its size and converges, the allocation beats
//! the proportional split on its own objective and keeps pins and bounds,
//! estimates carry ranges, and a results file is checked like every input.

use crate::common::{assess, first, temp_file};
use serde_json::Value;

/// A results file for Vietnam: creators measured at $1 per install over
/// `installs` installs, performance ads at $2 over 1,000.
fn results(name: &str, creators_installs: u64) -> String {
    let path = temp_file(
        name,
        &format!(
            "market,channel,period,spend,currency,installs\n\
             vn,creators,2026-11,{creators_installs},USD,{creators_installs}\n\
             vn,performance-ads,2026-11,2000,USD,1000\n"
        ),
    );
    path.to_str().expect("utf-8").to_string()
}

fn evidence<'a>(a: &'a Value, channel: &str) -> &'a Value {
    a["learning"]["channels"]
        .as_array()
        .expect("learning channels")
        .iter()
        .find(|c| c["channel"] == channel)
        .expect("the channel's evidence")
}

fn vn(extra: &[&str]) -> Value {
    let mut args = vec!["--market", "vn", "--industry", "social"];
    args.extend(extra);
    first(&args)
}

/// Results for North America, whose paid ads have a benchmark ($5.28): paid
/// ads measured at $1 per install over `installs` installs.
fn na_results(name: &str, installs: u64) -> String {
    let path = temp_file(
        name,
        &format!(
            "market,channel,period,spend,currency,installs
na,performance-ads,2026-11,{installs},USD,{installs}
"
        ),
    );
    path.to_str().expect("utf-8").to_string()
}

#[test]
fn a_large_test_moves_a_channel_more_than_a_small_one_at_the_same_cost() {
    let run = |file: &str| first(&["--market", "na", "--industry", "social", "--results", file]);
    let small = run(&na_results("small.csv", 30));
    let large = run(&na_results("large.csv", 3000));
    let (small, large) = (
        evidence(&small, "performance-ads"),
        evidence(&large, "performance-ads"),
    );
    assert_eq!(small["prior_basis"], "benchmark");
    assert_eq!(small["prior"]["cpi_usd"], large["prior"]["cpi_usd"]);
    assert_eq!(small["measured"]["cpi_usd"], large["measured"]["cpi_usd"]);
    let moved = |e: &Value| {
        (e["prior"]["cpi_usd"].as_f64().unwrap_or(0.0)
            - e["updated"]["cpi_usd"].as_f64().unwrap_or(0.0))
        .abs()
    };
    assert!(moved(large) > moved(small), "{small} / {large}");
    let factor = |e: &Value| e["factor"].as_f64().unwrap_or(1.0);
    assert!((factor(large) - 1.0).abs() > (factor(small) - 1.0).abs());
    let shift = |e: &Value| {
        e["share_pct"].as_i64().unwrap_or(0) - e["share_without_evidence_pct"].as_i64().unwrap_or(0)
    };
    assert!(shift(large) >= shift(small));
}

#[test]
fn the_evidence_is_one_named_factor_in_the_mix_arithmetic() {
    let a = vn(&["--results", &results("explain.csv", 3000), "--explain"]);
    let trace = a["trace"]["channels"]
        .as_array()
        .expect("trace")
        .iter()
        .find(|c| c["channel"] == "creators")
        .expect("creators");
    let steps = trace["steps"].as_array().expect("steps");
    let step = steps
        .iter()
        .find(|s| s["rule"] == "evidence")
        .expect("an evidence step");
    assert_eq!(step["factor"], evidence(&a, "creators")["factor"]);
}

#[test]
fn intervals_contain_the_estimate_and_shrink_with_evidence() {
    let mut last = f64::INFINITY;
    for installs in [30_u64, 300, 3000, 30_000] {
        let a = vn(&[
            "--results",
            &results(&format!("shrink-{installs}.csv"), installs),
        ]);
        let updated = &evidence(&a, "creators")["updated"];
        let (low, mid, high) = (
            updated["cpi_range"]["low"].as_f64().unwrap_or(f64::NAN),
            updated["cpi_usd"].as_f64().unwrap_or(f64::NAN),
            updated["cpi_range"]["high"].as_f64().unwrap_or(f64::NAN),
        );
        assert!(low <= mid && mid <= high, "{installs}: {low} {mid} {high}");
        assert!(high - low < last, "{installs}: the interval did not shrink");
        last = high - low;
    }
}

#[test]
fn focus_advice_says_scale_keep_testing_or_stop_with_the_spend_that_settles() {
    let clear = vn(&["--results", &results("clear.csv", 3000)]);
    assert_eq!(evidence(&clear, "creators")["advice"], "scale");
    assert_eq!(evidence(&clear, "performance-ads")["advice"], "stop");
    let close = temp_file(
        "close.csv",
        "market,channel,period,spend,currency,installs\n\
         vn,creators,2026-11,100,USD,90\n\
         vn,performance-ads,2026-11,100,USD,80\n",
    );
    let close = vn(&["--results", close.to_str().expect("utf-8")]);
    let undecided = evidence(&close, "performance-ads");
    assert_eq!(undecided["advice"], "keep-testing");
    assert!(undecided["spend_to_settle_usd"].as_f64().unwrap_or(0.0) > 0.0);
}

#[test]
fn doubling_the_budget_gives_less_than_double_the_installs() {
    let installs = |budget: &str| {
        let a = first(&["--market", "na", "--industry", "social", "--budget", budget]);
        a["budget"]["expected_installs"].as_f64().unwrap_or(0.0)
    };
    let (one, two) = (installs("10000"), installs("20000"));
    assert!(one > 0.0 && two > one && two < 2.0 * one, "{one} → {two}");
}

#[test]
fn every_install_estimate_carries_a_range_that_contains_it() {
    let a = first(&[
        "--market",
        "na",
        "--industry",
        "social",
        "--budget",
        "10000",
    ]);
    let budget = &a["budget"];
    let within = |point: &Value, range: &Value| {
        let p = point.as_f64().unwrap_or(f64::NAN);
        range["low"].as_f64().unwrap_or(f64::NAN) <= p
            && p <= range["high"].as_f64().unwrap_or(f64::NAN)
    };
    assert!(within(
        &budget["expected_installs"],
        &budget["expected_installs_range"]
    ));
    for channel in a["channels"].as_array().expect("channels") {
        if let Some(point) = channel.get("expected_installs") {
            assert!(
                within(point, &channel["expected_installs_range"]),
                "{channel}"
            );
        }
    }
}

fn allocation(a: &Value) -> &Value {
    &a["budget"]["allocation"]
}

#[test]
fn the_allocation_beats_the_proportional_split_and_keeps_pins_and_bounds() {
    let file = results("allocation.csv", 3000);
    let a = vn(&["--results", &file, "--budget", "10000"]);
    let alloc = allocation(&a);
    let (proportional, optimised) = (
        alloc["proportional"]["mid"].as_f64().unwrap_or(0.0),
        alloc["optimised"]["mid"].as_f64().unwrap_or(0.0),
    );
    assert!(optimised > proportional, "{optimised} ≤ {proportional}");
    let channels = alloc["channels"].as_array().expect("channels");
    let total: f64 = channels
        .iter()
        .map(|c| c["optimised"].as_f64().unwrap_or(0.0))
        .sum();
    assert!((total - 10_000.0).abs() < 0.005, "{total}");
    for c in channels.iter().filter(|c| c["optimised_by_curve"] == false) {
        assert_eq!(c["optimised"], c["proportional"], "not optimised: {c}");
    }
    // A pin is kept and the rest is allocated around it.
    let pinned = vn(&[
        "--results",
        &file,
        "--budget",
        "10000",
        "--pin",
        "performance-ads=3000",
    ]);
    let paid = allocation(&pinned)["channels"]
        .as_array()
        .expect("channels")
        .iter()
        .find(|c| c["channel"] == "performance-ads")
        .cloned()
        .expect("paid");
    assert_eq!(paid["optimised"], 3000.0);
    assert_eq!(paid["pinned"], true);
    // The product's minimum share holds in the optimised split.
    let product = first(&[
        "--market",
        "vn",
        "--product",
        "global-rtc",
        "--results",
        &file,
        "--budget",
        "10000",
    ]);
    let referral = allocation(&product)["channels"]
        .as_array()
        .expect("channels")
        .iter()
        .find(|c| c["channel"] == "referral")
        .cloned()
        .expect("referral");
    assert!(referral["optimised"].as_f64().unwrap_or(0.0) >= 500.0 - 0.005);
}

#[test]
fn equal_curves_give_the_allocation_no_edge_over_the_proportional_split() {
    let a = first(&[
        "--market",
        "na",
        "--industry",
        "social",
        "--budget",
        "10000",
    ]);
    let alloc = allocation(&a);
    let (p, o) = (
        alloc["proportional"]["mid"].as_f64().unwrap_or(0.0),
        alloc["optimised"]["mid"].as_f64().unwrap_or(0.0),
    );
    // One channel with a cost model: nothing to move but within it.
    assert!(o >= p - 1e-6, "{o} < {p}");
}

#[test]
fn a_budget_in_another_currency_uses_the_stated_rate() {
    let with_rate = first(&[
        "--market",
        "na",
        "--industry",
        "social",
        "--budget",
        "71200",
        "--currency",
        "CNY",
        "--rate",
        "7.12@2026-12-01",
    ]);
    let in_usd = first(&[
        "--market",
        "na",
        "--industry",
        "social",
        "--budget",
        "10000",
    ]);
    assert_eq!(
        with_rate["budget"]["expected_installs"],
        in_usd["budget"]["expected_installs"]
    );
    assert_eq!(with_rate["budget"]["rate"]["units_per_usd"], 7.12);
    assert_eq!(with_rate["budget"]["rate"]["date"], "2026-12-01");
    let without = first(&[
        "--market",
        "na",
        "--industry",
        "social",
        "--budget",
        "71200",
        "--currency",
        "CNY",
    ]);
    assert!(without["budget"].get("expected_installs").is_none());
    assert!(
        without["budget"]["note"]
            .as_str()
            .unwrap_or_default()
            .contains("--rate")
    );
}

#[test]
fn the_init_template_loads_as_it_is() {
    let output = assess()
        .args(["init", "results", "vn"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let path = temp_file("template.yaml", &String::from_utf8_lossy(&output.stdout));
    let a = vn(&["--results", path.to_str().expect("utf-8")]);
    assert_eq!(a["learning"]["rows"], 2);
    assert_eq!(a["learning"]["horizon"], "d7");
}

/// Runs with a results file of `text` and returns stderr (exit 2 expected).
fn refused(name: &str, text: &str, extra: &[&str]) -> String {
    let path = temp_file(name, text);
    let output = assess()
        .args(["--market", "vn", "--industry", "social", "--results"])
        .arg(&path)
        .args(extra)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{name}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_bad_results_file_gets_a_located_error_that_says_what_was_expected() {
    let header = "market,channel,period,spend,currency,installs,retained,horizon\n";
    let cases: [(&str, String, &[&str]); 9] = [
        (
            "huge-installs.csv",
            format!("{header}vn,creators,a,100,USD,18446744073709551615,,\nvn,creators,b,100,USD,18446744073709551615,,\n"),
            &["huge-installs.csv:2:", "`installs`", "at most 1000000000000"],
        ),
        (
            "huge-spend.csv",
            format!("{header}vn,creators,a,1e308,USD,5,,\n"),
            &["huge-spend.csv:2:", "`spend`", "1e308 is not an amount", "at most 1e15"],
        ),
        (
            "channel.csv",
            format!("{header}vn,creatrs,2026-11,100,USD,50,,\n"),
            &["channel.csv:2:", "`channel`", "did you mean `creators`?"],
        ),
        (
            "market.csv",
            format!("{header}vm,creators,2026-11,100,USD,50,,\n"),
            &["market.csv:2:1:", "`market`", "did you mean `vn`?"],
        ),
        (
            "retained.csv",
            format!("{header}vn,creators,2026-11,100,USD,50,80,d7\n"),
            &["retained.csv:2:", "`retained`", "more than the 50 installs"],
        ),
        (
            "currency.csv",
            format!("{header}vn,creators,2026-11,100,CNY,50,,\n"),
            &["currency.csv:2:", "`currency`", "--rate"],
        ),
        (
            "twice.csv",
            format!("{header}vn,creators,2026-11,100,USD,50,,\nvn,creators,2026-11,90,USD,40,,\n"),
            &["twice.csv:3:1:", "also on line 2"],
        ),
        (
            "column.csv",
            "market,channel,period,spend,currency,instals\nvn,creators,2026-11,100,USD,50\n"
                .to_string(),
            &["column.csv:1:", "did you mean `installs`?"],
        ),
        (
            "spend.yaml",
            "- market: vn\n  channel: creators\n  period: 2026-11\n  spend: -5\n  currency: USD\n  installs: 3\n"
                .to_string(),
            &["spend.yaml:1:", "`spend`", "expected 0 or more"],
        ),
    ];
    for (name, text, expected) in cases {
        let stderr = refused(name, &text, &[]);
        for needle in expected {
            assert!(
                stderr.contains(needle),
                "{name}: `{needle}` not in {stderr}"
            );
        }
    }
    let stderr = refused(
        "pin.csv",
        &format!("{header}vn,creators,2026-11,100,USD,50,,\n"),
        &["--budget", "100", "--pin", "creators=500"],
    );
    assert!(stderr.contains("more than the budget"), "{stderr}");
}

#[test]
fn the_html_draws_each_curve_with_both_spends_marked_and_the_range_shaded() {
    let output = assess()
        .args([
            "--market",
            "vn",
            "--industry",
            "social",
            "--results",
            "examples/vn-results.csv",
            "--budget",
            "10000",
            "--format",
            "html",
        ])
        .output()
        .expect("runs");
    let page = String::from_utf8_lossy(&output.stdout);
    let figures = page.matches("<figure class=\"curve\"").count();
    assert_eq!(figures, 3, "one curve per channel with a cost model");
    assert_eq!(page.matches("data-band=\"range\"").count(), 3);
    assert_eq!(page.matches("stroke-dasharray=\"4 3\"").count(), 3);
}

#[test]
fn results_pin_and_rate_are_in_the_man_page_the_completions_and_the_schemas() {
    let text = |args: &[&str]| crate::common::stdout(args);
    let man = text(&["man"]);
    for flag in ["\\-\\-results", "\\-\\-pin", "\\-\\-rate"] {
        assert!(man.contains(flag), "man: {flag}");
    }
    for shell in ["bash", "zsh", "fish"] {
        let completions = text(&["completions", shell]);
        for flag in ["results", "pin", "rate"] {
            assert!(completions.contains(flag), "{shell}: {flag}");
        }
    }
    let results: Value = serde_json::from_str(&text(&["schema", "results"])).expect("schema");
    let row = &results["$defs"]["ResultRow"]["properties"];
    for field in [
        "market", "channel", "period", "spend", "currency", "installs", "retained", "horizon",
    ] {
        assert!(row.get(field).is_some(), "results schema: {field}");
    }
    let report = text(&["schema", "report"]);
    for key in [
        "learning",
        "allocation",
        "units_per_usd",
        "expected_installs_range",
    ] {
        assert!(report.contains(key), "report schema: {key}");
    }
}

#[test]
fn the_optimised_split_adds_up_to_the_budget_whatever_is_pinned() {
    let file = results("pins.csv", 3000);
    for pins in [
        &["--pin", "performance-ads=0"][..],
        &["--pin", "creators=0", "--pin", "performance-ads=0"][..],
        &["--pin", "creators=9999.99"][..],
        &[][..],
    ] {
        let mut args = vec!["--results", file.as_str(), "--budget", "10000"];
        args.extend(pins);
        let a = vn(&args);
        let total: f64 = allocation(&a)["channels"]
            .as_array()
            .expect("channels")
            .iter()
            .map(|c| c["optimised"].as_f64().unwrap_or(f64::NAN))
            .sum();
        assert!((total - 10_000.0).abs() < 0.005, "{pins:?}: {total}");
    }
    let twice = assess()
        .args(["--market", "vn", "--industry", "social", "--budget", "100"])
        .args(["--pin", "creators=1", "--pin", "creators=2"])
        .output()
        .expect("runs");
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("given twice"));
    let absurd_rate = assess()
        .args(["--market", "vn", "--industry", "social", "--budget", "100"])
        .args(["--currency", "CNY", "--rate", "1e-300"])
        .output()
        .expect("runs");
    assert_eq!(absurd_rate.status.code(), Some(2));
}
