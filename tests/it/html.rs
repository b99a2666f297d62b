//! `--format html`: the page is parsed (scraper) and checked section by section
//! against the JSON document of the same run — every section present, the
//! language declared, nothing that loads or runs, bar widths exactly
//! proportional to the shares — and one report is pinned by a snapshot.

use crate::common::*;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

fn html_text(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "html"]);
    report(&all)
}

fn page(args: &[&str]) -> Html {
    Html::parse_document(&html_text(args))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

fn one<'a>(doc: &'a Html, css: &str) -> ElementRef<'a> {
    let found = all(doc, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

fn within<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&sel(css)).collect()
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<String>()
}

fn attr<'a>(element: ElementRef<'a>, name: &str) -> &'a str {
    element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("<{}> has no `{name}`", element.value().name()))
}

fn number(element: ElementRef<'_>, name: &str) -> f64 {
    attr(element, name)
        .parse()
        .unwrap_or_else(|_| panic!("`{name}` is not a number"))
}

const SINGLE: [&str; 4] = ["--market", "sea", "--industry", "social"];
const BATCH: [&str; 4] = [
    "--market",
    "sea,na,mena",
    "--industry",
    "social,education,live-streaming",
];
const CHECKS: [&str; 4] = ["network", "competition", "deliverability", "compliance"];

mod single {
    use super::*;

    #[test]
    fn every_section_is_there() {
        let doc = page(&SINGLE);
        let report = document(&SINGLE);
        let a = &report["assessments"][0];

        let header = one(&doc, "header#summary");
        let h1 = text(within(header, "h1")[0]);
        assert!(
            h1.contains("Southeast Asia") && h1.contains("Social"),
            "{h1}"
        );
        let headline = within(header, ".verdict-big");
        assert_eq!(headline.len(), 1);
        assert_eq!(attr(headline[0], "data-verdict"), a["verdict"]);
        assert!(text(headline[0]).contains(a["verdict"].as_str().expect("verdict")));
        // Incomplete, and which checks are.
        assert!(text(header).contains("incomplete"));

        let cards = all(&doc, "section#checks article.card.check");
        let ids: Vec<&str> = cards.iter().map(|c| attr(*c, "data-check")).collect();
        assert_eq!(ids, CHECKS);

        one(&doc, "section#mix svg.mix-chart");
        one(&doc, "section#mix table.mix-table");
        assert_eq!(
            all(&doc, "section#messaging li.angle").len(),
            a["messaging"].as_array().expect("messaging").len()
        );
        assert_eq!(all(&doc, "section#test-plan li.step").len(), 3);
        assert_eq!(
            all(&doc, "section#sources ol.sources > li").len(),
            a["sources"].as_array().expect("sources").len()
        );
        let sources = text(one(&doc, "section#sources h2"));
        assert!(
            sources.contains(a["oldest_source_date"].as_str().expect("oldest")),
            "{sources}"
        );
        // Only when asked for.
        assert!(all(&doc, "#budget").is_empty());
        assert!(all(&doc, "#gate").is_empty());
        assert!(all(&doc, "#changes").is_empty());
    }

    #[test]
    fn check_cards_carry_words_findings_actions_and_gaps() {
        let doc = page(&SINGLE);
        let report = document(&SINGLE);
        for check in report["assessments"][0]["checks"]
            .as_array()
            .expect("checks")
        {
            let id = check["id"].as_str().expect("id");
            let card = one(&doc, &format!("article#check-{id}"));
            let verdict = check["verdict"].as_str().expect("verdict");
            assert_eq!(attr(card, "data-verdict"), verdict);
            let badge = within(card, ".card-head .badge")[0];
            assert!(
                text(badge).contains(&verdict.replace('-', " ")),
                "{id}: the verdict in words"
            );

            let findings = check["findings"].as_array().expect("findings");
            let items = within(card, "li.finding");
            assert_eq!(items.len(), findings.len(), "{id}");
            for f in findings {
                // A rule may fire once per channel or promise: match by message.
                let rule = f["rule"].as_str().expect("rule");
                let message = f["message"].as_str().expect("message");
                let item = items
                    .iter()
                    .find(|i| attr(**i, "data-rule") == rule && text(**i).contains(message))
                    .unwrap_or_else(|| panic!("{rule}: {message} is shown"));
                let shown = text(*item);
                assert!(shown.contains(f["severity"].as_str().expect("severity")));
                if let Some(action) = f["action"].as_str() {
                    assert!(shown.contains(action), "{rule}: its action");
                }
            }

            let incomplete = !check["complete"].as_bool().expect("complete");
            let head = text(within(card, ".card-head")[0]);
            assert_eq!(head.contains("incomplete"), incomplete, "{id}");
            let gaps = within(card, ".gaps")
                .first()
                .map(|g| text(*g))
                .unwrap_or_default();
            for missing in check["not_evaluated"].as_array().expect("not_evaluated") {
                assert!(gaps.contains(missing["rule"].as_str().expect("rule")));
                for path in missing["missing"].as_array().expect("missing") {
                    assert!(gaps.contains(path.as_str().expect("path")), "{id}: {path}");
                }
            }
            let needs = check["not_applicable"].as_array().expect("na").len();
            let counted = within(card, ".needs-product");
            if needs == 0 {
                assert!(counted.is_empty());
            } else {
                assert!(text(counted[0]).starts_with(&needs.to_string()), "{id}");
            }
        }
    }

