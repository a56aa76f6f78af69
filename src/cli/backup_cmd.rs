//! `radar backup`, `radar restore FILE`, and the daily backup taken when the dashboard opens.

use super::context::data_dir;
use super::{CliError, Context, open_store_for_reading};
use crate::backups;
use crate::domain::text::clean_line;
use crate::i18n::{Lang, tf};
use crate::settings::Settings;
use crate::store::{Store, summarize};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

fn backups_dir() -> Result<PathBuf, CliError> {
    Ok(data_dir()?.join("backups"))
}

fn show(p: &Path) -> String {
    clean_line(&p.display().to_string())
}

pub fn backup(ctx: &Context, settings: &Settings, out: Option<&Path>) -> Result<(), CliError> {
    let store = open_store_for_reading(ctx)?;
    let dest = match out {
        Some(p) => p.to_path_buf(),
        None => {
            let dir = backups_dir()?;
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError::Runtime(format!("{}: cannot create: {e}", show(&dir))))?;
            let stamp = chrono::Local::now().format("%Y-%m-%dT%H%M%S");
            let path = backups::daily_path(&dir, store.path(), ctx.today);
            let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            dir.join(format!("{name}-manual-{stamp}.db"))
        }
    };
    store.backup_to(&dest)?;
    if out.is_none() {
        backups::prune(&backups_dir()?, store.path(), settings.backup_keep.max(1) * 2);
    }
    println!("backed up {} to {}", show(store.path()), show(&dest));
    Ok(())
}

/// The once-a-day backup, taken before the dashboard opens. A failure is reported and the
/// dashboard opens anyway: not being able to back up must not lock the user out.
/// Today's automatic backup (once a day, when the dashboard opens), run by the dashboard
/// after its first frame. The error is a sentence for the status bar.
pub fn daily(db_path: &Path, today: chrono::NaiveDate, keep: usize, lang: Lang) -> Result<(), String> {
    if !db_path.exists() {
        return Ok(());
    }
    let result = backups_dir().and_then(|dir| {
        let store = Store::open(db_path)?;
        if store.account_count()? == 0 {
            return Ok(());
        }
        backups::daily(&store, &dir, today, keep)?;
        Ok(())
    });
    result.map_err(|e: CliError| tf(lang, "ui.backup_failed", &[("error", &clean_line(&e.to_string()))]))
}

pub fn restore(ctx: &Context, file: &Path, yes: bool) -> Result<(), CliError> {
    let incoming = summarize(file)?;
    let mut store = Store::open(&ctx.db_path)?;
    let current = store.account_count()?;
    let dir = backups_dir()?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::Runtime(format!("{}: cannot create: {e}", show(&dir))))?;
    let stamp = chrono::Local::now().format("%Y-%m-%dT%H%M%S");
    let stem = ctx.db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let keep = dir.join(format!("{stem}-before-restore-{stamp}.db"));
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::Usage(
                "restore replaces the whole database and asks for confirmation; pass --yes to confirm without a terminal"
                    .into(),
            ));
        }
        eprint!(
            "Replace {} ({current} accounts) with {} ({} accounts)?\nThe current file is kept as {}. [y/N] ",
            show(&ctx.db_path),
            show(file),
            incoming.accounts,
            show(&keep)
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map_err(|e| CliError::Runtime(e.to_string()))?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "是") {
            println!("cancelled; nothing changed");
            return Ok(());
        }
    }
    store.backup_to(&keep)?;
    store.restore_from(file)?;
    println!(
        "restored {} from {} ({} accounts); the previous content is kept as {}",
        show(&ctx.db_path),
        show(file),
        incoming.accounts,
        show(&keep)
    );
    Ok(())
}
