//! `radar man`: a roff page that man/groff render without a warning, naming every command
//! and option.

use clap::CommandFactory;
use radar::cli::Cli;
use std::io::Write;
use std::process::{Command, Stdio};

fn page() -> String {
    let out = Command::new(crate::support::BIN)
        .arg("man")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("radar runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_page_names_every_command_and_option() {
    let page = page();
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "roff: {}", &page[..80.min(page.len())]);
    assert!(page.contains(".TH radar 1"), "{page}");
    for section in
        ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT", "FILES"]
    {
        assert!(
            page.contains(&format!(".SH {section}")) || page.contains(&format!(".SH \"{section}\"")),
            "{section}"
        );
    }
    fn walk(cmd: &clap::Command, page: &str) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            assert!(page.contains(sub.get_name()), "the page does not name `{}`", sub.get_name());
            for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
                if let Some(long) = arg.get_long() {
                    // roff writes `-` as `\-`.
                    let shown = page.contains(&format!("--{long}").replace('-', "\\-"));
                    assert!(shown, "`{} --{long}` is not in the page", sub.get_name());
                }
            }
            walk(sub, page);
        }
    }
    walk(&Cli::command(), &page);
    assert!(!page.contains("torture"), "hidden commands stay hidden");
}

/// Renders with groff's warnings on (all of them: `-ww`); any warning fails.
#[test]
fn groff_renders_it_without_warnings() {
    let have = Command::new("sh").args(["-c", "command -v groff"]).output().is_ok_and(|o| o.status.success());
    if !have {
        assert!(std::env::var_os("CI").is_none(), "CI installs groff (groff-base)");
        eprintln!("note: groff is not installed; the page is not rendered");
        return;
    }
    let mut child = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(page().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "groff failed: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warnings");
    // And as man shows it: the text is there.
    let text = Command::new("sh")
        .args(["-c", "groff -man -Tutf8 -P-cbou 2>/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(page().as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("radar handover") && text.contains("RADAR_DB"), "{text}");
}
