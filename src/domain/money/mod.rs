//! Money as integer minor units with an ISO currency code. Never floating point.
//! Parsing and the amount check here; display and sums in `format`.

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
            b"HKD" => "HK$",
            _ => "",
        }
    }

    /// The currency a symbol or a Chinese name stands for, written exactly (`named` upper-cases
    /// first); the one table every reader of a currency uses: commands, import columns, headers.
    pub fn from_symbol(s: &str) -> Option<Currency> {
        Some(match s {
            "¥" | "￥" | "RMB" | "CN¥" | "元" | "人民币" => Currency::CNY,
            "$" | "US$" | "美元" => Currency::USD,
            "€" | "欧元" => Currency::EUR,
            "£" | "英镑" => Currency(*b"GBP"),
            "JP¥" | "日元" => Currency::JPY,
            "HK$" | "港币" | "港元" => Currency(*b"HKD"),
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
    #[error("'{0}' is not the ISO 4217 code of a currency in use (such as CNY, USD or EUR)")]
    NotIso(String),
    #[error("'{0}' is not an amount (expected e.g. 120000, 120,000.50, ¥120k, 1.2m, 12万)")]
    Amount(String),
    #[error("'{0}' is too large an amount (at most 10,000,000,000,000 in any currency)")]
    Overflow(String),
    #[error("'{0}' is negative (an amount must be 0 or more)")]
    Negative(String),
    #[error("'{0}' has more decimals than {1} allows")]
    Precision(String, Currency),
}

/// The largest amount Radar accepts, in major units of any currency (10^13: ten trillion,
/// 十万亿). Far above any contract, and small enough that sums over a whole portfolio
/// stay exact; a sum that still would not fit is reported as too large, never saturated.
pub const MAX_MAJOR: i64 = 10_000_000_000_000;

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

    /// Parses `¥120,000`, `120000.50`, `$1,200`, `¥120k`, `1.2m`, `3.4b`, `12万`, `1.2亿`, `-300`.
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
        for sym in ["CN¥", "JP¥", "US$", "HK$", "RMB", "¥", "￥", "$", "€", "£"] {
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
            Some((i, 'b' | 'B')) => (&s[..i], 1_000_000_000),
            Some((i, '万')) => (&s[..i], 10_000),
            Some((i, '亿')) => (&s[..i], 100_000_000),
            _ => (s, 1),
        };
        let number = thousands_point(number.trim(), multiplier, currency);
        // An underscore groups digits as a comma does (`1_000`), so it obeys the same rule.
        let number: String = number.chars().map(|c| if c == '_' { ',' } else { c }).collect();
        let (int_part, frac_part) = match number.split_once('.') {
            Some((i, f)) => (i, f),
            None => (number.as_str(), ""),
        };
        // Commas group thousands, so they must fall where groups do: "1,2,3" was read as 123.
        if !well_grouped(int_part, ',') {
            return Err(bad());
        }
        let int_part: String = int_part.chars().filter(|c| *c != ',').collect();
        let int_part = int_part.as_str();
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
        if minor > i128::from(MAX_MAJOR) * i128::from(currency.scale()) {
            return Err(overflow());
        }
        if negative {
            minor = -minor;
        }
        let minor = i64::try_from(minor).map_err(|_| overflow())?;
        Ok(Money { minor, currency })
    }

    /// The one check every typed or imported amount (ARR, a renewal's new ARR) passes, in
    /// forms and imports alike: 0 or more, and at most `MAX_MAJOR`.
    pub fn check_amount(self) -> Result<Money, MoneyError> {
        if self.minor < 0 {
            return Err(MoneyError::Negative(self.format_full()));
        }
        if i128::from(self.minor) > i128::from(MAX_MAJOR) * i128::from(self.currency.scale()) {
            return Err(MoneyError::Overflow(self.format_full()));
        }
        Ok(self)
    }

    /// `parse`, then `check_amount`.
    pub fn parse_amount(text: &str, default: Currency) -> Result<Money, MoneyError> {
        Money::parse(text, default)?.check_amount().map_err(|e| match e {
            MoneyError::Negative(_) => MoneyError::Negative(text.trim().to_string()),
            _ => MoneyError::Overflow(text.trim().to_string()),
        })
    }
}

/// Whether the integer digits `int` are grouped by `mark` as people write amounts: no mark
/// at all, groups of three after a first of one to three (`1,234,567`), or the Indian
/// grouping, groups of two before a last of three (`12,34,567`). `1,2,3` or `12,5` is not a
/// grouped number (it was read as 123 and 125), and a mark at either end groups nothing.
pub fn well_grouped(int: &str, mark: char) -> bool {
    let groups: Vec<usize> = int.split(mark).map(str::len).collect();
    let [first, middle @ .., last] = groups.as_slice() else { return true };
    let western = (1..=3).contains(first) && middle.iter().all(|g| *g == 3) && *last == 3;
    let indian = (1..=2).contains(first) && middle.iter().all(|g| *g == 2) && *last == 3;
    western || indian
}

/// `12.000` is twelve thousand, not twelve (a European thousands point): a lone point
/// after one to three digits (no leading zero) and before exactly three, in a currency of
/// fewer than three decimals, with no comma and no multiplier, can only group thousands.
/// The form's hint shows the amount so read. (Imports decide it for the whole file:
/// `interchange::amount`.)
fn thousands_point(number: &str, multiplier: i64, currency: Currency) -> std::borrow::Cow<'_, str> {
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let grouped = match number.split_once('.') {
        Some((int, frac)) => {
            multiplier == 1
                && currency.exponent() < 3
                && !number.contains(',')
                && (1..=3).contains(&int.len())
                && !int.starts_with('0')
                && frac.len() == 3
                && digits(int)
                && digits(frac)
        }
        None => false,
    };
    if grouped {
        std::borrow::Cow::Owned(number.replace('.', ""))
    } else {
        std::borrow::Cow::Borrowed(number)
    }
}

mod format;
pub mod fx;
mod iso;
mod main_currency;
pub use format::{add_to_sum, format_estimate, format_sum, format_sum_compact};
pub use fx::{Converted, Converter, FxRate, FxValue};
pub use main_currency::{main_currency, main_currency_moves};

#[cfg(test)]
mod tests;
