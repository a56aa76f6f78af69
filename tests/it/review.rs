//! The value report (`radar review`, the dashboard's `V`): the command on a demo file (stdout,
//! `--out` as a private file never written through a link, bad input refused with exit 2
//! and no file), the dashboard key and the T-90 offer in the harness, and the real binary
//! in tmux writing the report from the dashboard. The figures themselves are checked by
//! hand in the golden tests (`src/interchange/review/tests.rs`).

use crate::support::BIN;
use crate::support::tmux::Tmux;
use crate::support::tui_edit::*;
use radar::domain::MilestoneKind;
use radar::i18n::Lang;
use radar::store::Store;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn radar(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22"])
        .args(args)
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .env("XDG_DATA_HOME", db.parent().unwrap().join("data"))
        .output()
        .unwrap()
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("portfolio.db");
    assert!(radar(&db, &["demo"]).status.success());
    db
}

#[test]
fn review_prints_the_report_in_either_language_and_writes_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let o = radar(&db, &["--lang", "zh-CN", "review", "ACC-000001"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let zh = String::from_utf8(o.stdout).unwrap();
    assert!(zh.starts_with("# 年度价值报告："), "{zh}");
    for h in ["## 使用情况前后对比", "## 成效与购买原因对照", "## 投诉及处理", "## 明年目标"]
    {
        assert!(zh.contains(h), "{h} in {zh}");
    }
    let out = dir.path().join("report.md");
    let o = radar(&db, &["review", "ACC-000001", "--kind", "qbr", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let en = std::fs::read_to_string(&out).unwrap();
    assert!(en.starts_with("# Business review: "), "{en}");
    assert!(en.contains("| Period | 2026-08-23 → 2026-11-22 |"), "{en}");
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    // --out over a link replaces the link; the file it pointed to is untouched.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep").unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let o = radar(&db, &["review", "ACC-000001", "--out", link.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert!(std::fs::read_to_string(&link).unwrap().starts_with("# Value report: "));
}

#[test]
fn a_chosen_period_is_used_and_bad_input_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let o = radar(&db, &["review", "ACC-000001", "--from", "2026-06-01", "--to", "2026-09-30"]);
    assert!(String::from_utf8(o.stdout).unwrap().contains("| Period | 2026-06-01 → 2026-09-30 |"));
    let out = dir.path().join("never.md");
    let o_str = out.to_str().unwrap();
    for (args, says) in [
        (vec!["review", "ACC-000001", "--kind", "weekly", "--out", o_str], "--kind: 'weekly'"),
        (vec!["review", "ACC-000001", "--from", "someday", "--out", o_str], "--from"),
        (
            vec!["review", "ACC-000001", "--from", "2026-09-01", "--to", "2026-08-01", "--out", o_str],
            "before --from",
        ),
        (
            vec!["review", "no such \x1b[31m account", "--out", o_str],
            "no account has the external id or name",
        ),
    ] {
        let o = radar(&db, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains('\x1b'), "the echoed name is sanitised: {err:?}");
        assert!(!out.exists(), "a refused command writes nothing");
    }
}

/// A CSM's trial on the demo: the changes and the seat use are of the exact averages
/// (Soylent Clinics' after side is 12, 12, 13, 0: 9.25, shown 9), not of the rounded
/// ones (they read -25%, 64%, -22 pts; Globex Partners 44% for 26.6/62 = 42.9%); and a
/// period with readings on one side names its latest reading as read, and its average as
/// an average (it called the average "latest").
#[test]
fn the_trial_accounts_figures_are_exact_and_one_side_names_its_latest_reading() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let text = |args: &[&str]| {
        let o = radar(&db, args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let soylent = text(&["review", "ACC-000125"]);
    for want in [
        "| Active users | 12 | 9 | -23% |",
        "| Active users / seats | 86% | 66% | -20 pts |",
        "Active users 12 → 9 (-23%)",
    ] {
        assert!(soylent.contains(want), "missing {want:?} in\n{soylent}");
    }
    let zh = text(&["--lang", "zh-CN", "review", "ACC-000125"]);
    assert!(zh.contains("| 活跃用户 / 席位 | 86% | 66% | -20 个百分点 |"), "{zh}");
    let globex = text(&["review", "ACC-000090"]);
    assert!(globex.contains("| Active users / seats | 40% | 43% | +3 pts |"), "{globex}");
    // 10-10: 12, 10-25: 13, 11-08: 0, 11-21: 0, all in the first three months of the period.
    let one_side = text(&["review", "ACC-000125", "--from", "2026-10-01", "--to", "2026-11-22"]);
    assert!(
        one_side.contains(
            "Only one side of the period has usage readings: 4 readings from 2026-10-10 to 2026-11-21, \
             6 active users on average, 0 in the latest (2026-11-21); nothing to compare yet."
        ),
        "{one_side}"
    );
    let zh = text(&["--lang", "zh-CN", "review", "ACC-000125", "--from", "2026-10-01", "--to", "2026-11-22"]);
    assert!(zh.contains("共 4 次读数，平均活跃用户 6，最近一次（2026-11-21）为 0"), "{zh}");
}

/// An account named in another case is found when only one answers to it so; two that
/// differ only by case are said to be two (it was "no account has …"), and neither is
/// picked; the exact name still finds its own.
#[test]
fn accounts_that_differ_only_by_case_are_said_to_be_several() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let name: String = c
        .query_row("SELECT name FROM account WHERE name GLOB '*[a-z]*' ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    drop(c);
    let o = radar(&db, &["review", &name.to_uppercase()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut s = Store::open(&db).unwrap();
    let twin = radar::domain::Account::new(
        &name.to_uppercase(),
        radar::domain::Tier::Small,
        radar::domain::Currency::CNY,
        today(),
    );
    let edit = radar::domain::Edit::SaveAccount { account: twin, term: None };
    radar::refresh::apply(&mut s, &edit, today().and_hms_opt(9, 0, 0).unwrap(), &Default::default()).unwrap();
    drop(s);
    for cmd in ["review", "handover"] {
        let o = radar(&db, &[cmd, &name.to_lowercase()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        let says = format!("2 accounts answer to '{}' but for the case (", name.to_lowercase());
        assert!(err.contains(&says) && err.contains("give the CRM id (or the #number)"), "{err}");
        assert!(radar(&db, &[cmd, &name]).status.success(), "the exact name");
        // Each key listed names its account (they were not listed).
        let listed = err.split_once(" (").and_then(|(_, r)| r.split_once(')')).map(|(ids, _)| ids).unwrap();
        for id in listed.split(", ") {
            assert!(radar(&db, &[cmd, id]).status.success(), "{cmd} {id}");
        }
        // No account at all is a usage error that says so (it was "no account has … ''").
        let o = radar(&db, &[cmd, " "]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("no account given: name it by its CRM id, #number or exact name"), "{err}");
        // Part of a name offers the names that hold it (nothing was offered).
        let part: String = {
            let mut c: Vec<char> = name.chars().collect();
            c.pop();
            c.into_iter().collect()
        };
        let o = radar(&db, &[cmd, &part]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("did you mean") && err.contains(&format!("'{name}'")), "{err}");
    }
}

#[test]
fn v_writes_the_report_beside_the_database_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.db");
    let mut seed = Store::open(&path).unwrap();
    demo_into(&mut seed, 12);
    drop(seed);
    let mut h = app_on(Store::open(&path).unwrap(), Lang::ZhCn, (120, 35));
    select_first(&mut h);
    h.keys("V");
    let file = dir.path().join("reviews").join("value-report-ACC-000001-2026-11-22.md");
    assert!(status(&h).contains(&file.display().to_string()), "{}", status(&h));
    assert!(status(&h).contains("年度价值报告已写入"), "{}", status(&h));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# 年度价值报告：成都天府云图信息技术有限公司"), "{text}");
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn the_t90_milestone_offers_the_value_report_in_the_status_bar() {
    let mut h = app(Lang::En, (120, 35));
    h.keys("l8");
    let offer = "T-90: write the value report";
    for _ in 0..40 {
        match h.app.detail.selected_milestone() {
            Some(MilestoneKind::T90) => break,
            Some(_) => assert!(!h.screen().contains(offer), "only the T-90 row offers it"),
            None => panic!("the playbook tab lists milestones"),
        }
        h.keys("j");
    }
    assert_eq!(h.app.detail.selected_milestone(), Some(MilestoneKind::T90), "a T-90 row is reachable");
    let bar = |h: &radar::tui::harness::Harness| h.screen().lines().last().unwrap_or_default().to_string();
    assert!(bar(&h).contains(&format!("V {offer}")), "{}", bar(&h));
    // Another row, or another tab: no offer.
    h.keys("j");
    assert_ne!(h.app.detail.selected_milestone(), Some(MilestoneKind::T90));
    assert!(!bar(&h).contains(offer), "{}", bar(&h));
    h.keys("k7");
    assert!(!bar(&h).contains(offer), "{}", bar(&h));
}

#[test]
fn the_dashboard_in_tmux_writes_the_report_of_the_selected_account() {
    if !Tmux::available("the value-report dashboard test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let t = Tmux::on("review", "review");
    let cmd = format!(
        "env RADAR_CONFIG=/nonexistent/c.toml XDG_DATA_HOME={} {BIN} --db {} --today 2026-11-22 --lang en",
        dir.path().join("data").display(),
        db.display()
    );
    t.new_session(120, 35, &cmd);
    t.wait_for("the risk scores", |s| s.contains("Portfolio · 180 of 180") && s.contains("!! "));
    t.send(&["/"]);
    t.type_text("Soylent");
    t.send(&["Enter"]);
    t.wait_for("the search", |s| s.contains("/Soylent") || s.contains("1 of 180"));
    t.send(&["V"]);
    let s = t.wait_for("the report written", |s| s.contains("Value report written to"));
    let file = dir.path().join("reviews").join("value-report-ACC-000125-2026-11-22.md");
    assert!(s.contains("reviews/value-report-ACC-0001"), "{s}");
    t.send(&["q"]);
    let text = std::fs::read_to_string(&file).unwrap();
    // The file's header is the stored account, as the database holds it.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (name, owner): (String, String) = conn
        .query_row("SELECT name, owner FROM account WHERE external_id = 'ACC-000125'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(text.starts_with(&format!("# Value report: {name}\n")), "{text}");
    assert!(text.contains(&format!("| Owner (CSM) | {owner} |")), "{text}");
    for h in ["## Usage before and after", "## Requirements", "## Next year's goals"] {
        assert!(text.contains(h), "{h}: {text}");
    }
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn references_lists_the_candidates_of_the_configured_rule_with_their_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // The demo's accounts use at most 35 of 40 features: none meets the default rule.
    let o = radar(&db, &["references"]);
    assert!(String::from_utf8(o.stdout).unwrap().starts_with("0 reference-account candidates"));
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[reference]\nmin_breadth_pct = 75\nmin_growth_pct = 0\nmax_band = \"watch\"\n")
        .unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22"])
            .args(args)
            .env("RADAR_CONFIG", &cfg)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .output()
            .unwrap()
    };
    let o = run(&["references", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!rows.is_empty(), "the loosened rule finds some");
    for r in &rows {
        let n = |k: &str| r[k].as_i64().unwrap();
        assert!(n("features_used") * 100 >= 75 * n("features_total"), "{r}");
        assert!(n("months") >= 24 && n("growth_pct") >= 0, "{r}");
        assert!(["healthy", "watch"].contains(&r["band"].as_str().unwrap()), "{r}");
    }
    let text = String::from_utf8(run(&["references"]).stdout).unwrap();
    assert!(text.starts_with(&format!("{} reference-account candidates", rows.len())), "{text}");
    // A misspelt key is refused, naming the file and the key.
    std::fs::write(&cfg, "[reference]\nmin_growht_pct = 5\n").unwrap();
    let o = run(&["references"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("config.toml") && err.contains("min_growht_pct"), "{err}");
}
