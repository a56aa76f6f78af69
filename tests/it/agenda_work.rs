//! The agenda's rules through the store and the app: milestones of an ended term closed as
//! superseded (when the term closes, undoably; once by a migration for older files, idempotently),
//! a due date moved (snooze, reschedule), and the agenda's keys as the harness sees them
//! (who "me" is, what each key sends to the store, what it refuses).
//!
//! The store tests run on both engines (`::sqlite`, `::pg` as alice; issue 18 item 8).
//! SQLite-only: `older_files_are_fixed_once_at_open_…` (a file's fix-up at open, checked in
//! the file), and the harness tests (the app on an in-memory store: no store rule there).

use crate::both;
use crate::support::store_edit::*;
use chrono::{Duration, NaiveDate};
use radar::domain::agenda::AgendaKind;
use radar::domain::agenda_rank::Line;
use radar::domain::*;
use radar::i18n::Lang;
use radar::refresh;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::{Effect, Msg, Reply};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The milestone of `after` that is `m` (pending, derived: its row, once one was decided,
/// has a fresh id), by its kind and date.
fn same<'a>(after: &'a AccountFacts, m: &Milestone) -> Option<&'a Milestone> {
    after.milestones.iter().find(|x| x.id == m.id || (x.kind == m.kind && x.due == m.due && x.id.0 > 0))
}

fn pending_in(f: &AccountFacts, end: NaiveDate) -> Vec<Milestone> {
    f.milestones.iter().filter(|m| m.status == MilestoneStatus::Pending && m.due <= end).cloned().collect()
}

both!(a_renewal_supersedes_what_its_term_left_pending_and_undo_reopens_it, |db| {
    let mut s = seeded(&db, 30);
    let f = facts_with(&s, |f| f.current_term().is_some_and(|t| !pending_in(f, t.end).is_empty()));
    let t = f.current_term().unwrap().clone();
    let left = pending_in(&f, t.end);
    let edit = renewal_a_year_on(&t);
    let before = db.dump();
    let change = refresh::apply(&mut s, &edit, now(), &cfg()).unwrap();
    let after = s.load_facts(f.account.id).unwrap().unwrap();
    assert!(pending_in(&after, t.end).is_empty(), "nothing of the ended term is left pending");
    for m in &left {
        let now_m = same(&after, m).expect("kept, not deleted");
        assert_eq!(now_m.status, MilestoneStatus::Superseded, "{:?}", m.kind);
        assert_eq!(now_m.done_on, Some(today()), "dated the day the outcome was decided");
    }
    assert!(
        after.milestones.iter().any(|m| m.status == MilestoneStatus::Pending && m.due > t.end),
        "the new term has its own playbook"
    );
    refresh::undo(&mut s, &change, now(), &cfg()).unwrap();
    assert_eq!(values(&db.dump()), values(&before), "undo reopens them exactly");
});

// A renewal countdown step snoozed past the end of its term (a T-30 moved to a day after
// the contract ended, the renewal still being agreed) is closed as superseded with its
// siblings when the renewal is recorded, and kept: it was deleted (helper's trial,
// session 15). A churn closes it too. Undo reopens it where it was.
both!(a_countdown_step_snoozed_past_the_terms_end_is_superseded_not_deleted, |db| {
    let mut s = seeded(&db, 30);
    let mut used = None;
    for renew in [true, false] {
        let f = facts_with(&s, |f| {
            Some(f.account.id) != used
                && f.current_term().is_some_and(|t| {
                    f.milestones.iter().any(|m| {
                        m.kind == MilestoneKind::T30 && m.status == MilestoneStatus::Pending && m.due <= t.end
                    })
                })
        });
        used = Some(f.account.id);
        let end = f.current_term().unwrap().end;
        let t30 = f.milestones.iter().find(|m| m.kind == MilestoneKind::T30 && m.due <= end).unwrap().clone();
        let target = RowKey { kind: RowKind::Milestone, id: t30.id.0 };
        let past_end = end + Duration::days(6);
        refresh::apply(
            &mut s,
            &Edit::Reschedule { target, version: t30.version, due: past_end },
            now(),
            &cfg(),
        )
        .unwrap();
        let a = s.load_facts(f.account.id).unwrap().unwrap();
        // The snoozed step has a row now (a fresh id).
        let t30 =
            a.milestones.iter().find(|m| m.kind == MilestoneKind::T30 && m.due == past_end).unwrap().clone();
        let t = a.current_term().unwrap().clone();
        let before = db.dump();
        let edit = if renew { renewal_a_year_on(&t) } else { churn_of(&a, today(), ChurnReason::Price, "") };
        let change = refresh::apply(&mut s, &edit, now(), &cfg()).unwrap();
        let after = s.load_facts(f.account.id).unwrap().unwrap();
        let kept = after.milestones.iter().find(|m| m.id == t30.id).expect("kept, not deleted");
        assert_eq!(
            (kept.status, kept.due, kept.done_on),
            (MilestoneStatus::Superseded, past_end, Some(today()))
        );
        if renew {
            let next_t30 = t.end + Duration::days(365) - Duration::days(30);
            assert!(
                after.milestones.iter().any(|m| m.kind == MilestoneKind::T30
                    && m.due == next_t30
                    && m.status == MilestoneStatus::Pending),
                "the new term has its own T-30"
            );
        }
        refresh::undo(&mut s, &change, now(), &cfg()).unwrap();
        assert_eq!(values(&db.dump()), values(&before), "undo puts it back");
    }
});

