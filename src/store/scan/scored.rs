//! What a full recompute reads (issue 19): scoring on one day looks at few of a portfolio's
//! milestones, promises, requirements and requirement moves, and reading the rest was most
//! of its time. Each table's query is narrowed in SQL to what the day's rules can see (the
//! `risk::*_scored_on` tests, which `risk::tests_props` checks change no assessment); the
//! rows read are then narrowed by those same tests in Rust, so the SQL may only ever read
//! more than the rules need, never less (tests/it/store_scan.rs compares both with a full
//! load).

use crate::domain::risk::{keep_scored_history, promise_scored_on, requirement_scored_on};
use crate::domain::{AccountFacts, Choice, MilestoneKind, PromiseStatus, ReqLevel};
use chrono::{Datelike, NaiveDate};

/// The day as SQL text, when it can be compared as every date column is stored (a
/// four-digit year, ISO): otherwise nothing is narrowed in SQL.
fn sql_day(scored_on: Option<NaiveDate>) -> Option<(String, String)> {
    let day = scored_on.filter(|d| (1..=9999).contains(&d.year()))?;
    let next = day.succ_opt().filter(|d| d.year() <= 9999)?;
    Some((day.format("%Y-%m-%d").to_string(), next.format("%Y-%m-%d").to_string()))
}

/// `which`, narrowed to the stored milestones scoring on the day needs: those
/// `risk::milestone_scored_on(m, day)` keeps (overdue on the day: due before it, not done
/// or skipped by it; or the activation milestone), and those that stand for a playbook
/// date before the day (`origin`: without them their derived twin would read as overdue).
pub(super) fn milestones_which(which: &str, scored_on: Option<NaiveDate>) -> String {
    let Some((day, _)) = sql_day(scored_on) else { return which.to_string() };
    let activation = MilestoneKind::Activation.id();
    format!(
        "{which} AND ((due < '{day}' AND (done_on IS NULL OR done_on > '{day}')) OR kind = '{activation}' \
         OR origin < '{day}')"
    )
}

/// `which`, narrowed to the promises `risk::promise_scored_on` keeps: made by the day and
/// not kept or withdrawn by it.
pub(super) fn promises_which(which: &str, scored_on: Option<NaiveDate>) -> String {
    let Some((day, _)) = sql_day(scored_on) else { return which.to_string() };
    let (open, broken) = (PromiseStatus::Open.id(), PromiseStatus::Broken.id());
    format!("{which} AND made_on <= '{day}' AND (status IN ('{open}', '{broken}') OR status_on > '{day}')")
}

/// The condition on requirement `r` (an alias) of `risk::requirement_scored_on`: a P0 or
/// P1 raised by the day. Empty when nothing is narrowed.
fn requirement_cond(r: &str, scored_on: Option<NaiveDate>) -> String {
    let Some((day, _)) = sql_day(scored_on) else { return String::new() };
    let (p0, p1) = (ReqLevel::P0.id(), ReqLevel::P1.id());
    format!(" AND {r}level IN ('{p0}', '{p1}') AND {r}raised_on <= '{day}'")
}

/// `which`, narrowed to the requirements `risk::requirement_scored_on` keeps.
pub(super) fn requirements_which(which: &str, scored_on: Option<NaiveDate>) -> String {
    format!("{which}{}", requirement_cond("", scored_on))
}

/// The requirement moves of the accounts `which` selects, by account and requirement
/// (`note`: the column or `''`). Narrowed to a day, each requirement scoring reads gives
/// its one move `risk::keep_scored_history` keeps: the last before the next day began
/// (`at` is a timestamp; by (at, id), the history's order), found by the index on
/// (requirement_id, at).
pub(super) fn transitions_sql(which: &str, note: &str, scored_on: Option<NaiveDate>) -> String {
    let cols = format!("r.account_id, t.requirement_id, t.status, t.at, {note}");
    match sql_day(scored_on) {
        None => format!(
            "SELECT {cols} FROM requirement_transition t JOIN requirement r ON r.id = t.requirement_id \
             WHERE r.account_id {which} ORDER BY r.account_id, r.id, t.at, t.id"
        ),
        Some((_, next)) => format!(
            "SELECT {cols} FROM requirement r JOIN requirement_transition t ON t.id = \
             (SELECT l.id FROM requirement_transition l WHERE l.requirement_id = r.id AND l.at < '{next}' \
             ORDER BY l.at DESC, l.id DESC LIMIT 1) \
             WHERE r.account_id {which}{} ORDER BY r.account_id, r.id",
            requirement_cond("r.", scored_on)
        ),
    }
}

/// Leaves of an account's records what scoring on `day` reads (the milestones are
/// narrowed as they are derived, `derive_milestones`).
pub(super) fn narrow(f: &mut AccountFacts, day: NaiveDate) {
    f.promises.retain(|p| promise_scored_on(p, day));
    f.requirements.retain(|r| requirement_scored_on(r, day));
    f.requirements.iter_mut().for_each(|r| keep_scored_history(r, day));
}
