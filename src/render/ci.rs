//! CI-native outputs: JUnit XML (a test case per assessment and check) and
//! GitHub Actions workflow commands (an annotation per finding).

use super::{Report, labels};
use crate::assessment::FailOn;
use crate::assessment::{Assessment, CheckResult, Verdict};
use crate::i18n::pick;
use crate::model::Severity;
use std::fmt::Write;

/// Whether a check fails its JUnit case: for the conditions of `--fail-on`, or
/// for `block` when no gate was given.
fn fails(check: &CheckResult, fail_on: &[FailOn]) -> Option<String> {
    let default = [FailOn::Block];
    let conditions = if fail_on.is_empty() {
        &default[..]
    } else {
        fail_on
    };
    conditions.iter().find_map(|condition| match condition {
        FailOn::Warn if check.verdict >= Verdict::Warn => {
            Some(format!("verdict {}", check.verdict.as_str()))
        }
        FailOn::Block if check.verdict == Verdict::Block => Some("verdict block".to_string()),
        FailOn::Incomplete if !check.complete => Some("incomplete".to_string()),
        _ => None,
    })
}

fn xml(text: &str) -> String {
    super::escape_markup(text)
}

pub fn render_junit(report: &Report<'_>) -> String {
    let fail_on = report
        .gate
        .map(|g| g.fail_on.as_slice())
        .unwrap_or_default();
    let mut suites = JunitSuites::new(fail_on, report.lang);
    for a in report.assessments {
        suites.add(a);
    }
    suites.finish()
}

/// The JUnit document as assessments arrive: each one's test suite written
/// at once, the totals the document opens with counted.
pub struct JunitSuites<'f> {
    fail_on: &'f [FailOn],
    words: &'static super::Labels,
    suites: String,
    tests: usize,
    failures: usize,
}

impl<'f> JunitSuites<'f> {
    pub fn new(fail_on: &'f [FailOn], lang: crate::Lang) -> JunitSuites<'f> {
        JunitSuites {
            fail_on,
            words: labels(lang),
            suites: String::new(),
            tests: 0,
            failures: 0,
        }
    }

    /// Adds the test suite of one assessment (its texts already escaped).
    pub fn add(&mut self, a: &Assessment) {
        let (fail_on, words, out) = (self.fail_on, self.words, &mut self.suites);
        let suite_failures = a
            .checks
            .iter()
            .filter(|c| fails(c, fail_on).is_some())
            .count();
        self.tests += 4;
        self.failures += suite_failures;
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failures}\">",
            xml(&a.label()),
            a.checks.len()
        );
        for check in &a.checks {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&class_name(a)),
                check.id.as_str()
            );
            let body = details(check, words);
            match fails(check, fail_on) {
                Some(why) => {
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                        xml(&format!("{}: {why}", check.id.as_str())),
                        check.verdict.as_str(),
                        xml(&body)
                    );
                }
                None if body.is_empty() => {
                    let _ = writeln!(out, "/>");
                }
                None => {
                    let _ = writeln!(
                        out,
                        ">\n      <system-out>{}</system-out>\n    </testcase>",
                        xml(&body)
                    );
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }

    /// The whole document.
    pub fn finish(self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"assess\" tests=\"{}\" failures=\"{}\">",
            self.tests, self.failures
        );
        out.push_str(&self.suites);
        let _ = writeln!(out, "</testsuites>");
        out
    }
}

/// `sea.social` or `sea.social.my-app`: dots group cases in CI test viewers.
fn class_name(a: &Assessment) -> String {
    match &a.product {
        Some(p) => format!("{}.{}.{}", a.market.id, a.industry.id, p.id),
        None => format!("{}.{}", a.market.id, a.industry.id),
    }
}

fn details(check: &CheckResult, words: &super::Labels) -> String {
    let mut lines = Vec::new();
    for f in &check.findings {
        let mut line = format!(
            "[{}] {}: {}",
            words.severity_word(f.severity),
            f.rule,
            f.message
        );
        if let Some(action) = &f.action {
            let _ = write!(line, " → {action}");
        }
        lines.push(line);
    }
    for n in &check.not_evaluated {
        lines.push(format!(
            "[{}] {}: {}",
            words.not_evaluated,
            n.rule,
            n.missing.join(", ")
        ));
    }
    lines.join("\n")
}

/// GitHub shows at most ten annotations of each kind per step and drops the
/// rest without a word, so the output keeps within that: the ten worst errors
/// (the gate first, then blocking findings), the ten first warnings, and one
/// notice that counts everything and says where the full list is.
pub const MAX_ANNOTATIONS: usize = 10;

