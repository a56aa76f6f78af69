//! Shell completion's question: which accounts start with what was typed.

use super::conn::vals;
use super::tables::Reader;
use super::{Result, Store};

impl Store {
    /// External ids, then names, starting with `prefix` (case as typed), each list sorted,
    /// at most `limit` in all. Range scans on the `external_id` and `name` indexes, so a
    /// 100k portfolio answers a keystroke at once.
    pub fn completion_keys(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        // Every text starting with `prefix` sorts in [prefix, prefix + U+10FFFF).
        let upper = format!("{prefix}\u{10FFFF}");
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut out = Vec::new();
        for sql in [
            "SELECT external_id FROM account WHERE external_id >= ?1 AND external_id < ?2 \
             ORDER BY external_id LIMIT ?3",
            "SELECT DISTINCT name FROM account WHERE name >= ?1 AND name < ?2 ORDER BY name LIMIT ?3",
        ] {
            let left = limit - out.len() as i64;
            if left <= 0 {
                break;
            }
            out.extend(self.conn.all(sql, vals![prefix, &upper, left], |r| r.text())?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::demo::{self, DemoOptions};
    use crate::store::Store;
    use chrono::NaiveDate;

    fn store() -> Store {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut s = Store::open_in_memory().unwrap();
        let opts = DemoOptions { accounts: 40, seed: 1, today };
        let mut facts = demo::generate_range(&opts, 0..40).unwrap();
        s.insert_facts(&mut facts, false).unwrap();
        s
    }

    #[test]
    fn ids_then_names_by_prefix() {
        let s = store();
        let all = s.completion_keys("", 1000).unwrap();
        let (ids, names): (Vec<_>, Vec<_>) = all.iter().partition(|k| k.starts_with("ACC-"));
        assert_eq!(ids.len(), 40, "{all:?}");
        // Names once each (two accounts may share one), after the ids.
        assert!(names.len() >= 35 && names.len() <= 40, "{names:?}");
        assert!(all[..40].iter().all(|k| k.starts_with("ACC-")));
        let ids = s.completion_keys("ACC-00001", 100).unwrap();
        assert_eq!(ids.len(), 10, "{ids:?}");
        assert!(ids.iter().all(|k| k.starts_with("ACC-00001")));
        let names = s.completion_keys("成都天府", 100).unwrap();
        assert_eq!(names, vec!["成都天府云图信息技术有限公司".to_string()]);
        assert_eq!(s.completion_keys("ACC", 3).unwrap().len(), 3);
        assert!(s.completion_keys("\u{1b}[2J", 10).unwrap().is_empty());
        assert!(s.completion_keys("zzz", 10).unwrap().is_empty());
    }
}
