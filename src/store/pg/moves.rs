//! Moving a book between the two engines, each in one transaction: `radar team pull`
//! (what the user may see, into a new solo file) and `radar team import-solo` (a solo
//! file into the team database under one owner; ids renumbered, links kept).

use super::copy_in;
use super::error::pg_err;
use super::team::Team;
use super::values::{PgReader, Remap};
use crate::domain::change::{Row, RowKind};
use crate::domain::money::FxRate;
use crate::store::conn::Tx;
use crate::store::tables::{Reader, Table, fx_rate, with_kind};
use crate::store::{Result, Store, StoreError, rows};
use std::path::Path;

/// How many rows of each table were moved, in move order.
pub type Counts = Vec<(&'static str, usize)>;

/// Parents before the rows that name them (requirements before the terms whose churn
/// they name, contacts and touchpoints before tasks).
const IMPORT_ORDER: [RowKind; 12] = [
    RowKind::Account,
    RowKind::Contact,
    RowKind::Requirement,
    RowKind::Transition,
    RowKind::Term,
    RowKind::Promise,
    RowKind::Complaint,
    RowKind::Usage,
    RowKind::Milestone,
    RowKind::Touchpoint,
    RowKind::Task,
    RowKind::Referral,
];

impl Team {
    /// `radar team import-solo FILE --owner LOGIN`: every row of the solo file, in one
    /// transaction (all or nothing), the accounts owned by `owner`.
    pub fn import_solo(&mut self, file: &Path, owner: &str) -> Result<Counts> {
        let solo = Store::open_for_reading(file)?;
        let mut tx = self.client.transaction().map_err(pg_err)?;
        let known = tx
            .query_opt("SELECT 1 FROM radar.csm WHERE login = $1::text::name", &[&owner])
            .map_err(pg_err)?;
        if known.is_none() {
            return Err(StoreError::Team(format!(
                "--owner {owner}: no team member of that name (radar team add-user)"
            )));
        }
        let (mut remap, mut counts) = (Remap::default(), Counts::new());
        for kind in IMPORT_ORDER {
            let n = with_kind!(kind, T => copy_in::move_rows::<T>(&mut tx, &solo.conn, &mut remap, owner))?;
            counts.push((kind.table(), n));
        }
        // Team-wide settings: the team's own entry wins over the file's.
        let rates = solo.fx_rates()?;
        for r in &rates {
            let (c, b, m) = (r.currency.code(), r.base.code(), r.rate.micro());
            tx.execute(
                "INSERT INTO radar.fx_rate (currency, base, valid_from, rate_micro) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&c, &b, &r.from, &m],
            )
            .map_err(|e| settings_err(e, "exchange rates"))?;
        }
        counts.push(("fx_rate", rates.len()));
        let fixed = solo.fixed_reasons()?;
        for f in &fixed {
            let id = crate::domain::Choice::id(f.reason);
            tx.execute(
                "INSERT INTO radar.fixed_reason (reason, fixed_on, note) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&id, &f.fixed_on, &f.note],
            )
            .map_err(|e| settings_err(e, "fixed churn reasons"))?;
        }
        counts.push(("fixed_reason", fixed.len()));
        tx.commit().map_err(pg_err)?;
        // Statistics for the plans of the first reads (radar.analyze_book). The move is
        // committed either way: without them autovacuum gathers them a little later.
        let _ = self.client.batch_execute("SELECT radar.analyze_book()");
        Ok(counts)
    }

    /// `radar team pull --out FILE`: every row the user may see, from one snapshot, into a
    /// new solo file (ids kept), written beside and renamed into place when complete.
    pub fn pull(&mut self, out: &Path) -> Result<Counts> {
        if out.exists() {
            return Err(StoreError::Invalid(format!(
                "{}: already exists; choose a new file name",
                out.display()
            )));
        }
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(pg_err)?;
        let mut all: Vec<(RowKind, Vec<Row>)> = Vec::new();
        for kind in RowKind::ALL {
            all.push((kind, with_kind!(kind, T => read_all::<T>(&mut tx))?));
        }
        let mut rates = Vec::new();
        for r in tx
            .query("SELECT currency, base, valid_from, rate_micro FROM radar.fx_rate ORDER BY 1, 2, 3", &[])
            .map_err(pg_err)?
        {
            rates.push(fx_rate::read(&mut PgReader::new(&r))?);
        }
        let mut fixed = Vec::new();
        for r in tx
            .query("SELECT reason, fixed_on, note FROM radar.fixed_reason ORDER BY reason", &[])
            .map_err(pg_err)?
        {
            let mut rd = PgReader::new(&r);
            fixed.push((rd.choice::<crate::domain::ChurnReason>()?, rd.date()?, rd.text()?));
        }
        tx.commit().map_err(pg_err)?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = out.with_file_name(format!(".{name}.pulling"));
        let _ = std::fs::remove_file(&tmp);
        let written = write_solo(&tmp, &all, &rates, &fixed);
        match written.and_then(|()| {
            std::fs::rename(&tmp, out).map_err(|e| StoreError::Io(format!("{}: {e}", out.display())))
        }) {
            Ok(()) => {
                let mut counts: Counts = all.iter().map(|(k, r)| (k.table(), r.len())).collect();
                counts.extend([("fx_rate", rates.len()), ("fixed_reason", fixed.len())]);
                Ok(counts)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}

type Fixed = (crate::domain::ChurnReason, chrono::NaiveDate, String);

fn write_solo(path: &Path, all: &[(RowKind, Vec<Row>)], rates: &[FxRate], fixed: &[Fixed]) -> Result<()> {
    let mut store = Store::open(path)?;
    let tx = Tx::write(&store.conn)?;
    for (_, rows) in all {
        for row in rows {
            rows::insert(&store.conn, row)?;
        }
    }
    tx.commit()?;
    // A new file not yet in place: these separate commits are still all or nothing.
    for r in rates {
        store.set_fx_rate(r)?;
    }
    for (reason, on, note) in fixed {
        store.set_fixed_reason(*reason, *on, note)?;
    }
    Ok(())
}

fn settings_err(e: postgres::Error, what: &str) -> StoreError {
    match e.as_db_error() {
        Some(db) if db.code().code() == "42501" => StoreError::Team(format!(
            "the file has {what}, which only a team lead may add: ask your lead to run the import"
        )),
        _ => pg_err(e),
    }
}

fn read_all<T: Table>(tx: &mut postgres::Transaction<'_>) -> Result<Vec<Row>> {
    let sql = format!("SELECT {} FROM radar.{} ORDER BY id", T::sql().select, T::NAME);
    let mut out = Vec::new();
    for r in tx.query(&sql, &[]).map_err(pg_err)? {
        out.push(T::read(&mut PgReader::new(&r))?.into_row());
    }
    Ok(out)
}
