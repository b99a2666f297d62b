//! Money as the user gives it: an ISO 4217 currency, and an amount parsed
//! strictly into the currency's minor units (no locale guessing), so that a
//! budget splits exactly to the minor unit at every accepted amount.

/// Active ISO 4217 currency codes with their minor units (decimal places).
/// Codes not listed here (funds, metals, test codes) are not accepted.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// The largest amount accepted, in major units.
pub const MAX_AMOUNT: u64 = 1_000_000_000_000;

/// A currency the user named, with its minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    pub code: String,
    pub minor_units: u8,
}

impl Currency {
    /// An ISO 4217 code (any case), or an error that says what was expected.
    pub fn parse(text: &str) -> Result<Currency, String> {
        let code = text.trim().to_ascii_uppercase();
        if let Some((c, minor)) = CURRENCIES.iter().find(|(c, _)| *c == code) {
            Ok(Currency {
                code: (*c).to_string(),
                minor_units: *minor,
            })
        } else {
            let hint = crate::suggest(&code, CURRENCIES.iter().map(|(c, _)| *c))
                .map(|c| format!("; did you mean {c}?"))
                .unwrap_or_default();
            Err(crate::i18n::tr(
                format!(
                    "`{text}` is not an ISO 4217 currency code{hint}; expected three letters such as USD, CNY, JPY"
                ),
                format!("`{text}` 不是 ISO 4217 货币代码{hint}；需要三个字母，例如 USD、CNY、JPY"),
            ))
        }
    }

    /// One major unit in minor units (100 for USD, 1 for JPY, 1000 for KWD).
    pub fn scale(&self) -> u64 {
        10u64.pow(u32::from(self.minor_units))
    }

    /// An amount in minor units as a number in major units (exact: at most
    /// 10^15 minor units, below f64's 2^53).
    pub fn major(&self, minor: u64) -> f64 {
        minor as f64 / self.scale() as f64
    }

    /// "USD 12,345.60", "JPY 1,500", "KWD 10.250".
    pub fn format(&self, minor: u64) -> String {
        let whole = crate::text::thousands(minor / self.scale());
        match self.minor_units {
            0 => format!("{} {whole}", self.code),
            places => format!(
                "{} {whole}.{:0width$}",
                self.code,
                minor % self.scale(),
                width = usize::from(places)
            ),
        }
    }

    /// An amount in major units, as a report carries it, formatted.
    pub fn format_major(&self, amount: f64) -> String {
        self.format((amount * self.scale() as f64).round().max(0.0) as u64)
    }
}

