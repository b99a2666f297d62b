//! A real browser opens the HTML reports: headless Chromium renders the single
//! report and the 3 × 3 batch report to screenshots, and the screenshots must
//! exist and not be blank (decoded, their pixels are not all one colour, and
//! the verdict colours of the page are on them).
//!
//! Runs on its own with `cargo test --test browser`. `.ci/run` installs
//! Debian's `chromium` when it is missing; without `chromium` (or
//! `chromium-browser`) on PATH the test says so on stderr and passes. To keep
//! the screenshots: `ASSESS_SCREENSHOTS=<folder> cargo test --test browser`.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(120);
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 1600;

fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// A new, empty folder of our own.
fn fresh_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "assess-browser-{}-{nanos}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("create a temp dir");
    dir
}

fn report(args: &[&str]) -> String {
    let mut cmd = Command::cargo_bin("assess").expect("the assess binary is built");
    for var in crate::common::MACHINE_VARIABLES {
        cmd.env_remove(var);
    }
    let output = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--format", "html"])
        .output()
        .expect("assess runs");
    assert!(
        output.status.success(),
        "assess {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Renders `page` headless to `png`, with a fresh profile, under a timeout.
fn screenshot(browser: &Path, page: &Path, png: &Path, profile: &Path) {
    let mut child = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={WIDTH},{HEIGHT}"))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the browser starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the browser") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} did not finish {} within {TIMEOUT:?}",
                browser.display(),
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        let _ = pipe.read_to_string(&mut stderr);
    }
    assert!(
        status.success(),
        "{} exited with {status} on {}: {stderr}",
        browser.display(),
        page.display()
    );
    assert!(
        png.is_file(),
        "no screenshot at {} ({stderr})",
        png.display()
    );
}

/// The screenshot's pixels as RGB.
fn pixels(png: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::fs::File::open(png).expect("open the screenshot");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let bytes = &buf[..info.buffer_size()];
    let step = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Indexed => panic!("indexed colour after EXPAND"),
    };
    let pixels = bytes
        .chunks_exact(step)
        .map(|p| {
            if step >= 3 {
                [p[0], p[1], p[2]]
            } else {
                [p[0]; 3]
            }
        })
        .collect();
    (info.width, info.height, pixels)
}

fn hex(colour: &str) -> [u8; 3] {
    let channel = |i: usize| u8::from_str_radix(&colour[i..i + 2], 16).expect("hex");
    [channel(1), channel(3), channel(5)]
}

/// Asserts the screenshot is a rendered page: the window's size, many colours
/// rather than one, and some of the page's own colours on it.
fn assert_rendered(png: &Path, expected_colours: &[&str]) {
    let (width, height, pixels) = pixels(png);
    assert_eq!((width, height), (WIDTH, HEIGHT), "{}", png.display());
    let first = pixels[0];
    assert!(
        pixels.iter().any(|p| *p != first),
        "{} is blank: every pixel is {first:?}",
        png.display()
    );
    let mut counts = std::collections::HashMap::new();
    for p in &pixels {
        *counts.entry(*p).or_insert(0usize) += 1;
    }
    let dominant = counts.values().copied().max().unwrap_or(0);
    let other = pixels.len() - dominant;
    assert!(
        other * 50 > pixels.len(),
        "{}: only {other} of {} pixels differ from the background",
        png.display(),
        pixels.len()
    );
    assert!(
        counts.len() > 32,
        "{}: {} colours",
        png.display(),
        counts.len()
    );
    let near = |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 8);
    for colour in expected_colours {
        let want = hex(colour);
        let found = counts
            .iter()
            .filter(|(p, _)| near(**p, want))
            .map(|(_, n)| n)
            .sum::<usize>();
        assert!(
            found > 100,
            "{}: the page's {colour} is not on the screen ({found} pixels)",
            png.display()
        );
    }
}

