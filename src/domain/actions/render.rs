//! An `ActionError` in the user's language: its catalog template, filled with its
//! arguments (requirement statuses and record kinds by their labels).

use super::error::{ActionError, Arg};
use crate::i18n::{Lang, choice_label, fill, row_kind_name, t};

impl ActionError {
    /// The message in `lang`, e.g. "投诉 #12 已经解决" (no final full stop: it goes into
    /// sentences such as "Not saved: {why}.").
    pub fn render(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> =
            self.args().into_iter().map(|(name, arg)| (name, localise(lang, arg))).collect();
        let args: Vec<(&str, &str)> = values.iter().map(|(name, v)| (*name, v.as_str())).collect();
        fill(&t(lang, self.key()), &args)
    }
}

fn localise(lang: Lang, arg: Arg) -> String {
    match (lang, arg) {
        (_, Arg::Text(s)) => s,
        // English keeps the stored ids these messages have always named (the English
        // rendering equals `Display`); other languages name them by their labels.
        (Lang::En, Arg::Status(s)) => s.to_string(),
        (_, Arg::Kind(k)) => row_kind_name(lang, k),
        (_, Arg::Status(s)) => choice_label(lang, s),
    }
}
