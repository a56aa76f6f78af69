-- V16: how many accounts each currency bills, kept by the database itself. Without a
-- configured reporting currency every rescore converts ARR into the currency most
-- accounts are billed in; counting it walked every account (5-8 ms at 100k), which made
-- one edit's rescore 4.7 ms and the edit commit's p99 over 10 ms (issue 19). Triggers keep
-- the tally for every writer (another Radar, sqlite3); a bulk load drops them with the
-- indexes and counts the tally again at the end (`bulk::drop_indexes`, `bulk::retally`).
CREATE TABLE currency_tally (
    currency TEXT PRIMARY KEY,
    accounts INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO currency_tally (currency, accounts) SELECT currency, count(*) FROM account GROUP BY currency;
CREATE TRIGGER currency_tally_i AFTER INSERT ON account BEGIN
    INSERT INTO currency_tally (currency, accounts) VALUES (NEW.currency, 1)
        ON CONFLICT (currency) DO UPDATE SET accounts = accounts + 1; END;
CREATE TRIGGER currency_tally_d AFTER DELETE ON account BEGIN
    UPDATE currency_tally SET accounts = accounts - 1 WHERE currency = OLD.currency; END;
CREATE TRIGGER currency_tally_u AFTER UPDATE OF currency ON account WHEN OLD.currency IS NOT NEW.currency BEGIN
    UPDATE currency_tally SET accounts = accounts - 1 WHERE currency = OLD.currency;
    INSERT INTO currency_tally (currency, accounts) VALUES (NEW.currency, 1)
        ON CONFLICT (currency) DO UPDATE SET accounts = accounts + 1; END;
