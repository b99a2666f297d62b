//! `--results FILE`: measured channel results, as CSV (a header row, then one
//! row per market × channel × period) or YAML (a list of the same fields),
//! checked like every input: each problem names the file, line, column and
//! field, and what was expected. Spend is converted to US dollars here.

use super::files::read_user_file;
use super::positions::Positions;
use crate::diagnostics::SourceFile;
use crate::i18n::tr;
use crate::load::Catalog;
use crate::model::{ChannelId, MeasuredRow, ResultRow, Results};
use crate::money::Rate;
use anyhow::{Result, anyhow, bail};
use std::path::Path;

/// The columns of a results file, required first.
pub const COLUMNS: [&str; 9] = [
    "market", "channel", "period", "spend", "currency", "installs", "retained", "horizon",
    "revenue",
];
const REQUIRED: usize = 6;
/// The largest spend or revenue a row may state (a quadrillion units).
const MAX_AMOUNT: f64 = 1e15;
/// The most installs a row may state (a trillion): sums stay exact.
const MAX_COUNT: u64 = 1_000_000_000_000;

/// Reads and checks a results file; `rate` converts spend in its currency.
pub fn read_results(path: &Path, catalog: &Catalog, rate: Option<&Rate>) -> Result<Results> {
    if !path.exists() {
        bail!(tr(
            format!(
                "{}: no such file; expected measured results (CSV or YAML; `assess init results ID` writes a template)",
                path.display()
            ),
            format!(
                "{}：文件不存在；需要实测结果（CSV 或 YAML；`assess init results ID` 可生成模板）",
                path.display()
            )
        ));
    }
    let file = read_user_file(path)?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let located = if is_csv {
        csv_rows(&file)?
    } else {
        yaml_rows(&file)?
    };
    let mut rows = Vec::with_capacity(located.len());
    for (row, line, at) in located {
        let spend_usd = check_row(&file, &row, line, &at, catalog, rate)?;
        rows.push(MeasuredRow {
            row,
            spend_usd,
            line,
        });
    }
    check_file(&file, &rows)?;
    let horizon = rows.iter().find_map(|r| r.row.horizon.clone());
    Ok(Results {
        file: file.path.clone(),
        rows,
        horizon,
    })
}

