//! `radar team init|add-user|assign`: a team's book on PostgreSQL (issue 18). The database
//! is `--db postgres://…` (or RADAR_DB, or `[team] url` in the config).

use super::args::{Global, TeamAction};
use super::{CliError, Context, emit};
use crate::i18n::{Lang, tf};
use crate::store::pg::{NewUser, Team, TeamTarget, check_login_name, is_team_url};

/// The team database the options or the config name, if any: `--db`/RADAR_DB when it is
/// a PostgreSQL address, else `[team] url` when no `--db` is given.
pub(crate) fn target(g: &Global, team_url: Option<&str>) -> Result<Option<TeamTarget>, CliError> {
    let given = match &g.db {
        Some(p) => p.to_str().filter(|s| is_team_url(s)).map(str::to_string),
        None => team_url.map(str::to_string),
    };
    given.map(|s| TeamTarget::parse(&s).map_err(|e| CliError::Usage(e.to_string()))).transpose()
}

pub fn run(ctx: &Context, target: Option<TeamTarget>, action: &TeamAction) -> Result<(), CliError> {
    let Some(target) = target else {
        return Err(CliError::Usage(tf(ctx.lang, "cli.team.no_server", &[])));
    };
    let lang = ctx.lang;
    match action {
        TeamAction::Init => {
            let mut team = Team::connect(&target)?;
            let (before, after) = team.init()?;
            let me = team.me()?;
            let (v, n) = (after.to_string(), before.map_or_else(String::new, |b| b.to_string()));
            let key = match before {
                None => "cli.team.created",
                Some(b) if b == after => "cli.team.current",
                Some(_) => "cli.team.upgraded",
            };
            emit(&format!(
                "{}\n",
                tf(lang, key, &[("version", &v), ("from", &n), ("me", &me), ("db", &target.to_string())])
            ))
        }
        TeamAction::AddUser { name, lead, team } => {
            check_login_name(name).map_err(|e| CliError::Usage(e.to_string()))?;
            let password = new_password(lang, name)?;
            let mut t = Team::open(&target)?;
            t.add_user(&NewUser { name, password: &password, lead: *lead, team: team.as_deref() })?;
            let role =
                if *lead { tf(lang, "cli.team.role_lead", &[]) } else { tf(lang, "cli.team.role_csm", &[]) };
            let team = team.clone().unwrap_or_else(|| "-".into());
            emit(&format!(
                "{}\n",
                tf(lang, "cli.team.added", &[("name", name), ("role", &role), ("team", &team)])
            ))
        }
        TeamAction::Assign { account, user, co_owner } => {
            let mut t = Team::open(&target)?;
            let key = account.trim();
            if key.is_empty() {
                return Err(super::usage::usage(lang, "empty_account", &[]));
            }
            let id = match t.answering(key)?.as_slice() {
                [(id, _)] => *id,
                [] => return Err(super::usage::no_account(lang, key)),
                several => {
                    return Err(super::usage::several_answer(lang, key, several.iter().map(|(_, k)| k)));
                }
            };
            let (name, already) = t.assign(id, user, *co_owner)?;
            let key = match (*co_owner, already) {
                (true, _) => "cli.team.co_owner",
                (false, true) => "cli.team.already_owned",
                (false, false) => "cli.team.assigned",
            };
            emit(&format!(
                "{}\n",
                tf(lang, key, &[("id", &id.to_string()), ("account", &name), ("user", user)])
            ))
        }
        TeamAction::Pull { out } => {
            let counts = Team::open(&target)?.pull(out)?;
            let file = out.display().to_string();
            emit(&format!("{}\n{}", tf(lang, "cli.team.pulled", &[("file", &file)]), listed(&counts)))
        }
        TeamAction::ImportSolo { file, owner } => {
            if !file.exists() {
                let f = file.display().to_string();
                return Err(CliError::Usage(tf(lang, "cli.team.no_file", &[("file", &f)])));
            }
            let counts = Team::open(&target)?.import_solo(file, owner)?;
            let f = file.display().to_string();
            emit(&format!(
                "{}\n{}",
                tf(lang, "cli.team.imported", &[("file", &f), ("owner", owner)]),
                listed(&counts)
            ))
        }
    }
}

/// One line per table: `  account  12`.
fn listed(counts: &crate::store::pg::Counts) -> String {
    counts.iter().map(|(t, n)| format!("  {t:<24}{n:>8}\n")).collect()
}

/// The refusal for a command the PostgreSQL backend does not have yet.
pub(crate) fn not_yet(lang: Lang, command: &str) -> CliError {
    CliError::Usage(tf(lang, "cli.team.not_yet", &[("command", command)]))
}

/// The new user's password: RADAR_NEW_PASSWORD (scripts, tests), else asked twice on the
/// terminal with echo off.
fn new_password(lang: Lang, name: &str) -> Result<String, CliError> {
    if let Ok(pw) = std::env::var("RADAR_NEW_PASSWORD") {
        return Ok(pw);
    }
    let first = read_hidden(&tf(lang, "cli.team.password", &[("name", name)]))?;
    let again = read_hidden(&tf(lang, "cli.team.password_again", &[]))?;
    if first != again {
        return Err(CliError::Usage(tf(lang, "cli.team.password_mismatch", &[])));
    }
    Ok(first)
}

/// One line from the terminal, not echoed.
fn read_hidden(prompt: &str) -> Result<String, CliError> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let tty = stdin.is_terminal();
    // SAFETY: tcgetattr/tcsetattr on stdin with a zeroed, then filled, termios.
    let saved = tty.then(|| unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        libc::tcgetattr(0, &mut t);
        let mut quiet = t;
        quiet.c_lflag &= !libc::ECHO;
        libc::tcsetattr(0, libc::TCSANOW, &quiet);
        t
    });
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if let Some(t) = saved {
        // SAFETY: restores the settings read above.
        unsafe { libc::tcsetattr(0, libc::TCSANOW, &t) };
        eprintln!();
    }
    read.map_err(|e| CliError::Runtime(format!("reading the password: {e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
