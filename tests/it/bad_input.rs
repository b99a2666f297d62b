//! Malformed input through the real binary (issue 5): whatever a user or a pull
//! request feeds `assess`, it answers with an input error (exit 2) located as
//! `file:line:col:` — never a panic, a crash, a hang or a silent pass.
//!
//! Each class of bad input has its own fixture under `tests/fixtures/bad/`; the
//! very large files are generated into a temporary folder. Every run is under a
//! 10-second guard (a guard against hangs, not a timing test) and a 2 GB
//! address-space limit, so a runaway input fails the test instead of the machine.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Kills a run that takes longer: a hang is a failure, whatever its cause.
const GUARD: Duration = Duration::from_secs(10);
/// Address space a run may use, in KiB (`ulimit -v`).
const MEMORY_KIB: u64 = 2 * 1024 * 1024;
/// The fixtures, relative to the crate root (the runs' working directory), so
/// that messages name them exactly as written here.
const BAD: &str = "tests/fixtures/bad";

/// Tests that generate tens of megabytes take turns, so that they do not share
/// the guard's ten seconds with each other.
static HEAVY: Mutex<()> = Mutex::new(());

/// `assess` with a clean environment, under the time guard and the memory limit.
fn assess() -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_assess"));
    for var in crate::common::MACHINE_VARIABLES {
        cmd.env_remove(var);
    }
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).timeout(GUARD);
    cmd
}

/// Runs `assess args` and checks what every rejection must be: exit 2 (not a
/// kill by the guard, not a crash), no report, no panic. Returns stderr.
fn rejected(args: &[&str]) -> String {
    rejected_with_stdin(args, None)
}

fn rejected_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut cmd = assess();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let output = cmd.output().expect("assess runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(2),
        "assess {args:?}: expected exit 2, got {} (no code: killed by the {GUARD:?} guard or a signal)\nstderr: {}",
        output.status,
        head(&stderr)
    );
    assert!(
        !stderr.contains("panicked"),
        "assess {args:?} panicked:\n{}",
        head(&stderr)
    );
    assert!(
        output.stdout.is_empty(),
        "assess {args:?} printed a report for bad input"
    );
    stderr
}

/// The first lines of a long stderr, for failure messages.
fn head(text: &str) -> String {
    text.lines().take(8).collect::<Vec<_>>().join("\n")
}

/// Asserts that stderr locates a problem in `file` at `line` and `column`.
fn assert_at(stderr: &str, file: &str, line: usize, column: usize) {
    let location = format!("{file}:{line}:{column}: ");
    assert!(
        stderr.contains(&location),
        "expected `{location}` in stderr:\n{}",
        head(stderr)
    );
}

/// Asserts that stderr locates a problem in `file` at `line`, in `file:line:col:` form.
fn assert_on_line(stderr: &str, file: &str, line: usize) {
    let prefix = format!("{file}:{line}:");
    let located = stderr.match_indices(&prefix).any(|(at, _)| {
        let rest = &stderr[at + prefix.len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with(": ")
    });
    assert!(
        located,
        "expected `{prefix}<col>: ` in stderr:\n{}",
        head(stderr)
    );
}

fn assert_says(stderr: &str, words: &str) {
    assert!(
        stderr.contains(words),
        "expected `{words}` in stderr:\n{}",
        head(stderr)
    );
}

/// The arguments that overlay fixture folder `name` on the built-ins and assess.
fn overlay(name: &str) -> Vec<String> {
    [
        "--profiles",
        &format!("{BAD}/{name}"),
        "--market",
        "sea",
        "--industry",
        "social",
    ]
    .map(String::from)
    .to_vec()
}

/// `assess` over the overlay `name`, rejected; returns stderr.
fn overlay_rejected(name: &str) -> String {
    let args = overlay(name);
    rejected(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// `assess --product` with the product fixture `name`, rejected; returns stderr.
fn product_rejected(path: &str) -> String {
    rejected(&["--market", "sea", "--industry", "social", "--product", path])
}

/// A folder of its own under the system's temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("assess-bad-input-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary folder");
        TempDir(path)
    }

    /// Writes `text` to `relative` inside the folder; returns the file's path.
    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(&path, text).expect("the file is written");
        path
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    HEAVY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

mod syntax {
    use super::*;

    #[test]
    fn a_syntax_error_is_located() {
        let stderr = overlay_rejected("syntax");
        // The flow mapping opened on line 3 is found unclosed on line 4.
        assert_on_line(&stderr, &format!("{BAD}/syntax/markets/bad.yaml"), 4);
    }

    #[test]
    fn a_rule_pack_that_is_one_mapping_instead_of_a_list_is_located() {
        let stderr = overlay_rejected("mapping-rule-pack");
        assert_at(
            &stderr,
            &format!("{BAD}/mapping-rule-pack/rules/network.yaml"),
            2,
            1,
        );
    }
}

mod unknown_fields {
    use super::*;

    #[test]
    fn an_unknown_field_suggests_the_nearest_field() {
        let stderr = overlay_rejected("unknown-field");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-field/markets/bad.yaml"),
            5,
            1,
        );
        assert_says(&stderr, "unknown field `netwrok`");
        assert_says(&stderr, "did you mean `network`?");
    }

    #[test]
    fn an_unknown_nested_field_suggests_the_nearest_field() {
        let stderr = overlay_rejected("unknown-nested-field");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-nested-field/markets/bad.yaml"),
            6,
            3,
        );
        assert_says(&stderr, "did you mean `mobile_download_mbps`?");
    }

    #[test]
    fn an_unknown_rule_field_suggests_the_nearest_field() {
        let stderr = overlay_rejected("unknown-field-in-rule");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-field-in-rule/rules/network.yaml"),
            3,
            3,
        );
        assert_says(&stderr, "did you mean `when`?");
    }

    #[test]
    fn an_unknown_product_field_suggests_the_nearest_field() {
        let file = format!("{BAD}/product/unknown-field.yaml");
        let stderr = product_rejected(&file);
        assert_at(&stderr, &file, 5, 1);
        assert_says(&stderr, "did you mean `promises`?");
    }
}

