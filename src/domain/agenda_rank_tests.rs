//! Tests of `agenda_rank`: ranking, grouping, the filters and reselection.

use super::*;
use crate::domain::Currency;
use chrono::NaiveDate;
use proptest::prelude::*;

#[test]
fn reselect_keeps_the_line_or_moves_on_to_what_followed_it() {
    let k = |id: i64| (false, AgendaKind::Renewal, id);
    let before = [k(1), k(2), k(3), k(4), k(5)];
    assert_eq!(reselect(&before, 1, &before), Some(1), "the same line");
    assert_eq!(reselect(&before, 1, &[k(1), k(3), k(4), k(5)]), Some(1), "the next one, one scan");
    assert_eq!(
        reselect(&before, 1, &[k(9), k(5), k(4), k(5)]),
        Some(2),
        "a later one, indexed: its first place"
    );
    assert_eq!(reselect(&before, 3, &[k(1), k(2)]), None, "nothing that followed is left");
    assert_eq!(reselect(&before, 4, &[k(1)]), None, "the last line went");
}

fn row(status: AgendaStatus, account: i64, stake: i128, day: u32, owner: &str) -> AgendaRow {
    AgendaRow {
        item: AgendaItem {
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            kind: AgendaKind::Milestone,
            status,
            account_id: AccountId(account),
            item_id: i64::from(day) * 100 + account,
            version: 1,
            milestone: None,
            text: String::new(),
            next: None,
            churn: None,
            moment: None,
            stands_for: None,
            renewal: None,
        },
        account: format!("#{account}").into(),
        owner: owner.into(),
        stake,
    }
}

#[test]
fn stake_weighs_arr_in_the_reporting_currency() {
    use crate::domain::money::{FxRate, FxValue};
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let rate = FxValue::parse("7.1").unwrap();
    let fx =
        Converter::new(Currency::CNY, vec![FxRate::new(Currency::USD, Currency::CNY, day, rate).unwrap()]);
    let usd = Money::from_major(100_000, Currency::USD);
    // $100k weighs ¥710k from the rate's day on; before it, $100k as it is.
    assert_eq!(stake(weighed(&fx, usd, day), Some(50)), 35_500_000);
    assert_eq!(stake(weighed(&fx, usd, day.pred_opt().unwrap()), Some(50)), 5_000_000);
    // A ¥100k account does not outrank a $100k one any more.
    assert!(
        stake(weighed(&fx, usd, day), Some(50)) > stake(Money::from_major(100_000, Currency::CNY), Some(50))
    );
}

#[test]
fn stake_is_arr_in_major_units_times_score() {
    assert_eq!(stake(Money::new(12_000_000, Currency::CNY), Some(50)), 6_000_000);
    assert_eq!(stake(Money::new(12_000_000, Currency::CNY), None), 0);
}

#[test]
fn the_most_expensive_slip_comes_first_within_each_section() {
    use AgendaStatus::*;
    let mut rows = vec![
        row(Due, 1, 10, 22, "a"),
        row(Overdue, 2, 5, 1, "a"),
        row(Overdue, 3, 50, 20, "b"),
        row(Due, 4, 99, 22, "a"),
    ];
    rank(&mut rows);
    let order: Vec<i64> = rows.iter().map(|r| r.item.account_id.0).collect();
    assert_eq!(order, vec![3, 2, 4, 1]);
}

#[test]
fn accounts_with_work_come_before_those_with_only_a_suggestion() {
    use AgendaStatus::*;
    let ask = |status, account, stake| AgendaRow {
        item: AgendaItem { kind: AgendaKind::ReferralAsk, ..row(status, account, stake, 22, "a").item },
        ..row(status, account, stake, 22, "a")
    };
    let mut rows = vec![
        ask(Due, 1, 900),
        row(Due, 2, 5, 22, "a"),
        ask(Due, 3, 50),
        // Work and a suggestion: the account ranks with work, its items together, the
        // suggestion last though older.
        ask(Due, 4, 40),
        row(Due, 4, 40, 23, "a"),
        // Another section: ranked on its own.
        ask(Overdue, 5, 1),
    ];
    rank(&mut rows);
    let all = AgendaFilter { all_owners: true, ..AgendaFilter::default() };
    let order = |kept: Vec<usize>| -> Vec<(i64, bool)> {
        kept.iter()
            .map(|&i| (rows[i].item.account_id.0, rows[i].item.kind == AgendaKind::ReferralAsk))
            .collect()
    };
    assert_eq!(
        order(visible(&rows, all, None, &CoOwned::default())),
        vec![(5, true), (4, false), (4, true), (2, false), (1, true), (3, true)]
    );
    // Suggestions alone (`t`): by stake, as ranked.
    let asks = AgendaFilter { kind: Some(AgendaKind::ReferralAsk), ..all };
    assert_eq!(
        order(visible(&rows, asks, None, &CoOwned::default())),
        vec![(5, true), (1, true), (3, true), (4, true)]
    );
}

#[test]
fn mine_is_me_only_when_i_own_accounts() {
    let none = CoOwned::default();
    let count = |o: &str, accounts, churned| OwnerCount { owner: o.into(), accounts, churned };
    let owners = vec![count("Li Na", 3, 0), count("Alex Kim", 0, 0), count("Wang Wei", 2, 2)];
    assert_eq!(mine(Some("Li Na"), &owners, &none), Some("Li Na"));
    // Every account churned: still mine (their win-back items are).
    assert_eq!(mine(Some("Wang Wei"), &owners, &none), Some("Wang Wei"));
    assert_eq!((owners[0].book(), owners[2].book()), (3, 0));
    assert_eq!(count("Li Na", 5, 2).book(), 3, "the book is the accounts not churned");
    assert_eq!(mine(Some("Alex Kim"), &owners, &none), None, "no accounts of my own: all");
    assert_eq!(mine(Some("Boss"), &owners, &none), None);
    assert_eq!(mine(None, &owners, &none), None);
    // Team mode: co-owning an account is having one (the login's only, not a name picked).
    let co = CoOwned::new("Alex Kim", vec![AccountId(9)]);
    assert_eq!(mine(Some("Alex Kim"), &owners, &co), Some("Alex Kim"));
    assert_eq!(mine(Some("Boss"), &owners, &co), None);
    assert_eq!(mine(None, &owners, &co), None);
}

