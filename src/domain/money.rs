//! Money as integer minor units with an ISO currency code. Never floating point.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 code, three upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const CNY: Currency = Currency(*b"CNY");
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const JPY: Currency = Currency(*b"JPY");

    pub fn new(code: &str) -> Result<Currency, MoneyError> {
        let b = code.trim().as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic) {
            Ok(Currency([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase(), b[2].to_ascii_uppercase()]))
        } else {
            Err(MoneyError::Currency(code.to_string()))
        }
    }

    pub fn code(&self) -> &str {
        // Invariant: constructed only from ASCII letters, so always valid UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point for this currency.
    pub fn exponent(self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"VND" | b"CLP" | b"ISK" => 0,
            _ => 2,
        }
    }

    pub fn symbol(self) -> &'static str {
        match &self.0 {
            b"CNY" => "¥",
            b"USD" => "$",
            b"EUR" => "€",
            b"GBP" => "£",
            b"JPY" => "JP¥",
            _ => "",
        }
    }

    fn from_symbol(s: &str) -> Option<Currency> {
        Some(match s {
            "¥" | "￥" | "RMB" | "CN¥" => Currency::CNY,
            "$" | "US$" => Currency::USD,
            "€" => Currency::EUR,
            "£" => Currency(*b"GBP"),
            "JP¥" => Currency::JPY,
            _ => return None,
        })
    }

    fn scale(self) -> i64 {
        10_i64.pow(self.exponent())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::new(&s).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("'{0}' is not a currency code (expected three letters such as CNY or USD)")]
    Currency(String),
    #[error("'{0}' is not an amount (expected e.g. 120000, 120,000.50, ¥120k, 1.2m, 12万)")]
    Amount(String),
    #[error("'{0}' is too large an amount")]
    Overflow(String),
    #[error("'{0}' has more decimals than {1} allows")]
    Precision(String, Currency),
}

/// An amount of money: integer minor units plus the currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub fn from_major(major: i64, currency: Currency) -> Money {
        Money { minor: major.saturating_mul(currency.scale()), currency }
    }

    /// Parses `¥120,000`, `120000.50`, `$1,200`, `¥120k`, `1.2m`, `12万`, `-300`.
    /// A currency symbol in the text wins over `default`.
    pub fn parse(text: &str, default: Currency) -> Result<Money, MoneyError> {
        let bad = || MoneyError::Amount(text.to_string());
        let mut s = text.trim();
        let negative = s.starts_with('-');
        if negative {
            s = s[1..].trim_start();
        }
        // Leading symbol or trailing/leading ISO code.
        let mut currency = default;
        for sym in ["CN¥", "JP¥", "US$", "RMB", "¥", "￥", "$", "€", "£"] {
            if let Some(rest) = s.strip_prefix(sym) {
                currency = Currency::from_symbol(sym).ok_or_else(bad)?;
                s = rest.trim_start();
                break;
            }
        }
        // An ISO code before or after the number: "CHF 1,200", "1,500 USD".
        let is_code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
        if let Some((code, rest)) = s.split_once(' ').filter(|(c, _)| is_code(c)) {
            currency = Currency::new(code)?;
            s = rest.trim_start();
        } else if let Some((rest, code)) = s.rsplit_once(' ').filter(|(_, c)| is_code(c)) {
            currency = Currency::new(code)?;
            s = rest.trim_end();
        }
        if let Some(rest) = s.strip_suffix('元') {
            s = rest.trim_end();
        }
        let (number, multiplier) = match s.char_indices().last() {
            Some((i, 'k' | 'K')) => (&s[..i], 1_000),
            Some((i, 'm' | 'M')) => (&s[..i], 1_000_000),
            Some((i, '万')) => (&s[..i], 10_000),
            _ => (s, 1),
        };
        let number: String = number.trim().chars().filter(|c| *c != ',' && *c != '_').collect();
        let (int_part, frac_part) = match number.split_once('.') {
            Some((i, f)) => (i, f),
            None => (number.as_str(), ""),
        };
        let digits_ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() && frac_part.is_empty() || !digits_ok(int_part) || !digits_ok(frac_part) {
            return Err(bad());
        }
        let overflow = || MoneyError::Overflow(text.to_string());
        // Work in minor units * multiplier so "1.2m" stays exact.
        let scale = currency.scale() as i128 * multiplier as i128;
        let int_value: i128 =
            if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| overflow())? };
        let mut minor = int_value.checked_mul(scale).ok_or_else(overflow)?;
        let mut place = scale;
        for d in frac_part.bytes() {
            let digit = (d - b'0') as i128;
            if place % 10 != 0 {
                if digit != 0 {
                    return Err(MoneyError::Precision(text.to_string(), currency));
                }
                continue;
            }
            place /= 10;
            minor += digit * place;
        }
        if negative {
            minor = -minor;
        }
        let minor = i64::try_from(minor).map_err(|_| overflow())?;
        Ok(Money { minor, currency })
    }

    /// Full precision with grouping: `¥120,000.50`, `$1,200`; minor digits only when non-zero.
    pub fn format_full(&self) -> String {
        let scale = self.currency.scale();
        let abs = self.minor.unsigned_abs();
        let major = abs / scale as u64;
        let frac = abs % scale as u64;
        let mut out = String::new();
        if self.minor < 0 {
            out.push('-');
        }
        out.push_str(&self.prefix());
        out.push_str(&group_thousands(major));
        if frac != 0 {
            out.push('.');
            out.push_str(&format!("{:0width$}", frac, width = self.currency.exponent() as usize));
        }
        out
    }

    /// Short form for tables: `¥120k`, `$1.2M`, `¥850`.
    pub fn format_compact(&self) -> String {
        let major = self.minor / self.currency.scale();
        let abs = major.unsigned_abs();
        let sign = if major < 0 { "-" } else { "" };
        let body = if abs >= 1_000_000 {
            let tenths = abs / 100_000;
            format_tenths(tenths, "M")
        } else if abs >= 10_000 {
            format!("{}k", abs / 1_000)
        } else if abs >= 1_000 {
            format_tenths(abs / 100, "k")
        } else {
            abs.to_string()
        };
        format!("{sign}{}{body}", self.prefix())
    }

    fn prefix(&self) -> String {
        match self.currency.symbol() {
            "" => format!("{} ", self.currency.code()),
            s => s.to_string(),
        }
    }
}

