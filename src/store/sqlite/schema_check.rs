//! Is a file's schema exactly ours for its version? A file is a program as much as data:
//! a planted trigger (`AFTER INSERT ON touchpoint … DELETE`) silently eats every saved edit,
//! and a dropped or changed column breaks every command. So a file is accepted only if its
//! tables, columns, indexes, triggers and views are exactly what our migrations create for
//! its `user_version`; otherwise it is refused, naming what differs, before anything is
//! written to it.
//!
//! The reference is built by running our migrations up to that version in an in-memory
//! database (once per version per process), so it can never drift from the migrations.
//! Missing indexes are not refused: an interrupted bulk import leaves a file without its
//! secondary indexes, which a writable open rebuilds and a read-only one reads without.

use super::schema;
use crate::store::{Result, StoreError};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// At most this many differences are named; the rest are counted.
const NAMED: usize = 6;

/// One sqlite_master entry: (type, table it belongs to, normalised SQL).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    kind: String,
    table: String,
    sql: Option<String>,
}

/// A column as `PRAGMA table_info` describes it: name, type, not null, default, pk.
type Column = (String, String, bool, Option<String>, i64);

#[derive(Debug, Default)]
struct Schema {
    entries: BTreeMap<String, Entry>,
    columns: HashMap<String, Vec<Column>>,
    /// The reference's named indexes as written, (name, SQL) by name: what `indexes`
    /// rebuilds (one in-memory build of the schema per process serves both checks).
    indexes: Vec<(String, String)>,
}

/// `(name, CREATE INDEX statement)` of every index the latest schema defines.
pub(crate) fn latest_indexes() -> Result<Vec<(String, String)>> {
    Ok(reference(schema::LATEST_VERSION)?.indexes.clone())
}

/// The latest schema as `canonical` writes it, committed beside this file: an up-to-date
/// file (every open after the first) is checked by comparing text, without building the
/// reference (running every migration in memory took 10 of `radar triage`'s 38 ms at
/// 100k; issue 19). `the_committed_latest_schema_is_the_migrations_own` keeps it equal to
/// the reference; a file that differs in any way takes the full check.
const LATEST: &str = include_str!("schema_latest.txt");

/// Refuses `conn` (the file at `path`) unless its schema is exactly ours for its version.
/// True when it is exactly the latest, every index there (nothing to migrate or rebuild).
pub(crate) fn verify(conn: &Connection, path: &Path) -> Result<bool> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if !(0..=schema::LATEST_VERSION).contains(&version) {
        return Ok(false); // check_identity refuses it with the reason
    }
    let theirs = read(conn, false)?;
    if version == schema::LATEST_VERSION && canonical(&theirs) == LATEST {
        return Ok(true);
    }
    let ours = reference(version)?;
    let differences = compare(&ours, &theirs, conn)?;
    if differences.is_empty() {
        return Ok(false);
    }
    let mut detail = differences.iter().take(NAMED).cloned().collect::<Vec<_>>().join("; ");
    if differences.len() > NAMED {
        detail.push_str(&format!("; and {} more", differences.len() - NAMED));
    }
    Err(StoreError::NotRadar {
        path: path.to_path_buf(),
        detail: format!(
            "its schema differs from Radar's schema version {version}: {detail}; the file was not changed"
        ),
    })
}

/// Our schema at `version`, built once per version by running the migrations in memory.
fn reference(version: i64) -> Result<Arc<Schema>> {
    static CACHE: OnceLock<Mutex<HashMap<i64, Arc<Schema>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(s) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&version) {
        return Ok(s.clone());
    }
    let mut mem = Connection::open_in_memory()?;
    let target = usize::try_from(version).unwrap_or(0);
    schema::MIGRATIONS.to_version(&mut mem, target).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let built = Arc::new(read(&mem, true)?);
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert(version, built.clone());
    Ok(built)
}

/// A schema's entries as text, one line per entry in name order: kind, name, table and
/// normalised SQL, tab-separated.
fn canonical(s: &Schema) -> String {
    let mut out = String::new();
    for (name, e) in &s.entries {
        let sql = e.sql.as_deref().unwrap_or("-");
        out.push_str(&format!("{}\t{name}\t{}\t{sql}\n", e.kind, e.table));
    }
    out
}

