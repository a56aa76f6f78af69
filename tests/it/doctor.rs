//! `radar doctor`: each check's failure case gives its finding, severity and exit code
//! (a healthy file, a dropped index, a damaged file, a newer schema, a locked file, a bad
//! or doubly-bound keymap, an unknown or refused setting), the JSON shape, and a 20x5
//! terminal in tmux showing the report without garbage. The doctor changes nothing.

use crate::support::tmux::Tmux;
use rusqlite::Connection;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        std::fs::create_dir_all(env.config_dir()).unwrap();
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("portfolio.db")
    }

    fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config/renewal-radar")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(crate::support::BIN);
        cmd.arg("--db").arg(self.db()).args(args);
        for var in ["RADAR_DB", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "NO_COLOR", "COLORTERM"] {
            cmd.env_remove(var);
        }
        cmd.env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("RADAR_CONFIG", self.config_dir().join("config.toml"))
            .env("RADAR_TODAY", "2026-11-22")
            .env("LANG", "en_US.UTF-8");
        cmd
    }

    fn radar(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("radar runs")
    }

    /// A demo portfolio with today's backup: nothing for the doctor to complain about.
    fn healthy(&self) {
        assert!(self.radar(&["demo", "--accounts", "30"]).status.success());
        assert!(self.radar(&["backup"]).status.success());
    }

    /// `radar doctor --format json`: the report and the exit code.
    fn doctor(&self) -> (Value, i32) {
        let out = self.radar(&["doctor", "--format", "json"]);
        let json = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
        (json, out.status.code().unwrap())
    }
}

/// The finding `check` of a report: (severity, message, fix).
fn finding(report: &Value, check: &str) -> (String, String, Option<String>) {
    let f = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().unwrap())
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} in {report:#}"));
    (
        f["severity"].as_str().unwrap().into(),
        f["message"].as_str().unwrap().into(),
        f["fix"].as_str().map(Into::into),
    )
}

fn severities(report: &Value) -> Vec<(String, String)> {
    report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().unwrap())
        .map(|f| (f["check"].as_str().unwrap().to_string(), f["severity"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn a_healthy_file_has_every_database_check_ok_and_exits_0() {
    let env = Env::new();
    env.healthy();
    let (report, code) = env.doctor();
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["exit_code"], 0);
    for (check, severity) in severities(&report) {
        if check.starts_with("database.") {
            assert_eq!(severity, "ok", "{check}: {report:#}");
        }
    }
    let (_, msg, _) = finding(&report, "database.file");
    assert!(msg.contains("30 accounts"), "{msg}");
    let (_, msg, _) = finding(&report, "database.backup");
    assert!(msg.contains("2026-11-22") && msg.contains("today"), "{msg}");
    assert_eq!(finding(&report, "team.mode").0, "info");
}

#[test]
fn the_json_report_has_its_documented_shape() {
    let env = Env::new();
    env.healthy();
    let (report, _) = env.doctor();
    let keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["exit_code", "sections", "status"]);
    let ids: Vec<&str> =
        report["sections"].as_array().unwrap().iter().map(|s| s["section"].as_str().unwrap()).collect();
    assert_eq!(ids, ["database", "files", "terminal", "locale", "team"]);
    for s in report["sections"].as_array().unwrap() {
        assert!(s["title"].is_string());
        for f in s["findings"].as_array().unwrap() {
            let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["check", "fix", "message", "severity"], "{f}");
            assert!(["ok", "info", "warn", "error"].contains(&f["severity"].as_str().unwrap()));
            // A problem always says what to do.
            if f["severity"] == "warn" || f["severity"] == "error" {
                assert!(f["fix"].is_string(), "{f}");
            }
        }
    }
}

#[test]
fn a_dropped_index_is_a_warning_with_its_fix_and_stays_dropped() {
    let env = Env::new();
    env.healthy();
    Connection::open(env.db()).unwrap().execute_batch("DROP INDEX touchpoint_account").unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 0);
    let (severity, msg, fix) = finding(&report, "database.indexes");
    assert_eq!(severity, "warn");
    assert!(msg.contains("touchpoint_account"), "{msg}");
    assert!(fix.unwrap().contains("rebuilds"));
    let left: i64 = Connection::open(env.db())
        .unwrap()
        .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'touchpoint_account'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "the doctor repaired nothing");
}

