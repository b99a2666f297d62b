//! `assess test [PATH…]`: runs rule test cases — YAML files named `*.test.yaml`
//! that name a market, an industry and optionally a product (with `--set`-style
//! overrides) and state what must hold: rules that must fire or stay quiet,
//! verdicts, leading channels. Reports each case, a coverage line, and exits 1
//! on failures (or missing coverage with `--require-coverage`), 2 with no cases.

use super::{GlobalArgs, ListFormat, Output, run::as_of};
use crate::Lang;
use crate::assessment::{Assessment, Verdict};
use crate::evaluate::{Options, Subject};
use crate::i18n::tr;
use crate::load::overrides::Override;
use crate::load::{Catalog, SourceFile, parse, problems_to_result, read_user_file};
use crate::model::{Industry, Market, Product};
use crate::pipeline;
use anyhow::{Result, anyhow, bail};
use include_dir::{Dir, include_dir};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static BUILTIN_TESTS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rule-tests");

/// One test case.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub market: String,
    pub industry: Option<String>,
    /// A built-in product id, or a file relative to the test file.
    pub product: Option<String>,
    /// Overrides as with `--set`: `market.network.idle_latency_ms=120`.
    #[serde(default)]
    pub set: Vec<String>,
    /// Waivers to apply, as in a product profile.
    #[serde(default)]
    pub waivers: Vec<crate::model::Waiver>,
    /// What must hold; a case that expects nothing would always pass.
    pub expect: Expect,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Rules that must fire (for `for_each` rules: for at least one item).
    #[serde(default)]
    pub fired: Vec<String>,
    /// Rules that must be evaluated and never fire.
    #[serde(default)]
    pub quiet: Vec<String>,
    /// Expected verdicts: `overall` and check ids → pass | warn | block.
    #[serde(default)]
    pub verdicts: BTreeMap<String, Verdict>,
    /// Whether every check must be complete.
    pub complete: Option<bool>,
    /// Channels that must be among the three test-first channels.
    #[serde(default)]
    pub leading: Vec<String>,
    /// Rules whose findings must be waived.
    #[serde(default)]
    pub waived: Vec<String>,
}

impl Expect {
    fn is_empty(&self) -> bool {
        self.fired.is_empty()
            && self.quiet.is_empty()
            && self.verdicts.is_empty()
            && self.complete.is_none()
            && self.leading.is_empty()
            && self.waived.is_empty()
    }
}

