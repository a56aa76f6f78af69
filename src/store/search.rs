//! Finding any record by a word: the full-text index (`sqlite::fts`) asked with a query
//! normalised like the stored text (`domain::search_text`), the best matches read back
//! from their own tables for the account's name and the snippet.

use super::conn::{Tx, vals};
use super::sqlite::fts::{self, KINDS, SOURCES};
use super::tables::Reader;
use super::{Result, Store};
use crate::domain::search_text::{Snippet, Term, match_expr, query_terms, snippet};
use crate::domain::{AccountId, RowKind};
use chrono::NaiveDate;

/// One record a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: RowKind,
    pub id: i64,
    pub account: AccountId,
    pub account_name: String,
    /// The record's day (a touchpoint's date, a promise's, when a complaint was raised…).
    pub date: Option<NaiveDate>,
    pub snippet: Snippet,
}

impl SearchHit {
    /// The i18n key naming what was found: the kind, except a contract term, which only its
    /// churn note finds (`fts::SOURCES`), so it is named as that.
    pub fn kind_key(&self) -> String {
        match self.kind {
            RowKind::Term => "edit.found.term".to_string(),
            k => format!("edit.kind.{}", k.table()),
        }
    }
}

/// Most results a search returns however many match.
pub const MAX_LIMIT: usize = 500;

/// Of the records a query matches, at most this many (the most recently added: highest
/// ids first) are ranked. Ranking costs a bm25 score and a date per match: a word in 90,000
/// notes of the 100k demo took 160-430 ms to rank in full, 2,000 take a few ms (the
/// target is 50 ms for a whole search).
pub const RANKED: usize = 2_000;

impl Store {
    /// Records matching every word of `query`, most relevant first (FTS5's bm25), then
    /// newest; at most `limit` (capped at `MAX_LIMIT`), chosen among the `RANKED` most
    /// recently added matches. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let terms = query_terms(query);
        let Some(expr) = match_expr(&terms) else { return Ok(Vec::new()) };
        let limit = limit.min(MAX_LIMIT);
        let found = match self.conn.as_pg() {
            Some(pg) => super::pg::search::matches(pg, &terms, limit)?,
            None => fts::matches(self.conn.lite()?, &expr, limit, RANKED)?,
        };
        let mut hits = Vec::with_capacity(found.len());
        for (kind, id, account, day) in found {
            let Some(text) = self.record_text(kind, id)? else { continue };
            let account_name = self
                .conn
                .first("SELECT name FROM account WHERE id = ?1", vals![account], |r| r.text())?
                .unwrap_or_default();
            hits.push(SearchHit {
                kind,
                id,
                account: AccountId(account),
                account_name: crate::domain::text::clean_line(&account_name),
                date: day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                snippet: best_snippet(&text, &terms),
            });
        }
        Ok(hits)
    }

    /// How many records match every word of `query` in all, however many `search` shows.
    pub fn search_total(&self, query: &str) -> Result<u64> {
        let terms = query_terms(query);
        let Some(expr) = match_expr(&terms) else { return Ok(0) };
        match self.conn.as_pg() {
            Some(pg) => super::pg::search::count(pg, &terms),
            None => fts::count(self.conn.lite()?, &expr),
        }
    }

    /// Rebuilds the whole full-text index from the records (a file changed by another
    /// program). One transaction.
    pub fn reindex(&mut self) -> Result<()> {
        // A team database has no index to rebuild (its search reads the records).
        let Some(lite) = self.conn.as_lite() else { return Ok(()) };
        let tx = Tx::deferred(&self.conn)?;
        fts::rebuild(lite)?;
        tx.commit()?;
        Ok(())
    }

    /// The prose columns of one record, in `Source::text` order (None: gone).
    fn record_text(&self, kind: RowKind, id: i64) -> Result<Option<Vec<String>>> {
        let Some(src) = SOURCES.iter().find(|s| s.kind == kind) else { return Ok(None) };
        let cols: Vec<String> = src.text.iter().map(|c| format!("coalesce({c}, '')")).collect();
        let sql = format!("SELECT {} FROM {} WHERE id = ?1", cols.join(", "), kind.table());
        self.conn.first(&sql, vals![id], |r| (0..src.text.len()).map(|_| r.text()).collect())
    }
}

/// The snippet of the first text column a term occurs in (else of the first non-empty one).
fn best_snippet(texts: &[String], terms: &[Term]) -> Snippet {
    let texts: Vec<&String> = texts.iter().filter(|t| !t.trim().is_empty()).collect();
    texts
        .iter()
        .map(|t| snippet(t, terms))
        .find(|s| !s.hit.is_empty())
        .or_else(|| texts.first().map(|t| snippet(t, terms)))
        .unwrap_or_default()
}

// Rowids pack the kind into the low bits; a kind's code must fit.
const _: () = {
    let mut i = 0;
    while i < SOURCES.len() {
        assert!(SOURCES[i].code > 0 && SOURCES[i].code < KINDS);
        i += 1;
    }
};

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
