//! Amounts as CRM exports and spreadsheets write them: `120,000.50`, `96.000 €`,
//! `1.234.567`, `1.234,56`, `1 234,56`, `(1,200)`, `¥120k`, `1.2亿`, `12万元`, `USD 96,000`.
//!
//! Whether `,` or `.` is the decimal mark is decided once for the whole file (`observe`
//! folds every amount cell into a `Style`), never guessed per cell: `1,2` in one row and
//! `1,200` in the next are read the same way. A lone separator followed by exactly three
//! digits (`12.000`, `120,000`) says nothing by itself; in a file that never says, it
//! groups thousands (money has two decimals, not three).

use crate::domain::money::{MAX_MAJOR, well_grouped};
use crate::domain::{Currency, Money};

/// The decimal mark of a file's amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// No amount shows it: a lone `.ddd` or `,ddd` groups thousands.
    #[default]
    Unknown,
    /// `1,234.56`.
    Point,
    /// `1.234,56`.
    Comma,
    /// Some amounts use one and some the other.
    Mixed,
}

/// What an amount cell says about the decimal mark, if anything.
fn evidence(cell: &str) -> Option<Style> {
    let digits: String = cell.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.')).collect();
    let (commas, points) = (digits.matches(',').count(), digits.matches('.').count());
    // A cell whose marks fall where no groups do (`1,2,3`) is not an amount: it says nothing.
    let grouped = |decimal: Option<char>, mark: char| {
        let int = decimal.and_then(|d| digits.rsplit_once(d)).map_or(digits.as_str(), |(i, _)| i);
        well_grouped(int, mark).then_some(())
    };
    match (commas, points) {
        (0, 0) => None,
        (c, p) if c > 0 && p > 0 => {
            if digits.rfind(',') > digits.rfind('.') {
                grouped(Some(','), '.').map(|_| Style::Comma)
            } else {
                grouped(Some('.'), ',').map(|_| Style::Point)
            }
        }
        (c, 0) if c > 1 => grouped(None, ',').map(|_| Style::Point),
        (0, p) if p > 1 => grouped(None, '.').map(|_| Style::Comma),
        _ => {
            let sep = if commas == 1 { ',' } else { '.' };
            let after = digits.rsplit(sep).next().unwrap_or("").len();
            if after == 3 {
                None
            } else if sep == ',' {
                Some(Style::Comma)
            } else {
                Some(Style::Point)
            }
        }
    }
}

/// Folds one amount cell into what is known of the file's style.
pub fn observe(style: Style, cell: &str) -> Style {
    match (style, evidence(cell)) {
        (s, None) => s,
        (Style::Unknown, Some(e)) => e,
        (s, Some(e)) if s == e => s,
        _ => Style::Mixed,
    }
}

/// Why an amount cell is not an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number at all.
    NotAnAmount,
    /// Written in brackets or with a minus: an accounting negative.
    Negative,
    TooLarge,
    /// More decimals than the currency has.
    Precision(Currency),
    /// The file mixes decimal marks and this cell depends on which one.
    MixedStyle,
    /// An ISO code or symbol that is not a currency.
    Currency,
    /// Three letters (in the cell or the column's unit) that no circulating currency has.
    NotIso(Currency),
}

/// A unit stated in a column's header: `ARR (USD)`, `合同金额（万元）`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub currency: Option<Currency>,
    pub multiplier: i64,
}

impl Default for Unit {
    fn default() -> Unit {
        Unit { currency: None, multiplier: 1 }
    }
}

