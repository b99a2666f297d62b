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

/// The class of a problem, with a stable code that messages, `validate
/// --format json` and docs/diagnostics.md share. Codes are never reused: a
/// class that goes away leaves its code retired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Code {
    /// The file is empty or not valid YAML.
    Syntax,
    /// A tag outside YAML's core schema, or a text or list over its limit.
    Structure,
    /// A field the profile kind does not have.
    UnknownField,
    /// A field that was renamed: the message names the new name.
    RenamedField,
    /// A value of the wrong type, out of range, or not one of the allowed words.
    WrongValue,
    /// A required field is missing.
    MissingField,
    /// A reference to a market, channel, promise, rule, angle or industry that
    /// does not exist.
    UnknownId,
    /// The same id, or the same key, twice.
    DuplicateId,
    /// An id of the wrong shape, a reserved id, or a file not named after its id.
    BadId,
    /// `extends` that loops or points at the wrong kind, or a value stated for
    /// markets it does not belong to.
    Scope,
    /// A rule's condition does not compile, is too large, or reads fields with
    /// the wrong types.
    RuleCondition,
    /// A source note that claims nothing newer exists without naming the search.
    SourceNote,
    /// A rule test case that could never fail.
    TestCase,
    /// More problems in the file than are listed.
    MoreProblems,
}

impl Code {
    pub const ALL: [Code; 14] = [
        Code::Syntax,
        Code::Structure,
        Code::UnknownField,
        Code::RenamedField,
        Code::WrongValue,
        Code::MissingField,
        Code::UnknownId,
        Code::DuplicateId,
        Code::BadId,
        Code::Scope,
        Code::RuleCondition,
        Code::SourceNote,
        Code::TestCase,
        Code::MoreProblems,
    ];

    /// The stable code, as messages show it.
    pub fn id(self) -> &'static str {
        match self {
            Code::Syntax => "A001",
            Code::Structure => "A002",
            Code::UnknownField => "A003",
            Code::RenamedField => "A004",
            Code::WrongValue => "A005",
            Code::MissingField => "A006",
            Code::UnknownId => "A007",
            Code::DuplicateId => "A008",
            Code::BadId => "A009",
            Code::Scope => "A010",
            Code::RuleCondition => "A011",
            Code::SourceNote => "A012",
            Code::TestCase => "A013",
            Code::MoreProblems => "A014",
        }
    }

    /// The class in words, as docs/diagnostics.md lists it.
    pub fn name(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::Structure => "structure",
            Code::UnknownField => "unknown-field",
            Code::RenamedField => "renamed-field",
            Code::WrongValue => "wrong-value",
            Code::MissingField => "missing-field",
            Code::UnknownId => "unknown-id",
            Code::DuplicateId => "duplicate-id",
            Code::BadId => "bad-id",
            Code::Scope => "scope",
            Code::RuleCondition => "rule-condition",
            Code::SourceNote => "source-note",
            Code::TestCase => "test-case",
            Code::MoreProblems => "more-problems",
        }
    }

    /// The class of a message from the typed parse (serde's wording, with our
    /// additions), which is the only place these kinds are told apart.
    pub fn of_parse_error(message: &str) -> Code {
        if message.contains("was renamed") {
            Code::RenamedField
        } else if message.contains("unknown field") {
            Code::UnknownField
        } else if message.contains("missing field") {
            Code::MissingField
        } else if message.contains("duplicate") {
            Code::DuplicateId
        } else if ["limit", "too large", "too deep"]
            .iter()
            .any(|kind| message.contains(kind))
        {
            Code::Structure
        } else if [
            "while parsing",
            "while scanning",
            "did not find expected",
            "unexpected end",
            "not allowed here",
            "found character",
        ]
        .iter()
        .any(|kind| message.contains(kind))
        {
            Code::Syntax
        } else if ["invalid", "unknown variant", "out of range", "expected"]
            .iter()
            .any(|kind| message.contains(kind))
        {
            Code::WrongValue
        } else {
            Code::Syntax
        }
    }
}

impl serde::Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Problem", 5)?;
        out.serialize_field("file", &self.file)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("column", &self.column)?;
        out.serialize_field("code", self.code.id())?;
        out.serialize_field("message", &self.message)?;
        out.end()
    }
}

/// A problem in the profiles, located in the file that states the value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub code: Code,
    pub message: String,
}

impl Problem {
    pub fn at(
        code: Code,
        file: &SourceFile,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.path.clone(),
            line,
            column,
            code,
            message: message.into(),
        }
    }

    /// A problem at the first whole-token `value` written under `key:` in `file`.
    pub fn at_value(
        code: Code,
        file: &SourceFile,
        key: &str,
        value: &str,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = crate::text::locate_value(&file.text, key, value);
        Problem::at(code, file, line, column, message)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {} [{}]",
            self.file,
            self.line,
            self.column,
            self.message,
            self.code.id()
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
    error
        .chain()
        .any(<dyn std::error::Error + 'static>::is::<Internal>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_and_name_is_unique() {
        let ids: std::collections::BTreeSet<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        let names: std::collections::BTreeSet<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn all_lists_every_class() {
        // A new variant must be added to ALL: this match stops compiling
        // without it, and the count below fails if ALL misses it.
        let variants = |code: Code| match code {
            Code::Syntax
            | Code::Structure
            | Code::UnknownField
            | Code::RenamedField
            | Code::WrongValue
            | Code::MissingField
            | Code::UnknownId
            | Code::DuplicateId
            | Code::BadId
            | Code::Scope
            | Code::RuleCondition
            | Code::SourceNote
            | Code::TestCase
            | Code::MoreProblems => 1,
        };
        assert_eq!(Code::ALL.iter().map(|c| variants(*c)).sum::<usize>(), 14);
    }

    #[test]
    fn parse_errors_are_classed_by_what_went_wrong() {
        assert_eq!(
            Code::of_parse_error("unknown field `nmae`, expected one of"),
            Code::UnknownField
        );
        assert_eq!(
            Code::of_parse_error("`coverage_4g_pct` was renamed to `availability_4g_pct`"),
            Code::RenamedField
        );
        assert_eq!(
            Code::of_parse_error("missing field `id`"),
            Code::MissingField
        );
        assert_eq!(
            Code::of_parse_error("invalid type: string \"x\", expected a number"),
            Code::WrongValue
        );
        assert_eq!(
            Code::of_parse_error("-3 is out of range; expected a percentage"),
            Code::WrongValue
        );
        assert_eq!(
            Code::of_parse_error("expected sequence start; expected a list"),
            Code::WrongValue
        );
        assert_eq!(
            Code::of_parse_error("while parsing a flow mapping, did not find expected ','"),
            Code::Syntax
        );
        assert_eq!(
            Code::of_parse_error("mapping values are not allowed here"),
            Code::Syntax
        );
        assert_eq!(
            Code::of_parse_error("recursion limit exceeded"),
            Code::Structure
        );
    }

    #[test]
    fn an_internal_error_is_found_under_context() {
        let error = anyhow::Error::new(Internal("x".into())).context("while assessing");
        assert!(is_internal(&error));
        assert!(!is_internal(&anyhow::anyhow!("bad input")));
    }
}
