//! `assess show KIND ID` prints a resolved profile (after `extends`, overlays and
//! `--set`) as YAML with its sources; `assess init KIND ID` prints a commented
//! template that loads as it is.

use super::{InitKind, ShowKind};
use crate::load::overrides::Override;
use crate::load::{Catalog, unknown_id};
use crate::pipeline;
use anyhow::{Result, bail};

pub fn show(
    catalog: &Catalog,
    kind: ShowKind,
    id: &str,
    set: &[String],
    as_of: &str,
) -> Result<String> {
    let overrides = set
        .iter()
        .map(|text| Override::parse(text))
        .collect::<Result<Vec<_>>>()?;
    let yaml = match kind {
        ShowKind::Market => {
            let market = pipeline::market(catalog, id, &overrides, as_of)?;
            format!("{}{}", serde_saphyr::to_string(&market)?, origins(&market))
        }
        ShowKind::Industry => {
            serde_saphyr::to_string(&pipeline::industry(catalog, id, &overrides, as_of)?)?
        }
        ShowKind::Product => {
            serde_saphyr::to_string(&pipeline::product(catalog, id, &overrides, as_of)?)?
        }
        ShowKind::Channel => {
            let channel = crate::model::ChannelId::parse(id)
                .and_then(|c| catalog.channels.get(&c))
                .ok_or_else(|| {
                    let known: Vec<String> = catalog
                        .channels
                        .keys()
                        .map(std::string::ToString::to_string)
                        .collect();
                    unknown_id("channel", id, known.iter())
                })?;
            serde_saphyr::to_string(channel)?
        }
        ShowKind::Rule => {
            let Some(rule) = catalog.rules.iter().find(|r| r.rule.id == id) else {
                if catalog.disabled_rules.iter().any(|d| d == id) {
                    bail!("rule `{id}` is disabled by an overlay");
                }
                let known: Vec<String> = catalog.rules.iter().map(|r| r.rule.id.clone()).collect();
                return Err(unknown_id("rule", id, known.iter()));
            };
            format!(
                "# {}:{}\n{}",
                rule.file,
                rule.line,
                serde_saphyr::to_string(&rule.rule)?
            )
        }
    };
    Ok(yaml)
}

/// Where each value of a resolved market comes from, as YAML comments (the
/// output still loads): scope, the market that states it, file and line, and
/// the source that covers it.
fn origins(market: &crate::model::Market) -> String {
    let mut out =
        String::from("# Where each value comes from (scope, stated by, file:line, source):\n");
    for (path, origin) in &market.provenance {
        let source = origin
            .sources
            .first()
            .map(|s| {
                format!(
                    "; {} ({})",
                    s.publisher.as_deref().unwrap_or(&s.title),
                    s.as_of_date()
                )
            })
            .unwrap_or_default();
        let derived = origin
            .derivation
            .as_ref()
            .map(|d| format!("; derived from {d}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "#   {path}: {}, {}, {}:{}{source}{derived}\n",
            origin.scope.as_str(),
            origin.market,
            origin.file,
            origin.line
        ));
    }
    out
}

pub fn init(kind: InitKind, id: &str, lang: crate::Lang) -> Result<String> {
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        || id.is_empty()
    {
        bail!("`{id}` is not a valid id; expected lowercase kebab-case, e.g. my-market");
    }
    let pick = |en, zh| crate::i18n::pick(lang, en, zh);
    let template = match kind {
        InitKind::Market => pick(MARKET, MARKET_ZH),
        InitKind::Product => pick(PRODUCT, PRODUCT_ZH),
        InitKind::Rule => {
            if !id.contains('.') {
                bail!(
                    "`{id}` is not a rule id; expected <check>.<name>, e.g. network.high-latency"
                );
            }
            pick(RULE, RULE_ZH)
        }
        InitKind::Results => pick(RESULTS, RESULTS_ZH),
    };
    Ok(template.replace("{ID}", id))
}

const RESULTS: &str = r"# Measured results of a channel test, for
#   assess --market {ID} --industry social --results results.yaml --budget 10000
# One row per market × channel × period. The same columns work as CSV (a header
# row: market,channel,period,spend,currency,installs,retained,horizon,revenue).
# Spend not in USD needs --currency CODE --rate UNITS_PER_USD.
# `retained` (optional) counts the installs still active at `horizon` (one
# horizon per file, e.g. d7). Replace the example numbers with your own.
- market: {ID}
  channel: creators         # `assess list channels` shows the ids
  period: 2026-11           # any label: a month, a week (2026-W44)
  spend: 1500
  currency: USD
  installs: 900
  retained: 270             # active on day 7
  horizon: d7