    #[test]
    fn mix_bars_are_exactly_proportional_to_the_shares() {
        let doc = page(&SINGLE);
        let report = document(&SINGLE);
        let chart = one(&doc, "svg.mix-chart");
        let scale = number(chart, "data-scale-width");
        assert!(scale > 0.0);
        let bars = within(chart, "rect.bar");
        let channels = report["assessments"][0]["channels"]
            .as_array()
            .expect("channels");
        assert_eq!(bars.len(), channels.len());
        let x0 = number(bars[0], "x");
        for (bar, channel) in bars.iter().zip(channels) {
            let share = channel["share_pct"].as_f64().expect("share");
            assert_eq!(attr(*bar, "data-channel"), channel["id"]);
            assert_eq!(number(*bar, "x"), x0, "bars share a baseline");
            let width = number(*bar, "width");
            assert!(
                (width - share / 100.0 * scale).abs() < 1e-9,
                "{}: width {width} for {share}% of {scale}",
                channel["id"]
            );
        }
        // Test-first marks, shares and platforms are on the page.
        let rows = all(&doc, "table.mix-table tbody tr");
        for (row, channel) in rows.iter().zip(channels) {
            let shown = text(*row);
            assert!(shown.contains(&format!("{}%", channel["share_pct"])));
            assert_eq!(
                shown.contains("test first"),
                channel["test_first"].as_bool().expect("test_first")
            );
            for platform in channel["platforms"].as_array().expect("platforms") {
                assert!(shown.contains(platform.as_str().expect("platform")));
            }
        }
        // The chart has a text equivalent.
        assert!(!within(chart, "title").is_empty() && !within(chart, "desc").is_empty());
        let desc = text(within(chart, "desc")[0]);
        for channel in channels {
            assert!(desc.contains(&format!(
                "{} {}%",
                channel["name"].as_str().expect("name"),
                channel["share_pct"]
            )));
        }
    }

    #[test]
    fn budget_shows_the_split_installs_and_the_estimates_basis() {
        let args = [
            &SINGLE[..],
            &[
                "--budget",
                "10000",
                "--set",
                "market.channels.performance-ads.cpi.social=0.76",
            ],
        ]
        .concat();
        let doc = page(&args);
        let report = document(&args);
        let a = &report["assessments"][0];
        let section = one(&doc, "section#budget");
        let rows = within(section, "tbody tr");
        assert_eq!(
            rows.len(),
            a["channels"].as_array().expect("channels").len()
        );
        let shown = text(section);
        assert!(shown.contains("USD 10,000.00"));
        let paid = a["channels"][0]["budget"].as_f64().expect("a budget") as u64;
        assert!(
            shown.contains(&format!("USD {}.00", thousands(paid))),
            "{shown}"
        );
        let installs = a["budget"]["expected_installs"].as_u64().expect("installs");
        assert!(shown.contains(&format!("~{}", thousands(installs))));
        for estimate in a["budget"]["estimates"].as_array().expect("estimates") {
            for source in estimate["sources"].as_array().expect("sources") {
                assert!(shown.contains(source["title"].as_str().expect("title")));
                assert!(shown.contains(source["date"].as_str().expect("date")));
            }
        }
        // The test plan gets its test budgets.
        assert!(text(one(&doc, "section#test-plan")).contains("USD 1,000.00"));
    }

