//! Where an account is in its life (PLAYBOOK §3: handover → onboarding → adoption →
//! steady use → renewal), inferred from its contract when nobody has said. The demo and
//! the importer both start new accounts here; the renewal outcome actions move the stage
//! themselves (`actions::contract`).

use super::kinds::Stage;
use chrono::NaiveDate;

/// The stage of an account whose relationship began on `since` (its first contract's
/// start) and whose current term ends on `renewal`, as of `today`. A churned account is
/// churned; within 90 days of the renewal date it is in renewal; otherwise by months since
/// the start, against the playbook's targets (activated by month 1, self-sufficient by
/// month 3, running its own campaigns by month 9). Months are 30-day blocks.
pub fn infer_stage(since: NaiveDate, renewal: NaiveDate, today: NaiveDate, churned: bool) -> Stage {
    let months_in = (today - since).num_days() / 30;
    if churned {
        Stage::Churned
    } else if (renewal - today).num_days() <= 90 {
        Stage::Renewal
    } else if months_in < 1 {
        Stage::Handover
    } else if months_in < 3 {
        Stage::Onboarding
    } else if months_in < 9 {
        Stage::Adoption
    } else {
        Stage::Mature
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;

    /// The importer's rule before it moved here (`interchange/import/accounts.rs`), kept
    /// as the oracle.
    fn old_import_derive_stage(start: NaiveDate, renewal: NaiveDate, today: NaiveDate) -> Stage {
        let months_in = (today - start).num_days() / 30;
        if (renewal - today).num_days() <= 90 {
            Stage::Renewal
        } else if months_in < 1 {
            Stage::Handover
        } else if months_in < 3 {
            Stage::Onboarding
        } else if months_in < 9 {
            Stage::Adoption
        } else {
            Stage::Mature
        }
    }

    /// The demo's copy before it moved here (`demo/account.rs`), kept as the oracle.
    fn old_demo_stage(churned: bool, first_start: NaiveDate, end: NaiveDate, today: NaiveDate) -> Stage {
        let months_in = (today - first_start).num_days() / 30;
        if churned {
            Stage::Churned
        } else if (end - today).num_days() <= 90 {
            Stage::Renewal
        } else if months_in < 1 {
            Stage::Handover
        } else if months_in < 3 {
            Stage::Onboarding
        } else if months_in < 9 {
            Stage::Adoption
        } else {
            Stage::Mature
        }
    }

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap() + Duration::days(offset)
    }

    proptest! {
        // Random dates on both sides of today (starts in the future and renewals long past
        // included): the one rule answers what both copies answered.
        #[test]
        fn infer_stage_equals_both_old_copies(
            since in -4000i64..400, renewal in -400i64..4000, churned in any::<bool>(), today in -30i64..30,
        ) {
            let (since, renewal, today) = (day(since), day(renewal), day(today));
            let new = infer_stage(since, renewal, today, churned);
            prop_assert_eq!(new, old_demo_stage(churned, since, renewal, today));
            if !churned {
                prop_assert_eq!(new, old_import_derive_stage(since, renewal, today));
            }
        }
    }

    #[test]
    fn each_boundary_of_the_playbook_targets() {
        let today = day(0);
        let far = day(400);
        assert_eq!(infer_stage(day(-500), far, today, true), Stage::Churned);
        assert_eq!(infer_stage(day(-500), day(90), today, true), Stage::Churned, "churn wins over renewal");
        // Renewal: 90 days out is in, 91 is not; a renewal date already past is in.
        assert_eq!(infer_stage(day(-500), day(90), today, false), Stage::Renewal);
        assert_eq!(infer_stage(day(-500), day(91), today, false), Stage::Mature);
        assert_eq!(infer_stage(day(-500), day(-10), today, false), Stage::Renewal);
        // Months are 30-day blocks from the start.
        assert_eq!(infer_stage(day(-29), far, today, false), Stage::Handover);
        assert_eq!(infer_stage(day(-30), far, today, false), Stage::Onboarding);
        assert_eq!(infer_stage(day(-89), far, today, false), Stage::Onboarding);
        assert_eq!(infer_stage(day(-90), far, today, false), Stage::Adoption);
        assert_eq!(infer_stage(day(-269), far, today, false), Stage::Adoption);
        assert_eq!(infer_stage(day(-270), far, today, false), Stage::Mature);
        // A contract starting later is not yet handed over (negative months round to 0).
        assert_eq!(infer_stage(day(45), far, today, false), Stage::Handover);
    }
}
