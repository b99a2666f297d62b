//! `assess rank` output: the ranking as a list that fits the terminal, the
//! versioned JSON/YAML document, CSV, Markdown and an HTML page
//! (docs/rankings.md). Every format prints every key; none prints a score.

use super::{escape, labels};
use crate::Lang;
use crate::assessment::{
    RANKING_SCHEMA_VERSION, RankKey, RankedMarket, Ranking, RankingDocument, Verdict,
};
use crate::i18n::pick;
use anyhow::Result;
use std::fmt::Write;

/// The formats `assess rank` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankFormat {
    #[default]
    Table,
    Json,
    Yaml,
    Csv,
    Markdown,
    Html,
}

impl RankFormat {
    pub const ALL: [RankFormat; 6] = [
        RankFormat::Table,
        RankFormat::Json,
        RankFormat::Yaml,
        RankFormat::Csv,
        RankFormat::Markdown,
        RankFormat::Html,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RankFormat::Table => "table",
            RankFormat::Json => "json",
            RankFormat::Yaml => "yaml",
            RankFormat::Csv => "csv",
            RankFormat::Markdown => "markdown",
            RankFormat::Html => "html",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            RankFormat::Table => {
                "Markets in order with their keys and reasons, fitted to the terminal"
            }
            RankFormat::Json => "The versioned ranking document (docs/rankings.md)",
            RankFormat::Yaml => "The same document as YAML",
            RankFormat::Csv => "One row per market with every key",
            RankFormat::Markdown => "A table for pull requests and docs",
            RankFormat::Html => {
                "One self-contained page: the order, verdicts and sizes at a glance"
            }
        }
    }

    /// Human formats follow the locale's language; machine formats stay English.
    pub fn is_human(self) -> bool {
        matches!(
            self,
            RankFormat::Table | RankFormat::Markdown | RankFormat::Html
        )
    }
}

/// How to render: the language, the terminal's width and colour, and the gate.
#[derive(Debug, Clone, Copy)]
pub struct RankOptions {
    pub lang: Lang,
    pub width: u16,
    pub color: bool,
    /// `--fail-on moved` was given: whether it tripped.
    pub gate_tripped: Option<bool>,
}

/// Renders `ranking` in `format`, with the escaping policy of that output
/// applied to every text that came from data.
pub fn render_ranking(
    format: RankFormat,
    ranking: &Ranking,
    options: &RankOptions,
) -> Result<String> {
    crate::i18n::rendering_in(options.lang, || {
        let document = |ranking| RankingDocument {
            schema_version: RANKING_SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION"),
            ranking,
            gate_tripped: options.gate_tripped,
        };
        match format {
            RankFormat::Json => {
                let mut text = serde_json::to_string_pretty(&document(ranking))?;
                text.push('\n');
                return Ok(text);
            }
            RankFormat::Yaml => return Ok(serde_saphyr::to_string(&document(ranking))?),
            _ => {}
        }
        let mut safe = ranking.clone();
        safe.map_texts(&escape::terminal);
        let text = match format {
            RankFormat::Csv => csv(&safe)?,
            RankFormat::Markdown => markdown(&safe, options.lang),
            RankFormat::Html => super::html::render_ranking_html(&safe, options.lang),
            _ => table(&safe, options),
        };
        Ok(escape::no_workflow_commands(&text).into_owned())
    })
}

pub(crate) fn order_title(ranking: &Ranking, lang: Lang) -> String {
    let industry = ranking.industry.name.get(lang);
    match &ranking.product {
        Some(p) => pick(
            lang,
            format!(
                "Markets for {} · {industry} · {} ranked",
                p.name.get(lang),
                ranking.markets.len()
            ),
            format!(
                "{} · {industry} 的市场排名 · 共 {} 个",
                p.name.get(lang),
                ranking.markets.len()
            ),
        ),
        None => pick(
            lang,
            format!("Markets for {industry} · {} ranked", ranking.markets.len()),
            format!("{industry}的市场排名 · 共 {} 个", ranking.markets.len()),
        ),
    }
}

/// "by verdict › complete › …": the order, every key named.
pub fn order_line(ranking: &Ranking, lang: Lang) -> String {
    let keys: Vec<String> = ranking
        .order
        .iter()
        .map(|k| k.name().get(lang).to_string())
        .collect();
    pick(
        lang,
        format!(
            "Order: {}; unknown figures go last, equal keys share a rank.",
            keys.join(" › ")
        ),
        format!(
            "排序依据：{}；未知数据排在后面，各项相同者并列。",
            keys.join(" › ")
        ),
    )
}

