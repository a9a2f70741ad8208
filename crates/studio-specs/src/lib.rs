//! The one resolver for the upstream specifications Flink SQL Studio is checked against.
//!
//! ```no_run
//! // The JobManager REST API's OpenAPI document, from wherever it is found first.
//! let path = studio_specs::resolve("flink/rest_v1_dispatcher.yml")?;
//! let text = std::fs::read_to_string(path).unwrap_or_default();
//! assert!(text.contains("openapi"));
//! # Ok::<(), studio_specs::Error>(())
//! ```
//!
//! A specification is named by its path below a specs directory (the layout of the
//! project's reference specs: `flink/…`, `flink-kubernetes-operator/<version>/crds/…`).
//! It is looked for in [`candidate_dirs`]: `STUDIO_SPECS_DIR`, then `../shared/specs`
//! beside the working directory or one of its parents, then [`cache_dir`]. When none has
//! it, [`resolve`] downloads the pinned upstream file into the cache. Every pinned file is
//! checked against its SHA-256 wherever it was found, so a stale or edited copy is an
//! error that names the file, never a silent difference.

mod pins;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

pub use pins::{PINNED, Pinned};

/// What went wrong finding a specification.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No directory has the file and it is not pinned, so it cannot be downloaded.
    #[error(
        "{path} was not found in {tried} and no upstream copy is pinned; set STUDIO_SPECS_DIR to a specs directory that has it"
    )]
    NotFound {
        /// The specification's relative path.
        path: String,
        /// The directories tried, comma-separated.
        tried: String,
    },
    /// A copy's content is not the pinned upstream file.
    #[error("{path} has SHA-256 {actual}, expected {expected}; delete it to download it again")]
    Checksum {
        /// The file (or URL) checked.
        path: String,
        /// Its SHA-256.
        actual: String,
        /// The pinned SHA-256.
        expected: String,
    },
    /// The download of a pinned file failed.
    #[error(
        "{path} was not found in {tried}, and downloading {url} failed: {message}; set STUDIO_SPECS_DIR to a specs directory that has it"
    )]
    Download {
        /// The specification's relative path.
        path: String,
        /// The directories tried, comma-separated.
        tried: String,
        /// The pinned upstream URL.
        url: String,
        /// Why it failed.
        message: String,
    },
    /// A local file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
}

/// The specs directories tried, in order.
pub fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("STUDIO_SPECS_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    if let Ok(cwd) = std::env::current_dir() {
        // Tests run in a crate's directory, two levels below the repository.
        for ancestor in cwd.ancestors().take(4) {
            dirs.push(ancestor.join("../shared/specs"));
        }
    }
    dirs.push(cache_dir());
    dirs
}

/// `~/.cache/flink-studio/specs` (or the platform's cache directory).
pub fn cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("flink-studio")
        .join("specs")
}

/// The pin of a relative path, if it has one.
pub fn pin(path: &str) -> Option<&'static Pinned> {
    PINNED.iter().find(|p| p.path == path)
}

/// Finds `path` in [`candidate_dirs`] without downloading; a pinned file is verified.
///
/// # Errors
///
/// [`Error::NotFound`] when no directory has it, [`Error::Checksum`] when the copy found
/// differs from the pinned upstream file, [`Error::Io`] when it cannot be read.
pub fn locate(path: &str) -> Result<PathBuf, Error> {
    locate_in(&candidate_dirs(), path)
}

/// As [`locate`], and when no directory has a pinned file, downloads it into
/// [`cache_dir`] (verified before it is written). Blocks while it downloads, on a thread of
/// its own, so it may be called from synchronous and asynchronous code alike.
///
/// # Errors
///
/// As [`locate`], or [`Error::Download`] naming the URL and the directories tried.
pub fn resolve(path: &str) -> Result<PathBuf, Error> {
    let dirs = candidate_dirs();
    match locate_in(&dirs, path) {
        Err(Error::NotFound { .. }) => {}
        other => return other,
    }
    let Some(pin) = pin(path) else {
        return Err(not_found(&dirs, path));
    };
    let target = cache_dir().join(pin.path);
    let tried = joined(&dirs);
    let owned = (pin, target.clone(), tried.clone());
    let download = std::thread::spawn(move || download(owned.0, &owned.1, &owned.2));
    match download.join() {
        Ok(result) => result.map(|()| target),
        Err(_) => Err(Error::Download {
            path: path.to_owned(),
            tried,
            url: pin.url(),
            message: "the download thread stopped unexpectedly".to_owned(),
        }),
    }
}

