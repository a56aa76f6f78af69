//! The sections of the sheet about where the account stands now: open items, usage, the
//! playbook milestones (implementation plan, next steps, renewal countdown) and risk.

use super::quote::quote;
use super::{Sheet, cell, date, inline, table};
use crate::domain::risk::{self, RiskConfig};
use crate::domain::text::clean_line;
use crate::domain::*;
use crate::i18n::tf;
use crate::refresh;
use chrono::NaiveDateTime;
use std::fmt::Write;

impl Sheet<'_> {
    pub(super) fn open_items(&self, out: &mut String) {
        self.heading(out, "open_items");
        let open: Vec<&Requirement> = self.f.requirements.iter().filter(|r| r.status.is_open()).collect();
        let at = self.today.and_hms_opt(23, 59, 59).unwrap_or_default();
        let complaints: Vec<&Complaint> = self.f.complaints.iter().filter(|c| c.open_at(at)).collect();
        if open.is_empty() && complaints.is_empty() {
            let _ = writeln!(out, "{}", self.t("none"));
            return;
        }
        if !open.is_empty() {
            let rows: Vec<Vec<String>> = open
                .iter()
                .map(|r| {
                    let since = r.status_since(self.today);
                    vec![
                        cell(&r.title),
                        self.label(r.level),
                        self.label(r.category),
                        format!("{} ({})", self.label(r.status), date(Some(since))),
                        date(Some(r.raised_on)),
                        cell(&r.requester),
                    ]
                })
                .collect();
            let h = ["requirement", "level", "category", "status", "raised_on", "requester"];
            table(out, &h.map(|k| self.t(k)), &rows);
        }
        for c in complaints {
            let _ = writeln!(
                out,
                "\n- **{}** ({}, {}): {}",
                self.t("complaint"),
                self.label(c.severity),
                c.raised_at.format("%Y-%m-%d %H:%M"),
                cell(&c.summary)
            );
        }
    }

    pub(super) fn usage(&self, out: &mut String) {
        self.heading(out, "usage");
        let Some(u) = self.f.usage.iter().rev().find(|u| u.date <= self.today) else {
            let _ = writeln!(out, "{}", self.t("no_usage"));
            return;
        };
        let pct = |a: u32, b: u32| {
            crate::domain::ratio::percent(a.into(), b.into()).map_or("-".to_string(), |p| format!("{p}%"))
        };
        let _ = writeln!(out, "{}", tf(self.l, "handover.usage_as_of", &[("date", &date(Some(u.date)))]));
        let _ = writeln!(
            out,
            "- {}: {} / {} ({})",
            self.t("active_users"),
            u.active_users,
            u.seats,
            pct(u.active_users, u.seats)
        );
        let _ = writeln!(out, "- {}: {} · {}: {}", self.t("logins"), u.logins, self.t("minutes"), u.minutes);
        let _ = writeln!(
            out,
            "- {}: {} / {} ({})",
            self.t("features"),
            u.features_used,
            u.features_total,
            pct(u.features_used, u.features_total)
        );
        let month_ago = u.date - chrono::Duration::days(30);
        if let Some(old) = self.f.usage.iter().rev().find(|o| o.date <= month_ago) {
            let _ = writeln!(
                out,
                "- {}",
                tf(
                    self.l,
                    "handover.usage_before",
                    &[("date", &date(Some(old.date))), ("users", &old.active_users.to_string())]
                )
            );
        }
    }

    /// The milestones `pick` takes, or `empty` when there are none.
    fn milestones(&self, out: &mut String, pick: impl Fn(&Milestone) -> bool, limit: usize, empty: &str) {
        let rows: Vec<Vec<String>> = self
            .f
            .milestones
            .iter()
            .filter(|m| pick(m))
            .take(limit)
            .map(|m| {
                let status = match m.done_on {
                    Some(d) if m.status != MilestoneStatus::Pending => {
                        format!("{} {}", self.label(m.status), date(Some(d)))
                    }
                    _ if m.due < self.today => format!("**{}**", self.t("overdue")),
                    _ => self.label(m.status),
                };
                vec![self.label(m.kind), date(Some(m.due)), status]
            })
            .collect();
        if rows.is_empty() {
            let _ = writeln!(out, "{empty}");
        } else {
            table(out, &["milestone", "due", "status"].map(|k| self.t(k)), &rows);
        }
    }

    pub(super) fn implementation(&self, out: &mut String) {
        self.heading(out, "implementation");
        self.milestones(
            out,
            |m| {
                matches!(
                    m.kind,
                    MilestoneKind::Activation | MilestoneKind::NoHowTo | MilestoneKind::OwnCampaigns
                )
            },
            10,
            &self.t("none"),
        );
    }

    pub(super) fn next_steps(&self, out: &mut String) {
        self.heading(out, "next_steps");
        let pending = |m: &Milestone| m.status == MilestoneStatus::Pending && m.due >= self.today;
        self.milestones(out, pending, 5, &self.t("none"));
    }

    pub(super) fn intent(&self, out: &mut String) {
        self.heading(out, "intent");
        let a = &self.f.account;
        let forecast = a.forecast.map_or_else(
            || self.t("no_forecast"),
            |f| format!("{} ({})", self.label(f), date(a.forecast_on)),
        );
        let _ = writeln!(out, "- **{}**{}{}", self.t("forecast"), self.t("colon"), forecast);
        if let Some(end) = self.f.renewal_date() {
            let _ = writeln!(
                out,
                "- **{}**{}{} ({})",
                self.t("renewal_date"),
                self.t("colon"),
                date(Some(end)),
                self.days(end)
            );
        }
        let _ = writeln!(out);
        // A bare "None." under the bullets said nothing of what was missing (a churned
        // account's sheet): the countdown, and why there is none.
        let Some(term) = self.f.current_term() else {
            let churn = self.f.terms.last().and_then(|t| match &t.outcome {
                Some(TermOutcome::Churned { decided_on, reason, .. }) => Some((*decided_on, *reason)),
                _ => None,
            });
            let why = match churn {
                Some((on, reason)) => tf(
                    self.l,
                    "handover.no_countdown_churned",
                    &[("date", &date(Some(on))), ("reason", &self.label(reason))],
                ),
                None => self.t("no_countdown_no_term"),
            };
            let _ = writeln!(out, "{why}");
            return;
        };
        let countdown = |m: &Milestone| m.kind.is_countdown() && m.due > term.start;
        self.milestones(out, countdown, 10, &self.t("no_countdown"));
    }

    /// The last ten touchpoints, newest first, each note in full: its own lines kept as a
    /// quote, its text inert Markdown like every cell.
    pub(super) fn touchpoints(&self, out: &mut String) {
        self.heading(out, "touchpoints");
        let recent: Vec<&Touchpoint> =
            self.f.touchpoints.iter().rev().filter(|t| t.date <= self.today).take(10).collect();
        if recent.is_empty() {
            let _ = writeln!(out, "{}", self.t("no_touchpoints"));
            return;
        }
        for (i, t) in recent.into_iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let who =
                self.f.contact(t.contact_id).map(|c| format!(" · {}", cell(&c.name))).unwrap_or_default();
            let _ = writeln!(out, "**{} · {}{who}**\n", date(Some(t.date)), self.label(t.kind));
            quote(out, &t.note);
        }
    }

    /// Every open task, soonest first (an overdue one marked): what the next CSM inherits.
    pub(super) fn tasks(&self, out: &mut String) {
        self.heading(out, "tasks");
        let open = crate::domain::task::open_tasks(&self.f.tasks);
        if open.is_empty() {
            let _ = writeln!(out, "{}", self.t("none"));
            return;
        }
        let rows: Vec<Vec<String>> = open
            .iter()
            .map(|t| {
                let due = if t.due < self.today {
                    format!("**{}** ({})", date(Some(t.due)), self.t("overdue"))
                } else {
                    date(Some(t.due))
                };
                let who = self.f.contact(t.contact_id);
                vec![
                    cell(&t.title),
                    due,
                    cell(&who.map(|c| c.name.clone()).unwrap_or_default()),
                    self.label(t.created_from),
                ]
            })
            .collect();
        table(out, &["task", "due", "task_with", "task_from"].map(|k| self.t(k)), &rows);
    }

    pub(super) fn risk(&self, out: &mut String, now: NaiveDateTime, cfg: &RiskConfig) {
        self.heading(out, "risk");
        if risk::is_churned(self.f, self.today) {
            let _ = writeln!(out, "{}", self.t("not_scored"));
            return;
        }
        let (a, _) = refresh::score(self.f, now, cfg);
        let _ = writeln!(
            out,
            "{}\n",
            tf(self.l, "handover.score", &[("score", &a.score.to_string()), ("band", &self.label(a.band))])
        );
        for r in &a.reasons {
            let (detail, action) = risk::render_reason(self.l, r);
            // Reasons quote customer text (promises, names): escaped like a cell.
            let _ = writeln!(
                out,
                "- +{} {} → {}",
                r.points,
                inline(&clean_line(&detail)),
                inline(&clean_line(&action))
            );
        }
        if a.reasons.is_empty() {
            let _ = writeln!(out, "{}", self.t("no_risk"));
        }
    }
}
