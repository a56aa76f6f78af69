//! Every file Radar writes for the user (the JSON export, the CSV exports, the dashboard's
//! handover sheet) is created fresh with mode 0600 and renamed into place: something
//! planted at its name, at the old `.part` name or at any temporary name is replaced,
//! never written through, and a file that was there with looser permissions comes out 0600.
//! With a relative `--db`, the handover sheet goes beside the database, never to a shared
//! temporary folder. (The tmux part is skipped with a notice when tmux is missing.)

use crate::support::BIN;
use crate::support::cli::{demo_file, radar};
use crate::support::tmux::Tmux;
use crate::support::tui_edit::{app_on, demo_into, select_first, status};
use radar::i18n::Lang;
use radar::store::Store;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

const VICTIM_TEXT: &str = "the victim's own content\n";

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("portfolio.db");
    demo_file(&db, 8, 2);
    db
}

/// A file the attacker wants overwritten (or read: it must not become a copy of the export).
fn victim(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, VICTIM_TEXT).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    path
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// `path` is a regular file (not a link), readable by its owner only.
fn assert_private_regular(path: &Path) {
    let meta = std::fs::symlink_metadata(path).unwrap();
    assert!(meta.file_type().is_file(), "{} is not a regular file: {:?}", path.display(), meta.file_type());
    assert_eq!(mode(path), 0o600, "{} has mode {:o}", path.display(), mode(path));
}

fn assert_untouched(victim: &Path) {
    assert_eq!(
        std::fs::read_to_string(victim).unwrap(),
        VICTIM_TEXT,
        "{} was written through",
        victim.display()
    );
    assert_eq!(mode(victim), 0o644);
}

/// No temporary file is left beside the outputs.
fn assert_no_leftovers(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".part"))
        .collect();
    assert!(left.iter().all(|n| n.ends_with(".part") && is_planted(n)), "left behind: {left:?}");
}

fn is_planted(name: &str) -> bool {
    // The links the tests plant at the old predictable names are replaced or left alone;
    // they are not Radar's leftovers.
    matches!(name, "out.json.part" | "accounts.csv.part" | "contacts.csv.part")
}

