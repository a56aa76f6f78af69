//! The schema, as migrations applied in order and counted by `PRAGMA user_version`.
//! Append a migration to change it; never edit a released one. Migrations run with foreign
//! keys off (`Store::open` turns them on after), as SQLite's table rebuilds require.
//!
//! Indexes: one per child table on `account_id` (the detail pane and the loaders read by
//! account), plus what lookups and cascades need. The portfolio's sorts and filters run in
//! memory over one query, so they need none; every extra index slows every insert.

use super::fts;
use rusqlite_migration::{M, Migrations};
use std::sync::LazyLock;

/// `PRAGMA application_id` of a Radar file ("RRDR"), so a foreign SQLite file is recognised.
pub const APPLICATION_ID: i32 = 0x5252_4452;

/// The first released schema. Its SQL is also how the migration tests build a file of
/// that release.
const V1: &str = include_str!("schema_v1.sql");

/// V2: ids are never reused. SQLite gave a new row the largest id plus one, so once the row
/// with the largest id was deleted (or its creation undone) the next new row took its id at
/// version 1, and a form still open on the deleted row saved over it. AUTOINCREMENT keeps
/// the highest id ever used (`sqlite_sequence`). SQLite cannot add it in place: each table
/// of V1 is rebuilt (https://www.sqlite.org/lang_altertable.html, "making other kinds of
/// table schema changes") with its own definition, `AUTOINCREMENT` added and the column
/// `end` quoted (a reserved word elsewhere), then its indexes made again. Derived from V1's
/// text, so no column is written twice; `foreign_key_check` runs after it.
static V2: LazyLock<String> = LazyLock::new(|| rebuild_autoincrement(V1));

/// V3: reference accounts (标杆案例): an account's stage in the reference flow and since
/// when it is one; and a churned term's requirement (win-back). Nullable columns: no
/// rebuild, old rows are "not a reference" and "no requirement named".
const V3_REFERENCE: &str = include_str!("schema_v3.sql");

/// V4: exchange rates (issue 16): a new table only, `fx_rate`.
const V4_FX: &str = include_str!("schema_fx.sql");

/// V5: follow-up tasks: one new table and its indexes (nothing existing is rebuilt).
const V5_TASKS: &str = include_str!("schema_tasks.sql");

/// V6: the full-text index (`fts`): created empty by SQL, then filled by a hook in Rust
/// within the same transaction (the text is normalised by Radar, which SQL cannot do), so
/// an existing file has its whole index the first time this build opens it. After V5, so
/// the hook indexes the tasks too.
const SEARCH: &str = include_str!("schema_search.sql");

/// V7: import mappings (issue 14): one new table, `import_mapping` (nothing rebuilt; its
/// UNIQUE constraint is its only index).
const V7_IMPORT_MAPPING: &str = include_str!("schema_import_mapping.sql");
/// V8: when a cached risk score is current (issue 19): the rules it was computed with, a
/// stale mark set by triggers on every write to a fact a rule reads, and the indexes that
/// read the triage order and check the stamps without a scan. New columns, indexes and
/// triggers only.
const RISK_FRESH: &str = include_str!("schema_risk_fresh.sql");

/// V9: referrals (转介绍): one new table and its indexes (nothing existing is rebuilt).
const V9_REFERRALS: &str = include_str!("schema_referrals.sql");

/// V10: the full-text index made again without its copy of every record's text
/// (`content = ''`, issue 19's file size), filled by the same hook as V6.
const FTS_SIZE: &str = include_str!("schema_ftssize.sql");

/// V11: churn notes and referrals join the full-text index. Rows only (the index's columns
/// are the same), so no SQL: the hook indexes the existing churned terms and referrals, as
/// every later write keeps them in step (`fts::after_write`).
const FTS_KINDS: &str = "-- V11: churn notes and referrals in search_index (rows only, by the hook)";

/// V13 (the 12th here; issue 19 named it V13 for the derived milestones' V12 to come
/// first): what every open did, once per file: the indexes the reporting currency and the
/// owners are read off, and the superseded-milestone fix-up (`store/supersede.rs` keeps the rule after).
const V13_OPEN_ONCE: &str = include_str!("schema_open_once.sql");

