//! `radar import json FILE`: restores a `radar export --format json` document into an empty
//! file, ids and versions included, so that exporting again gives the same bytes. Merging
//! a whole export into a portfolio that already has data would need a rule for every
//! conflicting id; CSV imports are the merging path, so a non-empty file is refused.

use super::summary::Note;
use crate::domain::money::FxRate;
use crate::domain::text::{clean_line, clean_text};
use crate::domain::winback::FixedReason;
use crate::domain::*;
use crate::interchange::decode;
use crate::interchange::error::ImportError;
use crate::interchange::export::json::{Document, FORMAT, VERSION};
use crate::store::Store;
use std::collections::HashSet;
use std::path::Path;

/// What a JSON export holds, checked.
pub struct Read {
    pub accounts: Vec<AccountFacts>,
    pub fx_rates: Vec<FxRate>,
    pub fixed_reasons: Vec<FixedReason>,
    pub notes: Vec<Note>,
}

/// Reads, checks and sanitises the document.
pub fn read(store: &Store, path: &Path) -> Result<Read, ImportError> {
    let accounts = store.account_count()?;
    if accounts > 0 {
        return Err(ImportError::NotEmpty { db: store.path().to_path_buf(), accounts });
    }
    let p = || path.to_path_buf();
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read { path: p(), source })?;
    let (text, encoding) =
        decode::decode(&bytes).map_err(|source| ImportError::Encoding { path: p(), source })?;
    let doc: Document = serde_json::from_str(&text).map_err(|e| {
        let detail = e.to_string();
        // serde_json appends " at line L column C"; the location is given in front instead.
        let detail = detail.split(" at line ").next().unwrap_or(&detail).to_string();
        ImportError::Json { path: p(), line: e.line(), column: e.column(), detail }
    })?;
    let invalid = |detail: String| ImportError::Invalid { path: p(), detail };
    if doc.format != FORMAT {
        return Err(ImportError::NotExport { path: p(), format: doc.format });
    }
    if doc.version > VERSION {
        return Err(ImportError::NewerExport { path: p(), version: doc.version });
    }
    let mut facts = doc.accounts;
    check(&mut facts).map_err(invalid)?;
    check_rates(&doc.fx_rates).map_err(invalid)?;
    let notes = match encoding {
        decode::Encoding::Utf8 | decode::Encoding::Utf8Bom => Vec::new(),
        other => vec![Note::Converted(other.label())],
    };
    let mut fixed_reasons = doc.fixed_reasons;
    check_fixed(&mut fixed_reasons).map_err(invalid)?;
    Ok(Read { accounts: facts, fx_rates: doc.fx_rates, fixed_reasons, notes })
}

/// A rate of a currency into itself, or two rates of one pair for the same day, are
/// refused (the file could only hold one of them).
fn check_rates(rates: &[FxRate]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for r in rates {
        let what = format!("fx_rates: {} in {} from {}", r.currency, r.base, r.from);
        FxRate::new(r.currency, r.base, r.from, r.rate).map_err(|e| format!("{what}: {e}"))?;
        if !seen.insert((r.currency, r.base, r.from)) {
            return Err(format!("{what}: appears twice"));
        }
    }
    Ok(())
}

/// A reason marked fixed twice is refused (the file holds one mark per reason); notes are
/// one line, sanitised like every text.
fn check_fixed(fixed: &mut [FixedReason]) -> Result<(), String> {
    let mut seen = HashSet::new();
    for f in fixed.iter_mut() {
        if !seen.insert(f.reason) {
            return Err(format!("fixed_reasons: {} appears twice", f.reason.id()));
        }
        f.note = clean_line(&f.note);
    }
    Ok(())
}

