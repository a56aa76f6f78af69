//! The book's requirement deliveries, for win-back candidates (`domain::winback`): one
//! query over every account, since a feature delivered for one customer is delivered for
//! all, and a churned account's cause may be met by another account's request.

use super::conn::{Conn, Tx, vals};
use super::import::ImportTx;
use super::tables::Reader;
use super::{Result, Store};
use crate::domain::winback::{Deliveries, FixedReason};
use crate::domain::{Choice, ChurnReason};
use chrono::NaiveDate;

impl Store {
    /// Every requirement that reached delivered (or closed), with the day it first did.
    pub fn deliveries(&self) -> Result<Deliveries> {
        let pairs = self.conn.all(
            "SELECT r.title, min(t.at) FROM requirement r \
             JOIN requirement_transition t ON t.requirement_id = r.id \
             WHERE t.status IN ('delivered', 'closed') GROUP BY r.id",
            &[],
            |r| Ok((r.text()?, r.stamp()?.date())),
        )?;
        Ok(Deliveries::new(pairs))
    }
}

impl Store {
    /// The churn reasons marked fixed: (reason, fixed on, note), by reason.
    pub fn fixed_reasons(&self) -> Result<Vec<FixedReason>> {
        self.conn.all("SELECT reason, fixed_on, note FROM fixed_reason ORDER BY reason", &[], |r| {
            Ok(FixedReason { reason: r.choice()?, fixed_on: r.date()?, note: r.text()? })
        })
    }

    /// Marks `reason` fixed on `on` (again: the new day and note replace the old).
    pub fn set_fixed_reason(&mut self, reason: ChurnReason, on: NaiveDate, note: &str) -> Result<()> {
        let tx = Tx::write(&self.conn)?;
        put_fixed(&self.conn, reason, on, note)?;
        super::conn::book_changed(&self.conn)?;
        tx.commit()
    }

    /// Takes back a reason marked fixed; false if it was not.
    pub fn unfix_reason(&mut self, reason: ChurnReason) -> Result<bool> {
        let tx = Tx::write(&self.conn)?;
        let n = self.conn.exec("DELETE FROM fixed_reason WHERE reason = ?1", vals![reason.id()])?;
        super::conn::book_changed(&self.conn)?;
        tx.commit()?;
        Ok(n > 0)
    }
}

impl ImportTx<'_> {
    /// Writes the fixed churn reasons of a JSON export inside the import's transaction.
    pub fn put_fixed_reasons(&self, fixed: &[FixedReason]) -> Result<()> {
        for f in fixed {
            put_fixed(&self.store().conn, f.reason, f.fixed_on, &f.note)?;
        }
        Ok(())
    }
}

fn put_fixed(conn: &Conn, reason: ChurnReason, on: NaiveDate, note: &str) -> Result<()> {
    conn.exec(
        "INSERT INTO fixed_reason (reason, fixed_on, note) VALUES (?1, ?2, ?3) \
         ON CONFLICT (reason) DO UPDATE SET fixed_on = excluded.fixed_on, note = excluded.note",
        vals![reason.id(), on, note],
    )?;
    Ok(())
}
