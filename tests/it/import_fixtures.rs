//! Every fixture in tests/fixtures imports exactly as expected: canonical, Chinese,
//! Salesforce-like and HubSpot-like headers; BOM, CRLF, `;` and tab delimiters, quoted
//! newlines, GBK; hostile text sanitised. Rows are checked as stored.

use chrono::{NaiveDate, NaiveDateTime};
use radar::domain::risk::RiskConfig;
use radar::domain::text::is_clean;
use radar::domain::*;
use radar::interchange::import::{self, Counts, CurrencySource, Note};
use radar::interchange::{ImportError, Kind};
use radar::store::Store;
use std::path::PathBuf;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 22)
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(12, 0, 0).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A dry run with CNY for amounts that name none, as a config's `[import] currency = "CNY"`
/// says: these fixtures' bare amounts (`accounts.csv`'s `1.2m`) are yuan, and with neither a
/// config nor a locale in process nothing else would say so (the import is refused).
fn plan_cny(store: &Store, kind: Kind, path: &std::path::Path) -> Result<import::ImportPlan, ImportError> {
    let mut request = import::Request::new(kind, path, today());
    request.options.currency = Some(Currency::CNY);
    import::plan_request(store, &request, &mut |_, _, _| {})
}

fn import(store: &mut Store, kind: Kind, name: &str) -> (Counts, Vec<Note>) {
    let plan = plan_cny(store, kind, &fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (counts, notes) = (plan.counts, plan.notes.clone());
    import::apply(store, plan, now(), &RiskConfig::embedded().unwrap()).unwrap();
    (counts, notes)
}

/// `import` with no currency given: what the file itself says decides.
fn import_as_is(store: &mut Store, kind: Kind, name: &str) -> (Counts, Vec<Note>) {
    let plan =
        import::plan(store, kind, &fixture(name), "", today()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (counts, notes) = (plan.counts, plan.notes.clone());
    import::apply(store, plan, now(), &RiskConfig::embedded().unwrap()).unwrap();
    (counts, notes)
}

/// Re-planning the same file must change nothing.
fn assert_idempotent(store: &Store, kind: Kind, name: &str) {
    let plan = plan_cny(store, kind, &fixture(name)).unwrap();
    assert!(plan.is_noop(), "{name}: re-import would write: {:?}", plan.counts);
    assert_eq!(plan.counts.created + plan.counts.updated, 0, "{name}");
}

fn facts(store: &Store, key: &str) -> AccountFacts {
    let a = store.find_account(key).unwrap().unwrap_or_else(|| panic!("no account {key}"));
    store.load_facts(a.id).unwrap().unwrap()
}

fn created(n: usize) -> Counts {
    Counts { created: n, ..Counts::default() }
}

#[test]
fn canonical_accounts_with_terms_milestones_and_risk() {
    let mut s = Store::open_in_memory().unwrap();
    let (counts, notes) = import(&mut s, Kind::Accounts, "accounts.csv");
    assert_eq!(counts, created(3));
    assert!(notes.is_empty(), "{notes:?}");
    let nw = facts(&s, "NW-1");
    let a = &nw.account;
    assert_eq!((a.name.as_str(), a.tier, a.stage), ("Northwind Dental", Tier::Large, Stage::Adoption));
    assert_eq!((a.region.as_str(), a.owner.as_str(), a.industry.as_str()), ("华东", "Li Na", "healthcare"));
    assert_eq!((a.target_fit, a.activated_on), (true, Some(d(2026, 3, 20))));
    assert_eq!((a.forecast, a.forecast_on, a.created_on), (Some(Forecast::Likely), Some(today()), today()));
    assert_eq!(nw.terms.len(), 1);
    let t = &nw.terms[0];
    assert_eq!(
        (t.start, t.end, t.arr),
        (d(2026, 3, 1), d(2027, 3, 1), Money::new(12_000_000, Currency::CNY))
    );
    // Milestones: generated; those due before the import are skipped, not overdue. All
    // derived (negative ids): nothing about them was decided, so no row is stored.
    assert!(nw.milestones.len() > 8);
    assert!(nw.milestones.iter().any(|m| m.due < today()));
    for m in &nw.milestones {
        assert!(m.id.0 < 0 && m.version == 0, "derived, not stored: {m:?}");
        if m.due < today() {
            assert_eq!((m.status, m.done_on), (MilestoneStatus::Skipped, Some(m.due)));
            assert_eq!(m.note, playbook::BEFORE_ARRIVAL);
        } else {
            assert_eq!(m.status, MilestoneStatus::Pending);
        }
    }
    let bf = facts(&s, "BF-2");
    assert_eq!(bf.account.currency, Currency::USD);
    assert_eq!(bf.terms[0].arr, Money::new(4_800_050, Currency::USD));
    assert_eq!(
        (bf.account.tier, bf.account.stage, bf.account.target_fit),
        (Tier::Small, Stage::Renewal, false)
    );
    assert_eq!(bf.account.forecast, Some(Forecast::AtRisk));
    let ac = facts(&s, "AC-3");
    assert_eq!(ac.terms[0].arr, Money::new(120_000_000, Currency::CNY));
    // No contract_start: a year before the renewal date; no stage: from where the term stands.
    assert_eq!(ac.terms[0].start, d(2026, 6, 30));
    assert_eq!((ac.account.tier, ac.account.stage), (Tier::Ka, Stage::Adoption));
    // Risk was computed for every imported account.
    assert!(s.portfolio(today()).unwrap().iter().all(|r| r.score.is_some()));
    assert_idempotent(&s, Kind::Accounts, "accounts.csv");
}

#[test]
fn chinese_headers_bom_crlf_and_chinese_values() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(import(&mut s, Kind::Accounts, "accounts_zh.csv").0, created(2));
    let a = facts(&s, "ZH-001");
    assert_eq!(a.account.name, "成都天府云图信息技术有限公司");
    assert_eq!(a.terms[0].arr, Money::new(12_000_000, Currency::CNY));
    assert_eq!((a.terms[0].start, a.terms[0].end), (d(2026, 3, 1), d(2027, 3, 1)));
    assert_eq!((a.account.tier, a.account.stage), (Tier::Ka, Stage::Renewal));
    assert_eq!(
        (a.account.activated_on, a.account.forecast),
        (Some(d(2026, 3, 15)), Some(Forecast::WillRenew))
    );
    let b = facts(&s, "杭州星河科技有限公司");
    assert_eq!(b.terms[0].arr, Money::new(8_500_000, Currency::CNY));
    assert_eq!(
        (b.account.tier, b.account.stage, b.account.target_fit),
        (Tier::Small, Stage::Adoption, false)
    );
    assert_eq!(b.account.forecast, Some(Forecast::AtRisk));
    assert_idempotent(&s, Kind::Accounts, "accounts_zh.csv");
}

#[test]
fn salesforce_like_export() {
    let mut s = Store::open_in_memory().unwrap();
    let (counts, notes) = import_as_is(&mut s, Kind::Accounts, "accounts_salesforce.csv");
    assert_eq!(counts, created(2));
    assert_eq!(
        notes,
        vec![
            Note::UnknownColumns(vec!["Type".into(), "Website".into(), "Phone".into()]),
            // In process there is neither a config nor a locale: the one currency the
            // file's amounts name ("USD 96,000"), and said.
            Note::CurrencyAssumed(Currency::USD, CurrencySource::FileAmounts)
        ]
    );
    let g = facts(&s, "0015g00000AbCdE");
    assert_eq!((g.account.name.as_str(), g.account.region.as_str()), ("Globex Clinics", "CA"));
    assert_eq!((g.account.currency, g.terms[0].arr.minor), (Currency::USD, 9_600_000));
    assert_eq!((g.terms[0].start, g.terms[0].end), (d(2026, 2, 1), d(2027, 2, 1)));
    assert_eq!(facts(&s, "Initech Labs").terms[0].arr, Money::new(2_400_000, Currency::USD));
    assert_idempotent(&s, Kind::Accounts, "accounts_salesforce.csv");
}

#[test]
fn hubspot_like_export_with_semicolons() {
    let mut s = Store::open_in_memory().unwrap();
    let (counts, notes) = import(&mut s, Kind::Accounts, "accounts_hubspot.csv");
    assert_eq!(counts, created(2));
    assert_eq!(notes[0], Note::Delimiter(';'));
    assert_eq!(
        notes[1],
        Note::UnknownColumns(vec!["Annual Revenue".into(), "Create Date".into(), "Lifecycle Stage".into()])
    );
    let h = facts(&s, "9001");
    assert_eq!((h.account.name.as_str(), h.account.owner.as_str()), ("Hooli Fitness", "Chen Jing"));
    assert_eq!((h.terms[0].arr.minor, h.terms[0].end), (3_600_000, d(2027, 1, 15)));
    // HubSpot contacts: first and last name joined, the company by name.
    let (counts, notes) = import(&mut s, Kind::Contacts, "contacts_hubspot.csv");
    assert_eq!(counts, created(2));
    assert_eq!(notes, vec![Note::UnknownColumns(vec!["Record ID".into(), "Lead Status".into()])]);
    let names: Vec<_> =
        facts(&s, "9001").contacts.iter().map(|c| (c.name.clone(), c.title.clone())).collect();
    assert_eq!(names, [("Pat Quinn".to_string(), "IT director".to_string()), ("王明".into(), "财务".into())]);
}

#[test]
fn gbk_file_is_converted() {
    let mut s = Store::open_in_memory().unwrap();
    let (counts, notes) = import_as_is(&mut s, Kind::Accounts, "accounts_gbk.csv");
    assert_eq!(counts, created(1));
    assert_eq!(
        notes,
        vec![
            Note::Converted("GBK (GB18030)"),
            Note::CurrencyAssumed(Currency::CNY, CurrencySource::FileChinese)
        ]
    );
    assert_eq!(facts(&s, "GBK-1").account.name, "重庆鼎盛物流有限公司");
}

#[test]
fn children_of_every_kind() {
    let mut s = Store::open_in_memory().unwrap();
    import(&mut s, Kind::Accounts, "accounts.csv");
    import(&mut s, Kind::Accounts, "accounts_zh.csv");
    assert_eq!(import(&mut s, Kind::Contacts, "contacts.csv").0, created(4));
    assert_eq!(import(&mut s, Kind::Contacts, "contacts_zh.csv").0, created(2));
    let nw = facts(&s, "NW-1");
    let ray = nw.contacts.iter().find(|c| c.name == "Ray Park").unwrap();
    assert_eq!(
        (ray.role, ray.stance, ray.kp_tier, ray.influence),
        (Role::Finance, Stance::Opponent, Some(KpTier::Tier2), Influence::High)
    );
    assert_eq!((ray.left_on, ray.last_contact), (Some(today()), Some(d(2026, 6, 1))));
    let grace = nw.contacts.iter().find(|c| c.name == "Dr. Grace Wu").unwrap();
    assert_eq!((grace.role, grace.kp_tier, grace.left_on), (Role::DecisionMaker, Some(KpTier::Tier1), None));
    assert_eq!(grace.email, "grace@northwind.example");
    assert_eq!(facts(&s, "BF-2").contacts[0].role, Role::Initiator, "matched by exact name");
    let zh = facts(&s, "ZH-001");
    let li = &zh.contacts[0];
    assert_eq!(
        (li.name.as_str(), li.role, li.stance, li.kp_tier),
        ("李总", Role::DecisionMaker, Stance::Supporter, Some(KpTier::Tier1))
    );
    assert_eq!((li.influence, li.last_contact), (Influence::High, Some(d(2026, 11, 2))));
    assert_eq!((zh.contacts[1].role, zh.contacts[1].left_on), (Role::Admin, Some(today())));

    assert_eq!(import(&mut s, Kind::Promises, "promises.csv").0, created(3));
    let p = &facts(&s, "ZH-001").promises[0];
    assert_eq!(
        (p.text.as_str(), p.due, p.status, p.made_by.as_str()),
        ("提供定制报表模板", Some(d(2027, 1, 15)), PromiseStatus::Open, "销售王磊")
    );
    let broken = facts(&s, "NW-1").promises.into_iter().find(|p| p.status == PromiseStatus::Broken).unwrap();
    assert_eq!((broken.text.as_str(), broken.status_on), ("Monthly on-site training", today()));

    assert_eq!(import(&mut s, Kind::Requirements, "requirements.csv").0, created(3));
    let nw = facts(&s, "NW-1");
    let bulk = nw.requirements.iter().find(|r| r.title == "Bulk export of members").unwrap();
    assert_eq!(
        (bulk.level, bulk.status, bulk.raised_on),
        (ReqLevel::P1, ReqStatus::Submitted, d(2026, 10, 1))
    );
    let moves: Vec<_> = bulk.history.iter().map(|t| (t.status, t.at.date())).collect();
    assert_eq!(moves, [(ReqStatus::Collected, d(2026, 10, 1)), (ReqStatus::Submitted, today())]);
    let kd = &facts(&s, "ZH-001").requirements[0];
    assert_eq!(
        (kd.category, kd.status, kd.requester.as_str()),
        (ReqCategory::Integration, ReqStatus::Scheduled, "李总")
    );

    let (counts, notes) = import(&mut s, Kind::Usage, "usage.tsv");
    assert_eq!((counts, notes), (created(3), vec![Note::Delimiter('\t')]));
    let u = facts(&s, "NW-1").usage;
    assert_eq!(u.len(), 2);
    assert_eq!(
        (u[1].date, u[1].active_users, u[1].seats, u[1].logins, u[1].minutes),
        (d(2026, 11, 20), 38, 50, 280, 8100)
    );
    assert_eq!((u[1].features_used, u[1].features_total), (13, 40));

    let (counts, notes) = import(&mut s, Kind::Touchpoints, "touchpoints.csv");
    assert_eq!((counts, notes), (created(3), vec![Note::UnlinkedContacts(1)]));
    let nw = facts(&s, "NW-1");
    let qbr = nw.touchpoints.iter().find(|t| t.kind == TouchKind::Visit).unwrap();
    assert_eq!(qbr.note, "QBR on site.\nAgreed: export by December;\ntraining plan to follow.");
    assert_eq!(qbr.contact_id, Some(grace.id));
    let email = nw.touchpoints.iter().find(|t| t.kind == TouchKind::Email).unwrap();
    assert_eq!((email.note.as_str(), email.contact_id), ("Sent the \"value report\"", None));

    let (counts, _) = import(&mut s, Kind::Outcomes, "outcomes.csv");
    assert_eq!(counts, Counts { created: 1, updated: 1, ..Counts::default() });
    let nw = facts(&s, "NW-1");
    assert_eq!(nw.terms.len(), 2, "the past term was added before the current one");
    assert_eq!(
        (nw.terms[0].start, nw.terms[0].end, nw.terms[0].arr.minor),
        (d(2025, 3, 1), d(2026, 3, 1), 10_000_000)
    );
    assert_eq!(
        nw.terms[0].outcome,
        Some(TermOutcome::Renewed {
            decided_on: d(2026, 2, 10),
            new_arr: Money::new(12_000_000, Currency::CNY)
        })
    );
    let bf = facts(&s, "BF-2");
    assert_eq!(bf.account.stage, Stage::Churned);
    assert_eq!(
        bf.terms[0].outcome,
        Some(TermOutcome::Churned {
            decided_on: d(2026, 11, 20),
            reason: ChurnReason::Competitor,
            note: "Chose a cheaper tool".into(),
            because_of: None
        })
    );

    for (kind, file) in [
        (Kind::Accounts, "accounts.csv"),
        (Kind::Contacts, "contacts.csv"),
        (Kind::Contacts, "contacts_zh.csv"),
        (Kind::Promises, "promises.csv"),
        (Kind::Requirements, "requirements.csv"),
        (Kind::Usage, "usage.tsv"),
        (Kind::Touchpoints, "touchpoints.csv"),
        (Kind::Outcomes, "outcomes.csv"),
    ] {
        assert_idempotent(&s, kind, file);
    }
}

#[test]
fn hostile_text_is_sanitised_before_it_is_stored() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(import(&mut s, Kind::Accounts, "hostile.csv").0, created(3));
    let a = facts(&s, "H-1").account;
    assert_eq!((a.name.as_str(), a.owner.as_str()), ("Red Corp", "Eve"));
    let b = facts(&s, "H-2").account;
    assert_eq!((b.name.as_str(), b.industry.as_str()), ("Clipboard Ltd", "mediax"));
    let c = facts(&s, "H-3").account;
    assert_eq!((c.name.as_str(), c.owner.as_str()), ("evil Co", "Line1 Line2"));
    for f in s.load_all_facts().unwrap() {
        for text in [&f.account.name, &f.account.owner, &f.account.industry, &f.account.region] {
            assert!(is_clean(text), "{text:?}");
        }
    }
}

