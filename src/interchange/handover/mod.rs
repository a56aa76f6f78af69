//! The handover sheet (交接单, PLAYBOOK §4) as Markdown, ready to paste into an email or a
//! wiki. What it holds depends on the stage the account is handed over in:
//! - handover (sales → CSM): decision chain with opponents, pain points and why they
//!   bought, special clauses, every promise;
//! - onboarding: decision chain, contract, implementation plan, next-stage plan;
//! - adoption / mature (steady use): decision chain, contract, open issues and
//!   requirements, current usage, business context;
//! - renewal (and churned): renewal intent, decision chain, last year's contract (a churned
//!   term with its churn note), open issues and requirements, usage.
//!
//! Promises, open follow-up tasks, the recent touchpoints and the risk reasons close every sheet. All text is sanitised, and customer
//! text is escaped (`inline`) so it can neither break a table nor become HTML or a link
//! where the Markdown is rendered; notes are quoted line by line (`quote`).

use crate::domain::risk::RiskConfig;
use crate::domain::text::clean_line;
use crate::domain::*;
use crate::i18n::{Lang, choice_label, t, tf};
use chrono::{NaiveDate, NaiveDateTime};

mod file;
mod quote;
mod sections;
pub use file::{folder_beside, folder_for, write_beside, write_sheet};
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
        Stage::Handover => &[Chain, WhyBought, Contract, Promises, Tasks, Touchpoints],
        Stage::Onboarding => &[Chain, Contract, Implementation, NextSteps, Promises, Tasks, Touchpoints],
        Stage::Adoption | Stage::Mature => {
            &[Chain, Contract, OpenItems, Usage, WhyBought, Promises, Tasks, Touchpoints]
        }
        Stage::Renewal | Stage::Churned => {
            &[Intent, Chain, Contract, OpenItems, Usage, Promises, Tasks, Touchpoints]
        }
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
            Tasks => s.tasks(&mut out),
            Touchpoints => s.touchpoints(&mut out),
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
    Tasks,
    Touchpoints,
}

struct Sheet<'a> {
    f: &'a AccountFacts,
    l: Lang,
    today: NaiveDate,
}

/// Text for a table cell: one line, inert Markdown (see `inline`), `-` when empty.
pub(crate) fn cell(s: &str) -> String {
    let s = inline(&clean_line(s));
    if s.is_empty() { "-".into() } else { s }
}

/// Customer text as Markdown that shows it and does nothing else: the sheet is pasted into
/// wikis and emails that render HTML. `<` and `>` become entities (no tag, no `<scheme:…>`
/// autolink); `[` and `]` are backslash-escaped, so no link or image can form whatever its
/// scheme or however the scheme is spelt (`JaVaScRiPt:`, `&#106;avascript:`) — a bare
/// `https://` or `mailto:` address is still linked by renderers that autolink, and those
/// only ever link those schemes; `&` before an entity name becomes `&amp;`, so `&lt;`
/// typed by a customer shows as typed; `\` is doubled, so a backslash in the text cannot
/// undo an escape; `|` is escaped so a table cell cannot end early.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if is_entity(&s[i + 1..]) => out.push_str("&amp;"),
            '\\' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Does the text after an `&` make it an HTML character reference (`lt;`, `#106;`, `#x6A;`)?
fn is_entity(rest: &str) -> bool {
    let name = rest.split(';').next().unwrap_or("");
    rest.len() > name.len()
        && !name.is_empty()
        && name.len() <= 32
        && name.strip_prefix('#').unwrap_or(name).chars().all(|c| c.is_ascii_alphanumeric())
}

pub(crate) fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".into(), |d| d.format("%Y-%m-%d").to_string())
}

pub(crate) fn table(out: &mut String, headers: &[String], rows: &[Vec<String>]) {
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
                    // The fact the risk rules read; never contacted is said so.
                    match self.f.last_contacted(c, self.today) {
                        Some(d) => date(Some(d)),
                        None => tf(self.l, "handover.never_contacted", &[("date", &date(Some(c.added_on)))]),
                    },
                    status,
                    cell(&c.email),
                    cell(&c.phone),
                ]
            })
            .collect();
        let h = [
            "person",
            "job_title",
            "role",
            "stance",
            "kp",
            "influence",
            "last_contact",
            "status",
            "email",
            "phone",
        ];
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
        self.churn_notes(out);
        let _ = writeln!(
            out,
            "\n- **{}**{}{}",
            self.t("special_clauses"),
            self.t("colon"),
            cell(&self.f.account.handover.special_clauses)
        );
    }

    /// The note recorded with each churn in the table, quoted whole as a touchpoint's is:
    /// why they left is what a win-back starts from (it was in no sheet).
    fn churn_notes(&self, out: &mut String) {
        for term in self.f.terms.iter().rev().take(3) {
            let Some(TermOutcome::Churned { decided_on, note, .. }) = &term.outcome else {
                continue;
            };
            let args = [
                ("term", format!("{} → {}", date(Some(term.start)), date(Some(term.end)))),
                ("date", date(Some(*decided_on))),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            if clean_line(note).is_empty() {
                let _ = writeln!(out, "\n{}", tf(self.l, "handover.no_churn_note", &args));
                continue;
            }
            let _ = writeln!(out, "\n**{}**\n", tf(self.l, "handover.churn_note", &args));
            quote::quote(out, note);
        }
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
}
