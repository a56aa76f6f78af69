
CREATE TABLE account (
    id              INTEGER PRIMARY KEY,
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
CREATE INDEX account_name ON account(name);

CREATE TABLE term (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    start         TEXT NOT NULL,
    end           TEXT NOT NULL,
    arr_minor     INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    outcome       TEXT CHECK (outcome IN ('renewed', 'churned')),
    decided_on    TEXT,
    new_arr_minor INTEGER,
    churn_reason  TEXT,
    churn_note    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (end > start)
);
CREATE INDEX term_account ON term(account_id, start);

CREATE TABLE contact (
    id           INTEGER PRIMARY KEY,
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
CREATE INDEX contact_account ON contact(account_id);

CREATE TABLE promise (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    made_by    TEXT NOT NULL DEFAULT '',
    made_on    TEXT NOT NULL,
    due        TEXT,
    status     TEXT NOT NULL,
    status_on  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX promise_account ON promise(account_id);

CREATE TABLE requirement (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    requester  TEXT NOT NULL DEFAULT '',
    category   TEXT NOT NULL,
    level      TEXT NOT NULL,
    raised_on  TEXT NOT NULL,
    status     TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX requirement_account ON requirement(account_id);

CREATE TABLE requirement_transition (
    id             INTEGER PRIMARY KEY,
    requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    at             TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX requirement_transition_req ON requirement_transition(requirement_id, at);

CREATE TABLE complaint (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    raised_at   TEXT NOT NULL,
    severity    TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    cause       TEXT,
    resolved_at TEXT,
    improvement TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX complaint_account ON complaint(account_id);

CREATE TABLE touchpoint (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    contact_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    note       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX touchpoint_account ON touchpoint(account_id, date);
CREATE INDEX touchpoint_contact ON touchpoint(contact_id);

CREATE TABLE usage (
    id             INTEGER PRIMARY KEY,
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
CREATE INDEX usage_account ON usage(account_id, date);

CREATE TABLE milestone (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    due        TEXT NOT NULL,
    status     TEXT NOT NULL,
    done_on    TEXT,
    note       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX milestone_account ON milestone(account_id, due);
-- The portfolio counts each account's overdue milestones; only pending ones matter.
CREATE INDEX milestone_pending ON milestone(account_id, due) WHERE status = 'pending';

-- Cached risk per account, recomputed when the account's facts, the date or the weights change.
CREATE TABLE risk_cache (
    account_id INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
    as_of      TEXT NOT NULL,
    score      INTEGER NOT NULL,
    band       TEXT NOT NULL,
    priority   INTEGER NOT NULL,
    reasons    TEXT NOT NULL
);
