-- The full-text index (store/sqlite/fts.rs): one row per record with prose, rowid = id * 16 + the
-- kind's code. `body` is the record's text normalised by Radar (lower case, CJK runs as
-- overlapping bigrams); the file's own tables stay the truth, this is derived from them.
CREATE VIRTUAL TABLE search_index USING fts5(
    body,
    account_id UNINDEXED,
    day UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
