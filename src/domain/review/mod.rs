//! The value report and business review (PLAYBOOK §9, §11 T-90): the figures only. What
//! the customer got in the period, in numbers: usage at the start of the period against
//! usage at its end, requirements delivered and still open, promises kept, complaints and
//! how they were fixed, and the open items that become next year's goals. Rendering is
//! `interchange::review`; this is pure, so the golden tests can check every figure by hand.

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
mod usage;

pub use usage::{Comparison, Metric, Share, Totals, UsageFigures, change_pct};

use super::dates::add_months;
use super::facts::AccountFacts;
use super::kinds::{PromiseStatus, ReqStatus};
use super::records::{Complaint, Promise, Requirement};
use super::task::Task;
use chrono::{Duration, NaiveDate};

/// An annual value report (年度价值报告) compares the first three months of the period
/// with the last three; a quarterly business review its first month with its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    Annual,
    Qbr,
}

impl ReviewKind {
    pub fn id(self) -> &'static str {
        match self {
            ReviewKind::Annual => "annual",
            ReviewKind::Qbr => "qbr",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "annual" | "value" | "value_report" | "年度" => Some(ReviewKind::Annual),
            "qbr" | "quarterly" | "review" | "季度" => Some(ReviewKind::Qbr),
            _ => None,
        }
    }

    /// Months at each end of the period that are compared.
    pub fn window_months(self) -> i32 {
        match self {
            ReviewKind::Annual => 3,
            ReviewKind::Qbr => 1,
        }
    }
}

/// The days the report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The default period: for the annual report the term in force today (else the open one,
/// else the last) from its start to today or its end, whichever is first; for a QBR the
/// three months up to today. A renewal recorded early opens a term that has not begun: the
/// report was of that term, one day long, with "no usage recorded" (helper's trial, session 21).
pub fn default_period(f: &AccountFacts, kind: ReviewKind, today: NaiveDate) -> Period {
    match kind {
        ReviewKind::Qbr => Period { from: add_months(today, -3) + Duration::days(1), to: today },
        ReviewKind::Annual => {
            match crate::domain::term::term_at(&f.terms, today).or(f.current_term()).or(f.terms.last()) {
                Some(t) => Period { from: t.start, to: today.min(t.end).max(t.start) },
                None => Period { from: add_months(today, -12) + Duration::days(1), to: today },
            }
        }
    }
}

/// A requirement delivered in the period, and the day it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered<'a> {
    pub req: &'a Requirement,
    pub on: NaiveDate,
}

/// A requirement declined in the period: the day, and the reason the CSM gave (the note of
/// its move to rejected). Closing the loop is telling the customer that too (PLAYBOOK §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declined<'a> {
    pub req: &'a Requirement,
    pub on: NaiveDate,
    pub reason: &'a str,
}

/// A complaint raised in the period, and how long it took to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFix<'a> {
    pub complaint: &'a Complaint,
    /// Whole hours from raised to resolved (None: still open at the end of the period).
    pub hours: Option<i64>,
}

impl ComplaintFix<'_> {
    /// Resolved within the playbook's 24 hours (PLAYBOOK §8).
    pub fn within_a_day(&self) -> bool {
        self.hours.is_some_and(|h| h <= 24)
    }
}

