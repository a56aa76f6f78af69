//! The agenda: what is overdue and due today (or this week) on my accounts, ranked by the
//! value at stake, one line per account with several items (expandable), worked through
//! in place (done, skip, snooze, reschedule: `app::agenda`). The toggles (everyone's,
//! this week, one kind) and the count per section are in the title.

use super::{Cursor, Outcome, Ui};
use crate::domain::agenda::AgendaKind;
use crate::domain::agenda_follow::ItemRef;
use crate::domain::agenda_rank::{self, AgendaFilter, GroupKey, Line, Window};
use crate::i18n::choice_label;
use crate::tui::action::Action;
use crate::tui::msg::{AgendaData, AgendaPatch, AgendaRow};
use std::collections::HashSet;

mod view;
pub use view::AgendaView;

/// How far ahead the agenda loads ("this week"); the default window is overdue and today.
pub const AGENDA_DAYS: i64 = 7;

/// The forms the agenda opens once their account's contacts have been read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactsFor {
    /// `c`: a touchpoint ("with" offers the contacts).
    Touchpoint,
    /// `:task`: a follow-up task (its contact).
    Task,
}

pub struct AgendaPane {
    pub data: Option<AgendaData>,
    pub cursor: Cursor,
    pub ui: Ui,
    pub filter: AgendaFilter,
    /// Who "me" is (`[user] name`, `RADAR_USER`, or picked here once).
    pub me: Option<String>,
    /// The "who are you" list was offered this session (it is offered once).
    pub asked_me: bool,
    pub expanded: HashSet<GroupKey>,
    /// The lines drawn, from `data` through the filter and grouping.
    lines: Vec<Line>,
    /// Rows the filter keeps.
    kept: Vec<usize>,
    /// A change was saved and the agenda is being read again: acting keys wait for it
    /// (their item's version would be stale). `deferred` is the key pressed meanwhile,
    /// with the item it was pressed on (kind, id) when the selection was on one: it acts on
    /// that item once the rows come, never on whatever has taken its line.
    pub reloading: bool,
    pub deferred: Option<Action>,
    pub deferred_item: Option<(AgendaKind, i64)>,
    /// The generation of the last agenda asked for (see `Effect::LoadAgenda`).
    pub generation: u64,
    /// A whole agenda was asked for and has not arrived: an edit meanwhile reads the whole
    /// agenda again too (a patch would be dropped by it, or patch rows it replaces).
    pub whole_pending: bool,
    /// A form asked for from the agenda (`c`, `:task`) waiting for its account's contacts
    /// (`Effect::LoadContacts`): opened when they come, if the agenda is still in view.
    pub awaiting_contacts: Option<(ContactsFor, crate::domain::AccountId, String)>,
    /// The toggles' keys as bound (mine, week, kind), for the empty-filter line.
    pub toggle_keys: [String; 3],
    /// The items an undo or redo touched (`agenda_follow::items_of`): the next rows select
    /// the first of them they show, the item brought back, not what followed the line.
    pub follow: Vec<ItemRef>,
}

impl AgendaPane {
    pub fn new(ui: Ui) -> AgendaPane {
        AgendaPane {
            data: None,
            cursor: Cursor::default(),
            ui,
            filter: AgendaFilter::default(),
            me: None,
            asked_me: false,
            expanded: HashSet::new(),
            lines: Vec::new(),
            kept: Vec::new(),
            reloading: false,
            deferred: None,
            deferred_item: None,
            awaiting_contacts: None,
            generation: 0,
            whole_pending: false,
            toggle_keys: Default::default(),
            follow: Vec::new(),
        }
    }

    pub fn set_data(&mut self, data: AgendaData) {
        let before = self.line_keys();
        let worked = self.reloading;
        self.data = Some(data);
        self.reloading = false;
        self.whole_pending = false;
        self.refresh_after(&before);
        self.after_rows(worked);
    }

    /// New rows after an edit: on the item an undo or redo brought back when they show it,
    /// else on from the line worked.
    fn after_rows(&mut self, worked: bool) {
        let follow = std::mem::take(&mut self.follow);
        if !self.select_first_of(&follow) {
            self.onto_an_item(worked);
        }
    }

    /// Selects the first item of `refs` the agenda shows; false when it shows none.
    fn select_first_of(&mut self, refs: &[ItemRef]) -> bool {
        for r in refs {
            let hit = self.data.as_ref().and_then(|d| {
                d.rows.iter().find(|row| r.names(&row.item)).map(|row| (row.item.kind, row.item.item_id))
            });
            if hit.is_some_and(|item| self.select_item(item)) {
                return true;
            }
        }
        false
    }

