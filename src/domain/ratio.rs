//! Whole numbers from exact ratios, rounded one way everywhere a user reads them (the value
//! report's changes and shares, the renewal form's up-sell): half away from zero.

/// `num / den` (den > 0) to the nearest whole number, a half away from zero.
pub fn round_half_away(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    if 2 * r.abs() >= den { q + num.signum() } else { q }
}

/// `part` as a whole percentage of `whole`, rounded half away from zero; None when `whole`
/// is 0. How every page shows a share (seat use, feature breadth): the handover sheet and
/// the Activity tab floored (2 of 3 seats read 66%) where the value report said 67%. (The
/// risk reasons floor theirs: a share under a threshold must not read as the threshold.)
pub fn percent(part: u64, whole: u64) -> Option<u64> {
    let p = (whole > 0).then(|| round_half_away(i128::from(part) * 100, i128::from(whole)))?;
    Some(u64::try_from(p).unwrap_or(u64::MAX))
}

/// A wide result narrowed to `i64`, saturating.
pub fn clamp(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_go_away_from_zero() {
        assert_eq!([round_half_away(5, 2), round_half_away(-5, 2)], [3, -3]);
        assert_eq!([round_half_away(7, 3), round_half_away(-7, 3), round_half_away(8, 3)], [2, -2, 3]);
        assert_eq!([round_half_away(0, 7), round_half_away(14, 7)], [0, 2]);
        assert_eq!([clamp(i128::MAX), clamp(i128::MIN), clamp(-5)], [i64::MAX, i64::MIN, -5]);
    }

    #[test]
    fn percentages_round_half_up_and_need_a_whole() {
        assert_eq!(
            [percent(2, 3), percent(1, 3), percent(1, 8), percent(3, 8)],
            [Some(67), Some(33), Some(13), Some(38)]
        );
        assert_eq!(
            [percent(0, 5), percent(5, 5), percent(7, 5), percent(3, 0)],
            [Some(0), Some(100), Some(140), None]
        );
        assert_eq!(percent(u64::MAX, 1), Some(u64::MAX), "saturates");
    }
}
