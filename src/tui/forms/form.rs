//! A form: labelled fields, the `[form]` keys between them (next/previous field, save,
//! cancel: asking first when something was typed), the `[input]` keys inside them. Text,
//! dates, amounts and counts are typed; choice fields pick from a list, never free text.
//! What a form edits and how its values become an `Edit` lives beside this (`forms::*`);
//! this is the form's state and its keys. It is drawn by `modals::form_view`.

use super::FieldKey;
use crate::tui::action::Action;
use crate::tui::controls::pick::{Pick, PickItem, PickOutcome};
use crate::tui::controls::text_input::{Edited, TextInput};
use crate::tui::forms::FormKind;
use crate::tui::keymap::{Context, Keymap, TextKey};
use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Notes: several lines (a new line is `new_line`, C-j by default).
    Multi,
    /// A date; its facing decides what `11-20` means and whether a later day is refused.
    Date(crate::domain::dates::Facing),
    Money,
    Count,
    /// One of a fixed list: (id, label); the value is the selected id.
    Choice(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's name (its label is `edit.field.<id>`).
    pub key: FieldKey,
    pub kind: FieldKind,
    pub input: TextInput,
    /// Selected option (choice fields).
    pub choice: usize,
    pub required: bool,
    /// What is wrong with the value, in the user's language.
    pub error: Option<String>,
    /// A remark under the field: what someone else changed it to, or a computed preview.
    pub note: Option<String>,
    /// The note is a "save again to keep it" warning about the value (`parse::warn`).
    pub warned: bool,
}

impl Field {
    /// The value was typed into: its error and a warning about the old value go (a
    /// "2026-11-01 is before today" stayed under "+3d"); another remark (what someone else
    /// changed it to) stays while the user merges.
    fn edited(&mut self) {
        self.error = None;
        if std::mem::take(&mut self.warned) {
            self.note = None;
        }
    }

    fn with(key: FieldKey, kind: FieldKind, text: &str) -> Field {
        let multi = kind == FieldKind::Multi;
        Field {
            key,
            kind,
            input: TextInput::new(text, multi),
            choice: 0,
            required: false,
            error: None,
            note: None,
            warned: false,
        }
    }

    pub fn text(key: FieldKey, value: &str) -> Field {
        Field::with(key, FieldKind::Text, value)
    }

    pub fn multi(key: FieldKey, value: &str) -> Field {
        Field::with(key, FieldKind::Multi, value)
    }

    pub fn date(
        key: FieldKey,
        facing: crate::domain::dates::Facing,
        value: Option<chrono::NaiveDate>,
    ) -> Field {
        Field::with(key, FieldKind::Date(facing), &value.map(|d| d.to_string()).unwrap_or_default())
    }

    pub fn money(key: FieldKey, value: Option<crate::domain::Money>) -> Field {
        // Typed amounts are plain major units: 120000, not ¥120,000.00.
        let text = value.map(crate::tui::forms::plain_amount).unwrap_or_default();
        Field::with(key, FieldKind::Money, &text)
    }

    pub fn count(key: FieldKey, value: u32) -> Field {
        Field::with(key, FieldKind::Count, &value.to_string())
    }

    /// A choice among `options` (id, label), starting on `selected` (else the first).
    pub fn choice(key: FieldKey, options: Vec<(String, String)>, selected: &str) -> Field {
        let choice = options.iter().position(|(id, _)| id == selected).unwrap_or(0);
        Field { choice, ..Field::with(key, FieldKind::Choice(options), "") }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// The value as text (a choice's id).
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Choice(opts) => opts.get(self.choice).map(|(id, _)| id.clone()).unwrap_or_default(),
            _ => self.input.text().to_string(),
        }
    }

    pub fn set_value(&mut self, value: &str) {
        match &self.kind {
            FieldKind::Choice(opts) => {
                if let Some(i) = opts.iter().position(|(id, _)| id == value) {
                    self.choice = i;
                }
            }
            _ => self.input.set(value),
        }
    }

    /// What the user sees as the value (a choice's label).
    pub fn display(&self) -> String {
        match &self.kind {
            FieldKind::Choice(opts) => opts.get(self.choice).map(|(_, l)| l.clone()).unwrap_or_default(),
            _ => self.input.text().to_string(),
        }
    }
}

