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

/// `radar triage` shows each row's call (a column, "—" when none) and, under a row whose call
/// disagrees with its band, says so; the JSON carries `forecast` and `call_disagrees`. Both
/// languages. It showed no call at all.
#[test]
fn triage_shows_the_call() {
    use crate::support::cli::{demo_file, radar_lang, radar_ok};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    demo_file(&db, 40, 1);
    let rows: serde_json::Value =
        serde_json::from_slice(&radar_ok(&db, &["triage", "--format", "json"]).stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let unique = |name: &str| rows.iter().filter(|r| r["name"] == name).count() == 1;
    let healthy = rows
        .iter()
        .find(|r| r["band"] == "healthy" && unique(r["name"].as_str().unwrap()) && r["forecast"].is_null())
        .expect("a healthy account without a call");
    let name = healthy["name"].as_str().unwrap().to_string();
    {
        let mut s = radar::store::Store::open(&db).unwrap();
        let a = s.load_all_facts().unwrap().into_iter().find(|f| f.account.name == name).unwrap().account;
        let edit = Edit::SetForecast {
            id: a.id,
            version: a.version,
            forecast: Some(Forecast::WillChurn),
            on: today(),
        };
        let now = today().and_hms_opt(12, 0, 0).unwrap();
        radar::refresh::apply(&mut s, &edit, now, &Default::default()).unwrap();
    }
    for (lang, heading, call, disagrees) in [
        ("en", "CSM CALL", "Will churn", "the CSM's call and the signals disagree"),
        ("zh-CN", "CSM 判断", "会流失", "CSM 判断与信号不一致"),
    ] {
        let out = radar_lang(&db, lang, &["triage"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].contains(heading), "{}", lines[0]);
        let at = lines.iter().position(|l| l.ends_with(&format!(" {name}"))).expect("the row");
        assert!(lines[at].contains(call), "{}", lines[at]);
        assert!(lines[at + 1].contains(disagrees), "{}", lines[at + 1]);
        // A row without a call has a dash in its place.
        let none = rows
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .find(|n| {
                *n != name && unique(n) && rows.iter().any(|r| r["name"] == *n && r["forecast"].is_null())
            })
            .expect("an account without a call");
        let line = lines.iter().find(|l| l.ends_with(&format!(" {none}"))).expect("its row");
        assert!(line.contains(&format!(" — {none}")) || line.contains(" —  "), "{line}");
        let json: serde_json::Value =
            serde_json::from_slice(&radar_lang(&db, lang, &["triage", "--format", "json"]).stdout).unwrap();
        let row = json.as_array().unwrap().iter().find(|r| r["name"] == name.as_str()).unwrap().clone();
        assert_eq!(
            (row["forecast"].as_str(), row["call_disagrees"].as_bool()),
            (Some("will_churn"), Some(true))
        );
    }
}
