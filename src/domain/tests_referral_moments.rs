use super::*;
use crate::domain::referral::{Referral, ReferralStage};
use crate::domain::*;
use chrono::{Datelike, NaiveTime};
use proptest::prelude::*;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn at(m: u32, day: u32, h: u32) -> chrono::NaiveDateTime {
    d(m, day).and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap())
}

fn facts() -> AccountFacts {
    let mut a = Account::new("成都天府云图信息技术有限公司", Tier::Mid, Currency::CNY, d(1, 1));
    a.id = AccountId(7);
    AccountFacts::new(a)
}

fn touch(kind: TouchKind, on: NaiveDate) -> Touchpoint {
    Touchpoint {
        id: TouchpointId(1),
        account_id: AccountId(7),
        date: on,
        kind,
        contact_id: None,
        note: "谢谢 🎉".into(),
        version: 1,
    }
}

fn complaint(raised: chrono::NaiveDateTime, resolved: Option<chrono::NaiveDateTime>) -> Complaint {
    Complaint {
        id: ComplaintId(1),
        account_id: AccountId(7),
        raised_at: raised,
        severity: Severity::High,
        summary: "login fails".into(),
        cause: None,
        resolved_at: resolved,
        improvement: String::new(),
        version: 1,
    }
}

#[test]
fn quarters_are_calendar_quarters() {
    assert_eq!(quarter_of(d(1, 1)), quarter_of(d(3, 31)));
    assert_eq!(quarter_of(d(4, 1)), quarter_of(d(3, 31)) + 1);
    assert_eq!(quarter_of(d(12, 31)) + 1, quarter_of(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()));
}

#[test]
fn each_kind_of_good_moment_is_found() {
    let mut f = facts();
    f.touchpoints.push(touch(TouchKind::Praise, d(10, 3)));
    f.touchpoints.push(touch(TouchKind::Call, d(10, 4)));
    f.complaints.push(complaint(at(10, 5, 9), Some(at(10, 6, 9))));
    f.complaints.push(complaint(at(10, 7, 9), Some(at(10, 8, 10))));
    f.complaints.push(complaint(at(10, 9, 9), None));
    let mut r = Requirement {
        id: RequirementId(1),
        account_id: AccountId(7),
        title: "WeCom".into(),
        requester: String::new(),
        category: ReqCategory::Feature,
        level: ReqLevel::P1,
        raised_on: d(1, 2),
        status: ReqStatus::Closed,
        history: Vec::new(),
        version: 1,
    };
    for (s, day) in [(ReqStatus::Collected, 2), (ReqStatus::Delivered, 11), (ReqStatus::Closed, 12)] {
        r.history.push(ReqTransition { status: s, at: at(10, day, 9), note: String::new() });
    }
    f.requirements.push(r);
    let cny = |v| Money::new(v, Currency::CNY);
    // Each renewal on its own day, so a flat or down-sell renewal counted as an up-sell
    // would show as a moment of its own.
    let term = |arr, new, day| ContractTerm {
        id: TermId(1),
        account_id: AccountId(7),
        start: d(1, 1),
        end: d(10, 1),
        arr: cny(arr),
        outcome: Some(TermOutcome::Renewed { decided_on: d(10, day), new_arr: cny(new) }),
        version: 1,
    };
    f.terms.push(term(100, 120, 13));
    f.terms.push(term(100, 100, 14));
    f.terms.push(term(100, 90, 15));
    let mut got: Vec<(NaiveDate, GoodMoment)> = good_moments(&f).iter().map(|m| (m.on, m.kind)).collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (d(10, 3), GoodMoment::Praise),
            (d(10, 6), GoodMoment::QuickFix),
            (d(10, 11), GoodMoment::Delivered),
            (d(10, 13), GoodMoment::Upsell),
        ]
    );
}

/// A complaint "resolved" before it was raised (a bad import) is no good moment; one
/// resolved exactly 24 hours later still is.
#[test]
fn a_complaint_resolved_before_raised_is_no_good_moment_and_24_hours_still_count() {
    let mut f = facts();
    f.complaints.push(complaint(at(10, 5, 9), Some(at(10, 4, 9))));
    assert!(good_moments(&f).is_empty());
    f.complaints.push(complaint(at(10, 5, 9), Some(at(10, 6, 9))));
    assert_eq!(good_moments(&f), vec![Moment { on: d(10, 6), kind: GoodMoment::QuickFix }]);
}

#[test]
fn one_suggestion_for_the_quarter_then_none_once_dismissed_or_asked() {
    let mut f = facts();
    f.touchpoints.push(touch(TouchKind::Praise, d(10, 3)));
    f.touchpoints.push(touch(TouchKind::Praise, d(11, 3)));
    let s = referral_suggestion(&f, d(11, 22)).unwrap();
    assert_eq!((s.on, s.kind, s.quarter), (d(11, 3), GoodMoment::Praise, quarter_of(d(11, 22))));
    // Not before the moment, not in the next quarter.
    assert_eq!(referral_suggestion(&f, d(10, 2)), None);
    assert_eq!(referral_suggestion(&f, NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()), None);
    let mut dismissed = f.clone();
    dismissed.referrals.push(Referral::dismissal(AccountId(7), d(11, 20)));
    assert_eq!(referral_suggestion(&dismissed, d(11, 22)), None);
    let mut asked = f.clone();
    asked.referrals.push(Referral::asked(AccountId(7), "王总", d(10, 1)));
    assert_eq!(referral_suggestion(&asked, d(11, 22)), None);
    // A referral of last quarter does not silence this one.
    let mut old = f.clone();
    let mut r = Referral::asked(AccountId(7), "王总", d(9, 30));
    r.stage = ReferralStage::Won;
    old.referrals.push(r);
    assert!(referral_suggestion(&old, d(11, 22)).is_some());
}

