//! Closed sets of values ("choices"): tier, stage, role, stance, statuses...
//!
//! Every choice has a stable snake_case id (stored in SQLite, written in JSON and CSV,
//! used as the i18n key suffix) and accepts a few aliases when parsed from user files.
//! One macro generates them so the id list, parsing and serde can never disagree.

use std::fmt;

/// A value that is not one of a choice's ids or aliases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {kind}; expected one of: {expected}")]
pub struct ChoiceError {
    pub kind: &'static str,
    pub value: String,
    pub expected: String,
}

/// Normalises a token for alias matching: lower case, without spaces, `_` and `-`.
pub fn fold_token(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{3000}')).flat_map(char::to_lowercase).collect()
}

/// Implemented by every generated choice enum.
pub trait Choice: Sized + Copy + Eq + fmt::Debug + 'static {
    const KIND: &'static str;
    const ALL: &'static [Self];
    fn id(self) -> &'static str;
    fn aliases(self) -> &'static [&'static str];

    fn parse(s: &str) -> Result<Self, ChoiceError> {
        // Fast path: stored values are exact ids (millions of them on a bulk load).
        if let Some(c) = Self::ALL.iter().find(|c| c.id() == s) {
            return Ok(*c);
        }
        let folded = fold_token(s.trim());
        Self::ALL
            .iter()
            .copied()
            .find(|c| fold_token(c.id()) == folded || c.aliases().iter().any(|a| fold_token(a) == folded))
            .ok_or_else(|| ChoiceError {
                kind: Self::KIND,
                value: s.to_string(),
                expected: Self::ALL.iter().map(|c| c.id()).collect::<Vec<_>>().join(", "),
            })
    }
}

/// `choice! { Name "kind" { Variant = "id" ["alias", ...], ... } }`
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident $kind:literal { $($variant:ident = $id:literal [$($alias:literal),*]),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $crate::domain::choice::Choice for $name {
            const KIND: &'static str = $kind;
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn id(self) -> &'static str { match self { $($name::$variant => $id),+ } }
            fn aliases(self) -> &'static [&'static str] { match self { $($name::$variant => &[$($alias),*]),+ } }
        }

        impl $name {
            /// The stable snake_case id.
            pub fn as_str(self) -> &'static str { $crate::domain::choice::Choice::id(self) }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::choice::ChoiceError;
            fn from_str(s: &str) -> Result<Self, Self::Err> { <$name as $crate::domain::choice::Choice>::parse(s) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use choice;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Tier;

    #[test]
    fn parses_ids_aliases_and_reports_expected() {
        assert_eq!(Tier::parse("KA").unwrap(), Tier::Ka);
        assert_eq!(Tier::parse(" Key-Account ").unwrap(), Tier::Ka);
        assert_eq!(Tier::parse("大客户").unwrap(), Tier::Large);
        let err = Tier::parse("giant").unwrap_err();
        assert!(err.to_string().contains("'giant'"));
        assert!(err.to_string().contains("ka, large, mid, small, micro"));
    }

    #[test]
    fn every_id_round_trips() {
        for t in Tier::ALL {
            assert_eq!(Tier::parse(t.as_str()).unwrap(), *t);
        }
    }
}