#[test]
fn older_files_are_fixed_once_by_a_migration_and_the_fix_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    drop(seeded_file(&path, 60));
    // What a file written before the rule holds: every milestone stored (before V21, which
    // keeps only decisions), and pending ones inside ended terms.
    let derived: Vec<Milestone> = {
        let s = Store::open(&path).unwrap();
        s.load_all_facts().unwrap().into_iter().flat_map(|f| f.milestones).filter(|m| m.id.0 < 0).collect()
    };
    let c = rusqlite::Connection::open(&path).unwrap();
    for m in &derived {
        c.execute(
            "INSERT INTO milestone (account_id, kind, due, status, note, version) VALUES (?1, ?2, ?3, 'pending', '', 1)",
            rusqlite::params![m.account_id.0, m.kind.to_string(), m.due.to_string()],
        )
        .unwrap();
    }
    let reopened = c
        .execute("UPDATE milestone SET status = 'pending', done_on = NULL WHERE status = 'superseded'", [])
        .unwrap();
    assert!(reopened > 0, "the demo has milestones of ended terms");
    // Written before V13 (the migration that closes them once per file, issue 19), and so
    // before V14 (the report's shares in the risk cache, the terms' end index) and V15
    // (the agenda's indexes), V16 (the currency tally), V17 (the index's merging), V18
    // (the score tally), V19 (the report's index of the shares) and V20 (its band) too.
    c.execute_batch(
        "DROP INDEX risk_cache_share; DROP TRIGGER risk_tally_i; DROP TRIGGER risk_tally_d; DROP TABLE risk_tally; \
         DROP TRIGGER currency_tally_i; DROP TRIGGER currency_tally_u; DROP TRIGGER currency_tally_d; \
         DROP TABLE currency_tally; DELETE FROM search_index_config WHERE k = 'automerge'; \
         DROP INDEX account_currency; DROP INDEX account_owner; DROP INDEX term_end; \
         DROP INDEX touchpoint_kind_date; DROP INDEX requirement_transition_delivered; \
         ALTER TABLE risk_cache DROP COLUMN rate_should_activate; ALTER TABLE risk_cache DROP COLUMN rate_activated; \
         ALTER TABLE risk_cache DROP COLUMN rate_live; ALTER TABLE risk_cache DROP COLUMN rate_target; \
         ALTER TABLE risk_cache DROP COLUMN rate_breadth_bp; ALTER TABLE milestone DROP COLUMN origin",
    )
    .unwrap();
    // V12 to V21 undone above: the file as schema 11 (`user_version`) left it.
    c.pragma_update(None, "user_version", 11).unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    let first = s.dump().unwrap();
    drop(s);
    let c = rusqlite::Connection::open(&path).unwrap();
    let q = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(q("SELECT count(*) FROM milestone WHERE status = 'superseded'"), reopened as i64);
    assert_eq!(
        q("SELECT count(*) FROM milestone m WHERE status = 'pending' AND EXISTS (SELECT 1 FROM term t \
           WHERE t.account_id = m.account_id AND t.outcome IS NOT NULL AND m.due <= t.end)"),
        0
    );
    assert_eq!(
        q(
            "SELECT count(*) FROM milestone m WHERE status = 'superseded' AND done_on IS NOT (SELECT t.decided_on \
           FROM term t WHERE t.account_id = m.account_id AND t.outcome IS NOT NULL AND t.end >= m.due \
           ORDER BY t.end LIMIT 1)"
        ),
        0,
        "dated the day the term's outcome was decided"
    );
    assert_eq!(q("PRAGMA user_version"), radar::store::LATEST_VERSION);
    drop(c);
    let again = Store::open(&path).unwrap().dump().unwrap();
    assert_eq!(again, first, "a second open changes nothing");
}

