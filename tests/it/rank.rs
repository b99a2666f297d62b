//! `assess rank` (docs/rankings.md): the ordering rules on synthetic markets,
//! the reasons that explain a move, rollout waves from the product's edge,
//! every output format, and `--baseline` with `--fail-on moved`.

use crate::common::{assess, report, stdout, temp_dir, temp_file};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A synthetic country of Southeast Asia with its own count of people online
/// and, when `restricted`, a law that blocks real-time calls.
fn market(id: &str, people: u64, restricted: bool) -> String {
    let compliance = if restricted {
        "compliance:\n  realtime_calls_restricted: true\n"
    } else {
        ""
    };
    let covers = if restricted {
        "[reach.mobile_internet_users, compliance.realtime_calls_restricted]"
    } else {
        "[reach.mobile_internet_users]"
    };
    format!(
        "id: {id}\nname: {{en: {name}, zh: {name}}}\nkind: country\nextends: sea\n\
         reach:\n  mobile_internet_users: {people}\n{compliance}\
         sources:\n  - title: \"Synthetic survey of {id}\"\n    url: https://example.com/{id}\n    date: \"2026-01\"\n    covers: {covers}\n",
        name = id.to_uppercase()
    )
}

/// A profiles folder holding the given markets.
fn profiles(name: &str, markets: &[(&str, u64, bool)]) -> PathBuf {
    let dir = temp_dir(&format!("rank-{name}"));
    std::fs::create_dir_all(dir.join("markets")).expect("markets folder");
    for (id, people, restricted) in markets {
        std::fs::write(
            dir.join("markets").join(format!("{id}.yaml")),
            market(id, *people, *restricted),
        )
        .expect("market written");
    }
    dir
}

fn ranking(profiles: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "rank",
        "--profiles",
        profiles.to_str().expect("utf-8 path"),
        "--market",
        "alpha,bravo,charlie",
        "--industry",
        "social",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ];
    args.extend(extra);
    serde_json::from_str(&report(&args)).expect("a JSON ranking")
}