mod wrong_types {
    use super::*;

    #[test]
    fn a_word_where_a_number_belongs_is_located() {
        let stderr = overlay_rejected("wrong-type-number");
        assert_at(
            &stderr,
            &format!("{BAD}/wrong-type-number/markets/bad.yaml"),
            6,
            25,
        );
    }

    #[test]
    fn a_mapping_where_a_list_belongs_is_located() {
        let stderr = overlay_rejected("wrong-type-list");
        assert_at(
            &stderr,
            &format!("{BAD}/wrong-type-list/markets/bad.yaml"),
            5,
            12,
        );
    }
}

mod out_of_range {
    use super::*;

    fn check(fixture: &str, file: &str, line: usize, column: usize, says: &str) {
        let stderr = overlay_rejected(fixture);
        assert_at(&stderr, &format!("{BAD}/{fixture}/{file}"), line, column);
        assert_says(&stderr, says);
    }

    #[test]
    fn a_percentage_above_100() {
        check(
            "percent-over-100",
            "markets/bad.yaml",
            6,
            24,
            "100.5 is out of range; expected a percentage from 0 to 100",
        );
    }

    #[test]
    fn a_negative_percentage() {
        check(
            "negative-percent",
            "markets/bad.yaml",
            6,
            26,
            "-3 is out of range",
        );
    }

    #[test]
    fn a_negative_weight() {
        check(
            "negative-weight",
            "industries/bad.yaml",
            6,
            13,
            "-0.2 is out of range; expected a number from 0.001 to 1000",
        );
    }

    #[test]
    fn a_zero_weight() {
        check(
            "zero-weight",
            "industries/bad.yaml",
            6,
            13,
            "0 is out of range; expected a number from 0.001 to 1000",
        );
    }

    #[test]
    fn a_zero_fit() {
        check(
            "zero-fit",
            "markets/bad.yaml",
            6,
            19,
            "0 is out of range; expected a number from 0.001 to 1000",
        );
    }

    #[test]
    fn a_negative_fit() {
        check(
            "negative-fit",
            "markets/bad.yaml",
            7,
            10,
            "-1.2 is out of range",
        );
    }

    #[test]
    fn not_a_number() {
        check("nan", "markets/bad.yaml", 6, 20, "NaN is out of range");
    }

    #[test]
    fn an_infinity() {
        check("infinity", "markets/bad.yaml", 6, 25, "inf is out of range");
    }

    #[test]
    fn a_negative_infinity() {
        check(
            "negative-infinity",
            "markets/bad.yaml",
            6,
            17,
            "-inf is out of range",
        );
    }

    #[test]
    fn an_age_that_does_not_fit_the_field() {
        let stderr = overlay_rejected("age-out-of-range");
        assert_at(
            &stderr,
            &format!("{BAD}/age-out-of-range/markets/bad.yaml"),
            6,
            22,
        );
    }
}

mod unknown_values {
    use super::*;

    #[test]
    fn an_unknown_level() {
        let stderr = overlay_rejected("unknown-level");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-level/markets/bad.yaml"),
            6,
            25,
        );
        assert_says(&stderr, "`extreme`");
    }

    #[test]
    fn an_unknown_enum_value_suggests_the_nearest() {
        let stderr = overlay_rejected("unknown-enum");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-enum/markets/bad.yaml"),
            4,
            7,
        );
        assert_says(&stderr, "did you mean `region`?");
    }

    #[test]
    fn an_unknown_severity() {
        let stderr = overlay_rejected("unknown-severity");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-severity/rules/network.yaml"),
            4,
            13,
        );
        assert_says(&stderr, "`critical`");
    }
}

mod unknown_ids {
    use super::*;

    #[test]
    fn an_unknown_channel_id_in_a_market() {
        let stderr = overlay_rejected("unknown-channel");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-channel/markets/bad.yaml"),
            6,
            3,
        );
        assert_says(&stderr, "`tv-ads`");
    }

    #[test]
    fn an_unknown_channel_id_in_a_rule_suggests_the_nearest() {
        let stderr = overlay_rejected("unknown-channel-in-rule");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-channel-in-rule/rules/network.yaml"),
            6,
            12,
        );
        assert_says(&stderr, "did you mean `creators`?");
    }

    #[test]
    fn an_unknown_market_id_in_a_product() {
        let file = format!("{BAD}/product/unknown-market.yaml");
        let stderr = product_rejected(&file);
        assert_at(&stderr, &file, 6, 23);
        assert_says(&stderr, "unknown market `atlantis`");
    }

    #[test]
    fn an_unknown_region_in_extends_suggests_the_nearest() {
        let stderr = overlay_rejected("unknown-region");
        assert_at(
            &stderr,
            &format!("{BAD}/unknown-region/markets/bad.yaml"),
            5,
            10,
        );
        assert_says(&stderr, "did you mean `sea`?");
    }
}

mod duplicates {
    use super::*;

    #[test]
    fn a_duplicate_key() {
        let stderr = overlay_rejected("duplicate-key");
        assert_at(
            &stderr,
            &format!("{BAD}/duplicate-key/markets/bad.yaml"),
            5,
            1,
        );
        assert_says(&stderr, "`kind`");
    }

    #[test]
    fn two_files_with_one_id_in_a_folder() {
        let stderr = overlay_rejected("duplicate-id");
        assert_at(&stderr, &format!("{BAD}/duplicate-id/markets/b.yaml"), 2, 5);
        assert_says(&stderr, "`twin`");
        assert_says(&stderr, &format!("{BAD}/duplicate-id/markets/a.yaml"));
    }

    #[test]
    fn one_rule_id_twice_in_a_pack_is_located_at_the_repeat() {
        let stderr = overlay_rejected("duplicate-rule-id");
        assert_at(
            &stderr,
            &format!("{BAD}/duplicate-rule-id/rules/network.yaml"),
            6,
            7,
        );
    }
}