- market: {ID}
  channel: performance-ads
  period: 2026-11
  spend: 1500
  currency: USD
  installs: 1100
  retained: 220
  horizon: d7
";

const RESULTS_ZH: &str = r"# 渠道测试的实测结果，用法：
#   assess --market {ID} --industry social --results results.yaml --budget 10000
# 每行对应一个市场 × 渠道 × 期间。CSV 用同样的列（表头：
# market,channel,period,spend,currency,installs,retained,horizon,revenue）。
# 花费不是美元时，需要 --currency CODE --rate 每美元单位数。
# `retained`（可选）是在 `horizon` 时仍活跃的安装数（每个文件只能有一个观察期，
# 例如 d7）。请把示例数字换成你自己的。
- market: {ID}
  channel: creators         # 渠道 id 见 `assess list channels`
  period: 2026-11           # 任意标签：月份或周（2026-W44）
  spend: 1500
  currency: USD
  installs: 900
  retained: 270             # 第 7 天仍活跃
  horizon: d7
- market: {ID}
  channel: performance-ads
  period: 2026-11
  spend: 1500
  currency: USD
  installs: 1100
  retained: 220
  horizon: d7
";

const MARKET: &str = r#"# A market profile. Save it as markets/{ID}.yaml in a folder and use it with
#   assess --profiles <folder> --market {ID} --industry social
# Every fact may be left out: absent means unknown, and the report says so.
# Give each fact a source below (title, url, date, and the fields it covers).
id: {ID}
name: {en: "{ID}", zh: "{ID}"}   # shown in reports; give both languages
kind: country                    # region | country
extends: sea                     # the region it belongs to; its own facts are never taken from it
network:
  # Ookla median mobile download, Mbps
  mobile_download_mbps: 40
  # median idle latency on mobile (Ookla), ms
  idle_latency_ms: 30
  # share of mobile internet users on 3G-only or feature phones, %
  legacy_devices_pct: 20
devices:
  low_end_installed_pct: 35          # low-end phones among those in use, %
channels:                        # how well a channel works here; fit 1.0 is neutral
  creators: {fit: 1.2, evidence: "why you think so", platforms: [TikTok, YouTube]}
compliance:                      # national rules: none | sectoral | conditional | copy | strict
  data_localization: none
  cross_border_transfer: contracts   # free | contracts | consent | approval
  registration_required: false
  content_moderation: moderate       # light | moderate | strict
  minor_consent_age: 13
sources:
  - title: "Where the figures come from"
    url: "https://example.com/your-source"
    date: 2026-01                    # YYYY, YYYY-MM or YYYY-MM-DD
    note: "say how each figure was read or derived"
    covers: [network, devices, channels.creators.platforms, compliance]
"#;

const PRODUCT: &str = r#"# A product profile: what your marketing promises and what your stack delivers.
#   assess --market sea --product {ID}.yaml
id: {ID}
name: {en: "{ID}", zh: "{ID}"}
industry: social                 # used when --industry is not given
promises: [hd-video, instant-connect]   # promise ids: `assess list promises` shows them
capabilities:
  edge_regions: [sea, na]        # market ids with media servers; a region covers its countries
  p95_rtt_ms: {sea: 120, na: 90}   # measured p95 round-trip time by market, ms
  packet_loss_tolerance_pct: 20  # loss the stack survives while keeping its promises, %
  max_resolution: 1080p          # 360p | 720p | 1080p
  low_end_devices: true          # runs well on low-end phones
  data_residency: [sea]          # market ids where user data can stay
  content_moderation: true       # user content is moderated
  age_assurance: true            # ages are checked and parents asked where needed
target_cpi_usd: 1.5              # the cost per install you can afford, USD
strengths: [technology]          # technology | regional-familiarity | product-innovation
constraints:                     # share bounds per channel, %
  referral: {min_pct: 10, max_pct: 40}
"#;

const RULE: &str = r#"# A rule. Put it in rules/<check>.yaml (the check is the part of the id before the dot)
# in a profiles folder, and run with --profiles <folder>.
- id: {ID}
  # A CEL condition over market, industry, product, local, promises
  # (and channel or promise with for_each). A missing figure leaves the rule
  # not evaluated; reading product or local needs --product.
  when: size(industry.realtime.media) > 0 && market.network.idle_latency_ms > 80
  severity: warn                 # info | warn | block
  message:                       # {dotted.path} quotes a value; [..] drops out if it is unknown
    en: "Median mobile latency is {market.network.idle_latency_ms} ms"
    zh: "移动网络时延中位数为{market.network.idle_latency_ms}毫秒"
  action:
    en: "Deploy media servers in-country"
    zh: "在当地部署媒体服务器"
  adjust: {performance-ads: 0.9}   # multiply channel weights when the rule fires (`assess list channels`)
  messaging: [set-expectations]    # angle ids: `assess list messaging` shows them
  refs: ["where the threshold comes from"]
