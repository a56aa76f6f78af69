//! `radar man`: the manual page (roff) on standard output. clap_mangen writes the page of
//! `radar` itself; the COMMANDS section (each command with its own options), EXIT STATUS,
//! ENVIRONMENT and FILES are added here, so one page holds everything.

use super::args::Cli;
use super::{CliError, emit};
use clap::CommandFactory;
use clap_mangen::roff::{Roff, bold, italic, roman};

pub fn print() -> Result<(), CliError> {
    emit(&page())
}

pub fn page() -> String {
    let mut cmd = Cli::command();
    cmd.build();
    // Every rendering starts with the same preamble (how apostrophes print); once is enough.
    let preamble = Roff::new().render();
    let mut page = preamble.clone();
    let mut add = |rendered: Vec<u8>| {
        let text = String::from_utf8_lossy(&rendered).into_owned();
        page.push_str(text.strip_prefix(preamble.as_str()).unwrap_or(&text));
    };
    // clap_mangen's own SUBCOMMANDS section points at a page per command (radar-import(1)),
    // which would not exist: COMMANDS below describes each one on this page instead.
    let man = clap_mangen::Man::new(cmd.clone());
    type Section = fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>;
    let sections: [Section; 5] = [
        clap_mangen::Man::render_title,
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
    ];
    for section in sections {
        let mut out = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = section(&man, &mut out);
        add(out);
    }
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        command(&mut roff, sub, "radar");
    }
    extra_sections(&mut roff);
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("v{}", env!("CARGO_PKG_VERSION")))]);
    add(roff.render().into_bytes());
    page
}

/// One command: its usage, what it does, its arguments; then its own subcommands.
fn command(roff: &mut Roff, cmd: &clap::Command, parent: &str) {
    // clap's own `help` commands need no entry.
    if cmd.get_name() == "help" {
        return;
    }
    let name = format!("{parent} {}", cmd.get_name());
    if cmd.has_subcommands() {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            command(roff, sub, &name);
        }
        return;
    }
    roff.control("SS", [name.as_str()]);
    let mut usage = vec![bold(name.as_str())];
    for arg in own_args(cmd) {
        usage.push(roman(" "));
        let label = arg_label(arg);
        if arg.is_required_set() {
            usage.push(italic(label));
        } else {
            usage.push(roman(format!("[{label}]")));
        }
    }
    roff.text(usage);
    if let Some(about) = cmd.get_long_about().or_else(|| cmd.get_about()) {
        roff.control("PP", []);
        roff.text([roman(about.to_string())]);
    }
    for arg in own_args(cmd) {
        roff.control("TP", []);
        roff.text([bold(arg_label(arg))]);
        let mut help =
            arg.get_long_help().or_else(|| arg.get_help()).map(|h| h.to_string()).unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            help.push_str(&format!(" [values: {}]", values.join(", ")));
        }
        let defaults: Vec<String> =
            arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
        let flag = !arg.get_num_args().is_some_and(|n| n.takes_values());
        if !flag && !defaults.is_empty() && !defaults.iter().all(String::is_empty) {
            help.push_str(&format!(" [default: {}]", defaults.join(", ")));
        }
        roff.text([roman(help.trim().to_string())]);
    }
}

/// The arguments a command adds: not the global ones (OPTIONS has them), not `--help`.
fn own_args(cmd: &clap::Command) -> impl Iterator<Item = &clap::Arg> {
    cmd.get_arguments().filter(|a| !a.is_hide_set() && !a.is_global_set() && a.get_id() != "help")
}

/// `--map <MAP>`, `KIND`.
fn arg_label(arg: &clap::Arg) -> String {
    let value = || {
        arg.get_value_names()
            .and_then(|n| n.first().map(|s| s.to_string()))
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
    };
    match arg.get_long() {
        Some(long) if arg.get_num_args().is_some_and(|n| n.takes_values()) => format!("--{long} {}", value()),
        Some(long) => format!("--{long}"),
        None => value(),
    }
}

fn extra_sections(roff: &mut Roff) {
    let items = |roff: &mut Roff, title: &str, list: &[(&str, &str)]| {
        roff.control("SH", [title]);
        for (term, text) in list {
            roff.control("TP", []);
            roff.text([bold(*term)]);
            roff.text([roman(*text)]);
        }
    };
    items(
        roff,
        "EXIT STATUS",
        &[
            ("0", "Success."),
            ("1", "A runtime error: a read-only file, a full disk, a database another program broke."),
            (
                "2",
                "Bad usage or bad input: a bad date, a file that is not a Radar database, an unknown setting. \
               Errors name the file and what was wrong, and a failed command changes nothing.",
            ),
        ],
    );
    items(
        roff,
        "ENVIRONMENT",
        &[
            ("RADAR_DB", "The portfolio file, when --db is not given."),
            ("RADAR_TODAY", "The date every rule uses (YYYY-MM-DD), when --today is not given."),
            ("RADAR_CONFIG", "The settings file, instead of the one in the config directory."),
            ("LC_ALL, LC_MESSAGES, LANG", "The interface language (en or zh-CN), when --lang is not given."),
            (
                "NO_COLOR",
                "When set and not empty, the dashboard draws no colour (markers, bold and reverse video \
                      carry the meaning).",
            ),
            (
                "COLORFGBG",
                "Read by [theme] background = \"auto\" when the terminal does not answer the \
                       background-colour query.",
            ),
            ("XDG_CONFIG_HOME, XDG_DATA_HOME", "Where the config and data directories are."),
        ],
    );
    items(
        roff,
        "FILES",
        &[
            (
                "~/.config/renewal-radar/config.toml",
                "Settings, laid over the defaults key by key; see radar config show.",
            ),
            ("~/.config/renewal-radar/keymap.toml", "Key overrides for the dashboard."),
            (
                "~/.local/share/renewal-radar/portfolio.db",
                "The portfolio: one SQLite file (demo.db for --demo).",
            ),
            (
                "~/.local/share/renewal-radar/backups/",
                "Daily backups, the newest [backup] keep of each database.",
            ),
        ],
    );
    roff.control("SH", ["SEE ALSO"]);
    roff.text([bold("sqlite3"), roman("(1)")]);
}
