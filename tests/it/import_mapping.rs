//! The import preview's column picker and saved mappings (issue 14 item 8): a column the
//! import does not understand is listed under the preview; `m` picks it and the field it
//! means; the preview comes back with the column under that field before `y`; the yes
//! saves the mapping for the file's header set, and the next import of a file with the same
//! headers — the dashboard's or `radar import` — applies it and says so. `--map` wins over
//! it; `radar import --list-mappings` lists and `--forget-mapping ID` forgets.

use crate::support::BIN;
use crate::support::tmux::Tmux;
use crate::support::tui_edit::*;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::modals::Modal;
use radar::tui::modals::confirm::ConfirmFor;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::process::{Command, Output};

/// An accounts export whose owner column has a German header no alias knows.
const FILE: &str = "name,arr,renewal_date,Kundenbetreuer\n\
                    成都天府云图信息技术有限公司 二部,12000,2027-03-01,Li Na 🚀\n\
                    Acme GmbH,8000,2027-04-01,Jonas Weber\n";
/// The same header set, reordered and re-cased, with other rows.
const SECOND: &str = "KUNDENBETREUER,renewal_date,name,arr\nWang Fang,2027-05-01,Beta AG,5000\n";

pub(crate) fn on_file(dir: &Path, lang: Lang, size: (u16, u16)) -> Harness {
    let path = dir.join("portfolio.db");
    let mut seed = Store::open(&path).unwrap();
    demo_into(&mut seed, 12);
    drop(seed);
    let mut h = app_on(Store::open(&path).unwrap(), lang, size);
    // As `[import] currency = "CNY"` says: the files' bare amounts are yuan (the demo book
    // has several currencies, and in process no locale names one: the import is refused).
    h.worker.import_currency = Some(radar::domain::Currency::CNY);
    h
}

pub(crate) fn owner_of(db: &Path, name: &str) -> Option<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT owner FROM account WHERE name = ?1", [name], |r| r.get(0)).ok()
}

pub(crate) fn confirm_lines(h: &Harness) -> Vec<String> {
    match h.app.modals.last() {
        Some(Modal::Confirm(c)) if matches!(c.purpose, ConfirmFor::Import(_)) => c.lines.clone(),
        other => panic!("no import preview on top: {other:?}"),
    }
}

pub(crate) fn radar(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "--lang", "en"])
        .args(args)
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .env("XDG_DATA_HOME", db.parent().unwrap().join("data"))
        .env_remove("LC_ALL")
        .env(crate::support::MONEY_LOCALE.0, crate::support::MONEY_LOCALE.1)
        .output()
        .unwrap()
}

/// Opens the import prompt on `file` and waits for its preview.
pub(crate) fn preview(h: &mut Harness, file: &Path) {
    h.keys("I");
    h.keys(&file.display().to_string());
    h.key(KeyCode::Enter);
}

/// FILE written to a fresh folder beside a 12-account portfolio, its import previewed in
/// `lang`: the folder (kept while the test runs), the file and the dashboard.
fn previewed(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vendor-export.csv");
    std::fs::write(&file, FILE).unwrap();
    let mut h = on_file(dir.path(), lang, (120, 35));
    preview(&mut h, &file);
    (dir, file, h)
}

