//! One translation mechanism (docs/architecture.md): fixed words are keys of
//! the `Labels` table, every key in both languages; texts from data carry both
//! languages and are picked when rendered. A `--lang zh` run of each human and
//! CI output shows no English label, except those listed in `UNTRANSLATED`.

use assert_cmd::Command;
use assess::Lang;
use serde_json::Value;

/// Labels allowed in English in a Chinese output, by format: none. Machine
/// formats (JSON, YAML, CSV) keep ids and keys in English by contract and are
/// not checked.
const UNTRANSLATED: [(&str, &str); 0] = [];

/// Keys whose text is the same in both languages on purpose.
const SAME_IN_BOTH: [&str; 1] = ["rank"];

fn labels(lang: Lang) -> serde_json::Map<String, Value> {
    match serde_json::to_value(assess::labels(lang)) {
        Ok(Value::Object(map)) => map,
        other => panic!("labels serialise as a map: {other:?}"),
    }
}

#[test]
fn every_label_key_has_both_languages() {
    let (en, zh) = (labels(Lang::En), labels(Lang::Zh));
    assert_eq!(en.keys().collect::<Vec<_>>(), zh.keys().collect::<Vec<_>>());
    for (key, english) in &en {
        let chinese = &zh[key];
        let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        assert!(
            !text(english).is_empty() && !text(chinese).is_empty(),
            "`{key}` is empty"
        );
        if !SAME_IN_BOTH.contains(&key.as_str()) {
            assert_ne!(english, chinese, "`{key}` is not translated");
        }
    }
}

#[test]
fn every_market_fact_is_explained_in_both_languages() {
    for fact in assess::model::MARKET_FACTS {
        assert!(
            !fact.en.is_empty()
                && fact
                    .zh
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: needs English and Chinese",
            fact.path
        );
    }
}

/// The text a reader sees: for HTML, each element's own text on a line of its
/// own (without the style sheet), so that a label is a whole line and the
/// sentences of data (source titles) do not count.
fn visible(format: &str, output: &str) -> String {
    if format != "html" {
        return output.to_string();
    }
    let without_style = match (output.find("<style>"), output.find("</style>")) {
        (Some(start), Some(end)) => format!("{}{}", &output[..start], &output[end..]),
        _ => output.to_string(),
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in without_style.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push('\n');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn chinese_outputs_show_no_english_label_outside_the_list() {
    let (en, zh) = (labels(Lang::En), labels(Lang::Zh));
    let runs: [&[&str]; 3] = [
        &["--market", "sea", "--industry", "social"],
        &[
            "--market",
            "sea",
            "--product",
            "global-rtc",
            "--budget",
            "10000",
            "--explain",
        ],
        &["--market", "sea,na", "--industry", "social,education"],
    ];
    let mut found = Vec::new();
    for format in ["table", "markdown", "html", "junit", "github"] {
        for run in runs {
            let output = Command::cargo_bin("assess")
                .expect("the binary")
                .args(run)
                .args(["--format", format, "--lang", "zh", "--as-of", "2026-12-01"])
                .output()
                .expect("runs");
            let text = visible(format, &String::from_utf8_lossy(&output.stdout));
            for (key, english) in &en {
                let Some(english) = english.as_str() else {
                    continue;
                };
                if english.chars().filter(char::is_ascii_alphabetic).count() < 3
                    || zh.get(key) == Some(&Value::String(english.to_string()))
                    || UNTRANSLATED.contains(&(format, english))
                {
                    continue;
                }
                let shown = if format == "html" {
                    text.lines()
                        .any(|line| line.trim().trim_end_matches(':') == english)
                } else {
                    contains_word(&text, english)
                };
                if shown {
                    found.push(format!("{format} {}: `{key}` = {english:?}", run.join(" ")));
                }
            }
        }
    }
    found.dedup();
    assert!(
        found.is_empty(),
        "English labels in Chinese outputs:\n{}",
        found.join("\n")
    );
}

#[test]
fn validation_messages_read_in_chinese_with_names_and_places_kept() {
    let dir = crate::common::temp_dir("zh-validate");
    std::fs::create_dir_all(dir.join("markets")).expect("folder");
    let cases = [
        (
            "network:\n  mobile_download_mbsp: 3\n",
            "未知字段 `mobile_download_mbsp`，可选：",
            "你是不是要找 `mobile_download_mbps`？",
        ),
        (
            "network:\n  idle_latency_ms: fast\n",
            "不是有效的数字",
            "需要数字",
        ),
        (
            "network:\n  share_5g_pct: 300\n",
            "300 超出范围",
            "0 到 100 的百分比",
        ),
    ];
    for (body, first, second) in cases {
        std::fs::write(
            dir.join("markets/zz.yaml"),
            format!("id: zz\nkind: country\nextends: sea\n{body}"),
        )
        .expect("file");
        let output = crate::common::assess()
            .args(["validate", "--lang", "zh"])
            .arg(&dir)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("zz.yaml:5:"), "{stderr}");
        assert!(
            stderr.contains(first) && stderr.contains(second),
            "{stderr}"
        );
        for english in [
            "unknown field",
            "expected",
            "invalid",
            "out of range",
            "did you mean",
        ] {
            assert!(!stderr.contains(english), "{english}: {stderr}");
        }
    }
}

#[test]
fn the_ranking_and_the_learning_loop_read_in_chinese_with_chinese_punctuation() {
    let rank = crate::common::stdout(&[
        "rank",
        "--product",
        "single-region",
        "--market",
        "us,vn",
        "--lang",
        "zh",
    ]);
    assert!(
        rank.contains("美国（us）") && rank.contains("技术方案："),
        "{rank}"
    );
    assert!(
        !rank.contains("stack:") && !rank.contains(" (us)"),
        "{rank}"
    );
    let learning = crate::common::stdout(&[
        "--market",
        "vn",
        "--industry",
        "social",
        "--results",
        "examples/vn-results.csv",
        "--budget",
        "10000",
        "--lang",
        "zh",
    ]);
    for chinese in [
        "实测结果带来的更新",
        "（90%：",
        "▶ 加大投入：",
        "优化后的预算分配",
        "creators：",
    ] {
        assert!(learning.contains(chinese), "{chinese}: {learning}");
    }
    for english in [
        "(90%:",
        "What the results taught",
        "Optimised split",
        "retained users",
    ] {
        assert!(!learning.contains(english), "{english}");
    }
}