/// Where a row's fields are written: field name → column.
type Columns = Vec<(&'static str, usize)>;

fn column_of(at: &Columns, field: &str) -> usize {
    at.iter().find(|(f, _)| *f == field).map_or(1, |(_, c)| *c)
}

fn located(
    file: &SourceFile,
    line: usize,
    column: usize,
    field: &str,
    en: String,
    zh: String,
) -> anyhow::Error {
    anyhow!(tr(
        format!("{}:{line}:{column}: `{field}`: {en}", file.path),
        format!("{}:{line}:{column}：`{field}`：{zh}", file.path)
    ))
}

fn csv_rows(file: &SourceFile) -> Result<Vec<(ResultRow, usize, Columns)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(file.text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| anyhow!("{}:1:1: {e}", file.path))?
        .clone();
    let mut index = Vec::new();
    let mut offset = 1;
    for name in &headers {
        let Some(known) = COLUMNS.iter().find(|c| **c == name) else {
            let hint = crate::suggest(name, COLUMNS.iter().copied())
                .map(|b| format!("; did you mean `{b}`?"))
                .unwrap_or_default();
            let hint_zh = crate::suggest(name, COLUMNS.iter().copied())
                .map(|b| format!("；你是不是要找 `{b}`？"))
                .unwrap_or_default();
            return Err(located(
                file,
                1,
                offset,
                name,
                format!("unknown column; expected {}{hint}", COLUMNS.join(", ")),
                format!("未知的列；可用的列：{}{hint_zh}", COLUMNS.join(", ")),
            ));
        };
        index.push(*known);
        offset += name.len() + 1;
    }
    for required in &COLUMNS[..REQUIRED] {
        if !index.contains(required) {
            return Err(located(
                file,
                1,
                1,
                required,
                format!(
                    "missing column; expected the header to name {}",
                    COLUMNS[..REQUIRED].join(", ")
                ),
                format!("缺少该列；表头必须包含 {}", COLUMNS[..REQUIRED].join(", ")),
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            anyhow!("{}:{line}:1: {e}", file.path)
        })?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let mut columns: Columns = Vec::new();
        let mut column = 1;
        let mut value = serde_json::Map::new();
        for (name, cell) in index.iter().zip(record.iter()) {
            columns.push((name, column));
            column += cell.len() + 1;
            if cell.is_empty() {
                continue;
            }
            let parsed = match *name {
                "spend" | "revenue" => cell
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .map(serde_json::Value::from),
                "installs" | "retained" => cell.parse::<u64>().ok().map(serde_json::Value::from),
                _ => Some(serde_json::Value::from(cell)),
            };
            let Some(parsed) = parsed else {
                let (en, zh) = if matches!(*name, "installs" | "retained") {
                    ("a whole number of 0 or more", "0 或更大的整数")
                } else {
                    ("a number such as 1250.50", "数字，例如 1250.50")
                };
                return Err(located(
                    file,
                    line,
                    column_of(&columns, name),
                    name,
                    format!("`{cell}` is not a number; expected {en}"),
                    format!("`{cell}` 不是数字；需要{zh}"),
                ));
            };
            value.insert((*name).to_string(), parsed);
        }
        let row: ResultRow =
            serde_json::from_value(serde_json::Value::Object(value)).map_err(|e| {
                let message = e.to_string();
                let field = COLUMNS
                    .iter()
                    .find(|c| message.contains(&format!("`{c}`")))
                    .copied()
                    .or_else(|| message.contains("variant").then_some("channel"))
                    .unwrap_or("market");
                let hint = channel_hint(&message);
                located(
                    file,
                    line,
                    column_of(&columns, field),
                    field,
                    format!("{message}{hint}"),
                    crate::i18n::parser_message(&format!("{message}{hint}"), crate::Lang::Zh),
                )
            })?;
        rows.push((row, line, columns));
    }
    Ok(rows)
}

/// "; did you mean `creators`?" for an unknown channel id.
fn channel_hint(message: &str) -> String {
    message
        .strip_prefix("unknown variant `")
        .and_then(|rest| rest.split_once('`'))
        .and_then(|(unknown, _)| {
            crate::suggest(
                unknown,
                crate::model::CHANNEL_IDS.iter().map(|c| c.as_str()),
            )
        })
        .map(|best| format!("; did you mean `{best}`?"))
        .unwrap_or_default()
}

fn yaml_rows(file: &SourceFile) -> Result<Vec<(ResultRow, usize, Columns)>> {
    let rows: Vec<ResultRow> = super::parse(file)?;
    let positions = Positions::of(&file.text);
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let columns: Columns = COLUMNS
                .iter()
                .filter_map(|c| {
                    positions
                        .find(&format!("{i}.{c}"))
                        .map(|(_, col)| (*c, col))
                })
                .collect();
            let line = positions
                .find(&format!("{i}.market"))
                .or_else(|| positions.find(&i.to_string()))
                .map_or(1, |(line, _)| line);
            let columns = COLUMNS
                .iter()
                .map(|c| {
                    let at = positions.find(&format!("{i}.{c}"));
                    (
                        *c,
                        at.map_or_else(|| column_of(&columns, c), |(_, col)| col),
                    )
                })
                .collect();
            (row, line, columns)
        })
        .collect())
}

