//! A format added outside the crate: the public `Renderer` trait is all it
//! takes (CONTRIBUTING.md), and `render_with` gives it the report's language
//! and the escaping policy.

use assess::Lang;
use assess::evaluate::{Options, Subject};
use assess::load::LoadOptions;
use assess::render::{Renderer, Report, render_with};

/// One line per assessment: the market's name and the verdict.
struct OneLine;

impl Renderer for OneLine {
    fn render(&self, report: &Report<'_>) -> anyhow::Result<String> {
        Ok(report
            .assessments
            .iter()
            .map(|a| {
                format!(
                    "{}: {}\n",
                    a.market.name.get(report.lang),
                    a.verdict.as_str()
                )
            })
            .collect())
    }
}

fn report_in(lang: Lang) -> String {
    let catalog = assess::validate::load(&LoadOptions::default()).expect("the built-ins load");
    let subject = Subject {
        market: catalog.market("sea").expect("sea"),
        industry: catalog.industry("social").expect("social"),
        product: None,
    };
    let assessment =
        assess::pipeline::assess(&catalog, subject, Options::default()).expect("assesses");
    let assessments = [assessment];
    let report = Report {
        assessments: &assessments,
        gate: None,
        waivers: None,
        lang,
    };
    render_with(&OneLine, &report).expect("renders")
}

#[test]
fn a_renderer_outside_the_crate_renders_one_evaluation_in_either_language() {
    assert_eq!(report_in(Lang::En), "Southeast Asia: warn\n");
    assert_eq!(report_in(Lang::Zh), "东南亚: warn\n");
}