/// Ids unique per table, children pointing at their account, valid term histories and
/// touchpoints naming contacts of their own account; all text through the sanitiser.
fn check(all: &mut [AccountFacts]) -> Result<(), String> {
    let mut ids: HashSet<(&'static str, i64)> = HashSet::new();
    let mut ext_ids = HashSet::new();
    let mut unique = |table: &'static str, id: i64, who: &str| -> Result<(), String> {
        if id != 0 && !ids.insert((table, id)) {
            return Err(format!("{who}: {table} id {id} appears twice"));
        }
        Ok(())
    };
    for f in all.iter_mut() {
        sanitise(f);
        let a = &f.account;
        let who = format!("account {} ({})", a.id, a.name);
        unique("account", a.id.0, &who)?;
        if let Some(ext) = &a.external_id
            && !ext_ids.insert(ext.clone())
        {
            return Err(format!("{who}: external id '{ext}' appears twice"));
        }
        let id = a.id;
        let wrong = |table: &str, owner: AccountId| -> Result<(), String> {
            if owner != id {
                return Err(format!("{who}: a {table} belongs to account {owner}"));
            }
            Ok(())
        };
        for t in &f.terms {
            wrong("term", t.account_id)?;
            unique("term", t.id.0, &who)?;
        }
        validate_terms(&f.terms).map_err(|e| format!("{who}: {e}"))?;
        // The amount check forms and CSV imports make, so a hand-edited export cannot
        // bring in what they refuse.
        for t in &f.terms {
            let renewed = match &t.outcome {
                Some(TermOutcome::Renewed { new_arr, .. }) => Some(*new_arr),
                _ => None,
            };
            for m in std::iter::once(t.arr).chain(renewed) {
                m.check_amount().map_err(|e| format!("{who}: term ending {}: ARR {e}", t.end))?;
            }
        }
        for c in &f.contacts {
            wrong("contact", c.account_id)?;
            unique("contact", c.id.0, &who)?;
        }
        for x in &f.promises {
            wrong("promise", x.account_id)?;
            unique("promise", x.id.0, &who)?;
        }
        for x in &f.requirements {
            wrong("requirement", x.account_id)?;
            unique("requirement", x.id.0, &who)?;
        }
        for x in &f.complaints {
            wrong("complaint", x.account_id)?;
            unique("complaint", x.id.0, &who)?;
        }
        for x in &f.touchpoints {
            wrong("touchpoint", x.account_id)?;
            unique("touchpoint", x.id.0, &who)?;
            if let Some(cid) = x.contact_id
                && !f.contacts.iter().any(|c| c.id == cid)
            {
                return Err(format!(
                    "{who}: touchpoint {} names contact {cid}, not one of this account",
                    x.id
                ));
            }
        }
        for x in &f.usage {
            wrong("usage", x.account_id)?;
            unique("usage", x.id.0, &who)?;
        }
        for x in &f.milestones {
            wrong("milestone", x.account_id)?;
            unique("milestone", x.id.0, &who)?;
        }
        for x in &f.tasks {
            wrong("task", x.account_id)?;
            unique("task", x.id.0, &who)?;
            if x.title.trim().is_empty() {
                return Err(format!("{who}: task {} has no title", x.id));
            }
            if let Some(cid) = x.contact_id
                && !f.contacts.iter().any(|c| c.id == cid)
            {
                return Err(format!("{who}: task {} names contact {cid}, not one of this account", x.id));
            }
            if let Some(tid) = x.touchpoint_id
                && !f.touchpoints.iter().any(|t| t.id == tid)
            {
                return Err(format!("{who}: task {} names touchpoint {tid}, not one of this account", x.id));
            }
        }
        for x in &f.referrals {
            wrong("referral", x.account_id)?;
            unique("referral", x.id.0, &who)?;
            if x.prospect.trim().is_empty() && x.stage != crate::domain::ReferralStage::Dismissed {
                return Err(format!("{who}: referral {} names no prospect", x.id));
            }
            if let Some(cid) = x.contact_id
                && !f.contacts.iter().any(|c| c.id == cid)
            {
                return Err(format!("{who}: referral {} names contact {cid}, not one of this account", x.id));
            }
        }
    }
    Ok(())
}

/// One-line fields through `clean_line`, notes through `clean_text`: an export edited by
/// hand (or by someone else) is a file like any other.
fn sanitise(f: &mut AccountFacts) {
    let line = |s: &mut String| *s = clean_line(s);
    let text = |s: &mut String| *s = clean_text(s);
    let a = &mut f.account;
    for s in [&mut a.name, &mut a.industry, &mut a.region, &mut a.owner] {
        line(s);
    }
    if let Some(ext) = &mut a.external_id {
        line(ext);
    }
    let h = &mut a.handover;
    for s in [&mut h.pain_points, &mut h.why_bought, &mut h.special_clauses] {
        text(s);
    }
    for t in &mut f.terms {
        if let Some(TermOutcome::Churned { note, .. }) = &mut t.outcome {
            text(note);
        }
    }
    for c in &mut f.contacts {
        for s in [&mut c.name, &mut c.title, &mut c.email, &mut c.phone] {
            line(s);
        }
    }
    for p in &mut f.promises {
        line(&mut p.text);
        line(&mut p.made_by);
    }
    for r in &mut f.requirements {
        line(&mut r.title);
        line(&mut r.requester);
        r.history.iter_mut().for_each(|t| text(&mut t.note));
    }
    for c in &mut f.complaints {
        text(&mut c.summary);
        text(&mut c.improvement);
    }
    f.touchpoints.iter_mut().for_each(|t| text(&mut t.note));
    f.milestones.iter_mut().for_each(|m| text(&mut m.note));
    for t in &mut f.tasks {
        text(&mut t.title);
        text(&mut t.note);
    }
    for r in &mut f.referrals {
        line(&mut r.prospect);
        text(&mut r.note);
    }
}
