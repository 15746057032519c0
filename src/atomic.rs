//! Atomic file replacement: readers see either the old or the new content,
//! never a partly written file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Most symbolic links followed before giving up (Linux's MAXSYMLINKS).
const MAX_SYMLINK_HOPS: usize = 40;

/// Why a replacement did not happen. In every case the file is as it was
/// (or as the other writer left it) and no temporary file remains.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file has no write permission for subreg: no write bit at all
    /// (someone marked it read-only, which root would otherwise ignore), or
    /// the operating system refuses to open it for writing.
    #[error(
        "{} is read-only; make it writable (chmod u+w) to let subreg update it",
        crate::diag::visible::shown_path(.0)
    )]
    ReadOnly(PathBuf),
    /// The file's content is not what the caller read (or, for
    /// [`write_if_changed`], changed while the new content was being
    /// written): another program or person edited it meanwhile.
    #[error(
        "{} changed while subreg was updating it (another program or person edited \
         it); nothing was overwritten, run subreg again",
        crate::diag::visible::shown_path(.0)
    )]
    Changed(PathBuf),
    /// Any other I/O error: creating, writing, syncing or renaming the
    /// temporary file (a full disk, a read-only directory), or reading the
    /// current file.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl From<WriteError> for io::Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Io(e) => e,
            WriteError::ReadOnly(_) => {
                io::Error::new(io::ErrorKind::PermissionDenied, e.to_string())
            }
            WriteError::Changed(_) => io::Error::other(e.to_string()),
        }
    }
}

/// Makes the file at `path` hold exactly `bytes`.
///
/// Returns `Ok(false)` without touching the file (its modification time
/// stays) when it already holds exactly `bytes`, and `Ok(true)` after
/// writing. The new content goes to a temporary file in the same directory,
/// which is flushed to disk (fsync), given the original file's permissions
/// (and, on Unix, its owner and group when the process may set them), and
/// renamed over the target, so the replacement is atomic. Just before the
/// rename the target is read again: if it changed meanwhile, nothing is
/// renamed. If `path` is a symbolic link (or a chain of them), the file it
/// finally points to is replaced and the link stays; a dangling link's
/// target is created. A new file gets the default permissions (0o666 minus
/// the umask on Unix). A read-only file is refused rather than replaced,
/// although a rename could: read-only is the owner's way to say "do not
/// change".
///
/// # Errors
///
/// [`WriteError::ReadOnly`], [`WriteError::Changed`] (see above), or an
/// I/O error ([`WriteError::Io`]) reading the current file, creating,
/// writing or syncing the temporary file, or renaming it; `InvalidInput`
/// when the target is not a regular file, has no file name, or links loop.
/// On error the target is unchanged and no temporary file remains.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, WriteError> {
    replace(path, None, bytes, &mut |file, bytes| file.write_all(bytes))
}

/// Like [`write_if_changed`], with a precondition: the file must still hold
/// exactly `expected`, the bytes the caller read and computed `bytes` from.
/// Someone who edited the document since (an editor's save, a `git
/// checkout`) would otherwise lose that edit without a word.
///
/// Returns `Ok(false)` when the file already holds `bytes` (whatever
/// `expected` is: there is nothing to do), `Ok(true)` after writing.
///
/// # Errors
///
/// [`WriteError::Changed`] when the file does not hold `expected` (it was
/// edited, or deleted: a missing file is not recreated), checked before
/// writing and again just before the rename; otherwise as
/// [`write_if_changed`].
pub fn replace_if_unchanged(
    path: &Path,
    expected: &[u8],
    bytes: &[u8],
) -> Result<bool, WriteError> {
    replace(path, Some(expected), bytes, &mut |file, bytes| {
        file.write_all(bytes)
    })
}

/// Creates the file `path` holding exactly `bytes`, all at once: the
/// content goes to a temporary file in the same directory, flushed to disk,
/// which then takes the name without replacing anything (a hard link, as
/// `tempfile::NamedTempFile::persist_noclobber` makes it), so a reader sees
/// no file or the whole file, and a file created meanwhile is kept.
///
/// # Errors
/// [`CreateError::Exists`] when `path` exists (a link to nothing
/// included); [`CreateError::Io`] when the directory is not writable or
/// the disk is full (no temporary file remains).
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<(), CreateError> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(CreateError::Exists(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".subreg-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(without_temp_path)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    match temp.persist_noclobber(path) {
        Ok(_) => {
            sync_dir(dir);
            Ok(())
        }
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
            Err(CreateError::Exists(path.to_path_buf()))
        }
        Err(e) => Err(CreateError::Io(without_temp_path(e.error))),
    }
}