#[test]
fn mine_shows_the_items_of_co_owned_accounts_and_no_other_owners() {
    use AgendaStatus::*;
    let rows = vec![row(Overdue, 1, 1, 1, "li"), row(Overdue, 2, 2, 1, "li"), row(Due, 3, 3, 22, "bob")];
    let f = AgendaFilter::default();
    let co = CoOwned::new("bob", vec![AccountId(2)]);
    assert_eq!(visible(&rows, f, Some("bob"), &co), vec![1, 2], "his own and the one he co-owns");
    assert_eq!(visible(&rows, f, Some("li"), &co), vec![0, 1], "li's co-owned ids are not bob's");
    assert_eq!(visible(&rows, AgendaFilter { all_owners: true, ..f }, Some("bob"), &co), vec![0, 1, 2]);
}

#[test]
fn filter_by_owner_window_and_kind() {
    use AgendaStatus::*;
    let rows = vec![row(Overdue, 1, 1, 1, "me"), row(Upcoming, 2, 1, 25, "me"), row(Due, 3, 1, 22, "you")];
    let f = AgendaFilter::default();
    assert_eq!(visible(&rows, f, Some("me"), &CoOwned::default()), vec![0]);
    let week = AgendaFilter { window: Window::Week, ..f };
    assert_eq!(visible(&rows, week, Some("me"), &CoOwned::default()), vec![0, 1]);
    let all = AgendaFilter { all_owners: true, ..f };
    assert_eq!(visible(&rows, all, Some("me"), &CoOwned::default()), vec![0, 2]);
    assert_eq!(visible(&rows, f, None, &CoOwned::default()), vec![0, 2], "nobody set: everyone's");
    let promises = AgendaFilter { kind: Some(AgendaKind::Promise), ..all };
    assert!(visible(&rows, promises, Some("me"), &CoOwned::default()).is_empty());
    let mut k = f;
    for _ in 0..=AgendaKind::ALL.len() {
        k.next_kind();
    }
    assert_eq!(k.kind, None, "the kind toggle comes back to all");
    assert_eq!(counts(&rows, &[0, 1, 2]), (1, 1, 1));
}

proptest! {
    /// Grouping never loses or repeats an item: expanded, every kept row is listed
    /// once, in order; collapsed, the group lines count them all.
    #[test]
    fn grouping_keeps_every_item_once(spec in proptest::collection::vec((0u8..3, 1i64..5, 0i128..3, 1u32..28, any::<bool>()), 0..40)) {
        let status = |s| [AgendaStatus::Overdue, AgendaStatus::Due, AgendaStatus::Upcoming][s as usize];
        let kind = |ask| if ask { AgendaKind::ReferralAsk } else { AgendaKind::Milestone };
        let mut rows: Vec<AgendaRow> = spec.iter().map(|(s, a, k, d, ask)| {
            let r = row(status(*s), *a, *k * 10 + *a as i128, *d, "me");
            AgendaRow { item: AgendaItem { kind: kind(*ask), ..r.item.clone() }, ..r }
        }).collect();
        rank(&mut rows);
        let every = AgendaFilter { all_owners: true, window: Window::Week, kind: None };
        let kept = visible(&rows, every, None, &CoOwned::default());
        // Within a section no account with only a suggestion comes before one with work,
        // and each part keeps the rank order.
        let work: HashSet<GroupKey> =
            rows.iter().filter(|r| r.item.kind != AgendaKind::ReferralAsk).map(group_key).collect();
        for w in kept.windows(2) {
            let (a, b) = (&rows[w[0]], &rows[w[1]]);
            prop_assert!(a.item.status <= b.item.status);
            if a.item.status == b.item.status {
                let (wa, wb) = (work.contains(&group_key(a)), work.contains(&group_key(b)));
                prop_assert!(wa || !wb);
                if wa == wb {
                    prop_assert!(w[0] < w[1]);
                }
            }
        }
        let mut sorted = kept.clone();
        sorted.sort_unstable();
        prop_assert_eq!(sorted, (0..rows.len()).collect::<Vec<_>>());
        let all: HashSet<GroupKey> = rows.iter().map(group_key).collect();
        let open = lines(&rows, &kept, &all);
        let items: Vec<usize> = open.iter().filter_map(|l| if let Line::Item { row, .. } = l { Some(*row) } else { None }).collect();
        prop_assert_eq!(items, kept.clone());
        // Only a group's last item closes the tree (`└`); its others are `├`.
        for (at, l) in open.iter().enumerate() {
            if let Line::Item { indented: true, last, .. } = *l {
                let more = matches!(open.get(at + 1), Some(Line::Item { indented: true, .. }));
                prop_assert_eq!(last, !more, "line {} of {:?}", at, open);
            }
        }
        let closed = lines(&rows, &kept, &HashSet::new());
        let total: usize = closed.iter().map(|l| match l { Line::Item { .. } => 1, Line::Group { count, .. } => *count }).sum();
        prop_assert_eq!(total, rows.len());
        for l in &closed {
            if let Line::Group { count, .. } = l { prop_assert!(*count > 1); }
        }
    }
}
