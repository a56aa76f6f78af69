//! Writing a file that only its owner can read, without ever writing through whatever is
//! at its name. Exports and handover sheets hold every note of a portfolio; they often go
//! to shared folders (`/tmp`, a synced drive), where another user can plant a symbolic link
//! at the name Radar is about to write, or leave a world-writable file there.
//!
//! So every file is written the same way: a fresh temporary file with an unpredictable
//! name is created beside the target with `O_CREAT | O_EXCL` and mode 0600, filled,
//! flushed to disk and renamed over the target. `O_EXCL` never follows a symbolic link
//! (POSIX: it fails on any existing name, a link included), so nothing planted at a
//! temporary name is written through; the rename replaces whatever is at the target
//! name — a link is replaced, not followed, and an old file's permissions do not carry
//! over. A reader sees the old file or the whole new one, never half.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Names tried before giving up (each is 64 random bits: a clash means someone is
/// planting names, or a bug).
const ATTEMPTS: u32 = 32;

/// A private file being written; `commit` puts it in place. Dropped without `commit`, its
/// temporary file is removed and the target is left as it was.
#[derive(Debug)]
pub struct PrivateFile {
    file: Option<File>,
    tmp: PathBuf,
    target: PathBuf,
    /// The temporary file became the target: nothing left to clean up.
    renamed: bool,
}

impl PrivateFile {
    /// Starts writing `target`. Its folder must exist (see `create_private_dir_all`).
    pub fn create(target: &Path) -> io::Result<PrivateFile> {
        create_temp(target, std::iter::repeat_with(random_suffix).take(ATTEMPTS as usize))
    }

    /// The file the content goes to.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the content to disk and renames it over the target (replacing a link or an
    /// old file there, never writing through it).
    pub fn commit(mut self) -> io::Result<()> {
        let Some(file) = self.file.take() else { return Err(io::Error::other("already committed")) };
        file.sync_all()?;
        drop(file);
        // On failure (the target is a folder, the disk is full) `drop` removes the
        // temporary file: a failed write leaves nothing behind.
        std::fs::rename(&self.tmp, &self.target)?;
        self.renamed = true;
        // The rename itself is durable only once the folder is: best effort (some file
        // systems cannot sync a folder, and the file is complete either way).
        if let Some(dir) = parent(&self.target) {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

impl Write for PrivateFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.open()?.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.open()?.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.open()?.flush()
    }
}

impl PrivateFile {
    fn open(&mut self) -> io::Result<&mut File> {
        self.file.as_mut().ok_or_else(|| io::Error::other("the file was committed"))
    }
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.tmp); // best effort: nothing to report it to
        }
    }
}

/// Writes `bytes` to `path` as a private file (see the module).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = PrivateFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Creates `dir` and its missing parents with mode 0700 (folders that exist are left as
/// they are: they are the user's choice).
pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

fn parent(path: &Path) -> Option<&Path> {
    path.parent().filter(|p| !p.as_os_str().is_empty())
}

/// `<target>.<suffix>.part` beside the target, created exclusively: the first suffix whose
/// name is free.
fn create_temp(target: &Path, suffixes: impl Iterator<Item = String>) -> io::Result<PrivateFile> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let mut opts = std::fs::OpenOptions::new();
    // create_new is O_CREAT | O_EXCL: fails on any existing entry, a symbolic link too.
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut last = None;
    for suffix in suffixes {
        let mut tmp_name = name.to_owned();
        tmp_name.push(format!(".{suffix}.part"));
        let tmp = target.with_file_name(tmp_name);
        match opts.open(&tmp) {
            Ok(file) => {
                return Ok(PrivateFile {
                    file: Some(file),
                    tmp,
                    target: target.to_path_buf(),
                    renamed: false,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

/// 64 unpredictable bits: std's hasher keys come from the operating system's random source.
/// 64 unpredictable bits, as hex: a temporary name nobody can plant a link at in advance.
pub(crate) fn random_suffix() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u128(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos(),
    );
    format!("{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mode(p: &Path) -> u32 {
        std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_planted_temporary_name_is_skipped_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "mine").unwrap();
        // Both a link and a plain file at the names tried first.
        symlink(&victim, dir.path().join("out.csv.aaaa.part")).unwrap();
        symlink(dir.path().join("nowhere"), dir.path().join("out.csv.bbbb.part")).unwrap();
        let names = ["aaaa", "bbbb", "cccc"].map(String::from).into_iter();
        let mut f = create_temp(&target, names).unwrap();
        f.write_all("成都天府云图 🚀".as_bytes()).unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
        assert!(!dir.path().join("nowhere").exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "成都天府云图 🚀");
        assert_eq!(mode(&target), 0o600);
        assert!(!dir.path().join("out.csv.cccc.part").exists(), "the temporary file was renamed");
    }

    #[test]
    fn every_name_taken_is_an_error_not_a_write_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.md");
        symlink(dir.path().join("nowhere"), dir.path().join("out.md.x.part")).unwrap();
        let e = create_temp(&target, ["x".to_string()].into_iter()).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(!dir.path().join("nowhere").exists());
    }

    #[test]
    fn a_link_at_the_target_is_replaced_and_an_open_file_mode_does_not_survive() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "mine").unwrap();
        let target = dir.path().join("sheet.md");
        symlink(&victim, &target).unwrap();
        write_private(&target, b"sheet").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
        assert!(std::fs::symlink_metadata(&target).unwrap().is_file());
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o666)).unwrap();
        write_private(&target, b"again").unwrap();
        assert_eq!(mode(&target), 0o600);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "again");
    }

    #[test]
    fn dropped_without_commit_leaves_the_target_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        std::fs::write(&target, "old").unwrap();
        let mut f = PrivateFile::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_commit_that_cannot_rename_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("export.json");
        std::fs::create_dir(&target).unwrap(); // `radar export --out` given a folder
        let mut f = PrivateFile::create(&target).unwrap();
        f.write_all(b"{}").unwrap();
        assert!(f.commit().is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("export.json")], "only the folder that was there");
    }

    #[test]
    fn temporary_names_differ() {
        assert_ne!(random_suffix(), random_suffix());
    }

    #[test]
    fn new_folders_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        create_private_dir_all(&deep).unwrap();
        assert_eq!(mode(&deep), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        create_private_dir_all(&deep).unwrap();
    }
}
