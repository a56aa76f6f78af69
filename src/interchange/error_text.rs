//! An import's failure in the interface language: the failures a user meets at the file
//! itself (unreadable, not text, not CSV, empty, a required column missing, not an export or
//! a newer one's, an export that fails its checks, a restore into a full file) from the
//! catalog, and a spreadsheet's container errors (`Invalid`, worded by `sheet`). The others
//! keep their `Display`, in English: `--map` and option errors, a database's failure; bad rows and
//! another kind's columns are already in the interface language. The text a library or the
//! system gives (the CSV reader's, an I/O error's) stays as it comes.

use super::error::ImportError;
use super::export::json::{FORMAT, VERSION};
use crate::domain::text::clean_line;
use crate::i18n::{Lang, tf};

impl ImportError {
    /// The message in `lang`; in English the same words as `Display`.
    pub fn render(&self, lang: Lang) -> String {
        let shown = |p: &std::path::Path| p.display().to_string();
        match self {
            ImportError::Read { path, source } => {
                tf(lang, "import.error.read", &[("file", &shown(path)), ("error", &source.to_string())])
            }
            ImportError::Write { path, source } => {
                tf(lang, "import.error.write", &[("file", &shown(path)), ("error", &source.to_string())])
            }
            ImportError::Empty { path } => tf(lang, "import.error.empty", &[("file", &shown(path))]),
            ImportError::Changed { path } => tf(lang, "import.error.changed", &[("file", &shown(path))]),
            ImportError::SqliteFile { path } => {
                tf(lang, "import.error.sqlite_file", &[("file", &shown(path))])
            }
            ImportError::Encoding { path, source } => tf(
                lang,
                "import.error.encoding",
                &[
                    ("file", &shown(path)),
                    ("byte", &format!("0x{:02X}", source.byte)),
                    ("line", &source.line.to_string()),
                ],
            ),
            ImportError::Csv { path, line, detail } => tf(
                lang,
                "import.error.csv",
                &[("file", &shown(path)), ("line", &line.to_string()), ("detail", detail)],
            ),
            ImportError::UnclosedQuote { path, line } => tf(
                lang,
                "import.error.unclosed_quote",
                &[("file", &shown(path)), ("line", &line.to_string())],
            ),
            ImportError::BadExport { path, problem } => tf(
                lang,
                "import.error.bad_export",
                &[("file", &shown(path)), ("problem", &problem.render(lang))],
            ),
            ImportError::NotExport { path, format } => tf(
                lang,
                "import.error.not_export",
                &[("file", &shown(path)), ("format", format), ("expected", FORMAT)],
            ),
            ImportError::NewerExport { path, version } => tf(
                lang,
                "import.error.newer_export",
                &[("file", &shown(path)), ("version", &version.to_string()), ("reads", &VERSION.to_string())],
            ),
            ImportError::MissingColumns { path, missing, found, .. } => {
                let key = if missing.len() > 1 {
                    "import.error.missing_columns"
                } else {
                    "import.error.missing_column"
                };
                let first = missing.first().map_or("", |s| s.as_str());
                let (file, fields) = (shown(path), missing.join(", "));
                tf(lang, key, &[("file", &file), ("fields", &fields), ("found", found), ("first", first)])
            }
            ImportError::NotEmpty { db, accounts } => {
                tf(lang, "import.error.not_empty", &[("db", &shown(db)), ("n", &accounts.to_string())])
            }
            // The detail is already in `lang` (a spreadsheet's container: `interchange::sheet`).
            ImportError::Invalid { path, detail } => {
                tf(lang, "import.error.invalid", &[("file", &shown(path)), ("detail", detail)])
            }
            ImportError::NoCurrency { path, line, column } => {
                let (file, line) = (shown(path), line.to_string());
                match column {
                    Some(col) => tf(
                        lang,
                        "import.error.no_currency_amount",
                        &[("file", &file), ("line", &line), ("column", &clean_line(col))],
                    ),
                    None => tf(lang, "import.error.no_currency_account", &[("file", &file), ("line", &line)]),
                }
            }
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Every variant the catalog words: in English exactly its `Display`, in Chinese not.
    #[test]
    fn the_catalog_words_each_file_failure_in_both_languages() {
        let path = PathBuf::from("/data/客户.csv");
        let io = || std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let missing = |n: usize| ImportError::MissingColumns {
            path: path.clone(),
            missing: ["name", "renewal_date"][..n].iter().map(|s| s.to_string()).collect(),
            found: "\"公司名称\", \"ARR\"".into(),
            unknown: vec!["公司名称".into()],
        };
        let all = [
            ImportError::Read { path: path.clone(), source: io() },
            ImportError::Write { path: path.clone(), source: io() },
            ImportError::Empty { path: path.clone() },
            ImportError::Changed { path: path.clone() },
            ImportError::SqliteFile { path: path.clone() },
            missing(1),
            missing(2),
            ImportError::NotEmpty { db: PathBuf::from("/data/p.db"), accounts: 12 },
            ImportError::NotEmpty { db: PathBuf::from("/data/p.db"), accounts: 1 },
            ImportError::Encoding {
                path: path.clone(),
                source: crate::interchange::decode::EncodingError { line: 3, byte: 0x81 },
            },
            ImportError::Csv { path: path.clone(), line: 7, detail: "found record with 3 fields".into() },
            ImportError::UnclosedQuote { path: path.clone(), line: 2 },
            ImportError::NotExport { path: path.clone(), format: "{file} hubspot".into() },
            ImportError::NewerExport { path: path.clone(), version: 99 },
            ImportError::Invalid { path: path.clone(), detail: "工作簿设有密码".into() },
        ];
        for e in &all {
            assert_eq!(e.render(Lang::En), e.to_string());
            let zh = e.render(Lang::ZhCn);
            assert_ne!(zh, e.to_string(), "{zh}");
            assert!(zh.contains("/data/"), "names the file: {zh}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !"客户".contains(c)),
                "{zh}"
            );
        }
        assert!(missing(2).render(Lang::ZhCn).contains("--map '表头=name'"));
        let one = ImportError::NotEmpty { db: PathBuf::from("/data/p.db"), accounts: 1 };
        assert!(one.render(Lang::En).contains("holds 1 account;"), "{}", one.render(Lang::En));
        let other = ImportError::Map("bad".into());
        assert_eq!(other.render(Lang::ZhCn), other.to_string());
    }
}
