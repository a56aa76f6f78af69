//! `radar search` and the dashboard's search on a team database. SQLite has its full-text
//! index (`sqlite::fts`); here every term must occur in the record's prose, case folded,
//! read under row security like everything else (a CSM finds only what they may see).
//! No ranking: newest first.

use super::conn::PgConn;
use crate::domain::search_text::Term;
use crate::store::Result;
use crate::store::conn::Val;
use crate::store::sqlite::fts::{Match, SOURCES, Source};
use crate::store::tables::Reader;

/// The record's day as ISO text (SQLite's expressions read text dates; here they are dates).
fn day(src: &Source) -> String {
    let col = src.date.trim_start_matches("substr(").split(',').next().unwrap_or(src.date);
    format!("CAST(CAST({col} AS date) AS text)")
}

/// `count` true: one row with the number of matches; else the matches, newest first.
fn query(src: &Source, terms: usize, count: bool) -> String {
    let hay: Vec<String> = src.text.iter().map(|c| format!("coalesce({c}, '')")).collect();
    let hay = format!("lower({})", hay.join(" || ' ' || "));
    let all: Vec<String> = (1..=terms).map(|i| format!("strpos({hay}, ?{i}) > 0")).collect();
    let (what, tail) = if count {
        ("count(*)".to_string(), String::new())
    } else {
        (format!("id, {}, {}", src.account, day(src)), format!(" ORDER BY id DESC LIMIT ?{}", terms + 1))
    };
    format!("SELECT {what} FROM {} WHERE {}{}{tail}", src.kind.table(), all.join(" AND "), src.only_and())
}

pub(crate) fn matches(conn: &PgConn, terms: &[Term], limit: usize) -> Result<Vec<Match>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut out: Vec<Match> = Vec::new();
    for src in SOURCES {
        let mut vals: Vec<Val<'_>> = terms.iter().map(|t| Val::Text(&t.text)).collect();
        vals.push(Val::Int(limit));
        for row in conn.rows(&query(src, terms.len(), false), &vals)? {
            let mut r = super::values::PgReader::new(&row);
            out.push((src.kind, r.int()?, r.int()?, r.opt_text()?));
        }
    }
    out.sort_by(|a, b| b.3.cmp(&a.3).then(b.1.cmp(&a.1)));
    out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(out)
}

pub(crate) fn count(conn: &PgConn, terms: &[Term]) -> Result<u64> {
    let mut n = 0;
    for src in SOURCES {
        let vals: Vec<Val<'_>> = terms.iter().map(|t| Val::Text(&t.text)).collect();
        for row in conn.rows(&query(src, terms.len(), true), &vals)? {
            n += u64::try_from(super::values::PgReader::new(&row).int()?).unwrap_or(0);
        }
    }
    Ok(n)
}
