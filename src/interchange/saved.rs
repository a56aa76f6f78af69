//! Saved import mappings: the columns a user mapped by hand in the dashboard's import
//! preview, remembered (in the database, `store::mappings`) for files of the same kind with
//! the same header set, and applied by the next import of such a file — the dashboard's and
//! `radar import`'s — which says so in its summary. An explicit `--map` of a header wins
//! over the saved pair for it.

use super::error::ImportError;
use super::fields::{F, Kind, fold_header};
use super::guess;
use super::header::MapSpec;
use super::import::{ERROR_COLUMN, Note, Request};
use super::table::{ReadOptions, Table};
use crate::store::{SavedMapping, Store};
use std::path::Path;

/// Separates the folded headers of a key (never in a header: headers are sanitised).
const SEP: char = '\u{1f}';

/// The header set a mapping is remembered for: every non-blank header folded as mapping
/// folds it (case, spacing, required-field marks), sorted and without repeats, so the same
/// export with its columns reordered or re-cased gets the same mapping back.
pub fn header_key(headers: &[String]) -> String {
    let mut folded: Vec<String> = headers.iter().map(|h| fold_header(h)).filter(|h| !h.is_empty()).collect();
    folded.sort();
    folded.dedup();
    folded.join(&SEP.to_string())
}

/// Pairs as the store keeps them: (header, field name or None for "ignore").
pub fn to_store(pairs: &[(String, Option<F>)]) -> Vec<(String, Option<String>)> {
    pairs.iter().map(|(h, f)| (h.clone(), f.map(|f| f.name().to_string()))).collect()
}

/// "Header→field" for a summary (`-` for an ignored column).
pub fn describe_pairs(pairs: &[(String, Option<F>)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(h, f)| format!("{}→{}", crate::domain::text::clean_line(h), f.map_or("-", F::name)))
        .collect()
}

/// The header of the file at `path`, read as `kind` without any mapping or required field
/// (None when it cannot be read: the import itself reports that).
fn header_of(path: &Path, kind: Kind, read: &ReadOptions) -> Option<Vec<String>> {
    let plain = ReadOptions {
        map: Vec::new(),
        picked: Vec::new(),
        set: Vec::new(),
        defaults: Vec::new(),
        head_only: true,
        ..read.clone()
    };
    Table::read(path, kind, &plain).ok().map(|t| t.headers)
}

/// The mapping saved for `kind` and `headers`, and whether it was found without a trailing
/// `error` column: a rejected-rows file (`--skip-invalid`) is the original's header plus
/// that column, and imports again like the original.
fn find(store: &Store, kind: Kind, headers: &[String]) -> Result<Option<(SavedMapping, bool)>, ImportError> {
    if let Some(m) = store.import_mapping(kind.id(), &header_key(headers))? {
        return Ok(Some((m, false)));
    }
    match headers.split_last() {
        Some((last, rest)) if fold_header(last) == ERROR_COLUMN => {
            Ok(store.import_mapping(kind.id(), &header_key(rest))?.map(|m| (m, true)))
        }
        _ => Ok(None),
    }
}

/// The kind whose saved mapping, for this file's header set, makes the header fit it (the
/// mapping names a required field the header does not): the dashboard's import proposes
/// it rather than asking again for a file it was told about. None when no or several do.
pub fn saved_kind(store: &Store, path: &Path, read: &ReadOptions) -> Result<Option<Kind>, ImportError> {
    let Some(headers) = header_of(path, Kind::Accounts, read) else { return Ok(None) };
    let mut found = Vec::new();
    for kind in guess::KINDS {
        if !store.has_import_mappings(kind.id())? {
            continue;
        }
        let Some((saved, _)) = find(store, kind, &headers)? else { continue };
        // The header as the mapping reads it: a mapped column under its field's own name.
        let renamed: Vec<String> = headers
            .iter()
            .map(|h| {
                let folded = fold_header(h);
                match saved.pairs.iter().find(|(s, _)| fold_header(s) == folded) {
                    Some((_, f)) => f.clone().unwrap_or_default(),
                    None => h.clone(),
                }
            })
            .collect();
        if guess::fit(kind, &renamed).is_some() {
            found.push(kind);
        }
    }
    Ok(match found.as_slice() {
        [kind] => Some(*kind),
        _ => None,
    })
}

