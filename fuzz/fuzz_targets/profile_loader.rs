//! Arbitrary bytes → the profile loader: every profile kind a user can write is
//! parsed from the same text (the lossy UTF-8 string when the bytes are not UTF-8).
//! What parses is layered over a built-in profile the way overlays and `extends`
//! are, and read back. Errors are expected; a panic, an abort or a hang is a bug.

#![no_main]

use assess::load::{SourceFile, layer, parse};
use assess::model::{ChannelInfo, Industry, Market, Product, Promise, RuleEntry, Text};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

const BUILTIN_MARKET: &str = include_str!("../../markets/sea.yaml");
const BUILTIN_INDUSTRY: &str = include_str!("../../industries/social.yaml");
const BUILTIN_PRODUCT: &str = include_str!("../../products/global-rtc.yaml");

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_string(),
        text: text.to_string(),
        builtin: false,
    }
}

/// Parses `text` as a `T`; when that works, layers it over `base` (a built-in
/// profile of the same kind) in both directions and reads the result back.
fn load<T: DeserializeOwned + Serialize>(path: &str, text: &str, base: Option<&str>) {
    let Ok(profile) = parse::<T>(&file(path, text)) else {
        return;
    };
    let Ok(json) = serde_json::to_value(&profile) else {
        return;
    };
    let Some(base) = base else {
        return;
    };
    let base: T = parse(&file(path, base)).expect("the built-in profile parses");
    let base = serde_json::to_value(&base).expect("the built-in profile serialises");
    for merged in [layer(&base, &json), layer(&json, &base)] {
        let _ = serde_json::from_value::<T>(merged);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    load::<Market>("markets/fuzz.yaml", &text, Some(BUILTIN_MARKET));
    load::<Industry>("industries/fuzz.yaml", &text, Some(BUILTIN_INDUSTRY));
    load::<Product>("products/fuzz.yaml", &text, Some(BUILTIN_PRODUCT));
    load::<Vec<RuleEntry>>("rules/network.yaml", &text, None);
    load::<Vec<ChannelInfo>>("channels.yaml", &text, None);
    load::<Vec<Promise>>("promises.yaml", &text, None);
    load::<BTreeMap<String, Text>>("messaging.yaml", &text, None);
});
