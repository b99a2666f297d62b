//! Shared rule packs: `--profiles git+URL#REV` fetched with the `git` client
//! into a cache folder and overlaid like a local folder. A pinned revision (a
//! tag or a commit) is fetched once and read from the cache from then on, so
//! offline runs work; a branch moves under a team, so following one is refused
//! unless asked (`--allow-unpinned`), and then it is fetched on every run.

use crate::i18n::tr;
use anyhow::{Result, anyhow, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The file in a fetched pack that says what it was fetched from.
const MARKER: &str = ".assess-pack";

/// The local folder of a pack, fetching it when the cache lacks it.
pub fn fetch(spec: &str, allow_unpinned: bool) -> Result<PathBuf> {
    let (url, rev) = parse(spec)?;
    let root = cache_root()?.join("packs").join(folder_name(url));
    if let Some(rev) = rev {
        let pinned = root.join(folder_name(rev));
        if pinned.join(MARKER).is_file() {
            return Ok(pinned);
        }
    }
    std::fs::create_dir_all(&root).map_err(|e| {
        anyhow!(tr(
            format!(
                "{spec}: cannot create the cache folder {}: {e}; expected a writable ASSESS_CACHE_DIR",
                root.display()
            ),
            format!(
                "{spec}：无法创建缓存文件夹 {}：{e}；需要可写的 ASSESS_CACHE_DIR",
                root.display()
            )
        ))
    })?;
    let scratch = root.join(format!(".fetching-{}", std::process::id()));
    let result = clone_into(spec, url, rev, allow_unpinned, &root, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    // Only removes the folder when nothing was ever fetched into it.
    let _ = std::fs::remove_dir(&root);
    result
}

fn clone_into(
    spec: &str,
    url: &str,
    rev: Option<&str>,
    allow_unpinned: bool,
    root: &Path,
    scratch: &Path,
) -> Result<PathBuf> {
    let _ = std::fs::remove_dir_all(scratch);
    let branch_folder = root.join(format!("branch-{}", folder_name(rev.unwrap_or("HEAD"))));
    if let Err(error) = git(
        None,
        &[
            "clone",
            "--quiet",
            "--no-checkout",
            "--",
            url,
            &scratch.display().to_string(),
        ],
    ) {
        // Offline, a branch that was allowed to move is read as last fetched.
        if allow_unpinned && branch_folder.join(MARKER).is_file() {
            return Ok(branch_folder);
        }
        bail!(tr(
            format!("{spec}: git could not fetch it: {error}"),
            format!("{spec}：git 无法获取：{error}")
        ));
    }
    let commit_of = |name: &str| {
        git(
            Some(scratch),
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{name}^{{commit}}"),
            ],
        )
    };
    let has_ref =
        |name: &str| git(Some(scratch), &["show-ref", "--verify", "--quiet", name]).is_ok();
    // A tag pins; a branch moves; anything else must be (a prefix of) a commit.
    let named = |rev: &str| {
        [
            (format!("refs/tags/{rev}"), true),
            (format!("refs/remotes/origin/{rev}"), false),
        ]
        .into_iter()
        .find(|(name, _)| has_ref(name))
    };
    let (commit, pinned) = match (rev, rev.and_then(named)) {
        (_, Some((name, pinned))) => (commit_of(&name)?, pinned),
        (Some(rev), None) => match commit_of(rev) {
            Ok(commit) if is_commit_prefix(rev, &commit) => (commit, true),
            _ => bail!(tr(
                format!(
                    "{spec}: `{rev}` is not a tag, commit or branch of {url}; expected git+URL#TAG or git+URL#COMMIT"
                ),
                format!(
                    "{spec}：`{rev}` 不是 {url} 的标签、提交或分支；格式应为 git+URL#TAG 或 git+URL#COMMIT"
                )
            )),
        },
        (None, None) => (commit_of("HEAD")?, false),
    };
    if !pinned && !allow_unpinned {
        let what = rev.map_or_else(
            || "the default branch".to_string(),
            |r| format!("branch `{r}`"),
        );
        let what_zh = rev.map_or_else(|| "默认分支".to_string(), |r| format!("分支 `{r}`"));
        bail!(tr(
            format!(
                "{spec}: follows {what}, which moves, so a run could change without a change of yours; expected a pinned revision such as git+{url}#{commit} (a tag or a commit), or --allow-unpinned (allow-unpinned = true in assess.toml) to follow it"
            ),
            format!(
                "{spec}：跟随{what_zh}，分支会变动，运行结果可能在你未做改动时改变；请固定版本，例如 git+{url}#{commit}（标签或提交），或用 --allow-unpinned（assess.toml 中 allow-unpinned = true）跟随它"
            )
        ));
    }
    git(Some(scratch), &["checkout", "--quiet", "--detach", &commit])?;
    std::fs::remove_dir_all(scratch.join(".git"))?;
    std::fs::write(
        scratch.join(MARKER),
        format!(
            "url = {url}\nrev = {}\ncommit = {commit}\n",
            rev.unwrap_or("HEAD")
        ),
    )?;
    let target = match rev {
        Some(rev) if pinned => root.join(folder_name(rev)),
        _ => branch_folder,
    };
    let _ = std::fs::remove_dir_all(&target);
    std::fs::rename(scratch, &target)?;
    Ok(target)
}

/// `git+URL#REV` → (URL, REV).
fn parse(spec: &str) -> Result<(&str, Option<&str>)> {
    let rest = spec.strip_prefix("git+").unwrap_or(spec);
    let (url, rev) = match rest.rsplit_once('#') {
        Some((url, rev)) => (url, Some(rev).filter(|r| !r.is_empty())),
        None => (rest, None),
    };
    if url.is_empty() || url.starts_with('-') || rev.is_some_and(|r| r.starts_with('-')) {
        bail!(tr(
            format!(
                "{spec}: not a git pack; expected git+URL#REV, for example git+https://example.com/team/rules.git#v1.2.0"
            ),
            format!(
                "{spec}：不是 git 规则包；格式应为 git+URL#REV，例如 git+https://example.com/team/rules.git#v1.2.0"
            )
        ));
    }
    Ok((url, rev))
}

/// Whether `rev` is written as (a prefix of) the commit it names.
fn is_commit_prefix(rev: &str, commit: &str) -> bool {
    rev.len() >= 7
        && rev.chars().all(|c| c.is_ascii_hexdigit())
        && commit.starts_with(&rev.to_ascii_lowercase())
}

/// `ASSESS_CACHE_DIR`, else `$XDG_CACHE_HOME/assess`, else `~/.cache/assess`.
fn cache_root() -> Result<PathBuf> {
    let from = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = from("ASSESS_CACHE_DIR") {
        return Ok(dir);
    }
    if let Some(dir) = from("XDG_CACHE_HOME") {
        return Ok(dir.join("assess"));
    }
    if let Some(home) = from("HOME").or_else(|| from("USERPROFILE")) {
        return Ok(home.join(".cache").join("assess"));
    }
    bail!(tr(
        "git packs need a cache folder; expected ASSESS_CACHE_DIR, XDG_CACHE_HOME or HOME to be set",
        "git 规则包需要缓存文件夹；请设置 ASSESS_CACHE_DIR、XDG_CACHE_HOME 或 HOME"
    ))
}

/// A folder name for a URL or revision: readable, and distinct for distinct inputs.
fn folder_name(text: &str) -> String {
    let readable: String = text
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    // FNV-1a: stable across runs and platforms, unlike the std hasher.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{}-{hash:016x}", readable.trim_start_matches('.'))
}

/// Runs git, returning its trimmed standard output or its error message.
fn git(folder: Option<&Path>, args: &[&str]) -> Result<String> {
    let mut command = Command::new("git");
    if let Some(folder) = folder {
        command.arg("-C").arg(folder);
    }
    let output = command
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| {
            anyhow!(tr(
                format!("cannot run git ({e}); expected the git client on PATH for git+URL packs"),
                format!("无法运行 git（{e}）；git+URL 规则包需要 PATH 中有 git")
            ))
        })?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
    } else {
        let message = String::from_utf8_lossy(&output.stderr);
        Err(anyhow!(
            "{}",
            message.lines().last().unwrap_or("failed").trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_names_its_url_and_revision() {
        assert_eq!(
            parse("git+https://x.test/r.git#v1").unwrap(),
            ("https://x.test/r.git", Some("v1"))
        );
        assert_eq!(parse("git+/srv/r.git").unwrap(), ("/srv/r.git", None));
        assert!(parse("git+#v1").is_err());
        assert!(parse("git+--upload-pack=x#v1").is_err());
    }

    #[test]
    fn folder_names_differ_for_urls_that_read_alike() {
        assert_ne!(folder_name("a/b"), folder_name("a_b"));
        assert!(!folder_name("../../etc").contains('/'));
        assert!(!folder_name("..").starts_with('.'));
    }

    #[test]
    fn only_hex_of_seven_or_more_reads_as_a_commit() {
        let commit = "0123456789abcdef0123456789abcdef01234567";
        assert!(is_commit_prefix("0123456", commit));
        assert!(!is_commit_prefix("012345", commit));
        assert!(!is_commit_prefix("main", commit));
    }
}
