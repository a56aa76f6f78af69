//! `radar doctor`'s report: findings grouped in sections, each with a severity and, when
//! something is wrong, the fix. Pure: the checks that gather the facts live in `store`
//! (the database) and `cli::doctor` (files, terminal, locale); this decides what the
//! report as a whole says and its exit code.

use serde::Serialize;

/// How much a finding matters. The exit code follows the worst one: an `Error` (Radar
/// cannot open, read or trust something) is 1; a `Warn` (works, but slowly, riskily or
/// looking wrong) and below is 0, so a script can tell "broken" from "could be better".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Ok,
    Info,
    Warn,
    Error,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Error => "error",
        }
    }
}

/// One check's result: `check` is a stable id for scripts (`database.quick_check`), the
/// message and the fix are in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: String,
    pub severity: Severity,
    pub message: String,
    /// What to do about it; None when there is nothing to do.
    pub fix: Option<String>,
}

impl Finding {
    pub fn new(check: &str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding { check: check.to_string(), severity, message: message.into(), fix: None }
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = Some(fix.into());
        self
    }
}

/// The findings about one thing (the database, the files, the terminal, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// A stable id: `database`, `files`, `terminal`, `locale`, `team`.
    pub section: String,
    pub title: String,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The worst severity found.
    pub status: Severity,
    pub exit_code: i32,
    pub sections: Vec<Section>,
}

impl Report {
    pub fn new(sections: Vec<Section>) -> Report {
        let status = worst(&sections);
        Report { status, exit_code: exit_code(status), sections }
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.sections.iter().flat_map(|s| &s.findings).filter(|f| f.severity == severity).count()
    }
}

pub fn worst(sections: &[Section]) -> Severity {
    sections.iter().flat_map(|s| &s.findings).map(|f| f.severity).max().unwrap_or(Severity::Ok)
}

pub fn exit_code(worst: Severity) -> i32 {
    i32::from(worst == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn severity() -> impl Strategy<Value = Severity> {
        prop_oneof![Just(Severity::Ok), Just(Severity::Info), Just(Severity::Warn), Just(Severity::Error)]
    }

    fn section(list: &[Severity]) -> Section {
        Section {
            section: "s".into(),
            title: "S".into(),
            findings: list.iter().map(|s| Finding::new("s.x", *s, "m")).collect(),
        }
    }

    #[test]
    fn an_empty_report_is_ok() {
        let r = Report::new(vec![]);
        assert_eq!((r.status, r.exit_code), (Severity::Ok, 0));
    }

    proptest! {
        /// Exit 1 exactly when some finding is an error, whatever else is there.
        #[test]
        fn the_exit_code_follows_the_worst_finding(
            lists in proptest::collection::vec(proptest::collection::vec(severity(), 0..5), 0..4)
        ) {
            let r = Report::new(lists.iter().map(|l| section(l)).collect());
            let any_error = lists.iter().flatten().any(|s| *s == Severity::Error);
            prop_assert_eq!(r.exit_code, i32::from(any_error));
            prop_assert!(lists.iter().flatten().all(|s| *s <= r.status));
        }
    }
}
