//! Which account an accounts row means: by external id, else by exact name; and the
//! messages of a row that would give two accounts one name.

use super::changes::KeptId;
use super::world::World;
use crate::i18n::{Lang, tf};

/// How a row finds its account: by external id; else by name — an account first
/// imported without an id is recognised by name when a file with ids arrives, while one
/// under another id is a different customer or the same one typed twice, which only the
/// user can tell (`--on-name-match`).
pub(super) enum Found {
    Account(usize),
    None,
    /// The name is another account's, under another external id (or two accounts have it).
    NameTaken(usize),
}

/// `bare`: a row of the file names `name` without an external id (which of the accounts of
/// that name it meant could not be told, so rows under distinct ids do not make several).
pub(super) fn matching(w: &World, ext: Option<&str>, name: &str, bare: bool) -> Found {
    let told = w.on_name_match.is_some() || bare;
    if let Some(i) = ext.and_then(|x| w.by_external_id(x)) {
        return Found::Account(i);
    }
    let named = w.named(name);
    match ext {
        Some(_) => {
            let adoptable = named.iter().copied().find(|i| {
                // Stored before, or created by an earlier row of this file: one customer, first
                // seen without its id.
                w.slot(*i).external_id.is_none()
            });
            // Rows of one file under different external ids are different customers of one
            // name (a CRM keeps them apart by id; so does Radar's own export), unless told
            // otherwise (`--on-name-match`) or a row of the file names it without an id.
            let stored = named.iter().copied().find(|i| told || w.slot(*i).created_on_line == 0);
            match (adoptable, stored) {
                (Some(i), _) => Found::Account(i),
                (None, Some(holder)) => Found::NameTaken(holder),
                (None, None) => Found::None,
            }
        }
        None => match named {
            [] => Found::None,
            [i] => Found::Account(*i),
            [first, ..] => Found::NameTaken(*first),
        },
    }
}

/// The row on `line` (external id `ext`) describes account `i`, which has another external
/// id (it was matched by name, `--on-name-match merge`): the account keeps its own, since
/// later files match by it, and the summary says so.
pub(super) fn kept_id(w: &World, i: usize, ext: Option<&str>, line: u64, name: &str) -> Option<KeptId> {
    match (w.slot(i).external_id.as_deref(), ext) {
        (Some(stored), Some(file)) if stored != file => {
            Some(KeptId { line, name: name.to_string(), stored: stored.to_string(), file: file.to_string() })
        }
        _ => None,
    }
}

/// Why a row whose name is taken stops: names both accounts and the flag that decides.
pub(super) fn name_taken(w: &World, lang: Lang, holder: usize, name: &str, ext: Option<&str>) -> String {
    let s = w.slot(holder);
    let theirs = ext_id(lang, s.external_id.as_deref(), "import.row.no_ext_id");
    let ours = ext_id(lang, ext, "import.row.no_ext_id");
    let line = if s.created_on_line != 0 { s.created_on_line } else { s.described_on_line };
    let seen = match line {
        0 => String::new(),
        l => tf(lang, "import.row.seen_line", &[("line", &l.to_string())]),
    };
    tf(
        lang,
        "import.row.name_taken",
        &[("name", name), ("theirs", &theirs), ("seen", &seen), ("ours", &ours)],
    )
}

/// Why a row that renames its account to `name` is refused: another account has it.
pub(super) fn renamed_onto(w: &World, lang: Lang, holder: usize, name: &str, ext: Option<&str>) -> String {
    let theirs = ext_id(lang, w.slot(holder).external_id.as_deref(), "import.row.no_ext_id");
    let ours = match ext {
        Some(x) => tf(lang, "import.row.account_of_ext", &[("id", x)]),
        None => tf(lang, "import.row.this_rows_account", &[]),
    };
    tf(lang, "import.row.renamed_onto", &[("ours", &ours), ("name", name), ("theirs", &theirs)])
}

/// "external id 'X'", else the words of `none`.
fn ext_id(lang: Lang, ext: Option<&str>, none: &str) -> String {
    match ext {
        Some(x) => tf(lang, "import.row.ext_id", &[("id", x)]),
        None => tf(lang, none, &[]),
    }
}
