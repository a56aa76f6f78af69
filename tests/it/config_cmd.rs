//! `radar config path | show | set`: the settings in effect with where each came from, and
//! changing one key in the user's file, keeping its comments, refusing what Radar would
//! refuse to load.

use std::path::Path;
use std::process::{Command, Output};

/// Runs radar with `config` as its settings file and a clean environment for the
/// settings it reports (no RADAR_*, no LANG, colour on).
fn radar(config: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(crate::support::BIN);
    cmd.args(args).env("RADAR_CONFIG", config);
    for var in ["RADAR_DB", "RADAR_TODAY", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("radar runs")
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "exit {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The row of `key` in `config show`: (value, source).
fn row(show: &str, key: &str) -> (String, String) {
    let line = show
        .lines()
        .find(|l| l.split_whitespace().next() == Some(key))
        .unwrap_or_else(|| panic!("no row {key} in\n{show}"));
    let mut parts = line.split("  ").map(str::trim).filter(|s| !s.is_empty());
    parts.next();
    (parts.next().unwrap_or("").to_string(), parts.collect::<Vec<_>>().join(" "))
}

const USER_FILE: &str = "\
# My Radar settings: tuned for the SMB book.

[risk.points]
# Small accounts are the whole book here, so size says nothing.
small_account = 0   # was 5
opponent = 12

[backup]
keep = 14 # two weeks
";

#[test]
fn path_prints_the_settings_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("radar.toml");
    assert_eq!(ok(&radar(&file, &["config", "path"], &[])).trim(), file.to_str().unwrap());
    // Without RADAR_CONFIG: the config dir.
    let out = Command::new(crate::support::BIN)
        .args(["config", "path"])
        .env_remove("RADAR_CONFIG")
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(ok(&out).trim(), dir.path().join("renewal-radar/config.toml").to_str().unwrap());
}

#[test]
fn show_names_every_value_and_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, USER_FILE).unwrap();
    let db = dir.path().join("p.db");
    let out = radar(
        &file,
        &["--db", db.to_str().unwrap(), "config", "show"],
        &[("RADAR_TODAY", "2026-11-22"), ("LANG", "en_US.UTF-8"), ("NO_COLOR", "1")],
    );
    let show = ok(&out);
    assert!(show.contains(file.to_str().unwrap()), "{show}");
    assert!(show.contains("environment RADAR_CONFIG"), "{show}");
    assert_eq!(row(&show, "db"), (db.to_str().unwrap().to_string(), "flag --db".into()));
    assert_eq!(row(&show, "today"), ("2026-11-22".into(), "environment RADAR_TODAY".into()));
    assert_eq!(row(&show, "lang"), ("en".into(), "environment LANG".into()));
    assert_eq!(row(&show, "color"), ("off".into(), "environment NO_COLOR".into()));
    assert_eq!(row(&show, "risk.points.small_account"), ("0".into(), "file".into()));
    assert_eq!(row(&show, "risk.points.opponent"), ("12".into(), "file".into()));
    assert_eq!(row(&show, "backup.keep"), ("14".into(), "file".into()));
    assert_eq!(row(&show, "risk.points.usage_stopped"), ("25".into(), "default".into()));
    assert_eq!(row(&show, "risk.bands.watch"), ("25".into(), "default".into()));
    assert_eq!(row(&show, "theme.background"), ("auto".into(), "default".into()));

    // Flags over the environment; the local date by default.
    let out = radar(
        &file,
        &["config", "show", "--today", "2026-01-02", "--lang", "zh-CN"],
        &[("RADAR_DB", "/tmp/x.db")],
    );
    let show = ok(&out);
    assert_eq!(row(&show, "db"), ("/tmp/x.db".into(), "环境变量 RADAR_DB".into()));
    assert_eq!(row(&show, "today"), ("2026-01-02".into(), "命令行参数 --today".into()));
    assert_eq!(row(&show, "lang"), ("zh-CN".into(), "命令行参数 --lang".into()));
    assert_eq!(row(&show, "risk.points.opponent"), ("12".into(), "设置文件".into()));
    assert!(show.contains("设置文件") && show.contains("来源"), "{show}");
    let show = ok(&radar(&dir.path().join("none.toml"), &["config", "show"], &[]));
    assert_eq!(row(&show, "today").1, "default");
    assert_eq!(row(&show, "lang"), ("en".into(), "default".into()));
    assert_eq!(row(&show, "risk.points.opponent"), ("10".into(), "default".into()));
    assert!(show.contains("not created yet"), "{show}");
}

#[test]
fn show_reports_a_broken_file_and_keys_nothing_reads() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[risk.points]\nsmall_account = \"none\"\n").unwrap();
    let err = refused(&radar(&file, &["config", "show"], &[]));
    assert!(err.contains(file.to_str().unwrap()) && err.contains("small_account"), "{err}");
    std::fs::write(&file, "[thme]\nbackground = \"light\"\n").unwrap();
    let show = ok(&radar(&file, &["config", "show"], &[]));
    assert!(show.contains("thme.background: in the file, but not a setting"), "{show}");
}

