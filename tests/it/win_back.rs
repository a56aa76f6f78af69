//! Win-back when the cause is fixed (issue 17 item 4): a churn names the requirement that
//! lost the account; once a requirement of that title is delivered (on this account or
//! another), the account, and only it, comes back in the agenda with the reason and the
//! date of churn; `b` there opens the win-back form. A requirement of another account
//! cannot be named.
//!
//! The store and agenda tests run on both engines (`::sqlite`, `::pg` as alice; issue 18
//! item 8); SQLite-only: `a_reason_marked_fixed_from_the_command_line_…`, which drives
//! the binary's import and export on files.

use crate::both;
use crate::support::store_edit::*;
use radar::domain::agenda::{AgendaKind, StallLimits};
use radar::domain::owner::OwnerFilter;
use radar::domain::*;
use radar::i18n::Lang;
use radar::refresh;
use radar::scans;
use radar::store::{Store, StoreError};
use radar::tui::harness::Harness;

const STALL: StallLimits = StallLimits { p0_days: 7, p1_days: 30 };

fn apply(s: &mut Store, edit: Edit) -> Result<Change, StoreError> {
    refresh::apply(s, &edit, now(), &cfg())
}

/// A requirement titled `title` on account `a`, stored; its id.
fn add_requirement(s: &mut Store, a: AccountId, title: &str) -> RequirementId {
    let mut r = new_requirement(a);
    r.title = title.into();
    apply(s, Edit::SaveRequirement(r)).unwrap();
    let f = s.load_facts(a).unwrap().unwrap();
    f.requirements.iter().find(|r| r.title == title.trim()).unwrap().id
}

/// Churns `a`'s open term naming `because_of`.
fn churn(s: &mut Store, a: AccountId, because_of: Option<RequirementId>) -> Result<Change, StoreError> {
    let f = s.load_facts(a).unwrap().unwrap();
    let t = f.current_term().unwrap().clone();
    apply(
        s,
        Edit::RecordChurn {
            account: a,
            account_version: f.account.version,
            term: t.id,
            term_version: t.version,
            decided_on: today(),
            reason: ChurnReason::ProductFit,
            note: "没有单点登录 🔒".into(),
            because_of,
        },
    )
}

/// Moves requirement `id` of `a` along its loop up to delivered.
fn deliver(s: &mut Store, a: AccountId, id: RequirementId) {
    loop {
        let f = s.load_facts(a).unwrap().unwrap();
        let r = f.requirements.iter().find(|r| r.id == id).unwrap();
        let Some(to) = r.status.next() else { return };
        apply(s, Edit::MoveRequirement { id, version: r.version, to, at: now(), note: String::new() })
            .unwrap();
        if to == ReqStatus::Delivered {
            return;
        }
    }
}

fn win_backs(s: &Store) -> Vec<scans::AgendaEntry> {
    let all = scans::agenda(s, now(), 0, STALL, &OwnerFilter::all()).unwrap();
    all.into_iter().filter(|e| e.item.kind == AgendaKind::WinBack).collect()
}

/// Two accounts with open terms: (one to churn, one that will get the feature).
fn two_open(s: &Store) -> (AccountId, AccountId) {
    let open: Vec<AccountId> = (1..=40)
        .map(AccountId)
        .filter(|id| s.load_facts(*id).unwrap().is_some_and(|f| f.current_term().is_some()))
        .collect();
    (open[0], open[1])
}

both!(delivering_the_named_requirement_elsewhere_brings_back_exactly_that_account, |db| {
    let mut s = seeded(&db, 40);
    assert!(win_backs(&s).is_empty(), "the demo names no causes");
    let (lost, other) = two_open(&s);
    let sso = add_requirement(&mut s, lost, "SSO 单点登录");
    // Another account churns too, naming nothing: it must never come back for this.
    let (_, third) = {
        let open: Vec<AccountId> = (1..=40)
            .map(AccountId)
            .filter(|id| *id != lost && *id != other)
            .filter(|id| s.load_facts(*id).unwrap().is_some_and(|f| f.current_term().is_some()))
            .collect();
        (open[0], open[1])
    };
    churn(&mut s, third, None).unwrap();
    churn(&mut s, lost, Some(sso)).unwrap();
    let stored = s.load_facts(lost).unwrap().unwrap();
    assert!(matches!(
        stored.terms.last().unwrap().outcome,
        Some(TermOutcome::Churned { because_of: Some(r), .. }) if r == sso
    ));
    assert!(win_backs(&s).is_empty(), "not delivered yet");

    // The same feature, asked for by a customer still with us, is delivered.
    let theirs = add_requirement(&mut s, other, "  sso   单点登录");
    deliver(&mut s, other, theirs);
    let back = win_backs(&s);
    assert_eq!(back.len(), 1, "{back:?}");
    let e = &back[0];
    assert_eq!(e.item.account_id, lost);
    assert_eq!(e.item.date, today());
    assert_eq!(e.item.churn, Some((today(), ChurnReason::ProductFit)));
    assert_eq!(
        radar::i18n::agenda_text(Lang::En, &e.item),
        format!("SSO 单点登录 delivered · churned {}, Product does not fit", today())
    );
});

