//! What each import note says, in the user's language (`Note::describe`): the notes
//! themselves, and when each is given, are `summary`'s.

use super::currency::currency_why;
use super::summary::Note;
use crate::domain::text::clean_line;
use crate::i18n::{Lang, tf};
use crate::interchange::header::MappingNote;

/// "1 row (line 4)", "3 rows (lines 7, 8, 10)", "12 rows (lines 1, …, 10, …)".
fn rows(lang: Lang, n: usize, lines: &[u64]) -> String {
    tf(lang, "import.note.rows", &[("n", &n.to_string()), ("lines", &line_list(n, lines))])
}

/// "7, 8, 10", then ", …" when the `n` rows are more than the lines listed.
fn line_list(n: usize, lines: &[u64]) -> String {
    let mut list = lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    if n > lines.len() {
        list.push_str(", …");
    }
    list
}

impl Note {
    /// The note as the dashboard's import preview says it: where the command line's text
    /// names `--map`, the preview's own way (mapping the column there, its key in the hint
    /// line). It advised `--map` to a user looking at the key that does it (CSM trial,
    /// session 33). The other notes read the same in both.
    pub fn describe_here(&self, lang: Lang) -> String {
        self.said(lang, true)
    }

    pub fn describe(&self, lang: Lang) -> String {
        self.said(lang, false)
    }

    /// The note's text; `here`: as the dashboard's preview says it (`<key>_here`, for the
    /// notes that have one).
    fn said(&self, lang: Lang, here: bool) -> String {
        let key = |k: &str| if here { format!("{k}_here") } else { k.to_string() };
        match self {
            Note::Converted(enc) => tf(lang, "import.note.converted", &[("encoding", enc)]),
            Note::Delimiter(c) => {
                let name = match c {
                    '\t' => "tab".to_string(),
                    c => format!("'{c}'"),
                };
                tf(lang, "import.note.delimiter", &[("delimiter", &name)])
            }
            Note::UnknownColumns(cols) => {
                let list =
                    cols.iter().map(|c| format!("\"{}\"", clean_line(c))).collect::<Vec<_>>().join(", ");
                let example = cols.first().map_or(String::new(), |c| clean_line(c));
                tf(lang, &key("import.note.unknown_columns"), &[("columns", &list), ("example", &example)])
            }
            Note::DomainIgnored(header) => {
                tf(lang, &key("import.note.domain_ignored"), &[("header", &clean_line(header))])
            }
            Note::SavedMapping(pairs) => {
                tf(lang, &key("import.note.saved_mapping"), &[("pairs", &clean_line(&pairs.join(", ")))])
            }
            Note::UnlinkedContacts(n) => tf(lang, "import.note.unlinked", &[("n", &n.to_string())]),
            Note::NotTasks(n) => tf(lang, "import.note.not_tasks", &[("n", &n.to_string())]),
            Note::HeaderLine(l) => tf(lang, "import.note.header_line", &[("line", &l.to_string())]),
            Note::Sheet(s) => tf(lang, "import.note.sheet", &[("sheet", &clean_line(s))]),
            Note::Fallback(MappingNote::SecondPhone { phone, kept }) => tf(
                lang,
                "import.note.second_phone",
                &[("phone", &clean_line(phone)), ("kept", &clean_line(kept))],
            ),
            Note::Fallback(MappingNote::FillsBlanks { from, into, field }) => tf(
                lang,
                "import.note.fills_blanks",
                &[("from", &clean_line(from)), ("into", &clean_line(into)), ("field", field.name())],
            ),
            Note::CurrencyAssumed(c, why) => tf(
                lang,
                "import.note.currency_assumed",
                &[("currency", c.code()), ("why", &currency_why(lang, *c, why))],
            ),
            Note::MainCurrency { from, to, added } => tf(
                lang,
                "import.note.main_currency",
                &[("from", from.code()), ("to", to.code()), ("n", &added.to_string())],
            ),
            Note::Mrr(n) => tf(lang, "import.note.mrr", &[("n", &n.to_string())]),
            Note::Register(amount, number) => tf(
                lang,
                &key("import.note.register"),
                &[("amount", &clean_line(amount)), ("number", &clean_line(number))],
            ),
            Note::Annualised(n, lines) => {
                tf(lang, "import.note.annualised", &[("rows", &rows(lang, *n, lines))])
            }
            Note::TotalKept(n, lines) => {
                tf(lang, "import.note.total_kept", &[("rows", &rows(lang, *n, lines))])
            }
            Note::UnclearArr(header, n, lines) => tf(
                lang,
                &key("import.note.unclear_arr"),
                &[("header", &clean_line(header)), ("rows", &rows(lang, *n, lines))],
            ),
            Note::LostCharacters(n, lines) => {
                tf(lang, "import.note.lost_characters", &[("rows", &rows(lang, *n, lines))])
            }
            Note::ShortTerms(n, lines) => {
                tf(lang, "import.note.short_terms", &[("rows", &rows(lang, *n, lines))])
            }
            Note::Merged(n, lines) => {
                tf(lang, "import.note.merged", &[("n", &n.to_string()), ("lines", &line_list(*n, lines))])
            }
            Note::NoTerm(n) => tf(lang, "import.note.no_term", &[("n", &n.to_string())]),
            Note::ExternalIdsKept(n, first) => {
                let mut list = first
                    .iter()
                    .map(|k| {
                        let one = [
                            ("line", k.line.to_string()),
                            ("name", clean_line(&k.name)),
                            ("stored", clean_line(&k.stored)),
                            ("file", clean_line(&k.file)),
                        ];
                        let one = one.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>();
                        tf(lang, "import.note.id_kept_each", &one)
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                if *n > first.len() {
                    list.push_str("; …");
                }
                tf(lang, "import.note.ids_kept", &[("n", &n.to_string()), ("list", &list)])
            }
            Note::Rejected(n, f) => {
                tf(lang, "import.note.rejected", &[("n", &n.to_string()), ("file", &clean_line(f))])
            }
            Note::WouldReject(n, f) => {
                tf(lang, "import.note.would_reject", &[("n", &n.to_string()), ("file", &clean_line(f))])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The preview has a key to map columns: its notes say to map them, never `--map`
    /// (which the command line's notes keep), in both languages.
    #[test]
    fn the_preview_notes_map_columns_where_the_command_line_says_map() {
        let notes = [
            Note::UnknownColumns(vec!["Lifecycle Stage".into()]),
            Note::DomainIgnored("Company Domain Name".into()),
            Note::SavedMapping(vec!["Amount→arr".into()]),
            Note::Register("合同金额".into(), "合同编号".into()),
            Note::UnclearArr("Amount".into(), 2, vec![3, 9]),
        ];
        for lang in Lang::ALL {
            for n in &notes {
                let (cli, here) = (n.describe(lang), n.describe_here(lang));
                assert!(cli.contains("--map"), "{lang:?} {n:?}: {cli}");
                let no_key = here.replace("--map '", "");
                assert!(!here.contains("{") && !here.starts_with("import."), "{lang:?}: {here}");
                match n {
                    // The accounts already imported can be adopted only by the command line.
                    Note::DomainIgnored(_) => assert!(here.contains("--on-name-match adopt"), "{here}"),
                    _ => assert!(!here.contains("--map"), "{lang:?} {n:?}: {here}"),
                }
                assert!(no_key.contains(if lang == Lang::En { "map" } else { "映射" }), "{lang:?}: {here}");
            }
        }
        let other = Note::NoTerm(3);
        assert_eq!(other.describe_here(Lang::En), other.describe(Lang::En));
    }
}
