//! The currency of what a file does not price itself: amounts that name no currency and new
//! accounts without one. Taken from, in order, `--currency`, the config's `[import]
//! currency`, the locale, the portfolio (when all its accounts are in one currency), and
//! the file itself (the currency its amounts or currency column name, or CNY for a file in
//! Chinese). When none of them says, nothing is assumed: a row that needs it fails the
//! import (`World::unpriced`), naming the file, the line and the column. A CSM's trial had
//! a US company's HubSpot export stored in yuan under a C locale, its ARR ranking off 7x.

use super::Options;
use super::world::World;
use crate::domain::Currency;
use crate::domain::text::clean_line;
use crate::i18n::{Lang, t, tf};
use crate::interchange::error::Problems;
use crate::interchange::fields::F;
use crate::interchange::table::Table;
use crate::store::StoreError;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Where the currency of amounts that name none came from (the summary says it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurrencySource {
    /// `radar import --currency`.
    Flag,
    /// `[import] currency` of the config.
    Config,
    /// Proposed from the locale (`LANG`, …).
    Locale(String),
    /// Every account of the portfolio is in it.
    Book,
    /// The file's amounts (their symbols or codes, or the headers' units) or its currency
    /// column name it and no other.
    FileAmounts,
    /// The file's names (or headers) are Chinese.
    FileChinese,
}

/// The currency a locale (`LANG`, `LC_ALL`) suggests: `zh_CN` → CNY, `en_US` → USD,
/// `en_GB` → GBP, `de_DE`/`fr_FR`/`es_ES`/`it_IT`/… → EUR. None for C/POSIX and the unknown.
pub fn currency_of_locale(locale: &str) -> Option<Currency> {
    let l = locale.split(['.', '@']).next().unwrap_or("").replace('-', "_");
    let (lang, region) = l.split_once('_').unwrap_or((&l, ""));
    let code = match (lang.to_ascii_lowercase().as_str(), region.to_ascii_uppercase().as_str()) {
        (_, "CN") => "CNY",
        (_, "TW") => "TWD",
        (_, "HK") => "HKD",
        (_, "SG") => "SGD",
        (_, "US") => "USD",
        (_, "GB") => "GBP",
        (_, "CA") => "CAD",
        (_, "AU") => "AUD",
        (_, "NZ") => "NZD",
        (_, "IN") => "INR",
        (_, "JP") => "JPY",
        (_, "KR") => "KRW",
        (_, "CH") => "CHF",
        (_, "SE") => "SEK",
        (_, "NO") => "NOK",
        (_, "DK") => "DKK",
        (_, "PL") => "PLN",
        (_, "BR") => "BRL",
        (_, "MX") => "MXN",
        (
            "de" | "fr" | "es" | "it" | "nl" | "pt" | "fi" | "el" | "et" | "lv" | "lt" | "sk" | "sl" | "mt"
            | "ga",
            _,
        ) => "EUR",
        ("zh", _) => "CNY",
        ("ja", _) => "JPY",
        _ => return None,
    };
    Currency::new(code).ok()
}

/// What the options say, without looking at the portfolio or the file: `--currency`, the
/// config, the locale.
pub(super) fn of_options(options: &Options) -> Option<(Currency, CurrencySource)> {
    if let Some(c) = options.currency_flag {
        return Some((c, CurrencySource::Flag));
    }
    if let Some(c) = options.currency {
        return Some((c, CurrencySource::Config));
    }
    let loc = options.locale.as_ref()?;
    currency_of_locale(loc).map(|c| (c, CurrencySource::Locale(loc.clone())))
}

/// The currency for this import and where it came from, or None when nothing says.
pub(super) fn resolve(
    table: &Table,
    options: &Options,
    today: NaiveDate,
    w: &World<'_>,
) -> Result<Option<(Currency, CurrencySource)>, StoreError> {
    if let Some(found) = of_options(options) {
        return Ok(Some(found));
    }
    // The book's one currency: a second file of the same book is in it (the tally the
    // store keeps, a few rows). A book of several currencies says nothing.
    if let [(c, _)] = w.book_currencies()?.as_slice() {
        return Ok(Some((*c, CurrencySource::Book)));
    }
    Ok(of_file(table, today))
}

/// Amount fields whose cells may name a currency.
const AMOUNTS: [F; 5] = [F::Arr, F::Mrr, F::ContractTotal, F::TermArr, F::RenewedArr];

/// What the file says: the one currency its amounts and currency column name, or CNY when
/// its names (or, without names, its headers) are Chinese. Two answers are none: a
/// Chinese file with dollar amounts leaves its bare amounts unknown, not yuan.
fn of_file(table: &Table, today: NaiveDate) -> Option<(Currency, CurrencySource)> {
    let mut named = BTreeSet::new();
    let (mut names, mut chinese_names) = (0usize, 0usize);
    let name_field = if table.kind == crate::interchange::Kind::Accounts { F::Name } else { F::Account };
    let _ = table.try_for_each(|rec, _| {
        // Problems are the real pass's to report: this look only reads.
        let mut ignored = Problems::default();
        let mut c = table.cells(rec, &mut ignored, today);
        for f in AMOUNTS {
            if let Some(Some(cur)) = c.amount_currency(f) {
                named.insert(cur);
            }
        }
        if let Some(cur) = c.currency(F::Currency) {
            named.insert(cur);
        }
        if let Some(name) = c.text(name_field) {
            names += 1;
            chinese_names += usize::from(is_chinese(&name));
        }
        Ok::<(), crate::interchange::ImportError>(())
    });
    let chinese = if names > 0 {
        chinese_names * 2 >= names
    } else {
        let headers = table.headers.iter().filter(|h| !h.trim().is_empty()).count();
        headers > 0 && table.headers.iter().filter(|h| is_chinese(h)).count() * 2 > headers
    };
    match (named.len(), named.first(), chinese) {
        (1, Some(c), false) => Some((*c, CurrencySource::FileAmounts)),
        (1, Some(&Currency::CNY), true) => Some((Currency::CNY, CurrencySource::FileAmounts)),
        (0, _, true) => Some((Currency::CNY, CurrencySource::FileChinese)),
        _ => None,
    }
}

/// Han characters and no kana or Hangul: Chinese, not Japanese or Korean.
fn is_chinese(s: &str) -> bool {
    let han =
        |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}');
    let other = |c: char| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}');
    s.chars().any(han) && !s.chars().any(other)
}

