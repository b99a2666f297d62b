//! `assess`: is a market strategy viable, and which channels should lead?
//!
//! Data flows one way: load ([`catalog`]) → validate → evaluate ([`engine`],
//! [`assess`]) → mix ([`mix`]) → render ([`report`]). The library never prints;
//! [`cli::run`] returns what the binary writes.

pub mod assess;
pub mod catalog;
pub mod cli;
pub mod engine;
pub mod mix;
pub mod model;
pub mod report;

pub use report::labels;

/// The output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    En,
    Zh,
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
    fn suggests_the_nearest_id_for_a_typo() {
        let ids = ["sea", "na", "mena"];
        assert_eq!(suggest("seaa", ids.into_iter()), Some("sea"));
        assert_eq!(suggest("mnea", ids.into_iter()), Some("mena"));
        assert_eq!(suggest("sg", ids.into_iter()), None);
        assert_eq!(suggest("completely-else", ids.into_iter()), None);
    }
}
