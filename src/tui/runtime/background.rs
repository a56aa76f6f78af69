//! Which palette the dashboard uses: `[theme] background` in the config, and for `auto`
//! the terminal's own answer. Asked before the screen is taken over: the terminal's
//! background colour (the OSC 11 query), else the COLORFGBG variable some terminals set,
//! else dark.
//!
//! The query is followed by a device-attributes request (DA1), which every terminal
//! answers: its reply marks the end of the wait, so a terminal that ignores OSC 11 costs
//! one round trip rather than the whole timeout, and leaves no late reply to be read as
//! keystrokes.

use crate::settings::Background;
use crate::tui::view::theme::{Palette, Theme};
use std::time::Duration;

/// The longest wait for the terminal's answer (only a terminal that answers nothing,
/// not even DA1, waits this long). 200 ms was too short on a loaded machine: tmux's reply
/// came after it, and its bytes were read as keys (`r` of `rgb:` turned the at-risk
/// filter on; a fresh-clone CI run, session 30). Every terminal answers DA1, so the wait
/// ends with its reply, not this.
const WAIT: Duration = Duration::from_millis(1000);

/// The palette for `choice` on this terminal.
pub fn palette(choice: Background) -> Palette {
    match choice {
        Background::Dark => Palette::Dark,
        Background::Light => Palette::Light,
        // Without colour the palettes look the same: no need to ask.
        Background::Auto if !Theme::from_env(Palette::Dark).color => Palette::Dark,
        Background::Auto => {
            let colorfgbg = std::env::var("COLORFGBG").ok();
            decide(query_terminal().as_deref(), colorfgbg.as_deref())
        }
    }
}

/// The rule: the terminal's reported background, else COLORFGBG, else dark.
pub fn decide(osc_reply: Option<&[u8]>, colorfgbg: Option<&str>) -> Palette {
    let light = osc_reply.and_then(parse_osc11).map(is_light).or_else(|| colorfgbg.and_then(colorfgbg_light));
    if light == Some(true) { Palette::Light } else { Palette::Dark }
}

/// The colour in an OSC 11 reply (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by BEL or
/// `ESC \`), each channel scaled to 0..=1. Terminals send 1 to 4 hex digits a channel;
/// some send `rgba:` with a fourth, ignored.
pub fn parse_osc11(reply: &[u8]) -> Option<[f64; 3]> {
    let text = String::from_utf8_lossy(reply);
    let start = text.find("\x1b]11;")? + 5;
    let rest = &text[start..];
    let end = rest.find(['\x07', '\x1b'])?;
    let spec = &rest[..end];
    let channels = spec.strip_prefix("rgb:").or_else(|| spec.strip_prefix("rgba:"))?;
    let mut out = [0.0; 3];
    let mut parts = channels.split('/');
    for slot in &mut out {
        let hex = parts.next()?;
        if hex.is_empty() || hex.len() > 4 {
            return None;
        }
        let value = u32::from_str_radix(hex, 16).ok()?;
        *slot = f64::from(value) / f64::from((1u32 << (4 * hex.len())) - 1);
    }
    Some(out)
}

/// Lighter than mid-grey (CIE L* 50, relative luminance 0.184).
pub fn is_light([r, g, b]: [f64; 3]) -> bool {
    let lin = |c: f64| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) > 0.184
}

/// COLORFGBG is `FG;BG` (rxvt, Konsole, iTerm2; some add a middle field): the last field
/// is the background's ANSI colour number. White and light grey (7, 9-15) are light
/// backgrounds; `default` or anything else says nothing.
pub fn colorfgbg_light(value: &str) -> Option<bool> {
    let bg: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    match bg {
        0..=6 | 8 => Some(false),
        7 | 9..=15 => Some(true),
        _ => None,
    }
}

/// Asks the terminal for its background colour; the raw reply, or None when standard
/// input and output are not both a terminal or nothing came back in time.
fn query_terminal() -> Option<Vec<u8>> {
    ask(b"\x1b]11;?\x1b\\")
}

/// Sends `request` to the terminal followed by a DA1 query (which every terminal answers,
/// after the replies to what came before it), and returns everything read up to the DA1
/// reply, or what came within the wait. None when standard input and output are not both
/// a terminal, or `TERM` is `dumb`. `radar doctor` asks its questions through here too.
#[cfg(unix)]
pub fn ask(request: &[u8]) -> Option<Vec<u8>> {
    use std::io::{IsTerminal, Write};
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return None;
    }
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return None;
    }
    // Raw mode: the reply must not be echoed, nor wait for a newline.
    ratatui::crossterm::terminal::enable_raw_mode().ok()?;
    let reply = (|| {
        let mut out = std::io::stdout().lock();
        out.write_all(request).ok()?;
        out.write_all(b"\x1b[c").ok()?;
        out.flush().ok()?;
        Some(read_until_da1(WAIT))
    })();
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    reply
}

