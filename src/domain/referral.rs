//! Referrals (转介绍, PLAYBOOK §13): a customer asked to introduce a prospect, and where
//! that introduction stands. A suggestion to ask that the CSM declines is kept as a
//! referral at stage `dismissed` dated the day it was declined: one record kind, so the
//! dismissal is versioned, undoable and exported like the rest, and "a referral exists in
//! this quarter" is the one thing that silences the suggestion (see `referral_moments`).

use super::account::{AccountId, ContactId, ReferralId};
use super::choice::choice;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

choice! {
    /// Where a referral stands: asked → introduced → meeting → won or lost.
    ReferralStage "referral stage" {
        Asked = "asked" ["ask", "requested", "已邀请", "已请求"],
        Introduced = "introduced" ["intro", "已引荐", "已介绍"],
        Meeting = "meeting" ["met", "见面", "已会面"],
        Won = "won" ["signed", "成交", "赢单"],
        Lost = "lost" ["dropped", "丢单", "失败"],
        // A "consider asking" suggestion declined: not asked this quarter.
        Dismissed = "dismissed" ["not asked", "暂不邀请", "忽略"],
    }
}

/// Days a referral may stay at one open stage before the agenda asks to follow it up.
pub const FOLLOW_UP_DAYS: i64 = 14;

impl ReferralStage {
    /// Still moving (asked, introduced, meeting).
    pub fn is_open(self) -> bool {
        matches!(self, ReferralStage::Asked | ReferralStage::Introduced | ReferralStage::Meeting)
    }

    /// The next step along asked → introduced → meeting → won; None once closed.
    pub fn next(self) -> Option<ReferralStage> {
        match self {
            ReferralStage::Asked => Some(ReferralStage::Introduced),
            ReferralStage::Introduced => Some(ReferralStage::Meeting),
            ReferralStage::Meeting => Some(ReferralStage::Won),
            _ => None,
        }
    }
}

/// A referral one account gave (or was asked for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub id: ReferralId,
    pub account_id: AccountId,
    /// Who at the account refers (one of its contacts), if known.
    pub contact_id: Option<ContactId>,
    /// The prospect's name (empty only for a dismissed suggestion).
    pub prospect: String,
    /// The day it was asked for (or the suggestion dismissed).
    pub date: NaiveDate,
    pub stage: ReferralStage,
    /// The day it reached its stage.
    pub stage_on: NaiveDate,
    /// May span lines.
    pub note: String,
    pub version: i64,
}

impl Referral {
    /// A referral just asked for (the store assigns the id).
    pub fn asked(account_id: AccountId, prospect: &str, on: NaiveDate) -> Referral {
        Referral {
            id: ReferralId(0),
            account_id,
            contact_id: None,
            prospect: prospect.to_string(),
            date: on,
            stage: ReferralStage::Asked,
            stage_on: on,
            note: String::new(),
            version: 0,
        }
    }

    /// The suggestion to ask, declined on `on`.
    pub fn dismissal(account_id: AccountId, on: NaiveDate) -> Referral {
        Referral { stage: ReferralStage::Dismissed, ..Referral::asked(account_id, "", on) }
    }

    /// When to follow it up: `FOLLOW_UP_DAYS` after it reached its stage, while it is open.
    pub fn follow_up_on(&self) -> Option<NaiveDate> {
        self.stage.is_open().then(|| self.stage_on + Duration::days(FOLLOW_UP_DAYS))
    }
}

/// The referral moved to `to` on `on`; None when `to` is its stage already.
pub fn move_referral(r: &Referral, to: ReferralStage, on: NaiveDate) -> Option<Referral> {
    (r.stage != to).then(|| Referral { stage: to, stage_on: on, ..r.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::choice::Choice;
    use proptest::prelude::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn stages_advance_to_won_and_stop() {
        let mut s = ReferralStage::Asked;
        let mut seen = vec![s];
        while let Some(n) = s.next() {
            s = n;
            seen.push(s);
        }
        use ReferralStage::*;
        assert_eq!(seen, vec![Asked, Introduced, Meeting, Won]);
        assert_eq!(Lost.next(), None);
        assert_eq!(Dismissed.next(), None);
        assert!(!Won.is_open() && !Lost.is_open() && !Dismissed.is_open());
    }

    #[test]
    fn stages_parse_from_chinese_and_aliases() {
        assert_eq!(ReferralStage::parse("已引荐").unwrap(), ReferralStage::Introduced);
        assert_eq!(ReferralStage::parse("Not Asked").unwrap(), ReferralStage::Dismissed);
        assert!(ReferralStage::parse("maybe").is_err());
    }

    #[test]
    fn follow_up_is_two_weeks_after_the_stage_while_open() {
        let r = Referral::asked(AccountId(1), "成都天府云图信息技术有限公司", d(11, 1));
        assert_eq!(r.follow_up_on(), Some(d(11, 15)));
        let moved = move_referral(&r, ReferralStage::Meeting, d(11, 10)).unwrap();
        assert_eq!(moved.follow_up_on(), Some(d(11, 24)));
        assert_eq!(moved.date, d(11, 1));
        assert_eq!(move_referral(&moved, ReferralStage::Meeting, d(11, 12)), None);
        let won = move_referral(&moved, ReferralStage::Won, d(11, 12)).unwrap();
        assert_eq!(won.follow_up_on(), None);
        assert_eq!(Referral::dismissal(AccountId(1), d(11, 2)).follow_up_on(), None);
    }

    proptest! {
        /// Moving always lands on the stage asked for, on the day given, and keeps the rest.
        #[test]
        fn move_keeps_everything_but_stage_and_day(from in 0usize..6, to in 0usize..6, day in 0i64..400) {
            let (from, to) = (ReferralStage::ALL[from], ReferralStage::ALL[to]);
            let mut r = Referral::asked(AccountId(3), "x", d(1, 1));
            r.stage = from;
            let on = d(1, 1) + Duration::days(day);
            match move_referral(&r, to, on) {
                None => prop_assert_eq!(from, to),
                Some(m) => {
                    prop_assert_eq!(m.stage, to);
                    prop_assert_eq!(m.stage_on, on);
                    prop_assert_eq!(Referral { stage: from, stage_on: d(1, 1), ..m }, r);
                }
            }
        }
    }
}