#[test]
fn chromium_renders_the_single_and_the_batch_report() {
    let Some(browser) = browser() else {
        // Straight to stderr, past the test harness's capture, so it shows.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: no chromium on PATH (install Debian's `chromium` to run this test; .ci/run does)"
        );
        return;
    };
    let dir = fresh_dir("reports");
    let cases: [(&str, Vec<&str>, &[&str]); 2] = [
        (
            "single",
            vec!["--market", "sea", "--industry", "social"],
            // The headline warn verdict and a warn badge.
            &["#b45309", "#fef3c7"],
        ),
        (
            "batch",
            vec![
                "--market",
                "sea,na,mena",
                "--industry",
                "social,education,live-streaming",
            ],
            // Heat-map cells: block and warn overall, pass and warn checks.
            &["#b91c1c", "#b45309", "#dcfce7", "#fef3c7"],
        ),
    ];
    for (name, args, colours) in cases {
        let page = dir.join(format!("{name}.html"));
        std::fs::write(&page, report(&args)).expect("write the report");
        let png = dir.join(format!("{name}.png"));
        let profile = fresh_dir(&format!("profile-{name}"));
        screenshot(&browser, &page, &png, &profile);
        assert_rendered(&png, colours);
        // To look at them: ASSESS_SCREENSHOTS=<folder> cargo test --test browser
        if let Some(keep) = std::env::var_os("ASSESS_SCREENSHOTS") {
            let keep = PathBuf::from(keep);
            std::fs::create_dir_all(&keep).expect("create ASSESS_SCREENSHOTS");
            std::fs::copy(&png, keep.join(format!("{name}.png"))).expect("keep the screenshot");
        }
        eprintln!("{name}: {} rendered to {}", page.display(), png.display());
        let _ = std::fs::remove_dir_all(&profile);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether fontconfig knows a font with Chinese glyphs.
fn cjk_font_installed() -> bool {
    std::process::Command::new("fc-list")
        .arg(":lang=zh")
        .output()
        .is_ok_and(|o| o.status.success() && !o.stdout.is_empty())
}

#[test]
fn a_chinese_report_renders_glyphs_not_boxes_when_a_cjk_font_is_installed() {
    use std::io::Write;
    let Some(browser) = browser() else {
        let _ = writeln!(std::io::stderr(), "skipped: no chromium on PATH");
        return;
    };
    if !cjk_font_installed() {
        let _ = writeln!(
            std::io::stderr(),
            "skipped: no CJK font (`fc-list :lang=zh` is empty; .ci/run installs fonts-wqy-microhei)"
        );
        return;
    }
    // The Chinese report's own stylesheet and font stack, around a line of
    // Chinese and around a line of private-use characters that no font has:
    // those render as boxes, so a Chinese line that looks the same is boxes too.
    let page = report(&["--market", "sea", "--industry", "social", "--lang", "zh"]);
    let style = page
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(style, _)| style)
        .expect("the report has a stylesheet");
    let dir = fresh_dir("cjk");
    let render = |name: &str, text: &str| {
        let html = dir.join(format!("{name}.html"));
        std::fs::write(
            &html,
            format!(
                "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><style>{style}</style></head><body><p style=\"font-size:64px;margin:40px\">{text}</p></body></html>"
            ),
        )
        .expect("write the page");
        let png = dir.join(format!("{name}.png"));
        let profile = fresh_dir(&format!("profile-{name}"));
        screenshot(&browser, &html, &png, &profile);
        let _ = std::fs::remove_dir_all(&profile);
        pixels(&png).2
    };
    let chinese = render("chinese", "市场评估结论");
    let boxes = render("boxes", "\u{e000}\u{e001}\u{e002}\u{e003}\u{e004}\u{e005}");
    let differing = chinese.iter().zip(&boxes).filter(|(a, b)| a != b).count();
    assert!(
        differing > 2_000,
        "the Chinese line renders like characters without glyphs (boxes): {differing} pixels differ"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
