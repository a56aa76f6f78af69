//! What the user can ask for. One vocabulary for the keymap file, the `?` help overlay,
//! the `:` palette and the status-bar hints: adding an action here and a binding in
//! `assets/keymap.toml` (plus its label in `ui.toml`) is all a new command needs.

use crate::tui::ids::ids;
use crate::tui::panes::detail::Tab;
use serde::{Deserialize, Serialize};

ids! {
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Action {
        Quit = "quit",
        Help = "help",
        Palette = "palette",
        Search = "search",
        FindAll = "find_all",
        Messages = "messages",
        Back = "back",
        Up = "up",
        Down = "down",
        PageUp = "page_up",
        PageDown = "page_down",
        Top = "top",
        Bottom = "bottom",
        NextPane = "next_pane",
        PrevPane = "prev_pane",
        FocusDetail = "focus_detail",
        NextTab = "next_tab",
        PrevTab = "prev_tab",
        TabOverview = "tab_overview",
        TabChain = "tab_chain",
        TabPromises = "tab_promises",
        TabRequirements = "tab_requirements",
        TabComplaints = "tab_complaints",
        TabActivity = "tab_activity",
        TabRisk = "tab_risk",
        CycleSort = "cycle_sort",
        ReverseSort = "reverse_sort",
        SortPriority = "sort_priority",
        SortRisk = "sort_risk",
        SortRenewal = "sort_renewal",
        SortArr = "sort_arr",
        SortName = "sort_name",
        SortLastTouch = "sort_last_touch",
        FilterAtRisk = "filter_at_risk",
        FilterRenewing = "filter_renewing",
        FilterOverdue = "filter_overdue",
        FilterTier = "filter_tier",
        FilterStage = "filter_stage",
        FilterOwner = "filter_owner",
        FilterIndustry = "filter_industry",
        FilterReference = "filter_reference",
        ClearFilters = "clear_filters",
        ShowAgenda = "show_agenda",
        ShowMetrics = "show_metrics",
        ShowDashboard = "show_dashboard",
        PrevQuarter = "prev_quarter",
        NextQuarter = "next_quarter",
        SetFxRate = "set_fx_rate",
        Reload = "reload",
        TabPlaybook = "tab_playbook",
        NewAccount = "new_account",
        NewRecord = "new_record",
        NewTask = "new_task",
        EditRecord = "edit_record",
        DeleteRecord = "delete_record",
        LogTouchpoint = "log_touchpoint",
        SetForecast = "set_forecast",
        SetReference = "set_reference",
        RecordOutcome = "record_outcome",
        WinBack = "win_back",
        PromiseKept = "promise_kept",
        PromiseBroken = "promise_broken",
        PromiseWithdrawn = "promise_withdrawn",
        RequirementNext = "requirement_next",
        RequirementReject = "requirement_reject",
        ResolveComplaint = "resolve_complaint",
        MilestoneDone = "milestone_done",
        MilestoneSkip = "milestone_skip",
        ContactLeft = "contact_left",
        ReadNote = "read_note",
        Undo = "undo",
        Redo = "redo",
        NextField = "next_field",
        PrevField = "prev_field",
        Save = "save",
        PickChoice = "pick_choice",
        NewLine = "new_line",
        ConfirmYes = "confirm_yes",
        Cancel = "cancel",
        Pick = "pick",
        WriteHandover = "write_handover",
        WriteReview = "write_review",
        ImportFile = "import_file",
        Suspend = "suspend",
        // Text fields (the `[input]` table).
        CursorLeft = "cursor_left",
        CursorRight = "cursor_right",
        WordLeft = "word_left",
        WordRight = "word_right",
        LineStart = "line_start",
        LineEnd = "line_end",
        DeleteBack = "delete_back",
        DeleteForward = "delete_forward",
        DeleteWord = "delete_word",
        DeleteToStart = "delete_to_start",
        DeleteToEnd = "delete_to_end",
        // The search box (`[search]`) and the path prompt (`[path]`).
        KeepSearch = "keep_search",
        ClearSearch = "clear_search",
        Complete = "complete",
        CheckFile = "check_file",
        // The import preview (`[confirm]`): pick the field of a column it did not understand.
        MapColumn = "map_column",
        // The import preview (`[confirm]`): another currency for its amounts that name none.
        ImportCurrency = "import_currency",
        // The agenda (`[agenda]`).
        AgendaDone = "agenda_done",
        AgendaSkip = "agenda_skip",
        AgendaSnooze = "agenda_snooze",
        AgendaReschedule = "agenda_reschedule",
        AgendaExpand = "agenda_expand",
        AgendaCollapse = "agenda_collapse",
        AgendaMine = "agenda_mine",
        AgendaWeek = "agenda_week",
        AgendaKind = "agenda_kind",
        AgendaWho = "agenda_who",
        AgendaWinBack = "agenda_win_back",
        AgendaReview = "agenda_review",
    }
}