#[test]
fn the_picker_maps_an_unknown_column_and_the_yes_saves_it_for_these_headers() {
    let (dir, _file, mut h) = previewed(Lang::En);
    let lines = confirm_lines(&h).join("\n");
    assert!(lines.contains("columns it does not understand (not imported): \"Kundenbetreuer\""), "{lines}");
    assert!(lines.contains("m picks the field of one"), "the key, from the keymap: {lines}");

    // m: the columns; Enter: the only one; then its field, found by typing.
    h.keys("m");
    let Some(Modal::Pick(p)) = h.app.modals.last() else {
        panic!("the column list: {:?}", h.app.modals.last())
    };
    assert_eq!(p.items.len(), 1);
    h.key(KeyCode::Enter);
    let Some(Modal::Pick(p)) = h.app.modals.last() else { panic!("the field list") };
    assert!(p.title.contains("Kundenbetreuer"), "{}", p.title);
    assert!(p.items.iter().any(|i| i.id == "-"), "ignore is offered");
    h.keys("owner");
    h.key(KeyCode::Enter);

    // The preview again, planned with the pair: the column is under its field.
    let lines = confirm_lines(&h).join("\n");
    assert!(lines.contains("Kundenbetreuer → owner"), "{lines}");
    assert!(lines.contains("Jonas Weber"), "the owner's value in the table: {lines}");
    assert!(!lines.contains("does not understand"), "no unmapped column left: {lines}");
    assert!(lines.contains("mapped by you: Kundenbetreuer → owner"), "{lines}");
    assert_eq!(owner_of(&dir.path().join("portfolio.db"), "Acme GmbH"), None, "nothing written before y");

    h.keys("y");
    assert!(status(&h).contains("mapping saved for these headers: Kundenbetreuer→owner"), "{}", status(&h));
    let db = dir.path().join("portfolio.db");
    assert_eq!(owner_of(&db, "Acme GmbH").as_deref(), Some("Jonas Weber"));
    assert_eq!(owner_of(&db, "成都天府云图信息技术有限公司 二部").as_deref(), Some("Li Na 🚀"));
    let saved = h.worker.store.import_mappings().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].pairs, vec![("Kundenbetreuer".to_string(), Some("owner".to_string()))]);

    // The dashboard's next file with these headers is read with the mapping, and says so.
    let second = dir.path().join("vendor-export-2.csv");
    std::fs::write(&second, SECOND).unwrap();
    preview(&mut h, &second);
    let lines = confirm_lines(&h).join("\n");
    assert!(lines.contains("used the saved mapping for these headers: KUNDENBETREUER→owner"), "{lines}");
    assert!(lines.contains("Wang Fang"), "{lines}");
}

/// The account name under a header no alias knows: no row can be imported without it, yet
/// the preview opens (it used to end in the path prompt's error, the picker out of reach),
/// says what is missing, keeps `y` from importing, and the picker names the column.
#[test]
fn a_required_field_under_an_unknown_header_is_named_with_the_picker() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kunden.csv");
    std::fs::write(
        &file,
        "Kunde,arr,renewal_date\nAcme GmbH,8000,2027-04-01\n成都天府云图信息技术有限公司,12000,2027-03-01\n",
    )
    .unwrap();
    let mut h = on_file(dir.path(), Lang::En, (120, 35));
    let db = dir.path().join("portfolio.db");
    preview(&mut h, &file);
    // No kind fits headers without a name: the user says which.
    if let Some(Modal::Pick(_)) = h.app.modals.last() {
        h.keys("accounts");
        h.key(KeyCode::Enter);
    }
    let lines = confirm_lines(&h).join("\n");
    assert!(lines.contains("no column for the required field name"), "{lines}");
    assert!(lines.contains("\"Kunde\""), "the column offered: {lines}");
    h.keys("y");
    assert!(status(&h).contains("Not yet"), "{}", status(&h));
    assert!(matches!(h.app.modals.last(), Some(Modal::Confirm(_))), "the box stays for the picker");
    assert_eq!(owner_of(&db, "Acme GmbH"), None);
    h.keys("m");
    h.key(KeyCode::Enter);
    h.keys("name");
    h.key(KeyCode::Enter);
    let lines = confirm_lines(&h).join("\n");
    assert!(lines.contains("Kunde → name"), "{lines}");
    assert!(lines.contains("Acme GmbH"), "{lines}");
    h.keys("y");
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM account WHERE name IN ('Acme GmbH', '成都天府云图信息技术有限公司')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2, "{}", status(&h));
}

#[test]
fn ignore_takes_a_column_off_the_unmapped_list() {
    let (_dir, _file, mut h) = previewed(Lang::ZhCn);
    assert!(confirm_lines(&h).join("\n").contains("无法识别的列（不导入）：\"Kundenbetreuer\""));
    h.keys("m");
    h.key(KeyCode::Enter);
    h.keys("忽略");
    h.key(KeyCode::Enter);
    let lines = confirm_lines(&h).join("\n");
    assert!(lines.contains("你指定的映射：Kundenbetreuer → 忽略"), "{lines}");
    assert!(!lines.contains("无法识别的列"), "{lines}");
    // Nothing to map left: m says so instead of opening an empty list.
    h.keys("m");
    assert!(matches!(h.app.modals.last(), Some(Modal::Confirm(_))));
    assert!(status(&h).contains("每一列都已对应"), "{}", status(&h));
}