/// Why [`create_new`] created nothing.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The file exists; it was not touched.
    #[error("{} exists and is not overwritten", crate::diag::visible::shown_path(.0))]
    Exists(PathBuf),
    /// The file could not be written.
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// How the new content is written to the temporary file; tests inject
/// failures (a full disk) and concurrent edits here.
type Writer<'a> = dyn FnMut(&mut fs::File, &[u8]) -> io::Result<()> + 'a;

fn replace(
    path: &Path,
    expected: Option<&[u8]>,
    bytes: &[u8],
    write: &mut Writer<'_>,
) -> Result<bool, WriteError> {
    let target = resolve_symlinks(path)?;
    let existing = match fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Some(meta),
        Ok(_) => {
            return Err(WriteError::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} is not a regular file",
                    crate::diag::visible::shown_path(&target)
                ),
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    // What the file holds now (`None`: it does not exist); compared again
    // just before the rename.
    let current = match &existing {
        Some(_) => Some(fs::read(&target)?),
        None => None,
    };
    if current.as_deref() == Some(bytes) {
        return Ok(false);
    }
    if let Some(expected) = expected
        && current.as_deref() != Some(expected)
    {
        return Err(WriteError::Changed(path.to_path_buf()));
    }
    if let Some(meta) = &existing
        && is_read_only(&target, meta)
    {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }

    if target.file_name().is_none() {
        return Err(WriteError::Io(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} does not name a file",
                crate::diag::visible::shown_path(&target)
            ),
        )));
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
    // tempfile adds the temporary file's name to its errors; the caller
    // names the target, which is what the user knows.
    let mut temp = builder.tempfile_in(dir).map_err(without_temp_path)?;
    write(temp.as_file_mut(), bytes)?;
    if let Some(meta) = &existing {
        #[cfg(unix)]
        keep_owner(temp.as_file(), meta);
        // After the chown, which may clear set-id bits.
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    // The last moment to notice a concurrent edit. A write landing between
    // this read and the rename is still lost, a window of microseconds
    // instead of the whole run.
    let now = match fs::read(&target) {
        Ok(now) => Some(now),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    if now != current {
        return Err(WriteError::Changed(path.to_path_buf()));
    }
    temp.persist(&target)
        .map_err(|e| without_temp_path(e.error))?;
    sync_dir(dir);
    Ok(true)
}

/// `error` without the ` at path "..."` that tempfile appends: the path of
/// a temporary file means nothing to the user, who knows the target.
fn without_temp_path(error: io::Error) -> io::Error {
    let text = error.to_string();
    match text.find(" at path \"").and_then(|at| text.get(..at)) {
        Some(plain) if error.raw_os_error().is_none() => io::Error::new(error.kind(), plain),
        _ => error,
    }
}

/// Whether the existing file must not be replaced: no write bit for anyone
/// (checked by bits, since root may write anything), or a refusal to open
/// it for writing (opening without truncating changes nothing).
fn is_read_only(target: &Path, meta: &fs::Metadata) -> bool {
    meta.permissions().readonly()
        || fs::OpenOptions::new()
            .write(true)
            .open(target)
            .is_err_and(|e| e.kind() == io::ErrorKind::PermissionDenied)
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
        format!(
            "too many levels of symbolic links: {}",
            crate::diag::visible::shown_path(path)
        ),
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

    /// The I/O error kind of a failed write, `None` for success or a
    /// non-I/O refusal.
    fn kind<T>(result: Result<T, WriteError>) -> Option<io::ErrorKind> {
        match result {
            Err(WriteError::Io(e)) => Some(e.kind()),
            _ => None,
        }
    }

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
        assert_eq!(
            kind(write_if_changed(&a, b"x")),
            Some(io::ErrorKind::InvalidInput)
        );
        assert_eq!(entries(dir.path())?, ["a", "b"]);
        Ok(())
    }

    #[test]
    fn a_directory_is_not_replaced() -> TestResult {
        let dir = tempfile::tempdir()?;
        let sub = dir.path().join("docs");
        fs::create_dir(&sub)?;
        assert_eq!(
            kind(write_if_changed(&sub, b"x")),
            Some(io::ErrorKind::InvalidInput)
        );
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
            assert_eq!(kind(result), Some(io::ErrorKind::PermissionDenied));
            assert_eq!(after?, b"old\n");
        }
        assert_eq!(left?, ["policy.md"]);
        Ok(())
    }

    #[test]
    fn a_read_only_file_is_refused_even_for_root() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("policy.md");
        fs::write(&path, "old\n")?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444))?;

        let result = write_if_changed(&path, b"new\n");
        assert!(matches!(&result, Err(WriteError::ReadOnly(p)) if *p == path));
        assert_eq!(fs::read(&path)?, b"old\n");
        assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o444);
        assert_eq!(entries(dir.path())?, ["policy.md"]);
        // Nothing to change is not an error, read-only or not.
        assert!(!write_if_changed(&path, b"old\n")?);
        Ok(())
    }

    #[test]
    fn a_file_edited_since_it_was_read_is_not_overwritten() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("policy.md");
        fs::write(&path, "edited by someone\n")?;
        let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        fs::File::options()
            .write(true)
            .open(&path)?
            .set_modified(past)?;

        let result = replace_if_unchanged(&path, b"as read\n", b"new\n");
        assert!(matches!(&result, Err(WriteError::Changed(p)) if *p == path));
        assert_eq!(fs::read(&path)?, b"edited by someone\n");
        assert_eq!(fs::metadata(&path)?.modified()?, past);
        assert_eq!(entries(dir.path())?, ["policy.md"]);

        // Deleted since it was read: not recreated.
        fs::remove_file(&path)?;
        let result = replace_if_unchanged(&path, b"as read\n", b"new\n");
        assert!(matches!(result, Err(WriteError::Changed(_))));
        assert_eq!(entries(dir.path())?, Vec::<String>::new());

        // Unchanged since it was read: written.
        fs::write(&path, "as read\n")?;
        assert!(replace_if_unchanged(&path, b"as read\n", b"new\n")?);
        assert_eq!(fs::read(&path)?, b"new\n");
        Ok(())
    }

    #[test]
    fn an_edit_during_the_write_is_not_overwritten() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("policy.md");
        fs::write(&path, "old\n")?;
        let target = path.clone();
        // Another writer saves the document while subreg writes its copy.
        let result = replace(&path, Some(b"old\n"), b"new\n", &mut |file, bytes| {
            fs::write(&target, "saved meanwhile\n")?;
            file.write_all(bytes)
        });
        assert!(matches!(result, Err(WriteError::Changed(_))));
        assert_eq!(fs::read(&path)?, b"saved meanwhile\n");
        assert_eq!(entries(dir.path())?, ["policy.md"]);
        Ok(())
    }

    #[test]
    fn a_full_disk_leaves_the_file_untouched() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("policy.md");
        fs::write(&path, "old\n")?;
        // Half the bytes fit, then the disk is full.
        let result = replace(
            &path,
            Some(b"old\n"),
            b"new content\n",
            &mut |file, bytes| {
                file.write_all(bytes.get(..bytes.len() / 2).unwrap_or_default())?;
                Err(io::Error::from(io::ErrorKind::StorageFull))
            },
        );
        assert_eq!(kind(result), Some(io::ErrorKind::StorageFull));
        assert_eq!(fs::read(&path)?, b"old\n");
        assert_eq!(entries(dir.path())?, ["policy.md"]);
        Ok(())
    }

    #[test]
    fn owner_and_group_are_kept_when_the_process_may_set_them() -> TestResult {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("policy.md");
        fs::write(&path, "old\n")?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664))?;
        // Giving a file away needs CAP_CHOWN (root); elsewhere the new file
        // belongs to whoever rewrote it, like any editor's save, and only
        // the content and mode can be checked.
        let given_away = std::os::unix::fs::chown(&path, Some(65534), Some(65534)).is_ok();
        let before = fs::metadata(&path)?;

        assert!(write_if_changed(&path, b"new\n")?);
        let after = fs::metadata(&path)?;
        assert_eq!(fs::read(&path)?, b"new\n");
        assert_eq!(after.mode() & 0o7777, 0o664);
        assert_ne!(
            after.ino(),
            before.ino(),
            "replaced by rename, not rewritten in place"
        );
        if given_away {
            assert_eq!((after.uid(), after.gid()), (65534, 65534));
        }
        Ok(())
    }
}
