//! The external programs the stack needs: Java, and the package clients that download it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::error::{Error, Result};

/// How many lines of a failing command's output an error shows.
pub(crate) const TAIL_LINES: usize = 25;

/// The `java` to run: `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` on PATH.
pub fn java_command() -> PathBuf {
    match std::env::var_os("JAVA_HOME") {
        Some(home) if !home.is_empty() => Path::new(&home).join("bin").join("java"),
        _ => PathBuf::from("java"),
    }
}

/// Checks that Java 17 or newer runs, and returns its major version.
pub fn check_java(java: &Path) -> Result<u32> {
    let out = Command::new(java)
        .arg("-version")
        .output()
        .map_err(|e| Error::JavaMissing {
            java: java.display().to_string(),
            reason: e.to_string(),
        })?;
    let text = String::from_utf8_lossy(&out.stderr);
    let major = parse_java_major(&text).ok_or_else(|| Error::JavaMissing {
        java: java.display().to_string(),
        reason: format!(
            "cannot read its version from {:?}",
            text.lines().next().unwrap_or("")
        ),
    })?;
    if major < 17 {
        return Err(Error::JavaTooOld { found: major });
    }
    Ok(major)
}

/// Reads the major version from `java -version` output (`"17.0.15"`, `"1.8.0_392"`, `"21"`).
pub fn parse_java_major(version_output: &str) -> Option<u32> {
    let quoted = version_output.split('"').nth(1)?;
    let mut parts = quoted.split(['.', '_', '-', '+']);
    let first: u32 = parts.next()?.parse().ok()?;
    if first == 1 {
        parts.next()?.parse().ok()
    } else {
        Some(first)
    }
}

/// The Maven command, checked to run.
pub fn maven() -> Result<Vec<String>> {
    probe(&[&["mvn"]], "mvn", "Maven Central jars", "maven")
}

/// The pip command (`python3 -m pip`, `pip3` or `pip`), checked to run.
pub fn pip() -> Result<Vec<String>> {
    probe(
        &[&["python3", "-m", "pip"], &["pip3"], &["pip"]],
        "pip",
        "PyPI's apache-flink-libraries",
        "python3-pip",
    )
}

fn probe(candidates: &[&[&str]], tool: &str, purpose: &str, package: &str) -> Result<Vec<String>> {
    for cand in candidates {
        let ok = Command::new(cand[0])
            .args(&cand[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Ok(cand.iter().map(|s| (*s).to_owned()).collect());
        }
    }
    Err(Error::ToolMissing {
        tool: tool.into(),
        purpose: purpose.into(),
        package: package.into(),
    })
}

/// Runs a download command, turning failure into [`Error::DownloadFailed`].
pub(crate) fn run_download(cmd: &[String], args: &[String], cwd: &Path, what: &str) -> Result<()> {
    let (program, pre) = cmd.split_first().ok_or_else(|| Error::ToolMissing {
        tool: what.into(),
        purpose: what.into(),
        package: what.into(),
    })?;
    let out = Command::new(program)
        .args(pre)
        .args(args)
        .current_dir(cwd)
        .output()
        .map_err(Error::io("cannot run", program))?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::DownloadFailed {
        what: what.to_owned(),
        command: format!("{} {}", cmd.join(" "), args.join(" ")),
        tool: program.clone(),
        status: out.status.to_string(),
        output_tail: output_tail(&out),
    })
}

/// The last lines of a command's stdout and stderr.
pub(crate) fn output_tail(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    tail_lines(&text, TAIL_LINES)
}

/// The last `n` lines of `text`.
pub fn tail_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_java_versions() {
        assert_eq!(
            parse_java_major(r#"openjdk version "17.0.15" 2025-04-15"#),
            Some(17)
        );
        assert_eq!(parse_java_major(r#"java version "1.8.0_392""#), Some(8));
        assert_eq!(
            parse_java_major(r#"openjdk version "21" 2023-09-19"#),
            Some(21)
        );
        assert_eq!(parse_java_major(r#"openjdk version "25-ea""#), Some(25));
        assert_eq!(parse_java_major("garbage"), None);
    }

    #[test]
    fn missing_java_is_reported_with_advice() {
        let err = check_java(Path::new("/nonexistent/java"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("/nonexistent/java") && err.contains("JAVA_HOME"),
            "{err}"
        );
    }

    #[test]
    fn tail_keeps_last_lines() {
        assert_eq!(tail_lines("a\nb\nc\n", 2), "b\nc");
        assert_eq!(tail_lines("a", 5), "a");
    }
}