/// Headers that try to escape the terminal, run off the screen, or need two cells a
/// character: the picker shows them on one line, cut, with no control character.
const HOSTILE: &str = "name,arr,renewal_date,\"\u{1b}[31mRot\u{1b}]0;pwned\u{7}\",合同价值备注说明,\
                       AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n\
                       成都天府云图信息技术有限公司,12000,2027-03-01,x,y,z\n";

#[test]
fn the_preview_and_the_picker_at_both_sizes_in_both_languages_render_hostile_headers_safely() {
    for lang in Lang::ALL {
        for (w, hgt) in [(80u16, 24u16), (200, 50)] {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("hostile.csv");
            std::fs::write(&file, HOSTILE).unwrap();
            let mut h = on_file(dir.path(), lang, (w, hgt));
            preview(&mut h, &file);
            let id = if lang == Lang::En { "en" } else { "zh" };
            let screen = h.screen();
            assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'), "{screen}");
            crate::support::snap_screen(&format!("import_picker_preview_{id}_{w}x{hgt}"), screen);
            h.keys("m");
            let screen = h.screen();
            assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'), "{screen}");
            assert!(screen.contains("合同价值备注说明"), "{screen}");
            crate::support::snap_screen(&format!("import_picker_columns_{id}_{w}x{hgt}"), screen);
            h.key(KeyCode::Enter);
            let screen = h.screen();
            assert!(!screen.contains('\u{1b}'), "{screen}");
            crate::support::snap_screen(&format!("import_picker_fields_{id}_{w}x{hgt}"), screen);
        }
    }
}

