//! Diagnostics: the files problems are found in, the problems themselves with a
//! stable code per class of bad input, and the internal-error marker that the
//! binary maps to exit code 70.

use anyhow::{Result, bail};

/// A profile file's name as shown to users, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    /// Shipped inside the binary (reviewed with the code) rather than the user's.
    pub builtin: bool,
}

/// A problem in the profiles, located in the file that states the value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    pub fn at(
        file: &SourceFile,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.path.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem at the first whole-token `value` written under `key:` in `file`.
    pub fn at_value(
        file: &SourceFile,
        key: &str,
        value: &str,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = crate::text::locate_value(&file.text, key, value);
        Problem::at(file, line, column, message)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for Problem {}

/// Turns a list of problems into one error listing all of them.
pub fn problems_to_result(mut problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort();
    problems.dedup();
    let count = problems.len();
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    bail!(crate::i18n::tr(
        format!(
            "{}\n{count} problem{} in the profiles",
            lines.join("\n"),
            if count == 1 { "" } else { "s" }
        ),
        format!("{}\n档案中有 {count} 处问题", lines.join("\n"))
    ))
}

/// A failure that is a bug in assess, not in its input: the binary reports it
/// with exit code 70 (EX_SOFTWARE).
#[derive(Debug)]
pub struct Internal(pub String);

impl std::fmt::Display for Internal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "internal error: {}", self.0)
    }
}

impl std::error::Error for Internal {}

/// Whether `error` (or anything it wraps) is an [`Internal`] one.
pub fn is_internal(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| cause.is::<Internal>())
}
