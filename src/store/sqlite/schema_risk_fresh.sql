-- When a cached risk score is current (issue 19): it was computed for `as_of` with the
-- rules stamped in `rules` (`domain::risk::rules_stamp`: this build's rules and the
-- settings that weigh them), and none of its account's facts changed since (`stale` = 0).
-- The triggers below set `stale` on every write to a fact a rule reads, whoever writes
-- (another Radar, sqlite3); Radar's own edits rescore the account in the same
-- transaction, which clears it again. A bulk load drops and remakes them like the indexes
-- (`bulk::drop_indexes`): it loads accounts that have no score yet.
ALTER TABLE risk_cache ADD COLUMN rules TEXT NOT NULL DEFAULT '';
ALTER TABLE risk_cache ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;
-- The triage order, read from the top (`radar triage --limit N`).
CREATE INDEX risk_cache_order ON risk_cache(priority DESC, score DESC);
-- Whether every score is for one day and one set of rules: a few seeks, not a scan.
CREATE INDEX risk_cache_stamp ON risk_cache(as_of, rules);
CREATE INDEX risk_cache_stale ON risk_cache(account_id) WHERE stale <> 0;
CREATE TRIGGER risk_stale_account_u AFTER UPDATE ON account BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.id AND stale = 0; END;
CREATE TRIGGER risk_stale_term_i AFTER INSERT ON term BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_term_u AFTER UPDATE ON term BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id IN (OLD.account_id, NEW.account_id) AND stale = 0; END;
CREATE TRIGGER risk_stale_term_d AFTER DELETE ON term BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = OLD.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_contact_i AFTER INSERT ON contact BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_contact_u AFTER UPDATE ON contact BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id IN (OLD.account_id, NEW.account_id) AND stale = 0; END;
CREATE TRIGGER risk_stale_contact_d AFTER DELETE ON contact BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = OLD.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_promise_i AFTER INSERT ON promise BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_promise_u AFTER UPDATE ON promise BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id IN (OLD.account_id, NEW.account_id) AND stale = 0; END;
CREATE TRIGGER risk_stale_promise_d AFTER DELETE ON promise BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = OLD.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_requirement_i AFTER INSERT ON requirement BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_requirement_u AFTER UPDATE ON requirement BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id IN (OLD.account_id, NEW.account_id) AND stale = 0; END;
CREATE TRIGGER risk_stale_requirement_d AFTER DELETE ON requirement BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = OLD.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_transition_i AFTER INSERT ON requirement_transition BEGIN
    UPDATE risk_cache SET stale = 1 WHERE stale = 0
        AND account_id = (SELECT account_id FROM requirement WHERE id = NEW.requirement_id); END;
CREATE TRIGGER risk_stale_transition_u AFTER UPDATE ON requirement_transition BEGIN
    UPDATE risk_cache SET stale = 1 WHERE stale = 0
        AND account_id IN (SELECT account_id FROM requirement WHERE id IN (OLD.requirement_id, NEW.requirement_id)); END;
CREATE TRIGGER risk_stale_transition_d AFTER DELETE ON requirement_transition BEGIN
    UPDATE risk_cache SET stale = 1 WHERE stale = 0
        AND account_id = (SELECT account_id FROM requirement WHERE id = OLD.requirement_id); END;
CREATE TRIGGER risk_stale_complaint_i AFTER INSERT ON complaint BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_complaint_u AFTER UPDATE ON complaint BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id IN (OLD.account_id, NEW.account_id) AND stale = 0; END;
CREATE TRIGGER risk_stale_complaint_d AFTER DELETE ON complaint BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = OLD.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_touchpoint_i AFTER INSERT ON touchpoint BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_touchpoint_u AFTER UPDATE ON touchpoint BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id IN (OLD.account_id, NEW.account_id) AND stale = 0; END;
CREATE TRIGGER risk_stale_touchpoint_d AFTER DELETE ON touchpoint BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = OLD.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_usage_i AFTER INSERT ON usage BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_usage_u AFTER UPDATE ON usage BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id IN (OLD.account_id, NEW.account_id) AND stale = 0; END;
CREATE TRIGGER risk_stale_usage_d AFTER DELETE ON usage BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = OLD.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_milestone_i AFTER INSERT ON milestone BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = NEW.account_id AND stale = 0; END;
CREATE TRIGGER risk_stale_milestone_u AFTER UPDATE ON milestone BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id IN (OLD.account_id, NEW.account_id) AND stale = 0; END;
CREATE TRIGGER risk_stale_milestone_d AFTER DELETE ON milestone BEGIN
    UPDATE risk_cache SET stale = 1 WHERE account_id = OLD.account_id AND stale = 0; END;
-- Exchange rates weigh every account's ARR: a change makes the whole cache another day's
-- (one row is enough for `risk_as_of` and the freshness check to say so).
CREATE TRIGGER risk_stale_fx_i AFTER INSERT ON fx_rate BEGIN
    UPDATE risk_cache SET as_of = '1970-01-01' WHERE account_id = (SELECT min(account_id) FROM risk_cache); END;
CREATE TRIGGER risk_stale_fx_u AFTER UPDATE ON fx_rate BEGIN
    UPDATE risk_cache SET as_of = '1970-01-01' WHERE account_id = (SELECT min(account_id) FROM risk_cache); END;
CREATE TRIGGER risk_stale_fx_d AFTER DELETE ON fx_rate BEGIN
    UPDATE risk_cache SET as_of = '1970-01-01' WHERE account_id = (SELECT min(account_id) FROM risk_cache); END;