/// V14 (the 13th here): each account's share of the report's
/// portfolio rates in the risk cache, and an index on the terms' end (issue 19). New
/// columns and an index; every cached row is marked stale so the next command rescores it.
const V14_REPORT_SHARE: &str = include_str!("schema_report_share.sql");
/// V15 (the 14th here): the touchpoints by kind and date and
/// the deliveries by day, so the agenda finds this quarter's good moments without a scan
/// of every touchpoint and requirement step. Indexes only.
const V15_AGENDA_READS: &str = include_str!("schema_agenda_reads.sql");
/// V16 (the 15th here): the number of accounts per currency, kept by triggers, so the
/// book's main currency is one seek instead of a walk of every account (issue 19).
const V16_CURRENCY_TALLY: &str = include_str!("schema_currency_tally.sql");
/// V17 (the 16th here): the full-text index's automerge off; edits merge a few pages each
/// (`fts::tidy`). A setting of the index (a row of its config table), no schema change.
const V17_FTS_MERGE: &str = include_str!("schema_fts_merge.sql");
/// V18 (the 17th here): the number of cached risk scores, kept by triggers, so whether
/// every account is scored is two seeks instead of two walks (issue 19).
const V18_RISK_TALLY: &str = include_str!("schema_risk_tally.sql");
/// V19 (the 18th here): the report's per-owner sums read from an index of the risk
/// cache's rate shares (issue 19).
const V19_REPORT_SUMS: &str = include_str!("schema_report_sums.sql");
/// V20 (the 19th here): the cached band joins that index, so the report reads the shares
/// and bands in account order off the index alone (issue 19).
const V20_REPORT_BAND: &str = include_str!("schema_report_band.sql");
/// V21 (the 20th here): pending playbook milestones are derived, not stored; each stored
/// row keeps the date the playbook gave it (`derive_migration.rs`, issue 19 item 2).
const V21_DERIVED: &str = include_str!("schema_derived.sql");
/// V22 (the 21st here): milestones skipped before the account came into Radar derived,
/// not stored. No table changes: the version keeps a release before from misreading.
const V22_ARRIVAL: &str = include_str!("schema_arrival.sql");

/// V23 (the 22nd here): the notes of playbook milestones join the full-text index. Rows
/// only, as V11: the hook indexes the notes a file already has (`fts::KINDS_V23`).
const FTS_MILESTONE_NOTES: &str = "-- V23: milestone notes in search_index (rows only, by the hook)";

/// The schema version this build writes (= number of migrations; a test checks).
pub const LATEST_VERSION: i64 = 22;

/// All migrations, oldest first.
pub static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2.as_str()).foreign_key_check(),
        M::up(V3_REFERENCE),
        M::up(V4_FX),
        M::up(V5_TASKS),
        M::up_with_hook(SEARCH, fts::migration_hook(fts::FIRST)),
        M::up(V7_IMPORT_MAPPING),
        M::up(RISK_FRESH),
        M::up(V9_REFERRALS),
        M::up_with_hook(FTS_SIZE, fts::migration_hook(fts::FIRST)),
        M::up_with_hook(FTS_KINDS, fts::migration_hook(fts::KINDS_V11)),
        M::up(V13_OPEN_ONCE),
        M::up(V14_REPORT_SHARE),
        M::up(V15_AGENDA_READS),
        M::up(V16_CURRENCY_TALLY),
        M::up(V17_FTS_MERGE),
        M::up(V18_RISK_TALLY),
        M::up(V19_REPORT_SUMS),
        M::up(V20_REPORT_BAND),
        M::up_with_hook(V21_DERIVED, super::derive_migration::hook()),
        M::up(V22_ARRIVAL),
        M::up_with_hook(FTS_MILESTONE_NOTES, fts::migration_hook(fts::KINDS_V23)),
    ])
});