#[cfg(not(unix))]
pub fn ask(_request: &[u8]) -> Option<Vec<u8>> {
    None
}

/// Reads standard input until the DA1 reply (`ESC [ ? … c`) or `wait` has passed.
#[cfg(unix)]
fn read_until_da1(wait: Duration) -> Vec<u8> {
    let deadline = std::time::Instant::now() + wait;
    let mut got = Vec::new();
    while !has_da1(&got) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            break;
        }
        let mut pfd = libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 };
        let ms = libc::c_int::try_from(left.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd, and its count.
        let ready = unsafe { libc::poll(&mut pfd, 1, ms) };
        if ready <= 0 {
            if ready < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            break;
        }
        let mut buf = [0u8; 256];
        // SAFETY: reads at most buf.len() bytes into buf; poll said input is waiting.
        let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        got.extend_from_slice(&buf[..n as usize]);
    }
    if !has_da1(&got) {
        // Whatever part of a reply came is dropped, not left to be read as keystrokes.
        // SAFETY: discards the terminal's pending input; no memory is touched.
        unsafe { libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH) };
    }
    got
}

/// True once `bytes` hold a complete DA1 reply.
#[cfg_attr(not(unix), allow(dead_code))]
fn has_da1(bytes: &[u8]) -> bool {
    bytes.windows(3).enumerate().any(|(i, w)| {
        w == b"\x1b[?" && bytes[i + 3..].iter().find(|b| !(b.is_ascii_digit() || **b == b';')) == Some(&b'c')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc11_replies_in_their_usual_forms() {
        let white = parse_osc11(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\").unwrap();
        assert_eq!(white, [1.0, 1.0, 1.0]);
        let black = parse_osc11(b"\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;c").unwrap();
        assert_eq!(black, [0.0, 0.0, 0.0]);
        // Two digits a channel (some terminals), and rgba (rxvt-unicode).
        let solarized_light = parse_osc11(b"\x1b]11;rgb:fd/f6/e3\x07").unwrap();
        assert!(is_light(solarized_light));
        assert!(is_light(parse_osc11(b"\x1b]11;rgba:ffff/ffff/ffff/ffff\x1b\\").unwrap()));
        // Whatever came before the reply (a key typed early) is skipped.
        assert!(parse_osc11(b"j\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\").is_some_and(|c| !is_light(c)));
        for bad in
            [&b""[..], b"\x1b[?62;c", b"\x1b]11;rgb:zz/00/00\x07", b"\x1b]11;rgb:ffff/ffff", b"\x1b]11;?"]
        {
            assert_eq!(parse_osc11(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn mid_grey_is_the_line_between_dark_and_light() {
        assert!(!is_light([0.3, 0.3, 0.3]));
        assert!(is_light([0.6, 0.6, 0.6]));
        assert!(!is_light([0.0, 0.17, 0.21])); // Solarized dark's base03
    }

    #[test]
    fn colorfgbg_names_the_background_last() {
        assert_eq!(colorfgbg_light("0;15"), Some(true));
        assert_eq!(colorfgbg_light("15;0"), Some(false));
        assert_eq!(colorfgbg_light("0;default;15"), Some(true));
        assert_eq!(colorfgbg_light("12;8"), Some(false));
        assert_eq!(colorfgbg_light("default;default"), None);
        assert_eq!(colorfgbg_light(""), None);
    }

    #[test]
    fn the_terminal_wins_then_colorfgbg_then_dark() {
        let white = &b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;c"[..];
        let black = &b"\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[?62;c"[..];
        let da1_only = &b"\x1b[?1;2c"[..];
        assert_eq!(decide(Some(white), Some("15;0")), Palette::Light);
        assert_eq!(decide(Some(black), Some("0;15")), Palette::Dark);
        assert_eq!(decide(Some(da1_only), Some("0;15")), Palette::Light);
        assert_eq!(decide(None, Some("0;15")), Palette::Light);
        assert_eq!(decide(None, Some("default;default")), Palette::Dark);
        assert_eq!(decide(None, None), Palette::Dark);
        assert_eq!(palette(Background::Light), Palette::Light);
        assert_eq!(palette(Background::Dark), Palette::Dark);
    }

    #[test]
    fn da1_ends_the_wait() {
        assert!(has_da1(b"\x1b[?62;22c"));
        assert!(has_da1(b"\x1b]11;rgb:0/0/0\x07\x1b[?1;2c"));
        assert!(!has_da1(b"\x1b[?62;2"));
        assert!(!has_da1(b"\x1b]11;rgb:0/0/0\x07"));
    }
}