#[test]
fn the_cli_applies_a_saved_mapping_lists_it_and_forgets_it_and_map_wins() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let file = dir.path().join("vendor.csv");
    std::fs::write(&file, FILE).unwrap();
    let out = radar(&db, &["import", "--list-mappings"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("No saved import mappings"));
    let out = radar(&db, &["import", "accounts", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(owner_of(&db, "Acme GmbH").as_deref(), Some(""), "no mapping yet: the column is ignored");
    {
        let mut s = Store::open(&db).unwrap();
        let headers: Vec<String> =
            ["name", "arr", "renewal_date", "Kundenbetreuer"].map(String::from).to_vec();
        let key = radar::interchange::saved::header_key(&headers);
        let pairs = vec![("Kundenbetreuer".to_string(), Some("owner".to_string()))];
        s.save_import_mapping("accounts", &key, &headers, &pairs, today() - chrono::Duration::days(3))
            .unwrap();
    }

    let second = dir.path().join("second.csv");
    std::fs::write(&second, SECOND).unwrap();
    let out = radar(&db, &["import", "accounts", second.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("used the saved mapping for these headers: KUNDENBETREUER→owner"), "{err}");
    assert_eq!(owner_of(&db, "Beta AG").as_deref(), Some("Wang Fang"));

    let out = radar(&db, &["import", "--list-mappings"]);
    let list = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        list,
        "#1 accounts · last used 2026-11-22 · saved 2026-11-19\n  \
         headers: name, arr, renewal_date, Kundenbetreuer\n  mapping: Kundenbetreuer→owner\n",
        "the import dated its use"
    );

    // --map of the same header wins over the saved pair (and the note does not claim it).
    let third = dir.path().join("third.csv");
    std::fs::write(&third, "KUNDENBETREUER,renewal_date,name,arr\nGamma 株式会社,2027-06-01,Gamma KK,7000\n")
        .unwrap();
    let out =
        radar(&db, &["import", "accounts", third.to_str().unwrap(), "--map", "KUNDENBETREUER=industry"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("saved mapping"), "{err}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let (owner, industry): (String, String) = c
        .query_row("SELECT owner, industry FROM account WHERE name = 'Gamma KK'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((owner.as_str(), industry.as_str()), ("", "Gamma 株式会社"));

    let out = radar(&db, &["import", "--forget-mapping", "7"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no saved import mapping #7"));
    let out = radar(&db, &["import", "--forget-mapping", "1"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Forgot import mapping #1 (accounts: name, arr"));
    let out = radar(&db, &["import", "--list-mappings"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No saved import mappings"));
}

/// End to end in tmux: the real binary's dashboard maps the column with the picker, `y`
/// imports; the SQLite file has the value in the field picked and the mapping; then the
/// command line imports a file with the same headers through the saved mapping.
#[test]
fn e2e_pick_a_field_in_the_dashboard_then_the_cli_reuses_the_mapping() {
    if !Tmux::available("the end-to-end import mapping test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    assert!(radar(&db, &["demo", "--accounts", "20"]).status.success());
    let file = dir.path().join("vendor-export.csv");
    std::fs::write(&file, FILE).unwrap();

    let t = Tmux::on("e2e-import-map", "map");
    let shell = format!(
        "env -i PATH=/usr/bin:/bin HOME=/tmp XDG_DATA_HOME={} RADAR_CONFIG=/nonexistent/radar-config.toml \
         LANG=en_US.UTF-8 TERM=xterm-256color {BIN} --db {} --today 2026-11-22 --lang en",
        dir.path().join("data").display(),
        db.display()
    );
    t.new_session(120, 35, &shell);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 20 of 20"));
    t.send(&["I"]);
    t.wait_for("the import prompt", |s| s.contains("Import a file"));
    t.type_text(&file.display().to_string());
    t.send(&["Enter"]);
    t.wait_for("the preview", |s| s.contains("Import this file?") && s.contains("\"Kundenbetreuer\""));
    t.send(&["m"]);
    t.wait_for("the column list", |s| s.contains("Which column?"));
    t.send(&["Enter"]);
    t.wait_for("the field list", |s| s.contains("What does \"Kundenbetreuer\" hold?"));
    t.type_text("owner");
    t.send(&["Enter"]);
    let s = t
        .wait_for("the preview again", |s| s.contains("Kundenbetreuer → owner") && s.contains("Import this"));
    assert!(s.contains("Jonas Weber"), "{s}");
    assert_eq!(owner_of(&db, "Acme GmbH"), None, "nothing written before y");
    t.send(&["y"]);
    t.wait_for("the import", |s| s.contains("imported: 2 created"));
    t.send(&["q"]);

    assert_eq!(owner_of(&db, "Acme GmbH").as_deref(), Some("Jonas Weber"));
    assert_eq!(owner_of(&db, "成都天府云图信息技术有限公司 二部").as_deref(), Some("Li Na 🚀"));
    let c = rusqlite::Connection::open(&db).unwrap();
    let (kind, mapping): (String, String) =
        c.query_row("SELECT kind, mapping FROM import_mapping", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((kind.as_str(), mapping.as_str()), ("accounts", r#"[["Kundenbetreuer","owner"]]"#));
    drop(c);

    let second = dir.path().join("second.csv");
    std::fs::write(&second, SECOND).unwrap();
    let out = radar(&db, &["import", "accounts", second.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("used the saved mapping for these headers: KUNDENBETREUER→owner"), "{err}");
    assert_eq!(owner_of(&db, "Beta AG").as_deref(), Some("Wang Fang"));
}

/// The field list names each field in the user's language beside its id, and typing the
/// name finds it: in Chinese the list was the bare ids and 负责人 found nothing (CSM
/// trial, session 24).
#[test]
fn the_field_list_is_in_the_users_language_and_found_by_it() {
    let (_dir, _file, mut h) = previewed(Lang::ZhCn);
    h.keys("m");
    h.key(KeyCode::Enter);
    let Some(Modal::Pick(p)) = h.app.modals.last() else { panic!("the field list") };
    assert!(
        p.items.iter().any(|i| i.label == "到期日 · renewal_date"),
        "{:?}",
        p.items.iter().map(|i| &i.label).collect::<Vec<_>>()
    );
    h.app.update(radar::tui::msg::Msg::Paste("负责人".into()));
    let Some(Modal::Pick(p)) = h.app.modals.last() else { panic!("the field list") };
    assert_eq!(p.current().map(|i| i.id.as_str()), Some("owner"));
    h.key(KeyCode::Enter);
    assert!(confirm_lines(&h).join("\n").contains("Kundenbetreuer → owner"), "{:?}", confirm_lines(&h));
}