both!(a_due_date_moves_for_open_items_only_and_undo_puts_it_back, |db| {
    let mut s = seeded(&db, 20);
    let f = facts_with(&s, |f| f.milestones.iter().any(|m| m.status == MilestoneStatus::Pending));
    let m = f.milestones.iter().find(|m| m.status == MilestoneStatus::Pending).unwrap();
    let to = today() + Duration::days(3);
    let target = RowKey { kind: RowKind::Milestone, id: m.id.0 };
    let before = db.dump();
    let c = refresh::apply(&mut s, &Edit::Reschedule { target, version: m.version, due: to }, now(), &cfg())
        .unwrap();
    assert_eq!(c.kind, ChangeKind::Rescheduled(RowKind::Milestone));
    let moved = s.load_facts(f.account.id).unwrap().unwrap();
    let row = moved.milestones.iter().find(|x| x.kind == m.kind && x.origin == Some(m.due)).unwrap();
    assert_eq!((row.due, row.id.0 > 0), (to, true), "moved, and stored");
    refresh::undo(&mut s, &c, now(), &cfg()).unwrap();
    assert_eq!(values(&db.dump()), values(&before));
    // A completed milestone keeps its date: refused, nothing written.
    let done = f.milestones.iter().find(|m| m.status == MilestoneStatus::Done);
    if let Some(d) = done {
        let key = RowKey { kind: RowKind::Milestone, id: d.id.0 };
        let fresh = s.load_facts(f.account.id).unwrap().unwrap();
        let v = fresh.milestones.iter().find(|x| x.id == d.id).unwrap().version;
        let at = db.dump();
        let err =
            refresh::apply(&mut s, &Edit::Reschedule { target: key, version: v, due: to }, now(), &cfg());
        assert!(err.is_err(), "a done milestone was moved");
        assert_eq!(db.dump(), at);
    }
    // An open promise is not moved to before the day it was made (it would read as overdue
    // for longer than it has existed): refused, nothing written; on that day it is moved.
    let f = facts_with(&s, |f| f.promises.iter().any(|p| p.status == PromiseStatus::Open));
    let p = f.promises.iter().find(|p| p.status == PromiseStatus::Open).unwrap();
    let key = RowKey { kind: RowKind::Promise, id: p.id.0 };
    let early = p.made_on - Duration::days(1);
    let at = db.dump();
    let err = refresh::apply(
        &mut s,
        &Edit::Reschedule { target: key, version: p.version, due: early },
        now(),
        &cfg(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains(&format!("was made on {}: it cannot fall due before that", p.made_on)),
        "{err}"
    );
    assert_eq!(db.dump(), at);
    refresh::apply(
        &mut s,
        &Edit::Reschedule { target: key, version: p.version, due: p.made_on },
        now(),
        &cfg(),
    )
    .unwrap();
});

fn harness() -> Harness {
    let mut s = Store::open_in_memory().unwrap();
    let opts = radar::demo::DemoOptions { accounts: 180, seed: 1, today: today() };
    let mut facts = radar::demo::generate_range(&opts, 0..180).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    Harness::new(s, Lang::En, today(), (120, 35))
}

/// The effects of one key, not carried out (a pick of "me" must not write the tester's
/// config file).
fn press(h: &mut Harness, c: char) -> Vec<Effect> {
    h.update_only(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
}

#[test]
fn a_lead_without_accounts_sees_everyone_and_a_pick_is_saved() {
    let mut h = harness();
    h.app.agenda.me = Some("Team Lead".into());
    h.keys("a");
    assert!(h.app.modals.is_empty(), "someone is me: no question");
    assert!(h.screen().contains("Agenda · everyone · overdue and today"), "{}", h.screen());
    // "Who am I": the owners, Li Na among them; picking her saves her and shows hers.
    let fx = press(&mut h, 'i');
    assert!(fx.is_empty());
    h.app.update(Msg::Paste("Li Na".into()));
    let fx = h.update_only(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert_eq!(fx, vec![Effect::SaveUser("Li Na".into())]);
    assert!(h.screen().contains("Agenda · Li Na · overdue and today"), "{}", h.screen());
    let d = h.app.agenda.data.as_ref().unwrap();
    let lines = h.app.agenda.lines().to_vec();
    for l in lines {
        let (Line::Item { row, .. } | Line::Group { first: row, .. }) = l;
        assert_eq!(&*d.rows[row].owner, "Li Na");
    }
}

#[test]
fn each_key_sends_one_edit_for_its_kind_or_says_why_not() {
    let mut h = harness();
    h.app.agenda.me = Some("Li Na".into());
    h.keys("aowt");
    // Kinds cycle: milestone, promise, …; find one line of each kind and press D on it.
    for (kind, expect) in
        [(AgendaKind::Promise, "SetPromiseStatus"), (AgendaKind::Requirement, "MoveRequirement")]
    {
        while h.app.agenda.filter.kind != Some(kind) {
            h.keys("t");
        }
        let pos = h.app.agenda.lines().iter().position(|l| matches!(l, Line::Item { .. }));
        let Some(pos) = pos else { continue };
        h.app.agenda.cursor.selected = pos;
        let fx = press(&mut h, 'D');
        let edits: Vec<String> = fx
            .iter()
            .filter_map(|e| if let Effect::Apply { edit, .. } = e { Some(format!("{edit:?}")) } else { None })
            .collect();
        assert_eq!(edits.len(), 1, "{kind:?}: {fx:?}");
        assert!(edits[0].starts_with(expect), "{kind:?}: {}", edits[0]);
        h.settle(fx);
        assert!(h.app.message.as_deref().is_some_and(|m| m.contains("u undoes it")), "{:?}", h.app.message);
        if kind != AgendaKind::Promise {
            // Snoozing a requirement or complaint is refused, naming why (on an item line:
            // the reload after D may have left the cursor on an account's group line).
            if let Some(pos) = h.app.agenda.lines().iter().position(|l| matches!(l, Line::Item { .. })) {
                h.app.agenda.cursor.selected = pos;
            }
            assert!(press(&mut h, 'z').is_empty());
            assert!(
                h.app.message.as_deref().is_some_and(|m| m.contains("no step has been taken along its loop")),
                "{kind:?}: {:?} on {:?}",
                h.app.message,
                h.app.agenda.lines().get(h.app.agenda.cursor.selected)
            );
        }
    }
    // A complaint is resolved with its cause and improvement (PLAYBOOK §8), which only the
    // resolve form asks for: D on one sends nothing and says where to do it.
    while h.app.agenda.filter.kind != Some(AgendaKind::Complaint) {
        h.keys("t");
    }
    let pos = h.app.agenda.lines().iter().position(|l| matches!(l, Line::Item { .. }));
    h.app.agenda.cursor.selected = pos.expect("a complaint on the agenda");
    assert!(press(&mut h, 'D').is_empty(), "nothing sent");
    let said = h.app.message.clone().unwrap_or_default();
    assert!(said.contains("cause and the improvement") && said.contains("F on the complaint"), "{said}");
}

/// `P` skips a milestone or a task, but rejects a requirement (the reason is what the
/// customer hears): the form says which. It said "Skip" on a requirement (helper's trial).
#[test]
fn skip_on_a_requirement_says_reject() {
    let mut h = harness();
    h.app.agenda.me = Some("Li Na".into());
    h.keys("aow");
    for (kind, title) in [(AgendaKind::Requirement, "Reject · "), (AgendaKind::Milestone, "Skip · ")] {
        while h.app.agenda.filter.kind != Some(kind) {
            h.keys("t");
        }
        let pos = h.app.agenda.lines().iter().position(|l| matches!(l, Line::Item { .. }));
        h.app.agenda.cursor.selected = pos.unwrap_or_else(|| panic!("a {kind:?} on the agenda"));
        h.keys("P");
        let screen = h.screen();
        assert!(screen.contains(title), "{kind:?}: {screen}");
        h.key(KeyCode::Esc);
        assert!(h.app.modals.is_empty());
    }
}

/// Li Na's agenda for the week, milestones only, the first one selected.
fn on_my_first_milestone_this_week() -> Harness {
    let mut h = harness();
    h.app.agenda.me = Some("Li Na".into());
    h.keys("aow");
    while h.app.agenda.filter.kind != Some(AgendaKind::Milestone) {
        h.keys("t");
    }
    let pos = h.app.agenda.lines().iter().position(|l| matches!(l, Line::Item { .. }));
    h.app.agenda.cursor.selected = pos.expect("a milestone on the agenda");
    h
}

/// A snooze, a reschedule or a new follow-up task dated before today is overdue the moment
/// it is saved: the first Enter says so and saves nothing, the second saves it (they were
/// saved without a word: helper's trial). A date from today on saves at once.
#[test]
fn a_date_before_today_is_warned_once_then_saved() {
    let mut h = on_my_first_milestone_this_week();
    let enter = |h: &mut Harness| h.update_only(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let applies = |fx: &[Effect]| fx.iter().filter(|e| matches!(e, Effect::Apply { .. })).count();
    for (keys, past, fine) in [("z", "2026-11-01", "tomorrow"), ("T", "2026-11-01", "+3d")] {
        assert!(h.app.modals.is_empty());
        // The past day: warned, nothing sent; the same again: sent.
        h.keys(keys);
        if keys == "T" {
            h.app.update(Msg::Paste("Call back".into()));
            h.key(KeyCode::Tab);
        }
        h.app.update(Msg::Paste(past.into()));
        assert_eq!(applies(&enter(&mut h)), 0, "{keys}: warned first");
        let screen = h.screen();
        assert!(
            screen.contains("2026-11-01 is before today: overdue at once; save again to keep it"),
            "{screen}"
        );
        let fx = enter(&mut h);
        assert_eq!(applies(&fx), 1, "{keys}: saved the second time");
        h.settle(fx);
        // The selection moved on to the line that followed the worked item, which may be
        // an account's group line (where z opens the group): back on an item.
        let pos = h.app.agenda.lines().iter().position(|l| matches!(l, Line::Item { .. }));
        h.app.agenda.cursor.selected = pos.expect("a milestone on the agenda");
        // A day from today on: saved at once.
        h.keys(keys);
        if keys == "T" {
            h.app.update(Msg::Paste("Call back".into()));
            h.key(KeyCode::Tab);
        }
        h.app.update(Msg::Paste(fine.into()));
        let fx = enter(&mut h);
        assert_eq!(applies(&fx), 1, "{keys}: {fine} saved at once");
        h.settle(fx);
        assert!(h.app.modals.is_empty());
    }
}

/// The warning goes once the date is edited: "2026-11-01 is before today" stayed under the
/// field after it was changed to "+3d" (CSM trial finding), saying the wrong thing.
#[test]
fn a_warning_goes_when_its_date_is_edited() {
    let mut h = on_my_first_milestone_this_week();
    h.keys("z");
    h.app.update(Msg::Paste("2026-11-01".into()));
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("2026-11-01 is before today"), "{}", h.screen());
    h.app.update(Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    h.app.update(Msg::Paste("+3d".into()));
    let screen = h.screen();
    assert!(!screen.contains("is before today"), "a stale warning: {screen}");
    let fx = h.update_only(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    assert_eq!(fx.iter().filter(|e| matches!(e, Effect::Apply { .. })).count(), 1, "saved at once");
}

/// The agenda's rows carry their account's name and owner as the portfolio has them, one
/// string per account and per owner shared by its rows (issue 19: at 100k the agenda holds
/// 159k rows, and a string each was 15 MB of the dashboard's peak).
#[test]
fn agenda_rows_share_their_accounts_and_owners_names() {
    let mut h = harness();
    h.app.agenda.asked_me = true;
    h.keys("a");
    let names: std::collections::HashMap<AccountId, (String, String)> =
        h.app.portfolio.model.rows().iter().map(|r| (r.id, (r.name.clone(), r.owner.clone()))).collect();
    let d = h.app.agenda.data.as_ref().unwrap();
    assert!(d.rows.len() > 180, "several items per account: {}", d.rows.len());
    let mut account_of = std::collections::HashMap::new();
    let mut owner_of = std::collections::HashMap::new();
    for r in &d.rows {
        let (name, owner) = &names[&r.item.account_id];
        assert_eq!((&*r.account, &*r.owner), (name.as_str(), owner.as_str()));
        let first = account_of.entry(r.item.account_id).or_insert_with(|| r.account.clone());
        assert!(std::sync::Arc::ptr_eq(first, &r.account), "a second copy of {name}");
        let first = owner_of.entry(owner.clone()).or_insert_with(|| r.owner.clone());
        assert!(std::sync::Arc::ptr_eq(first, &r.owner), "a second copy of {owner}");
    }
    assert!(account_of.len() < d.rows.len() && owner_of.len() > 1);
}

/// "Mine" reads only my accounts' items (at 100k a fifth of the rows, and of the reload
/// after each item worked); `o` for everyone's reads them all, and back again shows
/// exactly what the narrow read showed.
#[test]
fn mine_reads_only_my_items_and_everyone_reads_them_all() {
    let mut h = harness();
    h.app.agenda.me = Some("Li Na".into());
    let fx = press(&mut h, 'a');
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadAgenda { owner: Some(o), .. } if o == "Li Na")),
        "{fx:?}"
    );
    h.settle(fx);
    let seen = |h: &Harness| {
        let d = h.app.agenda.data.as_ref().unwrap();
        let rows: Vec<_> = h
            .app
            .agenda
            .lines()
            .iter()
            .map(|l| (shape(l), d.rows[row_of(l)].item.clone()))
            .collect::<Vec<_>>();
        (d.owner.clone(), d.rows.len(), rows, h.screen())
    };
    let (owner, narrow, mine, screen) = seen(&h);
    assert_eq!(owner.as_deref(), Some("Li Na"));
    assert!(screen.contains("Agenda · Li Na"), "{screen}");
    let d = h.app.agenda.data.as_ref().unwrap();
    assert!(d.rows.iter().all(|r| &*r.owner == "Li Na"));
    assert!(d.owners.len() > 1, "the picker still counts every owner: {:?}", d.owners);

    // Everyone's: the rows held were Li Na's only, so they are read again.
    let fx = press(&mut h, 'o');
    assert!(h.app.agenda.data.is_none(), "loading, not Li Na's rows under everyone's title");
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadAgenda { owner: None, .. })), "{fx:?}");
    h.settle(fx);
    let (owner, wide, _, screen) = seen(&h);
    assert_eq!(owner, None);
    assert!(wide > narrow, "{wide} rows for everyone, {narrow} for Li Na");
    assert!(screen.contains("Agenda · everyone"), "{screen}");

    // Mine again: everyone's rows cover it, no read; the same lines as the narrow read.
    let fx = press(&mut h, 'o');
    assert!(!fx.iter().any(|e| matches!(e, Effect::LoadAgenda { .. })), "{fx:?}");
    h.settle(fx);
    let (_, _, mine_from_wide, _) = seen(&h);
    assert_eq!(mine_from_wide, mine);
}

