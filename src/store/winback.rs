//! The book's requirement deliveries, for win-back candidates (`domain::winback`): one
//! query over every account, since a feature delivered for one customer is delivered for
//! all, and a churned account's cause may be met by another account's request.

use super::sqlite::bind::LiteReader;
use super::tables::Reader;
use super::{Result, Store};
use crate::domain::winback::Deliveries;

impl Store {
    /// Every requirement that reached delivered (or closed), with the day it first did.
    pub fn deliveries(&self) -> Result<Deliveries> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.title, min(t.at) FROM requirement r \
             JOIN requirement_transition t ON t.requirement_id = r.id \
             WHERE t.status IN ('delivered', 'closed') GROUP BY r.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut pairs = Vec::new();
        while let Some(row) = rows.next()? {
            let mut r = LiteReader::new(row);
            pairs.push((r.text()?, r.stamp()?.date()));
        }
        Ok(Deliveries::new(pairs))
    }
}
