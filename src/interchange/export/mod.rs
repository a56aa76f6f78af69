//! `radar export`: the lossless JSON document and the per-kind CSV files.

pub mod csv;
pub mod json;

use crate::private_file::PrivateFile;
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

/// Writes `path` as a private file (mode 0600, built under a fresh temporary name beside
/// it and renamed into place: see `private_file`), so an interrupted export never leaves
/// half a file where a good one was and nothing planted at the name is written through;
/// `fill` writes the content into a buffered file. An I/O error on the way names `path`.
pub fn write_file_atomically<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    let err = |source| ExportError::Write { path: path.to_path_buf(), source };
    let file = PrivateFile::create(path).map_err(err)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    // Dropped on an error, the private file removes its temporary file.
    let value = fill(&mut out).map_err(|e| match e {
        ExportError::Json(j) if j.is_io() => err(j.into()),
        ExportError::Io(e) => err(e),
        other => other,
    })?;
    let file = out.into_inner().map_err(|e| err(e.into_error()))?;
    file.commit().map_err(err)?;
    Ok(value)
}