    fn thousands(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn the_gate_is_shown_when_asked_for() {
        let tripped = page(&[&SINGLE[..], &["--fail-on", "warn"]].concat());
        let gate = text(one(&tripped, "section#gate"));
        assert!(
            gate.contains("--fail-on warn") && gate.contains("tripped"),
            "{gate}"
        );
        assert!(gate.contains("sea × social"));
        let passed = page(&[&SINGLE[..], &["--fail-on", "block"]].concat());
        assert!(text(one(&passed, "section#gate")).contains("passed"));
    }

    #[test]
    fn changes_against_a_baseline_are_marked_and_stated() {
        let dir = tempdir("baseline");
        let before = dir.join("before.json");
        let mut args = SINGLE.to_vec();
        args.extend(["--format", "json"]);
        std::fs::write(&before, output_of(&mut assess(), &args)).expect("write baseline");
        let doc = page(
            &[
                &SINGLE[..],
                &[
                    "--set",
                    "market.network.idle_latency_ms=200",
                    "--baseline",
                    before.to_str().expect("path"),
                ],
            ]
            .concat(),
        );
        let changes = text(one(&doc, "section#changes"));
        assert!(changes.contains("new finding"), "{changes}");
        assert!(changes.contains("network.high-mobile-latency"), "{changes}");
    }

    #[test]
    fn waived_findings_keep_their_reason_and_stale_waivers_are_flagged() {
        let doc = page(&[
            "--market",
            "sea",
            "--product",
            "tests/fixtures/teams/products/waiving-app.yaml",
            "--as-of",
            "2026-01-01",
        ]);
        let card = one(&doc, "article#check-compliance");
        let waived = within(card, ".waived li");
        assert_eq!(waived.len(), 1);
        assert_eq!(attr(waived[0], "data-rule"), "compliance.registration-duty");
        let shown = text(waived[0]);
        assert!(
            shown.contains("LEGAL-42") && shown.contains("2027-12-31"),
            "{shown}"
        );
        // A waived finding is not listed among the findings that count.
        assert!(
            within(card, "li.finding")
                .iter()
                .all(|f| attr(*f, "data-rule") != "compliance.registration-duty")
        );
        let notice = text(one(&doc, "section#waivers"));
        assert!(
            notice.contains("compliance.virtual-gifts-restricted"),
            "{notice}"
        );
        assert!(notice.contains("compliance.ai-disclosure-duty"), "{notice}");
    }

    #[test]
    fn markup_in_names_is_shown_as_text() {
        let raw = html_text(&[
            "--market",
            "sea",
            "--product",
            "tests/fixtures/html/markup-in-names.yaml",
        ]);
        assert!(!raw.contains("<script>alert"));
        let doc = Html::parse_document(&raw);
        assert!(all(&doc, "script").is_empty());
        assert!(all(&doc, "h1 b").is_empty());
        assert!(text(one(&doc, "h1")).contains("<script>alert('x')</script> & <b>Co</b>"));
    }
}

mod both {
    use super::*;

    fn lang(doc: &Html) -> String {
        attr(one(doc, "html"), "lang").to_string()
    }

    #[test]
    fn the_page_declares_its_language() {
        assert_eq!(lang(&page(&SINGLE)), "en");
        let zh = page(&[&SINGLE[..], &["--lang", "zh"]].concat());
        assert_eq!(lang(&zh), "zh");
        assert!(text(one(&zh, "h1")).contains("东南亚"));
        assert_eq!(lang(&page(&[&BATCH[..], &["--lang", "zh"]].concat())), "zh");
        // A human format: without --lang it follows the locale, like the table.
        let mut cmd = assess();
        cmd.env("LANG", "zh_CN.UTF-8");
        let localised = output_of(&mut cmd, &[&SINGLE[..], &["--format", "html"]].concat());
        assert_eq!(lang(&Html::parse_document(&localised)), "zh");
    }

