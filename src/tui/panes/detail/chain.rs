//! Decision chain (决策链): who is who, their stance and power, whether they are still
//! there, and the gaps the risk rules found (no decision maker, admin gone, only
//! low-power contacts, a powerful opponent, silent key persons).

use super::{Body, cells};
use crate::domain::risk::{GapKind, RuleId};
use crate::domain::text::{clean_line, clean_text};
use crate::domain::{Contact, Influence, RowKey, RowKind, Stance};
use crate::i18n::choice_label;
use crate::tui::msg::DetailData;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{span, text};
use ratatui::style::Style;
use ratatui::text::Line;

const PEOPLE_RULES: [RuleId; 5] =
    [RuleId::NoDecisionMaker, RuleId::AdminGone, RuleId::LowPowerOnly, RuleId::Opponent, RuleId::KpSilent];

pub fn lines(ui: &Ui, d: &DetailData, width: usize) -> Body {
    let th = &ui.theme;
    let lang = ui.lang;
    let mut out = Vec::new();
    // The gaps come from the risk assessment, so the pane and the score never disagree.
    let gaps: Vec<_> = d.reasons.iter().filter(|(_, rule, _, _)| PEOPLE_RULES.contains(rule)).collect();
    // Seats nobody was ever recorded in (no decision maker, tier-1 key person, admin): not
    // risk while the account is new, but the chain's own to-do, so listed here too (the
    // tab said "no gaps" over an empty chain). One that scores is its rule's reason above.
    let unknown: Vec<_> = d
        .assessment
        .gaps
        .iter()
        .zip(&d.gaps)
        .filter(|(g, _)| matches!(g.kind, GapKind::DecisionMaker | GapKind::KeyPerson | GapKind::Admin))
        .filter(|(g, _)| !gaps.iter().any(|(_, rule, _, _)| *rule == g.kind.rule()))
        .map(|(_, text)| text)
        .collect();
    if gaps.is_empty() && unknown.is_empty() {
        out.push(Line::from(span(ui.t("ui.chain.no_gaps"), th.good())));
    }
    for (_, rule, detail, action) in gaps {
        out.push(Line::from(vec![
            span(format!("! {}: ", choice_label(lang, *rule)), th.bad()),
            span(detail.clone(), th.text()),
        ]));
        out.push(Line::from(span(format!("  -> {action}"), th.dim())));
    }
    for (_, detail, action) in unknown {
        out.push(Line::from(vec![span("? ".to_string(), th.dim()), span(detail.clone(), th.text())]));
        out.push(Line::from(span(format!("  -> {action}"), th.dim())));
    }
    out.push(Line::default());
    let mut people: Vec<_> = d.facts.contacts.iter().collect();
    // Still-there people first, then by power.
    people.sort_by_key(|c| (!c.active_on(ui.today), c.kp_tier.is_none(), c.kp_tier, c.id));
    let rows: Vec<Vec<(String, Style)>> = people.iter().map(|c| person_cells(ui, d, c)).collect();
    let head: Vec<String> = COLUMNS.iter().map(|c| ui.t(c.header)).collect();
    let shown = fit_columns(&head, &rows, width);
    let pick = |cells: Vec<(String, Style)>| -> Vec<(String, usize, Style)> {
        shown.iter().map(|&(i, w)| (cells[i].0.clone(), w, cells[i].1)).collect()
    };
    let as_refs = |v: &[(String, usize, Style)]| -> Line<'static> {
        cells(&v.iter().map(|(s, w, st)| (s.as_str(), *w, *st)).collect::<Vec<_>>())
    };
    out.push(as_refs(&pick(head.iter().map(|h| (h.clone(), th.header())).collect())));
    let mut items = Vec::new();
    if people.is_empty() {
        out.push(Line::from(span(ui.t("ui.chain.none"), th.warn())));
    }
    for (c, row) in people.iter().zip(rows) {
        out.push(as_refs(&pick(row)));
        items.push((out.len() - 1, RowKey { kind: RowKind::Contact, id: c.id.0 }));
    }
    Body { lines: out, items }
}

/// A column of the chain's table: its header, and the most it may take.
struct Column {
    header: &'static str,
    max: usize,
}

/// The columns in the order shown (person first); `PRIORITY` says which stay when the pane
/// is narrow. Everything is also in the selected person's preview under the table.
const COLUMNS: [Column; 8] = [
    Column { header: "ui.col.person", max: 24 },
    Column { header: "ui.col.role", max: 14 },
    Column { header: "ui.col.stance", max: 10 },
    Column { header: "ui.col.kp", max: 10 },
    Column { header: "ui.col.influence", max: 8 },
    Column { header: "ui.col.title", max: 16 },
    Column { header: "ui.col.status", max: 16 },
    Column { header: "ui.col.last_contact", max: 12 },
];

/// Which columns a narrow pane keeps first: who, their stance, their role, whether a key
/// person, when last contacted; then still there, power, title.
const PRIORITY: [usize; 8] = [0, 2, 1, 3, 7, 6, 4, 5];

/// The person column never narrower than this.
const NAME_MIN: usize = 12;

