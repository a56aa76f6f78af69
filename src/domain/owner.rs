//! Which accounts a command covers (issue 16, per owner): everyone's, or one CSM's, by
//! the account's `owner`. Names match trimmed, case-insensitively, with runs of spaces as
//! one (a name typed on the command line against one typed into a CRM), never by prefix:
//! "Li" must not take in "Li Na"'s book.

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

/// An owner to keep, or none (every account).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnerFilter {
    key: Option<String>,
}

/// The form two owner names are compared in.
pub fn owner_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl OwnerFilter {
    /// Every account.
    pub fn all() -> OwnerFilter {
        OwnerFilter { key: None }
    }

    /// The accounts of the owner `name`.
    pub fn named(name: &str) -> OwnerFilter {
        OwnerFilter { key: Some(owner_key(name)) }
    }

    /// Whether an account owned by `owner` is covered.
    pub fn matches(&self, owner: &str) -> bool {
        self.key.as_ref().is_none_or(|k| *k == owner_key(owner))
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
        assert!(f.matches("Alex Kim"));
        assert!(!f.matches("Alex Kimball"));
        assert!(!f.matches("Alex"));
        assert!(!f.matches(""));
        let zh = OwnerFilter::named("张伟");
        assert!(zh.matches(" 张伟 ") && !zh.matches("张伟伟"));
        assert!(OwnerFilter::all().matches("") && OwnerFilter::all().matches("anyone"));
        assert!(OwnerFilter::all().is_all() && !zh.is_all());
    }

    proptest! {
        #[test]
        fn a_name_always_matches_itself_and_all_matches_everything(name in "\\PC{0,20}") {
            prop_assert!(OwnerFilter::named(&name).matches(&name));
            prop_assert!(OwnerFilter::named(&name.to_uppercase()).matches(&name.to_lowercase())
                || name.to_uppercase().to_lowercase() != name.to_lowercase());
            prop_assert!(OwnerFilter::all().matches(&name));
        }
    }
}
