//! What a timeline row draws for one account: its dated events (renewal, countdown steps,
//! reviews, promise due dates) and whether each is done, upcoming or overdue.

use crate::domain::MilestoneStatus;
use chrono::NaiveDate;

/// What a timeline row draws: a dated event and whether it is done, upcoming or overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub date: NaiveDate,
    pub kind: MarkKind,
    pub state: MarkState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkKind {
    Review,
    Promise,
    Countdown,
    Renewal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkState {
    Done,
    /// A playbook step skipped: decided, but not done (drawn dim, not in done's colour: a
    /// skipped T-60 read as held; CSM trial, session 33).
    Skipped,
    Upcoming,
    Overdue,
}

impl MarkState {
    pub fn of_milestone(status: MilestoneStatus, due: NaiveDate, today: NaiveDate) -> MarkState {
        if status == MilestoneStatus::Skipped {
            MarkState::Skipped
        } else if status != MilestoneStatus::Pending {
            MarkState::Done
        } else if due < today {
            MarkState::Overdue
        } else {
            MarkState::Upcoming
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_step_is_not_drawn_as_done() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        let at = |status| MarkState::of_milestone(status, d(8), d(22));
        assert_eq!(at(MilestoneStatus::Skipped), MarkState::Skipped);
        assert_eq!(at(MilestoneStatus::Done), MarkState::Done);
        assert_eq!(at(MilestoneStatus::Pending), MarkState::Overdue);
        assert_eq!(MarkState::of_milestone(MilestoneStatus::Pending, d(28), d(22)), MarkState::Upcoming);
    }
}
