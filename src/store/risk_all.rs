//! The full risk recompute (issue 19 item 4: 100k accounts ≤ 0.8 s on two cores).
//!
//! Reading and scoring the facts is most of the work; writing the cache is the rest and
//! must happen on the connection holding the write transaction. So a large file is cut
//! into chunks of accounts (by id) that two threads take in turn: this one (which also
//! writes) and a helper reading on a second, read-only connection. Whichever thread is
//! free takes the next chunk, so the writes do not leave the helper idle at the end nor
//! this thread behind. Chunks are written in id order.

use super::conn::{Conn, Tx};
use super::risk::{RiskRow, RiskWriter};
use super::scan::{Parts, scan_range};
use super::sqlite::tx::with_reader;
use super::tables::Reader;
use super::{Result, Store};
use crate::domain::AccountFacts;
use crate::domain::risk::Assessment;
use chrono::NaiveDate;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// From this many accounts on, a full recompute reads and scores on two threads.
const PARALLEL_FROM: i64 = 5_000;

/// How many chunks a large portfolio is cut into (~1,600 accounts each at 100k): small
/// enough that the thread that finishes first waits little for the other.
const CHUNKS: i64 = 64;

/// What scores one account into its cache row.
type Score<'s> = dyn Fn(&AccountFacts) -> Result<RiskRow> + Sync + 's;

/// How each chunk is read (`Parts::scoring_on` the day scored) and scored.
#[derive(Clone, Copy)]
struct Job<'a, 's> {
    parts: Parts,
    score: &'a Score<'s>,
}

impl Store {
    /// Scores every account with `score` and stores the results, reading and writing in
    /// one write transaction: an edit made by another process cannot slip between the read
    /// and the write and have its fresh score overwritten by a stale one. Other writers
    /// wait (busy handler) for the second or so a 100k portfolio takes.
    ///
    /// Facts are streamed one account at a time, only what the rules read
    /// (`Parts::scoring_on` the day). A large SQLite file is read on two threads (see the module).
    /// The helper's snapshot is the one this transaction sees: it starts after the write
    /// lock is taken, so nothing can commit in between.
    pub fn recompute_risk_all(
        &mut self,
        as_of: NaiveDate,
        rules: &str,
        score: impl Fn(&AccountFacts) -> (Assessment, i64) + Sync,
    ) -> Result<usize> {
        // The cache is derived: after a power cut it may lose this commit (its as_of then
        // says so and it is recomputed), never be half written. So no fsync of the 45 MB
        // of WAL this writes at 100k; FULL again for everything after.
        let row = |f: &AccountFacts| {
            let (a, p) = score(f);
            RiskRow::new(f, as_of, &a, p)
        };
        self.without_fsync(|s| s.recompute_risk_all_in_tx(as_of, rules, &row))
    }

    fn recompute_risk_all_in_tx(
        &mut self,
        as_of: NaiveDate,
        rules: &str,
        score: &Score<'_>,
    ) -> Result<usize> {
        let tx = Tx::write(&self.conn)?;
        let conn = &self.conn;
        // A second connection reads on its own snapshot: SQLite files only.
        let chunks = match (self.path.to_str(), conn) {
            (Some(crate::store::IN_MEMORY) | None, _) | (_, Conn::Pg(_)) => None,
            (Some(_), Conn::Lite(_)) => chunks(conn)?,
        };
        let mut write = RiskWriter::new(conn, as_of, rules)?;
        let job = Job { parts: Parts::scoring_on(as_of), score };
        let n = match chunks {
            None => scan_write(conn, (i64::MIN, i64::MAX), job, &mut write)?,
            Some(chunks) => {
                let path = &self.path;
                let board = Board::new(chunks.len());
                std::thread::scope(|s| {
                    s.spawn(|| helper(path, &chunks, job, &board));
                    lead(conn, &chunks, job, &board, &mut write)
                })?
            }
        };
        drop(write);
        tx.commit()?;
        Ok(n)
    }
}

/// The id ranges of the chunks, covering every id; None for a portfolio one thread does.
fn chunks(conn: &Conn) -> Result<Option<Vec<(i64, i64)>>> {
    let (n, lo, hi) = conn.one(
        "SELECT (SELECT count(*) FROM account), (SELECT min(id) FROM account), (SELECT max(id) FROM account)",
        &[],
        |r| Ok((r.int()?, r.opt_int()?, r.opt_int()?)),
    )?;
    Ok(match (lo, hi) {
        (Some(lo), Some(hi)) if n >= PARALLEL_FROM => Some(cut(lo, hi)),
        _ => None,
    })
}

