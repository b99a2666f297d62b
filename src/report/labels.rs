//! Every fixed word the renderers print, in English and Chinese.

use crate::Lang;
use crate::assess::Verdict;
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
