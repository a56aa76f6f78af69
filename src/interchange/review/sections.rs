//! The report's sections after usage: the modules used, outcomes against why they bought,
//! requirements, promises, complaints, and next year's goals.

use super::{Doc, change};
use crate::domain::review::{Goal, Metric};
use crate::interchange::handover::{cell, date, table};
use std::fmt::Write;

impl Doc<'_> {
    /// Radar keeps how many features are used, not which: the breadth is reported and the
    /// modules are left for the CSM to name.
    pub(super) fn features(&self, out: &mut String) {
        self.heading(out, "features");
        let u = &self.r.usage;
        match (u.before, u.after.or(u.before)) {
            (Some(b), Some(a)) if u.after.is_some() => {
                let pct = |p: Option<u32>| p.map_or("-".to_string(), |p| format!("{p}%"));
                let _ = writeln!(
                    out,
                    "{}",
                    self.tf(
                        "breadth_moved",
                        &[
                            ("before", &b.features_used.to_string()),
                            ("after", &a.features_used.to_string()),
                            ("total", &a.features_total.to_string()),
                            ("pb", &pct(b.breadth_pct())),
                            ("pa", &pct(a.breadth_pct())),
                        ]
                    )
                );
            }
            (_, Some(a)) => {
                let _ = writeln!(
                    out,
                    "{}",
                    self.tf(
                        "breadth_now",
                        &[("n", &a.features_used.to_string()), ("total", &a.features_total.to_string())]
                    )
                );
            }
            _ => {}
        }
        let _ = writeln!(out, "\n> {}", self.t("name_modules"));
    }

    pub(super) fn outcomes(&self, out: &mut String) {
        self.heading(out, "outcomes");
        let h = &self.f.account.handover;
        let colon = self.t("colon");
        let _ = writeln!(out, "- **{}**{colon}{}", self.t("why_bought"), cell(&h.why_bought));
        let _ = writeln!(out, "- **{}**{colon}{}", self.t("pain_points"), cell(&h.pain_points));
        let mut measured = Vec::new();
        if let (Some(b), Some(a)) = (self.r.usage.before, self.r.usage.after) {
            for m in [Metric::ActiveUsers, Metric::Logins, Metric::Minutes] {
                measured.push(self.tf(
                    "measured_item",
                    &[
                        ("what", &self.t(&format!("metric.{}", m.id()))),
                        ("before", &m.of(&b).to_string()),
                        ("after", &m.of(&a).to_string()),
                        ("change", &change(b.change_to(m, &a))),
                    ],
                ));
            }
        }
        measured.push(self.tf("delivered_n", &[("n", &self.r.delivered.len().to_string())]));
        measured.push(self.tf("kept_n", &[("n", &self.r.kept.len().to_string())]));
        let _ = writeln!(
            out,
            "- **{}**{colon}{}",
            self.t("measured"),
            measured.join(self.t("list_sep").as_str())
        );
        let _ = writeln!(out, "\n> {}", self.t("write_outcomes"));
    }

    pub(super) fn requirements(&self, out: &mut String) {
        self.heading(out, "requirements");
        let n = self.r.delivered.len().to_string();
        let _ = writeln!(out, "### {}\n", self.tf("delivered", &[("n", &n)]));
        if self.r.delivered.is_empty() {
            let _ = writeln!(out, "{}", self.t("none"));
        } else {
            let rows: Vec<Vec<String>> = self
                .r
                .delivered
                .iter()
                .map(|d| {
                    let q = d.req;
                    vec![cell(&q.title), self.label(q.level), date(Some(q.raised_on)), date(Some(d.on))]
                })
                .collect();
            table(out, &["requirement", "level", "raised_on", "delivered_on"].map(|k| self.t(k)), &rows);
        }
        let n = self.r.open.len().to_string();
        let _ = writeln!(out, "\n### {}\n", self.tf("still_open", &[("n", &n)]));
        if self.r.open.is_empty() {
            let _ = writeln!(out, "{}", self.t("none"));
        } else {
            let to = self.r.period.to;
            let rows: Vec<Vec<String>> = self
                .r
                .open
                .iter()
                .map(|q| {
                    let status = q.status_at(to).map_or("-".into(), |s| self.label(s));
                    vec![
                        cell(&q.title),
                        self.label(q.level),
                        format!("{status} ({})", date(Some(q.status_since(to)))),
                        date(Some(q.raised_on)),
                    ]
                })
                .collect();
            table(out, &["requirement", "level", "status", "raised_on"].map(|k| self.t(k)), &rows);
        }
        self.declined(out);
    }

    /// The requirements declined in the period and why: only when there are any, so a
    /// report without one reads as it did.
    fn declined(&self, out: &mut String) {
        if self.r.declined.is_empty() {
            return;
        }
        let n = self.r.declined.len().to_string();
        let _ = writeln!(out, "\n### {}\n", self.tf("declined", &[("n", &n)]));
        let rows: Vec<Vec<String>> = self
            .r
            .declined
            .iter()
            .map(|d| {
                let reason = if d.reason.trim().is_empty() { "-".to_string() } else { cell(d.reason) };
                vec![cell(&d.req.title), self.label(d.req.level), date(Some(d.on)), reason]
            })
            .collect();
        table(out, &["requirement", "level", "declined_on", "declined_reason"].map(|k| self.t(k)), &rows);
    }

    pub(super) fn promises(&self, out: &mut String) {
        self.heading(out, "promises");
        let n = self.r.kept.len().to_string();
        let _ = writeln!(out, "### {}\n", self.tf("kept", &[("n", &n)]));
        if self.r.kept.is_empty() {
            let _ = writeln!(out, "{}", self.t("none"));
        } else {
            let rows: Vec<Vec<String>> = self
                .r
                .kept
                .iter()
                .map(|p| vec![cell(&p.text), date(p.due), date(Some(p.status_on))])
                .collect();
            table(out, &["promise", "due", "kept_on"].map(|k| self.t(k)), &rows);
        }
        if self.r.not_kept.is_empty() {
            return;
        }
        let n = self.r.not_kept.len().to_string();
        let _ = writeln!(out, "\n### {}\n", self.tf("not_kept", &[("n", &n)]));
        let to = self.r.period.to;
        let rows: Vec<Vec<String>> = self
            .r
            .not_kept
            .iter()
            .map(|p| {
                let status = p.status_at(to).map_or("-".into(), |s| self.label(s));
                let status = if p.status_at(to).is_some_and(|s| s.is_open()) {
                    status
                } else {
                    format!("{status} ({})", date(Some(p.status_on)))
                };
                vec![cell(&p.text), date(p.due), status]
            })
            .collect();
        table(out, &["promise", "due", "status"].map(|k| self.t(k)), &rows);
    }

    pub(super) fn complaints(&self, out: &mut String) {
        self.heading(out, "complaints");
        let cs = &self.r.complaints;
        if cs.is_empty() {
            let _ = writeln!(out, "{}", self.t("no_complaints"));
            return;
        }
        let _ = writeln!(
            out,
            "{}\n",
            self.tf(
                "complaints_summary",
                &[("n", &cs.len().to_string()), ("fast", &self.r.fixed_within_a_day().to_string())]
            )
        );
        let rows: Vec<Vec<String>> = cs
            .iter()
            .map(|c| {
                let k = c.complaint;
                let resolved = match (k.resolved_at, c.hours) {
                    (Some(at), Some(h)) => self.tf(
                        "resolved_in",
                        &[("date", &at.format("%Y-%m-%d %H:%M").to_string()), ("h", &h.to_string())],
                    ),
                    _ => format!("**{}**", self.t("still_unresolved")),
                };
                vec![
                    k.raised_at.format("%Y-%m-%d %H:%M").to_string(),
                    cell(&k.summary),
                    self.label(k.severity),
                    resolved,
                    k.cause.map_or("-".into(), |c| self.label(c)),
                    cell(&k.improvement),
                ]
            })
            .collect();
        let h = ["raised_at", "complaint", "severity", "resolved", "cause", "improvement"];
        table(out, &h.map(|k| self.t(k)), &rows);
    }

    pub(super) fn goals(&self, out: &mut String) {
        self.heading(out, "goals");
        let _ = writeln!(out, "{}\n", self.t("goals_draft"));
        let to = self.r.period.to;
        for g in &self.r.goals {
            let line = match g {
                Goal::Deliver(q) => self.tf(
                    "goal_deliver",
                    &[
                        ("title", &cell(&q.title)),
                        ("level", &self.label(q.level)),
                        ("status", &q.status_at(to).map_or("-".into(), |s| self.label(s))),
                        ("since", &date(Some(q.status_since(to)))),
                    ],
                ),
                Goal::Keep(p) => self.tf("goal_keep", &[("text", &cell(&p.text)), ("due", &date(p.due))]),
                Goal::Resolve(c) => self.tf(
                    "goal_resolve",
                    &[("summary", &cell(&c.summary)), ("date", &date(Some(c.raised_at.date())))],
                ),
                Goal::Follow(t) => {
                    self.tf("goal_follow", &[("title", &cell(&t.title)), ("due", &date(Some(t.due)))])
                }
            };
            let _ = writeln!(out, "- [ ] {line}");
        }
        let seats = self.r.usage.after.or(self.r.usage.before).map_or("-".into(), |u| u.seats.to_string());
        let _ = writeln!(out, "- [ ] {}", self.tf("goal_usage", &[("seats", &seats)]));
        let _ = writeln!(out, "- [ ] {}", self.t("goal_blank"));
    }
}
