//! Exchange rates and conversion into the reporting currency (issue 16, item 1).
//!
//! A rate says: from `from` on (until the next rate of the same pair), one unit of
//! `currency` is worth `rate` units of `base`. Rates are exact decimals with up to six
//! places, kept as integer micro-units (`7.10` is 7,100,000); money maths never touches
//! floating point.
//!
//! An amount converts at the rate in force on a date (for a renewal: the term's end): the
//! pair's latest rate whose `from` is on or before that date. Before a pair's first rate
//! there is no rate; an amount without one is never dropped silently: `Converted::NoRate`
//! is counted and named by every total.
//!
//! Conversion from A into the reporting currency T, in this order:
//! 1. A = T: the amount itself;
//! 2. a rate A→T: × rate;
//! 3. a rate T→A: ÷ rate;
//! 4. a base Q with rates A→Q and T→Q: × rate(A→Q) ÷ rate(T→Q) (the first such Q in code
//!    order, so the answer never depends on the order rates were entered);
//! 5. else a currency Q that A and T each have a rate with, either way: A→Q (× rate) or
//!    Q→A (÷ rate), then Q→T (× rate) or T→Q (÷ rate) (HKD in USD and USD in CNY convert
//!    HKD into CNY, and CNY into HKD); the first such Q in code order.
//!
//! Rounding: the exact quotient is rounded ONCE, to the reporting currency's minor unit,
//! half to even (banker's rounding: 0.5 → 0, 1.5 → 2, 2.5 → 2), so rounding errors over
//! many renewals do not drift one way. A converted total is, by definition, the sum of
//! its converted parts (each renewal rounded on its own, then added): a total always equals
//! what its rows add up to.

use super::{Currency, Money};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Micro-units per unit of a rate.
pub const MICRO: i64 = 1_000_000;
/// The largest rate accepted: one unit worth a million of the base (¥→IDR-like rates fit).
pub const MAX_RATE_MICRO: i64 = 1_000_000 * MICRO;

/// An exchange rate as an exact decimal with at most six places, > 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FxValue(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FxError {
    #[error("'{0}' is not an exchange rate (expected a number above 0 such as 7.10, at most 6 decimals)")]
    Rate(String),
    #[error("'{0}' is too large a rate (at most 1,000,000)")]
    TooLarge(String),
    #[error("a rate of {0} into {0} is always 1")]
    SamePair(Currency),
}

impl FxValue {
    /// From micro-units; None unless 0 < micro ≤ `MAX_RATE_MICRO`.
    pub fn from_micro(micro: i64) -> Option<FxValue> {
        (micro > 0 && micro <= MAX_RATE_MICRO).then_some(FxValue(micro))
    }

    pub fn micro(self) -> i64 {
        self.0
    }

    /// Parses `7.1`, `7.10`, `0.138889`, `150`; no sign, no exponent, no grouping.
    pub fn parse(text: &str) -> Result<FxValue, FxError> {
        let s = text.trim();
        let bad = || FxError::Rate(text.to_string());
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) || frac.len() > 6 {
            return Err(bad());
        }
        let int: i64 =
            if int.is_empty() { 0 } else { int.parse().map_err(|_| FxError::TooLarge(text.to_string()))? };
        let frac_micro: i64 = format!("{frac:0<6}").parse().map_err(|_| bad())?;
        let micro = int
            .checked_mul(MICRO)
            .and_then(|m| m.checked_add(frac_micro))
            .ok_or_else(|| FxError::TooLarge(text.to_string()))?;
        if micro > MAX_RATE_MICRO {
            return Err(FxError::TooLarge(text.to_string()));
        }
        FxValue::from_micro(micro).ok_or_else(bad)
    }
}

impl fmt::Display for FxValue {
    /// The shortest exact decimal: `7.1`, `0.138889`, `150`. `parse` of it gives it back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.0 / MICRO, self.0 % MICRO);
        if frac == 0 {
            return write!(f, "{int}");
        }
        let frac = format!("{frac:06}");
        write!(f, "{int}.{}", frac.trim_end_matches('0'))
    }
}

impl Serialize for FxValue {
    /// As a string: the exact decimal, never a float.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FxValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        FxValue::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One exchange rate: from `from` on, 1 `currency` = `rate` `base`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FxRate {
    pub currency: Currency,
    pub base: Currency,
    pub from: NaiveDate,
    pub rate: FxValue,
}

impl FxRate {
    pub fn new(
        currency: Currency,
        base: Currency,
        from: NaiveDate,
        rate: FxValue,
    ) -> Result<FxRate, FxError> {
        if currency == base {
            return Err(FxError::SamePair(currency));
        }
        Ok(FxRate { currency, base, from, rate })
    }
}

/// The outcome of converting one amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Converted {
    /// Minor units of the reporting currency.
    Amount(i64),
    /// No rate in force on that date: counted and named, never left out silently.
    NoRate,
    /// The converted amount does not fit (reported as too large, never clipped).
    TooLarge,
}

/// Every rate of a file, and the reporting currency amounts are converted into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converter {
    target: Currency,
    /// Sorted by (currency, base, from): a pair's rates are together, oldest first.
    rates: Vec<FxRate>,
}

impl Converter {
    pub fn new(target: Currency, mut rates: Vec<FxRate>) -> Converter {
        rates.sort();
        rates.dedup_by(|a, b| (a.currency, a.base, a.from) == (b.currency, b.base, b.from));
        Converter { target, rates }
    }