pub fn render_github(report: &Report<'_>) -> String {
    let mut annotations = Annotations::default();
    for a in report.assessments {
        annotations.add(a);
    }
    annotations.finish(report.gate, report.lang)
}

/// GitHub annotations as assessments arrive: only the ones it will print
/// are kept (the first errors and warnings), the rest counted.
#[derive(Default)]
pub struct Annotations {
    /// (properties, message) of the first blocking findings and warnings.
    errors: Vec<(String, String)>,
    warnings: Vec<(String, String)>,
    error_count: usize,
    warning_count: usize,
    notices: usize,
    assessments: usize,
}

impl Annotations {
    /// Adds the findings of one assessment (its texts already escaped).
    pub fn add(&mut self, a: &Assessment) {
        self.assessments += 1;
        for check in &a.checks {
            for f in &check.findings {
                let (kept, count) = match f.severity {
                    Severity::Block => (&mut self.errors, &mut self.error_count),
                    Severity::Warn => (&mut self.warnings, &mut self.warning_count),
                    Severity::Info => {
                        self.notices += 1;
                        continue;
                    }
                };
                *count += 1;
                if kept.len() >= MAX_ANNOTATIONS {
                    continue;
                }
                let mut message = format!("{} × {}: {}", a.market.name, a.industry.name, f.message);
                if let Some(action) = &f.action {
                    let _ = write!(message, " → {action}");
                }
                // A finding read from the user's own profile names its file
                // and line, so the annotation sits on that line.
                let mut title = format!(
                    "title={}",
                    super::escape::workflow_property(&format!("{} ({})", f.rule, a.label()))
                );
                if let Some((file, line)) = super::sarif::location(f)
                    .filter(|at| !at.builtin)
                    .and_then(|at| Some((super::sarif::relative_uri(&at.file)?, at.line)))
                {
                    title = format!(
                        "file={},line={line},{title}",
                        super::escape::workflow_property(&file)
                    );
                }
                kept.push((title, message));
            }
        }
    }

    /// The workflow commands: the gate's reasons first among the errors
    /// (already escaped), then a notice that counts everything.
    pub fn finish(self, gate: Option<&crate::assessment::Gate>, lang: crate::Lang) -> String {
        let mut errors: Vec<(String, String)> = Vec::new();
        if let Some(gate) = gate
            && gate.tripped
        {
            for reason in &gate.reasons {
                errors.push((
                    format!(
                        "title={}",
                        super::escape::workflow_property("assess --fail-on")
                    ),
                    reason.clone(),
                ));
            }
        }
        let error_count = errors.len() + self.error_count;
        errors.extend(self.errors);
        let mut out = String::new();
        for (command, list) in [("error", &errors), ("warning", &self.warnings)] {
            for (properties, message) in list.iter().take(MAX_ANNOTATIONS) {
                let _ = writeln!(
                    out,
                    "::{command} {properties}::{}",
                    super::escape::workflow_message(message)
                );
            }
        }
        let shown = error_count.min(MAX_ANNOTATIONS) + self.warning_count.min(MAX_ANNOTATIONS);
        let total = error_count + self.warning_count + self.notices;
        let summary = pick(
            lang,
            format!(
                "{} assessment(s): {} error(s), {} warning(s), {} note(s); {shown} shown here (GitHub shows at most {MAX_ANNOTATIONS} of each kind), {} not: the markdown summary lists them all (--output markdown=FILE)",
                self.assessments,
                error_count,
                self.warning_count,
                self.notices,
                total - shown
            ),
            format!(
                "{} 项评估：{} 个错误、{} 个警告、{} 条提示；此处显示 {shown} 条（GitHub 每类最多显示 {MAX_ANNOTATIONS} 条），其余 {} 条见 Markdown 摘要（--output markdown=FILE）",
                self.assessments,
                error_count,
                self.warning_count,
                self.notices,
                total - shown
            ),
        );
        let _ = writeln!(
            out,
            "::notice title=assess::{}",
            super::escape::workflow_message(&summary)
        );
        out
    }
}

/// `--format junit`.
pub struct Junit;

impl super::Renderer for Junit {
    fn render(&self, report: &Report<'_>) -> anyhow::Result<String> {
        Ok(render_junit(report))
    }
}

/// `--format github`.
pub struct Github;

impl super::Renderer for Github {
    fn render(&self, report: &Report<'_>) -> anyhow::Result<String> {
        Ok(render_github(report))
    }

    fn writes_workflow_commands(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(xml("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(xml("it's"), "it&#39;s");
    }
}
