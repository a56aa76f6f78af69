//! Backups that cannot lose the last good copy: a damaged database is never backed up
//! (each backup fails loudly and deletes nothing); a backup that cannot be written names
//! its destination and leaves nothing half-written; a killed backup's partial copy is
//! removed by the next one; the dashboard says at once when its file is damaged and names
//! the newest good backup.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::BIN;
use crate::support::backups::*;
use crate::support::tmux::Tmux;

/// A damaged file is never backed up: each `radar backup` fails loudly (exit 1, naming the
/// file and the newest good backup) and deletes nothing, however often it runs; the good
/// backup then restores the file.
#[test]
fn backups_of_a_damaged_file_fail_and_never_rotate_out_the_last_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("p.db"), dir.path().join("data"));
    demo(&db, &data, "30");
    let out = radar(&db, &data, &["backup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let good = files_in(&backups_dir(&data));
    assert_eq!(good.len(), 1, "{good:?}");
    let good_path = backups_dir(&data).join(&good[0]);
    // Read from a copy: opening the backup itself would switch it to WAL mode.
    let scratch = dir.path().join("scratch.db");
    std::fs::copy(&good_path, &scratch).unwrap();
    let good_dump = radar::store::Store::open(&scratch).unwrap().dump().unwrap();

    corrupt(&db);
    // keep = 1: a manual backup keeps 2; four runs would have rotated the good one out.
    for run in 0..4 {
        let out = radar(&db, &data, &["backup"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "run {run}: {err}");
        assert!(err.contains(&db.display().to_string()) && err.contains("damaged"), "run {run}: {err}");
        let advice = format!("radar --db {} restore {}", db.display(), good_path.display());
        assert!(err.contains(&advice), "run {run}: names the good backup and the command: {err}");
        assert_eq!(files_in(&backups_dir(&data)), good, "run {run}: nothing made, nothing deleted");
    }
    assert_eq!(quick_check(&good_path), "ok");

    // What the message offers works: the damaged content is kept aside, the good one restored.
    let out = radar(&db, &data, &["restore", good_path.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(quick_check(&db), "ok");
    assert_eq!(radar::store::Store::open(&db).unwrap().dump().unwrap(), good_dump);
    assert!(files_in(&backups_dir(&data)).iter().any(|n| n.contains("before-restore")));
}

/// Runs radar under a file-size limit. `ignore_xfsz`: the write that crosses the limit
/// fails with EFBIG (as a full disk would); otherwise SIGXFSZ kills radar mid-copy.
fn radar_with_file_limit(db: &Path, data: &Path, limit: u64, ignore_xfsz: bool, args: &[&str]) -> Output {
    let inner = command(db, data, args);
    let trap = if ignore_xfsz { "trap '' XFSZ; " } else { "" };
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("{trap}exec prlimit --fsize={limit} \"$@\""))
        .arg("sh")
        .arg(inner.get_program())
        .args(inner.get_args())
        .envs(inner.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
        .stdin(Stdio::null());
    c.output().expect("sh runs")
}

fn prlimit_available() -> bool {
    let ok = Command::new("prlimit").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("NOTICE: prlimit not found; skipping a file-size-limit case");
    }
    ok
}

fn partials(dir: &Path) -> Vec<String> {
    files_in(dir).into_iter().filter(|n| n.contains(".partial-")).collect()
}

/// The destination cannot take the copy: the message blames the destination (not the
/// portfolio), and no partial copy is left behind.
#[test]
fn a_backup_to_a_full_destination_names_it_and_leaves_no_partial_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("p.db"), dir.path().join("data"));
    demo(&db, &data, "100");
    let size = std::fs::metadata(&db).unwrap().len();
    assert!(size > 256 * 1024, "the portfolio must not fit: {size}");

    let check = |out: &Output, dest: &Path| {
        let err = stderr(out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let blamed = format!("radar: {}:", dest.display());
        assert!(err.starts_with(&blamed), "blames the destination {dest:?}: {err}");
        assert!(err.contains("backup"), "{err}");
        assert!(!err.starts_with(&format!("radar: {}:", db.display())), "{err}");
    };

    // A file-size limit: the write past it fails as on a full disk.
    if prlimit_available() {
        let out_dir = dir.path().join("out");
        std::fs::create_dir(&out_dir).unwrap();
        let dest = out_dir.join("copy.db");
        let out =
            radar_with_file_limit(&db, &data, 64 * 1024, true, &["backup", "--out", dest.to_str().unwrap()]);
        check(&out, &dest);
        assert!(files_in(&out_dir).is_empty(), "left behind: {:?}", files_in(&out_dir));
    }

    // A really full disk: a 64 KiB tmpfs, when this machine lets us mount one.
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("NOTICE: cannot mount a tmpfs here; the file-size limit case stands for the full disk");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let dest = mnt.join("copy.db");
    let out = radar(&db, &data, &["backup", "--out", dest.to_str().unwrap()]);
    check(&out, &dest);
    assert!(stderr(&out).contains("full"), "{}", stderr(&out));
    assert!(files_in(&mnt).is_empty(), "left behind: {:?}", files_in(&mnt));
}

/// A backup killed mid-copy (here by SIGXFSZ at a file-size limit) leaves its partial
/// copy; the next backup removes it, for `--out` and for the backups folder.
#[test]
fn a_killed_backups_partial_copy_is_removed_by_the_next_backup() {
    if !prlimit_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("p.db"), dir.path().join("data"));
    demo(&db, &data, "100");
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let dest = out_dir.join("copy.db");
    let dest_arg = dest.to_str().unwrap();

    let killed = radar_with_file_limit(&db, &data, 64 * 1024, false, &["backup", "--out", dest_arg]);
    assert_eq!(killed.status.signal(), Some(25), "killed by SIGXFSZ: {killed:?}");
    assert!(!partials(&out_dir).is_empty(), "the kill left a partial copy: {:?}", files_in(&out_dir));
    let killed = radar_with_file_limit(&db, &data, 64 * 1024, false, &["backup"]);
    assert_eq!(killed.status.signal(), Some(25), "killed by SIGXFSZ: {killed:?}");
    assert!(!partials(&backups_dir(&data)).is_empty(), "{:?}", files_in(&backups_dir(&data)));

    let out = radar(&db, &data, &["backup", "--out", dest_arg]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files_in(&out_dir), vec!["copy.db".to_string()]);
    let out = radar(&db, &data, &["backup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(partials(&backups_dir(&data)).is_empty(), "{:?}", files_in(&backups_dir(&data)));
}

/// The dashboard on a damaged file: the daily backup (after the first frame) finds the
/// damage, makes no backup, and a notice names the file, the newest good backup and the
/// command that restores it.
#[test]
fn the_dashboard_names_the_newest_good_backup_when_its_file_is_damaged() {
    if !Tmux::available("the damaged-file dashboard test") {
        return;
    }
    damaged_dashboard("index", "touchpoint_contact");
    // The account table itself: the list cannot load, and the notice still comes.
    damaged_dashboard("table", "account");
}

fn damaged_dashboard(tag: &str, damaged: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("p.db"), dir.path().join("data"));
    demo(&db, &data, "30");
    let out = radar(&db, &data, &["backup"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let good = files_in(&backups_dir(&data));
    corrupt_root_of(&db, damaged);

    let t = Tmux::on(&format!("damaged-{tag}"), "damaged");
    let cmd = format!(
        "env XDG_DATA_HOME={} RADAR_CONFIG={} {BIN} --db {} --today 2026-11-22 --lang en",
        data.display(),
        data.join("config.toml").display(),
        db.display()
    );
    t.new_session(120, 35, &cmd);
    let title = "The portfolio file is damaged";
    let s = t.wait_for("the damaged-file notice", |s| s.contains(title) && s.contains(" restore"));
    // Paths wrap inside the notice: read its text without line breaks.
    let text = boxed_text(&s, title);
    assert!(text.contains(&good[0]), "names the good backup {}:\n{s}", good[0]);
    assert!(
        text.contains(&format!("{}fails", db.display())) || text.contains(&format!("{} fails", db.display())),
        "names the file:\n{s}"
    );
    assert!(text.contains("radar --db") && text.contains("restore"), "gives the command:\n{s}");
    assert!(text.contains("Quit Radar (q)"), "names the quit key as bound:\n{s}");
    assert_eq!(files_in(&backups_dir(&data)), good, "no backup of the damaged file");
    // The notice closes; the dashboard stays usable.
    t.send(&["Escape"]);
    t.wait_for("the notice to close", |s| !s.contains(" restore"));
    t.send(&["q"]);
}

/// The text inside the box whose top border holds `title`, its lines joined without their
/// padding (display columns, so wide characters beside the box do not shift it).
fn boxed_text(screen: &str, title: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines.iter().position(|l| l.contains(title)).expect("the box title");
    let t = lines[top];
    let at = t.find(title).unwrap();
    let left = t[..at].rfind('┌').expect("top-left corner");
    let right = at + t[at..].find('┐').expect("top-right corner");
    let (c0, c1) = (t[..left].width(), t[..right].width());
    let mut out = String::new();
    for l in &lines[top + 1..] {
        let (mut col, mut inside) = (0, String::new());
        for ch in l.chars() {
            if col > c0 && col < c1 {
                inside.push(ch);
            }
            col += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        }
        if inside.trim_start().starts_with('─') || l.chars().count() <= c0 {
            break;
        }
        out.push_str(inside.trim());
    }
    out
}
