//! Bounds on what subreg reads, so that a hostile or mistaken input costs
//! bounded memory and time and ends in an error naming the file.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// Largest registry file (`registry.toml`, `subprocessors/*.toml`) read: 1 MiB.
/// A sub-processor file is normally under 4 KiB and the whole built-in
/// knowledge base under 64 KiB, so anything near this is not a registry file.
pub const MAX_REGISTRY_FILE_BYTES: u64 = 1 << 20;

/// Largest document or template read: 16 MiB, far above any published
/// privacy policy, far below what would strain the machine.
pub const MAX_DOCUMENT_BYTES: u64 = 16 << 20;

/// Deepest nesting of tables and arrays accepted in a registry file: 32.
/// subreg's own formats nest at most 4 levels; the TOML parser alone allows
/// thousands (80 dotted keys inside each of 80 nested inline tables), which
/// would exhaust the stack of the later stages.
pub const MAX_TOML_DEPTH: usize = 32;

/// Most combining marks (non-starters: canonical combining class other
/// than 0) in a row that a registry value may hold: 30, the bound of
/// Unicode's Stream-Safe Text Format (UAX #15, section 13). No script
/// spells a letter with more; a longer stack draws over the lines around
/// it in the published document ("Zalgo" text).
pub const MAX_COMBINING_RUN: usize = 30;

/// Why [`read_bounded`] returned no bytes.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system's error.
    Io(io::Error),
    /// The file holds more than `limit` bytes; `size` is its size (at least
    /// `limit + 1` when the file grew while being read).
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit that was exceeded, in bytes.
        limit: u64,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "{e}"),
            Self::TooLarge { size, limit } => write!(
                f,
                "the file is {}, more than the {} subreg reads",
                human_size(*size),
                human_size(*limit)
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads the file at `path`, refusing one of more than `limit` bytes before
/// reading it (and, should it grow meanwhile, after `limit + 1` bytes), so at
/// most `limit + 1` bytes are ever held.
///
/// # Errors
/// [`ReadError::Io`] when the file cannot be opened or read;
/// [`ReadError::TooLarge`] when it holds more than `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(ReadError::TooLarge { size: read, limit });
    }
    Ok(bytes)
}

/// A size in words: `512 bytes`, `1 MiB`, `50.0 MiB`.
#[must_use]
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    let whole_or_tenths = |unit: u64, name: &str| {
        if bytes.is_multiple_of(unit) {
            format!("{} {name}", bytes / unit)
        } else {
            // Tenths, rounded down, in integers: no float formatting surprises.
            format!("{}.{} {name}", bytes / unit, (bytes % unit) * 10 / unit)
        }
    };
    if bytes >= MIB {
        whole_or_tenths(MIB, "MiB")
    } else if bytes >= KIB {
        whole_or_tenths(KIB, "KiB")
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn sizes_read_in_words() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1023), "1023 bytes");
        assert_eq!(human_size(1024), "1 KiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(1 << 20), "1 MiB");
        assert_eq!(human_size(50 << 20), "50 MiB");
        assert_eq!(human_size((50 << 20) + (1 << 19)), "50.5 MiB");
    }

    #[test]
    fn a_file_at_the_limit_is_read_and_one_byte_more_is_refused() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("x.toml");
        std::fs::write(&path, b"0123456789")?;
        assert_eq!(read_bounded(&path, 10).ok(), Some(b"0123456789".to_vec()));
        let refused = read_bounded(&path, 9).err().map(|e| e.to_string());
        assert_eq!(
            refused.as_deref(),
            Some("the file is 10 bytes, more than the 9 bytes subreg reads")
        );
        let missing = read_bounded(&dir.path().join("none"), 9);
        assert!(matches!(missing, Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound));
        Ok(())
    }
}
