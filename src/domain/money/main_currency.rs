//! The book's main currency: the one most accounts are billed in (ties: the first by
//! code). Totals are in it when no reporting currency is set, so an import that adds many
//! accounts in another currency moves every total to that one; the import says so.

use super::Currency;
use std::collections::BTreeMap;

/// The currency most of `counts` are in (ties: the first by code); None when all are 0.
pub fn main_currency(counts: impl IntoIterator<Item = (Currency, u64)>) -> Option<Currency> {
    counts
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(c, _)| c)
}

/// The main currency before and after `added` accounts join `book`, when it changes. An
/// empty book has none to change from: its first accounts set it.
pub fn main_currency_moves(
    book: &[(Currency, u64)],
    added: &BTreeMap<Currency, u64>,
) -> Option<(Currency, Currency)> {
    let before = main_currency(book.iter().copied())?;
    let mut after: BTreeMap<Currency, u64> = BTreeMap::new();
    for (c, n) in book.iter().copied().chain(added.iter().map(|(&c, &n)| (c, n))) {
        *after.entry(c).or_default() += n;
    }
    let after = main_currency(after)?;
    (after != before).then_some((before, after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CODES: [Currency; 4] = [Currency::CNY, Currency::EUR, Currency::JPY, Currency::USD];

    #[test]
    fn the_most_accounts_win_and_a_tie_goes_to_the_first_code() {
        assert_eq!(main_currency([(Currency::USD, 3), (Currency::CNY, 2)]), Some(Currency::USD));
        assert_eq!(main_currency([(Currency::USD, 2), (Currency::CNY, 2)]), Some(Currency::CNY));
        assert_eq!(main_currency([(Currency::CNY, 2), (Currency::USD, 2)]), Some(Currency::CNY));
        assert_eq!(main_currency([(Currency::USD, 0)]), None);
        assert_eq!(main_currency([]), None);
    }

    #[test]
    fn an_import_that_outnumbers_the_book_moves_it() {
        let book = [(Currency::CNY, 100), (Currency::USD, 20)];
        let usd = |n| BTreeMap::from([(Currency::USD, n)]);
        assert_eq!(main_currency_moves(&book, &usd(81)), Some((Currency::CNY, Currency::USD)));
        // 100 against 100: the tie goes to CNY, the first code, which it already is.
        assert_eq!(main_currency_moves(&book, &usd(80)), None);
        assert_eq!(main_currency_moves(&book, &BTreeMap::from([(Currency::CNY, 500)])), None);
        assert_eq!(main_currency_moves(&[], &usd(5)), None, "an empty book has nothing to move from");
        assert_eq!(main_currency_moves(&book, &BTreeMap::new()), None);
    }

    proptest! {
        /// The main currency is the first of the counts sorted by count (most first), then code.
        #[test]
        fn main_is_the_first_by_count_then_code(counts in prop::collection::vec(0u64..5, 4)) {
            let pairs: Vec<(Currency, u64)> = CODES.iter().copied().zip(counts).collect();
            let mut sorted: Vec<_> = pairs.iter().filter(|p| p.1 > 0).copied().collect();
            sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            prop_assert_eq!(main_currency(pairs.iter().copied()), sorted.first().map(|p| p.0));
        }

        /// A move is said exactly when the main currency of the sum differs from the book's.
        #[test]
        fn a_move_is_said_when_and_only_when_it_happens(
            book in prop::collection::vec(0u64..5, 4),
            added in prop::collection::vec(0u64..5, 4),
        ) {
            let book: Vec<(Currency, u64)> = CODES.iter().copied().zip(book).collect();
            let added_map: BTreeMap<Currency, u64> = CODES.iter().copied().zip(added.iter().copied()).collect();
            let sum = book.iter().map(|&(c, n)| (c, n + added_map[&c]));
            let (before, after) = (main_currency(book.iter().copied()), main_currency(sum));
            let expected = match (before, after) {
                (Some(b), Some(a)) if a != b => Some((b, a)),
                _ => None,
            };
            prop_assert_eq!(main_currency_moves(&book, &added_map), expected);
        }
    }
}
