//! Whether the cached risk scores answer for a day (issue 19). A score is current when it
//! was computed for that day (`as_of`), with the same rules and settings (`rules`, see
//! `domain::risk::rules_stamp`), and no fact of its account changed since (`stale`, set
//! by triggers on every write to a fact a rule reads, whoever writes). The cache is
//! current when every account has a current score. Each check is an index seek, a tally
//! or a count of stale rows, never a scan of the cache's 40 MB of reasons.

use super::conn::{Conn, Tx, vals};
use super::tables::Reader;
use super::{Result, Store};
use crate::domain::metrics::RateShare;
use crate::domain::risk::Assessment;
use crate::domain::{AccountFacts, AccountId};
use chrono::NaiveDate;

/// What the risk cache holds against a day and a rules stamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheState {
    /// Every account's score is current.
    Current,
    /// Scores of another day or other rules (or none at all): `as_of` is the day of one
    /// that is not today's (None when there are no scores, or only the rules differ).
    Outdated { as_of: Option<NaiveDate>, rules_differ: bool },
    /// Today's scores with these rules, but this many accounts changed since they were
    /// scored, or were never scored.
    Changed { accounts: usize },
}

impl CacheState {
    pub fn is_current(&self) -> bool {
        *self == CacheState::Current
    }
}

impl Store {
    /// The state of the risk cache for `today` and the rules stamped `rules`.
    pub fn risk_cache_state(&self, today: NaiveDate, rules: &str) -> Result<CacheState> {
        let day = today;
        let (accounts, cached) = self.account_and_score_counts()?;
        let stale = self.conn.one("SELECT count(*) FROM risk_cache WHERE stale <> 0", &[], |r| r.int())?;
        if cached == 0 {
            return Ok(if accounts == 0 {
                CacheState::Current
            } else {
                CacheState::Outdated { as_of: None, rules_differ: false }
            });
        }
        // Read as text (`CAST` works on both engines): a day that does not parse is as
        // outdated as any other.
        let other_day = self.conn.first(
            "SELECT CAST(as_of AS TEXT) FROM risk_cache WHERE as_of < ?1 OR as_of > ?1 LIMIT 1",
            vals![day],
            |r| r.text(),
        )?;
        let other_day = other_day.map(|s| s.parse().unwrap_or(NaiveDate::MIN));
        // The day SQLite's triggers on `fx_rate` write (V8) when a rate changes, Radar's
        // or another program's: said as other settings (the rates are in the stamp), never
        // as scores "for 1970-01-01".
        let rates_changed = other_day == NaiveDate::from_ymd_opt(1970, 1, 1);
        let other_day = other_day.filter(|_| !rates_changed);
        // Two seeks of `risk_cache_stamp`, one each side of the stamp: `rules <> ?2`, or the
        // two ranges OR-ed in one WHERE, walks every score of the day (10 ms at 100k). As
        // BIGINT: PostgreSQL types a bare 1 int4.
        let rules_differ = self.conn.one(
            "SELECT CAST(CASE WHEN EXISTS (SELECT 1 FROM risk_cache WHERE as_of = ?1 AND rules < ?2) \
                 OR EXISTS (SELECT 1 FROM risk_cache WHERE as_of = ?1 AND rules > ?2) THEN 1 ELSE 0 END AS BIGINT)",
            vals![day, rules],
            |r| r.int(),
        )? > 0
            || rates_changed;
        if other_day.is_some() || rules_differ {
            return Ok(CacheState::Outdated { as_of: other_day, rules_differ });
        }
        // Rows of deleted accounts cascade away, so the missing ones are the difference.
        let missing = (accounts - cached).max(0);
        let changed = usize::try_from(stale + missing).unwrap_or(usize::MAX);
        Ok(if changed == 0 { CacheState::Current } else { CacheState::Changed { accounts: changed } })
    }

