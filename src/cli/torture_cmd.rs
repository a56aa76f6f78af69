//! `radar torture-edits` (hidden): the scripted edit driver of the crash-safety campaign.
//! Applies edits through the same store path as the dashboard and prints `ACK <n>` only
//! after each one has committed, so a harness that kills the process at a random moment
//! knows exactly which edits the user "was told" are saved.

use super::{CliError, Context, open_store};
use crate::domain::*;
use crate::refresh;
use crate::settings::Settings;
use crate::store::{Store, StoreError};
use std::io::Write;

pub fn run(ctx: &Context, settings: &Settings, count: u64, tag: &str) -> Result<(), CliError> {
    let mut store = open_store(ctx)?;
    let ids: Vec<AccountId> = store.portfolio(ctx.today)?.iter().map(|r| r.id).collect();
    if ids.is_empty() {
        return Err(CliError::Usage("torture-edits needs a portfolio with accounts".into()));
    }
    let mut out = std::io::stdout().lock();
    for n in 0..count {
        let id = ids[(n as usize * 7919) % ids.len()];
        // A stale version (another writer changed the account since we read it) is
        // refused by the store; like a user, reload and apply again.
        let mut attempts = 0;
        loop {
            let edit = next_edit(&store, ctx, id, n, tag)?;
            match refresh::apply(&mut store, &edit, ctx.now, &settings.risk) {
                Err(StoreError::Stale { .. }) if attempts < 10 => attempts += 1,
                other => {
                    other?;
                    break;
                }
            }
        }
        // The acknowledgement the harness trusts: written only after the commit returned.
        writeln!(out, "ACK {n}").and_then(|()| out.flush()).map_err(|e| CliError::Runtime(e.to_string()))?;
    }
    Ok(())
}

/// Edit `n`: every third changes the account itself (a versioned update), the others log
/// a touchpoint.
fn next_edit(store: &Store, ctx: &Context, id: AccountId, n: u64, tag: &str) -> Result<Edit, CliError> {
    Ok(if n % 3 == 2 {
        let mut account = store.account(id)?.ok_or(CliError::Runtime(format!("account {id} vanished")))?;
        account.owner = format!("{tag}-{n}");
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
