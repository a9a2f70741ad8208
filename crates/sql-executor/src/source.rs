//! Loading SQL text from files or the command line, with errors that name the file.
use std::path::Path;

use crate::error::Error;

/// One piece of SQL text and the name it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as the user gave it, or `<inline>` for `--sql`.
    pub name: String,
    /// The SQL text.
    pub text: String,
}

impl Source {
    /// SQL given inline (for example with `--sql`); reported as `<inline>`.
    pub fn inline(text: impl Into<String>) -> Self {
        Self {
            name: "<inline>".to_owned(),
            text: text.into(),
        }
    }

    /// SQL text under a name of the caller's choice.
    pub fn named(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads a `.sql` file. Missing files, directories and non-UTF-8 bytes are
    /// reported with the path (and the line of the first bad byte).
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        let bytes = read_file(path)?;
        let text = decode_utf8(&name, bytes)?;
        Ok(Self { name, text })
    }
}

/// Reads a whole file, turning "is a directory" into its own error.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(Error::IsDirectory { path: name });
    }
    std::fs::read(path).map_err(|source| Error::Read { path: name, source })
}

/// Decodes UTF-8 (dropping a leading BOM), reporting the line of the first bad byte.
pub(crate) fn decode_utf8(name: &str, bytes: Vec<u8>) -> Result<String, Error> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(err) => {
            let valid_up_to = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let line = 1 + bytes[..valid_up_to].iter().filter(|b| **b == b'\n').count();
            Err(Error::NotUtf8 {
                path: name.to_owned(),
                line,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_reports_line() {
        let err = decode_utf8("a.sql", b"SELECT 1;\nSELECT '\xff';".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "a.sql:2: the file is not valid UTF-8");
    }

    #[test]
    fn bom_is_dropped() {
        assert_eq!(
            decode_utf8("a", "\u{feff}SELECT 1".as_bytes().to_vec()).unwrap(),
            "SELECT 1"
        );
    }

    #[test]
    fn directory_and_missing_file_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let err = Source::from_file(dir.path()).unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
        assert!(err.to_string().contains(&dir.path().display().to_string()));
        let missing = dir.path().join("nope.sql");
        let err = Source::from_file(&missing).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("cannot read {}", missing.display())),
            "{err}"
        );
    }
}
