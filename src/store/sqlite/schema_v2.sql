-- V2: ids are never reused. SQLite gives a new row the largest id plus one, so once the
-- row with the largest id was deleted (or its creation undone) the next new row took its id
-- at version 1, and a form still open on the deleted row saved over it. AUTOINCREMENT
-- keeps the highest id ever used (sqlite_sequence). SQLite cannot add it in place: each
-- table is rebuilt (https://www.sqlite.org/lang_altertable.html, "making other kinds of
-- table schema changes"), with foreign keys off while it runs (Store::open) and checked
-- after it (`foreign_key_check`). The column `end` is quoted: a reserved word elsewhere.

CREATE TABLE account_v2 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id     TEXT UNIQUE,
    name            TEXT NOT NULL,
    industry        TEXT NOT NULL DEFAULT '',
    tier            TEXT NOT NULL,
    region          TEXT NOT NULL DEFAULT '',
    owner           TEXT NOT NULL DEFAULT '',
    currency        TEXT NOT NULL,
    target_fit      INTEGER NOT NULL DEFAULT 1,
    stage           TEXT NOT NULL,
    activated_on    TEXT,
    forecast        TEXT,
    forecast_on     TEXT,
    pain_points     TEXT NOT NULL DEFAULT '',
    why_bought      TEXT NOT NULL DEFAULT '',
    special_clauses TEXT NOT NULL DEFAULT '',
    created_on      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
INSERT INTO account_v2 SELECT * FROM account;
DROP TABLE account;
ALTER TABLE account_v2 RENAME TO account;
CREATE INDEX account_name ON account(name);

CREATE TABLE term_v2 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    start         TEXT NOT NULL,
    "end"         TEXT NOT NULL,
    arr_minor     INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    outcome       TEXT CHECK (outcome IN ('renewed', 'churned')),
    decided_on    TEXT,
    new_arr_minor INTEGER,
    churn_reason  TEXT,
    churn_note    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ("end" > start)
);
INSERT INTO term_v2 SELECT * FROM term;
DROP TABLE term;
ALTER TABLE term_v2 RENAME TO term;
CREATE INDEX term_account ON term(account_id, start);

CREATE TABLE contact_v2 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL,
    stance       TEXT NOT NULL,
    kp_tier      TEXT,
    influence    TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    added_on     TEXT NOT NULL,
    left_on      TEXT,
    last_contact TEXT,
    version      INTEGER NOT NULL DEFAULT 1
);
INSERT INTO contact_v2 SELECT * FROM contact;
DROP TABLE contact;
ALTER TABLE contact_v2 RENAME TO contact;
CREATE INDEX contact_account ON contact(account_id);

CREATE TABLE promise_v2 (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    made_by    TEXT NOT NULL DEFAULT '',
    made_on    TEXT NOT NULL,
    due        TEXT,
    status     TEXT NOT NULL,
    status_on  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
INSERT INTO promise_v2 SELECT * FROM promise;
DROP TABLE promise;
ALTER TABLE promise_v2 RENAME TO promise;
CREATE INDEX promise_account ON promise(account_id);

CREATE TABLE requirement_v2 (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    requester  TEXT NOT NULL DEFAULT '',
    category   TEXT NOT NULL,
    level      TEXT NOT NULL,
    raised_on  TEXT NOT NULL,
    status     TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
INSERT INTO requirement_v2 SELECT * FROM requirement;
DROP TABLE requirement;
ALTER TABLE requirement_v2 RENAME TO requirement;
CREATE INDEX requirement_account ON requirement(account_id);

CREATE TABLE requirement_transition_v2 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    at             TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
INSERT INTO requirement_transition_v2 SELECT * FROM requirement_transition;
DROP TABLE requirement_transition;
ALTER TABLE requirement_transition_v2 RENAME TO requirement_transition;
CREATE INDEX requirement_transition_req ON requirement_transition(requirement_id, at);

CREATE TABLE complaint_v2 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    raised_at   TEXT NOT NULL,
    severity    TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    cause       TEXT,
    resolved_at TEXT,
    improvement TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1
);
INSERT INTO complaint_v2 SELECT * FROM complaint;
DROP TABLE complaint;
ALTER TABLE complaint_v2 RENAME TO complaint;
CREATE INDEX complaint_account ON complaint(account_id);

CREATE TABLE touchpoint_v2 (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    note       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1
);
INSERT INTO touchpoint_v2 SELECT * FROM touchpoint;
DROP TABLE touchpoint;
ALTER TABLE touchpoint_v2 RENAME TO touchpoint;
CREATE INDEX touchpoint_account ON touchpoint(account_id, date);
CREATE INDEX touchpoint_contact ON touchpoint(contact_id);

CREATE TABLE usage_v2 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    active_users   INTEGER NOT NULL,
    seats          INTEGER NOT NULL,
    logins         INTEGER NOT NULL,
    minutes        INTEGER NOT NULL,
    features_used  INTEGER NOT NULL,
    features_total INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
INSERT INTO usage_v2 SELECT * FROM usage;
DROP TABLE usage;
ALTER TABLE usage_v2 RENAME TO usage;
CREATE INDEX usage_account ON usage(account_id, date);

CREATE TABLE milestone_v2 (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    due        TEXT NOT NULL,
    status     TEXT NOT NULL,
    done_on    TEXT,
    note       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1
);
INSERT INTO milestone_v2 SELECT * FROM milestone;
DROP TABLE milestone;
ALTER TABLE milestone_v2 RENAME TO milestone;
CREATE INDEX milestone_account ON milestone(account_id, due);
-- The portfolio counts each account's overdue milestones; only pending ones matter.
CREATE INDEX milestone_pending ON milestone(account_id, due) WHERE status = 'pending';
