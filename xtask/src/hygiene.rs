//! Cargo hygiene checks run by `cargo xtask ci`: unused dependencies and the MSRV.
//!
//! Both read `cargo metadata`, so they need nothing installed beyond cargo itself and take
//! about a second. The unused-dependency check is the same heuristic `cargo machete` uses
//! (a dependency whose crate name never appears in the package's Rust sources is unused),
//! and honours machete's `[package.metadata.cargo-machete] ignored = [...]` key for
//! dependencies declared only to pick features.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// Fails naming every dependency no source file of its package uses, and every
/// `[workspace.dependencies]` entry no member declares.
pub fn unused_dependencies() -> Result<()> {
    let metadata = metadata(&["--no-deps"])?;
    let mut problems = Vec::new();
    let mut declared_by_members = BTreeSet::new();
    for package in members(&metadata) {
        let name = package["name"].as_str().unwrap_or("?");
        let manifest = PathBuf::from(package["manifest_path"].as_str().unwrap_or_default());
        let dir = manifest.parent().unwrap_or(Path::new("."));
        let sources = rust_sources(dir)?;
        let ignored: BTreeSet<&str> = package["metadata"]["cargo-machete"]["ignored"]
            .as_array()
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut seen = BTreeSet::new();
        for dep in package["dependencies"].as_array().into_iter().flatten() {
            let dep_name = dep["name"].as_str().unwrap_or_default();
            declared_by_members.insert(dep_name.to_owned());
            let crate_name = dep["rename"].as_str().unwrap_or(dep_name).replace('-', "_");
            if ignored.contains(dep_name) || !seen.insert(crate_name.clone()) {
                continue;
            }
            if !sources.iter().any(|text| uses_crate(text, &crate_name)) {
                problems.push(format!("{name}: `{dep_name}` is declared but never used"));
            }
        }
    }
    let root = metadata["workspace_root"].as_str().unwrap_or(".");
    let root_manifest = std::fs::read_to_string(Path::new(root).join("Cargo.toml"))
        .context("reading the workspace Cargo.toml")?;
    for entry in workspace_dependencies(&root_manifest) {
        if !declared_by_members.contains(&entry) {
            problems.push(format!(
                "[workspace.dependencies] `{entry}` is used by no member"
            ));
        }
    }
    if !problems.is_empty() {
        bail!("unused dependencies:\n  {}", problems.join("\n  "));
    }
    println!("  no unused dependencies");
    Ok(())
}

/// Fails when the workspace's `rust-version` is below the highest `rust-version` of any
/// package built for this host, naming that package.
pub fn msrv() -> Result<()> {
    let host = host_triple()?;
    let metadata = metadata(&["--filter-platform", &host])?;
    let resolved: BTreeSet<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|node| node["id"].as_str())
        .collect();
    let member_ids = member_ids(&metadata);
    let mut workspace: Option<(Version, String)> = None;
    let mut needed: Option<(Version, String)> = None;
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let id = package["id"].as_str().unwrap_or_default();
        let Some(version) = package["rust_version"].as_str().and_then(parse_version) else {
            continue;
        };
        let label = format!(
            "{} {}",
            package["name"].as_str().unwrap_or("?"),
            package["version"].as_str().unwrap_or("?")
        );
        if member_ids.contains(id) {
            workspace = Some((version, label));
        } else if resolved.contains(id) && needed.as_ref().is_none_or(|(v, _)| version > *v) {
            needed = Some((version, label));
        }
    }
    let Some((declared, _)) = workspace else {
        bail!("the workspace declares no rust-version");
    };
    match needed {
        Some((version, by)) if version > declared => bail!(
            "workspace rust-version {} is below {} needed by {by}",
            show(declared),
            show(version)
        ),
        Some((version, by)) => {
            println!(
                "  rust-version {} (the dependency tree needs {}, for {by})",
                show(declared),
                show(version)
            );
            Ok(())
        }
        None => Ok(()),
    }
}

type Version = (u64, u64, u64);

fn parse_version(text: &str) -> Option<Version> {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().flatten().unwrap_or(0);
    let patch = parts.next().flatten().unwrap_or(0);
    Some((major, minor, patch))
}

fn show((major, minor, patch): Version) -> String {
    format!("{major}.{minor}.{patch}")
}

fn metadata(extra: &[&str]) -> Result<Value> {
    let output = Command::new(super::cargo_bin())
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(extra)
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout).context("parsing cargo metadata")
}

fn host_triple() -> Result<String> {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV names no host")
}

fn member_ids(metadata: &Value) -> BTreeSet<&str> {
    metadata["workspace_members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn members(metadata: &Value) -> impl Iterator<Item = &Value> {
    let ids = member_ids(metadata);
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |p| p["id"].as_str().is_some_and(|id| ids.contains(id)))
}

/// Every `.rs` file below `dir`, except build output.
fn rust_sources(dir: &Path) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_none_or(|n| n != "target") {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                texts.push(
                    std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))?,
                );
            }
        }
    }
    Ok(texts)
}

/// Whether `text` names `krate` as a path root, in a `use`, or as `extern crate`.
fn uses_crate(text: &str, krate: &str) -> bool {
    let path = format!("{krate}::");
    text.match_indices(&path).any(|(at, _)| {
        // A path root, not the tail of another name (`my_tokio::`).
        text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    }) || text.contains(&format!("use {krate};"))
        || text.contains(&format!("extern crate {krate}"))
}

/// The names under `[workspace.dependencies]` in the root manifest.
fn workspace_dependencies(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|line| line.trim() != "[workspace.dependencies]")
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter_map(|line| {
            let line = line.trim();
            let (name, _) = line.split_once('=')?;
            (!line.starts_with('#')).then(|| name.trim().to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_counts_as_used_only_as_a_path_root() {
        assert!(uses_crate("use tokio::time;", "tokio"));
        assert!(uses_crate("#[tokio::test]", "tokio"));
        assert!(uses_crate("let x = (tokio::spawn(f));", "tokio"));
        assert!(!uses_crate("use my_tokio::time;", "tokio"));
        assert!(!uses_crate("// tokio is great", "tokio"));
    }

    #[test]
    fn workspace_dependencies_are_read_up_to_the_next_table() {
        let manifest = "[workspace.dependencies]\n# note\nurl = \"2\"\nfoo = { path = \"x\" }\n\n[workspace.lints.rust]\nbar = \"deny\"\n";
        assert_eq!(workspace_dependencies(manifest), ["url", "foo"]);
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(parse_version("1.89") > parse_version("1.88.5"));
        assert!(parse_version("1.100") > parse_version("1.99"));
        assert_eq!(parse_version("1.85.1"), Some((1, 85, 1)));
    }
}
