//! Saved import mappings: the columns a user mapped by hand in the dashboard's import
//! preview, remembered (in the database, `store::mappings`) for files of the same kind with
//! the same header set, and applied by the next import of such a file — the dashboard's and
//! `radar import`'s — which says so in its summary. An explicit `--map` of a header wins
//! over the saved pair for it.

use super::error::ImportError;
use super::fields::{F, Kind, fold_header};
use super::header::MapSpec;
use super::import::{Note, Request};
use super::table::{ReadOptions, Table};
use crate::store::Store;

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
    let plain = ReadOptions {
        map: Vec::new(),
        picked: Vec::new(),
        set: Vec::new(),
        defaults: Vec::new(),
        head_only: true,
        ..read.clone()
    };
    let Ok(table) = Table::read(&request.path, kind, &plain) else { return Ok(None) };
    let Some(saved) =
        store.import_mapping(kind.id(), &header_key(&table.headers)).map_err(ImportError::from)?
    else {
        return Ok(None);
    };
    let Ok(explicit) = MapSpec::parse(kind, &read.map) else { return Ok(None) };
    let picked: Vec<String> = read.picked.iter().map(|(h, _)| fold_header(h)).collect();
    let applied: Vec<(String, Option<F>)> = saved
        .pairs
        .iter()
        .filter(|(h, _)| !explicit.names(h) && !picked.contains(&fold_header(h)))
        .filter_map(|(h, f)| {
            // Said and applied under the file's own spelling of the header.
            let folded = fold_header(h);
            let h = table.headers.iter().find(|x| fold_header(x) == folded).unwrap_or(h).clone();
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
    out.options.read.picked = applied.into_iter().chain(read.picked.iter().cloned()).collect();
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
