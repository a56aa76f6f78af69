-- V18: how many accounts have a cached risk score, kept by the database itself. Whether
-- every account is scored was two counts (accounts, scores), walks of two indexes of 100k
-- entries each: 760 of the 1,365 pages a cached `radar triage --limit 20` read at 100k,
-- a third of its time (issue 19). The accounts are `currency_tally`'s sum (V16); the
-- scores are this row. Triggers keep it for every writer (an upsert that updates a score
-- inserts nothing; the rows an account's deletion cascades away fire the delete trigger);
-- a bulk load drops them with the indexes and counts again at the end (`bulk::retally`).
CREATE TABLE risk_tally (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    scores INTEGER NOT NULL
);
INSERT INTO risk_tally (id, scores) SELECT 1, count(*) FROM risk_cache;
CREATE TRIGGER risk_tally_i AFTER INSERT ON risk_cache BEGIN
    UPDATE risk_tally SET scores = scores + 1 WHERE id = 1; END;
CREATE TRIGGER risk_tally_d AFTER DELETE ON risk_cache BEGIN
    UPDATE risk_tally SET scores = scores - 1 WHERE id = 1; END;