/// A message across the top of the form (a refused save, what someone else changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub lines: Vec<String>,
    pub error: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub title: String,
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The choice list open over the focused field (items: the options' positions).
    pub popup: Option<Pick<usize>>,
    pub banner: Option<Banner>,
    /// The token of the save in flight (keys other than Esc wait for its answer).
    pub saving: Option<u64>,
    /// Values as loaded (or as last merged from someone else's change).
    pub initial: Vec<String>,
    /// The key (as its action in a context) that opened the form from a list: pressed
    /// again at once (a double press, key repeat), it is ignored once instead of typed
    /// into the first field.
    pub opened_by: Option<(crate::tui::keymap::Context, Action)>,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Stay,
    Submit,
    Cancel,
    Help,
}

impl Form {
    pub fn new(title: String, kind: FormKind, fields: Vec<Field>) -> Form {
        let initial = fields.iter().map(Field::value).collect();
        Form {
            title,
            kind,
            fields,
            focus: 0,
            popup: None,
            banner: None,
            saving: None,
            initial,
            opened_by: None,
        }
    }

    /// Starts with the cursor on another field (the first one without a good default).
    pub fn focus_on(mut self, key: FieldKey) -> Form {
        self.focus = self.index(key).unwrap_or(0);
        self
    }

