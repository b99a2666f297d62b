//! Where a resolved market value came from: the market whose profile states
//! it, the file and line, its scope, and the sources that back it.

use super::Source;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What kind of value a market shows (see `docs/data-model.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ValueScope {
    /// The market's own figure, from a source about this market (or about the
    /// country a city or narrowed profile belongs to).
    Own,
    /// A fact stated once in a region because its source says it holds in every member.
    MemberWide,
    /// One of our judgements (a fit, an audience trait, a competition level)
    /// stated for the region and applied to its countries.
    RegionalJudgement,
    /// A region's aggregate of its countries' figures (the weakest of them).
    Derived,
    /// A figure stated for the region as a whole, quoted for a country that has
    /// none of its own, by a rule whose message says so.
    Regional,
    /// Set on the command line with `--set`.
    Set,
}

impl ValueScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ValueScope::Own => "own",
            ValueScope::MemberWide => "member-wide",
            ValueScope::RegionalJudgement => "regional-judgement",
            ValueScope::Derived => "derived",
            ValueScope::Regional => "regional",
            ValueScope::Set => "set",
        }
    }
}

/// The origin of one resolved value.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub scope: ValueScope,
    /// The market whose profile states the value (the region for member-wide,
    /// judgement and derived values); shared by every value it states.
    pub market: Arc<str>,
    /// The file and position that state it (for a derived value, the country's);
    /// shared by every value the file states.
    pub file: Arc<str>,
    pub line: usize,
    pub column: usize,
    /// The file is one of the built-in profiles (its path is relative to them).
    pub builtin: bool,
    /// The sources covering the value in the profile that states it, shared
    /// with the other values they cover (a source is stored once per file).
    pub sources: Vec<Arc<Source>>,
    /// For a derived value: the countries that set it, and every country's figure.
    pub derived_from: Vec<String>,
    pub derivation: Option<String>,
    /// One of our judgements (a fit, an audience trait, a competition level),
    /// not a measured fact.
    pub judgement: bool,
}

/// The origin of every leaf value of a resolved market, by dotted path.
pub type Provenance = BTreeMap<String, Origin>;
