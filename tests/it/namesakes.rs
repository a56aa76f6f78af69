//! Accounts sharing a name are told apart in the agenda and in search everything (`C-f`)
//! as the portfolio list tells them apart (`[CRM id]`, else `[#number]`): two "Aperture
//! Fitness Ltd" read the same there (CSM trial).

use crate::support::tui_edit::today;
use radar::domain::*;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::Msg;

/// The demo book with the second of two accounts that have agenda items renamed to the
/// first's name: (store, the name, both ids and CRM ids).
fn namesakes() -> (Store, String, [(AccountId, String); 2]) {
    let mut s = Store::open_in_memory().unwrap();
    crate::support::tui_edit::demo_into(&mut s, 180);
    // Two accounts on everyone's agenda today, with CRM ids.
    let mut h = Harness::new(s, Lang::En, today(), (120, 35));
    h.app.agenda.me = Some("Team Lead".into());
    h.keys("a");
    let rows = &h.app.agenda.data.as_ref().unwrap().rows;
    let mut ids: Vec<AccountId> = rows.iter().map(|r| r.item.account_id).collect();
    ids.dedup();
    let mut s = std::mem::replace(&mut h.worker.store, Store::open_in_memory().unwrap());
    let [a, b] = [ids[0], ids[1]].map(|id| s.load_facts(id).unwrap().unwrap().account);
    let mut renamed = b.clone();
    renamed.name = a.name.clone();
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    radar::refresh::apply(
        &mut s,
        &Edit::SaveAccount { account: renamed, term: None },
        now,
        &Default::default(),
    )
    .unwrap();
    let ext = |x: &Account| x.external_id.clone().expect("a CRM id");
    let both = [(a.id, ext(&a)), (b.id, ext(&b))];
    (s, a.name, both)
}

#[test]
fn the_agenda_and_search_everything_tell_namesakes_apart() {
    for lang in [Lang::En, Lang::ZhCn] {
        for size in [(120, 35), (80, 24)] {
            let (s, name, both) = namesakes();
            let mut h = Harness::new(s, lang, today(), size);
            h.app.agenda.me = Some("Team Lead".into());
            h.keys("a");
            let screen = h.screen();
            for (id, ext) in &both {
                // At 80 columns the agenda's name column has room for the #number only.
                let tag = if size.0 >= 120 { format!("[{ext}]") } else { format!("[#{}]", id.0) };
                assert!(screen.contains(&tag), "{lang:?} {size:?}: {tag} in the agenda:\n{screen}");
            }
            h.keys("d");
            h.send(Msg::Key(ratatui::crossterm::event::KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Char('f'),
                ratatui::crossterm::event::KeyModifiers::CONTROL,
            )));
            h.send(Msg::Paste(name.clone()));
            let screen = h.screen();
            for (_, ext) in &both {
                assert!(
                    screen.contains(&format!("[{ext}]")),
                    "{lang:?} {size:?}: {ext} in the finder:\n{screen}"
                );
            }
        }
    }
}
