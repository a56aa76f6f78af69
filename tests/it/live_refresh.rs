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