/// `request` with the mapping saved for its file's kind and header set applied (before
/// its own `--map` and picks, which win), and the note that says so; None when there is
/// none to apply (or it was applied already). A file that cannot be read is left to the
/// import itself to report.
pub fn with_saved(store: &Store, request: &Request) -> Result<Option<(Request, Note)>, ImportError> {
    let kind = request.kind;
    if kind == Kind::Json
        || request.options.saved_mapping.is_some()
        || !store.has_import_mappings(kind.id()).map_err(ImportError::from)?
    {
        return Ok(None);
    }
    let read = &request.options.read;
    let Some(headers) = header_of(&request.path, kind, read) else { return Ok(None) };
    let Some((saved, rejected)) = find(store, kind, &headers)? else { return Ok(None) };
    let Ok(explicit) = MapSpec::parse(kind, &read.map) else { return Ok(None) };
    let picked: Vec<String> = read.picked.iter().map(|(h, _)| fold_header(h)).collect();
    let applied: Vec<(String, Option<F>)> = saved
        .pairs
        .iter()
        .filter(|(h, _)| !explicit.names(h) && !picked.contains(&fold_header(h)))
        .filter_map(|(h, f)| {
            // Said and applied under the file's own spelling of the header.
            let folded = fold_header(h);
            let h = headers.iter().find(|x| fold_header(x) == folded).unwrap_or(h).clone();
            match f {
                None => Some((h, None)),
                Some(name) => kind.field_named(name).map(|f| (h, Some(f))),
            }
        })
        .collect();
    if applied.is_empty() {
        return Ok(None);
    }
    let mut out = request.clone();
    out.options.saved_mapping = Some(saved.id);
    let note = Note::SavedMapping(describe_pairs(&applied));
    // A rejected-rows file's own column is ignored, as the original had none.
    let error = headers.last().filter(|_| rejected).map(|h| (h.clone(), None));
    out.options.read.picked = applied.into_iter().chain(error).chain(read.picked.iter().cloned()).collect();
    Ok(Some((out, note)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn the_header_key_ignores_order_case_marks_and_blanks() {
        let a = header_key(&s(&["Kunde", "Vertragsende", "ARR (USD)"]));
        assert_eq!(a, header_key(&s(&["ARR (USD)", " kunde ", "", "Vertragsende*"])));
        assert_ne!(a, header_key(&s(&["Kunde", "Vertragsende"])), "another header set");
        assert_ne!(a, header_key(&s(&["Kunde", "Vertragsende", "ARR (EUR)"])));
        assert_eq!(header_key(&s(&["客户", "客户"])), header_key(&s(&["客户"])));
        assert!(!header_key(&s(&["a", "b"])).contains(','), "a comma in a header cannot join two");
    }

    proptest::proptest! {
        #[test]
        fn the_header_key_does_not_depend_on_column_order(
            mut headers in proptest::collection::vec("[a-zA-Z客户 ]{0,8}", 0..8),
            rot in 0usize..8,
        ) {
            let key = header_key(&headers);
            let n = headers.len().max(1);
            headers.rotate_left(rot % n);
            headers.reverse();
            proptest::prop_assert_eq!(key, header_key(&headers));
        }
    }

    #[test]
    fn pairs_round_trip_through_the_store_form() {
        let pairs = vec![("Kunde".to_string(), Some(F::Name)), ("Notiz".to_string(), None)];
        assert_eq!(
            to_store(&pairs),
            vec![("Kunde".to_string(), Some("name".to_string())), ("Notiz".to_string(), None)]
        );
        assert_eq!(describe_pairs(&pairs), vec!["Kunde→name", "Notiz→-"]);
    }
}
