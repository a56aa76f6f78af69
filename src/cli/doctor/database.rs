//! The database's findings, from `store::health`'s facts, the file's permissions and
//! the backups folder.

use super::size;
use crate::backups;
use crate::cli::Context;
use crate::domain::health::{Finding, Severity};
use crate::domain::text::clean_line;
use crate::i18n::{Lang, t, tf};
use crate::settings::Settings;
use crate::store::health::{Health, Identity, inspect};
use chrono::NaiveDate;
use std::path::Path;

/// A backup older than this many days is a warning.
const BACKUP_DAYS: i64 = 7;
/// A WAL this large not yet folded in is worth a word.
const WAL_NOTE: u64 = 0;

fn show(p: &Path) -> String {
    clean_line(&p.display().to_string())
}

pub fn check(ctx: &Context, _settings: Option<&Settings>) -> Vec<Finding> {
    let lang = ctx.lang;
    let path = &ctx.db_path;
    let p = show(path);
    if !path.exists() {
        return vec![
            Finding::new("database.file", Severity::Info, tf(lang, "doctor.database.none", &[("path", &p)]))
                .fix(t(lang, "doctor.database.none_fix")),
        ];
    }
    let h = inspect(path);
    let mut out = Vec::new();
    if let Some(f) = identity(lang, &h, &p) {
        out.push(f);
        if h.identity != Identity::Empty {
            out.extend(permissions(lang, path, &p));
            return out;
        }
    } else {
        let accounts = h.accounts.map_or_else(|| "?".to_string(), |n| n.to_string());
        let msg = tf(
            lang,
            "doctor.database.file",
            &[("path", &p), ("size", &size(h.size)), ("accounts", &accounts)],
        );
        out.push(Finding::new("database.file", Severity::Ok, msg));
        out.push(schema(lang, &h));
        out.push(damage(lang, &h, path, &p));
        if h.damage.is_none() {
            out.push(indexes(lang, &h));
        }
        out.extend(journal(lang, &h));
    }
    out.extend(permissions(lang, path, &p));
    out.push(backup(lang, path, ctx.today));
    out
}

/// A finding when the file is not a healthy Radar file to read (None when it is).
fn identity(lang: Lang, h: &Health, p: &str) -> Option<Finding> {
    let f = |sev, key: &str, args: &[(&str, &str)]| {
        let mut all = vec![("path", p)];
        all.extend_from_slice(args);
        Finding::new("database.identity", sev, tf(lang, &format!("doctor.database.{key}"), &all))
    };
    let fix = |key: &str| tf(lang, &format!("doctor.database.{key}"), &[("path", p)]);
    match &h.identity {
        Identity::Radar => None,
        Identity::Empty => Some(f(Severity::Info, "empty", &[])),
        Identity::Foreign(d) => {
            Some(f(Severity::Error, "foreign", &[("detail", &clean_line(d))]).fix(fix("foreign_fix")))
        }
        Identity::Newer { found, supported } => Some(
            f(
                Severity::Error,
                "newer",
                &[("found", &found.to_string()), ("supported", &supported.to_string())],
            )
            .fix(fix("newer_fix")),
        ),
        Identity::Locked => Some(f(Severity::Error, "locked", &[]).fix(fix("locked_fix"))),
        Identity::Unreadable(d) => {
            Some(f(Severity::Error, "unreadable", &[("detail", &clean_line(d))]).fix(fix("unreadable_fix")))
        }
    }
}

fn schema(lang: Lang, h: &Health) -> Finding {
    let version = h.schema_version.unwrap_or(0).to_string();
    let latest = h.latest_version.to_string();
    let args = [("version", version.as_str()), ("latest", latest.as_str())];
    if let Some(d) = &h.schema_difference {
        return Finding::new(
            "database.schema",
            Severity::Error,
            tf(lang, "doctor.database.schema_differs", &[("detail", &clean_line(d))]),
        )
        .fix(t(lang, "doctor.database.schema_differs_fix"));
    }
    if h.schema_version.unwrap_or(0) < h.latest_version {
        return Finding::new(
            "database.schema",
            Severity::Info,
            tf(lang, "doctor.database.schema_old", &args),
        );
    }
    Finding::new("database.schema", Severity::Ok, tf(lang, "doctor.database.schema", &args))
}

fn damage(lang: Lang, h: &Health, path: &Path, p: &str) -> Finding {
    let Some(d) = &h.damage else {
        return Finding::new("database.quick_check", Severity::Ok, t(lang, "doctor.database.quick_check"));
    };
    let msg = tf(lang, "doctor.database.damaged", &[("detail", &clean_line(d))]);
    let fix = match crate::cli::context::data_dir()
        .ok()
        .and_then(|d| backups::newest_good(&d.join("backups"), path))
    {
        Some(good) => tf(lang, "doctor.database.damaged_fix", &[("backup", &show(&good))]),
        None => tf(lang, "doctor.database.damaged_no_backup", &[("path", p)]),
    };
    Finding::new("database.quick_check", Severity::Error, msg).fix(fix)
}

