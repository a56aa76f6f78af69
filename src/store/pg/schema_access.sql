-- Team mode V1, part two: who may see and change what (design note §3) and the change feed
-- (§5). Helpers are PL/pgSQL SECURITY DEFINER functions owned by radar_owner: planned once,
-- called once per statement from the policies (initplans), reading `session_user` (inside
-- a definer function `current_user` is the owner).
SET LOCAL search_path = radar;

CREATE FUNCTION is_lead() RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = radar, pg_temp AS $$
BEGIN
  RETURN coalesce((SELECT lead FROM csm WHERE login = session_user), false);
END $$;

-- Me and my team's members (just me when I am in no team).
CREATE FUNCTION team_logins() RETURNS name[] LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = radar, pg_temp AS $$
DECLARE my_team text;
BEGIN
  SELECT team INTO my_team FROM csm WHERE login = session_user;
  IF my_team IS NULL THEN RETURN ARRAY[session_user::name]; END IF;
  RETURN ARRAY(SELECT login FROM csm WHERE team = my_team UNION SELECT session_user::name);
END $$;

CREATE FUNCTION co_owned() RETURNS bigint[] LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = radar, pg_temp AS $$
BEGIN
  RETURN ARRAY(SELECT account_id FROM co_owner WHERE login = session_user);
END $$;

CREATE FUNCTION can_write(acc bigint) RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = radar, pg_temp AS $$
BEGIN
  RETURN is_lead()
    OR EXISTS (SELECT 1 FROM account WHERE id = acc AND owner_login = session_user)
    OR EXISTS (SELECT 1 FROM co_owner WHERE account_id = acc AND login = session_user);
END $$;

-- Why a write found no row: absent, present but not the caller's to write, or present at
-- another version. Ids only leave, never contents.
CREATE FUNCTION row_state(tbl text, row_id bigint, OUT present boolean, OUT writable boolean, OUT version bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = radar, pg_temp AS $$
DECLARE acc bigint; ver bigint;
BEGIN
  IF tbl = 'account' THEN
    SELECT a.id, a.version INTO acc, ver FROM account a WHERE a.id = row_id;
  ELSIF tbl = 'requirement_transition' THEN
    SELECT r.account_id, NULL INTO acc, ver FROM requirement_transition t JOIN requirement r ON r.id = t.requirement_id WHERE t.id = row_id;
  ELSIF tbl IN ('term','contact','promise','requirement','complaint','touchpoint','usage','milestone','task','referral') THEN
    EXECUTE format('SELECT account_id, version FROM %I WHERE id = $1', tbl) INTO acc, ver USING row_id;
  ELSE
    RAISE EXCEPTION 'row_state: unknown table %', tbl;
  END IF;
  present := acc IS NOT NULL;
  writable := present AND can_write(acc);
  version := CASE WHEN writable THEN ver END;
END $$;

-- The only way an account changes hands or gains a co-owner: a lead's act.
CREATE FUNCTION assign(acc bigint, who name, co boolean) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = radar, pg_temp AS $$
BEGIN
  IF NOT is_lead() THEN
    RAISE EXCEPTION 'only a team lead can assign accounts' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM csm WHERE login = who) THEN
    RAISE EXCEPTION 'no team member named %', who USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM account WHERE id = acc) THEN
    RAISE EXCEPTION 'no account #%', acc USING ERRCODE = '22023';
  END IF;
  IF co THEN
    INSERT INTO co_owner (account_id, login) VALUES (acc, who) ON CONFLICT DO NOTHING;
    -- co_owner has no trigger: say it here, so the new co-owner's dashboard shows it.
    INSERT INTO change_log (tbl, account_id) VALUES ('co_owner', acc);
    PERFORM pg_notify('radar_changes', acc::text);
  ELSE
    -- account's trigger logs and notifies this one.
    UPDATE account SET owner_login = who WHERE id = acc;
    DELETE FROM co_owner WHERE account_id = acc AND login = who;
  END IF;
END $$;

CREATE FUNCTION prune_change_log(older_than interval) RETURNS bigint LANGUAGE sql
SECURITY DEFINER SET search_path = radar, pg_temp AS $$
  WITH gone AS (DELETE FROM change_log WHERE at < now() - older_than RETURNING 1) SELECT count(*) FROM gone
$$;

