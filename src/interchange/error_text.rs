//! An import's failure in the interface language: the failures a user meets at the file
//! itself (unreadable, empty, a required column missing, a restore into a full file) from
//! the catalog. The others keep their `Display`: they quote a flag, carry a message already
//! in the interface language (bad rows, another kind's columns, a sheet), or a database's.

use super::error::ImportError;
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
            ImportError::MissingColumns { path, missing, found, .. } => {
                let key = if missing.len() > 1 {
                    "import.error.missing_columns"
                } else {
                    "import.error.missing_column"
                };
                let first = missing.first().map_or("", |s| s.as_str());
                let args = [("file", shown(path)), ("fields", missing.join(", ")), ("found", found.clone())];
                let mut args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                args.push(("first", first));
                tf(lang, key, &args)
            }
            ImportError::NotEmpty { db, accounts } => {
                tf(lang, "import.error.not_empty", &[("db", &shown(db)), ("accounts", &accounts.to_string())])
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
            missing(1),
            missing(2),
            ImportError::NotEmpty { db: PathBuf::from("/data/p.db"), accounts: 12 },
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
        let other = ImportError::Map("bad".into());
        assert_eq!(other.render(Lang::ZhCn), other.to_string());
    }
}
