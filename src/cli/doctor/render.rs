//! The report as text: a heading per section, a line per finding with its severity, the
//! fix under it; wrapped to the terminal's width (a 20-column window gets short lines,
//! never cut characters), unwrapped when the output is not a terminal.

use crate::domain::health::{Report, Severity};
use crate::i18n::{Lang, t, tf};
use crate::tui::view::widgets::text::wrap;

/// Columns of text kept on a line however narrow the window (indents give way first).
const MIN_TEXT: usize = 10;

pub fn text(lang: Lang, report: &Report, width: Option<usize>) -> String {
    let mut out = Vec::new();
    push(&mut out, width, 0, 0, &t(lang, "doctor.title"));
    for section in &report.sections {
        out.push(String::new());
        push(&mut out, width, 0, 0, &section.title);
        for f in &section.findings {
            let tag = t(lang, &format!("doctor.severity.{}", f.severity.id()));
            push(&mut out, width, 2, 4, &format!("{tag} {}", f.message));
            if let Some(fix) = &f.fix {
                push(&mut out, width, 4, 6, &tf(lang, "doctor.fix", &[("fix", fix)]));
            }
        }
    }
    out.push(String::new());
    let (errors, warnings) = (report.count(Severity::Error), report.count(Severity::Warn));
    let summary = if errors + warnings == 0 {
        t(lang, "doctor.summary_ok")
    } else {
        tf(lang, "doctor.summary", &[("errors", &errors.to_string()), ("warnings", &warnings.to_string())])
    };
    push(&mut out, width, 0, 0, &summary);
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// Appends `s` indented by `first` columns, its wrapped lines by `rest`.
fn push(out: &mut Vec<String>, width: Option<usize>, first: usize, rest: usize, s: &str) {
    let Some(w) = width else {
        out.extend(wrap(s, usize::MAX / 2).into_iter().map(|l| format!("{}{l}", " ".repeat(first))));
        return;
    };
    let room = w.saturating_sub(MIN_TEXT);
    let (first, rest) = (first.min(room), rest.min(room));
    let cols = w.saturating_sub(first.max(rest)).max(1);
    for (i, line) in wrap(s, cols).into_iter().enumerate() {
        let indent = if i == 0 { first } else { rest };
        out.push(format!("{}{line}", " ".repeat(indent)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::health::{Finding, Section};
    use crate::domain::text::width;

    fn report() -> Report {
        let findings = vec![
            Finding::new("a.b", Severity::Ok, "成都天府云图信息技术有限公司 \u{1b}[2J 🚀 fine"),
            Finding::new("a.c", Severity::Error, "broken beyond words")
                .fix("radar restore /a/very/long/path/to/a/backup.db"),
        ];
        Report::new(vec![Section { section: "a".into(), title: "A".into(), findings }])
    }

    #[test]
    fn every_line_fits_a_narrow_window_and_nothing_escapes() {
        for lang in Lang::ALL {
            for w in [20, 33, 80] {
                let text = text(lang, &report(), Some(w));
                for line in text.lines() {
                    assert!(width(line) <= w, "{w}: {line:?} is {} wide", width(line));
                    assert!(!line.contains('\u{1b}'), "{line:?}");
                }
            }
        }
    }

    #[test]
    fn fixes_sit_under_their_finding_and_the_summary_counts() {
        let text = text(Lang::En, &report(), None);
        assert!(text.contains("  [error] broken beyond words\n    fix: radar restore"), "{text}");
        assert!(text.ends_with("1 errors, 0 warnings.\n"), "{text}");
    }
}