fn order(ranking: &Value) -> Vec<(String, u64)> {
    ranking["ranking"]["markets"]
        .as_array()
        .expect("markets")
        .iter()
        .map(|m| {
            (
                m["market"]["id"].as_str().unwrap_or_default().to_string(),
                m["rank"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

fn reasons(ranking: &Value, id: &str) -> Vec<String> {
    ranking["ranking"]["markets"]
        .as_array()
        .expect("markets")
        .iter()
        .find(|m| m["market"]["id"] == id)
        .map(|m| {
            m["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .map(|r| r.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn ids(order: &[(String, u64)]) -> Vec<&str> {
    order.iter().map(|(id, _)| id.as_str()).collect()
}

#[test]
fn a_blocked_market_never_outranks_an_unblocked_one_however_large() {
    let dir = profiles(
        "blocked",
        &[
            ("alpha", 900_000_000, true),
            ("bravo", 20_000_000, false),
            ("charlie", 10_000_000, false),
        ],
    );
    let ranked = ranking(&dir, &[]);
    assert_eq!(ids(&order(&ranked)), ["bravo", "charlie", "alpha"]);
    let alpha = &ranked["ranking"]["markets"][2];
    assert_eq!(alpha["verdict"], "block");
    assert_eq!(
        alpha["blocks"][0]["rule"],
        "compliance.realtime-calls-restricted"
    );
    assert!(
        reasons(&ranked, "alpha")[0]
            .starts_with("after CHARLIE: block (compliance.realtime-calls-restricted)"),
        "{:?}",
        reasons(&ranked, "alpha")
    );
}

#[test]
fn a_change_in_one_figure_moves_one_market_as_its_reason_says() {
    let before = ranking(
        &profiles(
            "before",
            &[
                ("alpha", 30_000_000, false),
                ("bravo", 20_000_000, false),
                ("charlie", 10_000_000, false),
            ],
        ),
        &[],
    );
    assert_eq!(ids(&order(&before)), ["alpha", "bravo", "charlie"]);
    assert_eq!(
        reasons(&before, "charlie"),
        ["after BRAVO: 10.0 M mobile internet users against 20.0 M mobile internet users"]
    );
    let after = ranking(
        &profiles(
            "after",
            &[
                ("alpha", 30_000_000, false),
                ("bravo", 20_000_000, false),
                ("charlie", 25_000_000, false),
            ],
        ),
        &[],
    );
    assert_eq!(ids(&order(&after)), ["alpha", "charlie", "bravo"]);
    assert_eq!(
        reasons(&after, "charlie"),
        [
            "after ALPHA: 25.0 M mobile internet users against 30.0 M mobile internet users",
            "ahead of BRAVO: 25.0 M mobile internet users against 20.0 M mobile internet users"
        ]
    );
}

#[test]
fn equal_keys_share_a_rank_and_an_unknown_figure_goes_last_and_says_so() {
    let dir = profiles(
        "ties",
        &[
            ("alpha", 10_000_000, false),
            ("bravo", 10_000_000, false),
            ("charlie", 10_000_000, false),
        ],
    );
    std::fs::write(
        dir.join("markets/charlie.yaml"),
        "id: charlie\nname: {en: CHARLIE, zh: CHARLIE}\nkind: country\nextends: sea\n",
    )
    .expect("charlie without a count");
    let ranked = ranking(&dir, &[]);
    assert_eq!(
        order(&ranked),
        [
            ("alpha".to_string(), 1),
            ("bravo".to_string(), 1),
            ("charlie".to_string(), 3)
        ]
    );
    assert!(
        reasons(&ranked, "alpha")
            .contains(&"shares rank 1 with BRAVO: every key is equal".to_string())
    );
    assert_eq!(
        reasons(&ranked, "charlie"),
        ["after BRAVO: people online unknown against 10.0 M mobile internet users"]
    );
}

#[test]
fn explain_compares_each_market_with_the_next_key_by_key() {
    let dir = profiles(
        "explain",
        &[
            ("alpha", 30_000_000, false),
            ("bravo", 20_000_000, false),
            ("charlie", 10_000_000, true),
        ],
    );
    let ranked = ranking(&dir, &["--explain"]);
    let comparisons = ranked["ranking"]["comparisons"]
        .as_array()
        .expect("comparisons");
    assert_eq!(comparisons.len(), 2);
    assert_eq!(comparisons[0]["decided_by"], "audience");
    assert_eq!(comparisons[1]["decided_by"], "verdict");
    let keys = comparisons[0]["keys"].as_array().expect("keys");
    assert_eq!(keys.len(), 5, "every key is printed");
    assert_eq!(keys[3]["ahead"], "alpha");
    assert!(keys[0].get("ahead").is_none());
}

/// The waves of a built-in product's ranking.
fn waves(args: &[&str]) -> Vec<(String, Vec<String>)> {
    let mut all = vec!["rank", "--format", "json", "--as-of", "2026-12-01"];
    all.extend(args);
    let ranked: Value = serde_json::from_str(&report(&all)).expect("JSON");
    ranked["ranking"]["rollout"]["waves"]
        .as_array()
        .expect("waves")
        .iter()
        .map(|w| {
            (
                w["id"].as_str().unwrap_or_default().to_string(),
                w["markets"]
                    .as_array()
                    .expect("markets")
                    .iter()
                    .map(|m| m.as_str().unwrap_or_default().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn breadth(args: &[&str]) -> (String, String) {
    let mut all = vec!["rank", "--format", "json", "--as-of", "2026-12-01"];
    all.extend(args);
    let ranked: Value = serde_json::from_str(&report(&all)).expect("JSON");
    let rollout = &ranked["ranking"]["rollout"];
    (
        rollout["breadth"].as_str().unwrap_or_default().to_string(),
        rollout["summary"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn the_two_example_products_get_different_waves() {
    let global = waves(&["--product", "global-rtc"]);
    let single = waves(&["--product", "single-region"]);
    assert_ne!(global, single);
    assert_eq!(breadth(&["--product", "global-rtc"]).0, "broad");
    assert_eq!(breadth(&["--product", "single-region"]).0, "fix-the-stack");
    let launch = |waves: &[(String, Vec<String>)]| {
        waves
            .iter()
            .find(|(id, _)| id == "launch")
            .map_or(0, |(_, m)| m.len())
    };
    assert!(launch(&global) > 10, "{global:?}");
    assert_eq!(launch(&single), 0, "{single:?}");
}

#[test]
fn dropping_one_edge_region_moves_its_countries_out_of_the_first_wave_as_the_rollout_says() {
    let all_regions = waves(&["--product", "global-rtc"]);
    let without_sea = [
        "--product",
        "global-rtc",
        "--set",
        "product.capabilities.edge_regions=[na,mena,latam,eu,south-asia,east-asia,africa]",
    ];
    let changed = waves(&without_sea);
    let wave_of = |waves: &[(String, Vec<String>)], market: &str| {
        waves
            .iter()
            .find(|(_, m)| m.iter().any(|x| x == market))
            .map(|(id, _)| id.clone())
    };
    for country in ["id", "my", "ph", "sg", "th", "vn"] {
        assert_eq!(wave_of(&all_regions, country).as_deref(), Some("launch"));
        assert_eq!(
            wave_of(&changed, country).as_deref(),
            Some("hold"),
            "{country}"
        );
    }
    for country in ["us", "br", "de"] {
        assert_eq!(wave_of(&changed, country), wave_of(&all_regions, country));
    }
    let (breadth_now, summary) = breadth(&without_sea);
    assert_eq!(breadth_now, "concentrate");
    assert!(
        summary.contains("Your stack has no media edge in"),
        "the summary quotes the rule: {summary}"
    );
}

#[test]
fn the_table_fits_80_columns_and_prints_every_key_and_the_rollout() {
    let output = assess()
        .env("COLUMNS", "80")
        .args(["rank", "--product", "global-rtc", "--as-of", "2026-12-01"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    for line in text.lines() {
        assert!(
            assess::render::layout::width(line) <= 80,
            "wider than 80: {line}"
        );
    }
    assert!(
        text.contains(
            "Order: verdict › complete › warn findings › people online › cost per install"
        )
    );
    assert!(text.contains("Rollout: Your stack has a media edge in every market ranked"));
    assert!(text.contains("Wave 1: launch:"));
    assert_eq!(
        text.matches("- stack: ").count(),
        19,
        "every market says how the stack meets it"
    );
    assert!(text.contains("stack: served from a local edge, p95 round trip 95 ms within 100 ms"));
    assert!(text.contains("Hold: "));
}

#[test]
fn every_format_carries_the_same_order() {
    let args = [
        "rank",
        "--industry",
        "social",
        "--market",
        "br,mx,vn,eg",
        "--as-of",
        "2026-12-01",
    ];
    let json: Value =
        serde_json::from_str(&stdout(&[&args[..], &["--format", "json"]].concat())).expect("JSON");
    let expected: Vec<String> = order(&json).into_iter().map(|(id, _)| id).collect();
    let yaml: Value = serde_saphyr::from_str(&stdout(&[&args[..], &["--format", "yaml"]].concat()))
        .expect("YAML");
    assert_eq!(yaml["ranking"]["markets"], json["ranking"]["markets"]);
    let csv = stdout(&[&args[..], &["--format", "csv"]].concat());
    let csv_order: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(csv_order, expected);
    let markdown = stdout(&[&args[..], &["--format", "markdown"]].concat());
    let html = stdout(&[&args[..], &["--format", "html"]].concat());
    let position = |text: &str, needle: &str| text.find(needle).unwrap_or(usize::MAX);
    for pair in expected.windows(2) {
        let (a, b) = (format!("(`{}`)", pair[0]), format!("(`{}`)", pair[1]));
        assert!(position(&markdown, &a) < position(&markdown, &b));
        let (a, b) = (
            format!("data-market=\"{}\"", pair[0]),
            format!("data-market=\"{}\"", pair[1]),
        );
        assert!(position(&html, &a) < position(&html, &b));
    }
}

#[test]
fn html_bars_are_as_long_as_their_figures_say() {
    let html = stdout(&[
        "rank",
        "--industry",
        "social",
        "--market",
        "br,mx,de",
        "--format",
        "html",
    ]);
    // Brazil has the most people of the three: its bar is the full scale.
    let bar = |market: &str| {
        let row = html
            .split("<tr data-market=")
            .find(|r| r.starts_with(&format!("\"{market}\"")))
            .expect("a row");
        let at = row.find("<rect").expect("a bar");
        row[at..]
            .split("width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .and_then(|w| w.parse::<f64>().ok())
            .expect("a width")
    };
    assert_eq!(bar("br"), 160.0);
    assert!((bar("mx") - 97.4 / 166.0 * 160.0).abs() < 0.01);
    assert!((bar("de") - 56.0 / 166.0 * 160.0).abs() < 0.01);
}

#[test]
fn baseline_shows_who_moved_and_fail_on_moved_trips() {
    let before = profiles(
        "baseline-before",
        &[
            ("alpha", 30_000_000, false),
            ("bravo", 20_000_000, false),
            ("charlie", 10_000_000, false),
        ],
    );
    let earlier = serde_json::to_string(&ranking(&before, &[])).expect("JSON");
    let baseline = temp_file("rank-baseline.json", &earlier);
    let baseline = baseline.to_str().expect("utf-8");
    // Unchanged data: nothing moved, the gate holds.
    let same = ranking(&before, &["--baseline", baseline, "--fail-on", "moved"]);
    assert_eq!(same["ranking"]["moves"], serde_json::json!([]));
    assert_eq!(same["gate_tripped"], false);
    let after = profiles(
        "baseline-after",
        &[
            ("alpha", 30_000_000, false),
            ("bravo", 20_000_000, false),
            ("charlie", 40_000_000, false),
        ],
    );
    let output = assess()
        .args(["rank", "--profiles"])
        .arg(&after)
        .args([
            "--market",
            "alpha,bravo,charlie",
            "--industry",
            "social",
            "--baseline",
            baseline,
            "--fail-on",
            "moved",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("moved since the baseline: charlie 3 → 1"),
        "{text}"
    );
    assert!(
        text.contains("moved since the baseline: alpha 1 → 2"),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("--fail-on moved gate tripped: 3 market(s)")
    );
}

#[test]
fn fail_on_moved_without_a_baseline_and_a_bad_baseline_are_located_errors() {
    let output = assess()
        .args(["rank", "--industry", "social", "--fail-on", "moved"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected --baseline FILE"));
    let bad = temp_file(
        "rank-bad-baseline.json",
        "{\"schema_version\": 1,\n \"ranking\": {}}",
    );
    let output = assess()
        .args(["rank", "--industry", "social", "--baseline"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("rank-bad-baseline.json:2:"), "{stderr}");
    assert!(stderr.contains("missing field `markets`"), "{stderr}");
}

#[test]
fn rank_takes_one_industry_and_one_product() {
    for args in [
        &["rank", "--market", "br", "--industry", "all"][..],
        &[
            "rank",
            "--product",
            "global-rtc",
            "--product",
            "single-region",
        ][..],
    ] {
        let output = assess().args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

/// The generated part of docs/rankings.md: each built-in industry, then each
/// built-in example product, as `assess rank --format markdown` prints it.
fn generated_rankings() -> String {
    let mut out = String::new();
    let industries = [
        "ai-companion",
        "education",
        "entertainment",
        "live-streaming",
        "social",
        "tools",
    ];
    let runs = industries
        .iter()
        .map(|id| ("--industry", *id))
        .chain([("--product", "global-rtc"), ("--product", "single-region")]);
    for (flag, id) in runs {
        out.push('\n');
        out.push_str(&stdout(&[
            "rank",
            flag,
            id,
            "--format",
            "markdown",
            "--as-of",
            "2026-12-01",
            "--lang",
            "en",
        ]));
    }
    out
}

#[test]
fn docs_rankings_md_is_what_the_binary_prints() {
    const MARKER: &str = "<!-- Everything below is printed by";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rankings.md");
    let text = std::fs::read_to_string(&path).expect("docs/rankings.md");
    let at = text.find(MARKER).expect("the marker line");
    let head_end = at + text[at..].find('\n').expect("the marker ends") + 1;
    let expected = format!("{}{}", &text[..head_end], generated_rankings());
    if std::env::var_os("ASSESS_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("rewritten");
        return;
    }
    assert!(
        text == expected,
        "docs/rankings.md differs from what `assess rank` prints (ASSESS_BLESS=1 cargo test rank rewrites it)"
    );
}

#[test]
fn docs_rankings_md_every_market_of_every_ranking_has_its_reasons_and_figures_sources() {
    let generated = generated_rankings();
    for line in generated
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
    {
        let cells: Vec<&str> = line.split(" | ").collect();
        let why = cells.last().copied().unwrap_or_default();
        assert!(
            why.contains("after ") || why.contains("ahead of ") || why.contains("shares rank"),
            "a row without a reason: {line}"
        );
        if cells
            .get(5)
            .is_some_and(|people| *people != "people online unknown")
        {
            let id = cells
                .get(1)
                .and_then(|c| c.split('`').nth(1))
                .expect("an id");
            assert!(
                generated.contains(&format!("- `{id}` reach.")),
                "{id}: a count without its source"
            );
        }
    }
}

#[test]
fn hostile_profile_text_is_escaped_in_every_ranking_format() {
    let dir = temp_dir("rank-hostile");
    std::fs::create_dir_all(dir.join("markets")).expect("markets folder");
    std::fs::write(
        dir.join("markets/evil.yaml"),
        "id: evil\nname: {en: \"\\e]0;pwned\\a<img src=x onerror=alert(1)>|`\\n::error::pwned\", zh: \"=HYPERLINK(1)\"}\nkind: country\nextends: sea\n",
    )
    .expect("evil market");
    for (flag, format) in [
        ("table", assess::render::Format::Table),
        ("csv", assess::render::Format::Csv),
        ("markdown", assess::render::Format::Markdown),
        ("html", assess::render::Format::Html),
    ] {
        for lang in ["en", "zh"] {
            let output = stdout(&[
                "rank",
                "--profiles",
                dir.to_str().expect("utf-8"),
                "--market",
                "evil,vn",
                "--industry",
                "social",
                "--format",
                flag,
                "--lang",
                lang,
            ]);
            let found = assess::render::escape::violations(format, &output);
            assert!(found.is_empty(), "{flag} {lang}: {found:?}");
            if matches!(flag, "markdown" | "html") {
                assert!(!output.contains("<img"), "{flag} {lang}: raw HTML");
            }
        }
    }
}