/// The columns that fit `width` (index, width), in `COLUMNS` order: each as wide as its
/// widest cell (header included) up to its `max`, kept in `PRIORITY` order while they fit,
/// the person's name given what is left. At 120 columns every cell was cut to a fixed
/// width ("Karen Smi… Decision ma… Support…") and the last columns fell off the pane
/// (CSM trial, session 33).
fn fit_columns(head: &[String], rows: &[Vec<(String, Style)>], width: usize) -> Vec<(usize, usize)> {
    let natural: Vec<usize> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let widest = rows.iter().map(|r| text::width(&r[i].0)).chain([text::width(&head[i])]).max();
            widest.unwrap_or(0).clamp(1, c.max)
        })
        .collect();
    super::body::fit_columns(&natural, &PRIORITY, NAME_MIN, width)
}

/// One person's cells, in `COLUMNS` order, with their styles.
fn person_cells(ui: &Ui, d: &DetailData, c: &Contact) -> Vec<(String, Style)> {
    let (th, lang) = (&ui.theme, ui.lang);
    let active = c.active_on(ui.today);
    let base = if active { th.text() } else { th.dim() };
    let stance = match c.stance {
        Stance::Opponent => th.bad(),
        Stance::Supporter => th.good(),
        _ => base,
    };
    let status = match c.left_on {
        Some(left) if !active => ui.tf("ui.chain.left", &[("date", &left.to_string())]),
        _ => ui.t("ui.chain.active"),
    };
    // The same fact the risk rules read (touchpoints included), so they agree.
    let last = match d.facts.last_contacted(c, ui.today) {
        Some(day) => ui.ago(Some(day)),
        None => ui.t("ui.chain.never"),
    };
    let power = if c.influence == Influence::High { th.bold() } else { base };
    vec![
        (clean_line(&c.name), base),
        (choice_label(lang, c.role), base),
        (choice_label(lang, c.stance), stance),
        (c.kp_tier.map_or("-".to_string(), |k| choice_label(lang, k)), base),
        (choice_label(lang, c.influence), power),
        (clean_line(&c.title), base),
        (status, if active { base } else { th.warn() }),
        (last, base),
    ]
}

/// The selected person in full under the table: what the columns cut or leave out (title,
/// power, e-mail, phone, since when known, when they left).
pub fn preview(ui: &Ui, d: &DetailData, key: RowKey, width: usize, rows: usize) -> Vec<Line<'static>> {
    let Some(c) = d.facts.contacts.iter().find(|c| c.id.0 == key.id) else { return Vec::new() };
    let lang = ui.lang;
    let mut head = vec![c.name.clone(), choice_label(lang, c.role), choice_label(lang, c.stance)];
    head.extend(c.kp_tier.map(|k| choice_label(lang, k)));
    let head = clean_line(&format!("── {} ", head.join(" · ")));
    let field = |k: &str, v: String| format!("{}: {v}", ui.t(&format!("edit.field.{k}")));
    let mut lines = Vec::new();
    let mut first = vec![field("influence", choice_label(lang, c.influence))];
    first.extend(Some(c.title.clone()).filter(|t| !t.trim().is_empty()).map(|t| field("job_title", t)));
    lines.push(first.join(" · "));
    let reach: Vec<String> = [("email", &c.email), ("phone", &c.phone)]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| field(k, v.clone()))
        .collect();
    if !reach.is_empty() {
        lines.push(reach.join(" · "));
    }
    let last = match d.facts.last_contacted(c, ui.today) {
        Some(day) => format!("{} ({day})", ui.ago(Some(day))),
        None => ui.t("ui.chain.never"),
    };
    let mut when = vec![field("last_contact", last), field("added_on", c.added_on.to_string())];
    when.extend(c.left_on.map(|l| ui.tf("ui.chain.left", &[("date", &l.to_string())])));
    lines.push(when.join(" · "));
    super::activity::preview_lines(ui, head, &clean_text(&lines.join("\n")), width, rows, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: [&str; 8]) -> Vec<(String, Style)> {
        cells.iter().map(|c| (c.to_string(), Style::new())).collect()
    }

    /// The table fits the pane whatever its width: the person always there and never cut
    /// below what their name or 12 columns need, columns dropped by `PRIORITY` from the end.
    #[test]
    fn the_columns_fit_the_pane_and_keep_the_person_first() {
        let head: Vec<String> =
            COLUMNS.iter().map(|c| c.header.rsplit('.').next().unwrap().to_string()).collect();
        let rows = vec![
            row([
                "成都天府云图信息技术有限公司 王芳",
                "Decision maker",
                "Opponent",
                "Tier-1 KP",
                "High",
                "采购总监",
                "still there",
                "115d ago",
            ]),
            row(["Karen Smith", "Admin", "Supporter", "-", "Low", "CFO", "left 2026-01-02", "never"]),
        ];
        let mut last = 0;
        for width in 13..=220 {
            let shown = fit_columns(&head, &rows, width);
            assert_eq!(shown[0].0, 0, "the person first at {width}");
            assert!(shown[0].1 >= 12, "the name keeps 12 columns at {width}: {shown:?}");
            let used: usize = shown.iter().map(|(_, w)| w + 1).sum();
            assert!(used <= width, "{used} > {width}: {shown:?}");
            assert!(shown.windows(2).all(|p| p[0].0 < p[1].0), "in COLUMNS order");
            assert!(shown.len() >= last, "a wider pane never shows fewer columns");
            last = shown.len();
        }
        assert_eq!(fit_columns(&head, &rows, 220).len(), COLUMNS.len());
        // Narrow: who, stance and role before the rest.
        let narrow: Vec<usize> = fit_columns(&head, &rows, 40).iter().map(|(i, _)| *i).collect();
        assert_eq!(narrow, [0, 1, 2]);
    }
}
