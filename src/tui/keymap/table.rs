//! The tables of the keymap file and the contexts keys are looked up in. A context (what
//! has the keys) consults a chain of tables, most specific first.

use crate::tui::ids::ids;

ids! {
    /// A table of `assets/keymap.toml` (`[hints]` apart: it lists actions, not keys).
    pub enum Table {
        Global = "global",
        List = "list",
        Dashboard = "dashboard",
        Portfolio = "portfolio",
        Detail = "detail",
        Timeline = "timeline",
        Agenda = "agenda",
        Metrics = "metrics",
        Help = "help",
        Form = "form",
        Confirm = "confirm",
        Pick = "pick",
        /// Typing in any text field.
        Input = "input",
        /// The search box's own keys.
        Search = "search",
        /// The import path prompt's own keys.
        Path = "path",
    }
}

ids! {
    /// Where keys are looked up: the focused pane or what is open over it.
    pub enum Context {
        Portfolio = "portfolio",
        Detail = "detail",
        Timeline = "timeline",
        Agenda = "agenda",
        Metrics = "metrics",
        Help = "help",
        /// A form is open.
        Form = "form",
        /// A yes/no question is open.
        Confirm = "confirm",
        /// A pick list or the command palette is open.
        Pick = "pick",
    }
}

impl Context {
    /// The tables consulted for this context, most specific first.
    pub fn chain(self) -> &'static [Table] {
        use Table::*;
        match self {
            Context::Portfolio => &[Portfolio, Dashboard, List, Global],
            Context::Detail => &[Detail, Dashboard, List, Global],
            Context::Timeline => &[Timeline, Dashboard, List, Global],
            Context::Agenda => &[Agenda, List, Global],
            Context::Metrics => &[Metrics, List, Global],
            Context::Help => &[Help, List],
            Context::Form => &[Form],
            Context::Confirm => &[Confirm],
            Context::Pick => &[Pick],
        }
    }
}
