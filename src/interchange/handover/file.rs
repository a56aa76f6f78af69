//! Where the dashboard's `H` writes the handover sheet: `<folder of the database>/handover/
//! handover-<account>-<date>.md`, a private file like the database itself (mode 0600,
//! built under a fresh temporary name and renamed into place: a link or a loose file
//! planted at the name is replaced, never written through).

use crate::domain::AccountFacts;
use crate::domain::text::clean_line;
use crate::private_file::{create_private_dir_all, write_private};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The folder the sheets of the database at `db` go to, as an absolute path (it is shown
/// to the user). A bare file name (`--db portfolio.db`) is in the current folder: the
/// sheet goes beside it too, never to a temporary folder shared with other users.
pub fn folder_for(db: &Path) -> PathBuf {
    folder_beside(db, "handover")
}

/// The folder `name` beside the database at `db`, as an absolute path (see `folder_for`).
pub fn folder_beside(db: &Path, name: &str) -> PathBuf {
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    // `absolute` keeps a trailing `.`; the folder reads better without it.
    let dir = if dir.ends_with(".") { dir.parent().map_or(dir.clone(), Path::to_path_buf) } else { dir };
    dir.join(name)
}

/// Writes `sheet` for the account of `facts` beside the database at `db`; returns the path.
/// The error names the file or folder that could not be written.
pub fn write_sheet(
    db: &Path,
    facts: &AccountFacts,
    sheet: &str,
    today: NaiveDate,
) -> Result<PathBuf, String> {
    write_beside(db, "handover", "handover", facts, sheet, today)
}

/// Writes `text` to `<folder of db>/<folder>/<prefix>-<account>-<date>.md`, privately (the
/// value report goes the way the handover sheet does); returns the path.
pub fn write_beside(
    db: &Path,
    folder: &str,
    prefix: &str,
    facts: &AccountFacts,
    text: &str,
    today: NaiveDate,
) -> Result<PathBuf, String> {
    // A portfolio held in memory (the tests' harness) has no folder: its reports went
    // into whatever folder the process ran in (a test run left `reviews/` in the checkout).
    if db.as_os_str() == crate::store::IN_MEMORY {
        return Err(format!(
            "{folder}: the portfolio is in memory, not a file, so there is no folder beside it"
        ));
    }
    let folder = folder_beside(db, folder);
    create_private_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let who = facts.account.external_id.as_deref().unwrap_or(&facts.account.name);
    let path = folder.join(format!("{prefix}-{}-{}.md", slug(who), today));
    write_private(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// A file-name-safe form of an account name: letters (any script) and digits kept,
/// everything else one `-`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in clean_line(s).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(60).collect();
    if out.is_empty() { "account".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A harness's portfolio in memory writes nothing into the folder the tests run in.
    #[test]
    fn a_portfolio_in_memory_has_no_folder_to_write_beside() {
        let facts = crate::demo::generate_range(
            &crate::demo::DemoOptions {
                accounts: 1,
                seed: 1,
                today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            },
            0..1,
        )
        .unwrap()
        .remove(0);
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let said =
            write_beside(Path::new(crate::store::IN_MEMORY), "in-memory-reports", "x", &facts, "text", today);
        assert!(said.is_err_and(|e| e.contains("in memory")));
        assert!(!Path::new("in-memory-reports").exists(), "a folder was made where the tests run");
    }

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slug("成都天府云图 (Chengdu)"), "成都天府云图-Chengdu");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("  "), "account");
    }

    #[test]
    fn a_bare_database_name_keeps_the_sheets_in_the_current_folder() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(folder_for(Path::new("portfolio.db")), cwd.join("handover"));
        assert_eq!(folder_for(Path::new("./portfolio.db")), cwd.join("handover"));
        assert_eq!(folder_for(Path::new("data/p.db")), cwd.join("data/handover"));
        assert_eq!(folder_for(Path::new("/srv/radar/p.db")), PathBuf::from("/srv/radar/handover"));
    }
}
