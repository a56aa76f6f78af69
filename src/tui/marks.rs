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
    Upcoming,
    Overdue,
}

impl MarkState {
    pub fn of_milestone(status: MilestoneStatus, due: NaiveDate, today: NaiveDate) -> MarkState {
        if status != MilestoneStatus::Pending {
            MarkState::Done
        } else if due < today {
            MarkState::Overdue
        } else {
            MarkState::Upcoming
        }
    }
}
