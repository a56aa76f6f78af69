-- Each account's share of the report's portfolio rates, kept with its cached score for
-- the same day (`domain::metrics::RateShare`; issue 19): `radar report` adds these up
-- instead of reading every account, its terms and its latest usage. NULL: not computed
-- (a row written before this version), so the report reads the facts instead.
ALTER TABLE risk_cache ADD COLUMN rate_should_activate INTEGER;
ALTER TABLE risk_cache ADD COLUMN rate_activated INTEGER;
ALTER TABLE risk_cache ADD COLUMN rate_live INTEGER;
ALTER TABLE risk_cache ADD COLUMN rate_target INTEGER;
ALTER TABLE risk_cache ADD COLUMN rate_breadth_bp INTEGER;
-- The report's terms (those ending in the period or in the next 90 days), read by date.
CREATE INDEX term_end ON term("end");
-- Every cached row lacks its share: rescore them all at the next command that needs them.
UPDATE risk_cache SET stale = 1 WHERE stale = 0;
