//! Small value types shared by every profile: bilingual texts, checked numbers,
//! dates, levels and source citations.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, de};
use std::fmt;

/// A text in English and Chinese. A user's own profile may give English only;
/// Chinese output then falls back to it. Built-in profiles always give both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
}

impl Text {
    pub fn new(en: &str, zh: &str) -> Text {
        Text {
            en: en.to_string(),
            zh: Some(zh.to_string()),
        }
    }

    /// The text in `lang`, falling back to English where Chinese is missing.
    pub fn get(&self, lang: crate::Lang) -> &str {
        match (lang, &self.zh) {
            (crate::Lang::Zh, Some(zh)) => zh,
            _ => &self.en,
        }
    }
}

/// A text users read that a profile may write as one string or as `{en, zh}`
/// (evidence, notes, law names). A plain string is shown in every language.
#[derive(Debug, Clone, PartialEq)]
pub enum Prose {
    Plain(String),
    Both(Text),
}

impl Prose {
    /// The text in `lang`, falling back to English where Chinese is missing.
    pub fn get(&self, lang: crate::Lang) -> &str {
        match self {
            Prose::Plain(text) => text,
            Prose::Both(text) => text.get(lang),
        }
    }

    /// Whether a Chinese text is given (a plain string counts as English only).
    pub fn has_chinese(&self) -> bool {
        matches!(self, Prose::Both(Text { zh: Some(_), .. }))
    }
}

impl Serialize for Prose {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Prose::Plain(text) => serializer.serialize_str(text),
            Prose::Both(text) => text.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Prose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProseVisitor;
        impl<'de> de::Visitor<'de> for ProseVisitor {
            type Value = Prose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or {en, zh}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Prose, E> {
                Ok(Prose::Plain(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Prose, E> {
                Ok(Prose::Plain(v))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Prose, A::Error> {
                Text::deserialize(de::value::MapAccessDeserializer::new(map)).map(Prose::Both)
            }
        }
        deserializer.deserialize_any(ProseVisitor)
    }
}

impl JsonSchema for Prose {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Prose".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let text = generator.subschema_for::<Text>();
        schemars::json_schema!({"anyOf": [{"type": "string"}, text]})
    }
}

/// Declares a finite `f64` newtype whose deserialiser rejects values outside a range,
/// so the YAML parser reports the offending value at its location.
macro_rules! checked_number {
    ($(#[$doc:meta])* $name:ident, $expected:literal, |$v:ident| $ok:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let $v = f64::deserialize(deserializer)?;
                if $v.is_finite() && $ok {
                    Ok($name($v))
                } else {
                    Err(de::Error::custom(format!(
                        "{} is out of range; expected {}",
                        $v, $expected
                    )))
                }
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $name::schema()
            }
        }
    };
}

checked_number!(
    /// A percentage, 0 to 100.
    Percent,
    "a percentage from 0 to 100",
    |v| (0.0..=100.0).contains(&v)
);
checked_number!(
    /// A strictly positive, finite number of a sane size: speeds, latencies, costs.
    Positive,
    "a number greater than 0 and at most 1000000",
    |v| v > 0.0 && v <= 1_000_000.0
);
checked_number!(
    /// A weight or a multiplier of the channel mix: base weights, fits, rule
    /// adjustments. Bounded so that products of many stay finite and non-zero.
    Factor,
    "a number from 0.001 to 1000",
    |v| (0.001..=1000.0).contains(&v)
);

impl Percent {
    fn schema() -> schemars::Schema {
        schemars::json_schema!({"type": "number", "minimum": 0, "maximum": 100})
    }
}

impl Positive {
    fn schema() -> schemars::Schema {
        schemars::json_schema!({"type": "number", "exclusiveMinimum": 0, "maximum": 1_000_000})
    }
}

impl Factor {
    fn schema() -> schemars::Schema {
        schemars::json_schema!({"type": "number", "minimum": 0.001, "maximum": 1000})
    }
}

/// low | medium | high: audience traits, competitive intensity, confidence, trust barrier.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

/// Video resolutions a stack can sustain or a promise demands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Resolution {
    #[serde(rename = "360p")]
    P360,
    #[serde(rename = "720p")]
    P720,
    #[serde(rename = "1080p")]
    P1080,
}

impl Resolution {
    /// Vertical lines, so that rules can compare resolutions as numbers.
    pub fn lines(self) -> i64 {
        match self {
            Resolution::P360 => 360,
            Resolution::P720 => 720,
            Resolution::P1080 => 1080,
        }
    }
}

/// A date as sources give them: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
/// Ordered as text, which orders them by time (a bare year sorts first within it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct SourceDate(#[schemars(regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))] pub String);

