//! The command line as scripts use it: exit codes, JSON shapes, messages.

use std::path::Path;
use std::process::{Command, Output};

const TODAY: &str = "2026-11-22";

fn radar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("radar runs")
}

fn demo(dir: &Path, n: usize) -> std::path::PathBuf {
    let db = dir.join("p.db");
    let out = radar(&db, &["demo", "--accounts", &n.to_string(), "--seed", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// On a fresh machine the data folder does not exist yet (`~/.local/share/renewal-radar`):
/// the demo is built there all the same (it failed writing `demo.db.building`: the README's
/// first command, `radar --demo`, failed on a fresh machine).
#[test]
fn the_demo_creates_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh").join("renewal-radar").join("demo.db");
    let out = radar(&db, &["demo", "--accounts", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&radar(&db, &["triage", "--format", "json"]));
    assert_eq!(v.as_array().unwrap().len(), 3);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the portfolio stays private");
    }
}

/// A book imported without usage data (a CRM's companies): the report says why feature
/// breadth has no figure ("nothing due" was the wrong reason).
#[test]
fn feature_breadth_without_usage_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = dir.path().join("a.csv");
    std::fs::write(
        &csv,
        "name,arr,renewal_date\n成都天府云图信息技术有限公司,120000,2026-12-15\nAcme 🚀,5000,2027-01-10\n",
    )
    .unwrap();
    let out = radar(&db, &["import", "accounts", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = radar(&db, &["report", "--lang", "en"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.contains("Feature breadth")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("no usage readings"), "{line}");
}

#[test]
fn triage_json_has_the_documented_shape_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 120);
    let v = json(&radar(&db, &["triage", "--format", "json", "--limit", "15"]));
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 15);
    let bands = ["healthy", "watch", "at_risk", "critical"];
    let rules = [
        "no_decision_maker",
        "low_power_only",
        "admin_gone",
        "opponent",
        "kp_silent",
        "promise_broken",
        "promise_overdue",
        "requirement_stalled",
        "complaint_open",
        "usage_stopped",
        "usage_declining",
        "low_seat_use",
        "shallow_adoption",
        "not_activated",
        "milestone_overdue",
        "non_target",
        "small_account",
        "renewal_unconfirmed",
        "renewal_lapsed",
    ];
    let mut last_priority = i64::MAX;
    for row in rows {
        let keys: Vec<_> = row.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            [
                "arr",
                "arr_converted",
                "band",
                "call_disagrees",
                "completeness",
                "external_id",
                "forecast",
                "gaps",
                "has_contract",
                "name",
                "priority",
                "reasons",
                "score"
            ]
        );
        let gaps = ["decision_maker", "key_person", "admin", "usage", "activation"];
        for g in row["gaps"].as_array().unwrap() {
            assert!(gaps.contains(&g["gap"].as_str().unwrap()), "{g}");
            assert!(g["scored"].is_boolean() && !g["detail"].as_str().unwrap().is_empty(), "{g}");
        }
        let c = row["completeness"].as_array().unwrap();
        let (known, checked) = (c[0].as_u64().unwrap(), c[1].as_u64().unwrap());
        assert_eq!(checked - known, row["gaps"].as_array().unwrap().len() as u64, "{row}");
        let score = row["score"].as_u64().unwrap();
        assert!(score <= 100);
        assert!(bands.contains(&row["band"].as_str().unwrap()));
        let priority = row["priority"].as_i64().unwrap();
        assert!(priority <= last_priority, "not sorted by priority");
        last_priority = priority;
        let points: u64 = row["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                assert!(rules.contains(&r["rule"].as_str().unwrap()), "{r}");
                assert!(!r["detail"].as_str().unwrap().is_empty());
                assert!(!r["action"].as_str().unwrap().is_empty());
                r["points"].as_u64().unwrap()
            })
            .sum();
        assert_eq!(points.min(100), score, "score is the capped sum of the reasons");
    }
}

#[test]
fn agenda_json_is_overdue_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 120);
    let v = json(&radar(&db, &["agenda", "--days", "14", "--format", "json"]));
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty());
    let rank = |s: &str| ["overdue", "due", "upcoming"].iter().position(|x| *x == s).expect("known status");
    let mut last = 0;
    for r in rows {
        let keys: Vec<_> = r.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["account", "date", "external_id", "kind", "status", "title"]);
        let k = rank(r["status"].as_str().unwrap());
        assert!(k >= last, "overdue, then due, then upcoming");
        last = k;
        assert!(
            [
                "milestone",
                "promise",
                "requirement",
                "complaint",
                "task",
                "renewal",
                "referral",
                "referral_ask"
            ]
            .contains(&r["kind"].as_str().unwrap())
        );
        let date = r["date"].as_str().unwrap();
        assert!(date <= "2026-12-06", "{date} is past the 14-day horizon");
    }
}

