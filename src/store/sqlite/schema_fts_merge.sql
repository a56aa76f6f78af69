-- V17: the full-text index merges its segments a little at every edit, not in bursts
-- (issue 19, edit commit p99). Each edit writes a small segment; FTS5's automerge then did
-- 64 pages of merging per level every 64 pages written, inside whichever commit crossed the
-- mark: one edit in 30 or so took 10-50 ms (`perf`: fts5IndexMerge). With automerge off,
-- every edit's transaction asks for a few pages of merging instead (`fts::tidy`), which does
-- nothing while no level holds enough segments to merge. (Writers that do not tidy, an
-- import say, are still bounded by FTS5's crisis merge.)
INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0);
