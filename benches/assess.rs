//! Benchmarks (criterion): the catalog load, each phase of one assessment, the
//! built-in matrix, and a generated set of 1,000 markets × 6 industries.
//!
//! `cargo bench` runs them all in a few minutes on two cores;
//! `cargo bench -- phase/` (or any other prefix) runs a subset.
//! The README's "Performance" section has the figures and how to read them.
//!
//! Groups:
//! - `load/…`      the whole catalog load: parse, merge, validate, compile (built-ins,
//!   and built-ins plus an overlay folder of 1,000 generated markets);
//! - `phase/…`     one assessment (`sea × social`) split into its phases: parse the
//!   YAML, compile the rules, evaluate (the assessment minus the mix), mix, render;
//! - `assess/…`    one assessment, without and with a product;
//! - `matrix/…`    every built-in market × every industry, then rendered;
//! - `generated/…` 1,000 generated markets × 6 industries, and the scaling series
//!   100 / 1,000 / 3,000 / 6,000 assessments (assess, table, JSON);
//! - `floor/…`     the floor the others are measured against: reading and
//!   parsing with serde-saphyr the 16 YAML files one assessment needs, and all
//!   43 built-in files (what `examples/floor.rs` does, in process).
//!
//! `python3 scripts/bench-ratios.py` prints each figure as a ratio against the
//! floor, from the last `cargo bench` run.

use assess::Lang;
use assess::assessment::Assessment;
use assess::evaluate::{Options, Session, Subject};
use assess::load::{self as engine, Catalog, LoadOptions, SourceFile, parse};
use assess::mix::{self, Bounds};
use assess::model::{Industry, Market, Percent, Positive, RuleEntry};
use assess::pipeline::{assess, assess_in};
use assess::render::{Format, Report, TableOptions, render, render_json, render_table};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use criterion::{criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

// The allocator the binary uses (src/main.rs), so that the benches measure
// what a run does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many generated markets the `generated/…` benches assess.
const GENERATED: usize = 1_000;

fn catalog() -> Catalog {
    assess::validate::load(&LoadOptions::default()).expect("the built-in profiles load")
}

/// The report of some assessments, as the CLI builds it (no gate, English).
fn report(assessments: &[Assessment]) -> Report<'_> {
    Report {
        assessments,
        gate: None,
        waivers: None,
        lang: Lang::En,
    }
}

/// Table options for a pipe: no colour, 120 columns (what the CLI uses off a terminal).
fn table_options() -> TableOptions {
    TableOptions {
        lang: Lang::En,
        color: false,
        width: 120,
        detail: true,
    }
}

/// What the CLI asks of each assessment by default: English, no trace, no waivers.
fn options() -> Options<'static> {
    Options::default()
}

fn subject<'a>(catalog: &'a Catalog, market: &str, industry: &str) -> Subject<'a> {
    Subject {
        market: catalog.market(market).expect("a built-in market"),
        industry: catalog.industry(industry).expect("a built-in industry"),
        product: None,
    }
}

/// Every built-in YAML file, read from the source tree as the binary embeds it.
fn builtin_files() -> Vec<(String, SourceFile)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["markets", "industries", "rules", "products"] {
        for path in yaml_in(&root.join(folder)) {
            let text = std::fs::read_to_string(&path).expect("a readable profile");
            let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            let file = SourceFile {
                path: name,
                text,
                builtin: true,
            };
            files.push((folder.to_string(), file));
        }
    }
    for name in ["channels.yaml", "promises.yaml", "messaging.yaml"] {
        let text = std::fs::read_to_string(root.join(name)).expect("a readable file");
        let file = SourceFile {
            path: name.to_string(),
            text,
            builtin: true,
        };
        files.push((name.to_string(), file));
    }
    files
}

/// Parses one built-in file into its typed profile (what the catalog does first).
fn parse_file(kind: &str, file: &SourceFile) {
    match kind {
        "markets" => drop(black_box(parse::<Market>(file).expect("a market"))),
        "industries" => drop(black_box(parse::<Industry>(file).expect("an industry"))),
        "rules" => drop(black_box(parse::<Vec<RuleEntry>>(file).expect("a pack"))),
        "products" => drop(black_box(
            parse::<assess::model::Product>(file).expect("a product"),
        )),
        // channels, promises, messaging: untyped here, parsed all the same.
        _ => drop(black_box(
            parse::<serde_json::Value>(file).expect("a YAML file"),
        )),
    }
}

