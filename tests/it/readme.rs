//! The README's output excerpts are the binary's output: each ```text block
//! after a `<!-- output: ARGS | SELECT -->` marker must equal the selected
//! lines of `assess ARGS`. SELECT is a comma list of line ranges (`1-12`), single
//! lines (`40`) and `/text/` (every line containing text); non-adjacent parts
//! are joined by a `…` line. `ASSESS_BLESS=1 cargo test readme` rewrites the
//! blocks after a deliberate change. The README also names no file outside the
//! repository.

use assert_cmd::Command;
use std::path::Path;

const MARKER: &str = "<!-- output: ";

fn readme_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// The lines of `output` that `select` names, with `…` between parts that are
/// not adjacent.
fn select(output: &str, select: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let mut picked: Vec<usize> = Vec::new();
    for part in select.split(',').map(str::trim) {
        if let Some(text) = part.strip_prefix('/').and_then(|p| p.strip_suffix('/')) {
            picked.extend((0..lines.len()).filter(|&i| lines[i].contains(text)));
        } else if let Some((from, to)) = part.split_once('-') {
            let (from, to): (usize, usize) = (
                from.parse().expect("a line number"),
                to.parse().expect("a line number"),
            );
            picked.extend((from - 1..to.min(lines.len())).collect::<Vec<_>>());
        } else {
            picked.push(part.parse::<usize>().expect("a line number") - 1);
        }
    }
    let mut out = String::new();
    let mut last: Option<usize> = None;
    for i in picked {
        if last.is_some_and(|l| i != l + 1) {
            out.push_str("…\n");
        }
        out.push_str(lines.get(i).copied().unwrap_or_default());
        out.push('\n');
        last = Some(i);
    }
    out
}

fn run(args: &str) -> String {
    let output = Command::cargo_bin("assess")
        .expect("the binary")
        .args(args.split_whitespace())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ASSESS_PROFILES")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("COLUMNS")
        .output()
        .expect("runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_output_excerpt_in_the_readme_is_what_the_binary_prints() {
    let bless = std::env::var_os("ASSESS_BLESS").is_some();
    let readme = std::fs::read_to_string(readme_path()).expect("README.md");
    let mut rewritten = String::new();
    let mut rest = readme.as_str();
    let mut failures = Vec::new();
    let mut excerpts = 0;
    while let Some(at) = rest.find(MARKER) {
        let (before, marker_on) = rest.split_at(at);
        rewritten.push_str(before);
        let end = marker_on.find("-->").expect("a marker ends with -->");
        let spec = &marker_on[MARKER.len()..end];
        let (args, selection) = spec.split_once('|').expect("ARGS | SELECT");
        let block_start = marker_on
            .find("```text\n")
            .expect("a ```text block follows");
        let body_start = block_start + "```text\n".len();
        let body_end = body_start + marker_on[body_start..].find("```").expect("the block ends");
        let expected = select(&run(args.trim()), selection.trim());
        if marker_on[body_start..body_end] != expected {
            failures.push(format!(
                "README excerpt `{}` differs from the output",
                spec.trim()
            ));
        }
        rewritten.push_str(&marker_on[..body_start]);
        rewritten.push_str(&expected);
        rest = &marker_on[body_end..];
        excerpts += 1;
    }
    rewritten.push_str(rest);
    assert!(excerpts >= 2, "the README shows the main outputs");
    if bless {
        std::fs::write(readme_path(), rewritten).expect("writes README.md");
        return;
    }
    assert!(
        failures.is_empty(),
        "{} (ASSESS_BLESS=1 cargo test readme rewrites them)",
        failures.join("\n")
    );
}

#[test]
fn the_readme_names_no_file_outside_the_repository() {
    let readme = std::fs::read_to_string(readme_path()).expect("README.md");
    for outside in ["DESIGN.md", "../shared", "§"] {
        assert!(!readme.contains(outside), "README.md mentions {outside}");
    }
}

#[test]
fn a_selection_joins_distant_parts_with_an_ellipsis() {
    let text = "a\nb\nc\nd\ne\n";
    assert_eq!(select(text, "1-2, 4"), "a\nb\n…\nd\n");
    assert_eq!(select(text, "/c/, 5"), "c\n…\ne\n");
}
