//! `cargo xtask docs [--check]`: the shell completions and man pages generated from `studio`'s
//! clap definition, kept in `docs/generated/` so they can be read and packaged without building.
//! `--check` (a CI step) fails when the files in the repository differ from a fresh rendering.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const SHELLS: [(&str, &str); 4] = [
    ("bash", "studio.bash"),
    ("zsh", "_studio"),
    ("fish", "studio.fish"),
    ("powershell", "_studio.ps1"),
];

fn generated_dir() -> PathBuf {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .unwrap_or(&xtask)
        .join("docs")
        .join("generated")
}

/// Builds `studio` and returns its path.
fn studio() -> Result<PathBuf> {
    let status = Command::new(crate::cargo_bin())
        .args(["build", "--locked", "-p", "studio-cli", "--bin", "studio"])
        .status()
        .context("building studio")?;
    crate::ensure_success(status, "cargo build -p studio-cli --bin studio")?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| generated_dir().join("../../target"));
    Ok(target.join("debug").join("studio"))
}

/// Renders every generated file into `dir` (completions/ and man/).
fn render(studio: &Path, dir: &Path) -> Result<()> {
    let completions = dir.join("completions");
    std::fs::create_dir_all(&completions)?;
    for (shell, file) in SHELLS {
        let out = Command::new(studio)
            .args(["completions", shell])
            .output()
            .with_context(|| format!("running studio completions {shell}"))?;
        if !out.status.success() {
            bail!(
                "studio completions {shell} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::fs::write(completions.join(file), out.stdout)?;
    }
    let man = dir.join("man");
    let status = Command::new(studio)
        .args(["man", "--out-dir"])
        .arg(&man)
        .status()
        .context("running studio man")?;
    crate::ensure_success(status, "studio man --out-dir")
}

/// Every file below `dir`, by relative path.
fn files(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut found = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir)?.to_path_buf();
                found.insert(rel, std::fs::read(&path)?);
            }
        }
    }
    Ok(found)
}

/// Regenerates `docs/generated/`.
pub fn generate() -> Result<()> {
    let studio = studio()?;
    let dir = generated_dir();
    for sub in ["completions", "man"] {
        let _ = std::fs::remove_dir_all(dir.join(sub));
    }
    render(&studio, &dir)?;
    println!("wrote {} files into {}", files(&dir)?.len(), dir.display());
    Ok(())
}

/// Fails, naming the files, when `docs/generated/` differs from a fresh rendering.
pub fn check() -> Result<()> {
    let studio = studio()?;
    let fresh = std::env::temp_dir().join(format!("flink-studio-docs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    let result = (|| {
        render(&studio, &fresh)?;
        let want = files(&fresh)?;
        let dir = generated_dir();
        let have: BTreeMap<PathBuf, Vec<u8>> = files(&dir)?
            .into_iter()
            .filter(|(p, _)| p.starts_with("completions") || p.starts_with("man"))
            .collect();
        let stale: Vec<String> = want
            .keys()
            .chain(have.keys())
            .filter(|p| want.get(*p) != have.get(*p))
            .map(|p| p.display().to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !stale.is_empty() {
            bail!(
                "docs/generated is stale ({}): run `cargo xtask docs` and commit the result",
                stale.join(", ")
            );
        }
        println!("docs/generated is current ({} files)", want.len());
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&fresh);
    result
}