    /// No rates: only amounts already in `target` convert.
    pub fn without_rates(target: Currency) -> Converter {
        Converter { target, rates: Vec::new() }
    }

    pub fn target(&self) -> Currency {
        self.target
    }

    pub fn rates(&self) -> &[FxRate] {
        &self.rates
    }

    /// The same rates, into another currency.
    pub fn with_target(&self, target: Currency) -> Converter {
        Converter { target, rates: self.rates.clone() }
    }

    /// The rate of `currency` in `base` in force on `on`.
    pub fn rate_on(&self, currency: Currency, base: Currency, on: NaiveDate) -> Option<FxValue> {
        let start = self.rates.partition_point(|r| (r.currency, r.base) < (currency, base));
        self.rates[start..]
            .iter()
            .take_while(|r| r.currency == currency && r.base == base && r.from <= on)
            .last()
            .map(|r| r.rate)
    }

    /// Whether `currency` has no rate into the target on any day (the target itself always
    /// has one): its amounts are never converted, whatever their date.
    pub fn never_converts(&self, currency: Currency) -> bool {
        self.factor(currency, NaiveDate::MAX).is_none()
    }

    /// The factor (numerator, denominator, both in micro-units) that takes `from` into the
    /// target on `on`, by the rule in the module's comment.
    fn factor(&self, from: Currency, on: NaiveDate) -> Option<(i128, i128)> {
        let t = self.target;
        if from == t {
            return Some((1, 1));
        }
        if let Some(r) = self.rate_on(from, t, on) {
            return Some((r.micro().into(), MICRO.into()));
        }
        if let Some(r) = self.rate_on(t, from, on) {
            return Some((MICRO.into(), r.micro().into()));
        }
        // A common base, in code order (the rates are sorted).
        let common = self.rates.iter().filter(|r| r.currency == from).map(|r| r.base).find_map(|q| {
            let a = self.rate_on(from, q, on)?;
            let b = self.rate_on(t, q, on)?;
            Some((a.micro().into(), b.micro().into()))
        });
        if common.is_some() {
            return common;
        }
        // Through any currency both have a rate with, each leg either way.
        let mut via: Vec<Currency> = self
            .rates
            .iter()
            .filter_map(|r| match (r.currency == from, r.base == from) {
                (true, _) => Some(r.base),
                (_, true) => Some(r.currency),
                _ => None,
            })
            .collect();
        via.sort();
        via.dedup();
        via.into_iter().find_map(|q| {
            let (a_num, a_den) = self.leg(from, q, on)?;
            let (b_num, b_den) = self.leg(q, t, on)?;
            Some((a_num * b_num, a_den * b_den))
        })
    }

    /// One step from `a` into `b`: by a rate of `a` in `b`, else the inverse of one of `b`
    /// in `a`.
    fn leg(&self, a: Currency, b: Currency, on: NaiveDate) -> Option<(i128, i128)> {
        match self.rate_on(a, b, on) {
            Some(r) => Some((r.micro().into(), MICRO.into())),
            None => self.rate_on(b, a, on).map(|r| (MICRO.into(), r.micro().into())),
        }
    }

    /// `m` in the target currency at the rate in force on `on`, rounded half to even to
    /// the target's minor unit.
    pub fn convert(&self, m: Money, on: NaiveDate) -> Converted {
        if m.currency == self.target {
            return Converted::Amount(m.minor);
        }
        let Some((num, den)) = self.factor(m.currency, on) else { return Converted::NoRate };
        // minor_T = minor_A × num/den × 10^expT / 10^expA, one exact fraction.
        let scale = |c: Currency| 10_i128.pow(c.exponent());
        // Checked: a chain of two rates (rule 5) multiplies them, and a huge amount times
        // two huge rates does not fit even an i128; said as too large, never wrapped.
        let n = i128::from(m.minor).checked_mul(num).and_then(|n| n.checked_mul(scale(self.target)));
        let d = den.checked_mul(scale(m.currency));
        let (Some(n), Some(d)) = (n, d) else { return Converted::TooLarge };
        match i64::try_from(div_half_even(n, d)) {
            Ok(v) => Converted::Amount(v),
            Err(_) => Converted::TooLarge,
        }
    }

    /// The total of `parts` (amount and date each), as this module defines it: each part
    /// converted and rounded on its own, then added. Returns the total (None: too large)
    /// and the parts without a rate by currency.
    pub fn total(
        &self,
        parts: impl IntoIterator<Item = (Money, NaiveDate)>,
    ) -> (Option<i64>, std::collections::BTreeMap<Currency, u32>) {
        let mut sum = Some(0_i64);
        let mut missing = std::collections::BTreeMap::new();
        for (m, on) in parts {
            match self.convert(m, on) {
                Converted::Amount(v) => super::add_to_sum(&mut sum, v),
                Converted::TooLarge => sum = None,
                Converted::NoRate => *missing.entry(m.currency).or_insert(0) += 1,
            }
        }
        (sum, missing)
    }
}

/// `n / d` rounded to the nearest integer, ties to even (d > 0).
pub fn div_half_even(n: i128, d: i128) -> i128 {
    let (q, r) = (n.div_euclid(d), n.rem_euclid(d));
    // 0 ≤ r < d: compare 2r with d.
    match (2 * r).cmp(&d) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    }
}

#[cfg(test)]
#[path = "fx_tests.rs"]
mod tests;
