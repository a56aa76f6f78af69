//! Money shown to people: in full with grouping, in short for tables (rounded half away
//! from zero), and sums that say "too large" rather than clip.

use super::{Currency, Money};

impl Money {
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

    /// Short form for tables: `¥120k`, `$1.2M`, `¥3.4B`, `¥850`, rounded half away from zero at
    /// every step (¥2,768,760 is `¥2.8M`, ¥999.50 is `¥1k`). The unit is chosen after
    /// rounding, so a value never shows as `1000k` or `10.0k`.
    pub fn format_compact(&self) -> String {
        let abs = u128::from(self.minor.unsigned_abs());
        let scale = self.currency.scale() as u128;
        let whole = round_div(abs, scale);
        let body = if whole < 1_000 {
            whole.to_string()
        } else if round_div(abs, scale * 100) <= 99 {
            // Tenths of a thousand up to 9.9k; from 10k on, whole thousands.
            format_tenths(round_div(abs, scale * 100), "k")
        } else if round_div(abs, scale * 1_000) < 1_000 {
            format!("{}k", round_div(abs, scale * 1_000))
        } else if round_div(abs, scale * 100_000) < 10_000 {
            format_tenths(round_div(abs, scale * 100_000), "M")
        } else {
            // From a thousand million on, billions: the largest amount read as
            // `¥10000027.8M` in a table.
            format_tenths(round_div(abs, scale * 100_000_000), "B")
        };
        // Something that rounds to nothing has no sign.
        let sign = if whole > 0 && self.minor.is_negative() { "-" } else { "" };
        format!("{sign}{}{body}", self.compact_prefix())
    }

    /// The short form's prefix: a currency without a symbol is its code with no space
    /// (`SGD500k`, seven cells as `$1.2M` is five: the portfolio's ARR column fits it; with
    /// the space it was cut to `SGD 50…`).
    pub(super) fn compact_prefix(&self) -> String {
        match self.currency.symbol() {
            "" => self.currency.code().to_string(),
            s => s.to_string(),
        }
    }

    pub(super) fn prefix(&self) -> String {
        match self.currency.symbol() {
            "" => format!("{} ", self.currency.code()),
            s => s.to_string(),
        }
    }
}

/// Adds `minor` to a running sum of amounts. The sum becomes None ("too large") once it
/// would not fit in i64, and stays None: a saturated number would look like a real total.
pub fn add_to_sum(sum: &mut Option<i64>, minor: i64) {
    *sum = sum.and_then(|s| s.checked_add(minor));
}

/// A sum from `add_to_sum` in full (`¥120,000`), or `too_large` when it did not fit.
pub fn format_sum(sum: Option<i64>, currency: Currency, too_large: &str) -> String {
    sum.map_or_else(|| too_large.to_string(), |m| Money::new(m, currency).format_full())
}

/// An estimate (a forecast weighted by probabilities) in full, to the whole unit: its
/// cents are not knowledge (`¥20,318,035.65` beside whole amounts).
pub fn format_estimate(sum: Option<i64>, currency: Currency, too_large: &str) -> String {
    let scale = currency.scale() as u128;
    // Half away from zero, as every rounding here. Rounded up, the largest sums still fit
    // while a currency has at most two decimals; past that it would be too large.
    let whole = sum.and_then(|m| {
        let units = round_div(u128::from(m.unsigned_abs()), scale);
        let minor = i64::try_from(units * scale).ok()?;
        Some(if m.is_negative() { -minor } else { minor })
    });
    format_sum(whole, currency, too_large)
}

/// A sum from `add_to_sum` in short (`¥1.2M`), or `too_large` when it did not fit.
pub fn format_sum_compact(sum: Option<i64>, currency: Currency, too_large: &str) -> String {
    sum.map_or_else(|| too_large.to_string(), |m| Money::new(m, currency).format_compact())
}

/// `n / d` rounded half away from zero (n, d ≥ 0, d > 0).
fn round_div(n: u128, d: u128) -> u128 {
    (2 * n + d) / (2 * d)
}

fn format_tenths(tenths: u128, unit: &str) -> String {
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
