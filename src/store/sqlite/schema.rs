//! The schema, as migrations applied in order and counted by `PRAGMA user_version`.
//! Append a migration to change it; never edit a released one. Migrations run with foreign
//! keys off (`Store::open` turns them on after), as SQLite's table rebuilds require.
//!
//! Indexes: one per child table on `account_id` (the detail pane and the loaders read by
//! account), plus what lookups and cascades need. The portfolio's sorts and filters run in
//! memory over one query, so they need none; every extra index slows every insert.

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of a Radar file ("RRDR"), so a foreign SQLite file is recognised.
pub const APPLICATION_ID: i32 = 0x5252_4452;

/// The first released schema. Its SQL is also how the migration tests build a file of
/// that release.
const V1: &str = include_str!("schema_v1.sql");

/// Every versioned table rebuilt with `AUTOINCREMENT`: ids of deleted rows are never
/// given again (see the file's comment).
const V2: &str = include_str!("schema_v2.sql");

const MIGRATIONS_SLICE: &[M<'static>] = &[M::up(V1), M::up(V2).foreign_key_check()];

/// All migrations, oldest first.
pub const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATIONS_SLICE);

/// The schema version this build writes (= number of migrations).
pub const LATEST_VERSION: i64 = MIGRATIONS_SLICE.len() as i64;
