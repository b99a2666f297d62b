//! Arbitrary text → a market's name and a channel's platforms → every output
//! format. Each output must keep the escaping policy (`escape::violations`: no
//! raw control characters, no line that starts a GitHub workflow command, no
//! CSV formula, no HTML from data in Markdown, escaped command properties) and
//! JSON must parse. A violation, a panic or a hang is a bug.

#![no_main]

use assess::render::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(value) = serde_json::to_string(&text) else {
        return;
    };
    let name = format!("market.name.en={value}");
    let platforms = format!("market.channels.creators.platforms=[{value}]");
    for (flag, format) in [
        ("table", Format::Table),
        ("csv", Format::Csv),
        ("markdown", Format::Markdown),
        ("junit", Format::Junit),
        ("github", Format::Github),
        ("html", Format::Html),
        ("json", Format::Json),
    ] {
        let args = [
            "assess", "--market", "sea", "--industry", "social", "--format", flag, "--set", &name,
            "--set", &platforms, "--as-of", "2026-12-02",
        ];
        let Ok(output) = assess::cli::run(args.map(std::ffi::OsString::from)) else {
            continue;
        };
        let found = assess::render::escape::violations(format, &output.stdout);
        assert!(found.is_empty(), "{flag}: {found:?}");
        if format == Format::Json {
            serde_json::from_str::<serde_json::Value>(&output.stdout).expect("JSON parses");
        }
    }
});