/// A deterministic figure in `[low, high]` that differs from market to market.
fn vary(i: usize, low: f64, high: f64) -> f64 {
    let steps = 997.0;
    low + ((i * 7_919) % 997) as f64 / steps * (high - low)
}

/// `n` markets built from the built-in ones (resolved, so each is complete), each
/// with a new id (`gen-0001` …) and its own network and device figures.
fn generated_markets(catalog: &Catalog, n: usize) -> Vec<Market> {
    let bases: Vec<&Market> = catalog.markets.values().collect();
    (0..n)
        .map(|i| {
            let mut market = bases[i % bases.len()].clone();
            market.id = format!("gen-{:04}", i + 1);
            if let Some(name) = market.name.as_mut() {
                name.en = format!("Generated {} {}", name.en, i + 1);
            }
            let network = market.network.get_or_insert_with(Default::default);
            network.mobile_download_mbps = Some(Positive(vary(i, 8.0, 180.0)));
            network.idle_latency_ms = Some(Positive(vary(i + 1, 14.0, 140.0)));
            network.availability_4g_pct = Some(Percent(vary(i + 2, 40.0, 99.0)));
            network.legacy_devices_pct = Some(Percent(vary(i + 3, 0.0, 45.0)));
            network.video_call_quality_pct = Some(Percent(vary(i + 4, 35.0, 95.0)));
            let devices = market.devices.get_or_insert_with(Default::default);
            devices.low_end_installed_pct = Some(Percent(vary(i + 5, 5.0, 60.0)));
            market
        })
        .collect()
}

/// Every market × every industry, markets first (the CLI's order).
fn assess_all(catalog: &Catalog, markets: &[&Market], industries: &[&Industry]) -> Vec<Assessment> {
    assess_first(catalog, markets, industries, usize::MAX)
}

/// The first `count` combinations of `markets` × `industries`, markets first.
fn assess_first(
    catalog: &Catalog,
    markets: &[&Market],
    industries: &[&Industry],
    count: usize,
) -> Vec<Assessment> {
    // One session per run, as the CLI does: each profile is converted for the
    // rules once.
    let session = Session::new(catalog).expect("a session");
    let mut out = Vec::with_capacity(count.min(markets.len() * industries.len()));
    for market in markets {
        for industry in industries {
            if out.len() == count {
                return out;
            }
            let subject = Subject {
                market,
                industry,
                product: None,
            };
            out.push(assess_in(&session, subject, options()).expect("an assessment"));
        }
    }
    out
}

/// A `--profiles` folder holding `markets` as YAML, in a fresh temporary folder.
struct Overlay(PathBuf);

