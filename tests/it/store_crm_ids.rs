//! A CRM id names one account (imports match rows to accounts by it): saving an account
//! with another account's id is refused by name, in the user's language, and writes
//! nothing. The form said "database error: UNIQUE constraint failed: account.external_id"
//! (helper's trial, session 21). Both engines.

use crate::both;
use crate::support::store_edit::*;
use radar::domain::actions::ActionError;
use radar::domain::*;
use radar::i18n::Lang;
use radar::refresh;
use radar::store::StoreError;

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
