-- V20: the report reads every cached share with its account's band in account order and
-- merges them with the accounts and the terms in Rust (issue 19): the band joins the
-- shares' index (V19) so that read walks the 4 MB index alone, never the table whose rows
-- hold the reasons' text. Same name: the report names it (`INDEXED BY`) when present.
DROP INDEX IF EXISTS risk_cache_share;
CREATE INDEX risk_cache_share ON risk_cache(account_id, as_of, stale, rate_should_activate, rate_activated,
    rate_live, rate_target, rate_breadth_bp, band);
