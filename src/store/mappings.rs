//! Import mappings (`import_mapping`): the columns a user mapped by hand in the dashboard's
//! import preview, kept per kind and header set so the next file with the same headers is
//! read the same way (by the dashboard and by `radar import`). The store keeps them as
//! text; `interchange::saved` says what the kind, key and pairs mean.

use super::conn::{AnyReader, Tx, vals};
use super::tables::{Reader, import_mapping as t};
use super::{Result, Store, StoreError};
use chrono::NaiveDate;

/// One remembered mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMapping {
    pub id: i64,
    /// The import kind's id (`accounts`, `contacts`, …).
    pub kind: String,
    /// The header set it applies to (`interchange::saved::header_key`).
    pub header_key: String,
    /// The headers as the file wrote them (for `--list-mappings`).
    pub headers: Vec<String>,
    /// (header as written, field name or None to ignore the column).
    pub pairs: Vec<(String, Option<String>)>,
    pub created_on: NaiveDate,
    pub used_on: NaiveDate,
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Invalid(format!("{}: {e}", t::NAME))
}

fn read(r: &mut AnyReader<'_, '_>) -> Result<(i64, String, String, String, String, NaiveDate, NaiveDate)> {
    Ok((r.int()?, r.text()?, r.text()?, r.text()?, r.text()?, r.date()?, r.date()?))
}

fn build(
    (id, kind, header_key, headers, mapping, created_on, used_on): (
        i64,
        String,
        String,
        String,
        String,
        NaiveDate,
        NaiveDate,
    ),
) -> Result<SavedMapping> {
    Ok(SavedMapping {
        id,
        kind,
        header_key,
        headers: serde_json::from_str(&headers).map_err(json_err)?,
        pairs: serde_json::from_str(&mapping).map_err(json_err)?,
        created_on,
        used_on,
    })
}

impl Store {
    /// Every remembered mapping, the most recently used first.
    pub fn import_mappings(&self) -> Result<Vec<SavedMapping>> {
        self.conn.all(&t::select_all(), &[], read)?.into_iter().map(build).collect()
    }

    /// True when `kind` has any remembered mapping (cheap: an import asks before it reads
    /// a file's header a second time to look one up).
    pub fn has_import_mappings(&self, kind: &str) -> Result<bool> {
        let n = self.conn.one(&t::count_kind(), vals![kind], |r| r.int())?;
        Ok(n > 0)
    }

    /// The mapping remembered for `kind` and a header set.
    pub fn import_mapping(&self, kind: &str, header_key: &str) -> Result<Option<SavedMapping>> {
        let row = self.conn.first(&t::select_one(), vals![kind, header_key], read)?;
        row.map(build).transpose()
    }

    /// Remembers a mapping (replacing the one the kind and header set had); returns its id.
    pub fn save_import_mapping(
        &mut self,
        kind: &str,
        header_key: &str,
        headers: &[String],
        pairs: &[(String, Option<String>)],
        today: NaiveDate,
    ) -> Result<i64> {
        let headers = serde_json::to_string(headers).map_err(json_err)?;
        let mapping = serde_json::to_string(pairs).map_err(json_err)?;
        let tx = Tx::write(&self.conn)?;
        self.conn.exec(&t::upsert(), vals![kind, header_key, &headers, &mapping, today])?;
        let id = self.conn.one(
            &format!("SELECT id FROM {} WHERE kind = ?1 AND header_key = ?2", t::NAME),
            vals![kind, header_key],
            |r| r.int(),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Dates a mapping's last use.
    pub fn touch_import_mapping(&mut self, id: i64, today: NaiveDate) -> Result<()> {
        self.conn.exec(&t::touch(), vals![id, today])?;
        Ok(())
    }

    /// Forgets a mapping; false when there was none with that id.
    pub fn forget_import_mapping(&mut self, id: i64) -> Result<bool> {
        Ok(self.conn.exec(&t::delete(), vals![id])? > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn a_mapping_is_saved_found_replaced_touched_and_forgotten() {
        let mut s = Store::open_in_memory().unwrap();
        assert!(!s.has_import_mappings("accounts").unwrap());
        let headers = vec!["客户".to_string(), "Vertrag \u{1b}[31mEnde".to_string()];
        let pairs = vec![("客户".to_string(), Some("name".to_string())), ("Vertrag".to_string(), None)];
        let id = s.save_import_mapping("accounts", "k1", &headers, &pairs, day(1)).unwrap();
        assert!(s.has_import_mappings("accounts").unwrap());
        assert!(!s.has_import_mappings("contacts").unwrap());
        let m = s.import_mapping("accounts", "k1").unwrap().unwrap();
        assert_eq!(
            (m.id, &m.headers, &m.pairs, m.created_on, m.used_on),
            (id, &headers, &pairs, day(1), day(1))
        );
        assert_eq!(s.import_mapping("contacts", "k1").unwrap(), None, "kinds are apart");

        // The same kind and header set: replaced in place, id and creation date kept.
        let other = vec![("客户".to_string(), Some("owner".to_string()))];
        assert_eq!(s.save_import_mapping("accounts", "k1", &headers, &other, day(5)).unwrap(), id);
        let m = s.import_mapping("accounts", "k1").unwrap().unwrap();
        assert_eq!((m.pairs, m.created_on, m.used_on), (other, day(1), day(5)));

        let id2 = s.save_import_mapping("accounts", "k2", &headers, &pairs, day(3)).unwrap();
        s.touch_import_mapping(id2, day(9)).unwrap();
        let all: Vec<i64> = s.import_mappings().unwrap().iter().map(|m| m.id).collect();
        assert_eq!(all, vec![id2, id], "the most recently used first");

        assert!(s.forget_import_mapping(id).unwrap());
        assert!(!s.forget_import_mapping(id).unwrap(), "already gone");
        assert_eq!(s.import_mappings().unwrap().len(), 1);
    }
}