    /// How many accounts the book has and how many of them have a cached score. SQLite
    /// reads the tallies its triggers keep (V16, V18): counting walked an index of every
    /// account and one of every score (760 page reads at 100k); the team database counts.
    pub(crate) fn account_and_score_counts(&self) -> Result<(i64, i64)> {
        let sql = match self.conn {
            Conn::Lite(_) => {
                "SELECT (SELECT coalesce(sum(accounts), 0) FROM currency_tally), \
                        (SELECT coalesce(max(scores), 0) FROM risk_tally)"
            }
            _ => "SELECT (SELECT count(*) FROM account), (SELECT count(*) FROM risk_cache)",
        };
        self.conn.one(sql, &[], |r| Ok((r.int()?, r.int()?)))
    }

    /// Rescores the accounts whose score is stale or missing, in one write transaction
    /// (read and written under the write lock, as `recompute_risk_all`). Returns how many.
    pub fn recompute_risk_changed(
        &mut self,
        as_of: NaiveDate,
        rules: &str,
        score: impl Fn(&AccountFacts) -> (Assessment, i64),
    ) -> Result<usize> {
        let tx = Tx::write(&self.conn)?;
        let ids: Vec<i64> = {
            self.conn.all(
                "SELECT account_id FROM risk_cache WHERE stale <> 0 \
                 UNION SELECT id FROM account a WHERE NOT EXISTS (SELECT 1 FROM risk_cache r WHERE r.account_id = a.id)",
                &[],
                |r| r.int(),
            )?
        };
        let mut scores = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(f) = super::load::load_one(&self.conn, AccountId(*id))? {
                let (a, p) = score(&f);
                scores.push((AccountId(*id), a, p, RateShare::of(&f, as_of)));
            }
        }
        super::risk::write_risk(
            &self.conn,
            as_of,
            rules,
            scores.iter().map(|(id, a, p, s)| (*id, a, *p, *s)),
        )?;
        tx.commit()?;
        Ok(scores.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate_range};
    use crate::domain::risk::RiskConfig;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
    }

    fn scored(dir: &std::path::Path) -> (Store, String) {
        let mut s = Store::open(&dir.join("p.db")).unwrap();
        let mut facts = generate_range(&DemoOptions { accounts: 6, seed: 3, today: day(22) }, 0..6).unwrap();
        s.insert_facts(&mut facts, false).unwrap();
        let cfg = RiskConfig::default();
        let rules = crate::refresh::current_stamp(&s, &cfg).unwrap();
        assert_eq!(
            crate::refresh::recompute_all(&mut s, day(22).and_hms_opt(9, 0, 0).unwrap(), &cfg).unwrap(),
            6
        );
        (s, rules)
    }

    #[test]
    fn a_cache_is_current_for_its_day_and_rules_only() {
        let dir = tempfile::tempdir().unwrap();
        let (s, rules) = scored(dir.path());
        assert_eq!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Current);
        assert_eq!(
            s.risk_cache_state(day(23), &rules).unwrap(),
            CacheState::Outdated { as_of: Some(day(22)), rules_differ: false }
        );
        // Stamps sorting before and after the cache's: each side is its own seek.
        for other in ["", "other", "\u{10ffff}", &format!("{rules}0")] {
            assert_eq!(
                s.risk_cache_state(day(22), other).unwrap(),
                CacheState::Outdated { as_of: None, rules_differ: true },
                "{other:?}"
            );
        }
    }

    #[test]
    fn any_write_to_a_fact_makes_its_account_stale_until_rescored() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, rules) = scored(dir.path());
        let writes = [
            "UPDATE account SET owner = owner || 'x' WHERE id = 1",
            "UPDATE usage SET active_users = active_users + 1 WHERE id = (SELECT min(id) FROM usage)",
            "DELETE FROM contact WHERE id = (SELECT min(id) FROM contact)",
            "UPDATE milestone SET status = 'done', done_on = '2026-11-01' WHERE id = (SELECT min(id) FROM milestone)",
        ];
        for sql in writes {
            s.conn.batch(sql).unwrap();
            let state = s.risk_cache_state(day(22), &rules).unwrap();
            assert!(matches!(state, CacheState::Changed { accounts: 1.. }), "{sql}: {state:?}");
            let cfg = RiskConfig::default();
            let now = day(22).and_hms_opt(9, 0, 0).unwrap();
            let n =
                s.recompute_risk_changed(day(22), &rules, |f| crate::refresh::score(f, now, &cfg)).unwrap();
            assert!(n >= 1, "{sql}");
            assert_eq!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Current, "{sql}");
        }
        // A new account has no score yet.
        s.conn
            .batch(
                "INSERT INTO account (name, tier, stage, owner, industry, currency, target_fit, created_on) \
                 SELECT name || ' 2', tier, stage, owner, industry, currency, target_fit, created_on FROM account WHERE id = 1",
            )
            .unwrap();
        assert_eq!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Changed { accounts: 1 });
        // An exchange rate weighs every account: the whole cache is outdated.
        s.conn
            .batch(
                "INSERT INTO fx_rate (currency, base, rate_micro, valid_from) VALUES ('USD', 'CNY', 7100000, '2026-01-01')",
            )
            .unwrap();
        assert!(matches!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Outdated { .. }));
    }

    /// The tally of scores (V18) is the count of the cache's rows after every kind of write
    /// to it: first scores (inserts), rescores (upserts), a score row deleted by another
    /// program, an account deleted (its score cascades), a bulk load (triggers dropped,
    /// counted again). A missing score is seen through the tally as it was by counting.
    #[test]
    fn the_score_tally_follows_every_write_and_a_missing_score_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, rules) = scored(dir.path());
        let tally = |s: &Store| -> (i64, i64) {
            s.conn
                .one("SELECT (SELECT scores FROM risk_tally), (SELECT count(*) FROM risk_cache)", &[], |r| {
                    Ok((r.int()?, r.int()?))
                })
                .unwrap()
        };
        assert_eq!(tally(&s), (6, 6));
        let cfg = RiskConfig::default();
        let now = day(22).and_hms_opt(9, 0, 0).unwrap();
        crate::refresh::recompute_all(&mut s, now, &cfg).unwrap();
        assert_eq!(tally(&s), (6, 6), "rescoring updates rows, it adds none");
        s.conn.batch("DELETE FROM risk_cache WHERE account_id = 2").unwrap();
        assert_eq!(tally(&s), (5, 5));
        assert_eq!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Changed { accounts: 1 });
        crate::refresh::make_current(&mut s, now, &cfg, &CacheState::Changed { accounts: 1 }).unwrap();
        assert_eq!(tally(&s), (6, 6));
        assert_eq!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Current);
        s.conn.batch("PRAGMA foreign_keys = ON; DELETE FROM account WHERE id = 3").unwrap();
        assert_eq!(tally(&s), (5, 5), "the deleted account's score cascaded away");
        assert_eq!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Current);
        // A bulk load: the triggers are dropped while it loads and the tally counted after.
        s.set_bulk_mode(true).unwrap();
        let mut more = generate_range(&DemoOptions { accounts: 9, seed: 3, today: day(22) }, 6..9).unwrap();
        s.insert_facts(&mut more, false).unwrap();
        crate::refresh::recompute_all(&mut s, now, &cfg).unwrap();
        s.set_bulk_mode(false).unwrap();
        assert_eq!(tally(&s), (8, 8));
        assert_eq!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Current);
    }

    /// A file scored by the release before the tally (schema 16) gets its scores counted
    /// when it is opened: the cache it had stays current.
    #[test]
    fn a_file_scored_before_the_tally_has_its_scores_counted_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let (s, rules) = scored(dir.path());
        s.conn
            .batch(
                "DROP INDEX risk_cache_share; DROP TRIGGER risk_tally_i; DROP TRIGGER risk_tally_d; \
                 DROP TABLE risk_tally; ALTER TABLE milestone DROP COLUMN origin; PRAGMA user_version = 16;",
            )
            .unwrap();
        drop(s);
        let s = Store::open(&dir.path().join("p.db")).unwrap();
        let scores = s.conn.one("SELECT scores FROM risk_tally", &[], |r| r.int()).unwrap();
        assert_eq!(scores, 6);
        assert_eq!(s.risk_cache_state(day(22), &rules).unwrap(), CacheState::Current);
    }
}