/// A line without its row indices (they index different arrays of rows).
fn shape(l: &Line) -> (usize, bool) {
    match *l {
        Line::Item { indented, .. } => (1, indented),
        Line::Group { count, expanded, .. } => (count, expanded),
    }
}

fn row_of(l: &Line) -> usize {
    match *l {
        Line::Item { row, .. } | Line::Group { first: row, .. } => row,
    }
}

/// One round of effects carried out: the effects their replies asked for, not yet run.
fn one_round(h: &mut Harness, fx: Vec<Effect>) -> Vec<Effect> {
    let mut replies = Vec::new();
    for e in &fx {
        h.worker.handle(e, &mut |r| replies.push(r));
    }
    replies.into_iter().flat_map(|r| h.app.update(Msg::Db(r))).collect()
}

/// Each row as the agenda holds it (its item, names and stake), in order.
fn held(h: &Harness) -> Vec<String> {
    rows_of(&h.app.agenda.data.as_ref().unwrap().rows)
}

fn rows_of(rows: &[radar::tui::msg::AgendaRow]) -> Vec<String> {
    rows.iter().map(|r| format!("{:?} {} {} {}", r.item, r.account, r.owner, r.stake)).collect()
}

/// Working an item reads only its account again (`LoadAgendaOf`, not the whole agenda:
/// at 100k that was 1.3 s after every item), and the rows patched in leave the agenda
/// exactly as a whole load reads it: done, skip, snooze, for mine and for everyone's.
#[test]
fn working_an_item_reads_its_account_again_and_the_rows_equal_a_whole_load() {
    for everyone in [false, true] {
        let mut h = harness();
        h.app.agenda.me = Some("Li Na".into());
        h.keys(if everyone { "aow" } else { "aw" });
        let mut worked = Vec::new();
        for key in ['D', 'P', 'z', 'D', 'D', 'z', 'D', 'P'] {
            // The first item line the key works on (a renewal's D, a requirement's
            // snooze, say, are refused); a skip asks for its reason, a snooze its date.
            let items: Vec<usize> = (0..h.app.agenda.lines().len())
                .filter(|&i| matches!(h.app.agenda.lines()[i], Line::Item { .. }))
                .collect();
            let mut found = None;
            for pos in items {
                h.app.agenda.cursor.selected = pos;
                let worked_on = h.app.agenda.selected_row().map(|r| format!("{:?}", r.item)).unwrap();
                let mut fx = press(&mut h, key);
                if !h.app.modals.is_empty() {
                    for c in if key == 'z' { "+3d" } else { "not this quarter" }.chars() {
                        press(&mut h, c);
                    }
                    // Enter saves (the form says "Saving…" until the reply).
                    fx = h.update_only(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
                }
                if fx.iter().any(|e| matches!(e, Effect::Apply { .. })) {
                    found = Some((worked_on, fx));
                    break;
                }
                if !h.app.modals.is_empty() {
                    h.keys("\u{1b}");
                }
            }
            let Some((worked_on, fx)) = found else { continue };
            let after_save = one_round(&mut h, fx);
            assert!(
                after_save.iter().any(|e| matches!(e, Effect::LoadAgendaOf { ids, .. } if ids.len() == 1)),
                "{key}: {after_save:?}"
            );
            assert!(!after_save.iter().any(|e| matches!(e, Effect::LoadAgenda { .. })), "{after_save:?}");
            h.settle(after_save);
            assert!(!h.app.agenda.reloading, "the patch ends the wait");
            let patched = held(&h);
            assert!(!patched.iter().any(|r| r.starts_with(&worked_on)), "{key}: still there: {worked_on}");
            // The whole agenda read now is what the patch left.
            let d = h.app.agenda.data.as_ref().unwrap();
            let whole = Effect::LoadAgenda { days: 7, owner: d.owner.clone(), generation: 0 };
            let mut rows = None;
            h.worker.handle(&whole, &mut |r| {
                if let Reply::Agenda(a, _) = r {
                    rows = Some(rows_of(&a.rows));
                }
            });
            assert_eq!(rows.as_ref(), Some(&patched), "{key}, everyone {everyone}");
            worked.push(key);
        }
        assert!(worked.len() >= 6 && ['D', 'P', 'z'].iter().all(|k| worked.contains(k)), "worked {worked:?}");
    }
}

/// A delivery on one account can make another, churned over the same requirement, a
/// win-back item: the patch after an edit reads every account a win-back may come from,
/// so it equals a whole load there too.
#[test]
fn a_patch_covers_the_win_backs_a_delivery_elsewhere_makes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut s = Store::open(&path).unwrap();
    let opts = radar::demo::DemoOptions { accounts: 180, seed: 1, today: today() };
    let mut facts = radar::demo::generate_range(&opts, 0..180).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    drop(s);
    let c = rusqlite::Connection::open(&path).unwrap();
    // Y: an account with an open requirement; X: a churned one, which named a requirement
    // of the same title as the reason it left.
    let (y, req): (i64, i64) = c
        .query_row(
            "SELECT r.account_id, r.id FROM requirement r JOIN account a ON a.id = r.account_id \
             WHERE r.status NOT IN ('delivered', 'closed', 'rejected') ORDER BY r.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // A title no other requirement has: nothing of it was delivered yet.
    let title = "对接成都天府云图 SSO 🚀";
    c.execute("UPDATE requirement SET title = ?1 WHERE id = ?2", rusqlite::params![title, req]).unwrap();
    let (x, term): (i64, i64) = c
        .query_row(
            "SELECT account_id, id FROM term WHERE outcome = 'churned' AND account_id <> ?1 \
             AND decided_on <= '2026-11-01' AND id = (SELECT max(id) FROM term t2 WHERE t2.account_id = term.account_id) \
             ORDER BY id LIMIT 1",
            [y],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    c.execute(
        "INSERT INTO requirement (account_id, title, category, level, raised_on, status) \
         VALUES (?1, ?2, 'feature', 'p1', '2026-01-05', 'rejected')",
        rusqlite::params![x, title],
    )
    .unwrap();
    let named = c.last_insert_rowid();
    c.execute("UPDATE term SET churn_requirement_id = ?1 WHERE id = ?2", [named, term]).unwrap();
    drop(c);

    let s = Store::open(&path).unwrap();
    let now = today().and_hms_opt(9, 0, 0).unwrap();
    let stall = radar::domain::agenda::StallLimits { p0_days: 14, p1_days: 30 };
    let everyone = radar::domain::owner::OwnerFilter::all();
    let of = |s: &Store, ids: &[AccountId]| {
        radar::scans::agenda_made_of(s, now, 7, stall, &everyone, ids, |i, _, _, _| i, |i| i).unwrap()
    };
    let whole = |s: &Store, accounts: &[AccountId]| -> Vec<String> {
        let all = radar::scans::agenda_made(s, now, 7, stall, &everyone, |i, _, _, _| i, |i| i).unwrap();
        all.iter().filter(|i| accounts.contains(&i.account_id)).map(|i| format!("{i:?}")).collect()
    };
    let (rows, covered) = of(&s, &[AccountId(y)]);
    assert!(covered.contains(&AccountId(x)) && covered.contains(&AccountId(y)), "{covered:?}");
    assert!(!rows.iter().any(|i| i.kind == AgendaKind::WinBack && i.account_id == AccountId(x)));
    drop(s);

    // Y's requirement delivered: X can be won back.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE requirement SET status = 'delivered' WHERE id = ?1", [req]).unwrap();
    c.execute(
        "INSERT INTO requirement_transition (requirement_id, status, at) VALUES (?1, 'delivered', '2026-11-20T10:00:00')",
        [req],
    )
    .unwrap();
    drop(c);
    let s = Store::open(&path).unwrap();
    let (rows, covered) = of(&s, &[AccountId(y)]);
    assert!(
        rows.iter().any(|i| i.kind == AgendaKind::WinBack && i.account_id == AccountId(x)),
        "no win-back for {x}: {rows:?}"
    );
    let patched: Vec<String> = rows.iter().map(|i| format!("{i:?}")).collect();
    assert_eq!(patched, whole(&s, &covered));
}

/// The scores computed again (the first open of a file, a new day) make the agenda read
/// again: opened while the first scoring ran, its stakes were all 0, and a patch after an
/// edit reads only its own accounts' stakes (found as an `e2e_agenda` flake: the first
/// line's account differed from run to run).
#[test]
fn rescored_accounts_make_the_agenda_read_again() {
    let mut h = harness();
    h.app.agenda.me = Some("Li Na".into());
    h.keys("a");
    let fx = h.update_only(Msg::Db(Reply::Rescored));
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadAgenda { .. })), "{fx:?}");
    h.settle(fx);
    // Off the agenda: dropped, read when next shown.
    h.keys("d");
    assert!(h.app.view != radar::tui::app::View::Agenda);
    let fx = h.update_only(Msg::Db(Reply::Rescored));
    assert!(fx.is_empty() && h.app.agenda.data.is_none(), "{fx:?}");
    let fx = press(&mut h, 'a');
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadAgenda { .. })), "{fx:?}");
    // The worker says so when a load found the scores of another day.
    h.worker.now += Duration::days(1);
    let mut replies = Vec::new();
    h.worker.handle(&Effect::LoadPortfolio, &mut |r| replies.push(r));
    assert!(replies.iter().any(|r| matches!(r, Reply::Rescored)), "{} replies", replies.len());
    let mut again = Vec::new();
    h.worker.handle(&Effect::LoadPortfolio, &mut |r| again.push(r));
    assert!(!again.iter().any(|r| matches!(r, Reply::Rescored)), "nothing to rescore the second time");
}

