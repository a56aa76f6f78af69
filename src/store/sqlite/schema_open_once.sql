-- What every open used to do, done once per file (issue 19: each command opened the file
-- first, and at 100k accounts these two cost most of a `radar triage`).
--
-- The reporting currency (the one most accounts are billed in) is counted off this index
-- instead of a scan of every account row (~50 ms of CPU at 100k, now ~10 ms).
CREATE INDEX account_currency ON account(currency);
-- The owners `--owner` and `--mine` are checked against, read off an index likewise (~40 ms
-- of CPU at 100k, now ~8 ms).
CREATE INDEX account_owner ON account(owner);

-- Pending milestones due on or before the end of a decided term of their account, closed
-- as superseded on the day the first such term was decided (files written before that
-- rule). Later writes keep the rule themselves: an edit that closes a term supersedes in
-- its own transaction, an import at its commit (`store/supersede.rs`). Accounts changed
-- lose their cached risk, so the next load scores them again.
DELETE FROM risk_cache WHERE account_id IN (SELECT DISTINCT m.account_id FROM term t
    JOIN milestone m ON m.account_id = t.account_id AND m.status = 'pending' AND m.due <= t."end"
    WHERE t.outcome IS NOT NULL);
UPDATE milestone SET status = 'superseded', version = version + 1,
    done_on = (SELECT t.decided_on FROM term t WHERE t.account_id = milestone.account_id
               AND t.outcome IS NOT NULL AND t."end" >= milestone.due ORDER BY t."end" LIMIT 1)
  WHERE id IN (SELECT m.id FROM term t JOIN milestone m ON m.account_id = t.account_id
               AND m.status = 'pending' AND m.due <= t."end" WHERE t.outcome IS NOT NULL);
