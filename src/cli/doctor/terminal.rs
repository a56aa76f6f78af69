//! The terminal and the locale: what the environment says (TERM, COLORTERM, NO_COLOR,
//! LANG…) and what the terminal answers when asked (DECRQM for bracketed paste and mouse
//! reporting, and a cursor-position report after drawing a CJK sample, which is how wide
//! it really draws Chinese). Asked once, before the report is printed.

use crate::domain::health::{Finding, Severity};
use crate::domain::text::{clean_line, width};
use crate::i18n::{Lang, t, tf};
use crate::settings::{Background, Settings};
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};

/// Drawn, measured and erased again: two wide characters, four columns in Radar's layout.
const SAMPLE: &str = "成都";

/// What the terminal said.
#[derive(Debug, Default)]
pub struct Answers {
    /// Standard input and output are both a terminal.
    tty: bool,
    size: Option<(u16, u16)>,
    /// DECRQM's Ps for mode 2004 (bracketed paste) and 1000 (mouse): 0 not recognised,
    /// 1–4 known; None when the terminal did not answer.
    paste: Option<u8>,
    mouse: Option<u8>,
    /// Columns the cursor moved while drawing `SAMPLE`.
    cjk: Option<usize>,
}

impl Answers {
    /// The width to wrap the report to (None: not a terminal, no wrapping).
    pub fn width(&self) -> Option<usize> {
        self.size.map(|(w, _)| usize::from(w))
    }
}

pub fn ask() -> Answers {
    use std::io::IsTerminal;
    let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !tty {
        return Answers::default();
    }
    let size = ratatui::crossterm::terminal::size().ok();
    // `\r`: the sample starts in column 1, so the reported column is 1 + its width;
    // then the line is erased, leaving nothing behind.
    let request = format!("\x1b[?2004$p\x1b[?1000$p\r{SAMPLE}\x1b[6n\r\x1b[K");
    let reply = crate::tui::runtime::background::ask(request.as_bytes()).unwrap_or_default();
    Answers {
        tty,
        size,
        paste: decrqm(&reply, 2004),
        mouse: decrqm(&reply, 1000),
        cjk: cursor_column(&reply).map(|c| c.saturating_sub(1)),
    }
}

/// The Ps of a DECRQM reply `ESC [ ? mode ; Ps $ y` in `reply`.
fn decrqm(reply: &[u8], mode: u16) -> Option<u8> {
    let text = String::from_utf8_lossy(reply);
    let head = format!("\x1b[?{mode};");
    let rest = &text[text.find(&head)? + head.len()..];
    let ps = rest.split("$y").next()?;
    ps.parse().ok()
}

/// The column of a cursor-position report `ESC [ row ; col R` in `reply`.
fn cursor_column(reply: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(reply);
    text.split('\x1b').find_map(|part| {
        let body = part.strip_prefix('[')?.strip_suffix('R').or_else(|| {
            let p = part.strip_prefix('[')?;
            p.find('R').map(|i| &p[..i])
        })?;
        let (row, col) = body.split_once(';')?;
        row.parse::<usize>().ok()?;
        col.parse().ok()
    })
}