"#;

const MARKET_ZH: &str = r#"# 市场档案。保存为某个文件夹中的 markets/{ID}.yaml，然后这样使用：
#   assess --profiles <文件夹> --market {ID} --industry social
# 每项数据都可以不写：不写即为未知，报告会注明。
# 请在下方为每项数据注明来源（标题、链接、日期及其覆盖的字段）。
id: {ID}
name: {en: "{ID}", zh: "{ID}"}   # 报告中显示的名称；请给出中英文
kind: country                    # region（区域）| country（国家）
extends: sea                     # 所属区域；本市场自己的数据绝不从区域继承
network:
  # Ookla 移动网络下载速率中位数，Mbps
  mobile_download_mbps: 40
  # 移动网络空闲时延中位数（Ookla），毫秒
  idle_latency_ms: 30
  # 仍在使用仅支持 3G 的手机或功能机的移动互联网用户占比，%
  legacy_devices_pct: 20
devices:
  low_end_installed_pct: 35          # 在用手机中低端机的占比，%
channels:                        # 各渠道在此市场的适配度；1.0 为中性
  creators: {fit: 1.2, evidence: "你这样判断的理由", platforms: [TikTok, YouTube]}
compliance:                      # 本国规定：none | sectoral | conditional | copy | strict
  data_localization: none
  cross_border_transfer: contracts   # free | contracts | consent | approval
  registration_required: false
  content_moderation: moderate       # light | moderate | strict
  minor_consent_age: 13
sources:
  - title: "数据出处"
    url: "https://example.com/your-source"
    date: 2026-01                    # YYYY、YYYY-MM 或 YYYY-MM-DD
    note: "说明每项数据是如何读取或推算的"
    covers: [network, devices, channels.creators.platforms, compliance]
"#;

const PRODUCT_ZH: &str = r#"# 产品档案：你的营销承诺了什么，你的技术方案能做到什么。
#   assess --market sea --product {ID}.yaml
id: {ID}
name: {en: "{ID}", zh: "{ID}"}
industry: social                 # 未指定 --industry 时使用
promises: [hd-video, instant-connect]   # 承诺的 id：`assess list promises` 可列出
capabilities:
  edge_regions: [sea, na]        # 部署了媒体服务器的市场 id；区域涵盖其下各国
  p95_rtt_ms: {sea: 120, na: 90}   # 各市场实测的 p95 往返时延，毫秒
  packet_loss_tolerance_pct: 20  # 在兑现承诺的前提下能承受的丢包率，%
  max_resolution: 1080p          # 360p | 720p | 1080p
  low_end_devices: true          # 在低端机上运行流畅
  data_residency: [sea]          # 用户数据可以留存在当地的市场 id
  content_moderation: true       # 对用户内容进行审核
  age_assurance: true            # 核验年龄，并在需要时征得家长同意
target_cpi_usd: 1.5              # 你能承受的单次安装成本，美元
strengths: [technology]          # technology | regional-familiarity | product-innovation
constraints:                     # 各渠道占比的上下限，%
  referral: {min_pct: 10, max_pct: 40}
"#;

const RULE_ZH: &str = r#"# 一条规则。放进某个档案文件夹的 rules/<检查项>.yaml（检查项是 id 中点号之前的部分），
# 并用 --profiles <文件夹> 运行。
- id: {ID}
  # 基于 market、industry、product、local、promises 的 CEL 条件
  # （配合 for_each 还可读取 channel 或 promise）。缺少数据时规则不做评估；
  # 读取 product 或 local 需要 --product。
  when: size(industry.realtime.media) > 0 && market.network.idle_latency_ms > 80
  severity: warn                 # info | warn | block
  message:                       # {点分路径} 引用一个值；[..] 中的值未知时整段省略
    en: "Median mobile latency is {market.network.idle_latency_ms} ms"
    zh: "移动网络时延中位数为{market.network.idle_latency_ms}毫秒"
  action:
    en: "Deploy media servers in-country"
    zh: "在当地部署媒体服务器"
  adjust: {performance-ads: 0.9}   # 规则触发时调整渠道权重的倍数（`assess list channels`）
  messaging: [set-expectations]    # 传播角度的 id：`assess list messaging` 可列出
  refs: ["阈值出处"]
"#;