    pub fn index(&self, key: FieldKey) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }

    pub fn field(&self, key: FieldKey) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn field_mut(&mut self, key: FieldKey) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// The value of a field this form has (asking for one it does not have is a bug).
    pub fn get(&self, key: FieldKey) -> String {
        let field = self.field(key);
        debug_assert!(field.is_some(), "{key:?} is not a field of the form '{}'", self.title);
        field.map(Field::value).unwrap_or_default()
    }

    pub fn values(&self) -> Vec<String> {
        self.fields.iter().map(Field::value).collect()
    }

    /// Something was typed or picked since the form opened.
    pub fn dirty(&self) -> bool {
        self.values() != self.initial
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        self.focus = if forward { (self.focus + 1) % n } else { (self.focus + n - 1) % n };
    }

    fn open_popup(&mut self, ui: &crate::tui::panes::Ui, query: &str) {
        let Some(f) = self.fields.get(self.focus) else { return };
        let FieldKind::Choice(opts) = &f.kind else { return };
        let items = opts
            .iter()
            .enumerate()
            .map(|(i, (id, label))| PickItem::new(id.clone(), label.clone(), i))
            .collect();
        let title = ui.t(&f.key.label_key());
        let mut pick = Pick::new(title, items).select_id(&f.value());
        if !query.is_empty() {
            pick.type_str(query);
        }
        self.popup = Some(pick);
    }

    /// A paste: into the choice list's filter if open, else the focused field (a choice
    /// field opens its list filtered by it, as a typed letter does). False when it went
    /// nowhere: the save in flight takes no input.
    pub fn paste(&mut self, text: &str, ui: &crate::tui::panes::Ui) -> bool {
        let line = || crate::domain::text::sanitize(text, false);
        if let Some(pick) = &mut self.popup {
            pick.type_str(&line());
            return true;
        }
        if self.saving.is_some() {
            return false;
        }
        let Some(f) = self.fields.get_mut(self.focus) else { return false };
        if let FieldKind::Choice(_) = f.kind {
            self.open_popup(ui, line().trim());
        } else {
            f.input.insert_str(text);
            f.edited();
        }
        true
    }

    /// Routes a key: the choice list if open, then the form's keymap bindings (not for
    /// plain characters, which are always typed), then the focused field.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap, ui: &crate::tui::panes::Ui) -> FormOutcome {
        if let Some(pick) = &mut self.popup {
            match pick.handle_key(key, keymap) {
                PickOutcome::Stay => {}
                PickOutcome::Help => return FormOutcome::Help,
                PickOutcome::Close => self.popup = None,
                PickOutcome::Picked(item) => {
                    self.popup = None;
                    if let Some(f) = self.fields.get_mut(self.focus) {
                        f.choice = item.value;
                        f.error = None;
                    }
                }
            }
            return FormOutcome::Stay;
        }
        let text = keymap.text_key(key);
        let typed = matches!(text, TextKey::Type(_));
        if self.saving.is_some() {
            // Waiting for the store: only cancelling is possible.
            return if keymap.lookup(Context::Form, key) == Some(Action::Cancel) {
                FormOutcome::Cancel
            } else {
                FormOutcome::Stay
            };
        }
        let on_choice = matches!(self.fields.get(self.focus).map(|f| &f.kind), Some(FieldKind::Choice(_)));
        // Letters type into text fields; on a choice field they may be bound (Space picks).
        if let Some(action) = keymap.lookup(Context::Form, key).filter(|_| !typed || on_choice) {
            match action {
                Action::NextField => self.move_focus(true),
                Action::PrevField => self.move_focus(false),
                Action::Save => return FormOutcome::Submit,
                Action::Cancel => return FormOutcome::Cancel,
                Action::Help => return FormOutcome::Help,
                Action::PickChoice => self.open_popup(ui, ""),
                Action::NewLine => {
                    if let Some(f) = self.fields.get_mut(self.focus).filter(|f| f.kind == FieldKind::Multi) {
                        f.input.insert('\n');
                    }
                }
                _ => {}
            }
            return FormOutcome::Stay;
        }
        let Some(f) = self.fields.get_mut(self.focus) else { return FormOutcome::Stay };
        if let FieldKind::Choice(opts) = &f.kind {
            let n = opts.len().max(1);
            match text {
                TextKey::Edit(Action::CursorLeft | Action::WordLeft) => f.choice = (f.choice + n - 1) % n,
                TextKey::Edit(Action::CursorRight | Action::WordRight) => f.choice = (f.choice + 1) % n,
                TextKey::Edit(Action::Up) => self.move_focus(false),
                TextKey::Edit(Action::Down) => self.move_focus(true),
                TextKey::Type(c) => self.open_popup(ui, &c.to_string()),
                _ => {}
            }
            return FormOutcome::Stay;
        }
        match f.input.apply(text) {
            Edited::Changed => f.edited(),
            Edited::Leave(down) => self.move_focus(down),
            Edited::Moved | Edited::Ignored => {}
        }
        FormOutcome::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::forms::quick;
    use crate::tui::panes::Ui;

    fn reject_form() -> Form {
        let ui = Ui::for_tests(crate::i18n::Lang::En);
        let r = crate::domain::Requirement {
            id: crate::domain::RequirementId(1),
            account_id: crate::domain::AccountId(1),
            title: "SSO".into(),
            requester: String::new(),
            category: crate::domain::ReqCategory::Feature,
            level: crate::domain::ReqLevel::P2,
            raised_on: ui.today,
            status: crate::domain::ReqStatus::Collected,
            history: Vec::new(),
            version: 1,
        };
        quick::open_reject(&ui, &r)
    }

    #[test]
    fn a_field_is_read_by_its_key() {
        let mut form = reject_form();
        form.field_mut(FieldKey::Reason).unwrap().input.set("不在路线图上");
        assert_eq!(form.get(FieldKey::Reason), "不在路线图上");
        assert_eq!(form.index(FieldKey::Email), None);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "Email is not a field of the form")]
    fn reading_a_field_the_form_does_not_have_is_a_bug() {
        reject_form().get(FieldKey::Email);
    }
}