/// A market's keys on one line: "warn · incomplete (network) · 2 warn findings · …".
pub fn key_values(market: &RankedMarket, lang: Lang) -> String {
    let separator = " · ";
    RankKey::ORDER
        .iter()
        .map(|key| crate::rank::value(*key, market, lang))
        .collect::<Vec<_>>()
        .join(separator)
}

fn coloured(text: String, verdict: Verdict, color: bool) -> String {
    let code = match verdict {
        Verdict::Pass => "32",
        Verdict::Warn => "33",
        Verdict::Block => "31",
        Verdict::NotAssessed => return text,
    };
    if color {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text
    }
}

fn table(ranking: &Ranking, options: &RankOptions) -> String {
    let lang = options.lang;
    let width = usize::from(options.width);
    let wrap = |text: &str, first: &str, rest: &str| {
        super::layout::wrap(text, width, first, rest).join("\n")
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", wrap(&order_title(ranking, lang), "", ""));
    let _ = writeln!(out, "{}\n", wrap(&order_line(ranking, lang), "", ""));
    for market in &ranking.markets {
        let head = pick(
            lang,
            format!(
                "{:>2}. {} ({})",
                market.rank,
                market.market.name.get(lang),
                market.market.id
            ),
            format!(
                "{:>2}. {}（{}）",
                market.rank,
                market.market.name.get(lang),
                market.market.id
            ),
        );
        let _ = writeln!(out, "{}", wrap(&head, "", "    "));
        let keys = wrap(&key_values(market, lang), "    ", "    ");
        let verdict = labels(lang).verdict_word(market.verdict);
        let keys = match keys.split_once(verdict) {
            Some((before, after)) if options.color => format!(
                "{before}{}{after}",
                coloured(verdict.to_string(), market.verdict, true)
            ),
            _ => keys,
        };
        let _ = writeln!(out, "{keys}");
        for reason in &market.reasons {
            let _ = writeln!(out, "{}", wrap(reason.get(lang), "    - ", "      "));
        }
        if let Some(stack) = &market.stack {
            let text = pick(
                lang,
                format!("stack: {}", stack_words(stack, lang)),
                format!("技术方案：{}", stack_words(stack, lang)),
            );
            let _ = writeln!(out, "{}", wrap(&text, "    - ", "      "));
        }
    }
    if let Some(rollout) = &ranking.rollout {
        let _ = writeln!(out);
        let heading = pick(lang, "Rollout", "推广节奏");
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!("{heading}: {}", rollout.summary.get(lang)),
                "",
                "  "
            )
        );
        for wave in &rollout.waves {
            let line = format!(
                "{}: {} ({})",
                wave.name.get(lang),
                wave.markets.join(", "),
                wave.because.get(lang)
            );
            let _ = writeln!(out, "{}", wrap(&line, "  ", "    "));
        }
    }
    if let Some(comparisons) = &ranking.comparisons {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            pick(
                lang,
                "Each market against the next, key by key (the first that differs decides):",
                "逐个比较相邻市场（第一个不同的依据决定先后）："
            )
        );
        for c in comparisons {
            let decided = c.decided_by.map_or_else(
                || pick(lang, "tie", "并列").to_string(),
                |k| k.name().get(lang).to_string(),
            );
            let _ = writeln!(out, "  {} › {} ({decided})", c.above, c.below);
            for key in &c.keys {
                let line = match &key.ahead {
                    Some(ahead) => format!(
                        "{}: {} | {} → {ahead}",
                        key.key.name().get(lang),
                        key.above.get(lang),
                        key.below.get(lang)
                    ),
                    None => format!(
                        "{}: {} = {}",
                        key.key.name().get(lang),
                        key.above.get(lang),
                        key.below.get(lang)
                    ),
                };
                let _ = writeln!(out, "{}", wrap(&line, "    ", "      "));
            }
        }
    }
    if let Some(moves) = &ranking.moves {
        let _ = writeln!(out);
        if moves.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                pick(
                    lang,
                    "Since the baseline: no market moved.",
                    "与基线相比：没有市场变动名次。"
                )
            );
        }
        for step in moves {
            let _ = writeln!(out, "{}", move_line(step, lang));
        }
    }
    out
}

