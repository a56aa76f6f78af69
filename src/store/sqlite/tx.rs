//! What only SQLite's transactions do: a commit without its fsync for derived data, and
//! a second read-only connection to the same file (the recompute's helper thread).
//! Transactions themselves are `conn::Tx`, for both engines.

use crate::store::conn::{Conn, Tx};
use crate::store::{Result, Store};

impl Store {
    /// Runs `f` with each commit's fsync skipped, for derived data only (the risk cache:
    /// after a power cut it may lose the commit, never be half written), then makes every
    /// later commit durable again. PostgreSQL: as it is (the server decides durability).
    pub(crate) fn without_fsync<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let Some(c) = self.conn.as_lite() else { return f(self) };
        c.pragma_update(None, "synchronous", "NORMAL")?;
        let result = f(self);
        let restored = self.conn.lite()?.pragma_update(None, "synchronous", "FULL");
        let out = result?;
        restored?;
        Ok(out)
    }
}

/// Runs `f` on a second, read-only connection to `path`, in one read transaction (the
/// recompute's helper thread scores half the portfolio on it).
pub(crate) fn with_reader<T>(path: &std::path::Path, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
    let conn = Conn::Lite(super::read_only::open_reader(path, false)?);
    let read = Tx::read(&conn)?;
    let out = f(&conn)?;
    read.finish()?;
    Ok(out)
}