/// The file's schema; `with_columns`: every table's columns too (the reference; a file's
/// are read only for a table whose definition differs, to say how).
fn read(conn: &Connection, with_columns: bool) -> Result<Schema> {
    let mut s = Schema::default();
    // sqlite_stat* are ANALYZE's statistics: SQLite's own, harmless, not part of a schema.
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| {
        let sql: Option<String> = r.get(3)?;
        Ok((r.get::<_, String>(1)?, r.get::<_, String>(0)?, r.get::<_, String>(2)?, sql))
    })?;
    for row in rows {
        let (name, kind, table, sql) = row?;
        if let (true, "index", Some(q)) = (with_columns, kind.as_str(), &sql) {
            s.indexes.push((name.clone(), q.clone()));
        }
        s.entries.insert(name, Entry { kind, table, sql: sql.map(|q| normalise(&q)) });
    }
    s.indexes.sort();
    for (name, e) in &s.entries {
        if with_columns && e.kind == "table" {
            s.columns.insert(name.clone(), columns(conn, name)?);
        }
    }
    Ok(s)
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    let mut stmt =
        conn.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)")?;
    let cols = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<Vec<Column>>>()?;
    Ok(cols)
}

/// The same definition however laid out: outside quotes, each run of whitespace becomes
/// one space, and none is kept after `( , =` or before `( ) , =` (an index rebuilt as
/// `ON t (a)` is the index `ON t(a)`). Quoted text is kept as it is.
fn normalise(sql: &str) -> String {
    const NONE_AFTER: &[char] = &['(', ',', '='];
    const NONE_BEFORE: &[char] = &['(', ')', ',', '='];
    let mut out = String::with_capacity(sql.len());
    let (mut quote, mut space) = (None::<char>, false);
    for c in sql.trim().chars() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.ends_with(NONE_AFTER) && !NONE_BEFORE.contains(&c) {
            out.push(' ');
        }
        space = false;
        if matches!(c, '\'' | '"' | '`' | '[') {
            quote = Some(if c == '[' { ']' } else { c });
        }
        out.push(c);
    }
    out
}

/// What differs, each naming the table, column, index, trigger or view.
fn compare(ours: &Schema, theirs: &Schema, conn: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (name, e) in &theirs.entries {
        match ours.entries.get(name) {
            None => out.push(format!("{} {} on {} is not ours", e.kind, quoted(name), e.table)),
            Some(o) if o.kind != e.kind => {
                out.push(format!("{} is a {} where ours is a {}", quoted(name), e.kind, o.kind))
            }
            Some(o) if o.kind == "table" && o.sql != e.sql => {
                table_differences(name, &ours.columns[name], &columns(conn, name)?, &mut out)
            }
            Some(o) if o.kind == "table" => {}
            Some(o) if o.table != e.table || o.sql != e.sql => {
                out.push(format!("{} {} on {} is defined differently", e.kind, quoted(name), e.table))
            }
            Some(_) => {}
        }
    }
    for (name, o) in &ours.entries {
        // A missing index is rebuilt on a writable open (an interrupted bulk import).
        if !theirs.entries.contains_key(name) && o.kind != "index" {
            out.push(format!("{} {} is missing", o.kind, quoted(name)));
        }
    }
    Ok(out)
}

/// How a table whose definition differs from ours differs: by column, else "constraints".
fn table_differences(name: &str, a: &[Column], b: &[Column], out: &mut Vec<String>) {
    let before = out.len();
    for col in a {
        match b.iter().find(|c| c.0 == col.0) {
            None => out.push(format!("column {name}.{} is missing", col.0)),
            Some(c) if c != col => out.push(format!(
                "column {name}.{} is {} where ours is {}",
                col.0,
                describe(c),
                describe(col)
            )),
            Some(_) => {}
        }
    }
    for col in b.iter().filter(|c| !a.iter().any(|x| x.0 == c.0)) {
        out.push(format!("column {name}.{} is not ours", col.0));
    }
    if out.len() == before {
        out.push(format!("table {name} has other constraints than ours"));
    }
}

