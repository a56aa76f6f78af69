//! What the user can ask for. One vocabulary for the keymap file, the `?` help overlay,
//! the `:` palette and the status-bar hints: adding an action here and a binding in
//! `assets/keymap.toml` (plus its label in `ui.toml`) is all a new command needs.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident = $id:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action { $($variant),+ }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The snake_case id used in the keymap file and as the i18n key `action.<id>`.
            pub fn id(self) -> &'static str {
                match self { $(Action::$variant => $id),+ }
            }

            pub fn from_id(id: &str) -> Option<Action> {
                match id { $($id => Some(Action::$variant),)+ _ => None }
            }
        }
    };
}

actions! {
    Quit = "quit",
    Help = "help",
    Palette = "palette",
    Search = "search",
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
    ClearFilters = "clear_filters",
    ShowAgenda = "show_agenda",
    ShowMetrics = "show_metrics",
    ShowDashboard = "show_dashboard",
    PrevQuarter = "prev_quarter",
    NextQuarter = "next_quarter",
    Reload = "reload",
    TabPlaybook = "tab_playbook",
    NewAccount = "new_account",
    NewRecord = "new_record",
    EditRecord = "edit_record",
    DeleteRecord = "delete_record",
    LogTouchpoint = "log_touchpoint",
    SetForecast = "set_forecast",
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
    ImportFile = "import_file",
    Suspend = "suspend",
}

impl Action {
    /// The i18n key of the action's one-line description.
    pub fn label_key(self) -> String {
        format!("action.{}", self.id())
    }

    /// The detail tab an action selects, if it is one of the tab keys.
    pub fn tab(self) -> Option<usize> {
        match self {
            Action::TabOverview => Some(0),
            Action::TabChain => Some(1),
            Action::TabPromises => Some(2),
            Action::TabRequirements => Some(3),
            Action::TabComplaints => Some(4),
            Action::TabActivity => Some(5),
            Action::TabRisk => Some(6),
            Action::TabPlaybook => Some(7),
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
                | EditRecord
                | DeleteRecord
                | LogTouchpoint
                | SetForecast
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
                | Undo
                | Redo
                | WriteHandover
                | ImportFile
        )
    }

    /// Keys that only mean something inside a form or a confirmation: not offered by the
    /// palette, which runs actions on the dashboard.
    pub fn in_palette(self) -> bool {
        use Action::*;
        !matches!(self, NextField | PrevField | Save | PickChoice | NewLine | ConfirmYes | Cancel | Pick)
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
