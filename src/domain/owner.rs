//! Which accounts a command covers (issue 16, per owner): everyone's, or one CSM's, by
//! the account's `owner`. Names match trimmed, case-insensitively, with runs of spaces as
//! one (a name typed on the command line against one typed into a CRM), never by prefix:
//! "Li" must not take in "Li Na"'s book. In team mode "mine" also covers the accounts the
//! login co-owns (`radar team assign --co-owner`): they match by id, whoever owns them.

use super::account::AccountId;

/// How many accounts an owner has, and how many of those are churned (no open term: the
/// rule of `capacity::Book::add`). A CSM's book is `accounts - churned`, as the metrics
/// pane and `report --by owner` count it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct OwnerCount {
    pub owner: String,
    pub accounts: usize,
    pub churned: usize,
}

impl OwnerCount {
    /// The accounts in the owner's book: not churned.
    pub fn book(&self) -> usize {
        self.accounts.saturating_sub(self.churned)
    }
}

/// The accounts a team login co-owns (by id), with the login: they count as its own
/// wherever "mine" is that login. A solo file has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoOwned {
    pub login: String,
    /// Sorted, without repeats.
    ids: Vec<AccountId>,
}

impl CoOwned {
    pub fn new(login: &str, mut ids: Vec<AccountId>) -> CoOwned {
        ids.sort_unstable();
        ids.dedup();
        CoOwned { login: login.to_string(), ids }
    }

    /// The accounts `me` co-owns: these when `me` is the login (names compared as owners
    /// are), none for anyone else (a name picked in the dashboard's "who are you?").
    pub fn of(&self, me: &str) -> &[AccountId] {
        if owner_key(me) == owner_key(&self.login) { &self.ids } else { &[] }
    }
}

/// An owner to keep, or none (every account). A named owner may also cover some accounts
/// by id (the ones the login co-owns), whoever their owner is. No `Default`: "every
/// account" is said as `all()` (a derived default was the same value, and cargo-mutants
/// could not tell `all()` from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerFilter {
    key: Option<String>,
    /// Sorted, without repeats; empty when `key` is None (every account is covered).
    also: Vec<AccountId>,
}