impl Unit {
    /// The unit a header's bracketed suffix names (`USD`, `€`, `元`, `万元`, `k`), if it is one.
    pub fn parse(s: &str) -> Option<Unit> {
        let s = s.trim();
        // 万元 is ten thousand yuan: the multiplier takes 元 with it, the currency stays.
        let yuan = s.ends_with('元');
        let (mult, rest) = multiplier_suffix(s).unwrap_or((1, s));
        let rest = rest.trim();
        let currency = match rest {
            "" if mult > 1 => yuan.then_some(Currency::CNY),
            // Latin symbols in any case, as `Currency::named` reads them (`hk$`, `Rmb`).
            _ => match Currency::from_symbol(&rest.to_uppercase()) {
                Some(c) => Some(c),
                None if rest.len() == 3 && rest.bytes().all(|b| b.is_ascii_alphabetic()) => {
                    Some(Currency::new(rest).ok()?)
                }
                None => return None,
            },
        };
        Some(Unit { currency, multiplier: mult })
    }
}

/// A trailing multiplier word: `k`, `m`, `b`, `万`, `亿`, `千`, `百万`, with or without `元`.
fn multiplier_suffix(s: &str) -> Option<(i64, &str)> {
    let s = s.strip_suffix('元').unwrap_or(s).trim_end();
    for (suffix, m) in [
        ("百万", 1_000_000),
        ("亿", 100_000_000),
        ("万", 10_000),
        ("千", 1_000),
        ("k", 1_000),
        ("K", 1_000),
        ("m", 1_000_000),
        ("M", 1_000_000),
        ("mn", 1_000_000),
        ("bn", 1_000_000_000),
        // As the tables show amounts of a thousand million on (`¥3.5B`).
        ("b", 1_000_000_000),
        ("B", 1_000_000_000),
    ] {
        if let Some(rest) = s.strip_suffix(suffix)
            && (suffix.chars().all(|c| !c.is_ascii_alphabetic())
                || rest.chars().last().is_none_or(|c| c.is_ascii_digit() || c == ' '))
        {
            return Some((m, rest));
        }
    }
    None
}

/// Parses an amount cell in the file's `style`; `unit` is the column's header unit and
/// `default` the currency when neither the cell nor the header names one. Returns the
/// amount, 0 or more (an accounting negative is refused: an ARR cannot be negative).
pub fn parse(cell: &str, style: Style, unit: Unit, default: Currency) -> Result<Money, AmountError> {
    let (named, s, negative) = strip_currency(cell, unit)?;
    // Named by the cell or the column's unit: a circulating currency (ISO 4217), or none
    // ('1000 XYZ', 'ARR (XYZ)': no rate could ever convert it; CSM trial, session 31).
    if let Some(c) = named.filter(|c| !c.is_iso()) {
        return Err(AmountError::NotIso(c));
    }
    let currency = named.unwrap_or(default);
    let (mult, number) = multiplier_suffix(s).unwrap_or((1, s));
    let (int_part, frac_part) = split_number(number.trim(), style)?;
    let digits_ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() && frac_part.is_empty() || !digits_ok(&int_part) || !digits_ok(&frac_part) {
        return Err(AmountError::NotAnAmount);
    }
    let scale = 10_i128.pow(currency.exponent()) * i128::from(mult) * i128::from(unit.multiplier);
    let int_value: i128 =
        if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| AmountError::TooLarge)? };
    let mut minor = int_value.checked_mul(scale).ok_or(AmountError::TooLarge)?;
    let mut place = scale;
    for d in frac_part.bytes() {
        let digit = i128::from(d - b'0');
        if place % 10 != 0 {
            if digit != 0 {
                return Err(AmountError::Precision(currency));
            }
            continue;
        }
        place /= 10;
        minor += digit * place;
    }
    if negative && minor > 0 {
        return Err(AmountError::Negative);
    }
    if minor > i128::from(MAX_MAJOR) * 10_i128.pow(currency.exponent()) {
        return Err(AmountError::TooLarge);
    }
    Ok(Money::new(i64::try_from(minor).map_err(|_| AmountError::TooLarge)?, currency))
}

/// The currency an amount cell names (its symbol or ISO code, else the column's header
/// unit), if any: what an import takes as the file's own word on its currency. None for a
/// bare number and for a cell that is no amount (the row reports that).
pub fn named_currency(cell: &str, unit: Unit) -> Option<Currency> {
    strip_currency(cell, unit).ok()?.0
}

