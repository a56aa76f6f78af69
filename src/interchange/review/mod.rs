//! The value report and business review (PLAYBOOK §9, §11 T-90) as Markdown, in English or
//! Chinese with the same structure: usage before and after with a text chart, the modules
//! used, outcomes against why they bought, requirements, promises, complaints, and draft
//! goals for next year. The figures come from `domain::review`; customer text is escaped
//! as in the handover sheet (`handover::inline`), so the report can be pasted into a wiki
//! or an email and shows the text as written.

mod sections;
#[cfg(test)]
mod tests;

use crate::domain::review::{self, Comparison, Metric, Period, Review, ReviewKind, Share, UsageFigures};
use crate::domain::text::width;
use crate::domain::{AccountFacts, Choice};
use crate::i18n::{Lang, choice_label, t, tf};
use crate::interchange::handover::{cell, date, table, write_beside};
use chrono::NaiveDate;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Bars of the text chart are this many characters at the larger of the two values.
const BAR: u64 = 20;

/// The report on `facts` over `period` (None: the kind's default period), as of `today`.
pub fn render(
    facts: &AccountFacts,
    kind: ReviewKind,
    period: Option<Period>,
    lang: Lang,
    today: NaiveDate,
) -> String {
    let period = period.unwrap_or_else(|| review::default_period(facts, kind, today));
    let r = review::compute(facts, kind, period);
    let doc = Doc { f: facts, r: &r, l: lang, today };
    let mut out = String::new();
    doc.header(&mut out);
    for section in [
        Doc::usage,
        Doc::features,
        Doc::outcomes,
        Doc::requirements,
        Doc::promises,
        Doc::complaints,
        Doc::goals,
    ] {
        out.push('\n');
        section(&doc, &mut out);
    }
    out
}

/// Writes the report beside the database at `db` (`reviews/value-report-<account>-<date>.md`
/// or `business-review-…`), a private file as the handover sheet is; returns the path.
pub fn write_report(
    db: &Path,
    facts: &AccountFacts,
    kind: ReviewKind,
    text: &str,
    today: NaiveDate,
) -> Result<PathBuf, String> {
    let prefix = match kind {
        ReviewKind::Annual => "value-report",
        ReviewKind::Qbr => "business-review",
    };
    write_beside(db, "reviews", prefix, facts, text, today)
}

struct Doc<'a> {
    f: &'a AccountFacts,
    r: &'a Review<'a>,
    l: Lang,
    today: NaiveDate,
}

