//! Live refresh across processes: a dashboard open on a file shows an account that
//! another process (`radar import`) adds, within about two seconds, without a restart.
//! Runs the real binary in tmux. Skipped with a notice when tmux is missing, except under
//! CI=true (then it fails).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::BIN;
use crate::support::tmux::Tmux;

fn import(db: &Path, file: &Path) {
    let out = Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2026-11-22",
            "import",
            "accounts",
            file.to_str().unwrap(),
        ])
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .env_remove("LC_ALL")
        .env(crate::support::MONEY_LOCALE.0, crate::support::MONEY_LOCALE.1)
        .output()
        .expect("run radar import");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn dashboard_shows_an_account_imported_by_another_process() {
    if !Tmux::available("the live refresh test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let first = dir.path().join("first.csv");
    std::fs::write(&first, "external_id,name,arr,renewal_date\nL-1,Alpha Anchor Co,50000,2027-04-01\nL-2,Beta Bridge Co,60000,2027-05-01\n")
        .unwrap();
    import(&db, &first);

    let t = Tmux::on("live", "live");
    let cmd = format!(
        "env RADAR_CONFIG=/nonexistent/radar-config.toml {BIN} --db {} --today 2026-11-22 --lang en",
        db.display()
    );
    t.run(&["new-session", "-d", "-s", "live", "-x", "120", "-y", "35", &cmd]);
    t.wait_within("the portfolio", Duration::from_secs(15), |s| {
        s.contains("Alpha Anchor Co") && s.contains("Beta Bridge Co")
    });

    let second = dir.path().join("second.csv");
    std::fs::write(
        &second,
        "external_id,name,arr,renewal_date\nL-3,Zebra Live Refresh Co,70000,2027-06-01\n",
    )
    .unwrap();
    import(&db, &second);
    let (screen, took) = t
        .wait_within("the imported account", Duration::from_secs(5), |s| s.contains("Zebra Live Refresh Co"));
    eprintln!("live refresh: the new account appeared {took:?} after the import finished");
    assert!(took <= Duration::from_millis(2500), "took {took:?}:\n{screen}");
    assert!(screen.contains("Alpha Anchor Co"), "the other accounts are still listed:\n{screen}");
}

/// `radar` with this settings file (the other CLI tests run with none).
fn radar_with(db: &Path, config: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "--lang", "en"])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env("RADAR_CONFIG", config)
        .env_remove("LC_ALL")
        .env(crate::support::MONEY_LOCALE.0, crate::support::MONEY_LOCALE.1)
        .output()
        .expect("run radar")
}

/// The status bar: the dashboard's last line but one.
fn status_line(screen: &str) -> &str {
    let lines: Vec<&str> = screen.lines().collect();
    lines.get(lines.len().saturating_sub(2)).copied().unwrap_or("")
}

/// Settings changed by `radar config set` while the dashboard is open: the dashboard takes
/// them (its totals change currency, it says so) and rescores with them. Before, it kept the
/// settings it opened with: it showed totals the command line no longer gave, and each
/// rescored the whole book with its own rules after the other had (every `triage` said
/// "recomputing"). A broken file is refused in words and the settings in use kept.
#[test]
fn dashboard_follows_its_settings_file_and_rescores_with_it() {
    if !Tmux::available("the settings-follow test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let config = dir.path().join("config.toml");
    crate::support::cli::demo_file(&db, 150, 1);
    let primed = radar_with(&db, &config, &["triage", "--limit", "3"]);
    assert!(primed.status.success(), "{}", String::from_utf8_lossy(&primed.stderr));

    let t = Tmux::on("settings", "settings");
    let cmd = format!(
        "env RADAR_CONFIG={} {BIN} --db {} --today 2026-11-22 --lang en",
        config.display(),
        db.display()
    );
    t.new_session(120, 35, &cmd);
    let screen = t.wait_for("the quarter in the status bar", |s| status_line(s).contains("at-risk"));
    assert!(status_line(&screen).contains("at-risk ¥"), "the demo's totals are in yuan:\n{screen}");

    let set = radar_with(&db, &config, &["config", "set", "report.currency", "USD"]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let screen = t
        .wait_for("the new settings taken", |s| s.contains("Settings changed in") && s.contains("at-risk $"));
    assert!(screen.contains("the dashboard follows them now"), "{screen}");

    // The dashboard rescored with the new settings: once it is done the cache is current
    // for the command line, and stays so while both run (no rescoring back and forth).
    let settled = (0..100).any(|_| {
        let out = radar_with(&db, &config, &["triage", "--limit", "3", "--no-recompute"]);
        let quiet = out.status.success() && out.stderr.is_empty();
        if !quiet {
            std::thread::sleep(Duration::from_millis(100));
        }
        quiet
    });
    assert!(settled, "the cache never became current for the new settings");
    for round in 0..3 {
        let out = radar_with(&db, &config, &["triage", "--limit", "3"]);
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "round {round}: triage had to recompute");
        std::thread::sleep(Duration::from_millis(1200)); // a live-refresh tick of the dashboard
    }

    // A file that does not parse: said, and the settings in use kept.
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[risk.bands]\nwatch = = 3\n");
    std::fs::write(&config, text).unwrap();
    let screen = t.wait_for("the broken file refused", |s| s.contains("Settings file config.toml not used"));
    assert!(screen.contains("config.toml"), "the message names the file:\n{screen}");
    assert!(status_line(&screen).contains("at-risk $"), "{screen}");
    t.send(&["q"]);
    t.wait_for("the dashboard closed", |s| !s.contains("at-risk"));
}
