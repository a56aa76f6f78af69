//! The import preview's column picker (issue 14 item 8): a column the import does not
//! understand is listed under the preview; the map-column key lists those columns, and the
//! one picked gets the field it means from a list of the kind's fields (or "ignore"). The
//! worker then plans the file again with that pair (`Effect::PlanImport { picked }`): the
//! preview comes back with the column under its field, before any yes. What was picked is
//! saved for the file's header set when the import is written (`interchange::saved`).
//!
//! Everything the picker needs travels with the preview's confirmation (`ImportDraft`), so
//! the app keeps no import state of its own and `update` reads no file.

use crate::domain::text::{clean_line, truncate_to_width};
use crate::interchange::Kind;
use crate::interchange::fields::F;
use crate::tui::app::App;
use crate::tui::controls::pick::{Pick, PickItem};
use crate::tui::modals::Modal;
use crate::tui::modals::confirm::ConfirmFor;
use crate::tui::modals::pick::PickFor;
use crate::tui::msg::Effect;

/// Widest a header is shown in the picker's lists (the rest ends in `…`).
const HEADER_WIDTH: usize = 40;

/// The import a preview shows, as the picker plans it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDraft {
    pub path: String,
    pub kind: Kind,
    /// Columns mapped in the picker so far.
    pub picked: Vec<(String, Option<F>)>,
    /// Headers that name no field.
    pub unknown: Vec<String>,
    /// A required field has no column yet: a yes only says so.
    pub blocked: bool,
    /// The currencies the currency key offers for the amounts that name none (empty: every
    /// amount names its own, or nothing was decided yet).
    pub currencies: Vec<crate::domain::Currency>,
}

/// A header as the picker shows it: one line, no control characters, cut to a width.
pub fn shown_header(h: &str) -> String {
    let clean = clean_line(h);
    if clean.trim().is_empty() { "\"\"".to_string() } else { truncate_to_width(&clean, HEADER_WIDTH) }
}

impl App {
    /// The import preview on top, if that is what has the keys.
    fn preview_draft(&self) -> Option<&ImportDraft> {
        match self.modals.last() {
            Some(Modal::Confirm(c)) => match &c.purpose {
                ConfirmFor::Import(draft) => Some(draft),
                _ => None,
            },
            _ => None,
        }
    }

    /// The file is planned again (a column mapped, another currency): the preview on top
    /// goes, the worker answers with a new one.
    pub(crate) fn replace_preview(&mut self) {
        if self.preview_draft().is_some() {
            self.modals.pop();
        }
        self.say(self.ui.t("edit.path.busy"), true);
    }

    /// The map-column key on an import's preview: the columns it does not understand, to
    /// pick one (nothing to pick: said in the status line).
    pub(crate) fn map_column(&mut self) {
        let Some(draft) = self.preview_draft() else { return };
        if draft.unknown.is_empty() {
            return self.say(self.ui.t("edit.import.all_mapped"), false);
        }
        let items = draft
            .unknown
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let value = PickFor::ImportColumn { draft: Box::new(draft.clone()), header: h.clone() };
                PickItem::new(i.to_string(), shown_header(h), value)
            })
            .collect();
        let title = self.ui.t("edit.import.which_column");
        self.modals.push(Modal::Pick(Pick::new(title, items)));
    }

    /// The currency key on an import's preview: the currencies its bare amounts may be in
    /// instead of the one decided (the book's first); the one picked plans the file again.
    pub(crate) fn change_import_currency(&mut self) {
        let Some(draft) = self.preview_draft() else { return };
        if draft.currencies.is_empty() {
            return self.say(self.ui.t("edit.import.no_currency_to_pick"), false);
        }
        let items = draft
            .currencies
            .iter()
            .map(|&currency| {
                let value = PickFor::ImportCurrency {
                    path: draft.path.clone(),
                    kind: draft.kind,
                    picked: draft.picked.clone(),
                    currency,
                };
                PickItem::new(currency.code(), currency.code().to_string(), value)
            })
            .collect();
        let title = self.ui.t("edit.import.which_currency_instead");
        self.modals.push(Modal::Pick(Pick::new(title, items)));
    }

    /// A column picked: the kind's fields (and "ignore") to pick what it means.
    pub(crate) fn pick_field(&mut self, draft: Box<ImportDraft>, header: String) {
        let ignore = PickItem::new(
            "-",
            self.ui.t("edit.import.ignore"),
            PickFor::ImportField { draft: draft.clone(), header: header.clone(), field: None },
        );
        let fields = draft.kind.fields().iter().map(|s| {
            let f = s.field;
            let value = PickFor::ImportField { draft: draft.clone(), header: header.clone(), field: Some(f) };
            // What the field is, in the user's language, and its id (what --map takes):
            // the ids alone read as code, and typing 到期 found nothing (CSM trial, session 24).
            let label = format!("{} · {}", self.ui.t(&format!("edit.import.field.{}", f.name())), f.name());
            PickItem::new(f.name(), label, value)
        });
        // "Ignore" first: visible on the smallest screen, where the list scrolls.
        let items = std::iter::once(ignore).chain(fields).collect();
        let title = self.ui.tf("edit.import.which_field", &[("column", &shown_header(&header))]);
        self.modals.push(Modal::Pick(Pick::new(title, items)));
    }

    /// A field picked for a column: the preview is planned again with the pair (the
    /// confirmation it replaces is closed; the worker answers with a new one).
    pub(crate) fn column_mapped(
        &mut self,
        mut draft: ImportDraft,
        header: String,
        field: Option<F>,
        fx: &mut Vec<Effect>,
    ) {
        self.replace_preview();
        draft.picked.retain(|(h, _)| *h != header);
        draft.picked.push((header, field));
        fx.push(Effect::PlanImport {
            path: draft.path,
            kind: Some(draft.kind),
            picked: draft.picked,
            currency: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, t};

    /// The column picker names every field in both languages (a missing label would show
    /// its key).
    #[test]
    fn every_import_field_has_a_label_in_both_languages() {
        for f in F::ALL {
            for lang in [Lang::En, Lang::ZhCn] {
                let key = format!("edit.import.field.{}", f.name());
                assert_ne!(t(lang, &key), key, "{lang:?}: {}", f.name());
            }
        }
        assert_eq!(t(Lang::ZhCn, "edit.import.field.renewal_date"), "到期日");
    }
}
