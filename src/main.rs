//! `radar`: parses the command line and maps failures to exit codes.

use clap::Parser;
use radar::cli::{self, Cli};
use radar::domain::text::clean_line;

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let cli = Cli::parse();
    if let Err(e) = cli::run(cli) {
        // The report said it all already.
        if let cli::CliError::Findings(code) = e {
            std::process::exit(code);
        }
        // Messages may quote file contents: sanitised before they reach the terminal.
        eprintln!("radar: {}", clean_line(&e.to_string()));
        std::process::exit(e.exit_code());
    }
    Ok(())
}
