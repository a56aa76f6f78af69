//! The handover sheet is Markdown pasted into wikis and emails: customer text in it must
//! not become HTML or a link. Text planted behind Radar's back (SQL) with `<script>`,
//! `javascript:` links (plain, mixed case, entity-encoded, as an image or an autolink) is
//! shown as text: `<`/`>` as entities and every `[` escaped, so no link can form; a plain
//! `https://` address is left as written.

use crate::support::BIN;
use std::path::Path;
use std::process::Command;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[y](JaVaScRiPt:alert(2))",
    "![img](javascript:alert(3))",
    "[z](&#106;avascript:alert(4))",
    "\\[w](javascript:alert(5))",
    "<javascript:alert(6)>",
    "<a href=\"javascript:alert(7)\">a</a>",
    "<img src=x onerror=alert(8)>",
    "[ok](https://example.com/docs) and data:text/html,<b>x</b>",
];

fn poisoned(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("p.db");
    let ok = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-22", "demo", "--accounts", "6", "--seed", "1"])
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .unwrap();
    assert!(ok.status.success());
    let c = rusqlite::Connection::open(&db).unwrap();
    let one = |sql: &str, i: usize| {
        c.execute(sql, rusqlite::params![format!("{} #{i}", PAYLOADS[i % PAYLOADS.len()])]).unwrap();
    };
    one("UPDATE account SET name = ?1 || ' Corp' WHERE id = 1", 0);
    one("UPDATE account SET owner = ?1 WHERE id = 1", 1);
    one("UPDATE account SET industry = ?1 WHERE id = 1", 6);
    one("UPDATE account SET region = ?1 WHERE id = 1", 7);
    one("UPDATE account SET pain_points = ?1 WHERE id = 1", 9);
    one("UPDATE account SET why_bought = ?1 WHERE id = 1", 3);
    one("UPDATE account SET special_clauses = ?1 WHERE id = 1", 4);
    let ids = |table: &str| -> Vec<i64> {
        let sql = format!("SELECT id FROM {table} WHERE account_id = 1 ORDER BY id");
        c.prepare(&sql).unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let contacts = ids("contact");
    let promises = ids("promise");
    let requirements = ids("requirement");
    let complaints = ids("complaint");
    for (i, id) in contacts.iter().enumerate() {
        let v = format!("{} #c{i}", PAYLOADS[i % PAYLOADS.len()]);
        c.execute("UPDATE contact SET name = ?1, title = ?1 WHERE id = ?2", rusqlite::params![v, id])
            .unwrap();
    }
    for (i, id) in promises.iter().enumerate() {
        let v = format!("{} #p{i}", PAYLOADS[(i + 5) % PAYLOADS.len()]);
        c.execute("UPDATE promise SET text = ?1, made_by = ?1 WHERE id = ?2", rusqlite::params![v, id])
            .unwrap();
    }
    for (i, id) in requirements.iter().enumerate() {
        let v = format!("{} #r{i}", PAYLOADS[(i + 2) % PAYLOADS.len()]);
        c.execute(
            "UPDATE requirement SET title = ?1, requester = ?1 WHERE id = ?2",
            rusqlite::params![v, id],
        )
        .unwrap();
    }
    for (i, id) in complaints.iter().enumerate() {
        let v = format!("{} #k{i}", PAYLOADS[(i + 7) % PAYLOADS.len()]);
        c.execute("UPDATE complaint SET summary = ?1 WHERE id = ?2", rusqlite::params![v, id]).unwrap();
    }
    assert!(!contacts.is_empty() && !promises.is_empty(), "the demo account has people and promises");
    db
}

fn sheet(db: &Path, stage: &str, lang: &str) -> String {
    let external: String = rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT external_id FROM account WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "--lang", lang, "handover", &external, "--stage", stage])
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Positions of `[` not escaped by a backslash (an odd run of backslashes before it).
fn unescaped_brackets(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'[')
        .filter(|&i| b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 0)
        .collect()
}

#[test]
fn customer_text_cannot_become_html_or_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned(dir.path());
    let mut shown = String::new();
    for stage in ["handover", "onboarding", "adoption", "renewal"] {
        for lang in ["en", "zh-CN"] {
            let md = sheet(&db, stage, lang);
            let where_ = format!("--stage {stage} --lang {lang}:\n{md}");
            assert!(!md.contains('<'), "raw HTML in {where_}");
            assert!(
                !md.contains('>') || md.lines().all(|l| !l.contains('>') || l.starts_with("> ")),
                "raw > in {where_}"
            );
            let open = unescaped_brackets(&md);
            assert!(open.is_empty(), "a link can form at bytes {open:?} in {where_}");
            assert!(!md.contains("&#106;"), "an entity that decodes to a link scheme in {where_}");
            // The table is not broken: every table row still has as many cells as its header.
            shown.push_str(&md);
        }
    }
    // Shown as text, not dropped.
    assert!(shown.contains("&lt;script&gt;alert(1)&lt;/script&gt; #0 Corp"), "{shown}");
    assert!(shown.contains("\\[x\\](javascript:alert(1)) #1"), "{shown}");
    assert!(shown.contains("https://example.com/docs"), "{shown}");
}

