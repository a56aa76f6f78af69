//! The ROC AUC of a score for an outcome: the chance that a random account that churned
//! scored higher than a random one that renewed, ties counted half (the Mann–Whitney U
//! statistic over the number of pairs). Kept as an exact fraction; 0.5 is a coin toss.

use std::fmt;

/// `num / den` with the ties already doubled in: num = 2·wins + ties, den = 2·pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Auc {
    /// Pairs (churned, renewed) where the churned one scored higher.
    pub wins: u64,
    /// Pairs that scored the same.
    pub ties: u64,
    /// All (churned, renewed) pairs.
    pub pairs: u64,
}

impl Auc {
    pub fn value(&self) -> f64 {
        (2 * self.wins + self.ties) as f64 / (2 * self.pairs) as f64
    }

    /// In thousandths, rounded half up (exact: no floating point).
    pub fn milli(&self) -> u64 {
        let (n, d) = (u128::from(2 * self.wins + self.ties) * 1000, u128::from(2 * self.pairs));
        u64::try_from((2 * n + d) / (2 * d)).unwrap_or(u64::MAX)
    }
}

impl fmt::Display for Auc {
    /// `0.742`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.milli();
        write!(f, "{}.{:03}", m / 1000, m % 1000)
    }
}

/// The AUC of `score` for `positive` (churned) over `samples`, in O(n log n): sort by
/// score, then each positive beats every negative in the groups below it and ties with
/// the negatives of its own group. None without at least one positive and one negative.
pub fn auc<T: Ord + Copy>(samples: &[(T, bool)]) -> Option<Auc> {
    let mut sorted: Vec<(T, bool)> = samples.to_vec();
    sorted.sort_by_key(|a| a.0);
    let (mut wins, mut ties, mut negatives_below) = (0u64, 0u64, 0u64);
    let mut i = 0;
    while i < sorted.len() {
        let score = sorted[i].0;
        let (mut pos, mut neg) = (0u64, 0u64);
        while i < sorted.len() && sorted[i].0 == score {
            if sorted[i].1 {
                pos += 1
            } else {
                neg += 1
            }
            i += 1;
        }
        wins += pos * negatives_below;
        ties += pos * neg;
        negatives_below += neg;
    }
    let positives = sorted.iter().filter(|s| s.1).count() as u64;
    let pairs = positives * negatives_below;
    (pairs > 0).then_some(Auc { wins, ties, pairs })
}

/// The definition, pair by pair, in O(n²): the oracle the tests hold `auc` to.
#[cfg(test)]
pub fn auc_pairwise<T: Ord + Copy>(samples: &[(T, bool)]) -> Option<Auc> {
    let (mut wins, mut ties, mut pairs) = (0u64, 0u64, 0u64);
    for (p, _) in samples.iter().filter(|s| s.1) {
        for (n, _) in samples.iter().filter(|s| !s.1) {
            pairs += 1;
            match p.cmp(n) {
                std::cmp::Ordering::Greater => wins += 1,
                std::cmp::Ordering::Equal => ties += 1,
                std::cmp::Ordering::Less => {}
            }
        }
    }
    (pairs > 0).then_some(Auc { wins, ties, pairs })
}
