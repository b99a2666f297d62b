//! The page's theme: every colour it uses, by name (the CSS in `style.css`
//! refers to them as `%name%`), the verdict tones, and one colour per channel
//! id. A unit test checks every text colour against WCAG AA.

use super::*;

pub(super) const WHITE: &str = "#ffffff";

pub(super) const BACKDROP: &str = "#e9edf2";

pub(super) const INK: &str = "#0f172a";

pub(super) const MUTED: &str = "#475569";

pub(super) const SUBTLE: &str = "#64748b";

pub(super) const ACCENT: &str = "#1d4ed8";

pub(super) const HAIRLINE: &str = "#e2e8f0";

pub(super) const LINE: &str = "#cbd5e1";

pub(super) const WASH: &str = "#f8fafc";

pub(super) const CHIP: &str = "#f1f5f9";

pub(super) const CHIP_INK: &str = "#334155";

pub(super) const CHANGE: &str = "#6d28d9";

pub(super) const INFO_FG: &str = "#075985";

pub(super) const INFO_BG: &str = "#e0f2fe";

/// The colours of one verdict: text on a light fill (cells, badges), white on
/// a strong fill (the headline verdict), and an edge (card borders).
pub(super) struct Tone {
    fg: &'static str,
    bg: &'static str,
    strong: &'static str,
    edge: &'static str,
}

pub(super) const PASS: Tone = Tone {
    fg: "#14532d",
    bg: "#dcfce7",
    strong: "#15803d",
    edge: "#16a34a",
};

pub(super) const WARN: Tone = Tone {
    fg: "#78350f",
    bg: "#fef3c7",
    strong: "#b45309",
    edge: "#d97706",
};

pub(super) const BLOCK: Tone = Tone {
    fg: "#7f1d1d",
    bg: "#fee2e2",
    strong: "#b91c1c",
    edge: "#dc2626",
};

/// One fixed colour per channel, the same in every chart; white text on each
/// passes AA.
pub const CHANNEL_COLOURS: [(ChannelId, &str); 11] = [
    (ChannelId::PerformanceAds, "#1d4ed8"),
    (ChannelId::SocialMedia, "#c2410c"),
    (ChannelId::Creators, "#7e22ce"),
    (ChannelId::LiveHosts, "#be123c"),
    (ChannelId::LivePlatforms, "#a21caf"),
    (ChannelId::Referral, "#15803d"),
    (ChannelId::Community, "#0e7490"),
    (ChannelId::ContentSeo, "#4d7c0f"),
    (ChannelId::Brand, "#92400e"),
    (ChannelId::AppStore, "#475569"),
    (ChannelId::Partnerships, "#1e3a8a"),
];

pub fn channel_colour(id: ChannelId) -> &'static str {
    CHANNEL_COLOURS
        .iter()
        .find(|(c, _)| *c == id)
        .map_or(SUBTLE, |(_, colour)| colour)
}

/// The names the CSS template uses, and their colours.
pub(super) fn palette() -> Vec<(&'static str, &'static str)> {
    vec![
        ("white", WHITE),
        ("backdrop", BACKDROP),
        ("ink", INK),
        ("muted", MUTED),
        ("subtle", SUBTLE),
        ("accent", ACCENT),
        ("hairline", HAIRLINE),
        ("line", LINE),
        ("wash", WASH),
        ("chip", CHIP),
        ("chip-ink", CHIP_INK),
        ("change", CHANGE),
        ("info-fg", INFO_FG),
        ("info-bg", INFO_BG),
        ("pass-fg", PASS.fg),
        ("pass-bg", PASS.bg),
        ("pass-strong", PASS.strong),
        ("pass-edge", PASS.edge),
        ("warn-fg", WARN.fg),
        ("warn-bg", WARN.bg),
        ("warn-strong", WARN.strong),
        ("warn-edge", WARN.edge),
        ("block-fg", BLOCK.fg),
        ("block-bg", BLOCK.bg),
        ("block-strong", BLOCK.strong),
        ("block-edge", BLOCK.edge),
    ]
}

