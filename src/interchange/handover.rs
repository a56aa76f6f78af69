//! The handover sheet (交接单, PLAYBOOK §4) as Markdown, ready to paste into an email or a
//! wiki. What it holds depends on the stage the account is handed over in:
//! - handover (sales → CSM): decision chain with opponents, pain points and why they
//!   bought, special clauses, every promise;
//! - onboarding: decision chain, contract, implementation plan, next-stage plan;
//! - adoption / mature (steady use): decision chain, contract, open issues and
//!   requirements, current usage, business context;
//! - renewal (and churned): renewal intent, decision chain, last year's contract, open
//!   issues and requirements, usage.
//!
//! Promises and the risk reasons close every sheet. All text is sanitised, and table
//! cells escape `|` so a customer's data cannot break the table.

use crate::domain::risk::{self, RiskConfig};
use crate::domain::text::clean_line;
use crate::domain::*;
use crate::i18n::{Lang, choice_label, t, tf};
use crate::refresh;
use chrono::{NaiveDate, NaiveDateTime};
use std::fmt::Write;

/// The sheet for `facts` as handed over in `stage`, as of `now`.
pub fn render(
    facts: &AccountFacts,
    stage: Stage,
    lang: Lang,
    now: NaiveDateTime,
    cfg: &RiskConfig,
) -> String {
    let s = Sheet { f: facts, l: lang, today: now.date() };
    let mut out = String::new();
    s.header(&mut out, stage);
    use Section::*;
    let sections: &[Section] = match stage {
        Stage::Handover => &[Chain, WhyBought, Contract, Promises],
        Stage::Onboarding => &[Chain, Contract, Implementation, NextSteps, Promises],
        Stage::Adoption | Stage::Mature => &[Chain, Contract, OpenItems, Usage, WhyBought, Promises],
        Stage::Renewal | Stage::Churned => &[Intent, Chain, Contract, OpenItems, Usage, Promises],
    };
    for section in sections {
        out.push('\n');
        match section {
            Chain => s.chain(&mut out),
            WhyBought => s.why_bought(&mut out),
            Contract => s.contract(&mut out),
            Promises => s.promises(&mut out),
            Implementation => s.implementation(&mut out),
            NextSteps => s.next_steps(&mut out),
            OpenItems => s.open_items(&mut out),
            Usage => s.usage(&mut out),
            Intent => s.intent(&mut out),
        }
    }
    out.push('\n');
    s.risk(&mut out, now, cfg);
    out
}

#[derive(Clone, Copy)]
enum Section {
    Chain,
    WhyBought,
    Contract,
    Promises,
    Implementation,
    NextSteps,
    OpenItems,
    Usage,
    Intent,
}

struct Sheet<'a> {
    f: &'a AccountFacts,
    l: Lang,
    today: NaiveDate,
}

/// Text for a table cell: one line, `|` escaped, `-` when empty.
fn cell(s: &str) -> String {
    let s = clean_line(s).replace('|', "\\|");
    if s.is_empty() { "-".into() } else { s }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".into(), |d| d.format("%Y-%m-%d").to_string())
}

fn table(out: &mut String, headers: &[String], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(headers.len()));
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
}

