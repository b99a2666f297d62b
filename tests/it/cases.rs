//! End-to-end cases as files (tests/cases/): each `NAME.case.yaml` gives the
//! arguments and the exit code, and `NAME.stdout` / `NAME.stderr` beside it
//! what the binary must print, byte for byte. A newcomer reads a case to learn
//! a command; `ASSESS_BLESS=1 cargo test cases` rewrites the expected files
//! after a deliberate change (review the diff).

use assert_cmd::Command;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case shows, for the reader.
    #[allow(dead_code)]
    about: String,
    args: Vec<String>,
    status: i32,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn check_output(path: &Path, actual: &str, bless: bool, failures: &mut Vec<String>) {
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return;
    }
    if bless {
        std::fs::write(path, actual).expect("writes the expected output");
        return;
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    failures.push(format!(
        "{}: differs from line {}:\n  expected: {:?}\n  actual:   {:?}",
        path.display(),
        first + 1,
        expected.lines().nth(first).unwrap_or("<end>"),
        actual.lines().nth(first).unwrap_or("<end>")
    ));
}

#[test]
fn every_case_prints_what_its_files_say() {
    let bless = std::env::var_os("ASSESS_BLESS").is_some();
    let mut names: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".case.yaml"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 20,
        "expected the cases of every subcommand and format"
    );
    let mut failures = Vec::new();
    for path in &names {
        let text = std::fs::read_to_string(path).expect("a case file");
        let case: Case = serde_saphyr::from_str(&text).expect("a case parses");
        let output = Command::cargo_bin("assess")
            .expect("the binary")
            .args(&case.args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("ASSESS_PROFILES")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env("NO_COLOR", "1")
            .output()
            .expect("runs");
        let stem = path
            .to_string_lossy()
            .trim_end_matches(".case.yaml")
            .to_string();
        let status = output.status.code().unwrap_or(-1);
        if status != case.status {
            failures.push(format!(
                "{}: exit {status}, expected {}",
                path.display(),
                case.status
            ));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        check_output(
            Path::new(&format!("{stem}.stdout")),
            &stdout,
            bless,
            &mut failures,
        );
        check_output(
            Path::new(&format!("{stem}.stderr")),
            &stderr,
            bless,
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every subcommand's `--help`, as a user reads it.
#[test]
fn every_subcommand_help_is_as_reviewed() {
    use clap::CommandFactory;
    let command = assess::cli::Cli::command();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in std::iter::once(String::new()).chain(names) {
        let args: Vec<&str> = if name.is_empty() {
            vec!["--help"]
        } else {
            vec![name.as_str(), "--help"]
        };
        let output = Command::cargo_bin("assess")
            .expect("the binary")
            .args(&args)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{name} --help fails");
        let snapshot = if name.is_empty() {
            "help".to_string()
        } else {
            format!("help_{name}")
        };
        insta::assert_snapshot!(snapshot, String::from_utf8_lossy(&output.stdout));
    }
}

#[test]
fn the_man_page_names_no_page_it_does_not_install() {
    let output = Command::cargo_bin("assess")
        .expect("the binary")
        .arg("man")
        .output()
        .expect("runs");
    let page = String::from_utf8_lossy(&output.stdout);
    assert!(!page.contains("assess\\-list(1)"), "{page}");
    assert!(page.contains("assess list"));
}