/// Every (text, background) pair the page sets, for the contrast test.
pub fn text_pairs() -> Vec<(String, &'static str, &'static str)> {
    let mut pairs: Vec<(String, &'static str, &'static str)> = vec![
        ("body text".into(), INK, WHITE),
        ("secondary text".into(), MUTED, WHITE),
        ("secondary text on a panel".into(), MUTED, WASH),
        ("body text on a panel".into(), INK, WASH),
        ("axis labels, separators".into(), SUBTLE, WHITE),
        ("links, eyebrow, test-first mark".into(), ACCENT, WHITE),
        ("code and tags".into(), CHIP_INK, CHIP),
        ("info severity".into(), INFO_FG, INFO_BG),
        ("change mark".into(), CHANGE, WHITE),
        ("test-plan step numbers".into(), WHITE, ACCENT),
        ("added finding mark".into(), PASS.fg, WHITE),
        ("removed finding mark".into(), BLOCK.fg, WHITE),
    ];
    for (name, t) in [("pass", &PASS), ("warn", &WARN), ("block", &BLOCK)] {
        pairs.push((format!("{name} cell"), t.fg, t.bg));
        pairs.push((format!("{name} headline"), WHITE, t.strong));
        pairs.push((format!("change mark in a {name} cell"), CHANGE, t.bg));
    }
    for (id, colour) in CHANNEL_COLOURS {
        pairs.push((format!("share on {id}"), WHITE, colour));
    }
    pairs
}

// ---------------------------------------------------------------------------
// Geometry of the charts (SVG user units).

/// The page's style sheet, its colour names replaced by the colours.
pub(super) fn css() -> String {
    let mut css = include_str!("style.css").to_string();
    for (name, colour) in palette() {
        css = css.replace(&format!("%{name}%"), colour);
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Citation;

    fn luminance(hex: &str) -> f64 {
        let hex = hex.trim_start_matches('#');
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour")) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    /// WCAG 2 contrast ratio of two sRGB colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn the_contrast_formula_matches_known_ratios() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#ffffff", "#ffffff") - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known AA threshold colour (4.54:1).
        assert!((contrast("#767676", "#ffffff") - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_text_colour_passes_wcag_aa_on_its_background() {
        let mut failures = Vec::new();
        for (what, fg, bg) in text_pairs() {
            let ratio = contrast(fg, bg);
            if ratio < 4.5 {
                failures.push(format!("{what}: {fg} on {bg} is {ratio:.2}:1"));
            }
        }
        assert!(failures.is_empty(), "below 4.5:1: {failures:#?}");
    }

    #[test]
    fn the_page_uses_no_colour_outside_the_palette() {
        let page = css();
        assert!(
            !page.contains('%') || !page.contains("%ink%"),
            "unreplaced name"
        );
        for name in palette().iter().map(|(n, _)| *n) {
            assert!(
                !page.contains(&format!("%{name}%")),
                "`%{name}%` left in the CSS"
            );
        }
        let known: Vec<String> = palette()
            .iter()
            .map(|(_, c)| c.to_string())
            .chain(CHANNEL_COLOURS.iter().map(|(_, c)| c.to_string()))
            .collect();
        let mut rest = page.as_str();
        while let Some(at) = rest.find('#') {
            let hex: String = rest[at + 1..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect();
            if hex.len() == 6 {
                let colour = format!("#{}", hex.to_lowercase());
                assert!(known.contains(&colour), "{colour} is not in the palette");
            }
            rest = &rest[at + 1..];
        }
    }

    #[test]
    fn channel_colours_cover_every_channel_once() {
        for id in CHANNEL_IDS {
            assert_eq!(
                CHANNEL_COLOURS.iter().filter(|(c, _)| *c == id).count(),
                1,
                "{id}"
            );
        }
        let mut colours: Vec<&str> = CHANNEL_COLOURS.iter().map(|(_, c)| *c).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), CHANNEL_IDS.len(), "colours are distinct");
    }

    #[test]
    fn bars_are_exactly_proportional() {
        assert_eq!(bar_length(36, MIX_SCALE), 180.0);
        assert_eq!(bar_length(0, STACK_SCALE), 0.0);
        assert_eq!(bar_length(100, STACK_SCALE), STACK_SCALE);
        assert_eq!(n(bar_length(7, 500.0)), "35");
        assert_eq!(n(12.3456), "12.346");
    }

    #[test]
    fn text_is_escaped_and_only_web_links_link() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let evil = SourceRef::from(Citation {
            title: "t".into(),
            publisher: None,
            url: Some("javascript:alert(1)".into()),
            date: "2024".into(),
            measured: None,
        });
        assert!(!source_link(&evil).contains("href"));
        let good = SourceRef::from(Citation {
            title: "t".into(),
            publisher: None,
            url: Some("https://www.example.com/a?b".into()),
            date: "2024".into(),
            measured: None,
        });
        assert!(source_link(&good).contains("href=\"https://www.example.com/a?b\""));
        assert_eq!(host("https://www.example.com/a?b"), "example.com");
    }

    #[test]
    fn labels_wrap_by_estimated_width() {
        let lines = wrap("In-product sharing and word of mouth", 120.0, 13.0, true);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), "In-product sharing and word of mouth");
        let zh = wrap("用户分享机制与口碑推荐渠道", 80.0, 13.0, false);
        assert!(zh.len() > 1 && zh.concat() == "用户分享机制与口碑推荐渠道");
    }
}