/// One row's values: a known market, a sensible spend and counts, a currency
/// the run can convert. Returns the spend in US dollars.
fn check_row(
    file: &SourceFile,
    row: &ResultRow,
    line: usize,
    at: &Columns,
    catalog: &Catalog,
    rate: Option<&Rate>,
) -> Result<f64> {
    let err = |field: &str, en: String, zh: String| {
        located(file, line, column_of(at, field), field, en, zh)
    };
    if !catalog.market_ids.contains(&row.market) {
        let nearest = crate::suggest(&row.market, catalog.market_ids.iter().map(String::as_str));
        return Err(err(
            "market",
            format!(
                "unknown market `{}`{}; expected a market id (`assess list markets`)",
                row.market,
                nearest
                    .map(|b| format!(", did you mean `{b}`?"))
                    .unwrap_or_default()
            ),
            format!(
                "未知市场 `{}`{}；需要市场 id（`assess list markets`）",
                row.market,
                nearest
                    .map(|b| format!("，你是不是要找 `{b}`？"))
                    .unwrap_or_default()
            ),
        ));
    }
    if row.period.trim().is_empty() {
        return Err(err(
            "period",
            "empty; expected a label such as 2026-11 or 2026-W44".into(),
            "为空；需要期间标签，例如 2026-11 或 2026-W44".into(),
        ));
    }
    if !row.spend.is_finite() || row.spend < 0.0 || row.spend > MAX_AMOUNT {
        let shown = if row.spend.abs() >= 1e9 {
            format!("{:e}", row.spend)
        } else {
            row.spend.to_string()
        };
        return Err(err(
            "spend",
            format!("{shown} is not an amount; expected 0 or more, at most {MAX_AMOUNT:e}"),
            format!("{shown} 不是有效金额；需要 0 到 {MAX_AMOUNT:e} 之间的数"),
        ));
    }
    if row.installs > MAX_COUNT {
        return Err(err(
            "installs",
            format!(
                "{} is more than any test measures; expected at most {MAX_COUNT}",
                row.installs
            ),
            format!("{} 超出任何测试的规模；最多 {MAX_COUNT}", row.installs),
        ));
    }
    if let Some(retained) = row.retained {
        if retained > row.installs {
            return Err(err(
                "retained",
                format!(
                    "{retained} is more than the {} installs; expected the installs still active at the horizon",
                    row.installs
                ),
                format!(
                    "{retained} 多于安装量 {}；需要在观察期仍活跃的安装数",
                    row.installs
                ),
            ));
        }
        if row.horizon.is_none() {
            return Err(err(
                "horizon",
                "missing beside `retained`; expected when retention was measured, e.g. d7".into(),
                "有 `retained` 时必须给出；需要留存的观察期，例如 d7".into(),
            ));
        }
    }
    if let Some(horizon) = &row.horizon {
        let days = horizon
            .strip_prefix('d')
            .and_then(|d| d.parse::<u32>().ok());
        if days.is_none_or(|d| d == 0) {
            return Err(err(
                "horizon",
                format!(
                    "`{horizon}` is not a horizon; expected d followed by days, e.g. d7 or d30"
                ),
                format!("`{horizon}` 不是观察期；需要 d 加天数，例如 d7 或 d30"),
            ));
        }
    }
    if row
        .revenue
        .is_some_and(|r| !r.is_finite() || !(0.0..=MAX_AMOUNT).contains(&r))
    {
        return Err(err(
            "revenue",
            format!(
                "negative, too large or not a number; expected 0 or more, at most {MAX_AMOUNT:e}"
            ),
            format!("为负数、过大或不是数字；需要 0 到 {MAX_AMOUNT:e} 之间的数"),
        ));
    }
    let currency =
        crate::money::Currency::parse(&row.currency).map_err(|e| err("currency", e.clone(), e))?;
    if currency.code == "USD" {
        return Ok(row.spend);
    }
    match rate {
        Some(rate) if rate.currency.code == currency.code => Ok(row.spend / rate.units_per_usd),
        _ => Err(err(
            "currency",
            format!(
                "{} needs a rate to US dollars, the benchmarks' currency; expected USD, or --currency {} --rate UNITS_PER_USD",
                currency.code, currency.code
            ),
            format!(
                "{} 需要对美元的汇率（成本基准以美元计）；请用 USD，或 --currency {} --rate 每美元单位数",
                currency.code, currency.code
            ),
        )),
    }
}

/// Checks across rows: one horizon per file, no period given twice.
fn check_file(file: &SourceFile, rows: &[MeasuredRow]) -> Result<()> {
    let mut horizon: Option<&str> = None;
    for (i, r) in rows.iter().enumerate() {
        if let Some(h) = r.row.horizon.as_deref() {
            match horizon {
                Some(first) if first != h => bail!(tr(
                    format!(
                        "{}:{}:1: `horizon`: {h} differs from {first} in an earlier row; expected one retention horizon per file",
                        file.path, r.line
                    ),
                    format!(
                        "{}:{}:1：`horizon`：{h} 与前面行的 {first} 不同；每个文件只能有一个留存观察期",
                        file.path, r.line
                    )
                )),
                _ => horizon = Some(h),
            }
        }
        if let Some(earlier) = rows[..i].iter().find(|e| {
            e.row.market == r.row.market
                && e.row.channel == r.row.channel
                && e.row.period == r.row.period
        }) {
            bail!(tr(
                format!(
                    "{}:{}:1: {} × {} × {} is also on line {}; expected each market, channel and period once",
                    file.path, r.line, r.row.market, r.row.channel, r.row.period, earlier.line
                ),
                format!(
                    "{}:{}:1：{} × {} × {} 在第 {} 行已出现；每个市场、渠道和期间只能出现一次",
                    file.path, r.line, r.row.market, r.row.channel, r.row.period, earlier.line
                )
            ));
        }
    }
    Ok(())
}

/// A market id's rows grouped by channel.
pub fn by_channel<'a>(
    results: &'a Results,
    market: &'a str,
) -> std::collections::BTreeMap<ChannelId, Vec<&'a MeasuredRow>> {
    let mut out: std::collections::BTreeMap<ChannelId, Vec<&MeasuredRow>> =
        std::collections::BTreeMap::new();
    for row in results.for_market(market) {
        out.entry(row.row.channel).or_default().push(row);
    }
    out
}
