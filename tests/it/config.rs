//! The settings file and its precedence: command line > ASSESS_* variables >
//! assess.toml > built-in; `assess config`; located errors for bad settings.

use crate::common::{assess, temp_dir};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A project folder with `assess.toml` and a `sub` folder to run from.
fn project(name: &str, config: &str) -> PathBuf {
    let dir = temp_dir(&format!("config-{name}"));
    std::fs::write(dir.join("assess.toml"), config).expect("write assess.toml");
    std::fs::create_dir_all(dir.join("sub")).expect("sub folder");
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    assess()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("assess runs")
}

fn settings_in(dir: &Path, env: &[(&str, &str)]) -> Value {
    let mut cmd = assess();
    for (name, value) in env {
        cmd.env(name, value);
    }
    let output = cmd
        .current_dir(dir)
        .args(["config", "--format", "json"])
        .output()
        .expect("assess runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn markets_assessed(output: &std::process::Output) -> Vec<String> {
    let document: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "a JSON report; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    document["assessments"]
        .as_array()
        .expect("assessments")
        .iter()
        .map(|a| a["market"]["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_settings_file_is_found_upward_and_config_names_each_line() {
    let dir = project(
        "upward",
        "# team defaults\nmarkets = [\"vn\", \"id\"]\nindustries = [\"social\"]\nfail-on = [\"block\"]\n",
    );
    let settings = settings_in(&dir.join("sub"), &[]);
    assert_eq!(settings["file"], "../assess.toml");
    assert_eq!(
        settings["settings"]["markets"]["value"],
        serde_json::json!(["vn", "id"])
    );
    assert_eq!(settings["settings"]["markets"]["from"], "../assess.toml:2");
    assert_eq!(settings["settings"]["fail-on"]["from"], "../assess.toml:4");
    assert_eq!(settings["settings"]["format"]["from"], "built-in");
}

#[test]
fn variables_win_over_the_file_and_the_command_line_over_both() {
    let dir = project(
        "precedence",
        "markets = [\"vn\", \"id\"]\nindustries = [\"social\"]\nformat = \"json\"\n",
    );
    let settings = settings_in(&dir, &[("ASSESS_MARKETS", "th")]);
    assert_eq!(
        settings["settings"]["markets"]["value"],
        serde_json::json!(["th"])
    );
    assert_eq!(settings["settings"]["markets"]["from"], "ASSESS_MARKETS");

    // The file's format (json) and markets apply to a bare run...
    assert_eq!(markets_assessed(&run_in(&dir, &[])), ["vn", "id"]);
    // ...a variable replaces the file's list...
    let output = assess()
        .current_dir(&dir)
        .env("ASSESS_MARKETS", "th")
        .output()
        .expect("runs");
    assert_eq!(markets_assessed(&output), ["th"]);
    // ...and a list on the command line replaces both, never adds to them.
    let output = assess()
        .current_dir(&dir)
        .env("ASSESS_MARKETS", "th")
        .args(["--market", "sg"])
        .output()
        .expect("runs");
    assert_eq!(markets_assessed(&output), ["sg"]);
}

#[test]
fn bare_assess_without_settings_still_shows_the_help() {
    let dir = temp_dir("config-none");
    let output = run_in(&dir, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Usage: assess"));
}

#[test]
fn no_config_and_config_path_choose_the_file() {
    let dir = project("choose", "markets = [\"vn\"]\nindustries = [\"social\"]\n");
    std::fs::write(
        dir.join("other.toml"),
        "markets = [\"sg\"]\nindustries = [\"social\"]\nformat = \"json\"\n",
    )
    .expect("write");
    let ignored = run_in(&dir, &["--no-config"]);
    assert_eq!(ignored.status.code(), Some(2), "no settings: the help");
    let chosen = run_in(&dir, &["--config", "other.toml"]);
    assert_eq!(markets_assessed(&chosen), ["sg"]);
    let missing = run_in(&dir, &["--config", "absent.toml", "config"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--config absent.toml"));
}

#[test]
fn paths_in_the_file_are_relative_to_its_folder() {
    let dir = project(
        "paths",
        "products = [\"my-app.yaml\"]\nmarkets = [\"vn\"]\noutputs = [\"json=report.json\"]\n",
    );
    std::fs::copy(
        format!("{}/products/global-rtc.yaml", env!("CARGO_MANIFEST_DIR")),
        dir.join("my-app.yaml"),
    )
    .expect("copy a product");
    let output = run_in(&dir.join("sub"), &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read_to_string(dir.join("report.json")).expect("report written");
    assert!(written.contains("\"global-rtc\""), "the product was read");
}

#[test]
fn an_unknown_key_is_a_located_error_with_the_nearest_key() {
    let dir = project("unknown", "markets = [\"vn\"]\nfail_on = [\"block\"]\n");
    let output = run_in(&dir, &["--market", "vn", "--industry", "social"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("assess.toml:2:1: unknown key `fail_on`; did you mean `fail-on`?"),
        "{stderr}"
    );
    assert!(stderr.contains("[A003]"), "{stderr}");
}

#[test]
fn bad_values_are_located_errors() {
    let cases = [
        (
            "fail-on = [\"warn\", \"blok\"]\n",
            "assess.toml:1:20: fail-on: `blok`",
        ),
        ("format = \"sarf\"\n", "assess.toml:1:10: format: `sarf`"),
        ("markets = \"vn\"\n", "assess.toml:1:11: invalid type"),
        (
            "outputs = [\"sarif\"]\n",
            "assess.toml:1:12: outputs: `sarif` is not FORMAT=PATH",
        ),
        (
            "[[severity]]\nrule = \"network.slow-mobile-video\"\nlevel = \"loud\"\n",
            "assess.toml:3:9: severity.level: `loud`",
        ),
        ("[[severity]]\nlevel = \"info\"\n", "missing field `rule`"),
        ("markets = [\n", "assess.toml:1:"),
    ];
    for (config, expected) in cases {
        let dir = project("values", config);
        let output = run_in(&dir, &["--market", "vn", "--industry", "social"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{config}: {stderr}");
        assert!(stderr.contains(expected), "{config}: {stderr}");
    }
}

#[test]
fn a_severity_set_in_the_file_applies_to_its_markets_and_names_its_line() {
    let dir = project(
        "severity",
        "markets = [\"vn\", \"id\"]\nindustries = [\"social\"]\nformat = \"json\"\n\n[[severity]]\nrule = \"compliance.registration-duty\"\nlevel = \"info\"\nmarkets = [\"vn\"]\n",
    );
    let output = run_in(&dir, &[]);
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let finding = |market: usize| {
        document["assessments"][market]["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .flat_map(|c| c["findings"].as_array().expect("findings").clone())
            .find(|f| f["rule"] == "compliance.registration-duty")
            .expect("the registration finding")
    };
    let vn = finding(0);
    assert_eq!(vn["severity"], "info");
    assert_eq!(vn["severity_set_from"], "warn");
    assert_eq!(vn["severity_set_by"], "assess.toml:6");
    let indonesia = finding(1);
    assert_eq!(indonesia["severity"], "warn", "the setting names vn only");
    assert!(indonesia.get("severity_set_by").is_none());

    // --severity on the command line replaces the file's list.
    let output = run_in(&dir, &["--severity", "compliance.registration-duty=block"]);
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let findings: Vec<&Value> = document["assessments"][0]["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .flat_map(|c| c["findings"].as_array().expect("findings"))
        .filter(|f| f["rule"] == "compliance.registration-duty")
        .collect();
    assert_eq!(findings[0]["severity"], "block");
    assert_eq!(findings[0]["severity_set_by"], "--severity");
}

#[test]
fn a_severity_for_an_unknown_rule_or_market_is_located_and_suggests() {
    let dir = project(
        "severity-typo",
        "[[severity]]\nrule = \"compliance.registraton-duty\"\nlevel = \"info\"\n",
    );
    let output = run_in(&dir, &["--market", "vn", "--industry", "social"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("assess.toml:2:8"), "{stderr}");
    assert!(
        stderr.contains("did you mean `compliance.registration-duty`?"),
        "{stderr}"
    );
    let dir = project(
        "severity-market",
        "[[severity]]\nrule = \"compliance.registration-duty\"\nlevel = \"info\"\nmarkets = [\"vnn\"]\n",
    );
    let output = run_in(&dir, &["--market", "vn", "--industry", "social"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("did you mean `vn`?"), "{stderr}");
}

#[test]
fn a_bad_variable_names_itself() {
    let output = assess()
        .env("ASSESS_FAIL_ON", "blok")
        .args(["--market", "vn", "--industry", "social"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("ASSESS_FAIL_ON: `blok`"));
}

#[test]
fn config_in_chinese_and_as_a_table() {
    let dir = project("table", "markets = [\"vn\"]\n");
    let output = run_in(&dir, &["config"]);
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.starts_with("Settings file: assess.toml\n"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("markets") && l.ends_with("assess.toml:1")),
        "{table}"
    );
    let output = run_in(&dir, &["config", "--lang", "zh"]);
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.starts_with("设置文件：assess.toml\n"), "{table}");
    assert!(table.contains("lang            zh"), "{table}");
}

#[test]
fn every_human_format_says_where_a_severity_was_set() {
    let dir = project(
        "severity-shown",
        "[[severity]]\nrule = \"compliance.registration-duty\"\nlevel = \"info\"\n",
    );
    let base = ["--market", "vn", "--industry", "social"];
    for (format, expected) in [
        (
            "table",
            "(severity set by assess.toml:2; the rule's own: warn)",
        ),
        (
            "markdown",
            "(severity set by assess.toml:2; the rule's own: warn)",
        ),
        (
            "html",
            "severity set by assess.toml:2; the rule&#39;s own: warn",
        ),
    ] {
        let mut args = base.to_vec();
        args.extend(["--format", format, "--detail"]);
        let output = run_in(&dir, &args);
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains(expected), "{format}: {text}");
    }
    let output = run_in(
        &dir,
        &[&base[..], &["--format", "markdown", "--lang", "zh"]].concat(),
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("（严重程度设定自 assess.toml:2；规则原本为：警告）"),
        "{text}"
    );
}
