//! `radar`: parses the command line and maps failures to exit codes.

use clap::Parser;
use radar::cli::{self, Cli};
use radar::domain::text::clean_line;
use radar::i18n::{Lang, t};

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
            let lang = cli::clap_errors::lang_of_args(&args);
            match cli::clap_errors::localised(&e, lang) {
                Some(message) => {
                    eprintln!("{}{message}", t(lang, "cli.usage.prefix"));
                    std::process::exit(e.exit_code());
                }
                // Help, version, English: clap's own words and exit code.
                None => e.exit(),
            }
        }
    };
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