fn locate_in(dirs: &[PathBuf], path: &str) -> Result<PathBuf, Error> {
    let Some(found) = dirs.iter().map(|d| d.join(path)).find(|p| p.is_file()) else {
        return Err(not_found(dirs, path));
    };
    if let Some(pin) = pin(path) {
        let bytes = std::fs::read(&found).map_err(|err| Error::Io {
            path: found.clone(),
            message: err.to_string(),
        })?;
        verify(&found.display().to_string(), &bytes, pin.sha256)?;
    }
    Ok(found)
}

fn not_found(dirs: &[PathBuf], path: &str) -> Error {
    Error::NotFound {
        path: path.to_owned(),
        tried: joined(dirs),
    }
}

fn joined(dirs: &[PathBuf]) -> String {
    dirs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks `bytes` against a pinned SHA-256.
///
/// # Errors
///
/// [`Error::Checksum`] naming `what` when they differ.
pub fn verify(what: &str, bytes: &[u8], expected: &str) -> Result<(), Error> {
    let actual = hex::encode(Sha256::digest(bytes));
    if actual == expected {
        Ok(())
    } else {
        Err(Error::Checksum {
            path: what.to_owned(),
            actual,
            expected: expected.to_owned(),
        })
    }
}

fn download(pin: &Pinned, target: &Path, tried: &str) -> Result<(), Error> {
    let url = pin.url();
    let failed = |message: String| Error::Download {
        path: pin.path.to_owned(),
        tried: tried.to_owned(),
        url: url.clone(),
        message,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| failed(format!("cannot start a runtime: {err}")))?;
    let bytes = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|err| failed(err.to_string()))?;
        let response = client
            .get(&url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|err| failed(err.to_string()))?;
        response
            .bytes()
            .await
            .map_err(|err| failed(err.to_string()))
    })?;
    verify(&url, &bytes, pin.sha256)?;
    let io = |path: &Path| {
        let path = path.to_owned();
        move |err: std::io::Error| Error::Io {
            path,
            message: err.to_string(),
        }
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    // Written under a temporary name and renamed, so a reader never sees half a file.
    let partial = target.with_extension("partial");
    std::fs::write(&partial, &bytes).map_err(io(&partial))?;
    std::fs::rename(&partial, target).map_err(io(target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_file_is_found_in_the_first_directory_that_has_it_and_verified() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        let pin = pin("flink/rest_v1_sql_gateway.yml").unwrap();
        let path = second.path().join(pin.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"not the upstream file").unwrap();
        let dirs = [first.path().to_owned(), second.path().to_owned()];
        let err = locate_in(&dirs, pin.path).unwrap_err();
        assert!(
            matches!(&err, Error::Checksum { expected, .. } if expected == pin.sha256),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("rest_v1_sql_gateway.yml has SHA-256")
        );
    }

    #[test]
    fn an_unpinned_file_is_found_as_is_and_a_missing_one_names_every_directory() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("notes")).unwrap();
        std::fs::write(dir.path().join("notes/x.md"), b"anything").unwrap();
        let dirs = [dir.path().to_owned()];
        assert_eq!(
            locate_in(&dirs, "notes/x.md").unwrap(),
            dir.path().join("notes/x.md")
        );
        let err = locate_in(&dirs, "notes/y.md").unwrap_err();
        assert!(
            err.to_string().contains(&dir.path().display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn pins_are_unique_well_formed_and_point_at_upstream_commits_or_tags() {
        let mut paths: Vec<&str> = PINNED.iter().map(|p| p.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), PINNED.len());
        for p in PINNED {
            assert_eq!(p.sha256.len(), 64, "{}", p.path);
            assert!(
                p.sha256.bytes().all(|b| b.is_ascii_hexdigit()),
                "{}",
                p.path
            );
            let url = p.url();
            assert!(
                url.starts_with("https://raw.githubusercontent.com/apache/"),
                "{url}"
            );
            assert!(url.ends_with(p.path.rsplit('/').next().unwrap()), "{url}");
        }
    }

    #[test]
    fn the_reference_specs_beside_the_repository_match_their_pins_when_present() {
        // On a machine with ../shared/specs every pinned file there must be byte-exact;
        // elsewhere there is nothing to compare and the download path is exercised instead.
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs");
        for p in PINNED {
            let path = shared.join(p.path);
            if let Ok(bytes) = std::fs::read(&path) {
                verify(&path.display().to_string(), &bytes, p.sha256).unwrap();
            }
        }
    }
}