fn term_to(end: NaiveDate, outcome: Option<TermOutcome>) -> ContractTerm {
    ContractTerm {
        id: TermId(1),
        account_id: AccountId(7),
        start: end - Duration::days(365),
        end,
        arr: Money::new(100, Currency::CNY),
        outcome,
        version: 1,
    }
}

fn churn(on: NaiveDate) -> Option<TermOutcome> {
    Some(TermOutcome::Churned {
        decided_on: on,
        reason: ChurnReason::Price,
        note: "预算砍了".into(),
        because_of: None,
    })
}

/// A lapsed renewal (the term in force ended, no outcome recorded: `renewal_lapsed`) is no
/// moment to ask for a referral, whatever good moment the quarter had; found in a CSM trial
/// (天津远景医疗器械 in the demo: 16 days over, score 90, still suggested).
#[test]
fn no_suggestion_while_the_renewal_has_lapsed() {
    let mut f = facts();
    f.touchpoints.push(touch(TouchKind::Praise, d(11, 3)));
    f.terms.push(term_to(d(11, 6), None));
    assert!(referral_suggestion(&f, d(11, 5)).is_some(), "before the end: ask");
    assert!(referral_suggestion(&f, d(11, 6)).is_some(), "on the renewal day itself it has not lapsed yet");
    assert_eq!(referral_suggestion(&f, d(11, 7)), None, "the day after the end: lapsed");
    assert_eq!(referral_suggestion(&f, d(11, 22)), None);
    // An outcome dated after today does not count yet (as for `renewal_lapsed`).
    let cny = |v| Money::new(v, Currency::CNY);
    f.terms[0].outcome = Some(TermOutcome::Renewed { decided_on: d(11, 23), new_arr: cny(100) });
    assert_eq!(referral_suggestion(&f, d(11, 22)), None);
    // Renewed (late, but recorded): a good moment again.
    f.terms[0].outcome = Some(TermOutcome::Renewed { decided_on: d(11, 20), new_arr: cny(100) });
    assert!(referral_suggestion(&f, d(11, 22)).is_some());
}

/// A churned account is no one to ask either; won back (a new term after the churn), it is.
#[test]
fn no_suggestion_for_a_churned_account_until_it_is_won_back() {
    let mut f = facts();
    f.touchpoints.push(touch(TouchKind::Praise, d(11, 3)));
    f.terms.push(term_to(d(11, 1), churn(d(10, 20))));
    assert_eq!(referral_suggestion(&f, d(11, 22)), None);
    let mut back = term_to(d(11, 10) + Duration::days(365), None);
    back.start = d(11, 10);
    f.terms.push(back);
    assert_eq!(referral_suggestion(&f, d(11, 9)), None, "before the new term starts: still churned");
    assert!(referral_suggestion(&f, d(11, 22)).is_some(), "won back");
    // Marked churned with no term at all: churned on every day.
    let mut g = facts();
    g.touchpoints.push(touch(TouchKind::Praise, d(11, 3)));
    g.account.stage = Stage::Churned;
    assert_eq!(referral_suggestion(&g, d(11, 22)), None);
}

fn moment() -> impl Strategy<Value = Moment> {
    (0i64..730, 0usize..4)
        .prop_map(|(day, k)| Moment { on: d(1, 1) + Duration::days(day), kind: GoodMoment::ALL[k] })
}

proptest! {
    /// Whatever the moments, every day of a quarter gives the same one suggestion (or none
    /// before its first moment): one per account per quarter.
    #[test]
    fn at_most_one_suggestion_per_quarter(moments in prop::collection::vec(moment(), 0..12), start in 0i64..700) {
        let today = d(1, 1) + Duration::days(start);
        let q = quarter_of(today);
        let in_q: Vec<&Moment> = moments.iter().filter(|m| quarter_of(m.on) == q && m.on <= today).collect();
        let s = suggest(&moments, &[], today);
        prop_assert_eq!(s.is_some(), !in_q.is_empty());
        if let Some(s) = s {
            prop_assert_eq!(s.quarter, q);
            prop_assert_eq!(Some(s.on), in_q.iter().map(|m| m.on).max());
            // Later days of the quarter name the same quarter: still one suggestion.
            // (Bounded: a quarter has at most 14 weeks, whatever `quarter_of` says.)
            for week in 0..14 {
                let day = today + Duration::days(7 * week);
                if day.month0() / 3 != today.month0() / 3 || day.year() != today.year() {
                    break;
                }
                prop_assert_eq!(suggest(&moments, &[], day).map(|s| s.quarter), Some(q));
            }
        }
    }

    /// A referral (or a dismissal) dated in the quarter leaves no suggestion there, on any day.
    #[test]
    fn none_after_a_dismissal(moments in prop::collection::vec(moment(), 0..12), start in 0i64..700, back in 0i64..92) {
        let today = d(1, 1) + Duration::days(start);
        let dismissed = today - Duration::days(back);
        prop_assume!(quarter_of(dismissed) == quarter_of(today));
        prop_assert_eq!(suggest(&moments, &[dismissed], today), None);
    }
}
