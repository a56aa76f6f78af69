//! `import_mapping`: column mappings remembered from the dashboard's import preview (see
//! `store::mappings`). Not a `Table`: a setting, not an undoable record of the portfolio,
//! so its few statements are written here from `COLS`.

use super::Col;

pub(crate) const NAME: &str = "import_mapping";
pub(crate) const COLS: &[Col] = &[
    Col::int("id"),
    Col::text("kind"),
    Col::text("header_key"),
    Col::text("headers"),
    Col::text("mapping"),
    Col::date("created_on"),
    Col::date("used_on"),
];

fn names() -> String {
    COLS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

/// Every mapping, the most recently used first.
pub(crate) fn select_all() -> String {
    format!("SELECT {} FROM {NAME} ORDER BY used_on DESC, id DESC", names())
}

/// The mapping of one kind and header set.
pub(crate) fn select_one() -> String {
    format!("SELECT {} FROM {NAME} WHERE kind = ?1 AND header_key = ?2", names())
}

/// How many mappings a kind has (an import of that kind looks for one only if any).
pub(crate) fn count_kind() -> String {
    format!("SELECT count(*) FROM {NAME} WHERE kind = ?1")
}

/// Saves a kind and header set's mapping, replacing the one it had (its id and creation
/// date kept).
pub(crate) fn upsert() -> String {
    format!(
        "INSERT INTO {NAME} (kind, header_key, headers, mapping, created_on, used_on) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?5) \
         ON CONFLICT (kind, header_key) DO UPDATE SET headers = ?3, mapping = ?4, used_on = ?5"
    )
}

pub(crate) fn touch() -> String {
    format!("UPDATE {NAME} SET used_on = ?2 WHERE id = ?1")
}

pub(crate) fn delete() -> String {
    format!("DELETE FROM {NAME} WHERE id = ?1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_map_is_the_table_and_every_statement_prepares() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::sqlite::schema::MIGRATIONS.to_latest(&mut conn).unwrap();
        let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid").unwrap();
        let have: Vec<String> =
            stmt.query_map([NAME], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        assert_eq!(have, COLS.iter().map(|c| c.name).collect::<Vec<_>>());
        for s in [select_all(), select_one(), count_kind(), upsert(), touch(), delete()] {
            conn.prepare(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    }
}