#[test]
fn json_export_replaces_planted_links_and_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("out.json");

    // A link at the old predictable temporary name.
    let v1 = victim(dir.path(), "victim-part.txt");
    symlink(&v1, out_dir.join("out.json.part")).unwrap();
    let ran = radar(&db, &["export", "--format", "json", "--out", out.to_str().unwrap()]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    assert_untouched(&v1);
    assert_private_regular(&out);
    assert!(std::fs::read_to_string(&out).unwrap().contains("\"format\": \"renewal-radar\""));

    // A link at the target name: the link is replaced by the export, its target untouched.
    std::fs::remove_file(&out).unwrap();
    let v2 = victim(dir.path(), "victim-target.txt");
    symlink(&v2, &out).unwrap();
    let ran = radar(&db, &["export", "--format", "json", "--out", out.to_str().unwrap()]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    assert_untouched(&v2);
    assert_private_regular(&out);

    // A dangling link at the target name (the attacker's file does not exist yet).
    std::fs::remove_file(&out).unwrap();
    let v3 = dir.path().join("victim-created.txt");
    symlink(&v3, &out).unwrap();
    let ran = radar(&db, &["export", "--format", "json", "--out", out.to_str().unwrap()]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    assert!(!v3.exists(), "the export was written through a dangling link to {}", v3.display());
    assert_private_regular(&out);

    // An existing world-writable export comes out 0600.
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o666)).unwrap();
    let ran = radar(&db, &["export", "--format", "json", "--out", out.to_str().unwrap()]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    assert_private_regular(&out);
    assert_no_leftovers(&out_dir);
}

#[test]
fn csv_export_replaces_planted_links_and_every_file_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = dir.path().join("csv");
    std::fs::create_dir(&out).unwrap();
    let at_part = victim(dir.path(), "victim-part.txt");
    symlink(&at_part, out.join("accounts.csv.part")).unwrap();
    let at_target = victim(dir.path(), "victim-target.txt");
    symlink(&at_target, out.join("contacts.csv")).unwrap();
    let dangling = dir.path().join("victim-created.txt");
    symlink(&dangling, out.join("promises.csv")).unwrap();
    std::fs::write(out.join("usage.csv"), "old").unwrap();
    std::fs::set_permissions(out.join("usage.csv"), std::fs::Permissions::from_mode(0o666)).unwrap();

    let ran = radar(&db, &["export", "--format", "csv", "--out", out.to_str().unwrap()]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    assert_untouched(&at_part);
    assert_untouched(&at_target);
    assert!(!dangling.exists(), "written through a dangling link");
    for kind in ["accounts", "contacts", "promises", "requirements", "usage", "touchpoints", "outcomes"] {
        let file = out.join(format!("{kind}.csv"));
        assert_private_regular(&file);
        assert!(std::fs::read(&file).unwrap().starts_with(b"\xEF\xBB\xBF"), "{kind}.csv");
    }
    assert_no_leftovers(&out);

    // A folder the export creates is the user's only.
    let fresh = dir.path().join("fresh/csv");
    let ran = radar(&db, &["export", "--format", "csv", "--out", fresh.to_str().unwrap()]);
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    assert_eq!(mode(&fresh), 0o700);
}

fn dashboard_on(dir: &Path) -> radar::tui::harness::Harness {
    let path = dir.join("portfolio.db");
    let mut seed = Store::open(&path).unwrap();
    demo_into(&mut seed, 12);
    drop(seed);
    let mut h = app_on(Store::open(&path).unwrap(), Lang::En, (120, 35));
    select_first(&mut h);
    h
}

#[test]
fn handover_sheet_replaces_a_planted_link_and_a_loose_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = dashboard_on(dir.path());
    let folder = dir.path().join("handover");
    std::fs::create_dir(&folder).unwrap();
    let sheet = folder.join("handover-ACC-000001-2026-11-22.md");

    let v = victim(dir.path(), "victim.txt");
    symlink(&v, &sheet).unwrap();
    h.keys("H");
    assert!(status(&h).contains("Handover sheet written"), "{}", status(&h));
    assert_untouched(&v);
    assert_private_regular(&sheet);
    assert!(std::fs::read_to_string(&sheet).unwrap().contains("成都天府云图信息技术有限公司"));

    // A sheet written earlier that someone made world-writable is replaced by a private one.
    std::fs::set_permissions(&sheet, std::fs::Permissions::from_mode(0o666)).unwrap();
    h.keys("H");
    assert_private_regular(&sheet);

    // A dangling link: nothing is created at its target.
    std::fs::remove_file(&sheet).unwrap();
    let dangling = dir.path().join("victim-created.txt");
    symlink(&dangling, &sheet).unwrap();
    h.keys("H");
    assert!(!dangling.exists(), "written through a dangling link");
    assert_private_regular(&sheet);
    assert_no_leftovers(&folder);
}

#[test]
fn handover_folder_is_created_private() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = dashboard_on(dir.path());
    h.keys("H");
    assert_eq!(mode(&dir.path().join("handover")), 0o700);
    // On a narrow screen the status bar keeps the file's name, the end of the message (it
    // was cut off there); the middle of the path goes, and the key to the whole message
    // follows.
    h.resize(80, 24);
    let screen = h.screen();
    let line = screen.lines().rev().find(|l| l.contains("Handover sheet")).unwrap_or_default();
    let line = line.trim_end().strip_suffix(" M full text").unwrap_or(line);
    assert!(line.ends_with("/handover-ACC-000001-2026-11-22.md"), "{screen}");
    assert!(line.contains('…'), "{line}");
}

/// `radar --db portfolio.db` in the database's folder: `H` writes the sheet into
/// `./handover/`, not into the temporary folder shared by every user.
#[test]
fn with_a_relative_db_the_handover_sheet_goes_beside_the_database() {
    if !Tmux::available("the relative --db handover test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let t = Tmux::on("handover-rel", "hr");
    let cmd = format!(
        "cd '{}' && env TMPDIR='{}' XDG_DATA_HOME='{}' RADAR_CONFIG=/nonexistent/radar.toml '{}' \
         --db portfolio.db --today 2026-11-22 --lang en",
        dir.path().display(),
        tmp.display(),
        dir.path().join("data").display(),
        BIN
    );
    t.new_session(120, 35, &cmd);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 8 of 8"));
    t.send(&["H"]);
    let s = t.wait_for("the handover message", |s| s.contains("Handover sheet written"));
    t.send(&["q"]);
    let written: Vec<PathBuf> = std::fs::read_dir(dir.path().join("handover"))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    assert_eq!(written.len(), 1, "no sheet beside the database; the dashboard said:\n{s}");
    assert!(!tmp.join("handover").exists(), "the sheet went to the shared temporary folder:\n{s}");
    assert_private_regular(&written[0]);
}