    /// After an item was worked (done, skipped, snoozed…) the selection moves on to the line
    /// that followed; when that is an account's group line, its group opens and its first
    /// item is selected: the next `z` snoozes an item the user sees, where it opened the
    /// group instead (CSM trial). A group is not skipped: its items would go unseen.
    fn onto_an_item(&mut self, worked: bool) {
        if worked && self.on_group() {
            self.open_group_at_first_item();
        }
    }

    /// Replaces the items of the accounts `patch` read by what they have now (the lines
    /// keep their place: the selection moves on to what follows a worked item). False,
    /// and nothing changed, when no rows are held or they are another scope's.
    pub fn patch(&mut self, patch: AgendaPatch) -> bool {
        let before = self.line_keys();
        let Some(d) = &mut self.data else { return false };
        if d.owner != patch.owner {
            return false;
        }
        d.rows.retain(|r| patch.covered.binary_search(&r.item.account_id).is_err());
        d.rows.extend(patch.rows);
        // A total order: the rows rank as a whole load would have ranked them.
        agenda_rank::rank(&mut d.rows);
        d.owners = patch.owners;
        d.co_owned = patch.co_owned;
        let worked = self.reloading;
        self.reloading = false;
        self.refresh_after(&before);
        self.after_rows(worked);
        true
    }

    fn line_keys(&self) -> Vec<agenda_rank::LineKey> {
        self.data.as_ref().map_or_else(Vec::new, |d| agenda_rank::line_keys(&d.rows, &self.lines))
    }

    /// New rows drawn: the selection stays on its line, or moves on to what followed it.
    fn refresh_after(&mut self, before: &[agenda_rank::LineKey]) {
        let at = self.cursor.selected;
        self.refresh();
        if let Some(at) = agenda_rank::reselect(before, at, &self.line_keys()) {
            self.cursor.selected = at;
        }
    }

    /// Whose items "mine" shows: me, when I own or co-own accounts (else everyone's).
    pub fn mine(&self) -> Option<&str> {
        let d = self.data.as_ref()?;
        agenda_rank::mine(self.me.as_deref(), &d.owners, &d.co_owned)
    }

    /// Whether the rows held are all the view can show: everyone's, or the one owner's it
    /// shows ("mine", when I am that owner).
    pub fn rows_cover_view(&self) -> bool {
        match self.data.as_ref().map(|d| d.owner.as_deref()) {
            None | Some(None) => true,
            Some(Some(owner)) => !self.filter.all_owners && self.me.as_deref() == Some(owner),
        }
    }

