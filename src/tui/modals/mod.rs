//! Modals: forms, confirmations and pick lists, stacked (a "discard changes?" over its
//! form). Keys route top-down: an overlay (help) first, then the top modal, then the
//! panes; a modal never does I/O, it hands what the user decided back to the app.

pub mod confirm;
pub mod form_view;
pub mod path;
pub mod pick;

use crate::tui::controls::pick::Pick;
use crate::tui::forms::form::Form;
use confirm::{Confirm, ConfirmView};
use form_view::FormView;
use pick::{PickFor, PickView};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    Form(Box<Form>),
    Confirm(Confirm),
    Pick(Pick<PickFor>),
    Path(path::PathPrompt),
}

pub struct ModalView<'a> {
    pub modal: &'a Modal,
    pub keymap: &'a crate::tui::keymap::Keymap,
    pub ui: &'a crate::tui::panes::Ui,
}

impl Widget for ModalView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        match self.modal {
            Modal::Form(f) => FormView { form: f, keymap: self.keymap, ui: self.ui }.render(area, buf),
            Modal::Confirm(c) => {
                ConfirmView { confirm: c, keymap: self.keymap, ui: self.ui }.render(area, buf)
            }
            Modal::Pick(p) => PickView { pick: p, keymap: self.keymap, ui: self.ui }.render(area, buf),
            Modal::Path(p) => {
                path::PathView { prompt: p, keymap: self.keymap, ui: self.ui }.render(area, buf)
            }
        }
    }
}