/// A draft goal for next year, from something still open at the end of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Goal<'a> {
    Deliver(&'a Requirement),
    Keep(&'a Promise),
    Resolve(&'a Complaint),
    /// An open follow-up task: the next step already agreed.
    Follow(&'a Task),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review<'a> {
    pub kind: ReviewKind,
    pub period: Period,
    pub usage: Comparison,
    /// Delivered (or closed without a delivery step) in the period, by date.
    pub delivered: Vec<Delivered<'a>>,
    /// Still being worked on at the end of the period (not delivered, closed or
    /// rejected), oldest first.
    pub open: Vec<&'a Requirement>,
    /// Rejected in the period (and still rejected at its end), by date.
    pub declined: Vec<Declined<'a>>,
    /// Kept in the period.
    pub kept: Vec<&'a Promise>,
    /// Broken or withdrawn in the period, or still open at its end.
    pub not_kept: Vec<&'a Promise>,
    /// Raised in the period, oldest first.
    pub complaints: Vec<ComplaintFix<'a>>,
    pub goals: Vec<Goal<'a>>,
}

impl Review<'_> {
    /// Complaints raised in the period and resolved within 24 hours.
    pub fn fixed_within_a_day(&self) -> usize {
        self.complaints.iter().filter(|c| c.within_a_day()).count()
    }
}

/// The figures of the report on `f` over `period`.
pub fn compute(f: &AccountFacts, kind: ReviewKind, period: Period) -> Review<'_> {
    let to = period.to;
    let end_of_to = to.and_hms_opt(23, 59, 59).unwrap_or_default();
    let mut delivered: Vec<Delivered> = f
        .requirements
        .iter()
        .filter(|r| matches!(r.status_at(to), Some(ReqStatus::Delivered | ReqStatus::Closed)))
        .filter_map(|r| {
            delivered_on(r, to).filter(|d| period.contains(*d)).map(|on| Delivered { req: r, on })
        })
        .collect();
    delivered.sort_by_key(|d| (d.on, d.req.id));
    // Delivered but not yet closed with the customer is reported as delivered: this
    // report is that feedback.
    let mut open: Vec<&Requirement> = f
        .requirements
        .iter()
        .filter(|r| r.status_at(to).is_some_and(|s| s.is_open() && s != ReqStatus::Delivered))
        .collect();
    open.sort_by_key(|r| (r.raised_on, r.id));
    let declined = declined_in(f, period);
    let decided_in = |p: &Promise| period.contains(p.status_on);
    let kept =
        f.promises.iter().filter(|p| p.status_at(to) == Some(PromiseStatus::Kept) && decided_in(p)).collect();
    let not_kept = f
        .promises
        .iter()
        .filter(|p| match p.status_at(to) {
            Some(PromiseStatus::Open) => true,
            Some(PromiseStatus::Broken | PromiseStatus::Withdrawn) => decided_in(p),
            _ => false,
        })
        .collect();
    let mut complaints: Vec<ComplaintFix> = f
        .complaints
        .iter()
        .filter(|c| period.contains(c.raised_at.date()))
        .map(|c| ComplaintFix {
            complaint: c,
            hours: c.resolved_at.filter(|r| *r <= end_of_to).map(|r| (r - c.raised_at).num_hours()),
        })
        .collect();
    complaints.sort_by_key(|c| (c.complaint.raised_at, c.complaint.id));
    let mut goals: Vec<Goal> = open.iter().map(|r| Goal::Deliver(r)).collect();
    goals.extend(f.promises.iter().filter(|p| p.status_at(to) == Some(PromiseStatus::Open)).map(Goal::Keep));
    goals.extend(f.complaints.iter().filter(|c| c.open_at(end_of_to)).map(Goal::Resolve));
    goals.extend(
        crate::domain::task::open_tasks(&f.tasks).into_iter().filter(|t| t.open_at(to)).map(Goal::Follow),
    );
    Review {
        kind,
        period,
        usage: usage::compare(&f.usage, kind, period),
        delivered,
        open,
        declined,
        kept,
        not_kept,
        complaints,
        goals,
    }
}

/// The requirements rejected in `period` and still rejected at its end, with the day and
/// the note of their last move to rejected, by date.
fn declined_in(f: &AccountFacts, period: Period) -> Vec<Declined<'_>> {
    let to = period.to;
    let mut out: Vec<Declined> = f
        .requirements
        .iter()
        .filter(|r| r.status_at(to) == Some(ReqStatus::Rejected))
        .filter_map(|r| {
            let moved =
                r.history.iter().rev().find(|t| t.status == ReqStatus::Rejected && t.at.date() <= to)?;
            let on = moved.at.date();
            period.contains(on).then_some(Declined { req: r, on, reason: moved.note.as_str() })
        })
        .collect();
    out.sort_by_key(|d| (d.on, d.req.id));
    out
}

/// The day `r` was delivered as of `to`: its move to delivered, else (closed straight
/// from an earlier step) its move to closed.
fn delivered_on(r: &Requirement, to: NaiveDate) -> Option<NaiveDate> {
    let when =
        |s: ReqStatus| r.history.iter().find(|t| t.status == s && t.at.date() <= to).map(|t| t.at.date());
    when(ReqStatus::Delivered).or_else(|| when(ReqStatus::Closed))
}