impl Doc<'_> {
    fn t(&self, key: &str) -> String {
        t(self.l, &format!("review.{key}"))
    }

    fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        tf(self.l, &format!("review.{key}"), args)
    }

    fn label<C: Choice>(&self, c: C) -> String {
        choice_label(self.l, c)
    }

    fn heading(&self, out: &mut String, key: &str) {
        let _ = writeln!(out, "## {}\n", self.t(key));
    }

    fn header(&self, out: &mut String) {
        let a = &self.f.account;
        let title = self.t(&format!("title_{}", self.r.kind.id()));
        let _ = writeln!(out, "# {title}{}{}\n", self.t("colon"), cell(&a.name));
        let p = self.r.period;
        // The term in force at the period's end: a renewal recorded before the old term
        // ends has opened the next one, whose ARR and end the header showed for a period
        // that was all the old term's (CSM trial, session 24). Its end is the renewal date
        // while it runs or is still to be decided (past its end with no outcome: "10 days
        // ago" is the renewal a CSM must chase; session 25's trial found it dropped); a
        // decided term that has ended (a churn months ago) has none.
        let terms = &self.f.terms;
        let in_force = crate::domain::term::term_at(terms, p.to).or(self.f.current_term());
        let arr = in_force.map_or_else(|| self.f.arr(), |t| t.arr);
        let in_force = in_force.filter(|t| t.end >= self.today || t.outcome.is_none());
        let mut rows = vec![
            (self.t("external_id"), cell(a.external_id.as_deref().unwrap_or(""))),
            (self.t("tier"), self.label(a.tier)),
            (self.t("owner"), cell(&a.owner)),
            (self.t("arr"), arr.format_full()),
        ];
        if let Some(end) = in_force.map(|t| t.end) {
            let n = (end - self.today).num_days();
            let when = if n >= 0 {
                tf(self.l, "handover.in_days", &[("n", &n.to_string())])
            } else {
                tf(self.l, "handover.days_ago", &[("n", &(-n).to_string())])
            };
            rows.push((self.t("renewal_date"), format!("{} ({when})", date(Some(end)))));
        }
        rows.push((self.t("period"), format!("{} → {}", date(Some(p.from)), date(Some(p.to)))));
        rows.push((self.t("prepared_on"), date(Some(self.today))));
        let body: Vec<Vec<String>> = rows.into_iter().map(|(k, v)| vec![k, v]).collect();
        table(out, &[self.t("field"), self.t("value")], &body);
    }

    fn usage(&self, out: &mut String) {
        self.heading(out, "usage");
        let u = &self.r.usage;
        let (Some(b), Some(a)) = (u.before, u.after) else {
            let _ = writeln!(out, "{}", self.no_comparison(u));
            return;
        };
        let _ = writeln!(out, "{}\n", self.windows(u, &b, &a));
        let pct = |p: Option<Share>| p.map_or("-".to_string(), |p| format!("{}%", p.pct()));
        let mut rows = Vec::new();
        for m in Metric::ALL {
            let (vb, va) = (m.of(&b), m.of(&a));
            let (sb, sa) = match m {
                Metric::Features => (
                    self.tf("of_total", &[("n", &vb.to_string()), ("total", &b.features_total.to_string())]),
                    self.tf("of_total", &[("n", &va.to_string()), ("total", &a.features_total.to_string())]),
                ),
                _ => (vb.to_string(), va.to_string()),
            };
            rows.push(vec![self.t(&format!("metric.{}", m.id())), sb, sa, change(b.change_to(m, &a))]);
            if m == Metric::Seats {
                let (pb, pa) = (b.seat_use(), a.seat_use());
                rows.push(vec![self.t("metric.seat_use"), pct(pb), pct(pa), self.points(pb, pa)]);
            }
            if m == Metric::Features {
                let (pb, pa) = (b.breadth(), a.breadth());
                rows.push(vec![self.t("metric.breadth"), pct(pb), pct(pa), self.points(pb, pa)]);
            }
        }
        let h = ["measure", "before", "after", "change"].map(|k| self.t(k));
        table(out, &h, &rows);
        let _ = writeln!(out, "\n```text");
        out.push_str(&self.chart(&b, &a));
        let _ = writeln!(out, "```");
    }

    /// Why there is no comparison: no readings at all, or only one side. The latest reading
    /// is said as it was read; an average of several is said as one, with its span (it
    /// called the average of two readings "latest").
    fn no_comparison(&self, u: &Comparison) -> String {
        let Some(one) = u.before.or(u.after) else {
            return self.t("no_usage");
        };
        let (last, users) = (date(Some(one.last)), one.last_active_users.to_string());
        if one.readings == 1 {
            return self.tf("one_side_single", &[("date", &last), ("users", &users)]);
        }
        self.tf(
            "one_side",
            &[
                ("n", &one.readings.to_string()),
                ("from", &date(Some(one.first))),
                ("to", &last),
                ("users", &users),
                ("avg", &one.active_users.to_string()),
            ],
        )
    }

    fn windows(&self, u: &Comparison, b: &UsageFigures, a: &UsageFigures) -> String {
        let span = |(from, to): (NaiveDate, NaiveDate)| format!("{} → {}", date(Some(from)), date(Some(to)));
        let before = if u.before_is_earliest {
            self.tf("before_earliest", &[("date", &date(Some(b.first)))])
        } else {
            self.tf("before_window", &[("span", &span(u.before_window)), ("n", &b.readings.to_string())])
        };
        let after =
            self.tf("after_window", &[("span", &span(u.after_window)), ("n", &a.readings.to_string())]);
        self.tf("windows", &[("before", &before), ("after", &after)])
    }

    /// The change of a share, in percentage points (from the exact shares).
    fn points(&self, b: Option<Share>, a: Option<Share>) -> String {
        match (b, a) {
            (Some(b), Some(a)) => {
                let d = b.points_to(a);
                self.tf("points", &[("n", &format!("{}{d}", if d > 0 { "+" } else { "" }))])
            }
            _ => "-".into(),
        }
    }

    /// Two bars per measure, scaled to the larger value (labels padded by display width,
    /// so Chinese labels line up too).
    fn chart(&self, b: &UsageFigures, a: &UsageFigures) -> String {
        let labels: Vec<String> = Metric::ALL.iter().map(|m| self.t(&format!("metric.{}", m.id()))).collect();
        let (tb, ta) = (self.t("before"), self.t("after"));
        let lw = labels.iter().map(|l| width(l)).max().unwrap_or(0);
        let sw = width(&tb).max(width(&ta));
        let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(width(s))));
        let mut out = String::new();
        for (m, label) in Metric::ALL.iter().zip(&labels) {
            let (vb, va) = (m.of(b), m.of(a));
            let top = u64::from(vb.max(va)).max(1);
            let bar = |v: u32| {
                let n = ((u64::from(v) * BAR * 2 + top) / (2 * top)) as usize;
                format!("{}{}", "█".repeat(n), "░".repeat(BAR as usize - n))
            };
            let _ = writeln!(out, "{} {} {} {vb}", pad(label, lw), pad(&tb, sw), bar(vb));
            let c = change(b.change_to(*m, a));
            let _ = writeln!(out, "{} {} {} {va}  {c}", pad("", lw), pad(&ta, sw), bar(va));
        }
        out
    }
}

/// "+150%", "-50%", "0%"; "-" without a base.
fn change(pct: Option<i64>) -> String {
    match pct {
        Some(c) if c > 0 => format!("+{c}%"),
        Some(c) => format!("{c}%"),
        None => "-".into(),
    }
}
