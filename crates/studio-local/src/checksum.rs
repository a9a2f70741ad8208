//! SHA-256 checksums of cached files, and the manifest that records them.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The manifest's file name inside a cache directory.
pub const MANIFEST: &str = "MANIFEST.sha256";

/// The SHA-256 of a file, as lowercase hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = File::open(path).map_err(Error::io("cannot open", path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(Error::io("cannot read", path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Fails with [`Error::ChecksumMismatch`] (and removes the file) unless `path` has `expected`.
pub fn verify_file(path: &Path, expected: &str) -> Result<()> {
    let actual = sha256_file(path)?;
    if actual.eq_ignore_ascii_case(expected) {
        return Ok(());
    }
    let _ = std::fs::remove_file(path);
    Err(Error::ChecksumMismatch {
        path: path.to_owned(),
        expected: expected.to_owned(),
        actual,
    })
}

/// Writes `dir/MANIFEST.sha256` listing every file under `dir` (relative path and SHA-256).
pub fn write_manifest(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let mut out = String::new();
    for rel in files {
        let sha = sha256_file(&dir.join(&rel))?;
        out.push_str(&format!("{sha}  {}\n", rel.display()));
    }
    let path = dir.join(MANIFEST);
    let mut file = File::create(&path).map_err(Error::io("cannot create", &path))?;
    file.write_all(out.as_bytes())
        .map_err(Error::io("cannot write", &path))
}

/// Checks every file listed in `dir/MANIFEST.sha256`, and that no file is missing.
///
/// Returns `Ok(false)` when there is no manifest (the directory is not complete).
pub fn verify_manifest(dir: &Path) -> Result<bool> {
    let path = dir.join(MANIFEST);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io("cannot open", &path)(e)),
    };
    for line in BufReader::new(file).lines() {
        let line = line.map_err(Error::io("cannot read", &path))?;
        let Some((sha, rel)) = line.split_once("  ") else {
            continue;
        };
        let target = dir.join(rel);
        if !target.is_file() {
            let _ = std::fs::remove_file(&path);
            return Err(Error::ChecksumMismatch {
                path: target,
                expected: sha.to_owned(),
                actual: "missing file".to_owned(),
            });
        }
        if let Err(err) = verify_file(&target, sha) {
            // A damaged cache is downloaded anew next time.
            let _ = std::fs::remove_file(&path);
            return Err(err);
        }
    }
    Ok(true)
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(Error::io("cannot list", dir))? {
        let entry = entry.map_err(Error::io("cannot list", dir))?;
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else if path.file_name().is_some_and(|n| n != MANIFEST)
            && let Ok(rel) = path.strip_prefix(root)
        {
            out.push(rel.to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trip_and_tamper_detection() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("lib")).unwrap();
        std::fs::write(dir.path().join("lib/a.jar"), b"alpha").unwrap();
        std::fs::write(dir.path().join("b.jar"), b"beta").unwrap();
        assert!(!verify_manifest(dir.path()).unwrap(), "no manifest yet");
        write_manifest(dir.path()).unwrap();
        assert!(verify_manifest(dir.path()).unwrap());

        std::fs::write(dir.path().join("lib/a.jar"), b"tampered").unwrap();
        let err = verify_manifest(dir.path()).unwrap_err();
        assert!(matches!(err, Error::ChecksumMismatch { .. }), "{err}");
        assert!(
            !dir.path().join(MANIFEST).exists(),
            "a damaged cache loses its manifest"
        );
    }

    #[test]
    fn known_digest() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x");
        std::fs::write(&f, b"abc").unwrap();
        assert_eq!(
            sha256_file(&f).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(verify_file(&f, "00").is_err());
        assert!(!f.exists(), "a file with a wrong checksum is removed");
    }
}
