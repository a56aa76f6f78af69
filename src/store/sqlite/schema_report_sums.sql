-- V19: what `radar report` sums per owner (the rate shares of V14, and whether each is
-- current for the day) in an index of its own, so the sums read a narrow index instead of
-- seeking every account's cached row in a table that also holds the reasons' text (issue
-- 19: at 100k accounts a 3 MB index against a 47 MB table; the sums' query 0.50 -> 0.17 s
-- in sqlite3). The report names it (`INDEXED BY`): SQLite prefers the table's own key.
CREATE INDEX risk_cache_share ON risk_cache(account_id, as_of, stale, rate_should_activate, rate_activated,
    rate_live, rate_target, rate_breadth_bp);