/// D (or Enter) on an account's group line opens the group and selects its first item, for
/// the user to choose; on a header already open it keeps the group open (it used to close
/// it, move to the next account's line and still say "opened below").
#[test]
fn done_on_a_group_line_opens_it_at_its_first_item_and_an_open_one_stays_open() {
    let mut h = harness();
    h.app.agenda.me = Some("Li Na".into());
    h.keys("a");
    let group = |h: &Harness| h.app.agenda.lines().iter().position(|l| matches!(l, Line::Group { .. }));
    let at = group(&h).expect("an account with several items on Li Na's agenda");
    let count = shape(&h.app.agenda.lines()[at]).0;
    for key in ['D', '\n'] {
        for round in ["collapsed", "open"] {
            h.app.agenda.cursor.selected = at;
            let fx = if key == '\n' {
                h.update_only(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)))
            } else {
                press(&mut h, key)
            };
            assert!(fx.is_empty(), "{key:?} on a {round} group sent {fx:?}");
            let lines = h.app.agenda.lines().to_vec();
            assert_eq!(shape(&lines[at]), (count, true), "{key:?} on a {round} group: open after it");
            assert_eq!(h.app.agenda.cursor.selected, at + 1, "{key:?} on a {round} group: on its first item");
            assert_eq!(
                shape(&lines[at + 1]),
                (1, true),
                "{key:?} on a {round} group: an item of it is selected"
            );
            assert!(h.app.message.as_deref().is_some_and(|m| m.contains("below")), "{:?}", h.app.message);
        }
        // Collapsed again for the next key.
        h.app.agenda.cursor.selected = at;
        h.app.agenda.toggle_group();
        assert_eq!(shape(&h.app.agenda.lines()[at]), (count, false));
    }
}

