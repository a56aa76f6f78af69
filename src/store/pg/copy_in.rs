//! The bulk path of `radar team import-solo`: each table's rows go in by binary COPY, in
//! chunks, inside the import's one transaction. PostgreSQL refuses `COPY FROM` into a
//! table under row security, so a chunk is copied into a temporary table and moved on by
//! one `INSERT … SELECT`: the row checks, foreign keys and the change-log trigger run as
//! for any insert (the trigger once per statement, not once per row). New ids are
//! reserved from the table's identity sequence a chunk at a time, so the rows that name a
//! moved row are renumbered before they are sent.

use super::error::pg_err;
use super::values::{PgBinder, Remap};
use crate::store::conn::{Conn, vals};
use crate::store::tables::{Binder, Reader, Table, Ty, ident};
use crate::store::{Result, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};

/// Rows read from the solo file and sent per COPY: bounded memory on both sides (a 100k
/// book has over a million milestones).
const CHUNK: i64 = 20_000;

/// Moves every `T` row of the solo file; returns how many.
pub(super) fn move_rows<T: Table>(
    tx: &mut Transaction<'_>,
    solo: &Conn,
    remap: &mut Remap,
    owner: &str,
) -> Result<usize> {
    let span = format!("SELECT min(id), max(id) FROM {}", T::NAME);
    let (lo, hi) = solo.one(&span, vals![], |r| Ok((r.opt_int()?, r.opt_int()?)))?;
    let (Some(lo), Some(hi)) = (lo, hi) else { return Ok(0) };
    let tmp = format!("moving_{}", T::NAME);
    let mut cols: Vec<String> = T::COLS.iter().map(|c| ident(c.name)).collect();
    let mut types: Vec<Type> = T::COLS.iter().map(|c| pg_type(c.ty)).collect();
    let account = T::NAME == "account";
    if account {
        // The owner login rides along as one more column.
        cols.push("owner_login".into());
        types.push(Type::NAME);
    }
    let cols = cols.join(", ");
    tx.batch_execute(&format!("CREATE TEMP TABLE {tmp} (LIKE radar.{}) ON COMMIT DROP", T::NAME))
        .map_err(pg_err)?;
    let copy = format!("COPY {tmp} ({cols}) FROM STDIN (FORMAT binary)");
    let insert = format!("INSERT INTO radar.{} ({cols}) SELECT {cols} FROM {tmp}", T::NAME);
    let reserve = format!(
        "SELECT nextval(pg_get_serial_sequence('radar.{}', 'id')) FROM generate_series(1, $1::bigint)",
        T::NAME
    );
    let read = format!("SELECT {} FROM {} WHERE id >= ?1 AND id < ?2 ORDER BY id", T::sql().select, T::NAME);
    let named = Remap::is_named(T::NAME);
    let mut moved = 0;
    let mut from = lo;
    while from <= hi {
        let to = from.saturating_add(CHUNK);
        let rows = solo.all(&read, vals![from, to], |r| T::read(r))?;
        from = to;
        if rows.is_empty() {
            continue;
        }
        let n = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        let ids: Vec<i64> = tx.query(&reserve, &[&n]).map_err(pg_err)?.iter().map(|r| r.get(0)).collect();
        if named {
            // Later tables (and this one's later chunks) name these rows by their old ids.
            let map = remap.ids.entry(T::NAME).or_default();
            for (t, new) in rows.iter().zip(&ids) {
                map.insert(old_id(t), *new);
            }
        }
        let sink = tx.copy_in(copy.as_str()).map_err(pg_err)?;
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        for (t, new) in rows.iter().zip(&ids) {
            let mut b = PgBinder::moved::<T>(remap, *new);
            t.bind(&mut b);
            let mut vals = b.finish()?;
            if account {
                vals.push(Box::new(owner));
            }
            let refs: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|v| v.as_ref() as _).collect();
            writer.write(&refs).map_err(pg_err)?;
        }
        writer.finish().map_err(pg_err)?;
        tx.execute(insert.as_str(), &[]).map_err(|e| refused(e, owner))?;
        tx.batch_execute(&format!("TRUNCATE {tmp}")).map_err(pg_err)?;
        moved += rows.len();
    }
    tx.batch_execute(&format!("DROP TABLE {tmp}")).map_err(pg_err)?;
    Ok(moved)
}

fn pg_type(ty: Ty) -> Type {
    match ty {
        Ty::Int => Type::INT8,
        Ty::Text => Type::TEXT,
        Ty::Date => Type::DATE,
        Ty::Stamp => Type::TIMESTAMP,
        Ty::Bool => Type::BOOL,
    }
}

/// Row security said no: the importer may not write accounts for that owner.
fn refused(e: postgres::Error, owner: &str) -> StoreError {
    match e.as_db_error() {
        Some(db) if db.code().code() == "42501" => StoreError::Team(format!(
            "you may not import accounts for {owner}: {} (a lead may)",
            db.message()
        )),
        _ => pg_err(e),
    }
}

/// A row's stored id: the first value it binds (`COLS` starts with the id).
fn old_id<T: Table>(t: &T) -> i64 {
    let mut first = FirstInt(None);
    t.bind(&mut first);
    first.0.unwrap_or(0)
}

struct FirstInt(Option<i64>);

impl<'a> Binder<'a> for FirstInt {
    fn int(&mut self, v: i64) {
        self.0.get_or_insert(v);
    }
    fn text(&mut self, _: &'a str) {
        self.0.get_or_insert(0);
    }
    fn date(&mut self, _: NaiveDate) {
        self.0.get_or_insert(0);
    }
    fn stamp(&mut self, _: NaiveDateTime) {
        self.0.get_or_insert(0);
    }
    fn flag(&mut self, _: bool) {
        self.0.get_or_insert(0);
    }
    fn null(&mut self, _: Ty) {
        self.0.get_or_insert(0);
    }
}
