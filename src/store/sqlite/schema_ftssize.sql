-- The full-text index without its copy of the text (issue 19: the copy was about 104 MB of a
-- 512 MB 100k demo file). The search reads a record's text from its own table for the snippet,
-- so the index keeps only what finds a record: the terms (`body`, written, never read back),
-- and the account and day each row needs for ranking and the result (`contentless_unindexed`,
-- SQLite 3.48). `contentless_delete` (3.43) lets a row be deleted by its rowid, as an edit, a
-- delete or an undo does. Dropped and made again, then filled by the same Rust hook as V6.
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    body,
    account_id UNINDEXED,
    day UNINDEXED,
    content = '',
    contentless_delete = 1,
    contentless_unindexed = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
