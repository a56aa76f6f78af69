//! `c` in the agenda logs a touchpoint on the selected item's account, as on the dashboard
//! (a CSM working the agenda calls the customer; `c` there did nothing, without a word), and
//! its "with" offers that account's contacts (it offered nobody: the agenda holds none).
//! Beside it, two messages the agenda's keys lead to: the undo key a save names, and the
//! refusal of a sheet for an account deleted meanwhile, both in the user's language.

use crate::support::store_edit::today;
use crate::support::tui_edit::{choose, form};
use radar::domain::agenda::AgendaKind;
use radar::domain::agenda_rank::Line;
use radar::domain::{AccountId, Contact};
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::forms::FieldKey as F;
use radar::tui::harness::Harness;
use radar::tui::modals::Modal;
use radar::tui::msg::{Effect, Msg, Reply};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The agenda of a 60-account demo, an item of an account with an active contact selected.
fn agenda_on_an_item_with_a_contact() -> (Harness, AccountId, String, Contact) {
    let mut s = Store::open_in_memory().unwrap();
    let opts = radar::demo::DemoOptions { accounts: 60, seed: 1, today: today() };
    let mut facts = radar::demo::generate_range(&opts, 0..60).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    let mut h = Harness::new(s, Lang::ZhCn, today(), (120, 35));
    h.app.agenda.asked_me = true;
    h.keys("a");
    let lines = h.app.agenda.lines().to_vec();
    for (i, l) in lines.iter().enumerate() {
        if !matches!(l, Line::Item { .. }) {
            continue;
        }
        h.app.agenda.cursor.selected = i;
        let row = h.app.agenda.selected_row().cloned().expect("the selected item");
        let f = h.worker.store.load_facts(row.item.account_id).unwrap().unwrap();
        if let Some(c) = f.contacts.iter().find(|c| c.active_on(today())) {
            return (h, row.item.account_id, row.account.to_string(), c.clone());
        }
    }
    panic!("no agenda item's account has an active contact");
}

fn touchpoints(h: &Harness, id: AccountId) -> Vec<radar::domain::Touchpoint> {
    h.worker.store.load_facts(id).unwrap().unwrap().touchpoints
}

#[test]
fn c_in_the_agenda_logs_a_touchpoint_with_one_of_the_accounts_contacts() {
    let (mut h, id, account, contact) = agenda_on_an_item_with_a_contact();
    let before = touchpoints(&h, id).len();
    h.keys("c");
    assert!(matches!(h.app.modals.last(), Some(Modal::Form(_))), "{:?}", h.app.modals.last());
    let screen = h.screen();
    let start: String = account.chars().take(12).collect();
    assert!(
        screen.contains(&format!("记录客户接触 · {start}")),
        "the form names the item's account: {screen}"
    );
    let field = form(&h).index(F::Contact).expect("a with field");
    let offered = format!("{:?}", form(&h).fields[field]);
    assert!(offered.contains(&contact.name), "with offers {}: {offered}", contact.name);
    choose(&mut h, F::Contact, &contact.name);
    // On to the note; a pasted multi-line note.
    h.key(KeyCode::Tab);
    h.app.update(Msg::Paste("电话：确认续约预算 🚀\n下周再跟进".into()));
    h.key(KeyCode::Enter);
    assert!(h.app.modals.is_empty(), "saved: {}", h.screen());
    let after = touchpoints(&h, id);
    assert_eq!(after.len(), before + 1, "one touchpoint stored on {account}");
    let t = after.iter().find(|t| t.note == "电话：确认续约预算 🚀\n下周再跟进").expect("the note");
    assert_eq!((t.date, t.contact_id), (today(), Some(contact.id)));
}

/// `:task` in the agenda offers the account's contacts too.
#[test]
fn a_task_from_the_agenda_offers_the_accounts_contacts() {
    let (mut h, _, _, contact) = agenda_on_an_item_with_a_contact();
    h.keys(":task");
    h.key(KeyCode::Enter);
    let field = form(&h).index(F::Contact).expect("a contact field");
    let offered = format!("{:?}", form(&h).fields[field]);
    assert!(offered.contains(&contact.name), "the task form offers {}: {offered}", contact.name);
}

