//! An account's keys, its CRM id and its name. A CRM id names one account (imports match
//! rows to accounts by it): saving an account with another account's id is refused by name,
//! in the user's language, and writes nothing (the form said "database error: UNIQUE
//! constraint failed: account.external_id"). `handover`/`review` find an account by either
//! key whatever the case when only one answers (helper's trial, session 21). Both engines.

use crate::both;
use crate::support::store_edit::*;
use radar::domain::actions::ActionError;
use radar::domain::*;
use radar::i18n::Lang;
use radar::refresh;
use radar::store::{Named, StoreError};

both!(another_accounts_crm_id_is_refused_by_name, |db| {
    let mut s = seeded(&db, 3);
    let taken = facts_with(&s, |f| f.account.external_id.is_some()).account;
    let ext = taken.external_id.clone().unwrap();
    let before = db.dump();
    // A new account, then an existing one, given that id.
    let mut new = Account::new("成都天府云图信息技术有限公司", Tier::Small, Currency::CNY, today());
    new.external_id = Some(ext.clone());
    let mut other = facts_with(&s, |f| f.account.id != taken.id).account;
    other.external_id = Some(ext.clone());
    for account in [new, other] {
        let err =
            refresh::apply(&mut s, &Edit::SaveAccount { account, term: None }, now(), &cfg()).unwrap_err();
        let StoreError::Refused(e @ ActionError::ExternalIdTaken { .. }) = &err else { panic!("{err}") };
        assert_eq!(
            e.render(Lang::En),
            format!(
                "the CRM id {ext} is already {}'s: each account has its own (nothing was saved)",
                taken.name
            )
        );
        assert!(e.render(Lang::ZhCn).starts_with(&format!("CRM 编号 {ext} 已属于 {}", taken.name)));
        assert_eq!(db.dump(), before, "nothing written");
    }
    // Its own id, and no id at all, save as before.
    let mut same = taken.clone();
    same.industry = "Retail".into();
    refresh::apply(&mut s, &Edit::SaveAccount { account: same, term: None }, now(), &cfg()).unwrap();
    let mut none = Account::new("No CRM id", Tier::Small, Currency::CNY, today());
    none.external_id = None;
    refresh::apply(&mut s, &Edit::SaveAccount { account: none, term: None }, now(), &cfg()).unwrap();
});

both!(an_account_is_found_by_either_key_whatever_the_case_when_only_one_answers, |db| {
    let mut s = seeded(&db, 3);
    let a = facts_with(&s, |f| f.account.name.chars().any(|c| c.is_ascii_alphabetic())).account;
    let ext = a.external_id.clone().unwrap();
    for key in [a.name.to_lowercase(), a.name.to_uppercase(), ext.to_lowercase(), a.name.clone(), ext.clone()]
    {
        assert_eq!(s.find_account(&key).unwrap().map(|f| f.id), Some(a.id), "{key}");
    }
    assert_eq!(s.find_account("no such account").unwrap(), None);
    // Beyond ASCII, the same on both engines.
    let mut ecole = Account::new("École Ñandú 成都", Tier::Small, Currency::CNY, today());
    ecole.external_id = Some("ÉC-1".into());
    refresh::apply(&mut s, &Edit::SaveAccount { account: ecole, term: None }, now(), &cfg()).unwrap();
    for key in ["école ñandú 成都", "ÉCOLE ÑANDÚ 成都", "éc-1"] {
        assert_eq!(
            s.find_account(key).unwrap().map(|a| a.name),
            Some("École Ñandú 成都".to_string()),
            "{key}"
        );
    }
    // Two accounts answer to it but for the case: neither is picked.
    let mut twin = Account::new(&a.name.to_uppercase(), Tier::Small, Currency::CNY, today());
    twin.external_id = None;
    refresh::apply(&mut s, &Edit::SaveAccount { account: twin, term: None }, now(), &cfg()).unwrap();
    assert_eq!(s.find_account(&a.name.to_lowercase()).unwrap(), None);
    assert_eq!(s.find_account(&a.name).unwrap().map(|f| f.id), Some(a.id), "the exact name still finds it");
});

both!(an_exact_name_two_accounts_share_finds_neither, |db| {
    let mut s = seeded(&db, 3);
    let a = facts_with(&s, |f| f.account.external_id.is_some()).account;
    let mut twin = Account::new(&a.name, Tier::Small, Currency::CNY, today());
    twin.external_id = Some("TWIN-成都-1".into());
    refresh::apply(&mut s, &Edit::SaveAccount { account: twin, term: None }, now(), &cfg()).unwrap();
    // The name picked one of the two (the first by id) without a word.
    assert_eq!(s.find_account(&a.name).unwrap(), None);
    assert_eq!(s.find_account(a.external_id.as_deref().unwrap()).unwrap().map(|f| f.id), Some(a.id));
    assert_eq!(s.find_account("TWIN-成都-1").unwrap().map(|f| f.name), Some(a.name.clone()));
});

// A key that is one account's CRM id and another's name names neither: both are listed,
// the one whose CRM id is the key by `#id` (typing its CRM id again would name both). It
// picked the CRM id's account without a word.
both!(a_name_that_is_another_accounts_crm_id_names_neither, |db| {
    let mut s = seeded(&db, 3);
    let a = facts_with(&s, |f| f.account.external_id.is_some()).account;
    let ext = a.external_id.clone().unwrap();
    let mut named = Account::new(&ext, Tier::Small, Currency::CNY, today());
    named.external_id = Some("NAMED-成都-2".into());
    refresh::apply(&mut s, &Edit::SaveAccount { account: named, term: None }, now(), &cfg()).unwrap();
    let other = s.find_account("NAMED-成都-2").unwrap().expect("by its own CRM id").id;
    assert_eq!(s.named(&ext).unwrap(), Named::Several(vec![format!("#{}", a.id.0), "NAMED-成都-2".into()]));
    assert_eq!(s.find_account(&ext).unwrap(), None);
    assert_eq!(s.find_account(&format!("#{}", a.id.0)).unwrap().map(|f| f.id), Some(a.id));
    assert_eq!(s.find_account(&format!("#{}", other.0)).unwrap().map(|f| f.name), Some(ext.clone()));
    // Case-folded matches are listed too, by what tells them apart.
    let mut twin = Account::new(&a.name.to_uppercase(), Tier::Small, Currency::CNY, today());
    twin.external_id = None;
    refresh::apply(&mut s, &Edit::SaveAccount { account: twin, term: None }, now(), &cfg()).unwrap();
    let low = a.name.to_lowercase();
    if low != a.name && a.name.to_uppercase() != a.name {
        let twin = s.find_account(&a.name.to_uppercase()).unwrap().expect("the twin, by its exact name").id;
        assert_eq!(s.named(&low).unwrap(), Named::SeveralByCase(vec![ext.clone(), format!("#{}", twin.0)]));
    }
});
