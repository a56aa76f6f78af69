//! The currencies a contract can be in: the ISO 4217 codes of circulating currencies (no
//! precious metals, bond units, fund codes, nor XTS/XXX). Three letters are not enough:
//! `radar fx set XYZ` would keep a rate no amount could ever use.

use super::{Currency, MoneyError};

/// Circulating ISO 4217 codes (2025), sorted.
const CODES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
    "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
    "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
    "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
    "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
    "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG",
    "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

impl Currency {
    /// Every circulating currency, by code.
    pub fn all_iso() -> impl Iterator<Item = Currency> {
        CODES.iter().filter_map(|c| Currency::new(c).ok())
    }

    /// Is this an ISO 4217 code of a circulating currency?
    pub fn is_iso(self) -> bool {
        CODES.binary_search(&self.code()).is_ok()
    }

    /// A currency a user names for amounts to be converted into: the ISO 4217 code of a
    /// circulating currency, or a symbol or common name of one (¥, RMB, 人民币, $, 美元, €, £).
    /// Any other three letters are refused: no rate could convert into them, and every
    /// amount would drop out of the totals.
    pub fn parse_iso(text: &str) -> Result<Currency, MoneyError> {
        let c = Currency::named(text)?;
        if c.is_iso() { Ok(c) } else { Err(MoneyError::NotIso(text.trim().to_string())) }
    }

    /// A currency as a user names one: a symbol or common name (¥, RMB, 人民币, $, 美元, €,
    /// 欧元, £) or any three letters, in any case. Every command that takes a currency reads it so
    /// (`fx set RMB` as `report --currency RMB`); those that convert into it then insist on
    /// ISO 4217 (`parse_iso`), `fx rm` does not (a rate kept under any code can go).
    pub fn named(text: &str) -> Result<Currency, MoneyError> {
        let t = text.trim();
        match Currency::from_symbol(&t.to_uppercase()) {
            Some(c) => Ok(c),
            None => Currency::new(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_of_codes() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats (binary search)");
        assert!(CODES.iter().all(|c| Currency::new(c).is_ok_and(|x| x.code() == *c)));
    }

    #[test]
    fn circulating_codes_pass_others_do_not() {
        for ok in ["CNY", "usd", "EUR", "GBP", "JPY", "HKD", "TWD", "SGD", "XCG", "ZWG", "CHF"] {
            assert!(Currency::new(ok).unwrap().is_iso(), "{ok}");
        }
        for bad in ["XYZ", "RMB", "ABC", "XXX", "XTS", "XAU", "HRK", "NTD"] {
            assert!(!Currency::new(bad).unwrap().is_iso(), "{bad}");
        }
    }

    #[test]
    fn a_named_currency_is_a_code_in_use_or_a_symbol_of_one() {
        let usd = Currency::USD;
        for (text, want) in
            [("CNY", Currency::CNY), (" usd ", usd), ("RMB", Currency::CNY), ("rmb", Currency::CNY)]
        {
            assert_eq!(Currency::parse_iso(text).unwrap(), want, "{text:?}");
        }
        for (text, want) in [
            ("¥", Currency::CNY),
            ("$", usd),
            ("us$", usd),
            ("€", Currency::EUR),
            ("HKD", Currency::new("HKD").unwrap()),
        ] {
            assert_eq!(Currency::parse_iso(text).unwrap(), want, "{text:?}");
        }
        assert_eq!(Currency::parse_iso("XYZ"), Err(MoneyError::NotIso("XYZ".into())));
        assert_eq!(Currency::parse_iso(" xau"), Err(MoneyError::NotIso("xau".into())));
        assert_eq!(Currency::parse_iso("12"), Err(MoneyError::Currency("12".into())));
        assert_eq!(Currency::named(" rmb "), Ok(Currency::CNY));
        assert_eq!(Currency::named("xyz"), Ok(Currency::new("XYZ").unwrap()));
        assert_eq!(Currency::named("￥"), Ok(Currency::CNY));
        assert_eq!(Currency::named("RM"), Err(MoneyError::Currency("RM".into())));
        // The names Chinese CRMs write in a currency column, which `import` read before
        // the commands did: `report --currency 人民币` as an imported 人民币.
        let hkd = Currency::new("HKD").unwrap();
        let gbp = Currency::new("GBP").unwrap();
        for (text, want) in [
            ("元", Currency::CNY),
            (" 人民币 ", Currency::CNY),
            ("CN¥", Currency::CNY),
            ("美元", usd),
            ("欧元", Currency::EUR),
            ("英镑", gbp),
            ("£", gbp),
            ("日元", Currency::JPY),
            ("JP¥", Currency::JPY),
            ("港币", hkd),
            ("HK$", hkd),
            ("hk$", hkd),
            ("港元", hkd),
        ] {
            assert_eq!(Currency::parse_iso(text), Ok(want), "{text:?}");
        }
        assert_eq!(Currency::named("币"), Err(MoneyError::Currency("币".into())));
        let e = Currency::parse_iso("XYZ").unwrap_err().to_string();
        assert!(e.contains("'XYZ' is not the ISO 4217 code"), "{e}");
    }
}