#[derive(Debug, Serialize)]
struct CaseResult {
    file: String,
    name: String,
    passed: bool,
    failures: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Coverage {
    rules: usize,
    /// `overlays`: the rules the overlays define or change; `all`: every rule.
    scope: &'static str,
    never_fired: Vec<String>,
    never_quiet: Vec<String>,
}

/// What `--require-coverage` and `--all-rules` ask of the coverage line.
#[derive(Debug, Clone, Copy)]
pub struct CoverageScope {
    /// Uncovered rules fail the run (`--require-coverage`).
    pub required: bool,
    /// Every rule counts, even when overlays define their own (`--all-rules`).
    pub all_rules: bool,
}

#[derive(Debug, Serialize)]
struct TestReport {
    cases: Vec<CaseResult>,
    coverage: Coverage,
    passed: usize,
    failed: usize,
}

/// Finds test files: `*.test.yaml` / `*.test.yml` under folders, or files named.
fn collect(paths: &[PathBuf]) -> Result<Vec<SourceFile>> {
    if paths.is_empty() {
        let mut files: Vec<SourceFile> = BUILTIN_TESTS
            .files()
            .filter(|f| is_test_file(f.path()))
            .map(|f| SourceFile {
                path: format!("rule-tests/{}", f.path().display()),
                text: f.contents_utf8().unwrap_or_default().to_string(),
                builtin: true,
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        return Ok(files);
    }
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut found)?;
        } else if path.is_file() {
            found.push(path.clone());
        } else {
            bail!(
                "{}: no such file or folder; expected test files (*.test.yaml) or folders of them",
                path.display()
            );
        }
    }
    found.sort();
    found.iter().map(|p| read_user_file(p)).collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| anyhow!("{}: cannot list the folder: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if is_test_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_test_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".test.yaml") || n.ends_with(".test.yml"))
}

pub fn run_tests(
    catalog: &Catalog,
    global: &GlobalArgs,
    paths: &[PathBuf],
    format: ListFormat,
    scope: CoverageScope,
) -> Result<Output, super::Failure> {
    let require_coverage = scope.required;
    let as_of = as_of(global.as_of.as_deref())?;
    let files = collect(paths)?;
    let mut cases: Vec<(SourceFile, Case)> = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match parse::<Vec<Case>>(&file) {
            Ok(list) => {
                for case in &list {
                    if case.expect.is_empty() {
                        problems.push(crate::load::Problem::at_value(
                            crate::diagnostics::Code::TestCase,
                            &file,
                            "name",
                            &case.name,
                            format!(
                                "case `{}` expects nothing, so it could never fail; expected at least one of fired, quiet, verdicts, complete, leading, waived",
                                case.name
                            ),
                        ));
                    }
                }
                cases.extend(list.into_iter().map(|c| (file.clone(), c)));
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems_to_result(problems)?;
    if cases.is_empty() {
        let place = if paths.is_empty() {
            tr("the built-in tests", "内置测试")
        } else {
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(anyhow!(tr(
            format!("no test cases found in {place}; expected files named *.test.yaml holding a list of cases"),
            format!("在 {place} 中没有找到测试用例；需要名为 *.test.yaml、内容为用例列表的文件")
        ))
        .into());
    }

    let mut fired: BTreeMap<String, bool> = BTreeMap::new();
    let mut quiet: BTreeMap<String, bool> = BTreeMap::new();
    let mut results = Vec::new();
    for (file, case) in &cases {
        let (failures, assessment) = match run_case(catalog, file, case, &as_of) {
            Ok((failures, assessment)) => (failures, Some(assessment)),
            Err(error) => (vec![format!("{error:#}")], None),
        };
        if let Some(trace) = assessment.as_ref().and_then(|a| a.trace.as_ref()) {
            for r in &trace.rules {
                match r.outcome {
                    "fired" => *fired.entry(r.rule.clone()).or_default() = true,
                    "quiet" => *quiet.entry(r.rule.clone()).or_default() = true,
                    _ => {}
                }
            }
        }
        results.push(CaseResult {
            file: file.path.clone(),
            name: case.name.clone(),
            passed: failures.is_empty(),
            failures,
        });
    }
    // A team's overlay is measured on the rules it defines or changes: the
    // built-in rules are the built-in tests' business.
    let overlaid = |id: &String| {
        catalog
            .origins
            .get(&("rules", id.clone()))
            .is_some_and(|files| files.iter().any(|f| !f.builtin))
    };
    let all_ids: Vec<&String> = catalog.rules.iter().map(|r| &r.rule.id).collect();
    let only_overlaid = !scope.all_rules && all_ids.iter().any(|id| overlaid(id));
    let rule_ids: Vec<&String> = all_ids
        .into_iter()
        .filter(|id| !only_overlaid || overlaid(id))
        .collect();
    let coverage = Coverage {
        rules: rule_ids.len(),
        scope: if only_overlaid { "overlays" } else { "all" },
        never_fired: rule_ids
            .iter()
            .filter(|id| !fired.contains_key(**id))
            .map(|id| (*id).clone())
            .collect(),
        never_quiet: rule_ids
            .iter()
            .filter(|id| !quiet.contains_key(**id))
            .map(|id| (*id).clone())
            .collect(),
    };
    let failed = results.iter().filter(|r| !r.passed).count();
    let report = TestReport {
        passed: results.len() - failed,
        failed,
        cases: results,
        coverage,
    };
    let uncovered =
        !report.coverage.never_fired.is_empty() || !report.coverage.never_quiet.is_empty();
    let stdout = match format {
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&report).map_err(anyhow::Error::from)?;
            text.push('\n');
            text
        }
        ListFormat::Table => render(&report),
    };
    Ok(Output {
        stdout,
        exit_code: u8::from(report.failed > 0 || (require_coverage && uncovered)),
        stderr_note: (require_coverage && uncovered).then(|| {
            "assess test: --require-coverage: some rules are not covered both ways".to_string()
        }),
        ..Output::default()
    })
}

fn render(report: &TestReport) -> String {
    let mut out = String::new();
    for case in &report.cases {
        let safe = crate::render::escape::terminal;
        out.push_str(&format!(
            "{} {}: {}\n",
            if case.passed { "PASS" } else { "FAIL" },
            safe(&case.file),
            safe(&case.name)
        ));
        for failure in &case.failures {
            out.push_str(&format!("  {}\n", safe(failure)));
        }
    }
    let c = &report.coverage;
    if c.never_fired.is_empty() && c.never_quiet.is_empty() {
        out.push_str(&tr(
            format!(
                "coverage: {} {}{} fired in some case and stayed quiet in another\n",
                if c.rules == 1 { "the 1" } else { "all" },
                if c.rules == 1 {
                    "rule".to_string()
                } else {
                    format!("{} rules", c.rules)
                },
                in_scope(c.scope, Lang::En)
            ),
            format!(
                "覆盖率：全部 {} 条规则{}都在某个用例中触发过，并在另一个用例中保持未触发\n",
                c.rules,
                in_scope(c.scope, Lang::Zh)
            ),
        ));
    } else {
        out.push_str(&tr(
            format!("coverage: {} rules{}", c.rules, in_scope(c.scope, Lang::En)),
            format!("覆盖率：{} 条规则{}", c.rules, in_scope(c.scope, Lang::Zh)),
        ));
        if !c.never_fired.is_empty() {
            out.push_str(&tr(
                format!("; never fired: {}", c.never_fired.join(", ")),
                format!("；从未触发：{}", c.never_fired.join(", ")),
            ));
        }
        if !c.never_quiet.is_empty() {
            out.push_str(&tr(
                format!("; never quiet: {}", c.never_quiet.join(", ")),
                format!("；从未保持未触发：{}", c.never_quiet.join(", ")),
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{} passed, {} failed\n",
        report.passed, report.failed
    ));
    out
}

/// Runs one case; returns what did not hold, and the assessment (with its trace).
fn run_case(
    catalog: &Catalog,
    file: &SourceFile,
    case: &Case,
    as_of: &str,
) -> Result<(Vec<String>, Assessment)> {
    let overrides = case
        .set
        .iter()
        .map(|s| Override::parse(s))
        .collect::<Result<Vec<_>>>()?;
    let product: Option<Product> = match &case.product {
        None => None,
        Some(arg) => {
            let relative = Path::new(&file.path).parent().map(|dir| dir.join(arg));
            let resolved = match relative {
                Some(path) if !file.builtin && path.is_file() => path.display().to_string(),
                _ => arg.clone(),
            };
            Some(pipeline::product(catalog, &resolved, &overrides, as_of)?)
        }
    };
    let market: Market = pipeline::market(catalog, &case.market, &overrides, as_of)?.into_owned();
    let industry_id = case
        .industry
        .clone()
        .or_else(|| product.as_ref().and_then(|p| p.industry.clone()))
        .ok_or_else(|| {
            anyhow!(
                "case `{}` names no industry and no product with one",
                case.name
            )
        })?;
    let industry: Industry = pipeline::industry(catalog, &industry_id, &overrides, as_of)?;
    let waivers: Vec<crate::model::Waiver> = case
        .waivers
        .iter()
        .chain(
            product
                .as_ref()
                .map(|p| p.waivers.as_slice())
                .unwrap_or_default(),
        )
        .cloned()
        .collect();
    let assessment = pipeline::assess(
        catalog,
        Subject {
            market: &market,
            industry: &industry,
            product: product.as_ref(),
        },
        Options {
            explain: true,
            waivers: &waivers,
            as_of,
            ..Options::default()
        },
    )?;
    Ok((
        check_expectations(catalog, &case.expect, &assessment),
        assessment,
    ))
}

fn check_expectations(catalog: &Catalog, expect: &Expect, a: &Assessment) -> Vec<String> {
    let mut failures = Vec::new();
    let traces = a
        .trace
        .as_ref()
        .map(|t| t.rules.as_slice())
        .unwrap_or_default();
    let known = |rule: &str| catalog.rules.iter().any(|r| r.rule.id == rule);
    let describe = |rule: &str| -> String {
        let entries: Vec<_> = traces.iter().filter(|t| t.rule == rule).collect();
        let outcomes: Vec<String> = entries
            .iter()
            .map(|t| {
                let item = t
                    .item
                    .as_ref()
                    .map_or_else(String::new, |i| format!("[{i}] "));
                let detail = if t.missing.is_empty() {
                    t.values
                        .iter()
                        .map(|(k, v)| format!("{k} = {v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    format!("missing {}", t.missing.join(", "))
                };
                format!("{item}{} ({detail})", t.outcome)
            })
            .collect();
        outcomes.join("; ")
    };
    for rule in &expect.fired {
        if !known(rule) {
            failures.push(format!("expected `{rule}` to fire: there is no such rule"));
        } else if !traces
            .iter()
            .any(|t| &t.rule == rule && t.outcome == "fired")
        {
            failures.push(format!(
                "expected `{rule}` to fire; it did not: {}",
                describe(rule)
            ));
        }
    }
    for rule in &expect.quiet {
        let entries: Vec<_> = traces.iter().filter(|t| &t.rule == rule).collect();
        if !known(rule) {
            failures.push(format!(
                "expected `{rule}` to stay quiet: there is no such rule"
            ));
        } else if entries.iter().any(|t| t.outcome == "fired")
            || !entries.iter().any(|t| t.outcome == "quiet")
        {
            failures.push(format!(
                "expected `{rule}` to stay quiet; it was: {}",
                describe(rule)
            ));
        }
    }
    for (check, expected) in &expect.verdicts {
        let actual = if check == "overall" {
            Some(a.verdict)
        } else {
            a.checks
                .iter()
                .find(|c| c.id.as_str() == check)
                .map(|c| c.verdict)
        };
        match actual {
            Some(actual) if actual == *expected => {}
            Some(actual) => failures.push(format!(
                "expected verdict {check} = {}; got {}",
                expected.as_str(),
                actual.as_str()
            )),
            None => failures.push(format!(
                "expected verdict of `{check}`: there is no such check; expected overall, network, competition, deliverability or compliance"
            )),
        }
    }
    if let Some(complete) = expect.complete
        && a.complete != complete
    {
        failures.push(format!(
            "expected complete = {complete}; got {}",
            a.complete
        ));
    }
    let leading: Vec<&str> = a
        .channels
        .iter()
        .filter(|c| c.test_first)
        .map(|c| c.id.as_str())
        .collect();
    for channel in &expect.leading {
        if !leading.contains(&channel.as_str()) {
            failures.push(format!(
                "expected `{channel}` among the test-first channels; they are {}",
                leading.join(", ")
            ));
        }
    }
    for rule in &expect.waived {
        if !a.waived.iter().any(|w| &w.rule == rule) {
            failures.push(format!(
                "expected the findings of `{rule}` to be waived; they were not"
            ));
        }
    }
    failures
}
/// " that the overlays define or change", when coverage is measured on them.
fn in_scope(scope: &str, lang: Lang) -> &'static str {
    match scope {
        "overlays" => crate::i18n::pick(
            lang,
            " that the overlays define or change",
            "（覆盖层定义或修改的）",
        ),
        _ => "",
    }
}
