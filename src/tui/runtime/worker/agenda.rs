//! The agenda's loads: every item of the scope (`LoadAgenda`), or, after an edit, the
//! items of the accounts it changed (`LoadAgendaOf`), which replace theirs in the rows
//! held. Each row carries its account's stake (ARR weighed as triage weighs it, and the
//! cached score), and shares its account's and owner's name with the others.

use super::Worker;
use crate::domain::AccountId;
use crate::domain::agenda::{AgendaItem, StallLimits};
use crate::domain::agenda_rank::{self, rank, stake, weighed};
use crate::domain::owner::{CoOwned, OwnerCount, OwnerFilter};
use crate::scans;
use crate::store::StoreError;
use crate::tui::msg::{AgendaData, AgendaPatch, AgendaRow};
use std::collections::HashSet;
use std::sync::Arc;

fn err(e: StoreError) -> String {
    e.to_string()
}

impl Worker {
    /// The agenda ranked by value at stake: ARR and score from the portfolio rows (the
    /// cached scores the list shows), so the agenda and the list agree. `owner`'s items
    /// only when they own or (team mode) co-own accounts (a CSM's "mine": at 100k a fifth
    /// of the rows, read in a fifth of the time); everyone's otherwise.
    pub(super) fn agenda(&self, days: i64, owner: Option<&str>) -> Result<AgendaData, String> {
        // Each account's stake and the owners' counts, from narrow queries: holding a
        // second portfolio while the agenda was read made opening it at 100k the
        // dashboard's peak memory (issue 19).
        let Scope { owners, co, scope } = self.scope(owner)?;
        let stakes = self.stakes(self.store.stakes().map_err(err)?)?;
        let mut maker = Rows::default();
        let mut rows = scans::agenda_made(
            &self.store,
            self.now,
            days,
            self.stall(),
            &scope_filter(scope.as_deref(), &co),
            |item, n, _, o| {
                let stake = stake_of(&stakes, item.account_id);
                maker.make(item, n, o, stake)
            },
            |r| &r.item,
        )
        .map_err(err)?;
        rank(&mut rows);
        Ok(AgendaData { rows, owners: named(owners), owner: scope, co_owned: co })
    }

    /// The items of the accounts `ids` (an edit changed them) and of those a win-back
    /// item may come from, ranked, for the same scope as `agenda`: at 100k, working an
    /// item reads a few accounts instead of every one of the owner's (1.3 s).
    pub(super) fn agenda_of(
        &self,
        ids: &[AccountId],
        days: i64,
        owner: Option<&str>,
    ) -> Result<AgendaPatch, String> {
        let Scope { owners, co, scope } = self.scope(owner)?;
        let mut maker = Rows::default();
        let (mut rows, covered) = scans::agenda_made_of(
            &self.store,
            self.now,
            days,
            self.stall(),
            &scope_filter(scope.as_deref(), &co),
            ids,
            // Stakes after: only the accounts read need one.
            |item, n, _, o| maker.make(item, n, o, 0),
            |r| &r.item,
        )
        .map_err(err)?;
        let stakes = self.stakes(self.store.stakes_of(&covered).map_err(err)?)?;
        for r in &mut rows {
            r.stake = stake_of(&stakes, r.item.account_id);
        }
        rank(&mut rows);
        Ok(AgendaPatch { covered, rows, owners: named(owners), owner: scope, co_owned: co })
    }

    /// Whose items a load reads: the owners' counts, the login's co-owned accounts, and
    /// "mine" from them (`agenda_rank::mine`), for a whole load and a patch alike.
    fn scope(&self, owner: Option<&str>) -> Result<Scope, String> {
        let owners = self.store.owner_counts().map_err(err)?;
        let co = self.store.co_owned().map_err(err)?.unwrap_or_default();
        let scope = agenda_rank::mine(owner, &owners, &co).map(str::to_string);
        Ok(Scope { owners, co, scope })
    }

    fn stall(&self) -> StallLimits {
        let p = &self.cfg.params;
        StallLimits { p0_days: i64::from(p.p0_stalled_days), p1_days: i64::from(p.p1_stalled_days) }
    }

    /// `(id, stake)` in id order: the ARR in the reporting currency, as triage weighs it.
    fn stakes(&self, accounts: Vec<crate::store::AccountStake>) -> Result<Vec<(AccountId, i128)>, String> {
        let fx = self.store.converter(self.cfg.report_currency).map_err(err)?;
        let today = self.today();
        let mut out: Vec<(AccountId, i128)> = accounts
            .iter()
            .map(|a| (a.id, stake(weighed(&fx, a.arr, a.renewal_date.unwrap_or(today)), a.score)))
            .collect();
        out.sort_unstable_by_key(|s| s.0);
        Ok(out)
    }
}

/// An account's stake, by binary search of the id-ordered list (0 if it has none).
fn stake_of(stakes: &[(AccountId, i128)], id: AccountId) -> i128 {
    stakes.binary_search_by_key(&id, |s| s.0).map_or(0, |i| stakes[i].1)
}

/// What `Worker::scope` read.
struct Scope {
    owners: Vec<OwnerCount>,
    co: CoOwned,
    scope: Option<String>,
}

/// The accounts of a scope: everyone's, or the owner's with those it co-owns.
fn scope_filter(scope: Option<&str>, co: &CoOwned) -> OwnerFilter {
    scope.map_or_else(OwnerFilter::all, |me| OwnerFilter::named_with(me, co))
}

/// The picker's owners: those with a name.
fn named(owners: Vec<OwnerCount>) -> Vec<OwnerCount> {
    owners.into_iter().filter(|o| !o.owner.trim().is_empty()).collect()
}

/// Makes rows as the items stream out, one string per account and per owner shared by
/// their rows (the items of an account come together).
#[derive(Default)]
struct Rows {
    last: Option<(AccountId, Arc<str>, Arc<str>)>,
    owners: HashSet<Arc<str>>,
}

impl Rows {
    fn make(&mut self, item: AgendaItem, name: &str, owner: &str, stake: i128) -> AgendaRow {
        let (account, owner) = match &self.last {
            Some((id, account, owner)) if *id == item.account_id => (account.clone(), owner.clone()),
            _ => {
                let owner = self.owners.get(owner).cloned().unwrap_or_else(|| {
                    let name: Arc<str> = Arc::from(owner);
                    self.owners.insert(name.clone());
                    name
                });
                let account: Arc<str> = Arc::from(name);
                self.last = Some((item.account_id, account.clone(), owner.clone()));
                (account, owner)
            }
        };
        AgendaRow { stake, item, account, owner }
    }
}
