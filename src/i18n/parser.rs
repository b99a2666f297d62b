//! The parser's messages (serde's and our value checks') in the language of
//! the run: serde writes English, so a Chinese run rewrites its fixed phrases
//! and keeps what it quotes (field names, values, lists) as they are.

use crate::Lang;

/// serde's fixed phrases and ours, in the order they are rewritten; the first
/// of a pair is matched in the English message.
const PHRASES: [(&str, &str); 29] = [
    ("invalid floating point", "不是有效的数字"),
    ("invalid u8", "不是有效的整数"),
    ("unknown field ", "未知字段 "),
    ("unknown variant ", "未知取值 "),
    (", expected one of ", "，可选："),
    (", there are no fields", "，此处不接受任何字段"),
    ("missing field ", "缺少字段 "),
    ("duplicate field ", "重复的字段 "),
    ("invalid type: ", "类型不对："),
    ("invalid value: ", "取值不对："),
    (" is out of range; expected ", " 超出范围；需要"),
    (
        "the range is out of order; expected low ≤ mid ≤ high",
        "区间顺序不对；需要 low ≤ mid ≤ high",
    ),
    ("; did you mean ", "；你是不是要找 "),
    (" was renamed to ", " 已改名为 "),
    (" was split: write ", " 已拆分：请写 "),
    (", expected ", "，需要"),
    ("; expected ", "；需要"),
    ("a percentage from 0 to 100", "0 到 100 的百分比"),
    (
        "a number greater than 0 and at most 1000000",
        "大于 0 且不超过 1000000 的数",
    ),
    ("a whole number from 0 to 255", "0 到 255 的整数"),
    ("`field: value` lines", "`field: value` 形式的行"),
    (
        "a list (`- item` lines or `[a, b]`)",
        "列表（`- item` 行或 `[a, b]`）",
    ),
    ("a number", "数字"),
    ("a string", "字符串"),
    ("a sequence", "列表"),
    ("a boolean", "布尔值（true 或 false）"),
    ("a map", "映射（`field: value`）"),
    ("string ", "字符串 "),
    ("integer ", "整数 "),
];

/// `message` in `lang`: as it is in English; in Chinese with the fixed
/// phrases rewritten and the sentence ending in full-width punctuation.
pub fn parser_message(message: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return message.to_string();
    }
    let mut out = message.to_string();
    for (en, zh) in PHRASES {
        out = out.replace(en, zh);
    }
    if let Some(stripped) = out.strip_suffix('?') {
        out = format!("{stripped}？");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_field_reads_in_chinese_with_its_names_kept() {
        assert_eq!(
            parser_message(
                "unknown field `mobile_download_mbsp`, expected one of mobile_download_mbps, idle_latency_ms; did you mean `mobile_download_mbps`?",
                Lang::Zh
            ),
            "未知字段 `mobile_download_mbsp`，可选：mobile_download_mbps, idle_latency_ms；你是不是要找 `mobile_download_mbps`？"
        );
    }

    #[test]
    fn types_and_ranges_read_in_chinese() {
        assert_eq!(
            parser_message("invalid type: string \"fast\", expected a number", Lang::Zh),
            "类型不对：字符串 \"fast\"，需要数字"
        );
        assert_eq!(
            parser_message(
                "-3 is out of range; expected a percentage from 0 to 100",
                Lang::Zh
            ),
            "-3 超出范围；需要0 到 100 的百分比"
        );
        assert_eq!(
            parser_message("missing field `id`", Lang::Zh),
            "缺少字段 `id`"
        );
    }

    #[test]
    fn english_is_left_as_it_is() {
        let message = "missing field `id`";
        assert_eq!(parser_message(message, Lang::En), message);
    }
}
