//! `assess`: is a market strategy viable, and which channels should lead?
//!
//! Data flows one way, one folder per stage: [`load`] → [`validate`] →
//! [`evaluate`] → [`mix`] → [`render`], sequenced by [`pipeline`]; [`cli`]
//! turns arguments into a request. The stages share the profile types
//! ([`model`]), the result contract ([`assessment`]), the texts of both
//! languages ([`i18n`]) and [`diagnostics`]; no module imports from
//! a later stage (docs/architecture.md). The library never prints: [`cli::run`]
//! returns what the binary writes.

// Shared by every stage.
pub mod assessment;
pub mod diagnostics;
pub mod i18n;
pub mod model;
pub mod money;
pub mod text;

// The stages, in the order data flows.
pub mod cli;
pub mod evaluate;
pub mod load;
pub mod mix;
pub mod pipeline;
pub mod rank;
pub mod render;
pub mod validate;

pub use i18n::labels;

/// The output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language's code: `--lang`, HTML's `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((seconds / 86_400) as i64)
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The closest of `candidates` to `input`, if one is close enough to be a typo.
pub fn suggest<'a>(input: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(input, c), c))
        .filter(|(distance, c)| *distance <= 1.max(c.chars().count() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_785), "2026-11-28");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn suggests_the_nearest_id_for_a_typo() {
        let ids = ["sea", "na", "mena"];
        assert_eq!(suggest("seaa", ids.into_iter()), Some("sea"));
        assert_eq!(suggest("mnea", ids.into_iter()), Some("mena"));
        assert_eq!(suggest("sg", ids.into_iter()), None);
        assert_eq!(suggest("completely-else", ids.into_iter()), None);
    }
}
