//! `radar torture-edits` (hidden): the scripted edit driver of the crash-safety campaign
//! and of team mode's concurrency test. Applies edits through the same store path as the
//! dashboard and prints `ACK <n>` only after each one has committed, so a harness that
//! kills the process at a random moment knows exactly which edits the user "was told"
//! are saved.

use super::{CliError, Context, open_store};
use crate::domain::*;
use crate::refresh;
use crate::settings::Settings;
use crate::store::{Store, StoreError};
use std::collections::HashSet;
use std::io::Write;
use std::time::{Duration, Instant};

/// How often a stale edit is reloaded and tried again before the error reaches the user.
const STALE_RETRIES: u32 = 10;

pub fn run(
    ctx: &Context,
    settings: &Settings,
    count: u64,
    seconds: Option<u64>,
    tag: &str,
) -> Result<(), CliError> {
    let mut store = open_store(ctx)?;
    let ids: Vec<AccountId> = store.portfolio(ctx.today)?.iter().map(|r| r.id).collect();
    if ids.is_empty() {
        return Err(CliError::Usage("torture-edits needs a portfolio with accounts".into()));
    }
    let team = store.team_target().is_some();
    let until = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    // Team mode: the portfolio holds team-mates' accounts this user may read but not
    // write; like a user told "not in your portfolio", the driver leaves those alone.
    let mut read_only: HashSet<AccountId> = HashSet::new();
    let (mut stale, mut acked) = (0u64, 0u64);
    let mut out = std::io::stdout().lock();
    for n in 0..count {
        if until.is_some_and(|t| Instant::now() >= t) {
            break;
        }
        let mut pick = (n as usize).wrapping_mul(7919) % ids.len();
        // A stale version (another writer changed the account since we read it) is
        // refused by the store; like a user, reload and apply again.
        let mut attempts = 0;
        loop {
            let id = ids[pick];
            if read_only.contains(&id) {
                pick = (pick + 1) % ids.len();
                continue;
            }
            let edit = next_edit(&store, ctx, id, n, tag, team)?;
            match refresh::apply(&mut store, &edit, ctx.now, &settings.risk) {
                Err(StoreError::Stale { .. }) if attempts < STALE_RETRIES => {
                    attempts += 1;
                    stale += 1;
                }
                Err(StoreError::NotInPortfolio { .. }) => {
                    read_only.insert(id);
                    if read_only.len() == ids.len() {
                        return Err(CliError::Usage(
                            "torture-edits: none of the accounts you can see is yours to edit".into(),
                        ));
                    }
                    pick = (pick + 1) % ids.len();
                }
                other => {
                    other?;
                    break;
                }
            }
        }
        // The acknowledgement the harness trusts: written only after the commit returned.
        writeln!(out, "ACK {n}").and_then(|()| out.flush()).map_err(|e| CliError::Runtime(e.to_string()))?;
        acked += 1;
    }
    if until.is_some() {
        // Only with --seconds: the count-driven harnesses read nothing but ACK lines.
        writeln!(out, "DONE acked {acked} stale-retries {stale} not-writable {}", read_only.len())
            .and_then(|()| out.flush())
            .map_err(|e| CliError::Runtime(e.to_string()))?;
    }
    Ok(())
}

/// Edit `n`: every third changes the account itself (a versioned update: its owner
/// becomes TAG-n, or its region in team mode, where the owner is always the owning login),
/// the others log a touchpoint.
fn next_edit(
    store: &Store,
    ctx: &Context,
    id: AccountId,
    n: u64,
    tag: &str,
    team: bool,
) -> Result<Edit, CliError> {
    Ok(if n % 3 == 2 {
        let mut account = store.account(id)?.ok_or(CliError::Runtime(format!("account {id} vanished")))?;
        let mark = if team { &mut account.region } else { &mut account.owner };
        *mark = format!("{tag}-{n}");
        Edit::SaveAccount { account, term: None }
    } else {
        Edit::SaveTouchpoint(Touchpoint {
            id: TouchpointId(0),
            account_id: id,
            date: ctx.today,
            kind: TouchKind::Call,
            contact_id: None,
            note: format!("{tag}-{n}"),
            version: 0,
        })
    })
}
