//! Usage errors (exit 2) in the user's language: a CSM running Radar in Chinese read
//! "--to 2026-11-01 is before --from 2026-12-01", "'2026-02-30' is not a real calendar
//! date" and "no account has the external id or name …" in English, after a `radar:` that
//! the Chinese messages write `radar：`. The English texts stay as they were.

use crate::support::cli::{demo_file, radar_lang};

/// (arguments, a piece of the Chinese message, the English message's start)
const CASES: &[(&[&str], &str, &str)] = &[
    (
        &["report", "--from", "2026-02-30"],
        "不是真实存在的日期",
        "--from: '2026-02-30' is not a real calendar date",
    ),
    (
        &["report", "--from", "2026-12-01", "--to", "2026-11-01"],
        "早于",
        "--to 2026-11-01 is before --from 2026-12-01",
    ),
    (&["triage", "--currency", "XYZ"], "不是现行币种", "--currency: 'XYZ' is not the ISO 4217 code"),
    (&["fx", "set", "USD", "abc", "--from", "2026-01-01"], "不是汇率", "RATE: 'abc' is not an exchange rate"),
    (&["fx", "set", "USD", "7.1", "--from", "soon"], "不是日期", "--from: 'soon' is not a date"),
    (
        &["fx", "set", "usd", "7.1", "--from", "2026-01-01", "--base", "usd"],
        "恒为 1",
        "a rate of USD into USD is always 1",
    ),
    (
        &["handover", "成都天府云图信息技术有限公司 (none)"],
        "没有外部编号或名称为",
        "no account has the external id or name",
    ),
    (
        &["handover", "ACC-000001", "--stage", "weird"],
        "不是有效的阶段；可选：handover (交接), onboarding (实施交付)",
        "--stage: 'weird' is not a valid stage",
    ),
    (&["review", "ACC-000001", "--kind", "yearly"], "不是回顾类型", "--kind: 'yearly' is not a review kind"),
    (&["agenda", "--days", "9999"], "不在 0 到 3650 之间", "--days: 9999 is not between 0 and 3650"),
    // A negative number is the flag's value, refused by its range (clap took `-1` for a flag).
    (&["agenda", "--days", "-1"], "不在 0 到 3650 之间", "--days: -1 is not between 0 and 3650"),
    (&["export", "--format", "csv"], "请用 --out 指定目录", "--format csv writes one file per kind"),
    (
        &["winback", "fixed", "weird"],
        "不是有效的流失原因",
        "'weird' is not a valid churn reason; expected one of:",
    ),
    (
        &["winback", "fixed", "price", "--on", "2026-02-30"],
        "不是真实存在的日期",
        "--on: '2026-02-30' is not a real calendar date",
    ),
];

#[test]
fn usage_errors_speak_the_users_language_and_english_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    demo_file(&db, 20, 1);
    let before = std::fs::read(&db).unwrap();
    for (args, zh, en) in CASES {
        let out = radar_lang(&db, "zh-CN", args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("radar："), "{args:?}: the Chinese prefix: {err}");
        assert!(err.contains(zh), "{args:?}: {err}");
        let english = ["is not", "is before", "must be", "give --out", "has the external id"];
        assert!(!english.iter().any(|w| err.contains(w)), "{args:?}: English left in: {err}");

        let out = radar_lang(&db, "en", args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(&format!("radar: {en}")), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "a refused command changes nothing");

    // A first run on a path without a portfolio: the most common first message.
    let none = dir.path().join("none.db");
    let out = radar_lang(&none, "zh-CN", &["triage"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("radar：") && err.contains("这里还没有客户组合文件") && err.contains("radar demo"),
        "{err}"
    );
    assert!(!none.exists(), "nothing created");
}

/// clap's own refusals (flags that exclude each other, an unknown flag, a value not among
/// the choices, an unknown command) read in Chinese too, after the Chinese prefix; English
/// stays clap's own, and nothing is written (CSM trial, session 26).
#[test]
fn claps_own_refusals_speak_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    demo_file(&db, 20, 1);
    let before = std::fs::read(&db).unwrap();
    let cases: &[(&[&str], &[&str], &str)] = &[
        (
            &["agenda", "--owner", "李娜", "--mine"],
            &["不能与", "--mine", "用法：radar agenda"],
            "cannot be used with",
        ),
        (&["agenda", "--dayz", "3"], &["不认识的参数", "--dayz", "'--days'"], "unexpected argument"),
        (&["agenda", "--format", "pdf"], &["'pdf' 不是可选的值", "text, json, ics"], "invalid value 'pdf'"),
        (&["agendaa"], &["不认识的命令", "agendaa"], "unrecognized subcommand"),
    ];
    for (args, zh, en) in cases {
        let out = radar_lang(&db, "zh-CN", args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("radar："), "{args:?}: {err}");
        assert!(zh.iter().all(|w| err.contains(w)), "{args:?}: {err}");
        assert!(!err.contains("error:") && !err.contains(en), "{args:?}: English left in: {err}");
        let out = radar_lang(&db, "en", args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: ") && err.contains(en), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "a refused command changes nothing");
}

/// An import option refused is named as itself: `--set`, `--header-line` and `--sheet`
/// were reported as `--map: --set 'weird' is not field=value …`.
#[test]
fn an_import_option_refused_is_named_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "name,arr,renewal_date\nAcme,1000,2027-01-01\n").unwrap();
    let f = csv.to_str().unwrap();
    for (args, start) in [
        (vec!["import", "accounts", f, "--set", "weird"], "--set 'weird' is not field=value"),
        (vec!["import", "accounts", f, "--header-line", "9"], "--header-line 9: no row of"),
        (vec!["import", "accounts", f, "--sheet", "Sheet1"], "--sheet: "),
    ] {
        let out = crate::support::cli::radar(&db, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(&format!("radar: {start}")), "{args:?}: {err}");
    }
    assert!(!db.exists(), "nothing written");
}

/// The lines of an import's bad rows carry the prefix of the user's language too.
#[test]
fn an_imports_bad_rows_are_said_after_the_chinese_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = dir.path().join("bad.csv");
    std::fs::write(&csv, "name,arr,renewal_date\nAcme,abc,2027-01-01\nBeta,100,2027-02-30\n").unwrap();
    let out = radar_lang(&db, "zh-CN", &["import", "accounts", csv.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 3, "two rows and the summary: {err}");
    assert!(err.lines().all(|l| l.starts_with("radar：")), "{err}");
    assert!(!db.exists(), "nothing written");
}

/// An impossible day in `--today` or `RADAR_TODAY` is said in the user's language, as the
/// other date flags say it (it was English under `--lang zh-CN`); English unchanged.
#[test]
fn an_impossible_today_speaks_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let run = |lang: &str| {
        std::process::Command::new(crate::support::BIN)
            .args(["--db", db.to_str().unwrap(), "--lang", lang, "report"])
            .env("RADAR_TODAY", "2026-02-30")
            .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
            .output()
            .unwrap()
    };
    let out = run("zh-CN");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end(), "radar：--today / RADAR_TODAY：'2026-02-30' 不是真实存在的日期");
    let out = run("en");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end(), "radar: --today / RADAR_TODAY: '2026-02-30' is not a real calendar date");
    assert!(!db.exists(), "nothing created");
}