/// The form waits for the contacts, the status bar saying so; keys typed meanwhile wait for
/// it (`typed_ahead`), Esc gives up on it; if the selection moved to another account's item
/// or the agenda was left when they come, nothing opens unasked and the status bar says so
/// (a form over another account would log the call on the wrong one); contacts of another
/// account never open a form; an account deleted meanwhile opens none.
#[test]
fn contacts_that_come_late_open_nothing_unasked() {
    let (mut h, id, account, contact) = agenda_on_an_item_with_a_contact();
    let c = || Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let fx = h.update_only(c());
    assert_eq!(fx, vec![Effect::LoadContacts(id)]);
    assert!(h.app.modals.is_empty(), "the form waits for the contacts");
    // It says that keys typed now go into the form, and how to give up on it.
    let coming = format!("正在打开{account}的表单……输入的内容会填入表单 · Esc 放弃");
    assert_eq!(h.app.message.as_deref(), Some(coming.as_str()));
    // Another account's contacts: not the ones asked for.
    h.send(Msg::Db(Reply::Contacts(AccountId(id.0 + 100_000), Some(vec![contact.clone()]))));
    assert!(h.app.modals.is_empty());
    // Help (`?`) typed meanwhile waits for the form; Esc gives up on the form.
    assert!(h.update_only(Msg::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE))).is_empty());
    assert!(h.app.overlay.is_none(), "kept for the form, not run on the agenda");
    h.key(KeyCode::Esc);
    assert_eq!(h.app.view, radar::tui::app::View::Agenda, "Esc gave up on the form, not the agenda");
    assert!(h.app.message.clone().unwrap_or_default().contains("已取消"), "{:?}", h.app.message);
    h.send(Msg::Db(Reply::Contacts(id, Some(vec![contact.clone()]))));
    assert!(h.app.modals.is_empty() && h.app.overlay.is_none(), "{:?}", h.app.modals.last());
    // The selection moved to another account's item meanwhile (by the mouse, or a reload):
    // no form over it, and the key to press again is named.
    let home = h.app.agenda.cursor.selected;
    let fx = h.update_only(c());
    assert_eq!(fx, vec![Effect::LoadContacts(id)]);
    let other = (0..h.app.agenda.lines().len()).find(|&i| {
        h.app.agenda.cursor.selected = i;
        h.app.agenda.selected_row().is_some_and(|r| r.item.account_id != id)
    });
    assert!(other.is_some(), "another account's item");
    h.send(Msg::Db(Reply::Contacts(id, Some(vec![contact.clone()]))));
    assert!(h.app.modals.is_empty(), "{:?}", h.app.modals.last());
    let said = h.app.message.clone().unwrap_or_default();
    assert!(said.contains(&account) && said.contains("表单未打开"), "{said}");
    assert!(said.ends_with("再按一次 c"), "names the key to press again: {said}");
    h.app.agenda.cursor.selected = home;
    // Back on the dashboard meanwhile (not by a key: those wait for the form).
    let fx = h.update_only(c());
    assert_eq!(fx, vec![Effect::LoadContacts(id)]);
    h.app.view = radar::tui::app::View::Dashboard;
    h.send(Msg::Db(Reply::Contacts(id, Some(vec![contact.clone()]))));
    assert!(h.app.modals.is_empty(), "{:?}", h.app.modals.last());
    h.app.view = radar::tui::app::View::Agenda;
    // The account deleted meanwhile: said, no form.
    let fx = h.update_only(c());
    let Some(Effect::LoadContacts(asked)) = fx.first().cloned() else { panic!("{fx:?}") };
    h.send(Msg::Db(Reply::Contacts(asked, None)));
    assert!(h.app.modals.is_empty());
    assert!(h.app.message.clone().unwrap_or_default().contains("已在别处被删除"), "{:?}", h.app.message);
    // A failed read: said, and the keys are the agenda's again.
    let fx = h.update_only(c());
    let Some(Effect::LoadContacts(asked)) = fx.first().cloned() else { panic!("{fx:?}") };
    // Another failure (a backup, a search) does not cancel the form on its way.
    h.send(Msg::Db(Reply::Error("备份失败".into())));
    assert!(h.app.form_on_its_way());
    h.send(Msg::Db(Reply::ContactsFailed(asked, "磁盘读取失败".into())));
    assert!(!h.app.form_on_its_way());
    h.keys("?");
    assert!(h.app.overlay.is_some(), "keys act on the agenda again");
}