    /// Recomputes the lines after the data, the filter or an expansion changed.
    pub fn refresh(&mut self) {
        let Some(d) = &self.data else {
            self.lines.clear();
            self.kept.clear();
            return;
        };
        let mine = agenda_rank::mine(self.me.as_deref(), &d.owners, &d.co_owned);
        self.kept = agenda_rank::visible(&d.rows, self.filter, mine, &d.co_owned);
        self.lines = agenda_rank::lines(&d.rows, &self.kept, &self.expanded);
        self.cursor.clamp(self.lines.len());
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The row the selection is on (a group line: its first item).
    pub fn selected_row(&self) -> Option<&AgendaRow> {
        let d = self.data.as_ref()?;
        match *self.lines.get(self.cursor.selected)? {
            Line::Item { row, .. } | Line::Group { first: row, .. } => d.rows.get(row),
        }
    }

    /// The item the selection is on, by kind and id (None on a group line).
    pub fn selected_item(&self) -> Option<(AgendaKind, i64)> {
        let d = self.data.as_ref()?;
        match *self.lines.get(self.cursor.selected)? {
            Line::Item { row, .. } => d.rows.get(row).map(|r| (r.item.kind, r.item.item_id)),
            Line::Group { .. } => None,
        }
    }

    /// Selects the line of an item (opening its account's group if it is closed); false
    /// when the agenda no longer holds it.
    pub fn select_item(&mut self, (kind, id): (AgendaKind, i64)) -> bool {
        let Some(d) = &self.data else { return false };
        let Some(row) = d.rows.iter().position(|r| r.item.kind == kind && r.item.item_id == id) else {
            return false;
        };
        let line_of =
            |lines: &[Line]| lines.iter().position(|l| matches!(*l, Line::Item { row: r, .. } if r == row));
        if line_of(&self.lines).is_none() {
            self.expanded.insert(agenda_rank::group_key(&d.rows[row]));
            self.refresh();
        }
        match line_of(&self.lines) {
            Some(at) => {
                self.cursor.selected = at;
                true
            }
            None => false,
        }
    }

    /// The selection is on a collapsed group line.
    pub fn on_group(&self) -> bool {
        matches!(self.lines.get(self.cursor.selected), Some(Line::Group { .. }))
    }

    /// Done, skip, Enter… on a group line: the group opens (if it is not open already)
    /// and the selection moves to its first item, for the user to choose one.
    pub fn open_group_at_first_item(&mut self) {
        if matches!(self.lines.get(self.cursor.selected), Some(Line::Group { expanded: false, .. })) {
            self.toggle_group();
        }
        self.cursor.selected = (self.cursor.selected + 1).min(self.lines.len().saturating_sub(1));
    }

    /// Expands (or collapses) the selected account's group.
    pub fn toggle_group(&mut self) {
        let Some(key) = self.selected_row().map(agenda_rank::group_key) else { return };
        if !self.expanded.remove(&key) {
            self.expanded.insert(key);
        }
        self.refresh();
    }

    /// Closes the open group the selection is on or in, and selects its line (`h`, Left:
    /// `l` opened it). False when the selection is in no open group.
    fn collapse_group(&mut self) -> bool {
        let open_group =
            matches!(self.lines.get(self.cursor.selected), Some(Line::Group { expanded: true, .. }));
        if !open_group && !self.is_expanded_item() {
            return false;
        }
        let Some(key) = self.selected_row().map(agenda_rank::group_key) else { return false };
        self.expanded.remove(&key);
        self.refresh();
        let rows = self.data.as_ref().map_or(&[][..], |d| &d.rows[..]);
        let line_of_group = self.lines.iter().position(|l| match *l {
            Line::Group { first, .. } => rows.get(first).map(agenda_rank::group_key) == Some(key),
            Line::Item { .. } => false,
        });
        if let Some(at) = line_of_group {
            self.cursor.selected = at;
        }
        true
    }

    pub fn handle_key(&mut self, action: Action) -> Outcome {
        if self.cursor.apply(action, self.lines.len()) {
            return Outcome::Handled;
        }
        match action {
            Action::AgendaExpand if self.on_group() || self.is_expanded_item() => self.toggle_group(),
            Action::AgendaCollapse => {
                return if self.collapse_group() { Outcome::Handled } else { Outcome::Ignored };
            }
            Action::AgendaMine => self.filter.all_owners = !self.filter.all_owners,
            Action::AgendaWeek => {
                self.filter.window =
                    if self.filter.window == Window::Week { Window::Today } else { Window::Week };
            }
            Action::AgendaKind => self.filter.next_kind(),
            _ => return Outcome::Ignored,
        }
        self.refresh();
        Outcome::Handled
    }

    fn is_expanded_item(&self) -> bool {
        matches!(self.lines.get(self.cursor.selected), Some(Line::Item { indented: true, .. }))
    }

    /// A click selects a line; a click on the selected line opens it (the app decides how).
    pub fn click_row(&mut self, row: usize) -> bool {
        let pos = self.cursor.offset + row;
        if pos >= self.lines.len() {
            return false;
        }
        if self.cursor.selected == pos {
            return true;
        }
        self.cursor.selected = pos;
        false
    }

    fn title_of(&self, r: &AgendaRow) -> String {
        match (r.item.kind, r.item.milestone) {
            (AgendaKind::Milestone, Some(m)) => choice_label(self.ui.lang, m),
            _ => crate::i18n::agenda_text(self.ui.lang, &r.item),
        }
    }

    /// "Agenda · Li Na · overdue and today · all kinds — overdue 12 · today 3"; where that
    /// is wider than `width` columns, the kind of items and the counts, else the counts (the
    /// cut title hid all but the overdue count at 60 columns: CSM trial, session 24).
    fn title(&self, width: u16) -> String {
        let ui = &self.ui;
        let who = match (self.filter.all_owners, self.mine()) {
            (false, Some(me)) => me.to_string(),
            _ => ui.t("ui.agenda.everyone"),
        };
        let window = match self.filter.window {
            Window::Today => ui.t("ui.agenda.window_today"),
            Window::Week => ui.t("ui.agenda.window_week"),
        };
        let kind = self.filter.kind.map_or_else(|| ui.t("ui.agenda.all_kinds"), |k| choice_label(ui.lang, k));
        let head = ui.tf("ui.agenda.title", &[("who", &who), ("window", &window), ("kind", &kind)]);
        let Some(d) = &self.data else { return format!(" {head} ") };
        let (o, t, w) = agenda_rank::counts(&d.rows, &self.kept);
        let mut parts = vec![
            ui.tf("ui.agenda.n_overdue", &[("n", &o.to_string())]),
            ui.tf("ui.agenda.n_today", &[("n", &t.to_string())]),
        ];
        if self.filter.window == Window::Week {
            parts.push(ui.tf("ui.agenda.n_week", &[("n", &w.to_string())]));
        }
        let counts = parts.join(" · ");
        let room = usize::from(width).saturating_sub(2);
        // The whole title, else the kind of items with the counts, else the counts alone.
        [format!(" {head} — {counts} "), format!(" {kind} — {counts} ")]
            .into_iter()
            .find(|t| crate::domain::text::width(t) <= room)
            .unwrap_or_else(|| format!(" {counts} "))
    }
}