#[test]
fn map_names_columns_and_missing_required_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("odd.csv");
    std::fs::write(&file, "Kunde,Betrag,Ablauf,Notiz\nMüller GmbH,\"1,500 EUR\",2027-01-31,x\n").unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let err = import::plan(&s, Kind::Accounts, &file, "", today()).unwrap_err();
    let msg = err.to_string();
    assert!(
        // ARR and renewal date are optional (an account without a contract yet): name only.
        matches!(err, ImportError::MissingColumns { .. }) && msg.contains("required field name;"),
        "{msg}"
    );
    assert!(msg.contains("\"Kunde\"") && msg.contains("--map"), "{msg}");
    let plan = import::plan(
        &s,
        Kind::Accounts,
        &file,
        "Kunde=name, Betrag=arr,Ablauf=renewal_date,Notiz=-",
        today(),
    )
    .unwrap();
    assert!(
        !plan.notes.iter().any(|n| matches!(n, Note::UnknownColumns(_))),
        "an ignored column is not reported: {:?}",
        plan.notes
    );
    import::apply(&mut s, plan, now(), &RiskConfig::embedded().unwrap()).unwrap();
    let f = facts(&s, "Müller GmbH");
    assert_eq!(f.terms[0].arr, Money::new(150_000, Currency::EUR));
    let err = import::plan(&s, Kind::Accounts, &file, "Kunde=nom", today()).unwrap_err();
    assert!(matches!(err, ImportError::Map(_)) && err.to_string().contains("renewal_date"), "{err}");
}

