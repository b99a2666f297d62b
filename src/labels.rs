//! Every fixed word the renderers print, in English and Chinese.

use crate::Lang;
use crate::assessment::Verdict;
use crate::model::Check;

#[derive(serde::Serialize)]
pub struct Labels {
    pub unknown: &'static str,
    pub no_product: &'static str,
    pub verdict: &'static str,
    pub complete: &'static str,
    pub incomplete: &'static str,
    pub check: &'static str,
    pub finding_action: &'static str,
    pub nothing_found: &'static str,
    pub not_evaluated: &'static str,
    pub needs_product: &'static str,
    pub channel_mix: &'static str,
    pub mix_hint: &'static str,
    pub blocked_mix: &'static str,
    pub rank: &'static str,
    pub channel: &'static str,
    pub share: &'static str,
    pub test_first: &'static str,
    pub platforms: &'static str,
    pub why: &'static str,
    pub base_weight: &'static str,
    pub market_fit: &'static str,
    pub messaging: &'static str,
    pub no_messaging: &'static str,
    pub sources: &'static str,
    pub oldest: &'static str,
    pub details_hint: &'static str,
    pub info: &'static str,
    pub pass: &'static str,
    /// The verdict of a check that examined nothing without a product.
    pub not_assessed: &'static str,
    /// What a not-assessed check needs.
    pub not_assessed_hint: &'static str,
    pub warn: &'static str,
    pub block: &'static str,
    pub checks: [&'static str; 5],
    pub market: &'static str,
    pub industry: &'static str,
    pub product: &'static str,
    pub lead_channels: &'static str,
    pub gate: &'static str,
    pub gate_tripped: &'static str,
    pub gate_passed: &'static str,
    pub changes: &'static str,
    pub no_changes: &'static str,
    pub not_in_baseline: &'static str,
    pub verdict_moved: &'static str,
    pub finding_added: &'static str,
    pub finding_removed: &'static str,
    pub finding_changed: &'static str,
    pub share_moved: &'static str,
    pub budget: &'static str,
    pub installs: &'static str,
    pub test_plan: &'static str,
    pub test_budget: &'static str,
    pub measure: &'static str,
    pub explanation: &'static str,
    pub fired: &'static str,
    pub quiet: &'static str,
    pub not_applicable: &'static str,
    pub values: &'static str,
    pub missing: &'static str,
    pub effect: &'static str,
    pub mix_arithmetic: &'static str,
    pub proportional: &'static str,
    pub bounds: &'static str,
    pub rounded: &'static str,
    pub waived: &'static str,
    pub reason: &'static str,
    pub until: &'static str,
    pub waiver_expired: &'static str,
    pub waiver_unused: &'static str,
    pub report_title: &'static str,
    pub comparison_title: &'static str,
    pub combination: &'static str,
    pub combinations: &'static str,
    pub checks_title: &'static str,
    pub at_a_glance: &'static str,
    pub heat_map_key: &'static str,
    pub mix_by_combination: &'static str,
    pub legend: &'static str,
    pub shares_table: &'static str,
    pub changed_mark: &'static str,
    pub was: &'static str,
    pub chart_scale: &'static str,
    pub key_findings: &'static str,
    pub applies_to: &'static str,
    pub total: &'static str,
    pub benchmark: &'static str,
    pub estimate_basis: &'static str,
    pub sources_title: &'static str,
    pub date: &'static str,
    pub source: &'static str,
    pub oldest_source: &'static str,
    pub generated_by: &'static str,
    pub test_plan_title: &'static str,
    pub completeness: &'static str,
    pub none: &'static str,
}

const EN: Labels = Labels {
    unknown: "unknown",
    no_product: "no product",
    verdict: "Verdict",
    complete: "complete",
    incomplete: "incomplete",
    check: "Check",
    finding_action: "Key findings → action",
    nothing_found: "nothing found",
    not_evaluated: "unknown, not evaluated",
    needs_product: "rules need a product (--product)",
    channel_mix: "Channel mix",
    mix_hint: "test the first three cheaply in parallel, then focus",
    blocked_mix: "blocked: resolve first",
    rank: "#",
    channel: "Channel",
    share: "Share",
    test_first: "test first",
    platforms: "Platforms",
    why: "Why",
    base_weight: "base",
    market_fit: "fit",
    messaging: "Messaging",
    no_messaging: "no messaging angle suggested",
    sources: "sources",
    oldest: "oldest",
    details_hint: "--format json shows the evidence and sources of every finding",
    info: "info",
    pass: "pass",
    not_assessed: "not assessed",
    not_assessed_hint: "not assessed: give --product",
    warn: "warn",
    block: "block",
    checks: [
        "network",
        "competition",
        "deliverability",
        "compliance",
        "audience",
    ],
    market: "Market",
    industry: "Industry",
    product: "Product",
    lead_channels: "Test first",
    gate: "Gate",
    gate_tripped: "tripped",
    gate_passed: "passed",
    changes: "Changes since the baseline",
    no_changes: "no change",
    not_in_baseline: "not in the baseline",
    verdict_moved: "verdict",
    finding_added: "new finding",
    finding_removed: "finding gone",
    finding_changed: "finding changed",
    share_moved: "share",
    budget: "Budget",
    installs: "Installs (est.)",
    test_plan: "Test plan — test these cheaply in parallel, then focus on what works",
    test_budget: "test budget",
    measure: "measure",
    explanation: "Explanation",
    fired: "fired",
    quiet: "quiet",
    not_applicable: "not applicable (needs --product)",
    values: "values",
    missing: "missing",
    effect: "effect",
    mix_arithmetic: "Channel-mix arithmetic",
    proportional: "proportional",
    bounds: "bounds",
    rounded: "rounded",
    waived: "Waived (accepted on the record)",
    reason: "reason",
    until: "until",
    waiver_expired: "Expired waiver, no longer applied",
    waiver_unused: "Waiver that matched nothing",
    report_title: "Market strategy assessment",
    comparison_title: "Market strategy comparison",
    combination: "Combination",
    combinations: "combinations",
    checks_title: "The four checks",
    at_a_glance: "Verdicts at a glance",
    heat_map_key: "Colour and word both give the verdict; “incomplete” means some rules lacked data.",
    mix_by_combination: "Channel mix by combination",
    legend: "Colour legend: one fixed colour per channel",
    shares_table: "Shares by combination (%)",
    changed_mark: "changed since the baseline",
    was: "was",
    chart_scale: "bar length = share of the mix, on a 0–100% scale",
    key_findings: "Warn and block findings across the combinations",
    applies_to: "Applies to",
    total: "Total",
    benchmark: "Cost per install (benchmark)",
    estimate_basis: "Basis of the estimates",
    sources_title: "Sources",
    date: "Date",
    source: "Source",
    oldest_source: "Oldest source",
    generated_by: "Generated by",
    test_plan_title: "Test plan",
    completeness: "Completeness",
    none: "none",
};

const ZH: Labels = Labels {
    unknown: "未知",
    no_product: "未指定产品",
    verdict: "结论",
    complete: "完整",
    incomplete: "不完整",
    check: "检查项",
    finding_action: "主要发现 → 行动",
    nothing_found: "未发现问题",
    not_evaluated: "数据未知，未评估",
    needs_product: "条规则需要产品信息（--product）",
    channel_mix: "渠道组合",
    mix_hint: "先以小预算并行测试前三个渠道，再集中投入",
    blocked_mix: "已阻断：请先解决阻断项",
    rank: "#",
    channel: "渠道",
    share: "占比",
    test_first: "优先测试",
    platforms: "平台",
    why: "依据",
    base_weight: "基础权重",
    market_fit: "市场适配",
    messaging: "传播重点",
    no_messaging: "无建议的传播重点",
    sources: "条数据来源",
    oldest: "最早",
    details_hint: "--format json 可查看每项发现的证据和来源",
    info: "提示",
    pass: "通过",
    not_assessed: "未评估",
    not_assessed_hint: "未评估：请用 --product 提供产品",
    warn: "警告",
    block: "阻断",
    checks: ["网络基础", "竞品获客", "技术兑现", "合规监管", "受众"],
    market: "市场",
    industry: "行业",
    product: "产品",
    lead_channels: "优先测试",
    gate: "门禁",
    gate_tripped: "未通过",
    gate_passed: "通过",
    changes: "与基线相比的变化",
    no_changes: "无变化",
    not_in_baseline: "基线中没有此组合",
    verdict_moved: "结论",
    finding_added: "新增发现",
    finding_removed: "消失的发现",
    finding_changed: "发现有变化",
    share_moved: "占比",
    budget: "预算",
    installs: "预计安装（估算）",
    test_plan: "测试计划——先小预算并行测试这几个渠道，再把资源集中到有效的渠道",
    test_budget: "测试预算",
    measure: "衡量指标",
    explanation: "推理过程",
    fired: "已触发",
    quiet: "未触发",
    not_applicable: "不适用（需要 --product）",
    values: "取值",
    missing: "缺失",
    effect: "作用",
    mix_arithmetic: "渠道组合计算",
    proportional: "按比例",
    bounds: "约束",
    rounded: "取整后",
    waived: "已豁免（有记录的接受）",
    reason: "理由",
    until: "有效至",
    waiver_expired: "豁免已过期，不再生效",
    waiver_unused: "未匹配任何发现的豁免",
    report_title: "市场策略评估",
    comparison_title: "市场策略对比",
    combination: "组合",
    combinations: "个组合",
    checks_title: "四项检查",
    at_a_glance: "结论一览",
    heat_map_key: "颜色和文字都表示结论；“不完整”表示部分规则缺少数据。",
    mix_by_combination: "各组合的渠道组合",
    legend: "颜色图例：每个渠道固定一种颜色",
    shares_table: "各组合的渠道占比（%）",
    changed_mark: "与基线相比有变化",
    was: "原为",
    chart_scale: "条形长度 = 渠道占比（0–100%刻度）",
    key_findings: "各组合中的警告与阻断发现",
    applies_to: "适用组合",
    total: "合计",
    benchmark: "单次安装成本（基准）",
    estimate_basis: "估算依据",
    sources_title: "数据来源",
    date: "日期",
    source: "来源",
    oldest_source: "最早的数据来源",
    generated_by: "生成工具：",
    test_plan_title: "测试计划",
    completeness: "完整性",
    none: "无",
};

pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

impl Labels {
    pub fn verdict_word(&self, verdict: Verdict) -> &'static str {
        match verdict {
            Verdict::NotAssessed => self.not_assessed,
            Verdict::Pass => self.pass,
            Verdict::Warn => self.warn,
            Verdict::Block => self.block,
        }
    }

