//! `radar doctor`: checks the database, the settings and keymap files, the terminal and
//! the locale, and reports each finding with its fix; exit 1 when something is an error.
//! It changes nothing: the database is read through `store::health`, the files are
//! parsed where Radar parses them, and the terminal is only asked questions.

mod database;
mod files;
mod render;
mod team;
mod terminal;

use super::args::{Format, Global};
use super::{CliError, Context, emit, print_json};
use crate::domain::health::{Finding, Report, Section, Severity};
use crate::i18n::{Lang, t};

/// Runs every check and prints the report; the exit code is the report's.
pub fn run(global: &Global, demo: bool, format: Format) -> Result<i32, CliError> {
    let ctx = Context::from_cli(global, demo)?;
    let lang = ctx.lang;
    // The terminal first, before anything is printed: its answers must not mix with output.
    let term = terminal::ask();
    let settings = crate::settings::load().ok();
    let (db, mode) = match team::target(global, settings.as_ref()) {
        Err(why) => (team::refused(lang, &why), Vec::new()),
        Ok(Some(target)) => (team::database(lang, &target), team::mode(lang, &target)),
        Ok(None) => (
            database::check(&ctx, settings.as_ref()),
            vec![Finding::new("team.mode", Severity::Info, t(lang, "doctor.team.solo"))],
        ),
    };
    let sections = vec![
        section(lang, "database", db),
        section(lang, "files", files::check(lang)),
        section(lang, "terminal", terminal::check(lang, &term, settings.as_ref())),
        section(lang, "locale", terminal::locale(lang, global.lang.as_deref())),
        section(lang, "team", mode),
    ];
    let report = Report::new(sections);
    match format {
        Format::Json => print_json(&report)?,
        Format::Text => emit(&render::text(lang, &report, term.width()))?,
    }
    Ok(report.exit_code)
}

fn section(lang: Lang, id: &str, findings: Vec<Finding>) -> Section {
    Section { section: id.to_string(), title: t(lang, &format!("doctor.section.{id}")), findings }
}

/// A size in bytes as people read it.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(super::size(0), "0 B");
        assert_eq!(super::size(1536), "1.5 KB");
        assert_eq!(super::size(7_890_048), "7.5 MB");
    }
}