#[test]
fn a_damaged_file_is_an_error_naming_the_backup_to_restore() {
    let env = Env::new();
    env.healthy();
    let db = env.db();
    let len = std::fs::metadata(&db).unwrap().len() as usize;
    let mut bytes = std::fs::read(&db).unwrap();
    // Pages 3 onwards (tables and indexes), keeping the header: SQLite opens it, the check finds it.
    for b in &mut bytes[4096 * 2..len.min(4096 * 12)] {
        *b = 0x5A;
    }
    std::fs::write(&db, &bytes).unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["status"], "error");
    let (severity, msg, fix) = finding(&report, "database.quick_check");
    assert_eq!(severity, "error");
    assert!(msg.contains("damaged"), "{msg}");
    let fix = fix.unwrap();
    assert!(fix.contains("radar restore") && fix.contains("2026-11-22"), "{fix}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the doctor wrote nothing");
}

#[test]
fn a_file_from_a_newer_radar_is_an_error() {
    let env = Env::new();
    env.healthy();
    // One past this build's version (a literal goes stale with the next migration).
    let newer = radar::store::LATEST_VERSION + 1;
    Connection::open(env.db()).unwrap().pragma_update(None, "user_version", newer).unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 1);
    let (severity, msg, fix) = finding(&report, "database.identity");
    assert_eq!(severity, "error");
    assert!(msg.contains("newer") && msg.contains(&format!("schema version {newer}")), "{msg}");
    assert!(fix.unwrap().contains("upgrade radar"));
}

#[test]
fn a_file_another_program_locked_is_an_error() {
    let env = Env::new();
    env.healthy();
    let holder = Connection::open(env.db()).unwrap();
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 1, "{report:#}");
    let (severity, msg, fix) = finding(&report, "database.identity");
    assert_eq!(severity, "error");
    assert!(msg.contains("locked"), "{msg}");
    assert!(fix.unwrap().contains("fuser"));
    drop(holder);
    assert_eq!(env.doctor().1, 0, "free again");
}

#[test]
fn a_foreign_file_is_an_error() {
    let env = Env::new();
    std::fs::write(env.db(), "成都天府云图信息技术有限公司\n\u{1b}[2J not a database".repeat(100)).unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 1);
    let (severity, msg, _) = finding(&report, "database.identity");
    assert_eq!(severity, "error");
    assert!(msg.contains("not a Renewal Radar database"), "{msg}");
}

#[test]
fn a_keymap_radar_refuses_is_an_error_naming_its_line() {
    let env = Env::new();
    env.healthy();
    let keymap = env.config_dir().join("keymap.toml");
    std::fs::write(&keymap, "[global]\nquit = [\"q\"]\nexplode = [\"x\"]\n").unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 1);
    let (severity, msg, fix) = finding(&report, "files.keymap");
    assert_eq!(severity, "error");
    assert!(msg.contains("line 3") && msg.contains("explode"), "{msg}");
    assert!(fix.is_some());
    // A TOML syntax error is named by its line too.
    std::fs::write(&keymap, "[global]\nquit = [\"q\"\n").unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 1);
    let (_, msg, _) = finding(&report, "files.keymap");
    assert!(msg.contains("line 2"), "{msg}");
}

#[test]
fn a_key_bound_twice_in_a_table_is_a_warning() {
    let env = Env::new();
    env.healthy();
    std::fs::write(env.config_dir().join("keymap.toml"), "# mine\n[dashboard]\n\nfilter_at_risk = [\"x\"]\n")
        .unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 0);
    let (severity, msg, fix) = finding(&report, "files.keymap_twice");
    assert_eq!(severity, "warn");
    assert!(msg.contains("x is bound to") && msg.contains("[dashboard]") && msg.contains("line 4"), "{msg}");
    assert!(msg.contains("filter_at_risk") && msg.contains("clear_filters"), "{msg}");
    assert!(fix.unwrap().contains("keymap.toml"));
}

