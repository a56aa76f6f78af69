//! A rate is rounded once, from its exact ratio, wherever it is shown.

use super::Rate;
use crate::domain::calibrate::times;
use crate::domain::charts::percent;

fn shown(num: i64, den: i64) -> String {
    Rate::new(num, den).unwrap().to_string()
}

#[test]
fn one_decimal_is_rounded_from_the_exact_ratio() {
    // 41/105 = 0.390476…: 39.0476% is 39.0%, not 39.05 → 39.1.
    assert_eq!(shown(41, 105), "39.0%");
    // 0.253467 is 25.3%, not 25.35 → 25.4; 0.2534 was right either way.
    assert_eq!(shown(253_467, 1_000_000), "25.3%");
    assert_eq!(shown(2_534, 10_000), "25.3%");
    // Just under a half stays down; an exact half goes away from zero.
    assert_eq!(shown(39_049, 100_000), "39.0%");
    assert_eq!(shown(3_905, 10_000), "39.1%");
    assert_eq!(shown(-3_905, 10_000), "-39.1%");
    assert_eq!(shown(-39_049, 100_000), "-39.0%");
    assert_eq!([shown(0, 7), shown(7, 7), shown(1, 3), shown(2, 3)], ["0.0%", "100.0%", "33.3%", "66.7%"]);
}

#[test]
fn whole_percents_and_multiples_are_rounded_once() {
    // 39.495% is 39 whole percent (the basis points, 3950, would have said 40).
    assert_eq!(percent(Rate::new(39_495, 100_000)), Some(39));
    assert_eq!(percent(Rate::new(395, 1_000)), Some(40));
    assert_eq!(percent(None), None);
    // 2.494951× is 2.49× (24950 basis points would have said 2.50×).
    assert_eq!(times(Rate::new(2_494_951, 1_000_000).unwrap()), "2.49×");
    assert_eq!(times(Rate::new(5, 2).unwrap()), "2.50×");
}