mod shapes {
    use super::*;

    #[test]
    fn an_empty_file() {
        let stderr = overlay_rejected("empty");
        assert_at(&stderr, &format!("{BAD}/empty/markets/bad.yaml"), 1, 1);
        assert_says(&stderr, "empty");
    }

    #[test]
    fn a_file_of_whitespace() {
        let stderr = overlay_rejected("blank");
        assert_at(&stderr, &format!("{BAD}/blank/markets/bad.yaml"), 1, 1);
    }

    #[test]
    fn a_file_of_comments() {
        let stderr = overlay_rejected("comments-only");
        assert_on_line(&stderr, &format!("{BAD}/comments-only/markets/bad.yaml"), 2);
    }

    #[test]
    fn an_empty_product() {
        let file = format!("{BAD}/product/empty.yaml");
        let stderr = product_rejected(&file);
        assert_at(&stderr, &file, 1, 1);
    }

    #[test]
    fn a_top_level_scalar() {
        let stderr = overlay_rejected("scalar");
        assert_at(&stderr, &format!("{BAD}/scalar/markets/bad.yaml"), 1, 1);
    }

    #[test]
    fn a_top_level_sequence() {
        let stderr = overlay_rejected("sequence");
        assert_at(&stderr, &format!("{BAD}/sequence/markets/bad.yaml"), 1, 1);
    }
}

mod encoding {
    use super::*;

    #[test]
    fn invalid_utf8_in_a_profile() {
        let stderr = overlay_rejected("invalid-utf8");
        assert_at(
            &stderr,
            &format!("{BAD}/invalid-utf8/markets/bad.yaml"),
            3,
            14,
        );
        assert_says(&stderr, "not valid UTF-8");
    }

    #[test]
    fn invalid_utf8_in_a_product() {
        let file = format!("{BAD}/product/invalid-utf8.yaml");
        let stderr = product_rejected(&file);
        assert_at(&stderr, &file, 3, 14);
    }

