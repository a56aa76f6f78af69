-- Referrals (转介绍, issue 17 item 2). A declined "consider asking" suggestion is a row at
-- stage 'dismissed' with an empty prospect (see domain::referral). Deleting the referring
-- contact keeps the referral (the store clears the link itself so undo sees it).
CREATE TABLE referral (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    prospect    TEXT NOT NULL DEFAULT '',
    date        TEXT NOT NULL,
    stage       TEXT NOT NULL DEFAULT 'asked',
    stage_on    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX referral_account ON referral(account_id, date);
CREATE INDEX referral_contact ON referral(contact_id);