/// `CHUNKS` id ranges, in order, without gaps: the first from `i64::MIN`, the last to
/// `i64::MAX`, the cuts spread evenly between `lo` and `hi`.
fn cut(lo: i64, hi: i64) -> Vec<(i64, i64)> {
    // In i128: the span of two i64s may not fit in one.
    let (lo, hi) = (i128::from(lo), i128::from(hi));
    let step = ((hi - lo) / i128::from(CHUNKS)).max(1) + 1;
    let mut out = Vec::new();
    let mut from = i128::from(i64::MIN);
    let mut to = lo + step - 1;
    while to < hi {
        out.push((from, to));
        from = to + 1;
        to += step;
    }
    out.push((from, i128::from(i64::MAX)));
    // Every bound lies between i64::MIN and hi: none is cut short.
    out.into_iter()
        .map(|(a, b)| (i64::try_from(a).unwrap_or(i64::MIN), i64::try_from(b).unwrap_or(i64::MAX)))
        .collect()
}

/// Reads, scores and writes the accounts of `range`; returns how many.
fn scan_write(
    conn: &Conn,
    range: (i64, i64),
    job: Job<'_, '_>,
    write: &mut RiskWriter<'_, '_>,
) -> Result<usize> {
    scan_range(conn, job.parts, range, |f| write.row(&(job.score)(&f)?))
}

/// Reads and scores the accounts of `range`, for writing later.
fn scan_rows(conn: &Conn, range: (i64, i64), job: Job<'_, '_>) -> Result<Vec<RiskRow>> {
    let mut rows = Vec::new();
    scan_range(conn, job.parts, range, |f| {
        rows.push((job.score)(&f)?);
        Ok(())
    })?;
    Ok(rows)
}

/// A chunk done but not yet written: its rows, or the helper's error (the chunk is then
/// read again on the writing connection, as is any chunk the helper never finished).
type Done = Option<Result<Vec<RiskRow>>>;

/// What the two threads share: the next chunk to take, and the chunks done.
struct Board {
    next: AtomicUsize,
    slots: Mutex<Slots>,
    ready: Condvar,
}

struct Slots {
    done: Vec<Done>,
    /// The helper has stopped (finished, failed or panicked): it will fill no more slots.
    helper_gone: bool,
}

impl Board {
    fn new(chunks: usize) -> Board {
        let done = (0..chunks).map(|_| None).collect();
        Board {
            next: AtomicUsize::new(0),
            slots: Mutex::new(Slots { done, helper_gone: false }),
            ready: Condvar::new(),
        }
    }

    /// The next chunk nobody has taken, if any.
    fn take(&self, chunks: usize) -> Option<usize> {
        let k = self.next.fetch_add(1, Ordering::Relaxed);
        (k < chunks).then_some(k)
    }

    /// A panicking thread never holds the lock while it works: its data stays whole.
    fn slots(&self) -> MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, k: usize, rows: Result<Vec<RiskRow>>) {
        self.slots().done[k] = Some(rows);
        self.ready.notify_all();
    }

    /// Chunk `k` once done, or None if it never will be (the helper took it and stopped).
    fn wait(&self, k: usize) -> Done {
        let mut slots = self.slots();
        loop {
            if let Some(done) = slots.done[k].take() {
                return Some(done);
            }
            if slots.helper_gone {
                return None;
            }
            slots = self.ready.wait(slots).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn take_done(&self, k: usize) -> Done {
        self.slots().done[k].take()
    }
}

/// Marks the helper gone when it returns or unwinds.
struct Gone<'b>(&'b Board);

impl Drop for Gone<'_> {
    fn drop(&mut self) {
        self.0.slots().helper_gone = true;
        self.0.ready.notify_all();
    }
}

/// The helper thread: takes chunks until none is left, on its own read-only connection.
/// If it cannot open one or a chunk fails, it stops; the writing thread does the rest.
fn helper(path: &std::path::Path, chunks: &[(i64, i64)], job: Job<'_, '_>, board: &Board) {
    let _gone = Gone(board);
    let _ = with_reader(path, |read| {
        while let Some(k) = board.take(chunks.len()) {
            let rows = scan_rows(read, chunks[k], job);
            let failed = rows.is_err();
            board.put(k, rows);
            if failed {
                break;
            }
        }
        Ok(())
    });
}

