//! Helpers shared by the integration tests: the binary in a clean environment,
//! its output parsed, and scratch files.
#![allow(dead_code)] // each test binary uses a different subset

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

/// The variables of the machine that change what `assess` prints.
pub const MACHINE_VARIABLES: [&str; 16] = [
    "LANG",
    "LC_ALL",
    "NO_COLOR",
    "COLUMNS",
    "ASSESS_PROFILES",
    "ASSESS_CONFIG",
    "ASSESS_MARKETS",
    "ASSESS_INDUSTRIES",
    "ASSESS_PRODUCTS",
    "ASSESS_WAIVERS",
    "ASSESS_FAIL_ON",
    "ASSESS_OUTPUTS",
    "ASSESS_FORMAT",
    "ASSESS_LANG",
    "ASSESS_SEVERITY",
    "ASSESS_CACHE_DIR",
];

/// The `assess` binary with a deterministic environment (no locale, colour or
/// overlay settings from the machine), run from the project's folder.
pub fn assess() -> Command {
    let mut cmd = Command::cargo_bin("assess").expect("the assess binary is built");
    for var in MACHINE_VARIABLES {
        cmd.env_remove(var);
    }
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Standard output of a run that produced a report: exit 0, or 1 when a
/// `--fail-on` gate tripped or a rule test failed.
pub fn report(args: &[&str]) -> String {
    output_of(&mut assess(), args)
}

/// [`report`], for a command prepared by the caller (an environment, stdin).
pub fn output_of(cmd: &mut Command, args: &[&str]) -> String {
    let output = cmd.args(args).output().expect("assess runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "assess {args:?} exited {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Standard output of a run that must succeed (exit 0).
pub fn stdout(args: &[&str]) -> String {
    let output = assess().args(args).output().expect("assess runs");
    assert!(
        output.status.success(),
        "assess {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The JSON document of a run (`--format json` is added).
pub fn document(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&report(&all)).expect("valid JSON")
}

/// The first assessment of a run's JSON document.
pub fn first(args: &[&str]) -> Value {
    document(args)["assessments"][0].clone()
}

/// A fixture's path, as the binary sees it.
pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty scratch folder for this test process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assess-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A scratch file with `contents`, in a folder shared by the process.
pub fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assess-test-{}-files", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}
