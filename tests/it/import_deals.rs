//! Deals and opportunities (`radar import deals`, alias `renewals`, `opportunities`): the
//! HubSpot deals and Salesforce opportunities of tests/fixtures/crm import with the one flag
//! the README gives, after their accounts, and a hand-made renewals file shows each rule:
//! a won deal renews the term ending on its close date, a lost one churns it (lost reason
//! mapped), an open one is the pending renewal (forecast category → forecast call), and a
//! deal that contradicts the terms is a bad row naming both, set aside with --skip-invalid.

use super::import_crm::{Book, lines};
use std::process::{Command, Output};

fn run(b: &Book, lang: &str, args: &[&str]) -> Output {
    Command::new(crate::support::BIN)
        .arg("--db")
        .arg(&b.db)
        .args(["--today", "2026-11-22", "--lang", lang])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env_remove("LC_ALL")
        .env_remove("LC_MONETARY")
        .env("LANG", "en_US.UTF-8")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("radar runs")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// (start, end, arr_minor, currency, outcome, decided_on, new_arr_minor, churn_reason).
type TermRow = (String, String, i64, String, Option<String>, Option<String>, Option<i64>, Option<String>);

fn terms(b: &Book, name: &str) -> Vec<TermRow> {
    let c = b.sql();
    let mut q = c
        .prepare(
            "SELECT t.start, t.\"end\", t.arr_minor, t.currency, t.outcome, t.decided_on, t.new_arr_minor, \
             t.churn_reason FROM term t JOIN account a ON a.id = t.account_id WHERE a.name = ?1 ORDER BY t.start",
        )
        .unwrap();
    q.query_map([name], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// (stage, forecast, owner) of the account of this name.
fn standing(b: &Book, name: &str) -> (String, Option<String>, String) {
    b.sql()
        .query_row("SELECT stage, forecast, owner FROM account WHERE name = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap_or_else(|e| panic!("account {name}: {e}"))
}

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn hubspot_deals_after_the_companies() {
    let b = Book::new();
    b.ok("accounts", "hubspot_companies.csv", &["--map", "Company Domain Name=external_id"]);
    let out = b.ok("deals", "hubspot_deals.csv", &["--skip-invalid"]);
    // 167 companies have deals; the first deal of each that fits makes its terms, the others
    // (several open deals closing on different dates, won deals inside an open term: a
    // sales pipeline, not renewals) are named and set aside.
    assert!(out.contains("171 created, 23 updated, 2 unchanged"), "{out}");
    assert!(out.contains("rows set aside: 304,"), "{out}");
    assert!(out.contains("amounts without a currency are in USD"), "{out}");
    assert_eq!(b.count("term"), 171);
    let rejected = b.rejected("hubspot_deals.csv", "deals");
    assert_eq!(lines(&rejected), 305, "a header and 304 rows");
    assert!(rejected.contains("does not fit the account's terms"), "each row says why");

    // Won (new business, no terms yet): the first term starts on the close date.
    let bailey = terms(&b, "Bailey, Walters and Lewis");
    assert_eq!(bailey.len(), 1);
    assert_eq!(
        (&bailey[0].0, &bailey[0].1, bailey[0].2, &bailey[0].3[..]),
        (&s("2025-01-09"), &s("2026-01-09"), 23_329_022, "USD")
    );
    assert_eq!(bailey[0].4, None, "open: its renewal is 2026-01-09");
    // The company's owner (the CSM) is kept; the deal owner is sales.
    assert_eq!(standing(&b, "Bailey, Walters and Lewis").2, "angela.martin@example.com");

    // Lost with reason Timing: the year that ended churned (project dropped); then a won
    // deal after it: a win-back, a new open term, the account no longer churned.
    let cruz = terms(&b, "Cruz Inc");
    assert_eq!(cruz.len(), 2);
    assert_eq!(
        cruz[0],
        (
            s("2023-12-23"),
            s("2024-12-23"),
            24_267_035,
            s("USD"),
            Some(s("churned")),
            Some(s("2024-12-23")),
            None,
            Some(s("project_dropped"))
        )
    );
    assert_eq!(
        (&cruz[1].0, &cruz[1].1, cruz[1].2, &cruz[1].4),
        (&s("2025-04-02"), &s("2026-04-02"), 19_728_897, &None)
    );
    assert_ne!(standing(&b, "Cruz Inc").0, "churned");

    // An open deal made the pending term; a lost deal before its close date churned it.
    let scott = terms(&b, "Scott, West and Bell");
    assert_eq!(scott[0].4.as_deref(), Some("churned"));
    assert_eq!(scott[0].5.as_deref(), Some("2025-03-29"));
    assert_eq!(standing(&b, "Scott, West and Bell").0, "churned");

    // The same file again changes nothing.
    let again = b.ok("deals", "hubspot_deals.csv", &["--skip-invalid"]);
    assert!(again.contains("0 created, 0 updated, 196 unchanged"), "{again}");
}

#[test]
fn salesforce_opportunities_after_the_accounts() {
    let b = Book::new();
    b.ok("accounts", "sf_dataloader_accountData.csv", &["--on-name-match", "new"]);
    let out = b.ok("opportunities", "sf_dataloader_opportunityData.csv", &["--skip-invalid"]);
    assert!(out.contains("7 created, 0 updated, 2 unchanged"), "{out}");
    assert!(out.contains("rows set aside: 29,"), "{out}");
    let rejected = b.rejected("sf_dataloader_opportunityData.csv", "deals");
    assert_eq!(lines(&rejected), 30);
    assert!(rejected.contains("arr is required"), "oppty1 has no amount: {rejected}");
    // Linked by ACCOUNTID; AMOUNT 500000.0 is $500,000.00 in minor units.
    assert_eq!(
        b.terms("(TSG) Level 10 Sportswear"),
        vec![(s("2005-11-09"), s("2006-11-09"), 50_000_000, s("USD"))]
    );
    assert_eq!(
        b.terms("George Foundation Health"),
        vec![(s("2005-11-09"), s("2006-11-09"), 50_000_000, s("USD"))]
    );
    // Open (Value Proposition, forecast category Pipeline): the pending renewal, at risk.
    assert_eq!(b.terms("Acme"), vec![(s("2004-12-12"), s("2005-12-12"), 14_000_000, s("USD"))]);
    let acme = standing(&b, "Acme");
    assert_eq!(acme.1.as_deref(), Some("at_risk"));
    assert_eq!(acme.2, "005x0000000fNSiAAM", "OWNERID, as the accounts file gave it");
}

const ACCOUNTS: &str = "name,external_id,arr,renewal_date,contract_start,currency,owner\n\
成都天府云图信息技术有限公司,cd-tianfu,120000,2026-03-01,2025-03-01,CNY,李娜\n\
Acme 🚀,acme.com,50000,2027-01-31,2026-01-31,USD,\n\
Globex,globex.com,80000,2026-06-30,2025-06-30,USD,Sam\n";

const DEALS: &str = "Deal ID,Deal Name,Deal Stage,Amount,Close Date,Deal Owner,Closed Lost Reason,Forecast Category,Associated Company Domain,Company Name\n\
D1,续约 2026,Closed Won,¥150000,2026-03-01,王强,,Closed,,成都天府云图信息技术有限公司\n\
D2,Acme renewal,Negotiation/Review,\"$55,000\",2027-01-31,\"Jo \x1b]0;pwned\x07Doe\",,Commit,acme.com,\n\
D3,Globex renewal,Closed Lost,\"$80,000\",2026-06-30,Sam,Price,Omitted,globex.com,\n\
D4,\"Acme\nupsell\",Qualification,\"$9,000\",2027-03-15,Sam,,Pipeline,acme.com,\n";

fn renewals_book() -> Book {
    let b = Book::new();
    std::fs::write(b.dir.join("accounts.csv"), ACCOUNTS).unwrap();
    std::fs::write(b.dir.join("renewals.csv"), DEALS).unwrap();
    let accounts = b.dir.join("accounts.csv");
    let out = run(&b, "en", &["import", "accounts", accounts.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    b
}

#[test]
fn a_deal_that_contradicts_the_terms_fails_the_import_naming_both() {
    let b = renewals_book();
    let file = b.dir.join("renewals.csv");
    let before = std::fs::read(&b.db).unwrap();
    let out = run(&b, "en", &["import", "renewals", file.to_str().unwrap()]);
    let err = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    // Line 5 (the quoted line break counts): the open term already ends 2027-01-31.
    assert!(err.contains("renewals.csv:5:5: column \"Close Date\""), "{err}");
    assert!(err.contains("2026-01-31 – 2027-01-31"), "{err}");
    assert_eq!(std::fs::read(&b.db).unwrap(), before, "nothing changed");
    let out = run(&b, "zh-CN", &["import", "deals", file.to_str().unwrap()]);
    let err = text(&out);
    assert!(err.contains("与该客户的合同期不符"), "{err}");
}

#[test]
fn renewals_won_lost_and_open() {
    let b = renewals_book();
    let file = b.dir.join("renewals.csv");
    let out = run(&b, "en", &["import", "deals", file.to_str().unwrap(), "--skip-invalid"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("1 created, 2 updated, 0 unchanged"), "{said}");
    assert!(said.contains("rows set aside: 1,"), "{said}");

    // Won: the term ending 2026-03-01 renewed at ¥150,000, the next one opened at it.
    let tianfu = terms(&b, "成都天府云图信息技术有限公司");
    assert_eq!(tianfu.len(), 2);
    assert_eq!(tianfu[0].4.as_deref(), Some("renewed"));
    assert_eq!(tianfu[0].6, Some(15_000_000));
    assert_eq!(
        (&tianfu[1].0[..], &tianfu[1].1[..], tianfu[1].2, &tianfu[1].3[..]),
        ("2026-03-01", "2027-03-01", 15_000_000, "CNY")
    );
    assert_eq!(standing(&b, "成都天府云图信息技术有限公司").2, "李娜", "the CSM stays the owner");

    // Open, forecast category Commit: will renew; the term keeps its ARR; the deal owner
    // fills the blank owner, sanitised.
    let acme = standing(&b, "Acme 🚀");
    assert_eq!(acme.1.as_deref(), Some("will_renew"));
    assert!(!acme.2.contains('\x1b') && acme.2.starts_with("Jo") && acme.2.ends_with("Doe"), "{:?}", acme.2);
    assert_eq!(terms(&b, "Acme 🚀")[0].2, 5_000_000);

    // Lost for Price: churned, the account's stage follows.
    let globex = terms(&b, "Globex");
    assert_eq!(globex[0].4.as_deref(), Some("churned"));
    assert_eq!(globex[0].7.as_deref(), Some("price"));
    assert_eq!(standing(&b, "Globex").0, "churned");

    // The upsell that closes after the renewal date is set aside, its line break kept.
    let rejected = std::fs::read_to_string(b.dir.join("renewals.csv.deals.rejected.csv")).unwrap();
    assert!(rejected.contains("\"Acme\nupsell\""), "{rejected}");
    let again = run(&b, "en", &["import", "deals", file.to_str().unwrap(), "--skip-invalid"]);
    assert!(text(&again).contains("0 created, 0 updated, 3 unchanged"), "{}", text(&again));
}

/// A row that would break the contract history is named in the file's language: the
/// term rules' own message (it came in English under `--lang zh-CN`), and a new contract
/// after a churn.
#[test]
fn a_row_that_breaks_the_terms_is_named_in_the_users_language() {
    let b = renewals_book();
    let deals = b.dir.join("renewals.csv");
    let out = run(&b, "en", &["import", "deals", deals.to_str().unwrap(), "--skip-invalid"]);
    assert!(out.status.success(), "{}", text(&out));
    // 天府: renewed 2026-03-01, its open term starts there; moved back to 2025-09-01 it would
    // overlap the renewed one. Globex churned 2026-06-30.
    let again = b.dir.join("again.csv");
    std::fs::write(
        &again,
        "name,external_id,arr,renewal_date,contract_start,currency\n\
         成都天府云图信息技术有限公司,cd-tianfu,150000,2027-03-01,2025-09-01,CNY\n\
         Globex,globex.com,90000,2027-06-30,,USD\n",
    )
    .unwrap();
    let before = std::fs::read(&b.db).unwrap();
    for (lang, overlap, churned) in [
        (
            "zh-CN",
            "合同期重叠：上一个合同期 2026-03-01 结束，下一个 2025-09-01 开始",
            "已于 2026-06-30 结束并流失",
        ),
        (
            "en",
            "terms overlap: one ends 2026-03-01, the next starts 2025-09-01",
            "churned when its term ended 2026-06-30",
        ),
    ] {
        let out = run(&b, lang, &["import", "accounts", again.to_str().unwrap()]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(said.contains(overlap), "{lang}: {said}");
        assert!(said.contains(churned), "{lang}: {said}");
        assert_eq!(std::fs::read(&b.db).unwrap(), before, "nothing changed");
    }
    // The same overlap from an outcomes file (a renewal recorded with an earlier start).
    let outcomes = b.dir.join("outcomes.csv");
    std::fs::write(
        &outcomes,
        "account,term_end,term_start,outcome,renewed_arr
成都天府云图信息技术有限公司,2027-03-01,2025-09-01,renewed,160000
",
    )
    .unwrap();
    let out = run(&b, "zh-CN", &["import", "outcomes", outcomes.to_str().unwrap()]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("合同期重叠：上一个合同期 2026-03-01 结束，下一个 2025-09-01 开始"), "{said}");
    assert_eq!(std::fs::read(&b.db).unwrap(), before, "nothing changed");
}
