-- Follow-up tasks (issue 15, item 3). `touchpoint_id`: the touchpoint whose "next step" the
-- task is (created_from = 'touchpoint'); deleting that touchpoint keeps the task (the store
-- clears the link itself so undo sees it, as for a deleted contact's touchpoints).
CREATE TABLE task (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    contact_id    INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    title         TEXT NOT NULL,
    due           TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open',
    done_on       TEXT,
    created_from  TEXT NOT NULL DEFAULT 'manual',
    touchpoint_id INTEGER REFERENCES touchpoint(id) ON DELETE SET NULL,
    created_on    TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX task_account ON task(account_id, due);
CREATE INDEX task_contact ON task(contact_id);
CREATE INDEX task_touchpoint ON task(touchpoint_id);