pub fn check(lang: Lang, a: &Answers, settings: Option<&Settings>) -> Vec<Finding> {
    let mut out = Vec::new();
    if !a.tty {
        out.push(Finding::new("terminal.tty", Severity::Info, t(lang, "doctor.terminal.not_tty")));
    }
    if let Some((w, h)) = a.size {
        let args = [
            ("width", w.to_string()),
            ("height", h.to_string()),
            ("min_width", MIN_WIDTH.to_string()),
            ("min_height", MIN_HEIGHT.to_string()),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        out.push(if w < MIN_WIDTH || h < MIN_HEIGHT {
            Finding::new("terminal.size", Severity::Warn, tf(lang, "doctor.terminal.small", &args))
                .fix(t(lang, "doctor.terminal.small_fix"))
        } else {
            Finding::new("terminal.size", Severity::Ok, tf(lang, "doctor.terminal.size", &args))
        });
    }
    let term = std::env::var("TERM").ok().filter(|v| !v.is_empty() && v != "dumb");
    match &term {
        Some(v) => out.push(Finding::new(
            "terminal.term",
            Severity::Ok,
            tf(lang, "doctor.terminal.term", &[("term", &clean_line(v))]),
        )),
        None => out.push(
            Finding::new("terminal.term", Severity::Warn, t(lang, "doctor.terminal.term_missing"))
                .fix(t(lang, "doctor.terminal.term_missing_fix")),
        ),
    }
    out.push(colors(lang, term.as_deref(), settings));
    out.push(mode(lang, "paste", a.paste, a.tty, term.as_deref()));
    out.push(mode(lang, "mouse", a.mouse, a.tty, term.as_deref()));
    if a.tty {
        out.push(cjk(lang, a.cjk));
    }
    out
}

fn colors(lang: Lang, term: Option<&str>, settings: Option<&Settings>) -> Finding {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return Finding::new("terminal.colors", Severity::Info, t(lang, "doctor.terminal.no_color"));
    }
    let colorterm = std::env::var("COLORTERM").unwrap_or_default();
    let (count, name) = if colorterm == "truecolor" || colorterm == "24bit" {
        (1 << 24, t(lang, "doctor.terminal.truecolor"))
    } else if term.is_some_and(|t| t.contains("256color") || t.contains("direct")) {
        (256, "256".to_string())
    } else {
        (16, "16".to_string())
    };
    if count < 256 && settings.is_some_and(|s| s.background == Background::Light) {
        return Finding::new(
            "terminal.colors",
            Severity::Warn,
            tf(lang, "doctor.terminal.colors_light", &[("colors", &name)]),
        )
        .fix(t(lang, "doctor.terminal.colors_light_fix"));
    }
    Finding::new("terminal.colors", Severity::Ok, tf(lang, "doctor.terminal.colors", &[("colors", &name)]))
}

/// Terminals that have bracketed paste and mouse reporting whether or not they answer
/// DECRQM (tmux, for one, does not).
fn term_has_modes(term: &str) -> bool {
    [
        "xterm",
        "screen",
        "tmux",
        "rxvt",
        "alacritty",
        "kitty",
        "wezterm",
        "foot",
        "vte",
        "konsole",
        "gnome",
        "iterm",
        "st-",
    ]
    .iter()
    .any(|p| term.starts_with(p))
}

fn mode(lang: Lang, which: &str, ps: Option<u8>, tty: bool, term: Option<&str>) -> Finding {
    let check = format!("terminal.{which}");
    let key = |k: &str| format!("doctor.terminal.{k}");
    let how = match (ps, term) {
        (Some(0), _) => {
            let f = Finding::new(
                &check,
                if which == "paste" { Severity::Warn } else { Severity::Info },
                t(lang, &key(&format!("{which}_no"))),
            );
            return if which == "paste" { f.fix(t(lang, &key("paste_no_fix"))) } else { f };
        }
        (Some(_), _) if tty => t(lang, &key("said")),
        (_, Some(term)) if term_has_modes(term) => tf(lang, &key("by_term"), &[("term", &clean_line(term))]),
        _ => {
            let how = t(lang, &key("unknown"));
            return Finding::new(&check, Severity::Info, tf(lang, &key(which), &[("how", &how)]));
        }
    };
    Finding::new(&check, Severity::Ok, tf(lang, &key(which), &[("how", &how)]))
}

fn cjk(lang: Lang, measured: Option<usize>) -> Finding {
    let expected = width(SAMPLE);
    match measured {
        Some(w) if w == expected => Finding::new(
            "terminal.cjk",
            Severity::Ok,
            tf(lang, "doctor.terminal.cjk", &[("sample", SAMPLE), ("width", &w.to_string())]),
        ),
        Some(w) => {
            let args = [("sample", SAMPLE), ("width", &w.to_string()), ("expected", &expected.to_string())];
            Finding::new("terminal.cjk", Severity::Warn, tf(lang, "doctor.terminal.cjk_wrong", &args))
                .fix(t(lang, "doctor.terminal.cjk_wrong_fix"))
        }
        None => Finding::new("terminal.cjk", Severity::Info, t(lang, "doctor.terminal.cjk_unknown")),
    }
}

