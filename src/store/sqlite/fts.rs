//! The full-text index (SQLite FTS5), kept in step by the store itself: every insert,
//! update and delete of an indexed record rewrites its index row in the same transaction
//! (`after_write`, `before_delete`), a bulk load fills the index once at the end
//! (`rebuild`), and the migration that creates the index fills it for an existing file
//! (a migration hook: Rust, inside the migration's transaction).
//!
//! No SQL trigger does it: the stored text is normalised in Rust (`search_text::normalise`,
//! CJK as bigrams), and a trigger calling a function of ours would make the file
//! unwritable by a plain `sqlite3`. A file changed by another program keeps working; its
//! index misses those changes until `radar search --reindex`.
//!
//! One index row per record, `rowid = id * KINDS + code`: a record's row is found (and
//! replaced or deleted) by its rowid without any lookup, and the kind and id come back
//! from the rowid alone.
//!
//! The index is contentless (`content = ''`, schema V7): it keeps the terms and the
//! UNINDEXED account and day, never the text, which the search reads from the record's own
//! table for the snippet. `body` reads back as NULL. A row is changed by deleting it by
//! rowid and inserting it again (`contentless_delete`; an UPDATE would have to supply
//! every column).

use crate::domain::RowKind;
use crate::domain::search_text::normalise;
use crate::store::Result;
use crate::store::conn::Conn;
use rusqlite::{Connection, params};

/// The index table (FTS5; its shadow tables are `search_index_*`).
pub(crate) const TABLE: &str = "search_index";

/// Room for kinds in a rowid (`id * KINDS + code`). Never change it: rowids are stored.
pub(crate) const KINDS: i64 = 16;

/// One kind of record the index covers: where its text is, whose account it belongs to,
/// and which date orders it. Adding a kind of record to the search is one entry here
/// (with a `code` never used before and the `since` of a new migration whose hook indexes
/// the existing records: `migration_hook`).
pub(crate) struct Source {
    pub kind: RowKind,
    /// Stable, part of every rowid of this kind (1..KINDS).
    pub code: i64,
    /// The columns of prose, searched together.
    pub text: &'static [&'static str],
    /// The column holding the account's id.
    pub account: &'static str,
    /// An SQL expression of the record's day (ISO text).
    pub date: &'static str,
    /// Which of its records are indexed, an SQL condition both engines read (None: all
    /// with text).
    pub only: Option<fn() -> String>,
    /// The schema version whose migration first indexed this kind (its table must exist
    /// by then): a migration's hook fills only its own kinds, so no row is indexed twice.
    pub since: i64,
}

/// The schema version of the first index (V6) and of the one made again (V10): the kinds
/// indexed from the start.
pub(crate) const FIRST: i64 = 6;

pub(crate) const SOURCES: &[Source] = &[
    Source {
        kind: RowKind::Account,
        code: 1,
        text: &["name", "pain_points", "why_bought", "special_clauses"],
        account: "id",
        date: "created_on",
        only: None,
        since: FIRST,
    },
    Source {
        kind: RowKind::Touchpoint,
        code: 2,
        text: &["note"],
        account: "account_id",
        date: "date",
        only: None,
        since: FIRST,
    },
    Source {
        kind: RowKind::Promise,
        code: 3,
        text: &["text"],
        account: "account_id",
        date: "made_on",
        only: None,
        since: FIRST,
    },
    Source {
        kind: RowKind::Requirement,
        code: 4,
        text: &["title"],
        account: "account_id",
        date: "raised_on",
        only: None,
        since: FIRST,
    },
    Source {
        kind: RowKind::Complaint,
        code: 5,
        text: &["summary", "improvement"],
        account: "account_id",
        date: "substr(raised_at, 1, 10)",
        only: None,
        since: FIRST,
    },
    Source {
        kind: RowKind::Contact,
        code: 6,
        text: &["name", "title"],
        account: "account_id",
        date: "added_on",
        only: None,
        since: FIRST,
    },
    // A follow-up task: found by its title and note, dated by when it is due.
    Source {
        kind: RowKind::Task,
        code: 7,
        text: &["title", "note"],
        account: "account_id",
        date: "due",
        only: None,
        since: FIRST,
    },
    // A contract term by its churn note (why a renewal was lost, win-back's evidence;
    // empty for an open or renewed term, which is then not indexed), dated by the churn.
    Source {
        kind: RowKind::Term,
        code: 8,
        text: &["churn_note"],
        account: "account_id",
        date: "decided_on",
        only: None,
        since: KINDS_V11,
    },
    // A referral (转介绍) by its prospect's name and its note (a dismissed suggestion has
    // neither), dated by when it was asked for.
    Source {
        kind: RowKind::Referral,
        code: 9,
        text: &["prospect", "note"],
        account: "account_id",
        date: "date",
        only: None,
        since: KINDS_V11,
    },
    // A playbook milestone by the note of its decision ("QBR held, the CFO wants SSO"),
    // dated by its playbook date. Not the notes an older release wrote itself on the
    // milestones that fell due before an account came into Radar: nobody wrote those.
    Source {
        kind: RowKind::Milestone,
        code: 10,
        text: &["note"],
        account: "account_id",
        date: "due",
        only: Some(noted_by_a_person),
        since: KINDS_V23,
    },
];