/// The currency a cell names (else the unit's), the number left, and whether it was negative.
fn strip_currency(cell: &str, unit: Unit) -> Result<(Option<Currency>, &str, bool), AmountError> {
    let mut s = cell.trim();
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        negative = true;
        s = rest.trim_start();
    }
    let mut currency = unit.currency;
    // A symbol or ISO code before or after the number.
    for sym in ["CN¥", "JP¥", "US$", "HK$", "RMB", "¥", "￥", "$", "€", "£"] {
        if let Some(rest) = s.strip_prefix(sym) {
            currency = Currency::from_symbol(sym);
            s = rest.trim_start();
            break;
        }
        if let Some(rest) = s.strip_suffix(sym) {
            currency = Currency::from_symbol(sym);
            s = rest.trim_end();
            break;
        }
    }
    let is_code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((code, rest)) = s.split_once(' ').filter(|(c, _)| is_code(c)) {
        currency = Some(Currency::new(code).map_err(|_| AmountError::Currency)?);
        s = rest.trim_start();
    } else if let Some((rest, code)) = s.rsplit_once(' ').filter(|(_, c)| is_code(c)) {
        currency = Some(Currency::new(code).map_err(|_| AmountError::Currency)?);
        s = rest.trim_end();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    }
    Ok((currency, s, negative))
}

/// Whether `s` is a grouped number with `decimal` as its decimal mark (or none): left of
/// it, only the other mark, where groups fall.
fn reads_with(s: &str, decimal: char) -> bool {
    let mark = if decimal == ',' { '.' } else { ',' };
    let int = s.rsplit_once(decimal).map_or(s, |(i, _)| i);
    !int.contains(decimal) && well_grouped(int, mark)
}

/// The integer and fraction digits of a number, grouping removed, in the file's style.
fn split_number(s: &str, style: Style) -> Result<(String, String), AmountError> {
    // Spaces, no-break spaces, apostrophes (Swiss) and underscores group thousands, where
    // groups fall like any grouping mark ("1 2 3" was 123): kept as a placeholder until the
    // decimal mark is known, then checked with the file's grouping mark.
    const GAP: char = '\u{1}';
    let s: String = s
        .chars()
        .map(|c| if matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_') { GAP } else { c })
        .collect();
    let decimal = match style {
        Style::Point => Some('.'),
        Style::Comma => Some(','),
        Style::Unknown | Style::Mixed => match evidence(&s) {
            Some(Style::Point) => Some('.'),
            Some(Style::Comma) => Some(','),
            // A cell no decimal mark makes an amount of is not one, whatever the file mixes.
            _ if !reads_with(&s, ',') && !reads_with(&s, '.') => return Err(AmountError::NotAnAmount),
            // Both marks in one cell settle it for that cell (the last one is the decimal).
            _ if style == Style::Mixed && (s.contains(',') || s.contains('.')) => {
                return Err(AmountError::MixedStyle);
            }
            _ => None,
        },
    };
    let decimal = match (style, decimal) {
        (Style::Mixed, Some(_)) if !(s.contains(',') && s.contains('.')) => {
            return Err(AmountError::MixedStyle);
        }
        (_, d) => d,
    };
    let (int, frac) = match decimal.and_then(|d| s.rsplit_once(d)) {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    // What is left of the decimal mark groups thousands with the other mark, where groups
    // fall: `1,2,3` was read as 123, `1.2.3` in a file of decimal points as 12.3.
    let mark = match decimal {
        Some(',') => '.',
        Some(_) => ',',
        None if int.contains('.') => '.',
        None => ',',
    };
    let int: String = int.chars().map(|c| if c == GAP { mark } else { c }).collect();
    if decimal.is_some_and(|d| int.contains(d)) || frac.contains(GAP) || !well_grouped(&int, mark) {
        return Err(AmountError::NotAnAmount);
    }
    let int: String = int.chars().filter(|c| *c != mark).collect();
    Ok((int, frac))
}

#[cfg(test)]
#[path = "amount_tests.rs"]
mod tests;
