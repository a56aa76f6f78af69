//! The engine seam, PostgreSQL side (team mode; docs/team-mode-design.md): the team
//! database's address and credentials (`target`), its schema, roles and row security
//! (`schema`, the `.sql` files), the lead's commands (`team`), and the server's errors in
//! the store's terms (`error`).

mod conn;
mod copy_in;
mod derive_migration;
pub(crate) mod error;
mod feed;
mod moves;
mod schema;
pub(crate) mod search;
mod target;
mod team;
pub(crate) mod values;

pub(crate) use conn::PgConn;
pub use feed::{ChangeFeed, Changes};
pub use moves::Counts;
pub use schema::LATEST_TEAM_VERSION;
pub use target::{TeamTarget, is_team_url};
pub use team::{NewUser, Team, check_login_name};
