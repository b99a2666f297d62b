//! Waivers: a finding accepted on the record, by rule id, optionally only in some
//! markets, always with a reason and optionally until a date.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule whose findings are waived.
    pub rule: String,
    /// Only in these markets (a region covers its countries); everywhere when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markets: Option<Vec<String>>,
    /// Why the finding is accepted: mandatory, shown wherever the waiver applies.
    pub reason: String,
    /// The last day the waiver applies (YYYY-MM-DD); judged against `--as-of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<super::SourceDate>,
}

impl Waiver {
    /// Expired when `until` is before `as_of` (both YYYY-MM-DD; a shorter date
    /// means the end of that month or year).
    pub fn expired(&self, as_of: &str) -> bool {
        self.until.as_ref().is_some_and(|until| {
            let end = match until.0.len() {
                4 => format!("{}-12-31", until.0),
                7 => format!("{}-31", until.0),
                _ => until.0.clone(),
            };
            end.as_str() < as_of
        })
    }
}
