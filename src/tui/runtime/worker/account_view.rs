//! What one account's detail pane and timeline row are given: its risk worked out, and
//! its dated marks. Pure: the worker loads the facts.

use super::TREND_WEEKS;
use crate::domain::risk::{self, RiskConfig};
use crate::domain::{AccountFacts, MilestoneKind, PromiseStatus};
use crate::i18n::Lang;
use crate::tui::msg::{DetailData, Mark, MarkKind, MarkState};
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// Risk worked out for the detail pane.
pub fn detail_data(facts: AccountFacts, now: NaiveDateTime, cfg: &RiskConfig, lang: Lang) -> DetailData {
    let assessment = risk::assess(&facts, now, cfg);
    let trend = risk::trend(&facts, now.date(), cfg, TREND_WEEKS);
    let flips = risk::flip_set(&assessment, cfg);
    let reasons = assessment
        .reasons
        .iter()
        .map(|r| {
            let (detail, action) = risk::render_reason(lang, r);
            (r.points, r.rule, detail, action)
        })
        .collect();
    let gaps = assessment
        .gaps
        .iter()
        .map(|g| {
            let (detail, action) = risk::render_gap(lang, g);
            (g.scored, detail, action)
        })
        .collect();
    DetailData { facts, assessment, trend, flips, reasons, gaps }
}

/// The dated events a timeline row shows: renewal, countdown milestones, reviews and
/// promise due dates, from a month back to a year ahead.
pub fn marks_of(f: &AccountFacts, today: NaiveDate) -> Vec<Mark> {
    let (from, to) = (today - Duration::days(31), today + Duration::days(400));
    let mut out = Vec::new();
    // A superseded milestone was never done: its term ended first; it is not drawn.
    let shown = |m: &&crate::domain::Milestone| m.status != crate::domain::MilestoneStatus::Superseded;
    for m in f.milestones.iter().filter(|m| m.due >= from && m.due <= to).filter(shown) {
        let kind = match m.kind {
            MilestoneKind::T0 => continue, // the renewal mark below stands for it
            k if k.is_countdown() => MarkKind::Countdown,
            k if k.is_cadence() => MarkKind::Review,
            _ => continue,
        };
        out.push(Mark { date: m.due, kind, state: MarkState::of_milestone(m.status, m.due, today) });
    }
    for p in &f.promises {
        if let Some(due) = p.due.filter(|d| *d >= from && *d <= to) {
            let state = match p.status {
                PromiseStatus::Open if due < today => MarkState::Overdue,
                PromiseStatus::Open => MarkState::Upcoming,
                PromiseStatus::Broken => MarkState::Overdue,
                _ => MarkState::Done,
            };
            out.push(Mark { date: due, kind: MarkKind::Promise, state });
        }
    }
    if let Some(end) = f.renewal_date() {
        let state = if end < today { MarkState::Overdue } else { MarkState::Upcoming };
        out.push(Mark { date: end, kind: MarkKind::Renewal, state });
    }
    // Later kinds draw over earlier ones on the same column: the renewal always shows.
    out.sort_by_key(|m| (m.kind, m.date));
    out
}
