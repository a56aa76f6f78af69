//! `radar import json FILE`: restores a `radar export --format json` document into an empty
//! file, ids and versions included, so that exporting again gives the same bytes. Merging
//! a whole export into a portfolio that already has data would need a rule for every
//! conflicting id; CSV imports are the merging path, so a non-empty file is refused.

use super::json_check::{ExportProblem, check, check_fixed, check_rates};
use super::summary::Note;
use crate::domain::money::FxRate;
use crate::domain::text::{clean_line, clean_text};
use crate::domain::winback::FixedReason;
use crate::domain::*;
use crate::interchange::decode;
use crate::interchange::error::ImportError;
use crate::interchange::export::json::{Document, FORMAT, VERSION};
use crate::store::Store;
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
    let bad = |problem: ExportProblem| ImportError::BadExport { path: p(), problem: Box::new(problem) };
    if doc.format != FORMAT {
        return Err(ImportError::NotExport { path: p(), format: doc.format });
    }
    if doc.version > VERSION {
        return Err(ImportError::NewerExport { path: p(), version: doc.version });
    }
    let mut facts = doc.accounts;
    check(&mut facts, sanitise).map_err(bad)?;
    check_rates(&doc.fx_rates).map_err(bad)?;
    let notes = match encoding {
        decode::Encoding::Utf8 | decode::Encoding::Utf8Bom => Vec::new(),
        other => vec![Note::Converted(other.label())],
    };
    let mut fixed_reasons = doc.fixed_reasons;
    check_fixed(&mut fixed_reasons).map_err(bad)?;
    Ok(Read { accounts: facts, fx_rates: doc.fx_rates, fixed_reasons, notes })
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
