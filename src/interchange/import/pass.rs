//! One pass over a file's rows: each row checked and applied through the world by its
//! kind, bad rows failing the import or (with `--skip-invalid`) set aside, and the counts
//! and notes of the summary gathered.

use super::changes::Changes;
use super::sink::Sink;
use super::summary::{self, Counts, Note};
use super::world::World;
use super::{ImportPlan, Phase, Progress, Request};
use super::{accounts, activity, currency, deals, outcomes, people, rejected};
use crate::interchange::error::{ImportError, Problems};
use crate::interchange::fields::{F, Kind};
use crate::interchange::table::Table;

/// Runs every row of `table` through the world: checks it, and writes or counts what it
/// makes. Any bad row fails the import, listing every bad row — or, with
/// `--skip-invalid`, is undone and set aside.
pub(super) fn pass<'s>(
    table: &Table,
    request: Request,
    mut w: World<'s>,
    phase: Phase,
    progress: Progress<'_>,
) -> Result<(ImportPlan, Sink<'s>), ImportError> {
    let kind = request.kind;
    let skip = request.options.skip_invalid;
    let resolved = currency::resolve(table, &request.options, request.today, &w)?;
    w.currency = resolved.as_ref().map(|(c, _)| *c);
    w.skip_invalid = skip;
    w.on_name_match = request.options.on_name_match;
    // Before any row: the book's currencies, to say if this import moves its main one.
    let book = w.book_currencies()?;
    w.look_up(table)?;
    let mut problems = Problems::default();
    let mut counts = Counts::default();
    let mut tally = summary::Tally::default();
    let mut changes = Changes::default();
    let mut kept_ids = Vec::new();
    let mut set_aside = rejected::Rejected::new(&request.path, kind);
    // Accounts several rows describe: (rows, the first row's line), by slot.
    let mut groups: std::collections::HashMap<usize, (usize, u64)> = std::collections::HashMap::new();
    let total = table.len();
    let mut seen = 0usize;
    let rows = table.try_for_each(|rec, done| {
        w.begin_row();
        let mut row_problems = Problems::default();
        let sink_problems = if skip { &mut row_problems } else { &mut problems };
        let mut c = table.cells(rec, sink_problems, request.today);
        let bad_before = c.problems.count();
        // Imported all the same (its id, owner, address and terms are the export's; a fixed
        // export, matched by that id, renames it), but said: a name of '?'s alone is what an
        // export that lost its characters writes (Salesforce's sample: 5 of them).
        let lost = kind == Kind::Accounts && c.text(F::Name).is_some_and(|n| lost_characters(&n));
        let (mut change, mut kept) = (None, None);
        let outcome = match kind {
            Kind::Accounts => accounts::row(&mut w, &mut c)?.and_then(|mut r| {
                (change, kept) = (r.change.take(), r.kept_external_id.take());
                tally.account(&r, rec.line);
                match r.group {
                    // Counted and listed once the file is read: what its rows did together
                    // (row by row, one row's change may be undone by the next).
                    Some(slot) if c.problems.count() == bad_before => {
                        change = None;
                        groups.entry(slot).or_insert((0, rec.line)).0 += 1;
                        None
                    }
                    _ => Some(r.outcome),
                }
            }),
            Kind::Contacts => people::contact(&mut w, &mut c)?,
            Kind::Promises => people::promise(&mut w, &mut c)?,
            Kind::Requirements => people::requirement(&mut w, &mut c)?,
            Kind::Usage => activity::usage(&mut w, &mut c)?,
            Kind::Touchpoints => activity::touchpoint(&mut w, &mut c, &mut tally.unlinked)?,
            Kind::Tasks => activity::task(&mut w, &mut c, &mut tally)?,
            Kind::Referrals => super::referrals::row(&mut w, &mut c, &mut tally.unlinked)?,
            Kind::Outcomes => outcomes::row(&mut w, &mut c)?,
            Kind::Deals => deals::row(&mut w, &mut c)?,
            Kind::Json => None,
        };
        let bad = c.problems.count() > bad_before;
        if bad && skip {
            w.undo_row();
            set_aside.add(table, rec, row_problems.messages());
        } else if bad && !w.failed() {
            w.fail();
        } else if let Some(o) = outcome {
            counts.add(o);
        }
        if !bad {
            if lost {
                tally.lost.push(rec.line);
            }
            changes.extend(change);
            kept_ids.extend(kept);
        }
        if kind == Kind::Accounts {
            w.finish_touched()?;
        }
        seen += 1;
        if seen.is_multiple_of(8192) {
            progress(phase, done, total);
        }
        Ok(())
    })?;
    progress(phase, total, total);
    // Before the bad rows: their amounts were read in a stand-in currency.
    if let Some((line, column)) = w.unpriced.take() {
        return Err(ImportError::NoCurrency { path: request.path.clone(), line, column });
    }
    if !problems.is_empty() {
        return Err(problems.into_error(request.path.clone()));
    }
    // Rows of one account: the first counts what they did together, the others are unchanged.
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|(_, (_, line))| *line);
    for (slot, (rows, line)) in groups {
        counts.add(w.net_outcome(slot));
        counts.unchanged += rows - 1;
        changes.extend(w.net_change(slot, line));
    }
    let (sink, created_in) = w.finish_all()?;
    // Said only when the file has an amount the default currency was given to: an amount
    // column whose header names no currency (`ARR (美元)` does), also one that fills the
    // blanks of another (`ARR` under `ARR (USD)`), or one set by a flag.
    let no_unit = |col: usize| table.mapping.units.get(col).is_none_or(|u| u.currency.is_none());
    let bare = |f: &F| {
        let fills = table.mapping.fallbacks.iter().any(|(g, col)| g == f && no_unit(*col));
        fills
            || match table.mapping.columns[*f as usize] {
                Some(col) => no_unit(col),
                None => table.has(*f),
            }
    };
    let amounts = [F::Arr, F::Mrr, F::ContractTotal, F::TermArr, F::RenewedArr].iter().any(bare);
    let money =
        matches!(kind, Kind::Accounts | Kind::Outcomes | Kind::Deals) && amounts && !table.has(F::Currency);
    let mut notes = summary::notes(table, &tally, resolved.clone().filter(|_| money));
    // Totals follow the main currency only when no reporting currency is set.
    let moved = crate::domain::money::main_currency_moves(&book, &created_in);
    if let (Some((from, to)), None) = (moved, request.options.reporting) {
        let added = created_in.get(&to).copied().unwrap_or(0);
        notes.push(Note::MainCurrency { from, to, added });
    }
    if tally.not_tasks > 0 {
        notes.push(Note::NotTasks(tally.not_tasks));
    }
    if !kept_ids.is_empty() {
        let n = kept_ids.len();
        kept_ids.truncate(summary::IDS_KEPT_SHOWN);
        notes.push(Note::ExternalIdsKept(n, kept_ids));
    }
    counts.merged = tally.merged.len();
    let rejected = (!set_aside.is_empty()).then_some(set_aside);
    if let Some(r) = &rejected {
        counts.rejected = r.len();
        // A dry run writes no file of them: it says where the import would.
        let file = r.path.display().to_string();
        notes.push(if phase == Phase::Write {
            Note::Rejected(r.len(), file)
        } else {
            Note::WouldReject(r.len(), file)
        });
    }
    let plan = ImportPlan {
        kind,
        path: request.path.clone(),
        rows,
        counts,
        notes,
        rejected,
        preview: Default::default(),
        changes,
        currency: resolved.map(|(c, _)| c),
        request,
        read_as: None,
    };
    Ok((plan, sink))
}

/// A name of question marks alone: what an export writes for characters its encoding could
/// not hold (a Chinese or Japanese name saved as Windows-1252).
fn lost_characters(name: &str) -> bool {
    let marks = name.chars().filter(|c| matches!(c, '?' | '？')).count();
    marks >= 2 && name.chars().all(|c| matches!(c, '?' | '？') || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_question_marks_are_lost_characters() {
        assert!(super::lost_characters("?????????"));
        assert!(super::lost_characters("？？ ？？"));
        assert!(!super::lost_characters("?"));
        assert!(!super::lost_characters("Who? Inc"));
        assert!(!super::lost_characters("成都天府"));
    }
}
