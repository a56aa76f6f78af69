//! The temporary file a backup is built in, `<dest>.partial-<pid>-<random>` (with SQLite's
//! `-journal` beside it while it is written): created exclusively with mode 0600 (never
//! through a link planted at its name, which nobody can guess), removed when the copy
//! fails, and, when the process was killed before it could, by the next backup into the
//! same folder.

use std::path::{Path, PathBuf};

const MARK: &str = ".partial-";

/// SQLite's files beside a database, left by a writer that stopped mid-way.
const SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// A copy being built; whatever is left of it is removed when this goes out of scope
/// (after a successful rename there is nothing left but nothing to remove either).
pub(crate) struct Partial {
    path: PathBuf,
}

impl Partial {
    /// Creates a fresh, empty, private temporary file beside `dest` (`O_CREAT | O_EXCL`,
    /// mode 0600). One name per copy: two dashboards opened at once both take the day's
    /// backup and must not write into the same half-built file.
    pub(crate) fn create_beside(dest: &Path) -> std::io::Result<Partial> {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut last = None;
        for _ in 0..32 {
            let mut s = dest.as_os_str().to_owned();
            s.push(format!("{MARK}{}-{}", std::process::id(), crate::private_file::random_suffix()));
            let path = PathBuf::from(s);
            match opts.open(&path) {
                Ok(_) => return Ok(Partial { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn remove_all(&self) {
        let _ = std::fs::remove_file(&self.path);
        for side in SIDE_FILES {
            let mut s = self.path.as_os_str().to_owned();
            s.push(side);
            let _ = std::fs::remove_file(PathBuf::from(s));
        }
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        self.remove_all();
    }
}

/// Removes the partial copies (and their side files) in `dir` whose name starts with
/// `prefix` and whose process is gone: what a backup killed mid-copy leaves. Copies of
/// running processes (another dashboard's backup of the same day) are left alone.
/// Best effort: a file that cannot be removed is only disk space.
pub fn remove_stale_partials(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(prefix).and_then(partial_pid) else { continue };
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        if abandoned(pid, modified) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in `…​.partial-<pid>-<n>[-journal]`.
fn partial_pid(rest: &str) -> Option<u32> {
    let after = &rest[rest.rfind(MARK)? + MARK.len()..];
    after.split('-').next()?.parse().ok()
}

/// Is the process that wrote a partial copy gone? Where running processes cannot be
/// listed, a partial copy a day old is taken as abandoned (a backup takes seconds).
fn abandoned(pid: u32, modified: Option<std::time::SystemTime>) -> bool {
    if pid == std::process::id() {
        return false; // this process's own copies in flight (the names are unique per copy)
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    modified.and_then(|m| m.elapsed().ok()).is_some_and(|age| age.as_secs() > 24 * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id of a process that has ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn names_carry_the_pid() {
        assert_eq!(partial_pid("2026-11-22.db.partial-4242-7"), Some(4242));
        assert_eq!(partial_pid("2026-11-22.db.partial-4242-7-journal"), Some(4242));
        assert_eq!(partial_pid("2026-11-22.db"), None);
        assert_eq!(partial_pid(".partial-notanumber-1"), None);
    }

    #[test]
    fn removes_only_abandoned_partials_with_the_prefix() {
        let dir = tempfile::tempdir().unwrap();
        let (dead, live) = (dead_pid(), std::process::id());
        let names = [
            format!("p-1-2026-11-22.db.partial-{dead}-0"),
            format!("p-1-2026-11-22.db.partial-{dead}-0-journal"),
            format!("p-1-2026-11-23.db.partial-{live}-3"),
            format!("other-2026-11-22.db.partial-{dead}-0"),
            "p-1-2026-11-21.db".to_string(),
        ];
        for n in &names {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        remove_stale_partials(dir.path(), "p-1-");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, vec![names[3].clone(), names[4].clone(), names[2].clone()]);
    }

    #[test]
    fn a_partial_is_removed_with_its_journal_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = Partial::create_beside(&dir.path().join("b.db")).unwrap();
        std::fs::write(p.path(), b"x").unwrap();
        let mut j = p.path().as_os_str().to_owned();
        j.push("-journal");
        std::fs::write(&j, b"x").unwrap();
        drop(p);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// Each copy gets its own private file, under a name nobody could have guessed.
    #[test]
    fn partials_are_private_and_unpredictable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("b.db");
        let (a, b) = (Partial::create_beside(&dest).unwrap(), Partial::create_beside(&dest).unwrap());
        assert_ne!(a.path(), b.path());
        for p in [&a, &b] {
            assert_eq!(std::fs::metadata(p.path()).unwrap().permissions().mode() & 0o777, 0o600);
            let name = p.path().file_name().unwrap().to_string_lossy().into_owned();
            let random = name.rsplit('-').next().unwrap();
            assert_eq!(random.len(), 16, "{name}");
            assert_eq!(partial_pid(&name), Some(std::process::id()));
        }
    }
}
