//! `radar demo` and the first-use generation behind `radar --demo`.

use super::{CliError, Context};
use crate::demo::{self, DemoError, DemoOptions};
use std::io::{IsTerminal, Write};

pub fn run(ctx: &Context, accounts: usize, seed: u64, force: bool) -> Result<(), CliError> {
    if accounts == 0 {
        return Err(super::usage::usage(ctx.lang, "accounts_min", &[]));
    }
    let opts = DemoOptions { accounts, seed, today: ctx.today };
    write(ctx, &opts, force)?;
    println!("wrote a demo portfolio of {accounts} accounts (seed {seed}) to {}", ctx.db_path.display());
    Ok(())
}

/// Generates the demo file on first use of `radar --demo`.
pub fn ensure_demo(ctx: &Context) -> Result<(), CliError> {
    if ctx.db_path.exists() {
        return Ok(());
    }
    write(ctx, &DemoOptions { accounts: 180, seed: 1, today: ctx.today }, false)
}

fn write(ctx: &Context, opts: &DemoOptions, force: bool) -> Result<(), CliError> {
    let show = std::io::stderr().is_terminal() && opts.accounts >= 5_000;
    let mut progress = |done: usize, total: usize| {
        if show {
            eprint!("\rgenerating demo portfolio: {done}/{total} accounts");
            let _ = std::io::stderr().flush();
        }
    };
    let result = demo::write_demo(&ctx.db_path, opts, force, &mut progress);
    if show {
        eprintln!();
    }
    result.map_err(|e| match e {
        DemoError::Exists(_) => CliError::Usage(e.to_string()),
        DemoError::Store(s) => s.into(),
        other => CliError::Runtime(other.to_string()),
    })
}