#[test]
fn report_json_rates_are_in_range_or_null() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 150);
    let v = json(&radar(&db, &["report", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"]));
    let due = v["due_count"].as_u64().unwrap();
    assert_eq!(
        due,
        v["renewed_count"].as_u64().unwrap()
            + v["churned_count"].as_u64().unwrap()
            + v["pending_count"].as_u64().unwrap()
    );
    let logo = v["logo_renewal_rate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&logo));
    assert!((logo - v["renewed_count"].as_f64().unwrap() / due as f64).abs() < 1e-9);
    assert!(v["due_amount"].is_i64() && v["currency"].is_string());
    // Issue 16: decided, pending and forecast apart, beside today's fields.
    let n = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k}: {v}"));
    assert_eq!(n("decided_count"), n("renewed_count") + n("churned_count"));
    assert_eq!(n("decided_amount") + n("pending_amount"), n("due_amount"));
    assert_eq!(n("forecast_by_call") + n("forecast_by_band"), n("pending_count"));
    let (renewed, forecast) = (n("renewed_amount"), n("forecast_amount"));
    assert!(renewed <= forecast && forecast <= renewed + n("pending_amount"), "{v}");
    for k in ["decided_logo_rate", "decided_dollar_rate", "forecast_logo_rate", "forecast_dollar_rate"] {
        assert!((0.0..=1.5).contains(&v[k].as_f64().unwrap_or(-1.0)), "{k}: {v}");
    }
    assert!(v["forecast_logo_rate"].as_f64() >= v["logo_renewal_rate"].as_f64());
    let text = radar(&db, &["report", "--from", "2026-01-01", "--to", "2026-12-31"]);
    let text = String::from_utf8_lossy(&text.stdout);
    for label in
        ["Logo rate, decided", "Dollar rate, decided", "Logo rate, forecast", "Forecast: pending weighted"]
    {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
    // An empty period: every rate is null.
    let empty =
        json(&radar(&db, &["report", "--from", "1990-01-01", "--to", "1990-03-31", "--format", "json"]));
    assert_eq!(empty["due_count"], 0);
    assert!(empty["logo_renewal_rate"].is_null() && empty["dollar_renewal_rate"].is_null());
}

#[test]
fn bad_input_exits_2_with_a_message_naming_what() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 5);
    let out = Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-02-30", "triage"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--today") && err.contains("2026-02-30"), "{err}");

    let out = radar(&db, &["report", "--from", "2026-12-01", "--to", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(2));

    let missing = dir.path().join("none.db");
    let out = radar(&missing, &["triage"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("radar demo"));
    assert!(!missing.exists(), "a read command must not create the file");

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello\n".repeat(200)).unwrap();
    let out = radar(&text, &["agenda"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Renewal Radar database"));
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "hello\n".repeat(200));
}

#[test]
fn newer_schema_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 3);
    rusqlite::Connection::open(&db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    for cmd in [&["triage"][..], &["agenda"], &["report"]] {
        let out = radar(&db, cmd);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("schema version 99"), "{err}");
    }
}

