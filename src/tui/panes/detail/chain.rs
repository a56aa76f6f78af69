//! Decision chain (决策链): who is who, their stance and power, whether they are still
//! there, and the gaps the risk rules found (no decision maker, admin gone, only
//! low-power contacts, a powerful opponent, silent key persons).

use super::{Body, cells};
use crate::domain::risk::{GapKind, RuleId};
use crate::domain::{Influence, RowKey, RowKind, Stance};
use crate::i18n::choice_label;
use crate::tui::msg::DetailData;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::span;
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
    let wide = width >= 90;
    let name_w = if wide { 12 } else { 10 };
    let mut head = vec![
        (ui.t("ui.col.person"), name_w),
        (ui.t("ui.col.role"), 12),
        (ui.t("ui.col.stance"), 8),
        (ui.t("ui.col.kp"), 10),
    ];
    if wide {
        head.push((ui.t("ui.col.influence"), 8));
        head.push((ui.t("ui.col.title"), 14));
    }
    head.push((ui.t("ui.col.status"), 16));
    head.push((ui.t("ui.col.last_contact"), 12));
    let hs: Vec<(&str, usize, _)> = head.iter().map(|(s, w)| (s.as_str(), *w, th.header())).collect();
    out.push(cells(&hs));
    let mut people: Vec<_> = d.facts.contacts.iter().collect();
    // Still-there people first, then by power.
    people.sort_by_key(|c| (!c.active_on(ui.today), c.kp_tier.is_none(), c.kp_tier, c.id));
    let mut items = Vec::new();
    if people.is_empty() {
        out.push(Line::from(span(ui.t("ui.chain.none"), th.warn())));
    }
    for c in people {
        let active = c.active_on(ui.today);
        let base = if active { th.text() } else { th.dim() };
        let stance_style = match c.stance {
            Stance::Opponent => th.bad(),
            Stance::Supporter => th.good(),
            _ => base,
        };
        let kp = c.kp_tier.map_or("-".to_string(), |k| choice_label(lang, k));
        let status = match c.left_on {
            Some(left) if !active => ui.tf("ui.chain.left", &[("date", &left.to_string())]),
            _ => ui.t("ui.chain.active"),
        };
        let mut row = vec![
            (c.name.clone(), name_w, base),
            (choice_label(lang, c.role), 12, base),
            (choice_label(lang, c.stance), 8, stance_style),
            (kp, 10, base),
        ];
        if wide {
            let infl = if c.influence == Influence::High { th.bold() } else { base };
            row.push((choice_label(lang, c.influence), 8, infl));
            row.push((c.title.clone(), 14, base));
        }
        row.push((status, 16, if active { base } else { th.warn() }));
        // The same fact the risk rules read (touchpoints included), so they agree.
        let last = match d.facts.last_contacted(c, ui.today) {
            Some(day) => ui.ago(Some(day)),
            None => ui.t("ui.chain.never"),
        };
        row.push((last, 12, base));
        let refs: Vec<(&str, usize, _)> = row.iter().map(|(s, w, st)| (s.as_str(), *w, *st)).collect();
        out.push(cells(&refs));
        items.push((out.len() - 1, RowKey { kind: RowKind::Contact, id: c.id.0 }));
    }
    Body { lines: out, items }
}
