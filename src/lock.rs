//! Serialising writers: `subreg inject` holds an exclusive lock on the
//! folder of every document it may rewrite, from before it reads them until
//! after it has written them, so two runs on one document take turns
//! instead of one silently replacing the other's write.
//!
//! The lock is on the folder, not the document: a write replaces the
//! document by a rename, and a lock on the old file would not stop a
//! process that opens the new one. Folder locks are advisory (`flock`):
//! they serialise subreg runs, not other programs, which the compare-
//! before-rename of [`crate::atomic::replace_if_unchanged`] still catches.

use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// Locks held until dropped.
#[derive(Debug)]
pub struct FolderLocks {
    _held: Vec<File>,
}

/// A folder that could not be opened or locked.
#[derive(Debug, thiserror::Error)]
#[error("cannot lock {} for writing: {source}", crate::diag::visible::shown_path(.folder))]
pub struct LockError {
    /// The folder.
    pub folder: PathBuf,
    /// The operating system's error.
    pub source: io::Error,
}

/// Locks the folders that hold `documents` (symbolic links followed, as a
/// write follows them), each once, in path order so that two runs never
/// wait for each other crosswise. When a folder is locked by another run,
/// `on_wait` is called with it once before waiting.
///
/// # Errors
/// [`LockError`]: a folder that cannot be opened or locked.
pub fn lock_folders<'a>(
    documents: impl IntoIterator<Item = &'a Path>,
    mut on_wait: impl FnMut(&Path),
) -> Result<FolderLocks, LockError> {
    let mut folders: Vec<PathBuf> = documents.into_iter().map(folder_of).collect();
    folders.sort();
    folders.dedup();
    let mut held = Vec::with_capacity(folders.len());
    for folder in folders {
        let file = match File::open(&folder) {
            Ok(file) => file,
            // No folder, no document to write: reading it reports that.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(source) => return Err(LockError { folder, source }),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                on_wait(&folder);
                file.lock().map_err(|source| LockError {
                    folder: folder.clone(),
                    source,
                })?;
            }
            Err(TryLockError::Error(source)) => return Err(LockError { folder, source }),
        }
        held.push(file);
    }
    Ok(FolderLocks { _held: held })
}

/// The folder a write of `document` lands in: that of its target when it
/// is a symbolic link, its own otherwise.
fn folder_of(document: &Path) -> PathBuf {
    let real = std::fs::canonicalize(document).unwrap_or_else(|_| document.to_path_buf());
    match real.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_until_the_first_is_dropped() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let doc = dir.path().join("policy.md");
        std::fs::write(&doc, "x")?;
        let first = lock_folders([doc.as_path()], |_| {})?;
        let (sender, receiver) = std::sync::mpsc::channel();
        let path = doc.clone();
        let waiter = std::thread::spawn(move || {
            let mut waited = false;
            let second = lock_folders([path.as_path()], |_| waited = true);
            let _ = sender.send(());
            (waited, second.is_ok())
        });
        // Still waiting while the first lock is held.
        assert!(
            receiver
                .recv_timeout(std::time::Duration::from_millis(300))
                .is_err()
        );
        drop(first);
        let (waited, locked) = waiter.join().map_err(|_| "waiter panicked")?;
        assert!(waited && locked);
        Ok(())
    }
}
