//! Shared rule packs: `--profiles git+URL#REV` from a local bare repository,
//! fetched into the cache once, read offline, and refused when they follow a
//! branch unless asked.

use crate::common::{assess, fixture, temp_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A bare repository holding the team-coverage rules, tagged `v1`, its
/// commit, and a cache folder for the test.
struct Pack {
    dir: PathBuf,
    bare: PathBuf,
    commit: String,
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn pack(name: &str) -> Pack {
    let dir = temp_dir(&format!("pack-{name}"));
    let work = dir.join("work");
    std::fs::create_dir_all(work.join("rules")).expect("work folder");
    std::fs::copy(
        fixture("team-coverage/rules/network.yaml"),
        work.join("rules/network.yaml"),
    )
    .expect("copy the rules");
    git(&work, &["init", "--quiet", "--initial-branch=main"]);
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "--quiet", "-m", "team rules"]);
    git(&work, &["tag", "v1"]);
    let commit = git(&work, &["rev-parse", "HEAD"]);
    git(&dir, &["clone", "--quiet", "--bare", "work", "pack.git"]);
    Pack {
        bare: dir.join("pack.git"),
        dir,
        commit,
    }
}

impl Pack {
    fn spec(&self, rev: &str) -> String {
        format!("git+{}{rev}", self.bare.display())
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        assess()
            .env("ASSESS_CACHE_DIR", self.dir.join("cache"))
            .current_dir(&self.dir)
            .args(args)
            .output()
            .expect("assess runs")
    }

    fn rules(&self, profiles: &str, extra: &[&str]) -> std::process::Output {
        let mut args = vec!["list", "rules", "--profiles", profiles];
        args.extend(extra);
        self.run(&args)
    }
}

fn has_team_rule(output: &std::process::Output) -> bool {
    output.status.success()
        && String::from_utf8_lossy(&output.stdout).contains("network.team-hd-needs-20-mbps")
}

#[test]
fn a_pinned_tag_is_fetched_once_and_read_from_the_cache_offline() {
    let pack = pack("tag");
    let spec = pack.spec("#v1");
    assert!(has_team_rule(&pack.rules(&spec, &[])));
    // Offline: the repository is gone, the cache still serves the pinned tag.
    std::fs::rename(&pack.bare, pack.dir.join("gone.git")).expect("move away");
    assert!(has_team_rule(&pack.rules(&spec, &[])));
}

#[test]
fn a_commit_prefix_pins_a_pack() {
    let pack = pack("commit");
    let spec = pack.spec(&format!("#{}", &pack.commit[..12]));
    assert!(has_team_rule(&pack.rules(&spec, &[])));
}

#[test]
fn a_branch_is_refused_unless_asked_and_the_refusal_names_a_pin() {
    let pack = pack("branch");
    for rev in ["#main", ""] {
        let output = pack.rules(&pack.spec(rev), &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("which moves"), "{stderr}");
        assert!(
            stderr.contains(&pack.commit),
            "names the commit to pin: {stderr}"
        );
    }
    assert!(has_team_rule(
        &pack.rules(&pack.spec("#main"), &["--allow-unpinned"])
    ));
}

#[test]
fn the_settings_file_can_name_a_pack_and_allow_a_branch() {
    let pack = pack("config");
    std::fs::write(
        pack.dir.join("assess.toml"),
        format!(
            "profiles = [\"{}\"]\nallow-unpinned = true\n",
            pack.spec("#main")
        ),
    )
    .expect("write assess.toml");
    let output = pack.run(&["list", "rules"]);
    assert!(
        has_team_rule(&output),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_unknown_revision_or_repository_is_an_error_that_says_so() {
    let pack = pack("unknown");
    let output = pack.rules(&pack.spec("#v9"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`v9` is not a tag, commit or branch"),
        "{stderr}"
    );

    let missing = format!("git+{}#v1", pack.dir.join("missing.git").display());
    let output = pack.rules(&missing, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("git could not fetch it"), "{stderr}");
}
