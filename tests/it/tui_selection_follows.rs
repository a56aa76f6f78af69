//! A record just added is selected in its tab; the record selected in a detail tab stays
//! selected when the list re-sorts under it: a
//! requirement moved on with `>` until closed went down its tab, and the next `>` moved the
//! requirement that took its line instead (CSM trial: "Multi-store stock transfer" closed,
//! then 小程序预约 moved to analysed by the sixth press).

use crate::support::tui_edit::*;
use radar::i18n::Lang;
use radar::tui::forms::FieldKey as F;
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_requirement_moved_on_stays_selected_as_its_tab_resorts() {
    let mut h = app(Lang::En, (120, 35));
    for title in ["Alpha SSO login", "Beta 小程序预约"] {
        h.keys("4N");
        set(&mut h, F::Requirement, title);
        h.key(KeyCode::Enter);
    }
    // Into the detail pane (Enter), its requirements tab.
    h.key(KeyCode::Enter);
    h.keys("4");
    let find = |h: &radar::tui::harness::Harness, t: &str| {
        facts(h).requirements.into_iter().find(|r| r.title == t).unwrap()
    };
    let (alpha, beta) = (find(&h, "Alpha SSO login"), find(&h, "Beta 小程序预约"));
    // The new requirement is selected once saved (Beta); up to Alpha, wherever it is.
    assert_eq!(h.app.detail.selected_item().map(|k| k.id), Some(beta.id.0), "the record just added");
    h.keys("g");
    for _ in 0..10 {
        if h.app.detail.selected_item().map(|k| k.id) == Some(alpha.id.0) {
            break;
        }
        h.keys("j");
    }
    assert_eq!(h.app.detail.selected_item().map(|k| k.id), Some(alpha.id.0));
    let mut presses = 0;
    while find(&h, "Alpha SSO login").status.next().is_some() {
        h.keys(">");
        presses += 1;
        assert!(presses < 10, "never reached its last stage: {}", h.screen());
        assert_eq!(
            h.app.detail.selected_item().map(|k| k.id),
            Some(alpha.id.0),
            "after {presses} presses the selection left the requirement moved"
        );
    }
    // One press more: its last stage, said; the other requirement untouched.
    h.keys(">");
    assert_eq!(h.app.detail.selected_item().map(|k| k.id), Some(alpha.id.0));
    assert_eq!(find(&h, "Beta 小程序预约").status, beta.status, "the next press moved another requirement");
}
