//! `radar backup`, `radar restore FILE`, and the daily backup taken when the dashboard opens.

use super::context::data_dir;
use super::{CliError, Context, open_store_for_reading};
use crate::backups;
use crate::domain::text::clean_line;
use crate::i18n::{Lang, tf};
use crate::settings::Settings;
use crate::store::{Store, StoreError, summarize};
use crate::tui::BackgroundError;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

fn backups_dir() -> Result<PathBuf, CliError> {
    Ok(data_dir()?.join("backups"))
}

fn show(p: &Path) -> String {
    clean_line(&p.display().to_string())
}

pub fn backup(ctx: &Context, settings: &Settings, out: Option<&Path>) -> Result<(), CliError> {
    if let Some(out) = out {
        super::usage::not_the_portfolio(ctx, "--out", out)?;
    }
    let store = open_store_for_reading(ctx)?;
    let dir = backups_dir()?;
    let made = match out {
        Some(p) => store.backup_to(p).map(|()| p.to_path_buf()),
        None => {
            let stamp = chrono::Local::now().format("%Y-%m-%dT%H%M%S").to_string();
            backups::manual(&store, &dir, ctx.today, &stamp, settings.backup_keep.max(1) * 2)
        }
    };
    let dest = made.map_err(|e| match e {
        StoreError::Damaged { .. } => CliError::Runtime(format!(
            "{e}. No backup was made and no backup was deleted. {}",
            restore_advice(&ctx.db_path, &dir)
        )),
        other => other.into(),
    })?;
    println!("backed up {} to {}", show(store.path()), show(&dest));
    Ok(())
}

/// What to do about a damaged `db`: restore its newest good backup, with the command.
fn restore_advice(db: &Path, dir: &Path) -> String {
    match backups::newest_good(dir, db) {
        Some(good) => format!(
            "The newest good backup is {}: restore it with `{}` (the damaged content is kept aside first).",
            show(&good),
            restore_command(db, &good)
        ),
        None => format!(
            "No good backup of it was found in {}; keep the damaged file, do not delete it.",
            show(dir)
        ),
    }
}

fn restore_command(db: &Path, backup: &Path) -> String {
    format!("radar --db {} restore {}", show(db), show(backup))
}

/// Today's automatic backup (once a day, when the dashboard opens), run by the dashboard
/// after its first frame, and the day's check of the file. A failure is a sentence for the
/// status bar; a damaged file, a notice naming the newest good backup and the command that
/// restores it. The dashboard stays open either way: a failed backup must not lock the
/// user out.
pub fn daily(
    db_path: &Path,
    today: chrono::NaiveDate,
    keep: usize,
    lang: Lang,
) -> Result<(), BackgroundError> {
    if !db_path.exists() {
        return Ok(());
    }
    let dir = backups_dir().map_err(|e| BackgroundError::Status(failed(lang, &e.to_string())))?;
    // For reading: a file this user may not write is still backed up (the dashboard opens
    // it read-only; opening it as usual was refused, and the refusal hid that notice).
    let result = Store::open_for_reading(db_path).and_then(|store| {
        if store.account_count()? == 0 {
            return Ok(());
        }
        backups::daily(&store, &dir, today, keep).map(drop)
    });
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.is_damage() => Err(damaged_notice(db_path, &dir, &e, lang)),
        Err(e) => Err(BackgroundError::Status(failed(lang, &e.to_string()))),
    }
}

fn failed(lang: Lang, error: &str) -> String {
    tf(lang, "ui.backup_failed", &[("error", &clean_line(error))])
}

fn damaged_notice(db: &Path, dir: &Path, e: &StoreError, lang: Lang) -> BackgroundError {
    let detail = match e {
        StoreError::Damaged { detail, .. } => clean_line(detail),
        other => clean_line(&other.to_string()),
    };
    // quick_check can list many pages; the notice needs the gist.
    let detail = if detail.chars().count() > 160 {
        detail.chars().take(159).collect::<String>() + "…"
    } else {
        detail
    };
    let file = show(db);
    let mut lines = vec![tf(lang, "ui.damaged.body", &[("file", &file), ("detail", &detail)])];
    match backups::newest_good(dir, db) {
        Some(good) => {
            lines.push(tf(lang, "ui.damaged.newest_good", &[("backup", &show(&good))]));
            lines.push(restore_command(db, &good));
        }
        None => lines.push(tf(lang, "ui.damaged.no_good", &[("dir", &show(dir))])),
    }
    BackgroundError::Notice { title: crate::i18n::t(lang, "ui.damaged.title"), lines }
}

pub fn restore(ctx: &Context, file: &Path, yes: bool) -> Result<(), CliError> {
    let incoming = summarize(file)?;
    // A live file whose schema is not ours (a planted trigger) is what a restore repairs.
    let mut store = Store::open_to_replace(&ctx.db_path)?;
    store.check_restorable(&incoming)?;
    // A damaged file cannot always count its accounts; it can still be replaced.
    let current = match store.account_count() {
        Ok(n) => format!("{n} accounts"),
        Err(_) => "damaged".to_string(),
    };
    let dir = backups_dir()?;
    crate::private_file::create_private_dir_all(&dir)
        .map_err(|e| CliError::Runtime(format!("{}: cannot create: {e}", show(&dir))))?;
    let stamp = chrono::Local::now().format("%Y-%m-%dT%H%M%S");
    let stem = ctx.db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // Two restores within a second must not keep their replaced content under one name.
    let keep = (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}-before-restore-{stamp}.db")),
            n => dir.join(format!("{stem}-before-restore-{stamp}-{n}.db")),
        })
        .find(|p| !p.exists())
        .unwrap_or_default();
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::Usage(
                "restore replaces the whole database and asks for confirmation; pass --yes to confirm without a terminal"
                    .into(),
            ));
        }
        eprint!(
            "Replace {} ({current}) with {} ({} accounts)?\nThe current file is kept as {}. [y/N] ",
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
    // Unchecked: the content being replaced is kept as it is, damaged or not.
    store.copy_to(&keep)?;
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