/// `--budget` text to minor units: digits, and at most the currency's minor-unit
/// digits after one `.`; no thousands separators (`2500,50` is refused, not
/// guessed), more than 0 and at most [`MAX_AMOUNT`].
pub fn parse_amount(text: &str, currency: &Currency) -> Result<u64, String> {
    let trimmed = text.trim();
    let (whole, fraction) = trimmed.split_once('.').unwrap_or((trimmed, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let places = usize::from(currency.minor_units);
    let well_formed = digits(whole)
        && (fraction.is_empty() && !trimmed.ends_with('.')
            || (digits(fraction) && fraction.len() <= places));
    if !well_formed {
        let example = match places {
            0 => "10000".to_string(),
            n => format!("10000 or 2500.{}", "5".repeat(n)),
        };
        return Err(crate::i18n::tr(
            format!(
                "`{text}` is not an amount in {}; expected digits with at most {places} decimal(s) after a point and no separators, e.g. {example}",
                currency.code
            ),
            format!(
                "`{text}` 不是以 {} 计的金额；只能用数字，小数点后最多 {places} 位，不能有分隔符，例如 {example}",
                currency.code
            ),
        ));
    }
    let whole: u64 = whole.parse().unwrap_or(u64::MAX);
    if whole > MAX_AMOUNT || (whole == MAX_AMOUNT && fraction.bytes().any(|b| b != b'0')) {
        return Err(crate::i18n::tr(
            format!("`{text}` is more than {MAX_AMOUNT}; expected at most that"),
            format!("`{text}` 超过 {MAX_AMOUNT}；金额不能更大"),
        ));
    }
    let fraction: u64 = if places == 0 {
        0
    } else {
        format!("{fraction:0<places$}").parse().unwrap_or(0)
    };
    let total = whole * currency.scale() + fraction;
    if total == 0 {
        return Err(crate::i18n::tr(
            "the budget must be more than 0",
            "预算必须大于 0",
        ));
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse(code).expect("a known code")
    }

    #[test]
    fn amounts_parse_to_minor_units_of_their_currency() {
        let usd = currency("usd");
        assert_eq!(parse_amount("10000", &usd), Ok(1_000_000));
        assert_eq!(parse_amount("2500.5", &usd), Ok(250_050));
        assert!(parse_amount("2500,50", &usd).is_err(), "no locale guessing");
        assert!(parse_amount("1,000.25", &usd).is_err());
        assert!(
            parse_amount("1.234", &usd).is_err(),
            "beyond cents is refused, not rounded"
        );
        assert!(parse_amount("-5", &usd).is_err());
        assert!(parse_amount("0", &usd).is_err());
        assert!(parse_amount("5.", &usd).is_err());
        assert_eq!(parse_amount("1000000000000", &usd), Ok(100_000_000_000_000));
        assert!(parse_amount("1000000000000.01", &usd).is_err());
        assert!(parse_amount("99999999999999999999", &usd).is_err());
        assert_eq!(parse_amount("1500", &currency("JPY")), Ok(1500));
        assert!(parse_amount("1500.5", &currency("JPY")).is_err());
        assert_eq!(parse_amount("10.125", &currency("KWD")), Ok(10_125));
    }

    #[test]
    fn currencies_are_iso_4217_codes() {
        assert_eq!(currency("cny").code, "CNY");
        assert!(Currency::parse("").is_err());
        assert!(Currency::parse("dollars").is_err());
        assert!(Currency::parse("USX").is_err_and(|e| e.contains("did you mean")));
    }

    #[test]
    fn amounts_are_formatted_with_the_currency_s_minor_units() {
        assert_eq!(currency("USD").format(1_234_560), "USD 12,345.60");
        assert_eq!(currency("JPY").format(1500), "JPY 1,500");
        assert_eq!(currency("KWD").format(10_250), "KWD 10.250");
    }
}

/// `--rate`: how many units of a currency one US dollar buys (the user's
/// figure; no network), and optionally the date it was taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub currency: Currency,
    pub units_per_usd: f64,
    pub date: Option<String>,
}

impl Rate {
    /// `7.12` or `7.12@2026-12-01`, for `currency`.
    pub fn parse(text: &str, currency: Currency) -> Result<Rate, String> {
        let (number, date) = match text.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (text, None),
        };
        // Real rates run from about 0.3 (KWD) to about 100,000 (IRR, LBP) per
        // dollar: a figure far outside that is a typo.
        let units_per_usd = number
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|r| r.is_finite() && (1e-4..=1e7).contains(r))
            .ok_or_else(|| {
                format!(
                    "`{number}` is not a rate; expected how many {} one US dollar buys, between 0.0001 and 10,000,000, e.g. 7.12 or 7.12@2026-12-01",
                    currency.code
                )
            })?;
        let date = match date {
            None => None,
            Some(d) => Some(
                crate::model::SourceDate::parse(d.trim())
                    .filter(|d| d.0.len() == 10)
                    .map(|d| d.0)
                    .ok_or_else(|| format!("`{d}` is not a date; expected YYYY-MM-DD"))?,
            ),
        };
        Ok(Rate {
            currency,
            units_per_usd,
            date,
        })
    }

    /// One US dollar: the rate of the benchmarks' own currency.
    pub fn usd() -> Rate {
        Rate {
            currency: Currency {
                code: "USD".to_string(),
                minor_units: 2,
            },
            units_per_usd: 1.0,
            date: None,
        }
    }
}