/// How the product's stack meets a market, in words: the fit, the figures
/// it rests on, and the rule's finding where one says so.
pub fn stack_words(stack: &crate::assessment::StackFit, lang: Lang) -> String {
    use crate::assessment::Fit;
    let ms = |x: Option<f64>| x.map_or_else(|| "?".to_string(), |v| format!("{v}"));
    let (p95, bound) = (ms(stack.p95_rtt_ms), ms(stack.max_rtt_ms));
    let fit = match (stack.fit, lang, stack.max_rtt_ms.is_some()) {
        (Fit::Local, Lang::En, true) => {
            format!("served from a local edge, p95 round trip {p95} ms within {bound} ms")
        }
        (Fit::Local, Lang::Zh, true) => {
            format!("本地边缘节点覆盖，p95往返时延 {p95} 毫秒，在 {bound} 毫秒以内")
        }
        (Fit::Local, Lang::En, false) => {
            "served from a local edge (no promise bounds latency)".to_string()
        }
        (Fit::Local, Lang::Zh, false) => "本地边缘节点覆盖（没有时延承诺）".to_string(),
        (Fit::OverPromise, Lang::En, _) => {
            format!("a local edge, but p95 round trip {p95} ms is over {bound} ms")
        }
        (Fit::OverPromise, Lang::Zh, _) => {
            format!("有本地边缘节点，但p95往返时延 {p95} 毫秒超过 {bound} 毫秒")
        }
        (Fit::LatencyUnknown, Lang::En, _) => {
            "a local edge, but no p95 round trip for this market: measure it".to_string()
        }
        (Fit::LatencyUnknown, Lang::Zh, _) => {
            "有本地边缘节点，但没有当地的p95往返时延：先测量".to_string()
        }
        (Fit::NoEdge, Lang::En, _) => "no media edge covers this market".to_string(),
        (Fit::NoEdge, Lang::Zh, _) => "没有媒体边缘节点覆盖该市场".to_string(),
        (Fit::EdgeUnknown, Lang::En, _) => "the product lists no edge regions".to_string(),
        (Fit::EdgeUnknown, Lang::Zh, _) => "产品没有列出边缘节点区域".to_string(),
        (Fit::NotRealtime, Lang::En, _) => "no real-time media to carry".to_string(),
        (Fit::NotRealtime, Lang::Zh, _) => "没有需要承载的实时音视频".to_string(),
    };
    match (&stack.quote, &stack.rule) {
        (Some(quote), Some(rule)) => pick(
            lang,
            format!("{fit} ({rule}: {})", quote.get(lang)),
            format!("{fit}（{rule}：{}）", quote.get(lang)),
        ),
        _ => fit,
    }
}

/// "br: 3 → 1", "tr: new at 4", "gb: 5 → not ranked".
pub fn move_line(step: &crate::assessment::Move, lang: Lang) -> String {
    let place = |rank: Option<usize>| {
        rank.map_or_else(
            || pick(lang, "not ranked", "未排名").to_string(),
            |r| r.to_string(),
        )
    };
    pick(
        lang,
        format!(
            "moved since the baseline: {} {} → {}",
            step.market,
            place(step.from),
            place(step.to)
        ),
        format!(
            "与基线相比名次变动：{} {} → {}",
            step.market,
            place(step.from),
            place(step.to)
        ),
    )
}