/// The milestones whose note a person wrote: not one of the notes a release wrote itself
/// on skips before arrival (`playbook::ARRIVAL_NOTES`, the list the playbook tab knows).
fn noted_by_a_person() -> String {
    let notes: Vec<String> = crate::domain::playbook::ARRIVAL_NOTES
        .iter()
        .map(|n| format!("'{}'", n.replace('\'', "''")))
        .collect();
    format!("note NOT IN ({})", notes.join(", "))
}

/// The schema version whose migration indexed churn notes and referrals.
pub(crate) const KINDS_V11: i64 = 11;

/// The schema version whose migration indexed milestone notes.
pub(crate) const KINDS_V23: i64 = 23;

/// The source of a table, if the index covers it.
pub(crate) fn source_of(table: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.kind.table() == table)
}

/// The kind and id of an index row.
pub(crate) fn decode(rowid: i64) -> Option<(RowKind, i64)> {
    let code = rowid.rem_euclid(KINDS);
    SOURCES.iter().find(|s| s.code == code).map(|s| (s.kind, rowid.div_euclid(KINDS)))
}

impl Source {
    fn rowid(&self, id: i64) -> i64 {
        id * KINDS + self.code
    }

    /// `only` as a condition to add (` AND (…)`), or nothing.
    pub(crate) fn only_and(&self) -> String {
        self.only.map(|c| format!(" AND ({})", c())).unwrap_or_default()
    }

    /// The SELECT of (rowid, account, day, text…) of this kind's records matching `filter`.
    fn select(&self, filter: &str) -> String {
        let text: Vec<String> = self.text.iter().map(|c| format!("coalesce({c}, '')")).collect();
        format!(
            "SELECT id * {KINDS} + {}, {}, {}, {} FROM {} WHERE ({filter}){}",
            self.code,
            self.account,
            self.date,
            text.join(", "),
            self.kind.table(),
            self.only_and()
        )
    }

    /// Indexes this kind's records matching `filter` (an SQL condition on `?1`, if any).
    fn fill(&self, conn: &Connection, filter: &str, arg: Option<i64>) -> Result<()> {
        let mut read = conn.prepare_cached(&self.select(filter))?;
        let mut write = conn.prepare_cached(&format!(
            "INSERT INTO {TABLE} (rowid, body, account_id, day) VALUES (?1, ?2, ?3, ?4)"
        ))?;
        let mut rows = match arg {
            Some(a) => read.query([a])?,
            None => read.query([])?,
        };
        let mut body = String::new();
        while let Some(r) = rows.next()? {
            body.clear();
            for i in 0..self.text.len() {
                let t = r.get_ref(3 + i)?.as_str().unwrap_or("");
                if !t.is_empty() {
                    body.push_str(&normalise(t));
                    body.push('\n');
                }
            }
            if body.trim().is_empty() {
                continue; // nothing to find it by
            }
            let (rowid, account, day): (i64, i64, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            write.execute(params![rowid, body, account, day])?;
        }
        Ok(())
    }
}

/// Re-reads record `id` of `table` into the index (after an insert or update).
pub(crate) fn after_write(conn: &Conn, table: &str, id: i64) -> Result<()> {
    // A team database has no index of its own (`radar search` is solo-only there).
    let Some(conn) = conn.as_lite() else { return Ok(()) };
    let Some(src) = source_of(table) else { return Ok(()) };
    remove(conn, src.rowid(id))?;
    src.fill(conn, "id = ?1", Some(id))
}

/// Pages of merging one edit's transaction may do (`tidy`). Each edit writes a page or
/// two of new segment, which climbs about one level per merge; a dozen levels' worth keeps
/// up, at well under a millisecond.
const TIDY_PAGES: i64 = 16;

/// A little of the index's merging, in the transaction of an edit that wrote to it (V17
/// turned automerge off so no single edit does a burst of it). Nothing when no level holds
/// enough segments to merge. Once per transaction, not per record: FTS5 flushes what the
/// transaction wrote so far into a segment of its own before it merges.
pub(crate) fn tidy(conn: &Conn) -> Result<()> {
    let Some(conn) = conn.as_lite() else { return Ok(()) };
    let sql = format!("INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('merge', {TIDY_PAGES})");
    conn.prepare_cached(&sql)?.execute([])?;
    Ok(())
}

/// Takes record `id` of `table` out of the index (before it is deleted); an account takes
/// every record of its own with it, as the delete's cascade does.
pub(crate) fn before_delete(conn: &Conn, table: &str, id: i64) -> Result<()> {
    let Some(conn) = conn.as_lite() else { return Ok(()) };
    let Some(src) = source_of(table) else { return Ok(()) };
    if src.kind == RowKind::Account {
        for child in SOURCES.iter().filter(|s| s.kind != RowKind::Account) {
            let sql = format!(
                "DELETE FROM {TABLE} WHERE rowid IN (SELECT id * {KINDS} + {} FROM {} WHERE {} = ?1)",
                child.code,
                child.kind.table(),
                child.account
            );
            conn.prepare_cached(&sql)?.execute([id])?;
        }
    }
    remove(conn, src.rowid(id))
}

fn remove(conn: &Connection, rowid: i64) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {TABLE} WHERE rowid = ?1"))?.execute([rowid])?;
    Ok(())
}