fn describe(c: &Column) -> String {
    let mut s = if c.1.is_empty() { "untyped".to_string() } else { c.1.clone() };
    if c.2 {
        s.push_str(" NOT NULL");
    }
    if let Some(d) = &c.3 {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    if c.4 > 0 {
        s.push_str(" PRIMARY KEY");
    }
    s
}

fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        drop(crate::store::Store::open(&path).unwrap());
        (dir, path)
    }

    fn refused(batch: &str) -> String {
        let (_dir, path) = ours();
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(batch).unwrap();
        match verify(&conn, &path) {
            Err(e @ StoreError::NotRadar { .. }) => e.to_string(),
            other => panic!("{batch}: not refused: {other:?}"),
        }
    }

    #[test]
    fn our_own_schema_passes_at_every_version() {
        for v in 0..=schema::LATEST_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            schema::MIGRATIONS.to_version(&mut conn, v as usize).unwrap();
            verify(&conn, Path::new("mem.db")).unwrap();
        }
        let (_dir, path) = ours();
        verify(&Connection::open(&path).unwrap(), &path).unwrap();
    }

    /// `RADAR_BLESS_SCHEMA=1 cargo test --lib committed_latest` rewrites the file after a
    /// migration is added (read the diff: it is the new schema).
    #[test]
    fn the_committed_latest_schema_is_the_migrations_own() {
        let text = canonical(&reference(schema::LATEST_VERSION).unwrap());
        if std::env::var_os("RADAR_BLESS_SCHEMA").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/sqlite/schema_latest.txt"), &text)
                .unwrap();
            return;
        }
        assert!(
            text == LATEST,
            "schema_latest.txt is not the latest schema: RADAR_BLESS_SCHEMA=1 rewrites it"
        );
        // A file made by Radar takes the fast path; one changed in any way does not.
        let (_dir, path) = ours();
        let conn = Connection::open(&path).unwrap();
        assert!(verify(&conn, &path).unwrap(), "a file Radar made is exactly the latest schema");
        conn.execute_batch("DROP INDEX touchpoint_contact;").unwrap();
        assert!(
            !verify(&conn, &path).unwrap(),
            "a missing index is not the latest schema (open rebuilds it)"
        );
    }

    #[test]
    fn foreign_triggers_views_tables_and_indexes_are_named() {
        let e = refused(
            "CREATE TRIGGER eat AFTER INSERT ON touchpoint BEGIN DELETE FROM touchpoint WHERE id = new.id; END;",
        );
        assert!(e.contains("p.db") && e.contains("trigger \"eat\" on touchpoint is not ours"), "{e}");
        let e = refused("CREATE VIEW v AS SELECT 1;");
        assert!(e.contains("view \"v\""), "{e}");
        let e = refused("CREATE TABLE 成都天府云图 (x);");
        assert!(e.contains("table \"成都天府云图\""), "{e}");
        let e = refused("CREATE INDEX extra ON account(tier);");
        assert!(e.contains("index \"extra\" on account is not ours"), "{e}");
        let e = refused("DROP INDEX account_name; CREATE INDEX account_name ON account(tier);");
        assert!(e.contains("index \"account_name\" on account is defined differently"), "{e}");
    }

    #[test]
    fn changed_columns_are_named() {
        let e = refused("ALTER TABLE touchpoint DROP COLUMN note;");
        assert!(e.contains("column touchpoint.note is missing"), "{e}");
        let e = refused("ALTER TABLE account ADD COLUMN secret TEXT;");
        assert!(e.contains("column account.secret is not ours"), "{e}");
        let e = refused("DROP TABLE risk_cache;");
        assert!(e.contains("table \"risk_cache\" is missing"), "{e}");
        let e = refused(
            "PRAGMA foreign_keys = OFF; CREATE TABLE u2 (id INTEGER PRIMARY KEY, account_id INTEGER, date TEXT, \
             active_users INTEGER NOT NULL, seats INTEGER NOT NULL, logins INTEGER NOT NULL, minutes TEXT, \
             features_used INTEGER NOT NULL, features_total INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1); \
             DROP TABLE usage; ALTER TABLE u2 RENAME TO usage; CREATE INDEX usage_account ON usage(account_id, date);",
        );
        assert!(e.contains("column usage.minutes is TEXT where ours is INTEGER NOT NULL"), "{e}");
        assert!(e.contains("column usage.account_id is INTEGER where ours is INTEGER NOT NULL"), "{e}");
    }

    #[test]
    fn missing_indexes_and_statistics_are_not_refused() {
        let (_dir, path) = ours();
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("DROP INDEX touchpoint_contact; DROP INDEX milestone_pending; ANALYZE;").unwrap();
        verify(&conn, &path).unwrap();
    }

    #[test]
    fn layout_does_not_matter_but_quoted_text_does() {
        assert_eq!(normalise("CREATE INDEX a ON t (x ,  y)"), normalise("CREATE INDEX a ON t(x, y)"));
        assert_eq!(
            normalise("CREATE  INDEX\n a ON t(x) WHERE s = 'p'"),
            "CREATE INDEX a ON t(x) WHERE s='p'"
        );
        assert_ne!(normalise("WHERE s = 'a  b'"), normalise("WHERE s = 'a b'"));
        assert_ne!(normalise("WHERE s = 'pending'"), normalise("WHERE s = 'Pending'"));
        let (_dir, path) = ours();
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("DROP INDEX term_account; CREATE INDEX IF NOT EXISTS term_account ON term ( account_id , start );")
            .unwrap();
        verify(&conn, &path).unwrap();
    }

    #[test]
    fn many_differences_are_counted_not_all_listed() {
        let batch: String = (0..10).map(|i| format!("CREATE VIEW v{i} AS SELECT {i};")).collect();
        let e = refused(&batch);
        assert!(e.contains("and 4 more"), "{e}");
    }
}