-- Fresh statistics after a bulk move (`team import-solo`): until autovacuum gets to the
-- new rows the planner guesses every table's spread, and row security's EXISTS on each
-- child row is then planned as a hash of every readable account where a probe of one
-- would do (the read policies below). Only the owner may ANALYZE.
CREATE FUNCTION analyze_book() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = radar, pg_temp AS $$
BEGIN
  ANALYZE account, co_owner, term, contact, promise, requirement, requirement_transition, complaint,
          touchpoint, usage, milestone, task, referral, risk_cache;
END $$;

-- One change-log row per account a statement touched, and one notification per account
-- (one '*' past 1000: an import is one reload, not 100k messages). Payload: the id only,
-- since notifications bypass row security. TG_ARGV[0]: the account id's expression.
CREATE FUNCTION log_changes() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = radar, pg_temp AS $$
DECLARE ids bigint[]; a bigint;
BEGIN
  EXECUTE format('SELECT array_agg(DISTINCT %s) FROM %I', TG_ARGV[0],
                 CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END) INTO ids;
  IF ids IS NULL THEN RETURN NULL; END IF;
  ids := array_remove(ids, NULL);
  INSERT INTO change_log (tbl, account_id) SELECT TG_TABLE_NAME, unnest(ids);
  -- The cached score of a changed account is stale until rescored (the edit's own
  -- transaction rescores it after this, clearing the mark).
  UPDATE risk_cache SET stale = 1 WHERE account_id = ANY (ids) AND stale = 0;
  IF cardinality(ids) > 1000 THEN
    PERFORM pg_notify('radar_changes', '*');
  ELSE
    FOREACH a IN ARRAY ids LOOP PERFORM pg_notify('radar_changes', a::text); END LOOP;
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE t text; acc text;
BEGIN
  FOREACH t IN ARRAY ARRAY['account','term','contact','promise','requirement','requirement_transition',
                           'complaint','touchpoint','usage','milestone','task','referral'] LOOP
    acc := CASE t WHEN 'account' THEN 'id'
                  WHEN 'requirement_transition' THEN '(SELECT r.account_id FROM radar.requirement r WHERE r.id = requirement_id)'
                  ELSE 'account_id' END;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_changes(%L)', t || '_ins', t, acc);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_changes(%L)', t || '_upd', t, acc);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION log_changes(%L)', t || '_del', t, acc);
  END LOOP;
END $$;

