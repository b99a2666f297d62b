//! The language of our own messages — errors, warnings and notes on stderr.
//! The CLI sets it once from `--lang` or the locale; every message of ours is
//! written in both languages and picked here, so deep library code can speak
//! the user's language without threading it through every call.

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

/// The message in the current message language.
pub fn tr(en: impl Into<String>, zh: impl Into<String>) -> String {
    match lang() {
        Lang::En => en.into(),
        Lang::Zh => zh.into(),
    }
}
