//! The currencies a contract can be in: the ISO 4217 codes of circulating currencies (no
//! precious metals, bond units, fund codes, nor XTS/XXX). Three letters are not enough:
//! `radar fx set XYZ` would keep a rate no amount could ever use.

use super::Currency;

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
    /// Is this an ISO 4217 code of a circulating currency?
    pub fn is_iso(self) -> bool {
        CODES.binary_search(&self.code()).is_ok()
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
}