    #[test]
    fn nothing_runs_and_nothing_loads() {
        for args in [
            SINGLE.to_vec(),
            BATCH.to_vec(),
            [&SINGLE[..], &["--budget", "5000", "--fail-on", "warn"]].concat(),
        ] {
            let raw = html_text(&args);
            let doc = Html::parse_document(&raw);
            for tag in [
                "script",
                "link",
                "iframe",
                "img",
                "object",
                "embed",
                "video",
                "audio",
                "base",
                "frame",
                "source",
                "use",
                "image",
                "foreignObject",
            ] {
                assert!(all(&doc, tag).is_empty(), "{args:?}: a <{tag}>");
            }
            for element in doc
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
            {
                for (name, value) in element.value().attrs() {
                    assert!(!name.starts_with("on"), "an event handler `{name}`");
                    assert!(name != "src" && name != "srcset" && name != "xlink:href");
                    if name == "href" {
                        assert_eq!(element.value().name(), "a", "only links have href");
                        assert!(
                            value.starts_with("https://") || value.starts_with("http://"),
                            "a link to {value}"
                        );
                    }
                    assert!(!value.contains("javascript:"));
                }
            }
            let style: String = all(&doc, "style").into_iter().map(text).collect();
            assert!(!style.is_empty());
            assert!(
                !style.contains("url(") && !style.contains("@import"),
                "CSS loads nothing"
            );
            assert!(!style.contains("@font-face"), "no web fonts");
            // Print: a page rule, and cards and rows kept whole.
            assert!(style.contains("@page") && style.contains("@media print"));
            assert!(style.contains("break-inside: avoid"));
            assert!(raw.starts_with("<!DOCTYPE html>"));
            assert!(raw.contains("<meta charset=\"utf-8\">"));
        }
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(html_text(&BATCH), html_text(&BATCH));
    }
}

mod batch {
    use super::*;

    fn label(a: &Value) -> String {
        format!(
            "{} × {}",
            a["market"]["id"].as_str().expect("market"),
            a["industry"]["id"].as_str().expect("industry")
        )
    }

    #[test]
    fn the_heat_map_has_every_combination_and_check_in_words() {
        let doc = page(&BATCH);
        let report = document(&BATCH);
        let assessments = report["assessments"].as_array().expect("assessments");
        assert_eq!(assessments.len(), 9);
        one(&doc, "header#summary");
        let table = one(&doc, "section#heat-map table.heat");
        let heads: Vec<String> = within(table, "thead th").into_iter().map(text).collect();
        assert_eq!(heads.len(), 6, "{heads:?}");
        for (head, check) in heads[2..].iter().zip(CHECKS) {
            assert_eq!(head, check);
        }
        let rows = within(table, "tbody tr");
        assert_eq!(rows.len(), 9);
        for (row, a) in rows.iter().zip(assessments) {
            assert_eq!(attr(*row, "data-combination"), label(a));
            let cells = within(*row, "td.cell");
            assert_eq!(cells.len(), 5);
            let mut expected = vec![(
                "verdict",
                a["verdict"].as_str().expect("v"),
                a["complete"].as_bool().expect("c"),
            )];
            for check in a["checks"].as_array().expect("checks") {
                expected.push((
                    check["id"].as_str().expect("id"),
                    check["verdict"].as_str().expect("verdict"),
                    check["complete"].as_bool().expect("complete"),
                ));
            }
            for (cell, (column, verdict, complete)) in cells.iter().zip(expected) {
                assert_eq!(attr(*cell, "data-check"), column);
                assert_eq!(attr(*cell, "data-verdict"), verdict);
                let class = attr(*cell, "class");
                assert!(
                    class.contains(&format!("v-{verdict}")),
                    "coloured by verdict"
                );
                let shown = text(*cell);
                assert!(
                    shown.contains(&verdict.replace('-', " ")),
                    "{}: {column} in words",
                    label(a)
                );
                assert_eq!(shown.contains("incomplete"), !complete);
            }
        }
    }

    #[test]
    fn small_multiples_share_one_legend_and_are_exactly_proportional() {
        let doc = page(&BATCH);
        let report = document(&BATCH);
        let assessments = report["assessments"].as_array().expect("assessments");
        let section = one(&doc, "section#small-multiples");
        let legend = within(section, ".legend .legend-item");
        assert_eq!(legend.len(), 11, "all 11 channels");
        let mut colour_of = std::collections::BTreeMap::new();
        for item in &legend {
            let fill = attr(within(*item, "rect")[0], "fill").to_string();
            colour_of.insert(attr(*item, "data-channel").to_string(), fill);
        }
        let mut distinct: Vec<&String> = colour_of.values().collect();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 11, "one colour per channel");