    pub fn severity_word(&self, severity: crate::model::Severity) -> &'static str {
        match severity {
            crate::model::Severity::Info => self.info,
            crate::model::Severity::Warn => self.warn,
            crate::model::Severity::Block => self.block,
        }
    }

    pub fn check_name(&self, check: Check) -> &'static str {
        let index = Check::ALL.iter().position(|c| *c == check).unwrap_or(0);
        self.checks.get(index).copied().unwrap_or(check.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(labels: &Labels) -> Vec<(String, String)> {
        let value = serde_json::to_value(labels).expect("labels serialise");
        let mut out = Vec::new();
        for (key, value) in value.as_object().into_iter().flatten() {
            match value {
                serde_json::Value::String(s) => out.push((key.clone(), s.clone())),
                serde_json::Value::Array(items) => out.extend(
                    items
                        .iter()
                        .filter_map(|i| i.as_str())
                        .map(|s| (key.clone(), s.to_string())),
                ),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn every_label_has_a_chinese_form() {
        let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        let symbols_only = ["rank"];
        for (key, zh) in words(&ZH) {
            if symbols_only.contains(&key.as_str()) {
                continue;
            }
            assert!(
                zh.chars().any(is_cjk),
                "label `{key}` has no Chinese: {zh:?}"
            );
        }
        assert_eq!(words(&EN).len(), words(&ZH).len());
    }
}
