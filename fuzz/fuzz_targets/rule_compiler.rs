//! Arbitrary text → a rule's condition: compiled with `assess::load::compile`
//! as if written in `rules/network.yaml`, and when it compiles, evaluated once
//! against a populated sample (a built-in market, industry and product, with a
//! channel and a promise bound), and used as a message template. Errors are
//! expected; a panic, an abort, a stack overflow or a hang is a bug.

#![no_main]

use assess::Lang;
use assess::evaluate::{self, Data, Scope};
use assess::load::{self, LoadOptions};
use assess::model::{Check, Rule, Severity, Text};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The variables a condition can read, as `assess` builds them for an assessment.
fn sample() -> BTreeMap<&'static str, Arc<Json>> {
    let catalog = assess::validate::load(&LoadOptions::default()).expect("the built-ins load");
    let value = |v: serde_json::Result<Json>| v.expect("a profile serialises");
    let market = value(serde_json::to_value(catalog.market("sea").expect("sea")));
    let industry = value(serde_json::to_value(
        catalog.industry("social").expect("social"),
    ));
    let product = value(serde_json::to_value(
        assess::validate::product(&catalog, "global-rtc").expect("global-rtc"),
    ));
    let promises = value(serde_json::to_value(&catalog.promises));
    let channel = json!({
        "id": "performance-ads", "name": "Performance ads", "weight": 0.35, "fit": 1.0,
        "cpi_usd": 0.76, "intensity": "high", "confidence": "low", "platforms": ["Meta"],
    });
    let promise = promises.get("hd-video").cloned().unwrap_or(Json::Null);
    BTreeMap::from([
        ("market", market),
        ("industry", industry),
        ("product", product),
        (
            "local",
            json!({"edge": true, "data_residency": false, "p95_rtt_ms": 180,
                   "max_resolution_lines": 1080}),
        ),
        ("promises", promises),
        ("channel", channel),
        ("promise", promise),
    ])
    .into_iter()
    .map(|(name, value)| (name, Arc::new(value)))
    .collect()
}

thread_local! {
    static SAMPLE: BTreeMap<&'static str, Arc<Json>> = sample();
}

fn rule(when: &str) -> Rule {
    Rule {
        id: "network.fuzzed".to_string(),
        check: Check::Network,
        when: when.to_string(),
        for_each: None,
        severity: Severity::Warn,
        message: Text::new(when, when),
        action: None,
        adjust: BTreeMap::new(),
        adds: BTreeMap::new(),
        recommends: Vec::new(),
        messaging: Vec::new(),
        refs: Vec::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let when = String::from_utf8_lossy(data);
    SAMPLE.with(|base| {
        let data = Data::new(base);
        // The message template is user text too.
        let _ = evaluate::interpolate(&when, data, Lang::En);
        let Ok(compiled) = load::compile(rule(&when), "rules/network.yaml", 2, 9) else {
            return;
        };
        let mut context = cel::Context::default();
        for (name, value) in base {
            context.add_variable_from_value(*name, load::to_cel(value));
        }
        let scope = Scope {
            data,
            context: &context,
            has_product: true,
        };
        let _ = evaluate::evaluate(&compiled, &scope);
        let _ = evaluate::evidence(&compiled, data);
    });
});