fn format_tenths(tenths: u64, unit: &str) -> String {
    if tenths.is_multiple_of(10) {
        format!("{}{unit}", tenths / 10)
    } else {
        format!("{}.{}{unit}", tenths / 10, tenths % 10)
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cny(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s, Currency::CNY)
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(cny("¥120,000").unwrap(), Money::new(12_000_000, Currency::CNY));
        assert_eq!(cny("120000.50").unwrap(), Money::new(12_000_050, Currency::CNY));
        assert_eq!(cny("$1,200").unwrap(), Money::new(120_000, Currency::USD));
        assert_eq!(cny("¥120k").unwrap(), Money::new(12_000_000, Currency::CNY));
        assert_eq!(cny("1.2m").unwrap(), Money::new(120_000_000, Currency::CNY));
        assert_eq!(cny("12万").unwrap(), Money::new(12_000_000, Currency::CNY));
        assert_eq!(cny("-300").unwrap(), Money::new(-30_000, Currency::CNY));
        assert_eq!(cny("1,500 USD").unwrap(), Money::new(150_000, Currency::USD));
        assert_eq!(Money::parse("5000", Currency::JPY).unwrap().minor, 5000);
    }

    #[test]
    fn rejects_garbage_and_too_precise() {
        for s in ["", "abc", "1.2.3", "¥", "12x", "--5", "1e5"] {
            assert!(cny(s).is_err(), "{s:?} should fail");
        }
        assert!(matches!(cny("1.005"), Err(MoneyError::Precision(..))));
        assert!(matches!(cny("99999999999999999999"), Err(MoneyError::Overflow(_))));
    }

    #[test]
    fn formats() {
        assert_eq!(Money::new(12_000_050, Currency::CNY).format_full(), "¥120,000.50");
        assert_eq!(Money::new(120_000, Currency::USD).format_full(), "$1,200");
        assert_eq!(Money::new(12_000_000, Currency::CNY).format_compact(), "¥120k");
        assert_eq!(Money::new(123_000_000, Currency::USD).format_compact(), "$1.2M");
        assert_eq!(Money::new(150_000, Currency::CNY).format_compact(), "¥1.5k");
        let chf = Money::new(100, Currency::new("chf").unwrap());
        assert_eq!(chf.format_full(), "CHF 1");
    }

    proptest! {
        #[test]
        fn full_format_round_trips(minor in -10_i64.pow(15)..10_i64.pow(15),
                                   cur in proptest::sample::select(vec!["CNY", "USD", "EUR", "JPY", "CHF"])) {
            let m = Money::new(minor, Currency::new(cur).unwrap());
            prop_assert_eq!(Money::parse(&m.format_full(), Currency::CNY).unwrap(), m);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = cny(&s);
        }
    }
}