/// The writing thread: writes the chunks in order as they are done, and takes chunks
/// itself while the next one to write is not done yet.
fn lead(
    conn: &Conn,
    chunks: &[(i64, i64)],
    job: Job<'_, '_>,
    board: &Board,
    write: &mut RiskWriter<'_, '_>,
) -> Result<usize> {
    let (mut written, mut n) = (0, 0);
    while written < chunks.len() {
        let done = match board.take_done(written) {
            Some(done) => Some(done),
            None => match board.take(chunks.len()) {
                // The next chunk to write: scored and written as it is read.
                Some(k) if k == written => {
                    n += scan_write(conn, chunks[k], job, write)?;
                    written += 1;
                    continue;
                }
                Some(k) => {
                    let rows = scan_rows(conn, chunks[k], job)?;
                    board.put(k, Ok(rows));
                    continue;
                }
                None => board.wait(written),
            },
        };
        n += match done {
            Some(Ok(rows)) => {
                for row in &rows {
                    write.row(row)?;
                }
                rows.len()
            }
            // The helper failed on it, or stopped without doing it.
            Some(Err(_)) | None => scan_write(conn, chunks[written], job, write)?,
        };
        written += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate_range};
    use crate::domain::risk::RiskConfig;
    use crate::store::StoreError;

    #[test]
    fn the_chunks_cover_every_id_once_in_order() {
        for (lo, hi) in [(1, 1), (1, 9), (7, 70), (-5, 3), (1, 100_000), (1, i64::MAX), (i64::MIN, i64::MAX)]
        {
            let c = cut(lo, hi);
            assert_eq!((c[0].0, c[c.len() - 1].1), (i64::MIN, i64::MAX), "{lo}..{hi}");
            assert!(c.windows(2).all(|w| w[0].0 <= w[0].1 && w[0].1 + 1 == w[1].0), "{lo}..{hi}: {c:?}");
            assert!(i64::try_from(c.len()).unwrap() <= CHUNKS, "{lo}..{hi}: {}", c.len());
        }
        assert_eq!(cut(1, 100_000).len(), 64);
    }

    fn cache(s: &Store) -> Vec<(i64, i64, String, i64, String)> {
        s.conn
            .all(
                "SELECT account_id, score, band, priority, reasons FROM risk_cache ORDER BY account_id",
                &[],
                |r| Ok((r.int()?, r.int()?, r.text()?, r.int()?, r.text()?)),
            )
            .unwrap()
    }

    /// The helper took the first two chunks: it failed on the second and stopped (or
    /// panicked) before the first was done. The writing thread does both itself.
    #[test]
    fn chunks_the_helper_did_not_finish_are_done_by_the_writing_thread() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("p.db")).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut facts = generate_range(&DemoOptions { accounts: 9, seed: 3, today: day }, 0..9).unwrap();
        s.insert_facts(&mut facts, false).unwrap();
        let (cfg, now) = (RiskConfig::default(), day.and_hms_opt(9, 0, 0).unwrap());
        let score = |f: &AccountFacts| crate::refresh::score(f, now, &cfg);
        assert_eq!(s.recompute_risk_all(day, "r", score).unwrap(), 9);
        let row = |f: &AccountFacts| {
            let (a, p) = score(f);
            RiskRow::new(f, day, &a, p)
        };
        let whole = cache(&s);
        assert_eq!(whole.len(), 9);

        let chunks = cut(1, 9);
        assert_eq!(chunks.len(), 5);
        let board = Board::new(chunks.len());
        assert_eq!((board.take(chunks.len()), board.take(chunks.len())), (Some(0), Some(1)));
        board.put(1, Err(StoreError::Invalid("the helper's read failed".into())));
        drop(Gone(&board));
        s.conn.batch("DELETE FROM risk_cache").unwrap();
        let tx = Tx::write(&s.conn).unwrap();
        let mut write = RiskWriter::new(&s.conn, day, "r").unwrap();
        let job = Job { parts: Parts::scoring_on(day), score: &row };
        assert_eq!(lead(&s.conn, &chunks, job, &board, &mut write).unwrap(), 9);
        drop(write);
        tx.commit().unwrap();
        assert_eq!(cache(&s), whole);
    }
}