impl SourceDate {
    pub fn parse(text: &str) -> Option<SourceDate> {
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
            [y, m, d] => {
                digits(y, 4)
                    && digits(m, 2)
                    && digits(d, 2)
                    && in_range(m, 1, 12)
                    && in_range(d, 1, days_in_month(y, m))
            }
            _ => false,
        };
        ok.then(|| SourceDate(text.to_string()))
    }

    /// The year, for age arithmetic.
    pub fn year(&self) -> i32 {
        self.0.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
    }
}

/// Days in month `m` of year `y` (both already checked to be digits).
fn days_in_month(y: &str, m: &str) -> u32 {
    let year: u32 = y.parse().unwrap_or(1);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match m.parse::<u32>().unwrap_or(1) {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn in_range(s: &str, lo: u32, hi: u32) -> bool {
    s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
}

impl fmt::Display for SourceDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SourceDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl de::Visitor<'_> for DateVisitor {
            type Value = SourceDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SourceDate, E> {
                SourceDate::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "`{v}` is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"
                    ))
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SourceDate, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SourceDate, E> {
                self.visit_str(&v.to_string())
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// Where a fact comes from. `covers` lists the fields (dotted paths inside the
/// profile) whose values this source backs; a path covers everything below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    /// The organisation that measured or issued it (Ookla, a regulator…), as a
    /// finding quotes it: "(Ookla, Mar 2023)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the source was published.
    pub date: SourceDate,
    /// When its figures were measured, where that differs from `date`; a
    /// figure's age is judged on it when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<SourceDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Prose>,
    /// In a region: the source says the facts it covers hold in every member, so
    /// they reach the region's countries (written under `members:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_wide: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<String>,
    /// The citation findings share for this source, made on first use.
    #[serde(skip)]
    #[schemars(skip)]
    pub cited: Cited,
}

/// A source's citation, made once and shared by every finding and value that
/// cites it. Not part of what the source says: every two are equal.
#[derive(Debug, Clone, Default)]
pub struct Cited(std::sync::OnceLock<std::sync::Arc<Citation>>);

impl PartialEq for Cited {
    fn eq(&self, _: &Cited) -> bool {
        true
    }
}

// What a citation says of its source: the report's `SourceRef`.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq, Hash)]
#[schemars(rename = "SourceRef")]
pub struct Citation {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: String,
    /// When the figures were measured, where that differs from `date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
}

impl Source {
    /// This source's citation, made on first use and then shared.
    pub fn citation(&self) -> std::sync::Arc<Citation> {
        std::sync::Arc::clone(self.cited.0.get_or_init(|| {
            std::sync::Arc::new(Citation {
                title: self.title.clone(),
                publisher: self.publisher.clone(),
                url: self.url.clone(),
                date: self.date.0.clone(),
                measured: self.measured.as_ref().map(|m| m.0.clone()),
            })
        }))
    }
}

impl Source {
    /// The date a figure's age is judged on: when it was measured, else published.
    pub fn as_of_date(&self) -> &SourceDate {
        self.measured.as_ref().unwrap_or(&self.date)
    }

    /// The note in English, for checks that read it.
    pub fn note_text(&self) -> &str {
        self.note.as_ref().map_or("", |n| n.get(crate::Lang::En))
    }

    /// Whether this source backs the value at `path` (a dotted path inside the profile).
    pub fn covers_path(&self, path: &str) -> bool {
        self.covers.iter().any(|c| {
            path == c || (path.starts_with(c.as_str()) && path[c.len()..].starts_with('.'))
        })
    }
}

/// Whether a source dated `date` is more than three years older than `as_of`
/// (YYYY-MM-DD). A date given as a year or a month counts from its start.
pub fn is_older_than_three_years(date: &str, as_of: &str) -> bool {
    let Some(year) = as_of.get(..4).and_then(|y| y.parse::<i32>().ok()) else {
        return false;
    };
    let threshold = format!("{:04}{}", year - 3, as_of.get(4..).unwrap_or_default());
    date < threshold.as_str()
}

impl From<&Text> for crate::i18n::Localized {
    /// A profile's text; Chinese falls back to English where a profile gives none.
    fn from(text: &Text) -> crate::i18n::Localized {
        crate::i18n::Localized::by(|lang| text.get(lang).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(SourceDate::parse("2024-02-29").is_some());
        assert!(SourceDate::parse("2023-02-29").is_none());
        assert!(SourceDate::parse("2020-02-31").is_none());
        assert!(SourceDate::parse("2020-04-31").is_none());
        assert!(SourceDate::parse("2020-12").is_some());
        assert!(SourceDate::parse("2020").is_some());
        assert!(SourceDate::parse("20-1").is_none());
    }
}