/// A backslash in customer text cannot undo the escaping (`\|` would otherwise end a table
/// cell early and shift every column).
#[test]
fn backslashes_do_not_break_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("UPDATE contact SET name = 'Back\\|slash', title = 'C:\\dir\\' WHERE account_id = 1", [])
        .unwrap();
    drop(c);
    let md = sheet(&db, "adoption", "en");
    // The decision chain's rows (the name also heads the touchpoints that person was in).
    let rows: Vec<&str> = md.lines().filter(|l| l.contains("Back") && l.starts_with('|')).collect();
    assert!(!rows.is_empty(), "{md}");
    // Cells are separated by ` | `; an escaped pipe is `\|` preceded by an even run of `\`.
    let header = md.lines().find(|l| l.starts_with("| Person")).unwrap();
    let count = |l: &str| {
        let b = l.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && b[..i].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 0)
            .count()
    };
    for r in rows {
        assert_eq!(count(r), count(header), "the row has a different number of cells:\n{header}\n{r}");
    }
}

/// Every stage's sheet ends with the last ten touchpoints, newest first, each note whole
/// (its lines kept, as a quote, inert Markdown), and the decision chain gives each
/// person's e-mail and phone.
#[test]
fn the_sheet_has_the_last_ten_touchpoints_in_full_and_each_contacts_email_and_phone() {
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("DELETE FROM touchpoint WHERE account_id = 1", []).unwrap();
    for day in 1..=12 {
        let note = format!(
            "第{day}次 电话: 扩容 agreed\nnext step <b>[link](javascript:x)</b> line two\nAgreed:\n- export by Dec\n- training\n\nThanks\n  成都天府云图 🚀 \x1b[31m缩进\n2. 回电\n---\nend"
        );
        c.execute(
            "INSERT INTO touchpoint (account_id, date, kind, note) VALUES (1, ?1, 'call', ?2)",
            rusqlite::params![format!("2026-11-{day:02}"), note],
        )
        .unwrap();
    }
    c.execute(
        "UPDATE contact SET email = 'kp@example.cn', phone = '+86 138 0000 0000' WHERE account_id = 1",
        [],
    )
    .unwrap();
    drop(c);
    for stage in ["handover", "onboarding", "adoption", "mature", "renewal"] {
        let md = sheet(&db, stage, "en");
        let section = md.split("## Recent touchpoints").nth(1).unwrap_or_else(|| panic!("{stage}:\n{md}"));
        let heads: Vec<&str> = section.lines().filter(|l| l.starts_with("**2026-11-")).collect();
        assert_eq!(heads.len(), 10, "{stage}: the last ten");
        assert!(heads[0].starts_with("**2026-11-12") && heads[9].starts_with("**2026-11-03"), "{heads:?}");
        // Lines that Markdown would join to the one above (an indented one, whose spaces it
        // drops, a list that may not interrupt a paragraph, an underline) keep their own line.
        assert!(section.contains(
            "> 第12次 电话: 扩容 agreed\\\n> next step &lt;b&gt;\\[link\\](javascript:x)&lt;/b&gt; line two\\\n> Agreed:\n> - export by Dec\n> - training\n> \n> Thanks\\\n\
             > \u{a0}\u{a0}成都天府云图 🚀 缩进\\\n> 2. 回电\\\n> \\---\\\n> end\n"
        ), "{section}");
        assert!(!section.contains('\x1b'), "{section}");
        assert!(!section.contains("第2次"), "the eleventh and older are left out");
        assert!(
            md.contains("| E-mail | Phone |")
                && md.contains("kp@example.cn")
                && md.contains("+86 138 0000 0000")
        );
        assert!(unescaped_brackets(&md).is_empty(), "{stage}: a link formed");
    }
}

/// A churned account's sheet (the command on a file whose churn note was planted behind
/// Radar's back): the renewal intent says why there is no countdown instead of a bare
/// "None.", and the churn note is quoted with its term, each line its own, inert.
#[test]
fn a_churned_sheet_quotes_the_churn_note_and_says_why_there_is_no_countdown() {
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let note = format!(
        "成都天府云图信息技术有限公司 chose a rival 🚀\n\x1b[31m{}\x1b[0m\n    {}",
        PAYLOADS[1], PAYLOADS[0]
    );
    let changed = c
        .execute(
            "UPDATE term SET outcome = 'churned', decided_on = '2026-11-20', churn_reason = 'price', \
             churn_note = ?1 WHERE account_id = 1 AND outcome IS NULL",
            [&note],
        )
        .unwrap();
    assert_eq!(changed, 1, "the demo account has an open term");
    let (start, end): (String, String) = c
        .query_row("SELECT start, \"end\" FROM term WHERE account_id = 1 AND outcome = 'churned'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    c.execute("UPDATE account SET stage = 'churned' WHERE id = 1", []).unwrap();
    drop(c);
    let quoted = "> 成都天府云图信息技术有限公司 chose a rival 🚀\\\n\
                  > \\[x\\](javascript:alert(1))\\\n\
                  > \u{a0}\u{a0}\u{a0}\u{a0}&lt;script&gt;alert(1)&lt;/script&gt;\n";
    for (lang, why, title) in [
        (
            "en",
            "No renewal countdown: the account churned 2026-11-20 (Price) and has no open term.",
            format!("**Churn note (term {start} → {end}, churned 2026-11-20)**"),
        ),
        (
            "zh-CN",
            "没有续约倒计时：该客户已于 2026-11-20 流失（价格），没有进行中的合同期。",
            format!("**流失说明（合同期 {start} → {end}，2026-11-20 流失）**"),
        ),
    ] {
        let md = sheet(&db, "churned", lang);
        let intent = md.split("\n## ").nth(1).unwrap();
        assert!(intent.contains(why) && !intent.contains("None.") && !intent.contains("无。"), "{intent}");
        assert!(md.contains(&format!("{title}\n\n{quoted}")), "{md}");
        assert!(!md.contains('\x1b') && !md.contains('<'), "{md}");
        assert!(unescaped_brackets(&md).is_empty(), "a link formed:\n{md}");
    }
}