    #[test]
    fn invalid_utf8_on_standard_input() {
        let bytes = std::fs::read(format!(
            "{}/{BAD}/product/invalid-utf8.yaml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("the fixture");
        let stderr = rejected_with_stdin(&["--market", "sea", "--product", "-"], Some(&bytes));
        assert_says(&stderr, "<stdin>");
    }

    #[test]
    fn invalid_utf8_on_standard_input_is_located() {
        let bytes = std::fs::read(format!(
            "{}/{BAD}/product/invalid-utf8.yaml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("the fixture");
        let stderr = rejected_with_stdin(&["--market", "sea", "--product", "-"], Some(&bytes));
        assert_at(&stderr, "<stdin>", 3, 14);
    }
}

mod bombs {
    use super::*;

    #[test]
    fn billion_laughs() {
        let stderr = overlay_rejected("alias-bomb");
        assert_on_line(&stderr, &format!("{BAD}/alias-bomb/markets/bad.yaml"), 4);
    }

    #[test]
    fn a_merge_key_bomb_the_types_accept() {
        let _turn = heavy();
        let stderr = overlay_rejected("merge-key-bomb");
        assert_on_line(
            &stderr,
            &format!("{BAD}/merge-key-bomb/markets/bad.yaml"),
            11,
        );
        // serde-saphyr says "(used at line 12, column 43)"; stripping its location
        // suffix must not leave a dangling "(used".
        assert!(!stderr.contains("(used\n"), "{}", head(&stderr));
    }

    #[test]
    fn nesting_five_thousand_flow_sequences_deep() {
        let stderr = overlay_rejected("deep-flow");
        assert_on_line(&stderr, &format!("{BAD}/deep-flow/markets/bad.yaml"), 5);
    }

    #[test]
    fn nesting_five_thousand_flow_mappings_deep() {
        let stderr = overlay_rejected("deep-flow-mapping");
        assert_on_line(
            &stderr,
            &format!("{BAD}/deep-flow-mapping/markets/bad.yaml"),
            5,
        );
    }

    #[test]
    fn nesting_five_thousand_block_sequences_deep() {
        let stderr = overlay_rejected("deep-block");
        assert_on_line(&stderr, &format!("{BAD}/deep-block/markets/bad.yaml"), 6);
    }
}

mod large_files {
    use super::*;

    /// A market header for generated files: valid up to the part under test.
    const HEADER: &str = "id: huge\nname: {en: Huge, zh: 大}\nkind: country\nextends: sea\n";

    /// Runs over the folder `dir` and accepts either outcome a large input may
    /// have: a report (exit 0), or a located rejection (exit 2) — within the guards.
    fn handled(dir: &Path, file: &Path) {
        let output = assess()
            .args(["--profiles"])
            .arg(dir)
            .args(["--market", "sea", "--industry", "social"])
            .output()
            .expect("assess runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{}", head(&stderr));
        match output.status.code() {
            Some(0) => {}
            Some(2) => assert!(
                stderr.contains(&format!("{}:", file.display())),
                "a rejection names the file: {}",
                head(&stderr)
            ),
            _ => panic!(
                "expected exit 0 or 2, got {} (no code: killed by the {GUARD:?} guard, the memory limit or a signal)\nstderr: {}",
                output.status,
                head(&stderr)
            ),
        }
    }

    fn rejected_in(dir: &Path) -> String {
        let dir = dir.to_str().expect("a UTF-8 temporary path");
        rejected(&["--profiles", dir, "--market", "sea", "--industry", "social"])
    }

    #[test]
    fn forty_megabytes_in_one_string_are_handled() {
        let _turn = heavy();
        let dir = TempDir::new("one-string");
        let text = format!(
            "{HEADER}channels:\n  creators:\n    evidence: \"{}\"\n",
            "x".repeat(40_000_000)
        );
        let file = dir.write("markets/huge.yaml", &text);
        handled(dir.path(), &file);
    }

    #[test]
    fn seventy_megabytes_in_one_string_are_over_the_budget() {
        let _turn = heavy();
        let dir = TempDir::new("over-scalar-budget");
        let text = format!(
            "{HEADER}channels:\n  creators:\n    evidence: \"{}\"\n",
            "x".repeat(70_000_000)
        );
        let file = dir.write("markets/huge.yaml", &text);
        let stderr = rejected_in(dir.path());
        assert_says(&stderr, &format!("{}: more than 64 MiB", file.display()));
    }

    #[test]
    fn thirty_megabytes_of_list_items_are_over_the_budget() {
        let _turn = heavy();
        let dir = TempDir::new("over-event-budget");
        let text = format!("{HEADER}countries: [{}a]\n", "a, ".repeat(10_000_000));
        let file = dir.write("markets/huge.yaml", &text);
        let stderr = rejected_in(dir.path());
        assert_on_line(&stderr, &file.display().to_string(), 5);
    }

    #[test]
    fn twenty_megabytes_of_unknown_market_ids_are_rejected_in_bounded_time() {
        let _turn = heavy();
        let dir = TempDir::new("unknown-ids");
        let ids: Vec<String> = (0..200_000)
            .map(|i| format!("unknown-market-{i:0>84}"))
            .collect();
        let text = format!(
            "id: huge\nname: {{en: Huge, zh: 大}}\nkind: region\ncountries: [{}]\n",
            ids.join(", ")
        );
        let file = dir.write("markets/huge.yaml", &text);
        let stderr = rejected_in(dir.path());
        assert_on_line(&stderr, &file.display().to_string(), 4);
    }

    #[test]
    fn twenty_megabytes_of_rules_load_in_bounded_memory() {
        let _turn = heavy();
        let dir = TempDir::new("many-rules");
        let message = "y".repeat(10_000);
        let mut text = String::new();
        for i in 0..2_000 {
            let _ = std::fmt::Write::write_fmt(
                &mut text,
                format_args!(
                    "- id: network.generated-{i}\n  when: market.network.idle_latency_ms > 100000\n  severity: info\n  message: {{en: \"{message}\"}}\n"
                ),
            );
        }
        let file = dir.write("rules/network.yaml", &text);
        handled(dir.path(), &file);
    }
}

mod rules {
    use super::*;

    #[test]
    fn a_syntax_error_in_a_condition_names_the_rule() {
        let stderr = overlay_rejected("rule-syntax");
        assert_on_line(&stderr, &format!("{BAD}/rule-syntax/rules/network.yaml"), 3);
        assert_says(&stderr, "rule `network.half-a-condition`");
    }

    #[test]
    fn a_type_error_in_a_condition_names_the_rule() {
        let stderr = overlay_rejected("rule-type");
        assert_at(
            &stderr,
            &format!("{BAD}/rule-type/rules/network.yaml"),
            3,
            9,
        );
        assert_says(&stderr, "rule `network.name-above-five`");
    }

    #[test]
    fn a_type_error_behind_unknown_data_is_still_found() {
        // SEA does not state `legacy_devices_pct`, so the assessment alone would
        // leave the rule not evaluated and never see the type error.
        let stderr = overlay_rejected("rule-type-unknown-data");
        assert_at(
            &stderr,
            &format!("{BAD}/rule-type-unknown-data/rules/network.yaml"),
            3,
            9,
        );
        assert_says(&stderr, "rule `network.share-above-text`");
    }

    #[test]
    fn a_rule_whose_id_prefixes_an_earlier_rule_is_located_at_its_own_condition() {
        let stderr = overlay_rejected("rule-id-prefix");
        assert_on_line(
            &stderr,
            &format!("{BAD}/rule-id-prefix/rules/network.yaml"),
            7,
        );
        assert_says(&stderr, "rule `network.slow-video`");
    }

    #[test]
    fn a_condition_that_loops_for_ever_is_rejected() {
        let stderr = overlay_rejected("rule-nested-loops");
        assert_on_line(
            &stderr,
            &format!("{BAD}/rule-nested-loops/rules/network.yaml"),
            3,
        );
        assert_says(&stderr, "rule `network.nested-loops`");
    }

    #[test]
    fn a_condition_nested_thousands_deep_names_the_rule() {
        let stderr = overlay_rejected("rule-deep-expression");
        assert_on_line(
            &stderr,
            &format!("{BAD}/rule-deep-expression/rules/network.yaml"),
            3,
        );
        assert_says(
            &stderr,
            "`when` is 80001 characters long; expected at most 4000",
        );
    }
}

mod extends {
    use super::*;

    #[test]
    fn a_cycle_is_located() {
        let stderr = overlay_rejected("extends-cycle");
        assert_at(
            &stderr,
            &format!("{BAD}/extends-cycle/markets/cycle-a.yaml"),
            5,
            10,
        );
        assert_says(&stderr, "cycle");
    }

    #[test]
    fn a_market_that_extends_itself_is_a_cycle() {
        let stderr = overlay_rejected("extends-self");
        assert_at(
            &stderr,
            &format!("{BAD}/extends-self/markets/selfish.yaml"),
            5,
            10,
        );
        assert_says(&stderr, "cycle");
    }
}

mod paths {
    use super::*;

    #[test]
    fn a_missing_profiles_folder() {
        let folder = format!("{BAD}/no-such-folder");
        let stderr = rejected(&[
            "--profiles",
            &folder,
            "--market",
            "sea",
            "--industry",
            "social",
        ]);
        assert_says(&stderr, &format!("{folder}: no such folder"));
    }

    #[test]
    fn a_profiles_path_that_is_a_file() {
        let file = format!("{BAD}/product/empty.yaml");
        let stderr = rejected(&[
            "--profiles",
            &file,
            "--market",
            "sea",
            "--industry",
            "social",
        ]);
        assert_says(&stderr, &format!("{file}: "));
    }

    #[test]
    fn a_profiles_path_that_is_a_file_is_not_called_missing() {
        let file = format!("{BAD}/product/empty.yaml");
        let stderr = rejected(&[
            "--profiles",
            &file,
            "--market",
            "sea",
            "--industry",
            "social",
        ]);
        assert!(!stderr.contains("no such folder"), "{}", head(&stderr));
    }

    #[test]
    fn a_missing_product_file() {
        let file = format!("{BAD}/product/no-such-product.yaml");
        let stderr = product_rejected(&file);
        assert_says(&stderr, &format!("{file}: no such file"));
    }

    #[test]
    fn a_product_path_that_is_a_directory() {
        let folder = format!("{BAD}/a-directory.yaml");
        let stderr = product_rejected(&folder);
        assert_says(&stderr, &format!("{folder}: is a directory"));
    }
}

/// Inputs a fuzz target crashed or hung on (`fuzz/regressions/`), fed through the
/// binary: each must give a report or a located input error, within the guards.
mod fuzz_regressions {
    use super::*;

    fn inputs(target: &str) -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions")
            .join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.is_file());
        files.sort();
        files
    }

    /// Runs over `dir` and expects a report (exit 0) or an error naming `file`.
    fn handled(input: &Path, dir: &Path, file: &Path) {
        let output = assess()
            .arg("--profiles")
            .arg(dir)
            .args(["--market", "sea", "--industry", "social"])
            .output()
            .expect("assess runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let name = input.display();
        assert!(!stderr.contains("panicked"), "{name}: {}", head(&stderr));
        match output.status.code() {
            Some(0) => {}
            Some(2) => assert!(
                stderr.contains(&format!("{}:", file.display())),
                "{name}: the error names the file: {}",
                head(&stderr)
            ),
            _ => panic!(
                "{name}: expected exit 0 or 2, got {} (no code: killed by the {GUARD:?} guard, the memory limit or a signal)\nstderr: {}",
                output.status,
                head(&stderr)
            ),
        }
    }

    /// A `profile_loader` input, written as a market profile.
    fn profile(input: &Path) {
        let dir = TempDir::new("fuzz-profile");
        let file = dir.path().join("markets/fuzzed.yaml");
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("a folder");
        std::fs::write(&file, std::fs::read(input).expect("the input")).expect("written");
        handled(input, dir.path(), &file);
    }

    /// A `rule_compiler` input, written as the condition of a rule.
    fn condition(input: &Path) {
        let bytes = std::fs::read(input).expect("the input");
        let text = String::from_utf8_lossy(&bytes);
        let indented: String = text.lines().map(|l| format!("    {l}\n")).collect();
        let dir = TempDir::new("fuzz-rule");
        let file = dir.write(
            "rules/network.yaml",
            &format!(
                "- id: network.fuzzed\n  severity: info\n  message: {{en: \"x\"}}\n  when: |-\n{indented}"
            ),
        );
        handled(input, dir.path(), &file);
    }

    #[test]
    fn profile_loader_regressions() {
        for input in inputs("profile_loader") {
            profile(&input);
        }
    }

    #[test]
    fn rule_compiler_regressions() {
        for input in inputs("rule_compiler") {
            condition(&input);
        }
    }
}

/// Hostile input (issue 14): nothing injected into any output, nothing lost,
/// nothing unbounded, nothing silently accepted.
mod hostile {
    use super::*;

    /// A market whose texts carry what would act on a reader's tools: terminal
    /// escapes (retitle, clear screen), a spreadsheet formula, HTML and Markdown
    /// that would break out of a PR comment, and GitHub workflow commands.
    const EVIL_MARKET: &str = "id: evil\n\
name: {en: \"\\e]0;pwned\\a\\e[2J<img src=x onerror=alert(1)></details>\\n::error::pwned\"}\n\
kind: country\n\
extends: sea\n\
channels:\n  creators:\n    platforms: [\"=HYPERLINK(\\\"http://x\\\")\", \"@SUM(A1)\", \"\\u0000nul\", \"\\n::stop-commands::token\"]\n\
network:\n  mobile_download_mbps: 12\n\
sources:\n  - title: \"\\n::error::stale \\e[31mred\"\n    url: https://example.com/x\n    date: \"2010\"\n    covers: [channels.creators.platforms, network.mobile_download_mbps]\n";

    fn evil_dir(name: &str) -> TempDir {
        let dir = TempDir::new(&format!("evil-{name}"));
        dir.write("markets/evil.yaml", EVIL_MARKET);
        dir
    }

    fn run_format(dir: &TempDir, format: &str) -> (String, String) {
        let output = assess()
            .args(["--profiles"])
            .arg(dir.path())
            .args([
                "--market",
                "evil",
                "--industry",
                "social",
                "--format",
                format,
            ])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{format}: {output:?}");
        (
            String::from_utf8(output.stdout).expect("utf-8"),
            String::from_utf8(output.stderr).expect("utf-8"),
        )
    }

    fn no_workflow_command_line(text: &str, what: &str) {
        for line in text.lines() {
            assert!(
                !line.trim_start().starts_with("::"),
                "{what}: a line starts a GitHub workflow command: {line:?}"
            );
        }
    }

    fn no_raw_controls(text: &str, what: &str) {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || ('\u{80}'..='\u{9f}').contains(&c)),
            "{what}: a raw control character reaches the reader"
        );
    }

    #[test]
    fn terminal_output_and_warnings_carry_no_raw_control_characters() {
        let dir = evil_dir("table");
        let (stdout, stderr) = run_format(&dir, "table");
        no_raw_controls(&stdout, "table");
        no_raw_controls(&stderr, "stderr");
        assert!(
            stdout.contains("\\u{1b}]0;pwned"),
            "escapes are shown, visibly"
        );
        no_workflow_command_line(&stdout, "table");
        no_workflow_command_line(&stderr, "stderr");
        assert!(
            stderr.contains("stale"),
            "the stale-source warning is there: {stderr}"
        );
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        let dir = evil_dir("csv");
        let (stdout, _) = run_format(&dir, "csv");
        no_raw_controls(&stdout, "csv");
        no_workflow_command_line(&stdout, "csv");
        let mut reader = csv::ReaderBuilder::new().from_reader(stdout.as_bytes());
        let mut rows = 0;
        for record in reader.records() {
            let record = record.expect("the CSV parses");
            rows += 1;
            for cell in &record {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "a cell starts a formula: {cell:?}"
                );
            }
        }
        assert!(rows > 0);
        assert!(stdout.contains("'=HYPERLINK"));
    }