/// An enum value's id as the JSON document writes it (`after-the-stack`).
pub(crate) fn id_of(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

const CSV_HEADER: [&str; 14] = [
    "rank",
    "market",
    "verdict",
    "complete",
    "incomplete_checks",
    "blocked_by",
    "warn_findings",
    "people_online",
    "people_online_field",
    "cost_per_install_usd",
    "cost_per_install_category",
    "stack_fit",
    "wave",
    "reasons",
];

fn csv(ranking: &Ranking) -> Result<String> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    for m in &ranking.markets {
        let wave = ranking
            .rollout
            .as_ref()
            .and_then(|r| r.waves.iter().find(|w| w.markets.contains(&m.market.id)))
            .map(|w| id_of(w.id))
            .unwrap_or_default();
        let fit = m.stack.as_ref().map(|s| id_of(s.fit)).unwrap_or_default();
        let blocked: Vec<&str> = m.blocks.iter().map(|b| b.rule.as_str()).collect();
        let incomplete: Vec<&str> = m.incomplete_checks.iter().map(|c| c.as_str()).collect();
        let reasons: Vec<&str> = m.reasons.iter().map(|r| r.en.as_str()).collect();
        let cells = [
            m.rank.to_string(),
            m.market.id.clone(),
            m.verdict.as_str().to_string(),
            m.complete.to_string(),
            incomplete.join(";"),
            blocked.join(";"),
            m.warns.len().to_string(),
            m.audience
                .as_ref()
                .map(|a| a.people.to_string())
                .unwrap_or_default(),
            m.audience
                .as_ref()
                .map(|a| a.field.clone())
                .unwrap_or_default(),
            m.cost_per_install
                .as_ref()
                .map(|c| c.usd.to_string())
                .unwrap_or_default(),
            m.cost_per_install
                .as_ref()
                .map(|c| c.category.clone())
                .unwrap_or_default(),
            fit,
            wave,
            reasons.join("; "),
        ];
        writer.write_record(cells.iter().map(|c| escape::csv_cell(c)))?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn markdown(ranking: &Ranking, lang: Lang) -> String {
    let cell = |text: &str| escape::markdown(text);
    let words = labels(lang);
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", cell(&order_title(ranking, lang)));
    let _ = writeln!(out, "{}\n", cell(&order_line(ranking, lang)));
    let headers: Vec<String> = std::iter::once("#".to_string())
        .chain(std::iter::once(words.market.to_string()))
        .chain(
            RankKey::ORDER
                .iter()
                .map(|k| k.name().get(lang).to_string()),
        )
        .chain(
            ranking
                .product
                .as_ref()
                .map(|_| pick(lang, "Stack", "技术方案").to_string()),
        )
        .chain(std::iter::once(
            pick(lang, "Why here", "排名理由").to_string(),
        ))
        .collect();
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
    for m in &ranking.markets {
        // The warn findings name their rules, so each count traces back.
        let values: Vec<String> = RankKey::ORDER
            .iter()
            .map(|k| match k {
                RankKey::WarnFindings if !m.warns.is_empty() => {
                    let rules: Vec<String> = m
                        .warns
                        .iter()
                        .map(|w| match &w.item {
                            Some(item) => format!("`{}` ({})", w.rule, cell(item)),
                            None => format!("`{}`", w.rule),
                        })
                        .collect();
                    format!("{}: {}", m.warns.len(), rules.join(", "))
                }
                _ => cell(&crate::rank::value(*k, m, lang)),
            })
            .collect();
        let reasons: Vec<String> = m.reasons.iter().map(|r| cell(r.get(lang))).collect();
        let stack = m.stack.as_ref().map_or_else(String::new, |s| {
            format!(" {} |", cell(&stack_words(s, lang)))
        });
        let _ = writeln!(
            out,
            "| {} | {} (`{}`) | {} |{stack} {} |",
            m.rank,
            cell(m.market.name.get(lang)),
            m.market.id,
            values.join(" | "),
            reasons.join("<br>")
        );
    }
    let figures: Vec<String> = ranking
        .markets
        .iter()
        .flat_map(|m| {
            let people = m.audience.as_ref().map(|a| {
                format!(
                    "- `{}` {} = {}: {}{}",
                    m.market.id,
                    a.field,
                    a.people,
                    cell(a.source.as_deref().unwrap_or("?")),
                    a.measured
                        .as_ref()
                        .map_or_else(String::new, |d| format!(" ({d})"))
                )
            });
            let cost = m.cost_per_install.as_ref().map(|c| {
                format!(
                    "- `{}` channels.performance-ads.cpi.{} = {}: {}{}",
                    m.market.id,
                    c.category,
                    c.usd,
                    cell(c.source.as_deref().unwrap_or("?")),
                    c.measured
                        .as_ref()
                        .map_or_else(String::new, |d| format!(" ({d})"))
                )
            });
            people.into_iter().chain(cost)
        })
        .collect();
    if !figures.is_empty() {
        let _ = writeln!(
            out,
            "\n{}\n\n{}",
            pick(lang, "Figures and their sources:", "数据及其来源："),
            figures.join("\n")
        );
    }
    if let Some(rollout) = &ranking.rollout {
        let _ = writeln!(
            out,
            "\n**{}:** {}\n",
            pick(lang, "Rollout", "推广节奏"),
            cell(rollout.summary.get(lang))
        );
        for wave in &rollout.waves {
            let _ = writeln!(
                out,
                "- **{}:** {} ({})",
                cell(wave.name.get(lang)),
                cell(&wave.markets.join(", ")),
                cell(wave.because.get(lang))
            );
        }
    }
    if let Some(moves) = &ranking.moves {
        let _ = writeln!(out);
        for step in moves {
            let _ = writeln!(out, "- {}", cell(&move_line(step, lang)));
        }
    }
    out
}