-- In a team database an account's owner is the CSM login that owns it: the owner column
-- every reader shows (and `--mine` / the agenda's "mine" match) follows owner_login, which
-- only assign() changes. A file's or a form's owner text does not decide access.
CREATE FUNCTION owner_is_login() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.owner := NEW.owner_login::text;
  RETURN NEW;
END $$;
CREATE TRIGGER account_owner BEFORE INSERT OR UPDATE ON account FOR EACH ROW EXECUTE FUNCTION owner_is_login();

-- Row security. Accounts: read mine, my team's, co-owned, or all as a lead; write mine,
-- co-owned, or all as a lead. Children follow their account (the EXISTS is itself filtered
-- by account's policy). Separate INSERT/UPDATE/DELETE policies keep can_write() off reads.
ALTER TABLE account ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON account FOR SELECT USING ((SELECT is_lead())
  OR owner_login = ANY ((SELECT team_logins())::name[])
  OR id = ANY ((SELECT co_owned())::bigint[]));
CREATE POLICY ins ON account FOR INSERT WITH CHECK (owner_login = current_user OR (SELECT is_lead()));
CREATE POLICY upd ON account FOR UPDATE USING ((SELECT is_lead()) OR owner_login = current_user
  OR id = ANY ((SELECT co_owned())::bigint[]));
CREATE POLICY del ON account FOR DELETE USING ((SELECT is_lead()) OR owner_login = current_user
  OR id = ANY ((SELECT co_owned())::bigint[]));

-- Writes: can_write() spelled out, not called. A PL/pgSQL SECURITY DEFINER call per row
-- cost ~95 µs (its SET search_path and the is_lead() inside it), 6x the insert itself in
-- a bulk move (`team import-solo`, EXPLAIN ANALYZE of 20k milestones as a lead: 2.2 s,
-- 0.37 s in this form). Here is_lead() and co_owned() are initplans (once per statement)
-- and ownership an index probe of account; the same rows pass.
--
-- Reads: a lead passes on the initplan alone (the EXISTS is never run). For anyone else
-- the EXISTS is one probe of account's primary key per row read, or, when the planner
-- expects many rows, one hash of every account this user may read, built per statement.
-- The planner picks by its row estimate: a detail load asks for one account with
-- `account_id = ?1` (scan.rs), which it estimates at a few rows, so it probes; asked as a
-- range (`BETWEEN ?1 AND ?2`, 0.5% of the table by default in a generic plan) it hashed
-- all 10k accounts for each of the 11 child queries (EXPLAIN ANALYZE as a CSM: 14.5 ms
-- against 0.30 ms per query, and 10x that at 100k).
DO $$
DECLARE t text;
  r text := '(SELECT radar.is_lead()) OR EXISTS (SELECT 1 FROM radar.account a WHERE a.id = account_id)';
  w text := '(SELECT radar.is_lead()) OR EXISTS (SELECT 1 FROM radar.account a WHERE a.id = account_id AND a.owner_login = current_user) OR account_id = ANY ((SELECT radar.co_owned())::bigint[])';
BEGIN
  FOREACH t IN ARRAY ARRAY['term','contact','promise','requirement','complaint','touchpoint','usage','milestone','task','referral'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY read ON %I FOR SELECT USING (%s)', t, r);
    EXECUTE format('CREATE POLICY ins ON %I FOR INSERT WITH CHECK (%s)', t, w);
    EXECUTE format('CREATE POLICY upd ON %I FOR UPDATE USING (%s) WITH CHECK (%s)', t, w, w);
    EXECUTE format('CREATE POLICY del ON %I FOR DELETE USING (%s)', t, w);
  END LOOP;
END $$;

ALTER TABLE requirement_transition ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON requirement_transition FOR SELECT
  USING ((SELECT radar.is_lead()) OR EXISTS (SELECT 1 FROM radar.requirement r WHERE r.id = requirement_id));
DO $$
DECLARE w text := '(SELECT radar.is_lead()) OR EXISTS (SELECT 1 FROM radar.requirement r JOIN radar.account a ON a.id = r.account_id WHERE r.id = requirement_id AND (a.owner_login = current_user OR a.id = ANY ((SELECT radar.co_owned())::bigint[])))';
BEGIN
  EXECUTE format('CREATE POLICY ins ON requirement_transition FOR INSERT WITH CHECK (%s)', w);
  EXECUTE format('CREATE POLICY upd ON requirement_transition FOR UPDATE USING (%s)', w);
  EXECUTE format('CREATE POLICY del ON requirement_transition FOR DELETE USING (%s)', w);
END $$;

-- Derived risk: whoever can read the account may refresh it.
ALTER TABLE risk_cache ENABLE ROW LEVEL SECURITY;
CREATE POLICY read ON risk_cache FOR ALL
  USING ((SELECT radar.is_lead()) OR EXISTS (SELECT 1 FROM radar.account a WHERE a.id = account_id))
  WITH CHECK ((SELECT radar.is_lead()) OR EXISTS (SELECT 1 FROM radar.account a WHERE a.id = account_id));

-- Team-wide settings: everyone reads, leads write.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['fixed_reason','fx_rate'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY read ON %I FOR SELECT USING (true)', t);
    EXECUTE format('CREATE POLICY lead ON %I FOR ALL USING ((SELECT radar.is_lead())) WITH CHECK ((SELECT radar.is_lead()))', t);
  END LOOP;
END $$;

GRANT USAGE ON SCHEMA radar TO radar_csm;
GRANT SELECT ON meta, csm, co_owner, change_log TO radar_csm;
GRANT SELECT, INSERT, DELETE ON account TO radar_csm;
-- Every column but owner_login: an account changes hands only through assign().
GRANT UPDATE (external_id, name, industry, tier, region, owner, currency, target_fit, stage, activated_on,
              forecast, forecast_on, pain_points, why_bought, special_clauses, created_on, version,
              reference_stage, reference_since) ON account TO radar_csm;
GRANT SELECT, INSERT, UPDATE, DELETE ON term, contact, promise, requirement, requirement_transition, complaint,
      touchpoint, usage, milestone, task, referral, risk_cache, fixed_reason, fx_rate, import_mapping TO radar_csm;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA radar TO radar_csm;
REVOKE ALL ON FUNCTION assign(bigint, name, boolean), prune_change_log(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION assign(bigint, name, boolean) TO radar_csm;
REVOKE ALL ON FUNCTION analyze_book() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analyze_book() TO radar_csm;
