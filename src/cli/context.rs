//! The global options resolved into the shared `crate::context::Context`, with its errors
//! given the command line's exit codes (a bad option is bad usage: 2).

use super::CliError;
use super::args::Global;
pub use crate::context::Context;
use crate::context::{ContextError, Options};
use std::path::PathBuf;

impl From<ContextError> for CliError {
    fn from(e: ContextError) -> CliError {
        CliError::Usage(e.to_string())
    }
}

impl Context {
    pub fn from_cli(g: &Global, demo: bool) -> Result<Context, CliError> {
        let options =
            Options { db: g.db.as_deref(), today: g.today.as_deref(), lang: g.lang.as_deref(), demo };
        Ok(Context::resolve(options)?)
    }
}

/// The platform data dir (`~/.local/share/renewal-radar` on Linux).
pub fn data_dir() -> Result<PathBuf, CliError> {
    Ok(crate::context::data_dir()?)
}