/// Typed fast after `c` (a burst, a paste): the keys go into the form once it opens, never
/// to the agenda under it (`D` there completed the item's milestone before the form came).
#[test]
fn keys_typed_before_the_form_opens_go_into_it() {
    let (mut h, id, _, contact) = agenda_on_an_item_with_a_contact();
    let before = h.worker.store.load_facts(id).unwrap().unwrap();
    let key = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let fx = h.update_only(key('c'));
    assert_eq!(fx, vec![Effect::LoadContacts(id)]);
    // From the kind on to the note (kind, with, note), then words of agenda keys' letters.
    for _ in 0..2 {
        assert!(h.update_only(Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE))).is_empty());
    }
    for c in "Done deal ".chars() {
        assert!(h.update_only(key(c)).is_empty(), "{c} acted on the agenda");
    }
    assert!(h.update_only(Msg::Paste("电话 🚀\n第二行".into())).is_empty());
    assert!(h.app.modals.is_empty() && h.app.overlay.is_none());
    assert_eq!(h.app.typed_ahead.len(), 13, "two tabs, ten keys, a paste kept");
    h.send(Msg::Db(Reply::Contacts(id, Some(vec![contact]))));
    assert!(matches!(h.app.modals.last(), Some(Modal::Form(_))), "{:?}", h.app.modals.last());
    let note = form(&h).index(F::Note).expect("a note field");
    assert_eq!(
        form(&h).fields[note].input.text(),
        "Done deal 电话 🚀\n第二行",
        "typed into the note, in order"
    );
    assert!(!h.app.form_on_its_way() && h.app.typed_ahead.is_empty());
    let after = h.worker.store.load_facts(id).unwrap().unwrap();
    assert_eq!(after.milestones, before.milestones, "no milestone completed under the form");
    assert_eq!(after.touchpoints, before.touchpoints, "nothing saved yet");
}

/// A save answered while help is open names the undo key of the view under it (`u`): it was
/// looked up in help's keys, which have none, and the status bar said "按  撤销".
#[test]
fn a_save_answered_under_help_names_the_undo_key() {
    let (mut h, _, _, _) = agenda_on_an_item_with_a_contact();
    let lines = h.app.agenda.lines().to_vec();
    let milestone = (0..lines.len()).find(|&i| {
        h.app.agenda.cursor.selected = i;
        matches!(lines[i], Line::Item { .. })
            && h.app.agenda.selected_row().is_some_and(|r| r.item.kind == AgendaKind::Milestone)
    });
    h.app.agenda.cursor.selected = milestone.expect("a milestone on the agenda");
    let fx = h.update_only(Msg::Key(KeyEvent::new(KeyCode::Char('D'), KeyModifiers::NONE)));
    assert!(fx.iter().any(|e| matches!(e, Effect::Apply { .. })), "{fx:?}");
    h.keys("?");
    assert!(h.app.overlay.is_some(), "help open");
    h.settle(fx);
    let said = h.app.message.clone().unwrap_or_default();
    assert!(said.ends_with("按 u 撤销。"), "{said}");
}

/// The handover sheet or value report of an account deleted meanwhile is refused in the
/// interface language (it said "the account no longer exists" in English).
#[test]
fn a_sheet_for_a_deleted_account_is_refused_in_the_users_language() {
    let (mut h, _, _, _) = agenda_on_an_item_with_a_contact();
    for effect in [Effect::WriteHandover(AccountId(999_999)), Effect::WriteReview(AccountId(999_999))] {
        let mut replies = Vec::new();
        h.worker.handle(&effect, &mut |r| replies.push(r));
        let said = format!("{replies:?}");
        assert!(said.contains("该客户已不存在（已在别处删除）"), "{said}");
    }
}
