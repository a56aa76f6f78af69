//! The CSM's call (the forecast) reads whole: in the detail's risk line at 120 columns it
//! was cut to "call and…", and `radar triage` did not show it at all (CSM trial).

use crate::support::tui_edit::*;
use radar::domain::*;
use radar::i18n::Lang;
use radar::tui::harness::Harness;

/// The first account (healthy) with the CSM's call "will churn": call and signals disagree.
fn called_churn(lang: Lang, size: (u16, u16)) -> Harness {
    let mut h = app(lang, size);
    let a = facts(&h).account;
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    let edit =
        Edit::SetForecast { id: a.id, version: a.version, forecast: Some(Forecast::WillChurn), on: today() };
    radar::refresh::apply(&mut h.worker.store, &edit, now, &Default::default()).unwrap();
    h.send(ctrl('r'));
    h.keys("\n");
    h
}

/// The call and the disagreement each read whole on one screen line, on the overview and
/// the risk tab, at 120 and 80 columns, in both languages.
#[test]
fn the_call_and_the_disagreement_read_whole() {
    for (lang, call, disagrees) in [
        (Lang::En, "CSM call: Will churn", "call and signals disagree"),
        (Lang::ZhCn, "CSM 判断: 会流失", "判断与信号不一致"),
    ] {
        for size in [(120, 35), (80, 24)] {
            let mut h = called_churn(lang, size);
            for tab in ["1", "7"] {
                h.keys(tab);
                let screen = h.screen();
                assert!(screen.contains(call), "{lang:?} {size:?} tab {tab}:\n{screen}");
                assert!(screen.contains(disagrees), "{lang:?} {size:?} tab {tab}:\n{screen}");
            }
        }
    }
}