/// Empties the index and fills it from every record: after a bulk load, by the migration
/// that creates it, and on request (`radar search --reindex`). One pass per kind.
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    // One transaction of its own when the caller has none (after bulk mode).
    let own = conn.is_autocommit();
    if own {
        conn.execute_batch("BEGIN")?;
    }
    let filled = (|| {
        // FTS5's own command empties every shadow table at once (a contentless index
        // keeps no text to delete row by row from).
        conn.execute_batch(&format!("INSERT INTO {TABLE} ({TABLE}) VALUES ('delete-all')"))?;
        SOURCES.iter().try_for_each(|src| src.fill(conn, "1", None))
    })();
    if own {
        conn.execute_batch(if filled.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
    }
    filled
}

/// A record found: its kind, id, account id and day (ISO text).
pub(crate) type Match = (RowKind, i64, i64, Option<String>);

/// The records matching an FTS5 expression: (kind, id, account, day), best bm25 first
/// then newest, at most `limit`, chosen among the `ranked` most recently added matches
/// (rowid order is id order within a kind; ranking every match costs too much, see
/// `store::search::RANKED`).
pub(crate) fn matches(conn: &Connection, expr: &str, limit: usize, ranked: usize) -> Result<Vec<Match>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, account_id, day FROM (SELECT rowid, rank AS score, account_id, day FROM {TABLE} \
         WHERE {TABLE} MATCH ?1 ORDER BY rowid DESC LIMIT ?3) ORDER BY score, day DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![expr, limit as i64, ranked as i64], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<String>>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (rowid, account, day) = row?;
        if let Some((kind, id)) = decode(rowid) {
            out.push((kind, id, account, day));
        }
    }
    Ok(out)
}

/// The SELECT that `Store::dump` lists the index by: each row's rowid, account and day,
/// and its terms in order (read through an `fts5vocab` table in `temp`, as the contentless
/// index keeps no text), so a dump tells two indexes apart by what they would find.
pub(crate) fn dump_sql(conn: &Connection) -> Result<String> {
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_terms USING fts5vocab(main, {TABLE}, instance)"
    ))?;
    Ok(format!(
        "SELECT s.rowid, s.account_id, s.day, t.terms FROM {TABLE} s LEFT JOIN \
         (SELECT doc, group_concat(term, ' ' ORDER BY col, offset) AS terms FROM temp.{TABLE}_terms \
         GROUP BY doc) t ON t.doc = s.rowid ORDER BY 1"
    ))
}

/// How many records match `expr` in all (a search shows at most its limit of them).
pub(crate) fn count(conn: &Connection, expr: &str) -> Result<u64> {
    let mut stmt = conn.prepare_cached(&format!("SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH ?1"))?;
    Ok(stmt.query_row([expr], |r| r.get::<_, i64>(0))?.max(0) as u64)
}

/// A migration's hook: indexes the existing records of the kinds whose `Source::since` is
/// `since`. V6 and V10 (the index made, then made again, empty, so
/// nothing to delete: V6's index, which has content, would refuse `delete-all`) fill the
/// first kinds; V11 adds churn notes and referrals. Each migration fills only its own
/// kinds, so a file upgraded from any version ends with each record indexed once, and a
/// migration never reads a table that did not exist yet at its version.
pub(crate) fn migration_hook(since: i64) -> impl rusqlite_migration::MigrationHook {
    move |tx: &rusqlite::Transaction<'_>| {
        SOURCES
            .iter()
            .filter(|src| src.since == since)
            .try_for_each(|src| src.fill(tx, "1", None))
            .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
    }
}

#[cfg(test)]
#[path = "fts_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "fts_kinds_tests.rs"]
mod kinds_tests;

#[cfg(test)]
#[path = "fts_milestone_tests.rs"]
mod milestone_tests;