#[test]
fn chinese_output_uses_the_playbook_terms() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 40);
    let out = radar(&db, &["--lang", "zh-CN", "report"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for term in ["续约率", "续费率", "启用率", "目标客户比例"] {
        assert!(text.contains(term), "missing {term} in:\n{text}");
    }
}

/// `--out` naming the portfolio itself (by its name, `./name` or a link) is refused before
/// anything is written: `export --out p.db` and `review … --out p.db` replaced the portfolio
/// with JSON or Markdown (exit 0), and `backup --out p.db` said it had backed up.
#[test]
fn out_naming_the_portfolio_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    crate::support::cli::demo_file(&db, 12, 1);
    let before = std::fs::read(&db).unwrap();
    std::os::unix::fs::symlink(&db, dir.path().join("link.db")).unwrap();
    let dotted = format!("{}/./p.db", dir.path().display());
    let link = dir.path().join("link.db").display().to_string();
    let db_s = db.display().to_string();
    for args in [
        vec!["export", "--out", &db_s],
        vec!["export", "--out", &dotted],
        vec!["export", "--out", &link],
        vec!["review", "ACC-000001", "--out", &db_s],
        vec!["backup", "--out", &dotted],
    ] {
        let out = radar(&db, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("that is the portfolio database itself"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{args:?} changed the portfolio");
    }
    // Another file is written, and the report says where.
    let md = dir.path().join("review.md");
    let out = radar(&db, &["review", "ACC-000001", "--out", md.to_str().unwrap()]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("wrote Value report · ") && err.contains("review.md"), "{err}");
    assert!(std::fs::read_to_string(&md).unwrap().starts_with("# Value report"));
}

/// A folder given as --db is named as a folder (it was SQLite's "unable to open database
/// file"), a path in a folder that does not exist says so rather than advising `radar demo`
/// (which cannot write there), and `triage --limit 0` is refused as `search --limit 0` is.
#[test]
fn a_wrong_db_path_or_limit_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("dirdb");
    std::fs::create_dir(&folder).unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "name\nAcme\n").unwrap();
    for args in [vec!["triage"], vec!["import", "accounts", csv.to_str().unwrap()], vec!["demo"]] {
        let out = radar(&folder, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("is a folder, not a portfolio file"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0, "nothing written into the folder");
    let out = radar(&dir.path().join("missing/x.db"), &["agenda"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("does not exist") && !err.contains("radar demo"), "{err}");
    let db = dir.path().join("p.db");
    crate::support::cli::demo_file(&db, 5, 1);
    let out = radar(&db, &["triage", "--limit", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `radar handover NAME` / `radar review NAME` where two accounts have that very name
/// (the demo has such twins): refused with both CRM ids, exit 2; each id still works.
/// It printed the first one's sheet, another CSM's account, with exit 0.
#[test]
fn a_name_two_accounts_share_is_refused_with_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 180);
    let c = rusqlite::Connection::open(&db).unwrap();
    let (name, ids): (String, String) = c
        .query_row(
            "SELECT name, group_concat(external_id, ', ') FROM (SELECT * FROM account ORDER BY id) \
             GROUP BY name HAVING count(*) = 2 ORDER BY name LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the 180-account demo has two accounts of one name");
    for cmd in ["handover", "review"] {
        let out = radar(&db, &[cmd, &name]);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {}", String::from_utf8_lossy(&out.stdout));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("2 accounts answer to '{name}' ({ids})")), "{cmd}: {err}");
        assert!(out.stdout.is_empty(), "{cmd}");
    }
    let first = ids.split(", ").next().unwrap();
    let out = radar(&db, &["handover", first]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("| External id | {first} |")));
    // Without CRM ids they are named by their own ids, which the commands take.
    c.execute("UPDATE account SET external_id = NULL WHERE name = ?1", [&name]).unwrap();
    let twins: Vec<i64> = c
        .prepare("SELECT id FROM account WHERE name = ?1 ORDER BY id")
        .unwrap()
        .query_map([&name], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let out = radar(&db, &["review", &name]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("(#{}, #{}): give the CRM id (or the #number)", twins[0], twins[1])),
        "{err}"
    );
    let out = radar(&db, &["handover", &format!("#{}", twins[1])]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&name));
}

/// `radar report --currency X` where most renewals have no exchange rate into X: a rate of
/// amounts says how many renewals it leaves out, or that it has no amount at all (it said
/// "n/a (nothing decided yet)" beside "Decided 18", and "90.0%" over 1 renewal of 54); the
/// suggested `fx set` names the currency to convert into (without `--base` it set a rate
/// into the configured currency, and `CNY RATE` into CNY was refused).
#[test]
fn report_rates_say_which_renewals_they_leave_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 180);
    let csv = dir.path().join("gb.csv");
    std::fs::write(
        &csv,
        "name,external_id,currency,arr,contract_start,renewal_date,owner,tier\n\
         Britannia 成都 Tea 🚀,GB-1,GBP,50000,2025-12-15,2026-12-15,Li Na,large\n",
    )
    .unwrap();
    let out = radar(&db, &["import", "accounts", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = |cur: &str| {
        let out = radar(&db, &["report", "--currency", cur, "--from", "2026-10-01", "--to", "2026-12-31"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let line = |text: &str, label: &str| -> String {
        text.lines().find(|l| l.trim_start().starts_with(label)).unwrap_or_default().to_string()
    };
    let gbp = text("GBP");
    let due: u32 = line(&gbp, "Renewals due").split_whitespace().last().unwrap().parse().unwrap();
    let part = format!("({} of the {due} renewals due left out: no exchange rate into GBP)", due - 1);
    for label in ["Dollar rate, forecast", "Dollar renewal rate", "Gross renewal rate"] {
        assert!(line(&gbp, label).ends_with(&part), "{label}:\n{gbp}");
    }
    // The decided rate counts the renewals decided (it named no count before session 32).
    let decided: u32 = line(&gbp, "Decided   ").split_whitespace().nth(1).unwrap().parse().unwrap();
    let none =
        format!("n/a (no amount in GBP: {decided} of the {decided} renewals decided have no exchange rate)");
    assert!(line(&gbp, "Dollar rate, decided").ends_with(&none), "{gbp}");
    assert!(!gbp.contains("nothing decided yet"), "{gbp}");
    let jpy = text("JPY");
    for label in
        ["Dollar rate, decided", "Dollar rate, forecast", "Dollar renewal rate", "Gross renewal rate"]
    {
        assert!(line(&jpy, label).contains("n/a (no amount in JPY:"), "{label}:\n{jpy}");
    }
    assert!(jpy.contains("(radar fx set CNY RATE --base JPY --from DATE)"), "{jpy}");
}