/// An outcomes import closes a term as the dashboard does: what the term left pending is
/// kept as superseded, dated the day decided (it was deleted: the import merged the
/// playbook for the new term first, which drops pending milestones it no longer asks for;
/// helper's trial, session 15). The new term gets its own countdown.
#[test]
fn an_imported_renewal_supersedes_what_its_term_left_pending() {
    use crate::support::cli::{demo_file, radar_ok};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    demo_file(&db, 30, 1);
    let s = Store::open(&db).unwrap();
    let f = facts_with(&s, |f| {
        f.account.currency == Currency::CNY
            && f.current_term().is_some_and(|t| !pending_in(f, t.end).is_empty())
    });
    let t = f.current_term().unwrap().clone();
    let left = pending_in(&f, t.end);
    drop(s);
    let csv = dir.path().join("outcomes.csv");
    let arr = t.arr.minor / 100;
    let id = f.account.external_id.clone().unwrap();
    let row = format!("{id},{},renewed,{arr},{}\n", t.end, today());
    std::fs::write(&csv, format!("account,term_end,outcome,renewed_arr,decided_on\n{row}")).unwrap();
    radar_ok(&db, &["import", "outcomes", csv.to_str().unwrap()]);
    let after = Store::open(&db).unwrap().load_facts(f.account.id).unwrap().unwrap();
    for m in &left {
        let now_m = same(&after, m).expect("kept, not deleted");
        assert_eq!(
            (now_m.status, now_m.done_on),
            (MilestoneStatus::Superseded, Some(today())),
            "{:?}",
            m.kind
        );
    }
    assert!(
        after
            .milestones
            .iter()
            .any(|m| m.kind == MilestoneKind::T0 && m.due > t.end && m.status == MilestoneStatus::Pending)
    );
}