    #[test]
    fn markdown_carries_no_html_and_keeps_its_structure() {
        let dir = evil_dir("markdown");
        let (stdout, _) = run_format(&dir, "markdown");
        no_raw_controls(&stdout, "markdown");
        no_workflow_command_line(&stdout, "markdown");
        assert!(!stdout.contains("<img"), "{stdout}");
        assert_eq!(
            stdout.matches("</details>").count(),
            stdout.matches("<details>").count(),
            "data cannot close a details block"
        );
        assert!(stdout.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    #[test]
    fn junit_and_html_parse_whatever_the_data_holds() {
        let dir = evil_dir("xml");
        let (junit, _) = run_format(&dir, "junit");
        roxmltree::Document::parse(&junit).expect("JUnit XML parses");
        no_workflow_command_line(&junit, "junit");
        let (html, _) = run_format(&dir, "html");
        assert!(!html.contains("<img src=x"), "no live markup from data");
        no_raw_controls(&html, "html");
        no_workflow_command_line(&html, "html");
    }

    #[test]
    fn github_annotations_escape_data_and_data_starts_no_command() {
        let dir = evil_dir("github");
        let (stdout, stderr) = run_format(&dir, "github");
        for line in stdout.lines() {
            assert!(
                ["::error ", "::warning ", "::notice "]
                    .iter()
                    .any(|p| line.starts_with(p)),
                "{line:?}"
            );
            let (properties, message) = line[2..].split_once("::").expect("command::message");
            assert!(!properties.contains(',') || properties.matches("title=").count() == 1);
            assert!(!message.contains('\n') && !message.contains('\r'));
        }
        assert_eq!(stdout.matches("::stop-commands::").count(), 0, "{stdout}");
        no_workflow_command_line(&stderr, "stderr");
        let (json, _) = run_format(&dir, "json");
        serde_json::from_str::<serde_json::Value>(&json).expect("JSON parses");
        no_workflow_command_line(&json, "json");
    }

    #[test]
    fn baseline_ids_are_checked_before_they_are_shown() {
        let dir = TempDir::new("evil-baseline");
        let file = dir.write(
            "before.json",
            "{\"schema_version\": 2, \"assessments\": [{\"market\": {\"id\": \"\\u001b[2Jsea\"}, \"industry\": {\"id\": \"social\"}, \"product\": null, \"verdict\": \"warn\", \"checks\": [], \"channels\": []}]}",
        );
        let stderr = rejected(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--baseline",
            file.to_str().expect("utf-8"),
        ]);
        assert_on_line(&stderr, &file.display().to_string(), 1);
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
        assert_says(&stderr, "is not a valid market, industry or product id");
    }

    #[test]
    fn a_report_with_a_byte_order_mark_is_read_as_a_baseline() {
        let dir = TempDir::new("bom-baseline");
        let report = std::process::Command::new(env!("CARGO_BIN_EXE_assess"))
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--format",
                "json",
            ])
            .output()
            .expect("runs")
            .stdout;
        let mut with_bom = b"\xef\xbb\xbf".to_vec();
        with_bom.extend(report);
        let path = dir.path().join("before.json");
        std::fs::write(&path, with_bom).expect("written");
        assess()
            .args(["--market", "sea", "--industry", "social", "--baseline"])
            .arg(&path)
            .assert()
            .code(0);
    }

    #[test]
    fn a_failed_write_leaves_the_existing_report_byte_for_byte() {
        let dir = TempDir::new("atomic");
        let path = dir.write("report.json", "the good report of yesterday\n");
        // A 1-block file-size limit: the new report cannot be written. SIGXFSZ
        // is ignored, so the write fails with an error rather than a kill.
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_assess"))
            .args(["--market", "all", "--industry", "all", "--output"])
            .arg(format!("json={}", path.display()))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&path.display().to_string()), "{stderr}");
        assert_eq!(
            std::fs::read_to_string(&path).expect("still there"),
            "the good report of yesterday\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listed")
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "the temporary file is removed");
    }

    #[test]
    fn the_same_output_path_twice_is_refused_before_anything_is_written() {
        let dir = TempDir::new("twice");
        let path = dir.path().join("out.txt");
        let a = format!("json={}", path.display());
        let b = format!("csv={}", dir.path().join(".").join("out.txt").display());
        let stderr = rejected(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--output",
            &a,
            "--output",
            &b,
        ]);
        assert_says(&stderr, "is given twice");
        assert!(!path.exists(), "nothing was written");
    }

    #[test]
    fn standard_input_and_devices_are_read_within_the_size_limit() {
        let started = std::time::Instant::now();
        let stderr = rejected(&["--market", "sea", "--product", "/dev/zero"]);
        assert_says(&stderr, "more than 64 MiB");
        let stderr = rejected(&[
            "--market",
            "sea",
            "--industry",
            "social",
            "--baseline",
            "/dev/zero",
        ]);
        assert_says(&stderr, "more than 64 MiB");
        let endless = std::fs::File::open("/dev/zero").expect("/dev/zero");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_assess"))
            .args(["--market", "sea", "--product", "-"])
            .stdin(endless)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("<stdin>: more than 64 MiB"));
        assert!(started.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn standard_input_is_read_once() {
        let stderr = rejected_with_stdin(
            &["--market", "sea", "--product", "-", "--product", "-"],
            Some(b"id: a\nindustry: social\n"),
        );
        assert_says(&stderr, "standard input can be read once");
    }

    #[test]
    fn two_products_with_one_id_cannot_be_told_apart() {
        let dir = TempDir::new("same-id");
        let a = dir.write("a.yaml", "id: same\nindustry: social\n");
        let b = dir.write("b.yaml", "id: same\nindustry: social\ntarget_cpi_usd: 2\n");
        let stderr = rejected(&[
            "--market",
            "sea",
            "--product",
            a.to_str().expect("utf-8"),
            "--product",
            b.to_str().expect("utf-8"),
        ]);
        assert_says(&stderr, "both have the id `same`");
    }

    #[test]
    fn a_loop_over_data_inside_a_loop_is_refused_at_validation() {
        let dir = TempDir::new("costly-rule");
        let file = dir.write(
            "rules/compliance.yaml",
            "- id: compliance.slow\n  when: market.compliance.laws.all(a, market.compliance.laws.all(b, a.id != b.id || a == b))\n  severity: warn\n  message: {en: x}\n",
        );
        let stderr = rejected(&["validate", dir.path().to_str().expect("utf-8")]);
        assert_on_line(&stderr, &file.display().to_string(), 2);
        assert_says(&stderr, "rule `compliance.slow`: the condition can take");
    }

    #[test]
    fn amounts_and_currencies_are_read_strictly() {
        for (budget, currency, words) in [
            ("2500,50", "USD", "no separators"),
            ("1.234", "USD", "at most 2 decimal"),
            ("1500.5", "JPY", "at most 0 decimal"),
            ("2000000000000", "USD", "more than 1000000000000"),
            ("100", "", "not an ISO 4217 currency code"),
            ("100", "dollars", "not an ISO 4217 currency code"),
        ] {
            let stderr = rejected(&[
                "--market",
                "sea",
                "--industry",
                "social",
                "--budget",
                budget,
                "--currency",
                currency,
            ]);
            assert_says(&stderr, words);
        }
        let json = assess()
            .args([
                "--market",
                "sea",
                "--industry",
                "social",
                "--budget",
                "10.125",
            ])
            .args(["--currency", "kwd", "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(json.status.code(), Some(0));
        let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
        let parts: f64 = doc["assessments"][0]["channels"]
            .as_array()
            .expect("channels")
            .iter()
            .filter_map(|c| c["budget"].as_f64())
            .sum();
        assert!((parts - 10.125).abs() < 1e-9, "split to the fils: {parts}");
    }

    #[test]
    fn ids_and_files_are_checked() {
        let dir = TempDir::new("ids");
        dir.write(
            "markets/us.yaml",
            "id: sea\nname: {en: X, zh: X}\nkind: region\n",
        );
        let stderr = rejected(&["validate", dir.path().to_str().expect("utf-8")]);
        assert_says(&stderr, "the file is markets/us.yaml but its id is `sea`");
        let dir = TempDir::new("reserved");
        dir.write(
            "markets/all.yaml",
            "id: all\nname: {en: X, zh: X}\nkind: region\n",
        );
        let stderr = rejected(&["validate", dir.path().to_str().expect("utf-8")]);
        assert_says(&stderr, "`all` is reserved");
        let dir = TempDir::new("misspelled");
        dir.write("market/x.yaml", "id: x\n");
        let stderr = rejected(&["validate", dir.path().to_str().expect("utf-8")]);
        assert_says(&stderr, "did you mean `markets/`?");
    }

    #[test]
    fn dangling_links_and_fifos_in_an_overlay_are_reported() {
        let dir = TempDir::new("non-regular");
        std::fs::create_dir_all(dir.path().join("markets")).expect("folder");
        std::os::unix::fs::symlink("/nonexistent/x.yaml", dir.path().join("markets/gone.yaml"))
            .expect("symlink");
        let stderr = rejected(&["validate", dir.path().to_str().expect("utf-8")]);
        assert_says(&stderr, "a symbolic link to nothing");
        let dir = TempDir::new("fifo");
        std::fs::create_dir_all(dir.path().join("markets")).expect("folder");
        let fifo = dir.path().join("markets/pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let stderr = rejected(&["validate", dir.path().to_str().expect("utf-8")]);
            assert_says(&stderr, "not a regular file");
        }
    }

    #[test]
    fn a_long_extends_chain_resolves_in_linear_time() {
        let _turn = heavy();
        let dir = TempDir::new("long-chain");
        for i in 0..3000 {
            let parent = if i == 0 {
                "sea".to_string()
            } else {
                format!("m{}", i - 1)
            };
            dir.write(
                &format!("markets/m{i}.yaml"),
                &format!("id: m{i}\nname: {{en: M, zh: M}}\nkind: country\nextends: {parent}\n"),
            );
        }
        let started = std::time::Instant::now();
        assess()
            .args(["--profiles"])
            .arg(dir.path())
            .args([
                "--market",
                "m2999",
                "--industry",
                "social",
                "--format",
                "json",
            ])
            .assert()
            .code(0);
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn yaml_tags_outside_the_core_schema_are_errors() {
        let dir = TempDir::new("tags");
        let file = dir.write(
            "markets/tagged.yaml",
            "id: tagged\nname: {en: T, zh: T}\nkind: country\nextends: sea\nnetwork:\n  mobile_download_mbps: !!python/object:os.system 5\n",
        );
        let stderr = rejected(&["validate", dir.path().to_str().expect("utf-8")]);
        assert_on_line(&stderr, &file.display().to_string(), 6);
        assert_says(&stderr, "is not part of YAML's core schema");
    }

    #[test]
    fn a_test_case_must_expect_something() {
        let dir = TempDir::new("no-expect");
        dir.write(
            "cases.test.yaml",
            "- name: nothing\n  market: sea\n  industry: social\n",
        );
        let stderr = rejected(&["test", dir.path().to_str().expect("utf-8")]);
        assert_says(&stderr, "missing field `expect`");
        dir.write(
            "cases.test.yaml",
            "- name: nothing\n  market: sea\n  industry: social\n  expect: {}\n",
        );
        let stderr = rejected(&["test", dir.path().to_str().expect("utf-8")]);
        assert_says(&stderr, "expects nothing, so it could never fail");
    }

    #[test]
    fn structure_cannot_be_changed_with_set() {
        let stderr = rejected(&[
            "--market",
            "vn",
            "--industry",
            "social",
            "--set",
            "market.extends=na",
        ]);
        assert_says(&stderr, "`extends` cannot be overridden");
    }

    #[test]
    fn a_bad_assess_profiles_entry_names_the_variable() {
        let output = assess()
            .env("ASSESS_PROFILES", "/nonexistent/team")
            .args(["--market", "sea", "--industry", "social"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("ASSESS_PROFILES: `/nonexistent/team` is not a folder"),
            "{stderr}"
        );
    }

    #[test]
    fn an_infeasible_maximum_share_names_the_product_file_and_line() {
        let dir = TempDir::new("max-pct");
        let file = dir.write(
            "tight.yaml",
            "id: tight\nindustry: social\nconstraints:\n  performance-ads: {max_pct: 10}\n  app-store: {max_pct: 10}\n  referral: {max_pct: 10}\n  creators: {max_pct: 10}\n  partnerships: {max_pct: 10}\n",
        );
        let stderr = rejected(&[
            "--market",
            "sea",
            "--product",
            file.to_str().expect("utf-8"),
        ]);
        assert_on_line(&stderr, &file.display().to_string(), 4);
        assert_says(&stderr, "product `tight`");
    }
}

/// Any text in a profile, in every format: each output keeps the escaping
/// policy (`escape::violations`) and parses with its own format's parser.
mod render_props {
    use assess::render::Format;
    use proptest::prelude::*;

    /// Renders `text` in every format; returns how many formats produced a report.
    fn check(text: &str) -> Result<usize, TestCaseError> {
        let value = serde_json::to_string(text).expect("a JSON string is a YAML string");
        let mut rendered = 0;
        for (name, format) in [
            ("table", Format::Table),
            ("csv", Format::Csv),
            ("markdown", Format::Markdown),
            ("junit", Format::Junit),
            ("github", Format::Github),
            ("html", Format::Html),
            ("json", Format::Json),
            ("yaml", Format::Yaml),
            ("sarif", Format::Sarif),
        ] {
            let name_set = format!("market.name.en={value}");
            let platforms_set = format!("market.channels.creators.platforms=[{value}]");
            let args = [
                "assess",
                "--market",
                "sea",
                "--industry",
                "social",
                "--format",
                name,
                "--set",
                &name_set,
                "--set",
                &platforms_set,
                "--as-of",
                "2026-12-02",
            ];
            let Ok(output) = assess::cli::run(args.map(std::ffi::OsString::from)) else {
                continue;
            };
            rendered += 1;
            let found = assess::render::escape::violations(format, &output.stdout);
            prop_assert!(found.is_empty(), "{name}: {found:?}");
            match format {
                Format::Json | Format::Sarif => {
                    prop_assert!(serde_json::from_str::<serde_json::Value>(&output.stdout).is_ok());
                }
                Format::Junit => {
                    prop_assert!(
                        roxmltree::Document::parse(&output.stdout).is_ok(),
                        "junit parses"
                    );
                }
                _ => {}
            }
        }
        Ok(rendered)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

        #[test]
        fn any_profile_text_keeps_every_output_safe(
            text in "([\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202e}]|::|::error::x|<img src=x>|</details>|\\||=|@|%|,|:|`|\\*|\\PC){0,24}"
        ) {
            check(&text)?;
        }
    }

    #[test]
    fn the_known_attacks_keep_every_output_safe() {
        for text in [
            "\u{1b}]0;pwned\u{7}",
            "\u{1b}[2J",
            "=HYPERLINK(\"http://x\")",
            "\n::error::pwned",
            "::stop-commands::t",
            "<script>alert(1)</script></details>",
            "a\u{0}b",
            "\u{202e}evil",
        ] {
            assert_eq!(
                check(text).expect("safe"),
                9,
                "every format rendered {text:?}"
            );
        }
    }
}

/// Every class of bad input has a stable code (docs/diagnostics.md), in the
/// message and in `validate --format json`.
mod codes {
    use super::*;

    fn codes_of(fixture: &str) -> Vec<String> {
        let output = Command::cargo_bin("assess")
            .expect("the binary")
            .args([
                "validate",
                &format!("tests/fixtures/bad/{fixture}"),
                "--format",
                "json",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("runs");
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("validate prints JSON");
        report["problems"]
            .as_array()
            .expect("a problem list")
            .iter()
            .map(|p| {
                p["code"]
                    .as_str()
                    .expect("every problem has a code")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn each_class_of_bad_input_has_its_code() {
        for (fixture, code) in [
            ("blank", "A001"),
            ("syntax", "A001"),
            ("deep-flow", "A002"),
            ("unknown-field", "A003"),
            ("percent-over-100", "A005"),
            ("unknown-channel-in-rule", "A007"),
            ("duplicate-key", "A008"),
            ("duplicate-rule-id", "A008"),
            ("duplicate-id", "A009"),
            ("extends-cycle", "A010"),
            ("unknown-region", "A007"),
            ("rule-syntax", "A011"),
            ("rule-type", "A011"),
        ] {
            let found = codes_of(fixture);
            assert!(
                found.iter().any(|c| c == code),
                "{fixture}: expected {code}, found {found:?}"
            );
        }
    }

    #[test]
    fn the_code_ends_the_message() {
        Command::cargo_bin("assess")
            .expect("the binary")
            .args(["validate", "tests/fixtures/bad/duplicate-id"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("named after its id) [A009]"));
    }

    #[test]
    fn docs_list_every_code() {
        let docs =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
                .expect("docs/diagnostics.md");
        for code in assess::diagnostics::Code::ALL {
            let row = format!("| {} | {} |", code.id(), code.name());
            assert!(docs.contains(&row), "docs/diagnostics.md lacks `{row}`");
        }
    }
}