impl Sheet<'_> {
    fn t(&self, key: &str) -> String {
        t(self.l, &format!("handover.{key}"))
    }

    fn heading(&self, out: &mut String, key: &str) {
        let _ = writeln!(out, "## {}\n", self.t(key));
    }

    fn label<C: Choice>(&self, c: C) -> String {
        choice_label(self.l, c)
    }

    fn days(&self, d: NaiveDate) -> String {
        let n = (d - self.today).num_days();
        if n >= 0 {
            tf(self.l, "handover.in_days", &[("n", &n.to_string())])
        } else {
            tf(self.l, "handover.days_ago", &[("n", &(-n).to_string())])
        }
    }

    fn header(&self, out: &mut String, stage: Stage) {
        let a = &self.f.account;
        let _ = writeln!(out, "# {}{}{}\n", self.t("title"), self.t("colon"), cell(&a.name));
        let mut rows = vec![
            (self.t("external_id"), cell(a.external_id.as_deref().unwrap_or(""))),
            (self.t("tier"), self.label(a.tier)),
            (self.t("stage"), self.label(a.stage)),
            (self.t("sheet_for"), self.label(stage)),
            (self.t("owner"), cell(&a.owner)),
            (self.t("industry"), cell(&a.industry)),
            (self.t("region"), cell(&a.region)),
            (self.t("target_fit"), self.t(if a.target_fit { "yes" } else { "no" })),
            (self.t("activated_on"), date(a.activated_on)),
            (self.t("arr"), self.f.arr().format_full()),
        ];
        if let Some(end) = self.f.renewal_date() {
            rows.push((self.t("renewal_date"), format!("{} ({})", date(Some(end)), self.days(end))));
        }
        rows.push((self.t("prepared_on"), date(Some(self.today))));
        let body: Vec<Vec<String>> = rows.into_iter().map(|(k, v)| vec![k, v]).collect();
        table(out, &[self.t("field"), self.t("value")], &body);
    }

    fn chain(&self, out: &mut String) {
        self.heading(out, "chain");
        let people: Vec<&Contact> = self.f.contacts.iter().collect();
        if people.is_empty() {
            let _ = writeln!(out, "{}", self.t("chain_empty"));
            return;
        }
        let rows: Vec<Vec<String>> = people
            .iter()
            .map(|c| {
                let stance = if c.stance == Stance::Opponent {
                    format!("**{}**", self.label(c.stance))
                } else {
                    self.label(c.stance)
                };
                let status = match c.left_on {
                    Some(d) if d <= self.today => tf(self.l, "handover.left_on", &[("date", &date(Some(d)))]),
                    _ => self.t("active"),
                };
                vec![
                    cell(&c.name),
                    cell(&c.title),
                    self.label(c.role),
                    stance,
                    c.kp_tier.map_or("-".into(), |k| self.label(k)),
                    self.label(c.influence),
                    date(c.last_contact),
                    status,
                ]
            })
            .collect();
        let h = ["person", "job_title", "role", "stance", "kp", "influence", "last_contact", "status"];
        table(out, &h.map(|k| self.t(k)), &rows);
        let has = |role: Role| self.f.contacts.iter().any(|c| c.role == role && c.active_on(self.today));
        for (role, key) in [(Role::DecisionMaker, "no_decision_maker"), (Role::Admin, "no_admin")] {
            if !has(role) {
                let _ = writeln!(out, "\n> {}", self.t(key));
            }
        }
    }

    fn why_bought(&self, out: &mut String) {
        let h = &self.f.account.handover;
        self.heading(out, "why_bought");
        let _ = writeln!(out, "- **{}**{}{}", self.t("pain_points"), self.t("colon"), cell(&h.pain_points));
        let _ = writeln!(out, "- **{}**{}{}", self.t("reason_bought"), self.t("colon"), cell(&h.why_bought));
    }

    fn contract(&self, out: &mut String) {
        self.heading(out, "contract");
        let rows: Vec<Vec<String>> = self
            .f
            .terms
            .iter()
            .rev()
            .take(3)
            .map(|term| {
                let outcome = match &term.outcome {
                    None => self.t("open_term"),
                    Some(TermOutcome::Renewed { decided_on, new_arr }) => tf(
                        self.l,
                        "handover.renewed",
                        &[("date", &date(Some(*decided_on))), ("arr", &new_arr.format_full())],
                    ),
                    Some(TermOutcome::Churned { decided_on, reason, .. }) => tf(
                        self.l,
                        "handover.churned",
                        &[("date", &date(Some(*decided_on))), ("reason", &self.label(*reason))],
                    ),
                };
                vec![
                    format!("{} → {}", date(Some(term.start)), date(Some(term.end))),
                    term.arr.format_full(),
                    outcome,
                ]
            })
            .collect();
        table(out, &["term", "arr", "outcome"].map(|k| self.t(k)), &rows);
        let _ = writeln!(
            out,
            "\n- **{}**{}{}",
            self.t("special_clauses"),
            self.t("colon"),
            cell(&self.f.account.handover.special_clauses)
        );
    }

    fn promises(&self, out: &mut String) {
        self.heading(out, "promises");
        if self.f.promises.is_empty() {
            let _ = writeln!(out, "{}", self.t("none"));
            return;
        }
        let rows: Vec<Vec<String>> = self
            .f
            .promises
            .iter()
            .map(|p| {
                let overdue = p.status.is_open() && p.due.is_some_and(|d| d < self.today);
                let status = if overdue {
                    format!("**{}** ({})", self.label(p.status), self.t("overdue"))
                } else {
                    self.label(p.status)
                };
                vec![cell(&p.text), date(p.due), status, cell(&p.made_by)]
            })
            .collect();
        table(out, &["promise", "due", "status", "made_by"].map(|k| self.t(k)), &rows);
    }

    fn open_items(&self, out: &mut String) {
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

    fn usage(&self, out: &mut String) {
        self.heading(out, "usage");
        let Some(u) = self.f.usage.iter().rev().find(|u| u.date <= self.today) else {
            let _ = writeln!(out, "{}", self.t("no_usage"));
            return;
        };
        let pct = |a: u32, b: u32| {
            if b == 0 { "-".to_string() } else { format!("{}%", u64::from(a) * 100 / u64::from(b)) }
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

    fn milestones(&self, out: &mut String, pick: impl Fn(&Milestone) -> bool, limit: usize) {
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
            let _ = writeln!(out, "{}", self.t("none"));
        } else {
            table(out, &["milestone", "due", "status"].map(|k| self.t(k)), &rows);
        }
    }

    fn implementation(&self, out: &mut String) {
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
        );
    }

    fn next_steps(&self, out: &mut String) {
        self.heading(out, "next_steps");
        self.milestones(out, |m| m.status == MilestoneStatus::Pending && m.due >= self.today, 5);
    }

    fn intent(&self, out: &mut String) {
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
        self.milestones(
            out,
            |m| m.kind.is_countdown() && self.f.current_term().is_some_and(|t| m.due > t.start),
            10,
        );
    }

    fn risk(&self, out: &mut String, now: NaiveDateTime, cfg: &RiskConfig) {
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
            let _ = writeln!(out, "- +{} {} → {}", r.points, clean_line(&detail), clean_line(&action));
        }
        if a.reasons.is_empty() {
            let _ = writeln!(out, "{}", self.t("no_risk"));
        }
    }
}
