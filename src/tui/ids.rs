//! Closed sets of names the dashboard uses in code and in files (actions, keymap tables,
//! detail tabs, form fields): one macro gives each an enum with its snake_case id, the
//! list of all values and the parse back, so a name is checked by the compiler, not
//! compared as text.

/// `ids! { pub enum Name { Variant = "id", ... } }`
macro_rules! ids {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case id (in files and i18n keys).
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            pub fn from_id(id: &str) -> Option<$name> {
                match id { $($id => Some($name::$variant),)+ _ => None }
            }

            /// The position in `ALL`.
            pub fn index(self) -> usize {
                Self::ALL.iter().position(|v| *v == self).unwrap_or(0)
            }

            /// The next value in `ALL` (`forward`) or the previous one, round the end.
            pub fn cycle(self, forward: bool) -> $name {
                let (i, n) = (self.index(), Self::ALL.len());
                Self::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
            }
        }
    };
}
pub(crate) use ids;
