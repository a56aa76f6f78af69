//! `radar`: parses the command line and maps failures to exit codes.

use clap::Parser;
use radar::cli::{self, Cli};
use radar::domain::text::clean_line;
use radar::i18n::{Lang, t};

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let cli = Cli::parse();
    // The language is checked with the rest of the context: a bad --lang is said in English.
    let lang = radar::context::lang_of(cli.global.lang.as_deref()).unwrap_or(Lang::En);
    if let Err(e) = cli::run(cli) {
        // The report said it all already.
        if let cli::CliError::Findings(code) = e {
            std::process::exit(code);
        }
        // Messages may quote file contents: sanitised before they reach the terminal.
        eprintln!("{}{}", t(lang, "cli.usage.prefix"), clean_line(&e.to_string()));
        std::process::exit(e.exit_code());
    }
    Ok(())
}