both!(a_churn_cannot_name_another_accounts_requirement_and_nothing_is_written, |db| {
    let mut s = seeded(&db, 40);
    let (lost, other) = two_open(&s);
    let theirs = add_requirement(&mut s, other, "SSO");
    let before = db.dump();
    let err = churn(&mut s, lost, Some(theirs)).unwrap_err();
    assert!(err.to_string().contains("belongs to another account"), "{err}");
    assert_eq!(db.dump(), before);
    let gone = churn(&mut s, lost, Some(RequirementId(999_999))).unwrap_err();
    assert!(matches!(gone, StoreError::Missing { what: "requirement", .. }), "{gone}");
});

both!(in_the_agenda_b_opens_the_win_back_form_for_the_candidate, |db| {
    let mut s = seeded(&db, 40);
    let (lost, _) = two_open(&s);
    let sso = add_requirement(&mut s, lost, "SSO 单点登录");
    churn(&mut s, lost, Some(sso)).unwrap();
    deliver(&mut s, lost, sso);
    let name = s.load_facts(lost).unwrap().unwrap().account.name;
    let mut h = Harness::new(s, Lang::En, today(), (120, 35));
    h.app.agenda.me = Some("nobody in particular".into());
    h.keys("a");
    // Everyone's items, win-back only.
    while h.app.agenda.filter.kind != Some(AgendaKind::WinBack) {
        h.keys("t");
    }
    let screen = h.screen();
    assert!(screen.contains("SSO 单点登录 delivered · churned"), "{screen}");
    let pos = h
        .app
        .agenda
        .lines()
        .iter()
        .position(|l| matches!(l, radar::domain::agenda_rank::Line::Item { .. }))
        .expect("an item line");
    h.app.agenda.cursor.selected = pos;
    h.keys("D");
    assert!(
        h.app.message.as_deref().is_some_and(|m| m.contains("b wins the account back")),
        "{:?}",
        h.app.message
    );
    h.keys("b");
    let screen = h.screen();
    assert!(screen.contains(&format!("Won back · {name}")), "the win-back form:\n{screen}");
});

/// `radar winback fixed REASON`: every account that churned for it on or before that day
/// is back (list and agenda), `unfix` takes it back; a bad reason or date changes nothing.
#[test]
fn a_reason_marked_fixed_from_the_command_line_brings_back_its_churns() {
    use crate::support::backups::{demo, radar, stderr};
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("book.db"), dir.path().join("data"));
    demo(&db, &data, "40");
    let lost = {
        let mut s = Store::open(&db).unwrap();
        let (lost, _) = two_open(&s);
        churn(&mut s, lost, None).unwrap();
        s.load_facts(lost).unwrap().unwrap().account.name
    };
    let json = |args: &[&str]| -> serde_json::Value {
        let out = radar(&db, &data, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let before = json(&["winback", "list", "--format", "json"]);
    assert_eq!(before["fixed"].as_array().unwrap().len(), 0);
    let already: Vec<String> = before["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["account"].as_str().unwrap().to_string())
        .collect();
    assert!(!already.contains(&lost));

    // Refused, nothing written: an unknown reason, an impossible date.
    for bad in [&["winback", "fixed", "weather"][..], &["winback", "fixed", "price", "--on", "2026-02-30"]] {
        let out = radar(&db, &data, bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("weather") || stderr(&out).contains("2026-02-30"), "{}", stderr(&out));
    }
    assert_eq!(json(&["winback", "list", "--format", "json"]), before);

    let out = radar(
        &db,
        &data,
        &["winback", "fixed", "product_fit", "--on", "2026-11-22", "--note", "新版本支持 SSO"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let after = json(&["winback", "list", "--format", "json"]);
    assert_eq!(after["fixed"][0]["reason"], "product_fit");
    assert_eq!(after["fixed"][0]["note"], "新版本支持 SSO");
    let back: Vec<&serde_json::Value> =
        after["candidates"].as_array().unwrap().iter().filter(|c| c["account"] == lost.as_str()).collect();
    assert_eq!(back.len(), 1, "{after}");
    assert_eq!(back[0]["reason"], "product_fit");
    assert_eq!(back[0]["requirement"], serde_json::Value::Null);
    // Every other candidate churned for product fit (or named a delivered requirement).
    for c in after["candidates"].as_array().unwrap() {
        assert!(c["reason"] == "product_fit" || !c["requirement"].is_null(), "{c}");
    }
    let agenda = json(&["agenda", "--days", "0", "--format", "json"]);
    assert!(
        agenda.as_array().unwrap().iter().any(|i| i["kind"] == "win_back" && i["account"] == lost.as_str()),
        "the agenda lists it"
    );
    // The mark is a user's decision: the JSON export carries it (version 3) and an import
    // restores it, byte-identical on the way back out.
    let (first, copy, second) =
        (dir.path().join("a.json"), dir.path().join("copy.db"), dir.path().join("b.json"));
    let out = radar(&db, &data, &["export", "--format", "json", "--out", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&first).unwrap()).unwrap();
    assert_eq!(doc["version"], 3);
    assert_eq!(doc["fixed_reasons"][0]["reason"], "product_fit");
    assert_eq!(doc["fixed_reasons"][0]["fixed_on"], "2026-11-22");
    let out = radar(&copy, &data, &["import", "json", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = radar(&copy, &data, &["export", "--format", "json", "--out", second.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
        "the round trip changed the export"
    );
    let restored: serde_json::Value =
        serde_json::from_slice(&radar(&copy, &data, &["winback", "list", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(restored["fixed"], after["fixed"]);

    let out = radar(&db, &data, &["winback", "unfix", "product_fit"]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("No longer marked fixed"));
    let undone = json(&["winback", "list", "--format", "json"]);
    assert_eq!(undone["candidates"], before["candidates"]);
}
