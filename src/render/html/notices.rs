//! The parts of a page that report on the record rather than the market: the
//! gate, the waivers, and the sources.

use super::*;

pub(super) fn gate_status(gate: &Gate, words: &Labels) -> String {
    let (class, word) = if gate.tripped {
        ("block", words.gate_tripped)
    } else {
        ("pass", words.gate_passed)
    };
    format!(
        "<code>--fail-on {}</code> <span class=\"badge v-{class}\"><span class=\"sym\" aria-hidden=\"true\">{}</span>{}</span>",
        esc(&gate.conditions()),
        if gate.tripped { "✕" } else { "✓" },
        esc(word)
    )
}

pub(super) fn gate_section(out: &mut String, gate: &Gate, words: &Labels) {
    let class = if gate.tripped { "block" } else { "pass" };
    let _ = write!(
        out,
        "<section id=\"gate\" class=\"gate gate-{class}\" aria-labelledby=\"gate-h\">\n<h2 id=\"gate-h\">{} {}</h2>\n",
        esc(words.gate),
        gate_status(gate, words)
    );
    if !gate.reasons.is_empty() {
        out.push_str("<ul>\n");
        for reason in &gate.reasons {
            let _ = writeln!(out, "<li>{}</li>", esc(reason));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// A waived finding: its severity, message, rule, and the reason on record.
pub(super) fn waived_text(w: &Waived, words: &Labels) -> String {
    let until = w.until.as_ref().map_or_else(String::new, |u| {
        format!(
            " · {} <span class=\"date\">{}</span>",
            esc(words.until),
            esc(u)
        )
    });
    format!(
        "{}<span class=\"msg\">{}</span> <span class=\"rule\">{}</span><p class=\"reason\"><span class=\"k\">{}</span> {}{until}</p>",
        severity_tag(w.severity, words),
        esc(w.message.text()),
        esc(&w.rule),
        esc(words.reason),
        esc(&w.reason)
    )
}

/// Waivers that expired or matched nothing: they must not be forgotten.
pub(super) fn waiver_section(
    out: &mut String,
    waivers: &crate::assessment::WaiverReport,
    words: &Labels,
) {
    if waivers.expired.is_empty() && waivers.unused.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section id=\"waivers\" class=\"notice\" aria-label=\"{}\">\n<ul>\n",
        esc(words.waived)
    );
    for w in &waivers.expired {
        let _ = writeln!(
            out,
            "<li><b>{}</b> <span class=\"rule\">{}</span> ({} {}) — {}</li>",
            esc(words.waiver_expired),
            esc(&w.rule),
            esc(words.until),
            esc(w.until.as_ref().map_or("?", |u| u.0.as_str())),
            esc(&w.reason)
        );
    }
    for w in &waivers.unused {
        let _ = writeln!(
            out,
            "<li><b>{}</b> <span class=\"rule\">{}</span> — {}</li>",
            esc(words.waiver_unused),
            esc(&w.rule),
            esc(&w.reason)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

pub(super) fn sources_section(
    out: &mut String,
    sources: &[SourceRef],
    oldest: Option<&str>,
    words: &Labels,
) {
    let _ = write!(
        out,
        "<section id=\"sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">{} \
         <span class=\"h-note\">{} · {} {}</span></h2>\n",
        esc(words.sources_title),
        sources.len(),
        esc(words.oldest_source),
        esc(oldest.unwrap_or(words.unknown))
    );
    // Newest first; the same date by title.
    let mut sorted: Vec<&SourceRef> = sources.iter().collect();
    sorted.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    out.push_str("<ol class=\"sources\">\n");
    for s in sorted {
        let is_oldest = Some(s.date.as_str()) == oldest;
        let _ = writeln!(
            out,
            "<li{}><span class=\"date\">{}</span><span class=\"src\">{}{}</span></li>",
            if is_oldest { " class=\"oldest\"" } else { "" },
            esc(&s.date),
            source_link(s),
            if is_oldest {
                format!(" <span class=\"tag\">{}</span>", esc(words.oldest))
            } else {
                String::new()
            }
        );
    }
    out.push_str("</ol>\n</section>\n");
}