impl Action {
    /// The i18n key of the action's one-line description.
    pub fn label_key(self) -> String {
        format!("action.{}", self.id())
    }

    /// The detail tab an action selects, if it is one of the tab keys.
    pub fn tab(self) -> Option<Tab> {
        match self {
            Action::TabOverview => Some(Tab::Overview),
            Action::TabChain => Some(Tab::Chain),
            Action::TabPromises => Some(Tab::Promises),
            Action::TabRequirements => Some(Tab::Requirements),
            Action::TabComplaints => Some(Tab::Complaints),
            Action::TabActivity => Some(Tab::Activity),
            Action::TabRisk => Some(Tab::Risk),
            Action::TabPlaybook => Some(Tab::Playbook),
            _ => None,
        }
    }

    /// Record-keeping actions (forms, quick actions, undo), carried out by `tui::editing`.
    pub fn is_edit(self) -> bool {
        use Action::*;
        matches!(
            self,
            NewAccount
                | NewRecord
                | NewTask
                | EditRecord
                | DeleteRecord
                | LogTouchpoint
                | SetForecast
                | SetReference
                | RecordOutcome
                | WinBack
                | PromiseKept
                | PromiseBroken
                | PromiseWithdrawn
                | RequirementNext
                | RequirementReject
                | ResolveComplaint
                | MilestoneDone
                | MilestoneSkip
                | ContactLeft
                | Undo
                | Redo
                | WriteHandover
                | WriteReview
                | ImportFile
        )
    }

    /// Keys that only mean something inside a form, a confirmation, a list or a text
    /// field: not offered by the palette, which runs actions on the dashboard.
    pub fn in_palette(self) -> bool {
        use Action::*;
        !matches!(
            self,
            NextField
                | PrevField
                | Save
                | PickChoice
                | NewLine
                | ConfirmYes
                | Cancel
                | Pick
                | CursorLeft
                | CursorRight
                | WordLeft
                | WordRight
                | LineStart
                | LineEnd
                | DeleteBack
                | DeleteForward
                | DeleteWord
                | DeleteToStart
                | DeleteToEnd
                | KeepSearch
                | ClearSearch
                | Complete
                | CheckFile
                | MapColumn
                | ImportCurrency
        )
    }

    /// The agenda's own actions (its `[agenda]` table), carried out by `app::agenda`.
    pub fn is_agenda(self) -> bool {
        use Action::*;
        matches!(
            self,
            AgendaDone
                | AgendaSkip
                | AgendaSnooze
                | AgendaReschedule
                | AgendaExpand
                | AgendaCollapse
                | AgendaMine
                | AgendaWeek
                | AgendaKind
                | AgendaWho
                | AgendaWinBack
                | AgendaReview
        )
    }

    /// Actions that destroy something: the palette lists them only on a strong match.
    pub fn is_destructive(self) -> bool {
        self == Action::DeleteRecord
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for a in Action::ALL {
            assert_eq!(Action::from_id(a.id()), Some(*a));
            assert_eq!(serde_json::to_string(a).unwrap(), format!("\"{}\"", a.id()));
        }
    }
}