/// The form two owner names are compared in.
pub fn owner_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl OwnerFilter {
    /// Every account.
    pub fn all() -> OwnerFilter {
        OwnerFilter { key: None, also: Vec::new() }
    }

    /// The accounts of the owner `name`.
    pub fn named(name: &str) -> OwnerFilter {
        OwnerFilter { key: Some(owner_key(name)), also: Vec::new() }
    }

    /// "Mine": the accounts `me` owns and those it co-owns (`co`); None when that is no
    /// account at all (`owns` says whether some account's owner is `me`): then a command
    /// covers everyone's, as for a team lead who owns none.
    pub fn mine(me: &str, owns: bool, co: &CoOwned) -> Option<OwnerFilter> {
        (owns || !co.of(me).is_empty()).then(|| OwnerFilter::named_with(me, co))
    }

    /// The accounts of the owner `me` and those `me` co-owns (`co`).
    pub fn named_with(me: &str, co: &CoOwned) -> OwnerFilter {
        OwnerFilter { key: Some(owner_key(me)), also: co.of(me).to_vec() }
    }

    /// Whether the account `id`, owned by `owner`, is covered: its owner's name matches,
    /// or it is one of the accounts covered by id.
    pub fn covers(&self, owner: &str, id: AccountId) -> bool {
        self.matches_name(owner) || self.also.binary_search(&id).is_ok()
    }

    /// Whether `account` is covered (`covers` with its owner and id).
    pub fn covers_account(&self, account: &super::account::Account) -> bool {
        self.covers(&account.owner, account.id)
    }

    /// Whether an account owned by `owner` is covered by its owner's name alone. Where the
    /// account's id is known, `covers`: this one misses the accounts covered by id.
    pub fn matches_name(&self, owner: &str) -> bool {
        self.key.as_ref().is_none_or(|k| *k == owner_key(owner))
    }

    /// The accounts covered by id besides the owner's own (sorted; empty for `all`).
    pub fn accounts(&self) -> &[AccountId] {
        &self.also
    }

    pub fn is_all(&self) -> bool {
        self.key.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_match_whole_and_without_case_or_spacing() {
        let f = OwnerFilter::named("  alex   KIM ");
        assert!(f.matches_name("Alex Kim"));
        assert!(!f.matches_name("Alex Kimball"));
        assert!(!f.matches_name("Alex"));
        assert!(!f.matches_name(""));
        let zh = OwnerFilter::named("张伟");
        assert!(zh.matches_name(" 张伟 ") && !zh.matches_name("张伟伟"));
        assert!(OwnerFilter::all().matches_name("") && OwnerFilter::all().matches_name("anyone"));
        assert!(OwnerFilter::all().is_all() && !zh.is_all());
    }

    #[test]
    fn mine_covers_what_i_own_and_what_i_co_own_and_falls_back_only_with_neither() {
        let co = CoOwned::new("bob", vec![AccountId(7), AccountId(3), AccountId(7)]);
        // Bob owns nothing by name but co-owns 3 and 7: those, and nothing of alice's else.
        let mine = OwnerFilter::mine(" Bob ", false, &co).expect("co-owned accounts are mine");
        assert!(mine.covers("alice", AccountId(3)) && mine.covers("alice", AccountId(7)));
        assert!(!mine.covers("alice", AccountId(4)) && !mine.is_all());
        let alices = |id| {
            let mut a = crate::domain::Account::new(
                "Acme",
                crate::domain::Tier::Mid,
                crate::domain::Currency::CNY,
                Default::default(),
            );
            (a.id, a.owner) = (AccountId(id), "alice".into());
            a
        };
        assert!(mine.covers_account(&alices(3)) && !mine.covers_account(&alices(4)));
        assert!(mine.covers("BOB", AccountId(99)), "his own, by name");
        assert!(!mine.matches_name("alice"), "by name alone the co-owned account is not his");
        assert_eq!(mine.accounts(), &[AccountId(3), AccountId(7)]);
        // Owning nothing and co-owning nothing: no "mine" (everyone's, the lead's case).
        assert_eq!(OwnerFilter::mine("dave", false, &co), None);
        assert_eq!(OwnerFilter::mine("dave", false, &CoOwned::default()), None);
        // Someone else picked as "me" does not take the login's co-owned accounts.
        let carol = OwnerFilter::mine("carol", true, &co).unwrap();
        assert!(!carol.covers("alice", AccountId(3)) && carol.accounts().is_empty());
        assert!(OwnerFilter::named("bob").accounts().is_empty() && OwnerFilter::all().accounts().is_empty());
    }

    proptest! {
        /// "Mine" covers an account exactly when its owner is me or I co-own it; every
        /// account when all; a name alone never covers a co-owned account of another's.
        #[test]
        fn mine_covers_exactly_my_owned_and_co_owned_accounts(
            co in proptest::collection::vec(0i64..20, 0..6),
            owns in any::<bool>(),
            accounts in proptest::collection::vec((0i64..20, prop_oneof![Just("me"), Just(" ME "), Just("alice")]), 0..30),
        ) {
            let ids: Vec<AccountId> = co.iter().copied().map(AccountId).collect();
            let co_owned = CoOwned::new("me", ids.clone());
            match OwnerFilter::mine("Me", owns, &co_owned) {
                None => prop_assert!(!owns && co.is_empty()),
                Some(f) => {
                    for (id, owner) in &accounts {
                        let want = owner_key(owner) == "me" || co.contains(id);
                        prop_assert_eq!(f.covers(owner, AccountId(*id)), want);
                        prop_assert!(OwnerFilter::all().covers(owner, AccountId(*id)));
                        prop_assert!(!OwnerFilter::named("Me").covers("alice", AccountId(*id)));
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn a_name_always_matches_itself_and_all_matches_everything(name in "\\PC{0,20}") {
            prop_assert!(OwnerFilter::named(&name).matches_name(&name));
            prop_assert!(OwnerFilter::named(&name.to_uppercase()).matches_name(&name.to_lowercase())
                || name.to_uppercase().to_lowercase() != name.to_lowercase());
            prop_assert!(OwnerFilter::all().matches_name(&name));
        }
    }
}