/// The character set and the interface language, and where each comes from.
pub fn locale(lang: Lang, flag: Option<&str>) -> Vec<Finding> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut out = Vec::new();
    match ["LC_ALL", "LC_CTYPE", "LANG"].into_iter().find_map(|n| var(n).map(|v| (n, v))) {
        None => out.push(
            Finding::new("locale.charset", Severity::Warn, t(lang, "doctor.locale.unset"))
                .fix(t(lang, "doctor.locale.not_utf8_fix")),
        ),
        Some((name, value)) => {
            let lower = value.to_ascii_lowercase();
            let args = [("name", name), ("value", &clean_line(&value))];
            out.push(if lower.contains("utf-8") || lower.contains("utf8") {
                Finding::new("locale.charset", Severity::Ok, tf(lang, "doctor.locale.utf8", &args))
            } else {
                Finding::new("locale.charset", Severity::Warn, tf(lang, "doctor.locale.not_utf8", &args))
                    .fix(t(lang, "doctor.locale.not_utf8_fix"))
            });
        }
    }
    let source = match flag {
        Some(_) => t(lang, "doctor.locale.from_flag"),
        None => match ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|n| var(n).map(|v| (n, v))) {
            // `C.UTF-8` is the C locale: English.
            Some((name, value)) if Lang::parse(value.split('.').next().unwrap_or("")).is_some() => {
                format!("{name}={}", clean_line(&value))
            }
            Some((name, value)) => {
                let shown = format!("{name}={}", clean_line(&value));
                out.push(
                    Finding::new(
                        "locale.language",
                        Severity::Info,
                        tf(lang, "doctor.locale.unsupported", &[("value", &shown)]),
                    )
                    .fix(t(lang, "doctor.locale.unsupported_fix")),
                );
                t(lang, "doctor.locale.from_default")
            }
            None => t(lang, "doctor.locale.from_default"),
        },
    };
    out.push(Finding::new(
        "locale.language",
        Severity::Ok,
        tf(lang, "doctor.locale.language", &[("lang", lang.code()), ("source", &source)]),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_read_in_any_order_and_mixed() {
        let reply = b"\x1b[?2004;2$y\x1b[?1000;0$y\x1b[7;5R\x1b[?62;22c";
        assert_eq!(decrqm(reply, 2004), Some(2));
        assert_eq!(decrqm(reply, 1000), Some(0));
        assert_eq!(cursor_column(reply), Some(5));
        let tmux = b"\x1b[1;5R\x1b[?1;2c";
        assert_eq!((decrqm(tmux, 2004), cursor_column(tmux)), (None, Some(5)));
        assert_eq!(cursor_column(b"\x1b[?1;2c"), None);
    }

    #[test]
    fn a_terminal_drawing_chinese_narrow_is_a_warning() {
        assert_eq!(cjk(Lang::En, Some(4)).severity, Severity::Ok);
        let wrong = cjk(Lang::ZhCn, Some(2));
        assert_eq!(wrong.severity, Severity::Warn);
        assert!(wrong.message.contains("2") && wrong.fix.is_some(), "{wrong:?}");
        assert_eq!(cjk(Lang::En, None).severity, Severity::Info);
    }

    #[test]
    fn modes_the_terminal_denies_or_does_not_say() {
        assert_eq!(mode(Lang::En, "paste", Some(0), true, Some("xterm")).severity, Severity::Warn);
        assert_eq!(mode(Lang::En, "mouse", Some(0), true, Some("xterm")).severity, Severity::Info);
        assert_eq!(mode(Lang::En, "paste", Some(2), true, None).severity, Severity::Ok);
        assert_eq!(mode(Lang::En, "paste", None, true, Some("tmux-256color")).severity, Severity::Ok);
        assert_eq!(mode(Lang::En, "paste", None, false, Some("vt52")).severity, Severity::Info);
    }
}
