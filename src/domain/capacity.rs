//! A CSM's book against their capacity (issue 17 item 5): the playbook's practitioners
//! reckon a CSM carries about 5M of contract value when a support desk takes the reactive
//! work. The book value is the ARR of every open term, converted into the reporting
//! currency at the rate in force on its renewal date, like every other total; a term
//! without a rate is counted apart (never dropped silently). Accounts are counted per tier
//! (churned ones are not in a book).

use super::facts::AccountFacts;
use super::kinds::{Stage, Tier};
use super::money::add_to_sum;
use super::money::fx::{Converted, Converter};
use super::term::TermOutcome;
use crate::domain::Choice;

/// `[report] capacity` when the config says nothing: 5,000,000 of the reporting currency.
pub const DEFAULT_CAPACITY: i64 = 5_000_000;

/// One CSM's book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    /// The open terms' ARR in the reporting currency's minor units (None: too large).
    pub value: Option<i64>,
    /// Open terms whose currency has no rate into the reporting currency.
    pub no_rate: u32,
    /// Open terms counted (those with a rate and those without).
    pub terms: u32,
    /// Accounts not churned, per tier in `Tier::ALL` order.
    pub by_tier: Vec<u32>,
}

impl Default for Book {
    fn default() -> Book {
        Book { value: Some(0), no_rate: 0, terms: 0, by_tier: vec![0; Tier::ALL.len()] }
    }
}

impl Book {
    /// Adds an account: its open term's ARR (if it has one) and its tier (unless churned).
    pub fn add(&mut self, f: &AccountFacts, fx: &Converter) {
        let Some(t) = f.current_term() else {
            // No open term: churned, or a contract not recorded yet; only the latter counts.
            let churned = f.account.stage == Stage::Churned
                || matches!(
                    f.terms.last().and_then(|t| t.outcome.as_ref()),
                    Some(TermOutcome::Churned { .. })
                );
            if !churned {
                self.count(f.account.tier);
            }
            return;
        };
        self.count(f.account.tier);
        self.terms += 1;
        match fx.convert(t.arr, t.end) {
            Converted::Amount(v) => add_to_sum(&mut self.value, v),
            Converted::TooLarge => self.value = None,
            Converted::NoRate => self.no_rate += 1,
        }
    }

    fn count(&mut self, tier: Tier) {
        if let Some(i) = Tier::ALL.iter().position(|t| *t == tier) {
            self.by_tier[i] += 1;
        }
    }

    /// Every open term is left out of the value (no exchange rate): the book's value is not
    /// known, not zero (`report --by owner` said £0 and 0%; CSM trial, session 28).
    pub fn no_value_converts(&self) -> bool {
        self.terms > 0 && self.no_rate == self.terms
    }

    /// Accounts in the book.
    pub fn accounts(&self) -> u32 {
        self.by_tier.iter().sum()
    }

    /// The book as a whole percentage of `capacity` (whole units; minor units per unit
    /// `unit`), rounded down; None when the value is unknown or the capacity is not positive.
    pub fn load_pct(&self, capacity: i64, unit: i64) -> Option<i64> {
        let cap = i128::from(capacity) * i128::from(unit);
        if cap <= 0 {
            return None;
        }
        i64::try_from(i128::from(self.known_value()?) * 100 / cap).ok()
    }

    /// The book's value when it is known: None when too large to add up, or when no open
    /// term converts (0 then read as an empty book in `report --by owner`'s JSON).
    pub fn known_value(&self) -> Option<i64> {
        self.value.filter(|_| !self.no_value_converts())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::fx::FxRate;
    use crate::domain::risk::testkit::*;
    use crate::domain::*;

    fn usd_at(rate: &str) -> Converter {
        let r = FxRate::new(
            Currency::USD,
            Currency::CNY,
            days_ago(800),
            crate::domain::money::fx::FxValue::parse(rate).unwrap(),
        );
        Converter::new(Currency::CNY, vec![r.unwrap()])
    }

    #[test]
    fn the_open_terms_convert_at_the_renewal_date_and_tiers_count_accounts() {
        let fx = usd_at("7.10");
        let mut b = Book::default();
        let cny = healthy(); // open term ¥120,000, tier mid
        b.add(&cny, &fx);
        let mut usd = healthy();
        usd.account.tier = Tier::Ka;
        usd.terms.last_mut().unwrap().arr = Money::from_major(10_000, Currency::USD);
        b.add(&usd, &fx);
        assert_eq!(b.value, Some(12_000_000 + 7_100_000));
        assert_eq!((b.by_tier[0], b.by_tier[2], b.accounts()), (1, 1, 2));
        assert_eq!(b.load_pct(5_000_000, 100), Some(3)); // ¥191,000 of ¥5M
        assert_eq!(b.load_pct(191_000, 100), Some(100));
        assert_eq!(b.load_pct(191_001, 100), Some(99));
        assert_eq!(b.load_pct(0, 100), None);
    }

    #[test]
    fn no_rate_is_counted_apart_and_churned_accounts_are_not_in_the_book() {
        let mut b = Book::default();
        let mut eur = healthy();
        eur.terms.last_mut().unwrap().arr = Money::from_major(5_000, Currency::EUR);
        b.add(&eur, &Converter::without_rates(Currency::CNY));
        assert_eq!((b.value, b.no_rate, b.accounts(), b.terms), (Some(0), 1, 1, 1));
        assert!(b.no_value_converts(), "its one open term has no rate: no value known");
        let mut gone = healthy();
        let t = gone.terms.last_mut().unwrap();
        t.outcome = Some(TermOutcome::Churned {
            decided_on: days_ago(1),
            reason: ChurnReason::Price,
            note: String::new(),
            because_of: None,
        });
        b.add(&gone, &Converter::without_rates(Currency::CNY));
        assert_eq!((b.value, b.accounts()), (Some(0), 1), "a churned account adds nothing");
        let mut new = healthy();
        new.terms.clear();
        b.add(&new, &Converter::without_rates(Currency::CNY));
        assert_eq!(b.accounts(), 2, "an account with no contract yet is in the book, at no value");
        assert!(b.no_value_converts(), "no open term converts");
        b.add(&healthy(), &Converter::without_rates(Currency::CNY));
        assert!(!b.no_value_converts(), "one open term in CNY converts");
        assert!(!Book::default().no_value_converts(), "no open term: the value is zero");
    }
}
