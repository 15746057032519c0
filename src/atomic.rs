//! Atomic file replacement: readers see either the old or the new content,
//! never a partly written file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Most symbolic links followed before giving up (Linux's MAXSYMLINKS).
const MAX_SYMLINK_HOPS: usize = 40;

/// Makes the file at `path` hold exactly `bytes`.
///
/// Returns `Ok(false)` without touching the file (its modification time
/// stays) when it already holds exactly `bytes`, and `Ok(true)` after
/// writing. The new content goes to a temporary file in the same directory,
/// which is flushed to disk (fsync), given the original file's permissions
/// (and, on Unix, its owner and group when the process may set them), and
/// renamed over the target, so the replacement is atomic. If `path` is a
/// symbolic link (or a chain of them), the file it finally points to is
/// replaced and the link stays; a dangling link's target is created. A new
/// file gets the default permissions (0o666 minus the umask on Unix).
/// Read-only files are replaced too, like editors and `sed -i` do, since
/// only the directory's permissions govern a rename.
///
/// # Errors
///
/// Any I/O error reading the current file, creating, writing or syncing the
/// temporary file, or renaming it; an `InvalidInput` error when the target
/// is not a regular file, has no file name, or links loop. On error the
/// target is unchanged and no temporary file remains.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let target = resolve_symlinks(path)?;
    let existing = match fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Some(meta),
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", target.display()),
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(meta) = &existing
        && meta.len() == bytes.len() as u64
        && fs::read(&target)? == bytes
    {
        return Ok(false);
    }

    if target.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} does not name a file", target.display()),
        ));
    }
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };

    let mut builder = tempfile::Builder::new();
    // A fixed short prefix keeps the name within NAME_MAX for any target,
    // and a leading dot keeps a leftover (after a crash) out of `ls`.
    builder.prefix(".subreg-").suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2), so the umask applies, as for any new file;
        // tempfile's default would be 0o600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // From here on, dropping `temp` (on any `?`) deletes the temporary file.
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    if let Some(meta) = &existing {
        #[cfg(unix)]
        keep_owner(temp.as_file(), meta);
        // After the chown, which may clear set-id bits.
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(true)
}

/// Follows `path` through symbolic links to the path of the file they name.
/// A path that does not exist (or a dangling link's target) is returned as
/// is. Relative link targets are relative to the link's directory.
fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_SYMLINK_HOPS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                // `join` with an absolute `link` yields `link` itself.
                current = match current.parent() {
                    Some(parent) => parent.join(link),
                    None => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("too many levels of symbolic links: {}", path.display()),
    ))
}

/// Gives `file` the owner and group of the original, best effort: an
/// unprivileged process cannot give files away, and then the file belongs
/// to whoever rewrote it, as with any editor's atomic save.
#[cfg(unix)]
fn keep_owner(file: &fs::File, original: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(current) = file.metadata() else {
        return;
    };
    if (current.uid(), current.gid()) != (original.uid(), original.gid()) {
        // Ignored on purpose, see above.
        let _ = std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()));
    }
}