#[test]
fn set_changes_one_value_and_keeps_every_comment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, USER_FILE).unwrap();
    ok(&radar(&file, &["config", "set", "risk.points.small_account", "3"], &[]));
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text, USER_FILE.replace("small_account = 0   # was 5", "small_account = 3   # was 5"));

    // A key of a table the file does not have yet, and a string value.
    ok(&radar(&file, &["config", "set", "theme.background", "light"], &[]));
    ok(&radar(&file, &["config", "set", "risk.bands.watch", "30"], &[]));
    let text = std::fs::read_to_string(&file).unwrap();
    // Every line of the file is still there, in its order; new tables join in.
    let mut rest = text.lines();
    for line in USER_FILE.replace("= 0   #", "= 3   #").lines() {
        assert!(rest.any(|l| l == line), "{line:?} kept, in order, in:\n{text}");
    }
    assert!(text.contains("[theme]\nbackground = \"light\"\n"), "{text}");
    assert!(text.contains("[risk.bands]\nwatch = 30\n") && !text.contains("[risk]\n"), "{text}");
    let show = ok(&radar(&file, &["config", "show"], &[]));
    assert_eq!(row(&show, "theme.background"), ("light".into(), "file".into()));
    assert_eq!(row(&show, "risk.bands.watch"), ("30".into(), "file".into()));
}

#[test]
fn set_creates_the_file_and_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new/dir/config.toml");
    let out = ok(&radar(&file, &["config", "set", "backup.keep", "30"], &[]));
    assert!(out.contains("backup.keep = 30"), "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# Renewal Radar settings"), "{text}");
    assert!(text.ends_with("[backup]\nkeep = 30\n"), "{text}");
}

#[test]
fn set_refuses_unknown_keys_and_bad_values_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, USER_FILE).unwrap();
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "risk.points.small_acount",
            "1",
            &["risk.points.small_acount", "did you mean risk.points.small_account", "no_decision_maker"],
        ),
        ("colour", "on", &["\"colour\" is not a setting", "risk.bands", "theme"]),
        ("risk.points", "1", &["\"risk.points\" is not a setting"]),
        ("backup.keep", "seven", &["backup.keep", "a whole number from 1 to 3650"]),
        ("backup.keep", "0", &["backup.keep", "1 to 3650"]),
        ("risk.points.opponent", "-3", &["risk.points.opponent", "0 (the rule off) or more"]),
        ("risk.params.seat_use_pct", "140", &["risk.params.seat_use_pct", "0..=100"]),
        ("risk.bands.watch", "80", &["risk.bands.watch = 80", "must rise strictly"]),
        ("theme.background", "purple", &["theme.background", "auto, dark or light"]),
        ("theme.background", "成都天府云图", &["theme.background", "auto, dark or light"]),
        ("theme.background", "\x1b[31mred", &["theme.background", "auto, dark or light"]),
        // No rate converts into a code not in use: every amount would drop out of the totals.
        ("report.currency", "XYZ", &["report.currency = XYZ", "ISO 4217 code of a currency in use"]),
        ("import.currency", "ABC", &["import.currency = ABC", "ISO 4217 code of a currency in use"]),
    ];
    for (key, value, says) in cases {
        let err = refused(&radar(&file, &["config", "set", key, value], &[]));
        for s in *says {
            assert!(err.contains(s), "set {key} {value:?}: {err:?} should say {s:?}");
        }
        assert!(!err.contains('\x1b'), "escape sequences are not echoed: {err:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), USER_FILE, "set {key} {value} changed the file");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary files: {leftovers:?}");

    // A file Radar cannot read is not rewritten either.
    std::fs::write(&file, "[risk.points\nopponent = 3\n").unwrap();
    let err = refused(&radar(&file, &["config", "set", "risk.points.opponent", "4"], &[]));
    assert!(err.contains(file.to_str().unwrap()) && err.contains("line 1"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "[risk.points\nopponent = 3\n");
}

#[test]
fn set_follows_a_link_to_the_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("dotfiles-config.toml");
    std::fs::write(&real, USER_FILE).unwrap();
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    ok(&radar(&link, &["config", "set", "backup.keep", "21"], &[]));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert!(std::fs::read_to_string(&real).unwrap().contains("keep = 21 # two weeks"));
}

#[test]
fn a_broken_settings_file_does_not_stop_path_completions_or_man() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[risk.points\nopponent = \"x\"\n").unwrap();
    assert_eq!(ok(&radar(&file, &["config", "path"], &[])).trim(), file.to_str().unwrap());
    assert!(ok(&radar(&file, &["completions", "bash"], &[])).contains("handover"));
    assert!(ok(&radar(&file, &["man"], &[])).contains(".SH COMMANDS"));
    // The commands that use the settings say what is wrong with them.
    let err = refused(&radar(&file, &["--db", "/nonexistent/p.db", "triage"], &[]));
    assert!(err.contains(file.to_str().unwrap()), "{err}");
}
