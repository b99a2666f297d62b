//! The review of sources: notes that claim "nothing newer" without naming the
//! search are problems; figures measured long ago without a note saying why
//! they still hold are warnings, as are a user's names without Chinese.

use crate::diagnostics::{Code, Problem};
use crate::load::{Catalog, FileNotes};
use crate::model::is_older_than_three_years;

/// What a review of the sources finds: notes that claim "nothing newer"
/// without naming what was searched (problems: `validate` rejects them), and
/// warnings for measured figures more than three years older than `as_of`
/// whose note does not say why they are still used ("old"), and for names
/// without Chinese in the user's own profiles. A law's source is not aged: it
/// dates the law, which holds until changed. Each source is reported once,
/// in the file that states it.
pub fn review(catalog: &Catalog, as_of: &str, include_builtin: bool) -> Review {
    let mut review = Review {
        warnings: catalog.load_warnings.clone(),
        ..Review::default()
    };
    let mut seen: std::collections::BTreeSet<(String, String)> = std::collections::BTreeSet::new();
    for ((kind, id), files) in &catalog.origins {
        for file in files.iter().filter(|f| include_builtin || !f.builtin) {
            let read;
            let notes = if file.builtin {
                read = FileNotes::read(kind, file);
                read.as_ref()
            } else {
                catalog.notes.get(&file.path)
            };
            let Some(FileNotes { name, sources }) = notes else {
                continue;
            };
            if !file.builtin && name.as_ref().is_some_and(|n| n.zh.is_none()) {
                review.warnings.push(crate::i18n::tr(
                    format!("{}: {kind} `{id}` gives its name in English only; Chinese output falls back to English", file.path),
                    format!("{}：{kind} `{id}` 的名称只有英文；中文输出将回退为英文", file.path),
                ));
            }
            for source in sources {
                if !seen.insert((file.path.clone(), source.title.clone())) {
                    continue;
                }
                let note = source.note_text();
                if claims_nothing_newer(note) && !names_a_search(note) {
                    review.problems.push(Problem::at_value(
                        Code::SourceNote,
                        file,
                        "title",
                        &source.title,
                        format!(
                            "source \"{}\": the note says nothing newer was found but not what was searched; expected \"searched <datasets> <periods>\", for example \"searched Ookla Global Index 2024–2026: nothing newer\"",
                            source.title
                        ),
                    ));
                }
                let is_law = !source.covers.is_empty()
                    && source.covers.iter().all(|c| c.starts_with("compliance"));
                if !is_law
                    && is_older_than_three_years(&source.as_of_date().0, as_of)
                    && !says_old(note)
                {
                    review.warnings.push(crate::i18n::tr(
                        format!(
                            "{}: source \"{}\" was measured {}, more than three years before {as_of}; expected a newer figure, or a note saying why this old one still holds",
                            file.path, source.title, source.as_of_date()
                        ),
                        format!(
                            "{}：来源“{}”的测量时间为 {}，比 {as_of} 早三年以上；请换用更新的数据，或在注释中说明为何仍然可用（old）",
                            file.path, source.title, source.as_of_date()
                        ),
                    ));
                }
            }
        }
    }
    review
}

/// What [`review`] found.
#[derive(Debug, Default)]
pub struct Review {
    pub problems: Vec<Problem>,
    pub warnings: Vec<String>,
}

/// The word "old" in a note ("threshold" does not count).
pub fn says_old(note: &str) -> bool {
    note.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word == "old")
}

/// A note that claims no newer figure exists.
fn claims_nothing_newer(note: &str) -> bool {
    let note = note.to_lowercase();
    note.contains("nothing newer") || note.contains("no newer")
}

/// A note that names what was searched: the word "searched" and a period (a year).
fn names_a_search(note: &str) -> bool {
    let lower = note.to_lowercase();
    lower.contains("searched")
        && lower.split(|c: char| !c.is_ascii_digit()).any(|digits| {
            digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"))
        })
}