#[test]
fn an_unknown_setting_is_a_warning_and_a_refused_file_an_error() {
    let env = Env::new();
    env.healthy();
    let config = env.config_dir().join("config.toml");
    std::fs::write(&config, "# mine\n[backup]\nkeep = 3\nkepp = 4\n").unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 0);
    let (severity, msg, fix) = finding(&report, "files.config_unknown_key");
    assert_eq!(severity, "warn");
    assert!(msg.contains("backup.kepp") && msg.contains("line 4"), "{msg}");
    assert!(fix.unwrap().contains("did you mean backup.keep"));
    std::fs::write(&config, "[theme]\nbackground = \"purple\"\n").unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 1);
    let (severity, msg, _) = finding(&report, "files.config");
    assert_eq!(severity, "error");
    assert!(msg.contains("purple"), "{msg}");
}

#[test]
fn an_old_backup_and_no_portfolio() {
    let env = Env::new();
    assert!(env.radar(&["demo", "--accounts", "5"]).status.success());
    assert!(env.command(&["backup"]).env("RADAR_TODAY", "2026-11-01").status().unwrap().success());
    let (report, code) = env.doctor();
    assert_eq!(code, 0);
    let (severity, msg, _) = finding(&report, "database.backup");
    assert_eq!(severity, "warn");
    assert!(msg.contains("21 days"), "{msg}");
    // A fresh machine: no portfolio yet is not a problem, and says how to make one.
    std::fs::remove_file(env.db()).unwrap();
    let (report, code) = env.doctor();
    assert_eq!(code, 0);
    let (severity, _, fix) = finding(&report, "database.file");
    assert_eq!(severity, "info");
    assert!(fix.unwrap().contains("radar demo"));
    assert!(!env.db().exists(), "the doctor created nothing");
}

#[test]
fn the_report_is_in_chinese_too() {
    let env = Env::new();
    env.healthy();
    let out = env.radar(&["--lang", "zh-CN", "doctor"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("数据库") && text.contains("[正常]") && text.contains("单机模式"), "{text}");
}

fn history(t: &Tmux) -> String {
    t.run(&["capture-pane", "-p", "-S", "-", "-t", "doc"])
}

/// In a 20x5 window: every line the doctor prints fits (tmux wrapped none of them: the
/// joined capture equals the plain one), nothing the terminal answered is echoed, the
/// CJK sample drawn for measuring is erased, and the size is the warning.
#[test]
fn a_20x5_terminal_gets_the_report_without_garbage() {
    if !Tmux::available("the doctor in a 20x5 terminal") {
        return;
    }
    let env = Env::new();
    env.healthy();
    let t = Tmux::on("doctor", "doc");
    let db = env.db();
    let line = format!(
        "env -u LC_ALL -u NO_COLOR LANG=en_US.UTF-8 RADAR_TODAY=2026-11-22 RADAR_CONFIG={cfg} XDG_DATA_HOME={data} \
         XDG_CONFIG_HOME={conf} {bin} --db {db} doctor; echo EXIT:$?; sleep 60",
        cfg = env.config_dir().join("config.toml").display(),
        data = env.dir.path().join("data").display(),
        conf = env.dir.path().join("config").display(),
        bin = crate::support::BIN,
        db = db.display(),
    );
    t.new_session(20, 5, &line);
    t.wait_for("the report", |s| s.contains("EXIT:"));
    let plain = history(&t);
    let joined = t.run(&["capture-pane", "-p", "-J", "-S", "-", "-t", "doc"]);
    assert_eq!(plain, joined, "a line was wider than the window");
    assert!(plain.contains("EXIT:0"), "{plain}");
    for bad in ["\u{1b}", "$y", ";5R", "[?"] {
        assert!(!plain.contains(bad), "{bad:?} on screen:\n{plain}");
    }
    assert!(plain.lines().all(|l| radar::domain::text::width(l) <= 20), "{plain}");
    let flat = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("[warn] size 20x5"), "{plain}");
    // The sample appears once: inside the finding about it, not left over from measuring.
    assert_eq!(plain.matches("成都").count(), 1, "{plain}");
    assert!(flat.contains("成都 takes 4 columns"), "{plain}");
}