fn indexes(lang: Lang, h: &Health) -> Finding {
    if h.missing_indexes.is_empty() {
        return Finding::new("database.indexes", Severity::Ok, t(lang, "doctor.database.indexes"));
    }
    let names = h.missing_indexes.join(", ");
    Finding::new(
        "database.indexes",
        Severity::Warn,
        tf(lang, "doctor.database.indexes_missing", &[("names", &names)]),
    )
    .fix(t(lang, "doctor.database.indexes_missing_fix"))
}

fn journal(lang: Lang, h: &Health) -> Vec<Finding> {
    let mut out = Vec::new();
    match h.journal_mode.as_deref() {
        Some("wal") => match h.wal_size {
            Some(n) if n > WAL_NOTE => out.push(
                Finding::new(
                    "database.wal",
                    Severity::Info,
                    tf(lang, "doctor.database.wal_pending", &[("size", &size(n))]),
                )
                .fix(t(lang, "doctor.database.wal_pending_fix")),
            ),
            _ => out.push(Finding::new("database.wal", Severity::Ok, t(lang, "doctor.database.wal"))),
        },
        other => {
            let mode = clean_line(other.unwrap_or("?"));
            out.push(Finding::new(
                "database.wal",
                Severity::Info,
                tf(lang, "doctor.database.journal_other", &[("mode", &mode)]),
            ));
        }
    }
    if h.writer_active == Some(true) {
        out.push(
            Finding::new("database.writer", Severity::Warn, t(lang, "doctor.database.writer"))
                .fix(t(lang, "doctor.database.writer_fix")),
        );
    }
    out
}

/// Who may read the file (it holds customer notes) and whether Radar may write it.
fn permissions(lang: Lang, path: &Path, p: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(path) else { return out };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            out.push(
                Finding::new(
                    "database.permissions",
                    Severity::Warn,
                    tf(lang, "doctor.database.shared", &[("mode", &format!("{mode:04o}"))]),
                )
                .fix(tf(lang, "doctor.database.shared_fix", &[("path", p)])),
            );
        } else {
            out.push(Finding::new("database.permissions", Severity::Ok, t(lang, "doctor.database.private")));
        }
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).ok();
        // SAFETY: a NUL-terminated path; access only reads it.
        let writable = c.is_some_and(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0);
        if !writable {
            out.push(
                Finding::new("database.writable", Severity::Warn, t(lang, "doctor.database.read_only"))
                    .fix(t(lang, "doctor.database.read_only_fix")),
            );
        }
    }
    #[cfg(not(unix))]
    let _ = (lang, path, p);
    out
}

/// The newest backup of the file and its age (from the date in its name, which follows
/// `--today`, so the age is the one the daily backup goes by).
fn backup(lang: Lang, db: &Path, today: NaiveDate) -> Finding {
    let Ok(dir) = crate::cli::context::data_dir().map(|d| d.join("backups")) else {
        return Finding::new(
            "database.backup",
            Severity::Info,
            tf(lang, "doctor.database.backup_none", &[("dir", "?")]),
        );
    };
    let newest =
        backups::list(&dir, db).into_iter().filter_map(|p| backups::day_of(&p).map(|d| (d, p))).next_back();
    let Some((date, file)) = newest else {
        return Finding::new(
            "database.backup",
            Severity::Warn,
            tf(lang, "doctor.database.backup_none", &[("dir", &show(&dir))]),
        )
        .fix(t(lang, "doctor.database.backup_none_fix"));
    };
    let days = (today - date).num_days().max(0);
    let (d, f) = (date.to_string(), show(&file));
    if days > BACKUP_DAYS {
        let args = [("date", d.as_str()), ("days", &days.to_string()), ("file", f.as_str())];
        return Finding::new(
            "database.backup",
            Severity::Warn,
            tf(lang, "doctor.database.backup_old", &args),
        )
        .fix(t(lang, "doctor.database.backup_old_fix"));
    }
    let age = if days == 0 {
        t(lang, "doctor.database.today")
    } else {
        tf(lang, "doctor.database.days_ago", &[("days", &days.to_string())])
    };
    Finding::new(
        "database.backup",
        Severity::Ok,
        tf(lang, "doctor.database.backup", &[("date", &d), ("age", &age), ("file", &f)]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_days_come_from_their_names() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(backups::day_of(Path::new("/b/portfolio-1a2b3c4d-2026-11-20.db")), Some(d));
        assert_eq!(
            backups::day_of(Path::new("/b/p-1a2b3c4d-2026-11-20-manual-2026-11-20T101010.db")),
            Some(d)
        );
        assert_eq!(backups::day_of(Path::new("/b/x.db")), None);
    }
}