/// Every table of `v1` with an id column rebuilt as `AUTOINCREMENT`, its indexes made
/// again (see `V2`); other tables (the risk cache, keyed by account) are left alone.
fn rebuild_autoincrement(v1: &str) -> String {
    let mut out = String::new();
    // The table being read, its column lines, and whether the last table was rebuilt.
    let (mut table, mut cols, mut rebuilt): (Option<&str>, Vec<String>, bool) = (None, Vec::new(), false);
    for line in v1.lines() {
        if let Some(name) = line.strip_prefix("CREATE TABLE ").and_then(|l| l.strip_suffix(" (")) {
            table = Some(name);
            cols.clear();
        } else if let Some(name) = table {
            if line != ");" {
                cols.push(quote_end(line));
                continue;
            }
            table = None;
            let id = "INTEGER PRIMARY KEY,";
            rebuilt = cols.first().is_some_and(|c| c.trim_start().starts_with("id ") && c.ends_with(id));
            if rebuilt {
                cols[0] = cols[0].replace(id, "INTEGER PRIMARY KEY AUTOINCREMENT,");
                out.push_str(&format!(
                    "CREATE TABLE {name}_v2 (\n{}\n);\nINSERT INTO {name}_v2 SELECT * FROM {name};\n\
                     DROP TABLE {name};\nALTER TABLE {name}_v2 RENAME TO {name};\n",
                    cols.join("\n")
                ));
            }
        } else if rebuilt && line.starts_with("CREATE INDEX ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `end` written as `"end"` where it is the column (alignment kept).
fn quote_end(line: &str) -> String {
    line.replacen("    end   ", "    \"end\" ", 1).replace("(end ", "(\"end\" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_version_counts_the_migrations() {
        let empty = rusqlite::Connection::open_in_memory().unwrap();
        assert_eq!(i64::from(MIGRATIONS.pending_migrations(&empty).unwrap()), LATEST_VERSION);
    }

    /// V2 rebuilds every table but the risk cache (ids are its accounts'), each with
    /// AUTOINCREMENT, and recreates every index of V1.
    #[test]
    fn v2_rebuilds_every_table_with_an_id() {
        let v2 = V2.as_str();
        let tables: Vec<&str> =
            V1.lines().filter_map(|l| l.strip_prefix("CREATE TABLE ")?.strip_suffix(" (")).collect();
        assert_eq!(tables.len(), 11);
        for t in tables.iter().filter(|t| **t != "risk_cache") {
            assert!(v2.contains(&format!("CREATE TABLE {t}_v2 (\n    id ")), "{t}");
            assert!(v2.contains(&format!("ALTER TABLE {t}_v2 RENAME TO {t};")), "{t}");
        }
        assert!(!v2.contains("risk_cache"));
        assert_eq!(v2.matches("AUTOINCREMENT").count(), 10);
        assert_eq!(v2.matches("CREATE INDEX").count(), V1.matches("CREATE INDEX").count());
        assert!(
            v2.contains("    \"end\"         TEXT NOT NULL,") && v2.contains("CHECK (\"end\" > start)"),
            "{v2}"
        );
    }

    /// V14: a score cached before it has no rate share, so it is marked stale and the
    /// next command rescores it (`report` reads the facts until then); the terms get
    /// their index by end.
    #[test]
    fn v14_marks_every_cached_score_stale_and_indexes_the_terms_end() {
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        MIGRATIONS.to_version(&mut c, 12).unwrap();
        c.execute_batch(
            "PRAGMA foreign_keys = OFF; INSERT INTO risk_cache (account_id, as_of, score, band, priority, reasons, rules, stale) \
             VALUES (1, '2026-11-22', 40, 'watch', 7, '[]', 'r', 0)",
        )
        .unwrap();
        MIGRATIONS.to_latest(&mut c).unwrap();
        let row: (i64, Option<i64>, Option<i64>) = c
            .query_row("SELECT stale, rate_live, rate_breadth_bp FROM risk_cache", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!(row, (1, None, None));
        let index: String =
            c.query_row("SELECT sql FROM sqlite_master WHERE name = 'term_end'", [], |r| r.get(0)).unwrap();
        assert!(index.contains("term(\"end\")"), "{index}");
    }

    /// V16 counts the accounts a file already holds into the tally, per currency.
    #[test]
    fn v16_tallies_the_accounts_already_there() {
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        MIGRATIONS.to_version(&mut c, 14).unwrap();
        for (i, cur) in ["USD", "CNY", "USD", "EUR", "USD"].iter().enumerate() {
            c.execute(
                "INSERT INTO account (name, tier, stage, owner, industry, currency, target_fit, created_on) \
                 VALUES (?1, 'mid', 'onboarding', '', '', ?2, 0, '2026-11-22')",
                rusqlite::params![format!("a{i}"), cur],
            )
            .unwrap();
        }
        MIGRATIONS.to_latest(&mut c).unwrap();
        let tally: Vec<(String, i64)> = c
            .prepare("SELECT currency, accounts FROM currency_tally ORDER BY currency")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(tally, [("CNY".into(), 1), ("EUR".into(), 1), ("USD".into(), 3)]);
    }
}