/// A dry run and the import it shows are apart (the dashboard asks first): whatever
/// another Radar writes in between is kept, because the import plans again under the write
/// lock. (It used to write the stale plan: an import of the same file in between left every
/// new account twice, and an edit in between aborted the import.)
#[test]
fn apply_plans_again_under_the_write_lock_and_keeps_what_others_wrote_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let mut s = Store::open(&db).unwrap();
    import(&mut s, Kind::Accounts, "accounts.csv");
    let file = dir.path().join("update.csv");
    let rows = "external_id,name,arr,renewal_date,owner\nNW-1,Northwind Dental,130000,2027-03-01,Zhang Wei\nNEW-1,New Co,5000,2027-05-01,\n";
    std::fs::write(&file, rows).unwrap();
    let plan = plan_cny(&s, Kind::Accounts, &file).unwrap();
    assert_eq!(plan.counts, Counts { created: 1, updated: 1, ..Counts::default() });
    // Meanwhile another process edits the account (a field the file does not have) and
    // imports the same file.
    let mut other = Store::open(&db).unwrap();
    let mut a = facts(&other, "NW-1").account;
    a.industry = "Dental chains".into();
    other.update_account(&a).unwrap();
    let again = plan_cny(&other, Kind::Accounts, &file).unwrap();
    import::apply(&mut other, again, now(), &RiskConfig::embedded().unwrap()).unwrap();
    let done = import::apply(&mut s, plan, now(), &RiskConfig::embedded().unwrap()).unwrap();
    assert_eq!(
        done.counts,
        Counts { unchanged: 2, ..Counts::default() },
        "planned against what is there now"
    );
    assert_eq!(done.plan.counts, done.counts);
    let nw = facts(&s, "NW-1").account;
    assert_eq!((nw.industry.as_str(), nw.owner.as_str()), ("Dental chains", "Zhang Wei"));
    let n: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM account WHERE external_id = 'NEW-1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "created once");
}

#[test]
fn us_salesforce_dates_are_read_month_first_when_the_file_settles_it() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(import(&mut s, Kind::Accounts, "accounts_salesforce_us.csv").0, created(2));
    let t = &facts(&s, "0015g00000KlMnO").terms[0];
    assert_eq!(
        (t.start, t.end),
        (d(2026, 2, 1), d(2027, 2, 1)),
        "12/15/2025 elsewhere in the file says month first"
    );
    assert_eq!(facts(&s, "Wonka Foods").terms[0].end, d(2026, 12, 15));
    // Alone, 2/1/2027 could be either: refused with a clear message rather than guessed.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ambiguous.csv");
    std::fs::write(&file, "name,arr,renewal_date\nX,100,2/1/2027\n").unwrap();
    let err = import::plan(&s, Kind::Accounts, &file, "", today()).unwrap_err();
    let ImportError::Rows(rows) = err else { panic!("{err}") };
    assert!(rows.problems[0].message.contains("ambiguous"), "{:?}", rows.problems);
}