impl Overlay {
    fn write(markets: &[Market]) -> Overlay {
        let dir = std::env::temp_dir().join(format!("assess-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("markets")).expect("a temporary folder");
        for market in markets {
            let mut market = market.clone();
            // Stated in full: the resolved profile needs no region to extend.
            market.extends = None;
            let text = serde_saphyr::to_string(&market).expect("a market as YAML");
            let path = dir.join("markets").join(format!("{}.yaml", market.id));
            std::fs::write(path, text).expect("a written profile");
        }
        Overlay(dir)
    }
}

impl Drop for Overlay {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("builtin", |b| {
        b.iter(|| assess::validate::load(black_box(&LoadOptions::default())).expect("load"));
    });
    // What `assess --market sea …` loads: only the markets the run needs.
    let sea = LoadOptions {
        markets: Some(vec!["sea".to_string()]),
        ..LoadOptions::default()
    };
    group.bench_function("builtin-for-sea", |b| {
        b.iter(|| assess::validate::load(black_box(&sea)).expect("load"));
    });

    let overlay = Overlay::write(&generated_markets(&catalog(), GENERATED));
    let options = LoadOptions {
        overlays: vec![overlay.0.clone()],
        ..LoadOptions::default()
    };
    let loaded = assess::validate::load(&options).expect("the generated overlay loads");
    assert!(loaded.markets.len() > GENERATED);
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function(format!("builtin+{GENERATED}-generated-markets"), |b| {
        b.iter(|| assess::validate::load(black_box(&options)).expect("load"));
    });
    group.finish();
}

fn phases(c: &mut Criterion) {
    let catalog = catalog();
    let one = subject(&catalog, "sea", "social");
    let mut group = c.benchmark_group("phase");
    group.measurement_time(Duration::from_secs(4));

    // Parse: every built-in YAML file into its typed profile (the catalog's first
    // step; merging, `extends`, validation and compiling come after).
    let files = builtin_files();
    group.bench_function("parse-all-builtin-yaml", |b| {
        b.iter(|| {
            for (kind, file) in &files {
                parse_file(kind, file);
            }
        });
    });

    // Compile: every enabled rule's CEL condition, once each (as the catalog does,
    // once per run; the load's sample check of each rule is not included).
    let rules: Vec<_> = catalog
        .rules
        .iter()
        .map(|r| (r.rule.clone(), r.file.clone(), r.line))
        .collect();
    group.bench_function(format!("compile-all-{}-rules", rules.len()), |b| {
        b.iter_batched(
            || rules.clone(),
            |rules| {
                for (rule, file, line) in rules {
                    black_box(engine::compile(rule, &file, line, 1).expect("a rule compiles"));
                }
            },
            BatchSize::SmallInput,
        );
    });

    // Prepare: a fresh session converts the market, the industry and the
    // promises for the rules (once per run and profile in the CLI) and then
    // assesses; evaluate + mix is the same on a session that has them already.
    group.bench_function("prepare+evaluate+mix", |b| {
        b.iter(|| assess(&catalog, black_box(one), options()).expect("assess"));
    });
    let session = Session::new(&catalog).expect("a session");
    assess_in(&session, one, options()).expect("assess");
    group.bench_function("evaluate+mix", |b| {
        b.iter(|| assess_in(&session, black_box(one), options()).expect("assess"));
    });

    // Mix alone: the bounded proportional split and the rounding, on the
    // assessment's own raw weights (base weight × market fit × rule factors).
    let assessed = assess(&catalog, one, options()).expect("assess");
    let raw: Vec<f64> = assessed
        .channels
        .iter()
        .map(|c| c.weight * c.fit * c.factors.iter().map(|(_, f)| f).product::<f64>())
        .collect();
    let bounds = vec![Bounds::default(); raw.len()];
    group.bench_function("mix", |b| {
        b.iter(|| {
            let exact = mix::exact_shares(black_box(&raw), black_box(&bounds)).expect("mix");
            mix::round_shares(&exact, &bounds)
        });
    });

    // Render: one assessment as the table and as JSON.
    let assessments = vec![assess(&catalog, one, options()).expect("assess")];
    let table = table_options();
    group.bench_function("render-table", |b| {
        b.iter(|| render_table(black_box(&report(&assessments)), &table));
    });
    group.bench_function("render-json", |b| {
        b.iter(|| render_json(black_box(&report(&assessments))).expect("json"));
    });
    group.finish();
}

fn one_assessment(c: &mut Criterion) {
    let catalog = catalog();
    let mut group = c.benchmark_group("assess");
    group.measurement_time(Duration::from_secs(4));
    let plain = subject(&catalog, "sea", "social");
    // A fresh session each time: what a one-assessment run does.
    group.bench_function("sea-social", |b| {
        b.iter(|| assess(&catalog, black_box(plain), options()).expect("assess"));
    });
    let product = catalog
        .products
        .get("global-rtc")
        .expect("a built-in product");
    let with_product = Subject {
        product: Some(product),
        ..plain
    };
    group.bench_function("sea-social-global-rtc", |b| {
        b.iter(|| assess(&catalog, black_box(with_product), options()).expect("assess"));
    });
    group.finish();
}

fn builtin_matrix(c: &mut Criterion) {
    let catalog = catalog();
    let markets: Vec<&Market> = catalog.markets.values().collect();
    let industries: Vec<&Industry> = catalog.industries.values().collect();
    let count = markets.len() * industries.len();
    let mut group = c.benchmark_group("matrix");
    group.throughput(Throughput::Elements(count as u64));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(6));
    group.bench_function(format!("assess-all-builtin-{count}"), |b| {
        b.iter(|| assess_all(&catalog, &markets, &industries));
    });
    let assessments = assess_all(&catalog, &markets, &industries);
    let table = table_options();
    for format in [Format::Table, Format::Json] {
        let name = format!("render-{format:?}-{count}").to_lowercase();
        group.bench_function(name, |b| {
            b.iter(|| render(format, black_box(&report(&assessments)), &table).expect("render"));
        });
    }
    group.finish();
}

fn generated(c: &mut Criterion) {
    let catalog = catalog();
    let markets = generated_markets(&catalog, GENERATED);
    let market_refs: Vec<&Market> = markets.iter().collect();
    let industries: Vec<&Industry> = catalog.industries.values().collect();
    assert_eq!(industries.len(), 6, "the built-in industries");

    // Time per assessment must stay flat as the count grows: 100, 1,000, 3,000,
    // then the full 1,000 markets × 6 industries.
    let mut group = c.benchmark_group("generated");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    for count in [100, 1_000, 3_000, GENERATED * industries.len()] {
        group.throughput(Throughput::Elements(count as u64));
        group.measurement_time(Duration::from_secs(if count > 1_000 { 10 } else { 4 }));
        group.bench_with_input(BenchmarkId::new("assess", count), &count, |b, &count| {
            b.iter(|| assess_first(&catalog, &market_refs, &industries, count));
        });
    }

    // The renderers over the same growing sets: linear, or a quadratic is hiding.
    let all = assess_all(&catalog, &market_refs, &industries);
    let table = table_options();
    for count in [100, 1_000, 3_000, all.len()] {
        group.throughput(Throughput::Elements(count as u64));
        group.measurement_time(Duration::from_secs(4));
        let slice = &all[..count];
        for format in [Format::Table, Format::Json] {
            let name = format!("render-{format:?}").to_lowercase();
            group.bench_with_input(BenchmarkId::new(name, count), &count, |b, _| {
                b.iter(|| render(format, black_box(&report(slice)), &table).expect("render"));
            });
        }
    }
    group.finish();
}

/// The `--budget` allocation on response curves, at a budget of 10^12 units
/// (the bound: well under a second).
fn allocation(c: &mut Criterion) {
    use assess::assessment::Range;
    use assess::mix::curves::{Curve, Slot, allocate};
    let curve = |cpi: f64, elasticity: f64| Curve {
        elasticity,
        ..Curve::judged(
            cpi,
            Range {
                low: cpi,
                high: cpi,
            },
            10_000.0,
            None,
        )
    };
    let slots: Vec<Slot> = [(1.0, 0.6), (3.0, 0.8), (2.0, 0.7), (5.0, 0.5)]
        .iter()
        .map(|(cpi, e)| Slot {
            curve: Some(curve(*cpi, *e)),
            proportional: 0,
            pin: None,
            min: 0,
            max: u64::MAX,
        })
        .collect();
    let total = 1_000_000_000_000_u64 * 100;
    c.bench_function("allocate 10^12 over 4 curves", |b| {
        b.iter(|| allocate(total, &slots, 0.01, false, &|m| m.to_string()));
    });
}

/// What `examples/floor.rs` does, in process: read each file and parse it
/// into a generic value.
fn floor(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let one: Vec<PathBuf> = ["sea", "id", "my", "ph", "sg", "th", "vn"]
        .iter()
        .map(|m| format!("markets/{m}.yaml"))
        .chain(
            [
                "industries/social.yaml",
                "channels.yaml",
                "promises.yaml",
                "messaging.yaml",
            ]
            .map(str::to_string),
        )
        .map(|p| root.join(p))
        .chain(yaml_in(&root.join("rules")))
        .collect();
    let all: Vec<PathBuf> = ["markets", "industries", "products", "rules"]
        .iter()
        .flat_map(|folder| yaml_in(&root.join(folder)))
        .chain(["channels.yaml", "promises.yaml", "messaging.yaml"].map(|p| root.join(p)))
        .collect();
    let parse_all = |paths: &[PathBuf]| {
        for path in paths {
            let text = std::fs::read_to_string(path).expect("a readable file");
            black_box(serde_saphyr::from_str::<serde_json::Value>(&text).expect("YAML"));
        }
    };
    let mut group = c.benchmark_group("floor");
    group.measurement_time(Duration::from_secs(4));
    group.bench_function(
        format!("parse-{}-files-of-one-assessment", one.len()),
        |b| {
            b.iter(|| parse_all(&one));
        },
    );
    group.bench_function(format!("parse-all-{}-builtin-files", all.len()), |b| {
        b.iter(|| parse_all(&all));
    });
    group.finish();
}

/// The YAML files of a folder, in name order.
fn yaml_in(folder: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("a built-in folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

criterion_group!(
    benches,
    floor,
    load,
    phases,
    one_assessment,
    builtin_matrix,
    generated,
    allocation
);
criterion_main!(benches);
