//! What a plan read, so applying it can tell the file is still that file.
//!
//! The dashboard previews an import and writes it when the user presses `y`, minutes later
//! perhaps; `apply` reads the file again. A file rewritten in between was imported as it
//! then was, unseen (a CSM trial: an ARR previewed as 12,000 was stored as 99,999).

use std::hash::Hasher;
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

/// Files up to this size are also compared by content: a rewrite within the file system's
/// time resolution (a second on some) that keeps the length is still seen. Larger ones
/// (a 100k-account JSON export is about a gigabyte) by length and modification time.
const HASHED_UP_TO: u64 = 64 << 20;

/// The length, modification time and (for files up to `HASHED_UP_TO`) a hash of the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: Option<u64>,
}

impl FileStamp {
    /// The stamp of `path` now; None when it cannot be read (the read itself then fails
    /// with its own message).
    pub(super) fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        let len = meta.len();
        let hash = if len <= HASHED_UP_TO { Some(hash_of(path)?) } else { None };
        Some(FileStamp { len, modified: meta.modified().ok(), hash })
    }
}

fn hash_of(path: &Path) -> Option<u64> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            return Some(hasher.finish());
        }
        hasher.write(&buf[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_of_the_same_length_and_time_is_still_seen() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        std::fs::write(&p, "name,arr\nWayne,12000\n").unwrap();
        let before = FileStamp::of(&p).unwrap();
        assert_eq!(FileStamp::of(&p), Some(before.clone()), "the same file reads the same");
        let t = std::fs::metadata(&p).unwrap().modified().unwrap();
        std::fs::write(&p, "name,arr\nWayne,99999\n").unwrap();
        std::fs::File::options().append(true).open(&p).unwrap().set_modified(t).unwrap();
        assert_ne!(FileStamp::of(&p), Some(before));
        assert_eq!(FileStamp::of(&dir.path().join("gone.csv")), None);
    }
}
