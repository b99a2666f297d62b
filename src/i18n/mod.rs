//! Translation, one mechanism for every text of ours: a text is written in
//! both languages and picked by language at the last moment. Fixed words are
//! keys of the [`Labels`] table; sentences with values are pairs given to
//! [`pick`] (or [`tr`] for messages on stderr, in the language the CLI set from
//! `--lang` or the locale); texts of the results are [`Localized`] pairs that a
//! renderer picks. Profile texts (`model::Text`) become `Localized` as they
//! enter a result.

mod labels;
mod parser;

pub use labels::{Labels, labels};
pub use parser::parser_message;

use crate::Lang;
use std::sync::atomic::{AtomicU8, Ordering};

static MESSAGE_LANG: AtomicU8 = AtomicU8::new(0);

pub fn set(lang: Lang) {
    MESSAGE_LANG.store(u8::from(lang == Lang::Zh), Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if MESSAGE_LANG.load(Ordering::Relaxed) == 1 {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The text in `lang`, of a pair written in both languages.
pub fn pick<T>(lang: Lang, en: T, zh: T) -> T {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The message in the current message language.
pub fn tr(en: impl Into<String>, zh: impl Into<String>) -> String {
    pick(lang(), en.into(), zh.into())
}

/// A text of the results in both languages. Evaluation writes both, so one
/// evaluation serves every output language; a renderer picks one with
/// [`Localized::get`], and serialisation (JSON, YAML) writes the language set by
/// [`rendering_in`] for the current thread.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Localized {
    pub en: String,
    pub zh: String,
}

impl Localized {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Localized {
        Localized {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// A text that reads the same in both languages (an id, a user's note).
    pub fn same(text: impl Into<String>) -> Localized {
        let text = text.into();
        Localized {
            zh: text.clone(),
            en: text,
        }
    }

    /// The text made by `write` for each language.
    pub fn by(mut write: impl FnMut(Lang) -> String) -> Localized {
        Localized {
            en: write(Lang::En),
            zh: write(Lang::Zh),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// The text in the language being rendered (see [`rendering_in`]); English
    /// outside a rendering.
    pub fn text(&self) -> &str {
        self.get(render_lang())
    }

    /// Applies `f` to both languages (an output's escaping policy).
    pub fn map(&mut self, f: &TextMap) {
        remap(&mut self.en, f);
        remap(&mut self.zh, f);
    }
}

thread_local! {
    static RENDER_LANG: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
}

/// The language [`Localized`] texts are rendered in on this thread.
pub fn render_lang() -> Lang {
    RENDER_LANG.with(std::cell::Cell::get)
}

/// Runs `render` with [`Localized`] texts shown and serialised in `lang`.
pub fn rendering_in<T>(lang: Lang, render: impl FnOnce() -> T) -> T {
    let before = RENDER_LANG.with(|l| l.replace(lang));
    let result = render();
    RENDER_LANG.with(|l| l.set(before));
    result
}

impl serde::Serialize for Localized {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.text())
    }
}

impl std::fmt::Display for Localized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

impl schemars::JsonSchema for Localized {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "String".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// A change applied to every text that came from data (an output's escaping
/// policy): borrowed back when the text needs no change.
pub type TextMap = dyn for<'a> Fn(&'a str) -> std::borrow::Cow<'a, str>;

/// Applies `f` to `text`, replacing it only when `f` changed it.
pub fn remap(text: &mut String, f: &TextMap) {
    let changed = match f(text) {
        std::borrow::Cow::Owned(changed) => Some(changed),
        std::borrow::Cow::Borrowed(_) => None,
    };
    if let Some(changed) = changed {
        *text = changed;
    }
}

/// Applies `f` to `text` when there is one.
pub fn remap_opt(text: &mut Option<String>, f: &TextMap) {
    if let Some(text) = text {
        remap(text, f);
    }
}