/// Where the currency of a file's bare amounts came from, as the notes say it.
pub(super) fn currency_why(lang: Lang, c: Currency, why: &CurrencySource) -> String {
    match why {
        CurrencySource::Flag => t(lang, "import.note.currency_why_flag"),
        CurrencySource::Config => t(lang, "import.note.currency_why_config"),
        CurrencySource::Locale(l) => {
            tf(lang, "import.note.currency_why_locale", &[("locale", &clean_line(l))])
        }
        CurrencySource::Book => tf(lang, "import.note.currency_why_book", &[("currency", c.code())]),
        CurrencySource::FileAmounts => t(lang, "import.note.currency_why_file_amounts"),
        CurrencySource::FileChinese => t(lang, "import.note.currency_why_file_chinese"),
    }
}

/// The currency note as the dashboard's preview says it: without the command line's ways
/// to change it (the preview has a key that picks another).
pub fn currency_here(lang: Lang, c: Currency, why: &CurrencySource) -> String {
    tf(lang, "import.note.currency_here", &[("currency", c.code()), ("why", &currency_why(lang, c, why))])
}

/// The locale a currency may be proposed from (`LC_ALL`, `LC_MONETARY`, `LANG`; not C/POSIX).
pub fn locale_from_env() -> Option<String> {
    ["LC_ALL", "LC_MONETARY", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty() && v != "C" && v != "POSIX" && !v.starts_with("C."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_han_without_kana_or_hangul() {
        assert!(is_chinese("成都天府云图信息技术有限公司"));
        assert!(is_chinese("Acme 上海"));
        assert!(!is_chinese("Acme Inc"));
        assert!(!is_chinese("株式会社ソニー"));
        assert!(!is_chinese("삼성전자"));
    }

    #[test]
    fn locales_propose_their_currency_and_c_none() {
        assert_eq!(currency_of_locale("en_US.UTF-8"), Some(Currency::USD));
        assert_eq!(currency_of_locale("zh_CN.UTF-8"), Some(Currency::CNY));
        assert_eq!(currency_of_locale("C.UTF-8"), None);
        assert_eq!(currency_of_locale("POSIX"), None);
    }
}
