//! `radar export`: the lossless JSON document and the per-kind CSV files.

pub mod csv;
pub mod json;

use crate::store::StoreError;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: cannot write: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes `path` through a temporary file beside it and a rename, so an interrupted
/// export never leaves half a file where a good one was; `fill` writes the content into a
/// buffered file. An I/O error on the way names `path`.
pub fn write_file_atomically<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    let err = |source| ExportError::Write { path: path.to_path_buf(), source };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let file = std::fs::File::create(&tmp).map_err(err)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let filled = fill(&mut out).and_then(|v| Ok(out.flush().map(|()| v)?));
    let value = match filled {
        Ok(v) => v,
        Err(e) => {
            drop(out);
            let _ = std::fs::remove_file(&tmp); // best effort: the error below is what matters
            return Err(match e {
                ExportError::Json(j) if j.is_io() => err(j.into()),
                ExportError::Io(e) => err(e),
                other => other,
            });
        }
    };
    drop(out);
    std::fs::rename(&tmp, path).map_err(err)?;
    Ok(value)
}
