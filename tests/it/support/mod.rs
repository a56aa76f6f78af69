//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod backups;
pub mod cli;
pub mod db;
pub mod edit_ops;
pub mod pg_cluster;
pub mod store_edit;
pub mod tmux;
pub mod tui_edit;

/// The real `radar` binary, built by cargo for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_radar");

/// The money locale the CLI tests import under: a Chinese CSM's (`LC_MONETARY=zh_CN`), so
/// amounts that name no currency are yuan, as these tests expect. Pinned, not inherited (and
/// `LC_ALL`, which would come first, removed): under C or POSIX nothing names a currency and
/// such an import is refused (`interchange::import::currency`), under en_US it is dollars.
/// The tests of that refusal (`import_currency`) set their own locale.
pub const MONEY_LOCALE: (&str, &str) = ("LC_MONETARY", "zh_CN.UTF-8");

/// Held by the tests that run many processes for a long time (two_writers' 50k-row import,
/// team_writers' 20 writers for 60 s): one at a time, so one's load does not push the
/// other's writers past their lock timeouts (seen: "database is busy … waited 30000 ms"
/// in two_writers while team_writers ran).
pub fn heavy() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Compares `screen` with the stored snapshot `tests/it/snapshots/NAME.snap`.
pub fn snap_screen(name: &str, screen: String) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name.to_string(), screen);
    });
}

/// Every `.rs` file under `dir`, recursively (the layer and seam checks read the sources).
pub fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The counts in the agenda's heading (`overdue 3 · today 1 …`, after the kind's " — "),
/// if the screen shows the agenda. They change when the agenda is read again after a
/// change that adds or removes an item: a test waits for them before its next key.
pub fn agenda_counts(screen: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.contains("Agenda ·"))?;
    let after = &line[line.find(" — ")? + " — ".len()..];
    let end = after.find(" ─").or_else(|| after.find('┐')).unwrap_or(after.len());
    Some(after[..end].trim().to_string())
}