/// Flushes the directory entry of the rename to disk, best effort: the new
/// content is already in place, and reporting an error here would tell the
/// caller the write failed when it did not. Some file systems cannot sync a
/// directory at all.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};
    use std::time::{Duration, SystemTime};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// Names in `dir`, sorted, to show that no temporary file is left.
    fn entries(dir: &Path) -> io::Result<Vec<String>> {
        let mut names = fs::read_dir(dir)?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<io::Result<Vec<_>>>()?;
        names.sort();
        Ok(names)
    }

    #[test]
    fn unchanged_content_keeps_the_file_untouched() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("policy.md");
        fs::write(&path, "same\r\n")?;
        let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        fs::File::options()
            .write(true)
            .open(&path)?
            .set_modified(past)?;

        assert!(!write_if_changed(&path, b"same\r\n")?);
        assert_eq!(fs::metadata(&path)?.modified()?, past);
        assert_eq!(entries(dir.path())?, ["policy.md"]);
        Ok(())
    }

    #[test]
    fn changed_content_replaces_the_file_and_keeps_permissions() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("policy.md");
        fs::write(&path, "old\n")?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640))?;

        assert!(write_if_changed(&path, b"new\n")?);
        assert_eq!(fs::read(&path)?, b"new\n");
        assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o7777, 0o640);
        assert_eq!(entries(dir.path())?, ["policy.md"]);
        // Same length, different bytes: still a change.
        assert!(write_if_changed(&path, b"NEW\n")?);
        assert_eq!(fs::read(&path)?, b"NEW\n");
        Ok(())
    }

    #[test]
    fn a_missing_file_is_created() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("new.md");
        assert!(write_if_changed(&path, b"")?);
        assert_eq!(fs::read(&path)?, b"");
        assert!(!write_if_changed(&path, b"")?);
        Ok(())
    }

    #[test]
    fn a_symlink_is_followed_and_kept() -> TestResult {
        let dir = tempfile::tempdir()?;
        fs::create_dir(dir.path().join("real"))?;
        let real = dir.path().join("real/policy.md");
        fs::write(&real, "old\n")?;
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640))?;
        // A relative link, resolved against the link's own directory, then
        // a link to that link.
        let link = dir.path().join("link.md");
        symlink("real/policy.md", &link)?;
        let link2 = dir.path().join("link2.md");
        symlink(&link, &link2)?;

        assert!(write_if_changed(&link2, b"new\n")?);
        assert!(fs::symlink_metadata(&link)?.file_type().is_symlink());
        assert!(fs::symlink_metadata(&link2)?.file_type().is_symlink());
        assert_eq!(fs::read_link(&link)?, Path::new("real/policy.md"));
        assert_eq!(fs::read(&real)?, b"new\n");
        assert_eq!(fs::metadata(&real)?.permissions().mode() & 0o777, 0o640);
        assert_eq!(entries(dir.path())?, ["link.md", "link2.md", "real"]);
        assert_eq!(entries(&dir.path().join("real"))?, ["policy.md"]);
        Ok(())
    }

    #[test]
    fn a_symlink_loop_is_an_error() -> TestResult {
        let dir = tempfile::tempdir()?;
        let a = dir.path().join("a");
        symlink("b", &a)?;
        symlink("a", dir.path().join("b"))?;
        let err = write_if_changed(&a, b"x").err().map(|e| e.kind());
        assert_eq!(err, Some(io::ErrorKind::InvalidInput));
        assert_eq!(entries(dir.path())?, ["a", "b"]);
        Ok(())
    }

    #[test]
    fn a_directory_is_not_replaced() -> TestResult {
        let dir = tempfile::tempdir()?;
        let sub = dir.path().join("docs");
        fs::create_dir(&sub)?;
        let err = write_if_changed(&sub, b"x").err().map(|e| e.kind());
        assert_eq!(err, Some(io::ErrorKind::InvalidInput));
        assert!(sub.is_dir());
        assert_eq!(entries(dir.path())?, ["docs"]);
        Ok(())
    }

    #[test]
    fn a_read_only_directory_fails_cleanly() -> TestResult {
        let dir = tempfile::tempdir()?;
        let sub = dir.path().join("locked");
        fs::create_dir(&sub)?;
        let path = sub.join("policy.md");
        fs::write(&path, "old\n")?;
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o555))?;

        // Root (or CAP_DAC_OVERRIDE) ignores directory permissions, so the
        // write then succeeds. Probe for that by behaviour rather than uid,
        // since capabilities and not the uid decide; then only the "it
        // fails" assertions are skipped.
        let privileged = fs::File::create(sub.join("probe")).is_ok();
        let _ = fs::remove_file(sub.join("probe"));

        let result = write_if_changed(&path, b"new\n");
        let after = fs::read(&path);
        let left = entries(&sub);
        // Restore write access so that the tempdir can be removed.
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755))?;

        if privileged {
            assert!(result?);
            assert_eq!(after?, b"new\n");
        } else {
            let kind = result.err().map(|e| e.kind());
            assert_eq!(kind, Some(io::ErrorKind::PermissionDenied));
            assert_eq!(after?, b"old\n");
        }
        assert_eq!(left?, ["policy.md"]);
        Ok(())
    }
}