        let charts = within(section, "svg.stack");
        assert_eq!(charts.len(), 9);
        for (chart, a) in charts.iter().zip(assessments) {
            assert_eq!(attr(*chart, "data-combination"), label(a));
            assert!(!within(*chart, "title").is_empty() && !within(*chart, "desc").is_empty());
            let scale = number(*chart, "data-scale-width");
            let segments = within(*chart, "rect.seg");
            let channels = a["channels"].as_array().expect("channels");
            assert_eq!(segments.len(), channels.len());
            let mut x = 0.0;
            let mut total = 0.0;
            for seg in &segments {
                let id = attr(*seg, "data-channel");
                let channel = channels
                    .iter()
                    .find(|c| c["id"] == id)
                    .unwrap_or_else(|| panic!("{id} is in the mix"));
                let share = channel["share_pct"].as_f64().expect("share");
                let width = number(*seg, "width");
                assert!(
                    (width - share / 100.0 * scale).abs() < 1e-9,
                    "{}: {id}",
                    label(a)
                );
                assert!((number(*seg, "x") - x).abs() < 1e-9, "segments abut");
                assert_eq!(attr(*seg, "fill"), colour_of[id], "the legend's colour");
                x += width;
                total += width;
            }
            assert!((total - scale).abs() < 1e-9, "a full bar is 100%");
        }
        // The text equivalent: a table of the same shares.
        let rows = within(section, "table.shares tbody tr");
        assert_eq!(rows.len(), 9);
        for (row, a) in rows.iter().zip(assessments) {
            let shown = text(*row);
            for channel in a["channels"].as_array().expect("channels") {
                assert!(shown.contains(&channel["share_pct"].to_string()));
            }
        }
    }

    #[test]
    fn findings_and_sources_cover_every_combination() {
        let doc = page(&BATCH);
        let report = document(&BATCH);
        let findings = text(one(&doc, "section#findings"));
        let sources = text(one(&doc, "section#sources"));
        for a in report["assessments"].as_array().expect("assessments") {
            for check in a["checks"].as_array().expect("checks") {
                for f in check["findings"].as_array().expect("findings") {
                    if f["severity"] != "info" {
                        assert!(findings.contains(f["message"].as_str().expect("message")));
                    }
                }
            }
            for s in a["sources"].as_array().expect("sources") {
                assert!(sources.contains(s["title"].as_str().expect("title")));
            }
        }
        assert!(
            all(&doc, "section#checks").is_empty(),
            "no single-assessment cards"
        );
    }

    #[test]
    fn changed_cells_are_marked_and_the_change_stated() {
        let dir = tempdir("batch-baseline");
        let before = dir.join("before.json");
        let mut args = BATCH.to_vec();
        args.extend(["--format", "json"]);
        std::fs::write(&before, output_of(&mut assess(), &args)).expect("write baseline");
        let changed = [
            &BATCH[..],
            &[
                "--set",
                "market.network.idle_latency_ms=200",
                "--baseline",
                before.to_str().expect("path"),
            ],
        ]
        .concat();
        let doc = page(&changed);
        let report = document(&changed);
        let mut moves = 0;
        for a in report["assessments"].as_array().expect("assessments") {
            let changes = &a["changes"];
            moves += usize::from(!changes["verdict"].is_null());
            moves += changes["checks"].as_array().expect("checks").len();
        }
        assert!(moves > 0, "the --set moves some verdicts");
        let marked = all(&doc, "td.cell.changed");
        assert_eq!(marked.len(), moves);
        for cell in marked {
            assert!(attr(cell, "title").contains("changed since the baseline"));
            assert!(text(cell).contains("Δ") && text(cell).contains("was "));
        }
        let hint = text(one(&doc, "section#heat-map .hint"));
        assert!(hint.contains("Δ") && hint.contains("changed since the baseline"));
        let stated = text(one(&doc, "section#changes"));
        assert!(stated.contains("network.high-mobile-latency"));
        assert!(stated.contains("North America"));
    }

    #[test]
    fn the_gate_is_shown_with_its_reasons() {
        let doc = page(&[&BATCH[..], &["--fail-on", "block"]].concat());
        let gate = text(one(&doc, "section#gate"));
        assert!(gate.contains("tripped"));
        for market in ["mena × social", "mena × education", "mena × live-streaming"] {
            assert!(gate.contains(market), "{gate}");
        }
    }
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("assess-html-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn sea_social_html() {
    let text = html_text(&SINGLE).replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!(text);
}
