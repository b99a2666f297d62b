//! At home in a terminal: a comparison fits the width it is given (`COLUMNS`,
//! else the terminal's, else 100) in English and Chinese, never breaks a word
//! except after `.`, `-`, `_` or `/`, says per row what decides it, and four
//! markets fit one 80 × 24 screen.

use assert_cmd::Command;
use assess::render::layout::width;
use std::collections::BTreeSet;

const FOUR: [&str; 4] = ["--market", "vn,id,sa,us", "--industry", "social"];

fn run(columns: &str, lang: &str, args: &[&str]) -> String {
    let output = Command::cargo_bin("assess")
        .expect("the binary")
        .args(args)
        .args(["--lang", lang, "--as-of", "2026-12-01"])
        .env("COLUMNS", columns)
        .env_remove("ASSESS_PROFILES")
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_four_market_comparison_fits_80_by_24_in_both_languages() {
    for lang in ["en", "zh"] {
        let text = run("80", lang, &FOUR);
        assert!(
            text.lines().count() <= 24,
            "{lang}: {} lines\n{text}",
            text.lines().count()
        );
        for line in text.lines() {
            assert!(width(line) <= 80, "{lang}: {} columns: {line}", width(line));
        }
        // Every row says what decides it, and which channels to test first.
        assert_eq!(text.matches("↳").count(), 4, "{text}");
        assert_eq!(text.matches("▶").count(), 4, "{text}");
    }
}

#[test]
fn comparisons_fit_120_columns_too() {
    for lang in ["en", "zh"] {
        let text = run(
            "120",
            lang,
            &[
                "--market",
                "sea,na,mena,latam",
                "--industry",
                "social,education",
            ],
        );
        for line in text.lines() {
            assert!(
                width(line) <= 120,
                "{lang}: {} columns: {line}",
                width(line)
            );
        }
    }
}

#[test]
fn what_differs_from_the_first_row_is_marked() {
    let text = run("80", "en", &FOUR);
    assert!(
        text.contains('*') && text.contains("differs from the first row"),
        "{text}"
    );
}

#[test]
fn no_word_is_broken_except_after_a_separator() {
    let wide: BTreeSet<String> = run("1000", "en", &FOUR)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    for token in run("80", "en", &FOUR).split_whitespace() {
        let whole = wide.contains(token);
        let split_after_separator = token.ends_with(['.', '-', '_', '/']);
        let rest_of_a_split = wide
            .iter()
            .any(|w| w.len() > token.len() && w.ends_with(token));
        assert!(
            whole || split_after_separator || rest_of_a_split,
            "`{token}` was broken"
        );
    }
}

#[test]
fn explain_in_a_comparison_is_refused_not_ignored() {
    let output = Command::cargo_bin("assess")
        .expect("the binary")
        .args(FOUR)
        .arg("--explain")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--format json"));
}

#[test]
fn a_budget_in_a_comparison_applies_to_each_combination() {
    let output = Command::cargo_bin("assess")
        .expect("the binary")
        .args(FOUR)
        .args(["--budget", "1000"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        text.matches("Budget USD 1,000.00").count(),
        4,
        "one split per combination: {text}"
    );
}

#[test]
fn one_assessment_starts_with_a_summary_that_fits_80_by_24() {
    for lang in ["en", "zh"] {
        for args in [
            &["--market", "sea", "--industry", "social"][..],
            &[
                "--market",
                "us",
                "--industry",
                "education",
                "--product",
                "global-rtc",
            ][..],
        ] {
            let text = run("80", lang, args);
            assert!(
                text.lines().count() <= 24,
                "{lang}: {} lines\n{text}",
                text.lines().count()
            );
            for line in text.lines() {
                assert!(width(line) <= 80, "{lang}: {} columns: {line}", width(line));
            }
            assert!(text.contains("--detail"), "{text}");
        }
    }
}

#[test]
fn the_summary_never_breaks_a_word_except_after_a_separator() {
    let args = ["--market", "sea", "--industry", "social"];
    let wide: BTreeSet<String> = run("1000", "en", &args)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    for token in run("80", "en", &args).split_whitespace() {
        let whole = wide.contains(token);
        let split_after_separator = token.ends_with(['.', '-', '_', '/']);
        let rest_of_a_split = wide
            .iter()
            .any(|w| w.len() > token.len() && w.ends_with(token));
        assert!(
            whole || split_after_separator || rest_of_a_split,
            "`{token}` was broken"
        );
    }
}

#[test]
fn detail_with_several_shows_each_in_full_after_the_comparison() {
    let text = run(
        "100",
        "en",
        &["--market", "sea,na", "--industry", "social", "--detail"],
    );
    assert_eq!(text.matches("Channel mix").count(), 2, "{text}");
    assert!(text.find("↳").unwrap_or(usize::MAX) < text.find("Channel mix").unwrap_or(0));
}
