//! The one ranking of a typed query against a list, shared by the command palette and every
//! pick list. nucleo alone ranked by its fuzzy score, so `remind` put "Delete the selected
//! record" first (r…e…m…i…n…d scattered through it). Here the kind of match decides first:
//! the text starting with the query, then every query word starting a word, then the query
//! inside a word, then a scattered (subsequence) match; nucleo's score only orders matches
//! of the same kind, then the list's own order. A destructive entry is only listed on a
//! strong (prefix or word-start) match, so Enter after a vague query never runs it.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// How well an entry matches, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// The query's letters appear in order, scattered.
    Scattered,
    /// The query appears whole, inside a word.
    Inside,
    /// Every query word starts a word of the entry (Chinese: appears in it).
    WordStart,
    /// The entry's first text starts with the query.
    Prefix,
}

impl Strength {
    pub fn strong(self) -> bool {
        self >= Strength::WordStart
    }
}

/// One entry: its texts (what is shown first; ids and details after), and whether picking it
/// destroys something.
pub struct Candidate<'a> {
    pub texts: Vec<&'a str>,
    pub destructive: bool,
}

/// How `texts` match `query` (already trimmed, not empty); `None` when they do not.
pub fn strength(query: &str, texts: &[&str], fuzzy: bool) -> Option<Strength> {
    let q = query.to_lowercase();
    let lower: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
    if lower.first().is_some_and(|t| t.starts_with(&q)) {
        return Some(Strength::Prefix);
    }
    if q.split_whitespace().all(|w| lower.iter().any(|t| starts_a_word(t, w))) {
        return Some(Strength::WordStart);
    }
    if lower.iter().any(|t| t.contains(&q)) {
        return Some(Strength::Inside);
    }
    fuzzy.then_some(Strength::Scattered)
}

/// `word` starts a word of `text`: at its start or after a non-alphanumeric character.
/// Chinese is written without spaces, so there any occurrence counts.
fn starts_a_word(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    text.match_indices(word).any(|(i, _)| text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
}

/// Indexes of the entries matching `query`, best first (all, in order, for an empty query).
pub fn rank<'a>(query: &str, items: impl IntoIterator<Item = Candidate<'a>>) -> Vec<usize> {
    let q = query.trim();
    if q.is_empty() {
        return items.into_iter().enumerate().map(|(i, _)| i).collect();
    }
    // `new`, not `parse`: a typed `!` or `^` is text here, not nucleo syntax.
    let pattern = Pattern::new(q, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(Strength, u32, usize)> = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let hay = c.texts.join(" ");
            let score = pattern.score(Utf32Str::new(&hay, &mut buf), &mut matcher);
            let s = strength(q, &c.texts, score.is_some())?;
            (!c.destructive || s.strong()).then_some((s, score.unwrap_or(0), i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().map(|(_, _, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ranked(query: &str, items: &[(&str, bool)]) -> Vec<usize> {
        rank(query, items.iter().map(|(t, d)| Candidate { texts: vec![*t], destructive: *d }))
    }

    #[test]
    fn word_starts_beat_scattered_letters_and_deletes_need_a_strong_match() {
        let items = [
            ("Delete the selected record (or the account), after confirming delete_record", true),
            ("Milestone done (with a note) milestone_done", false),
            ("Renewal metrics show_metrics", false),
        ];
        // r…e…m…i…n…d only scattered through the delete's label: not offered.
        assert!(!ranked("remind", &items).contains(&0));
        assert_eq!(ranked("del", &items)[0], 0);
        assert_eq!(ranked("the sel", &items)[0], 0);
        assert_eq!(ranked("metr", &items), vec![2]);
        let reasons = [("Company closed", false), ("Chose a competitor", false), ("Price", false)];
        // Both start a word with "comp": both listed before anything scattered, in list order.
        assert_eq!(ranked("comp", &reasons)[..2], [0, 1]);
        assert_eq!(ranked("competitor", &reasons), vec![1]);
        assert_eq!(ranked("续约", &[("记录续约结果", false), ("续签", false)]), vec![0]);
    }

    fn word() -> impl Strategy<Value = String> {
        "[a-e]{1,5}"
    }

    proptest! {
        /// Whatever the entries and the query: a prefix or word-start match always ranks above
        /// a mere subsequence or inside match, and a destructive entry is never listed (so
        /// never first) unless its match is a prefix or word-start one.
        #[test]
        fn strong_matches_first_and_deletes_only_on_strong_ones(
            entries in proptest::collection::vec((proptest::collection::vec(word(), 1..4), any::<bool>()), 1..12),
            query in proptest::collection::vec(word(), 1..3),
        ) {
            let texts: Vec<String> = entries.iter().map(|(w, _)| w.join(" ")).collect();
            let q = query.join(" ");
            let r = rank(&q, texts.iter().zip(&entries).map(|(t, (_, d))| Candidate { texts: vec![t], destructive: *d }));
            // An independent oracle: each query word is the start of some word of the text.
            let strong = |t: &str| t.starts_with(&q)
                || query.iter().all(|qw| t.split(' ').any(|w| w.starts_with(qw.as_str())));
            let mut seen_weak = false;
            for i in &r {
                let s = strong(&texts[*i]);
                prop_assert!(!(s && seen_weak), "strong {:?} after a weak match in {:?}", texts[*i], r);
                seen_weak |= !s;
                prop_assert!(s || !entries[*i].1, "destructive {:?} listed on a weak match", texts[*i]);
            }
            for (i, t) in texts.iter().enumerate() {
                if strong(t) {
                    prop_assert!(r.contains(&i), "strong match {:?} missing", t);
                }
            }
        }
    }
}
