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
        Context::resolve(options).map_err(|e| match e {
            // An impossible day in the interface language, as every other date flag says it
            // (it was English whatever --lang said); a bad --lang itself stays English.
            ContextError::Today(d) => match crate::context::lang_of(g.lang.as_deref()) {
                Ok(lang) => super::usage::bad_date(lang, crate::context::TODAY_FLAG, &d),
                Err(_) => ContextError::Today(d).into(),
            },
            other => other.into(),
        })
    }
}

/// The platform data dir (`~/.local/share/renewal-radar` on Linux).
pub fn data_dir() -> Result<PathBuf, CliError> {
    Ok(crate::context::data_dir()?)
}
