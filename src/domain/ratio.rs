//! Whole numbers from exact ratios, rounded one way everywhere a user reads them (the value
//! report's changes and shares, the renewal form's up-sell): half away from zero.

/// `num / den` (den > 0) to the nearest whole number, a half away from zero.
pub fn round_half_away(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    if 2 * r.abs() >= den { q + num.signum() } else { q }
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
}
