//! Exchange rates (`fx_rate`): read, set, removed, and restored by a JSON import.

use super::conn::{Conn, Tx, vals};
use super::import::ImportTx;
use super::tables::{Reader, fx_rate};
use super::{Result, Store};
use crate::domain::Currency;
use crate::domain::money::{Converter, FxRate};
use chrono::NaiveDate;

impl Store {
    /// Every exchange rate, by currency, base and date.
    pub fn fx_rates(&self) -> Result<Vec<FxRate>> {
        read_all(&self.conn)
    }

    /// The converter into `target` (None: the currency most accounts are billed in) with
    /// every rate of the file.
    pub fn converter(&self, target: Option<Currency>) -> Result<Converter> {
        let target = match target {
            Some(c) => c,
            None => self.main_currency()?.unwrap_or(Currency::CNY),
        };
        Ok(Converter::new(target, self.fx_rates()?))
    }

    /// Sets a rate (replacing the pair's rate of the same day); true when one was replaced.
    /// Triage priorities weigh ARR at these rates: the cached scores' stamp names the rates
    /// they were weighed at (`domain::risk::rules_stamp`), so they are no longer current.
    pub fn set_fx_rate(&mut self, r: &FxRate) -> Result<bool> {
        let tx = Tx::write(&self.conn)?;
        let existed = exists(&self.conn, r.currency, r.base, r.from)?;
        put(&self.conn, r)?;
        super::conn::book_changed(&self.conn)?;
        tx.commit()?;
        Ok(existed)
    }

    /// Removes the pair's rate of day `from`; false when there was none.
    pub fn remove_fx_rate(&mut self, currency: Currency, base: Currency, from: NaiveDate) -> Result<bool> {
        let tx = Tx::write(&self.conn)?;
        let n = self.conn.exec(&fx_rate::delete(), vals![currency.code(), base.code(), from])?;
        super::conn::book_changed(&self.conn)?;
        tx.commit()?;
        Ok(n > 0)
    }
}

impl ImportTx<'_> {
    /// Writes the rates of a JSON export inside the import's transaction.
    pub fn put_fx_rates(&self, rates: &[FxRate]) -> Result<()> {
        for r in rates {
            put(&self.store().conn, r)?;
        }
        Ok(())
    }
}

/// Every rate, in (currency, base, valid_from) order.
pub(crate) fn read_all(conn: &Conn) -> Result<Vec<FxRate>> {
    conn.all(&fx_rate::select_all(), &[], |r| fx_rate::read(r))
}

fn put(conn: &Conn, r: &FxRate) -> Result<()> {
    conn.exec(&fx_rate::upsert(), vals![r.currency.code(), r.base.code(), r.from, r.rate.micro()])?;
    Ok(())
}

fn exists(conn: &Conn, currency: Currency, base: Currency, from: NaiveDate) -> Result<bool> {
    let sql = format!(
        "SELECT count(*) FROM {} WHERE currency = ?1 AND base = ?2 AND valid_from = ?3",
        fx_rate::NAME
    );
    let n = conn.one(&sql, vals![currency.code(), base.code(), from], |r| r.int())?;
    Ok(n > 0)
}
