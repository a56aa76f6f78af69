
/// An edit of ours is on screen from its own answer: the account it changed reloads, not
/// the whole book (on a team server the full reload took as long as another CSM's did).
#[test]
fn our_own_edit_reloads_its_account_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", "40"])
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut h = Harness::new(Store::open(&db).unwrap(), Lang::En, today(), (200, 50));
    let a = h.app.portfolio.selected_id().unwrap();
    h.keys("c\t\t");
    for c in "通话 about 成都天府云图信息技术有限公司 🚀".chars() {
        h.key(KeyCode::Char(c));
    }
    let (asked, read) = send_counting(&mut h, Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert!(asked.iter().any(|e| matches!(e, Effect::Apply { .. })), "nothing saved: {asked:?}");
    assert!(!asked.contains(&Effect::LoadPortfolio), "the whole book was reloaded: {asked:?}");
    assert!(!read.is_empty() && read.iter().all(|n| *n == 1), "rows read for our edit: {read:?}");
    assert_eq!(h.app.portfolio.selected_id(), Some(a));
    let row = h.app.portfolio.model.rows().iter().find(|r| r.id == a).unwrap();
    assert_eq!(row.last_touch, Some(today()), "the row does not show the touchpoint");
    let shown = h.app.detail.current().unwrap();
    assert!(shown.facts.touchpoints.iter().any(|t| t.note.contains("成都天府")), "the detail does not show it");
}
