//! `cargo xtask fuzz [secs]`: the splitter/substitution fuzz target under libFuzzer, on the
//! stable toolchain.
//!
//! `cargo fuzz` wants nightly only for its sanitizer flags (`-Zsanitizer`); libFuzzer's
//! coverage instrumentation itself is stable (`-Cpasses=sancov-module` and LLVM's
//! `-sanitizer-coverage-*` options), and `libfuzzer-sys` builds libFuzzer with the machine's
//! C++ compiler. So this builds the target with plain `cargo build` and those flags (what
//! `cargo fuzz build -s none` does), and runs it for a bounded time: no nightly, no extra
//! tool to install. Rust's own checks (overflow, debug assertions, bounds) stand in for ASan,
//! which safe code does not need.
//!
//! The corpus lives in the repo (`crates/sql-executor/fuzz/corpus/split_substitute`); a run
//! reads it, writes what it finds to `target/fuzz/corpus-new`, and merges the inputs that add
//! coverage back into the repo's corpus. A crash stops the run and is saved under
//! `target/fuzz/artifacts/`: copy it to `crates/sql-executor/fuzz/regressions/`, where
//! `cargo test -p sql-executor --test fuzz_regressions` replays it (and the whole corpus).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const TARGET: &str = "split_substitute";

/// The coverage flags `cargo fuzz build -s none` passes, all stable.
const RUSTFLAGS: &str = "-Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
--cfg fuzzing -Cdebug-assertions -Coverflow-checks";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// What a run did.
pub struct FuzzRun {
    /// Inputs executed.
    pub executions: u64,
    /// Seconds it ran.
    pub seconds: u64,
    /// Inputs in the repo's corpus afterwards.
    pub corpus: usize,
}

/// Builds the target and fuzzes it for `secs` seconds; fails on a crash.
pub fn run(secs: u64) -> Result<FuzzRun> {
    let root = root();
    let fuzz_dir = root.join("crates/sql-executor/fuzz");
    let target_dir = root.join("target/fuzz");
    // The instrumented release build takes minutes; its dependencies are cached across clones
    // (cargo's fingerprints keep it correct), the corpus work stays in this clone's target/.
    let build_dir = dirs::cache_dir()
        .unwrap_or_else(|| root.join("target"))
        .join("flink-studio/fuzz-build");
    // An explicit `--target` keeps the coverage flags off build scripts (they would not
    // link without libFuzzer), as `cargo fuzz` does.
    let host = host_triple()?;
    let status = Command::new(super::cargo_bin())
        .args(["build", "--release", "--bin", TARGET, "--target", &host])
        .arg("--manifest-path")
        .arg(fuzz_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&build_dir)
        .env("RUSTFLAGS", RUSTFLAGS)
        .status()
        .context("building the fuzz target")?;
    super::ensure_success(status, "cargo build (fuzz target)")?;

    let binary = build_dir.join(&host).join("release").join(TARGET);
    let corpus = fuzz_dir.join("corpus").join(TARGET);
    let fresh = target_dir.join("corpus-new");
    let artifacts = target_dir.join("artifacts");
    for dir in [&corpus, &fresh, &artifacts] {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let out = Command::new(&binary)
        .arg(&fresh)
        .arg(&corpus)
        .arg(format!("-max_total_time={secs}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .args([
            "-max_len=4096",
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-print_final_stats=1",
        ])
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    let log = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "the fuzz target failed ({}); the input is saved under {}/. Add it to \
             crates/sql-executor/fuzz/regressions/ as a regression test.\n{}",
            out.status,
            artifacts.display(),
            tail.join("\n")
        );
    }
    let executions = final_stat(&log, "stat::number_of_executed_units:").unwrap_or(0);
    // Keep only what adds coverage, in the repo's corpus.
    let merged = Command::new(&binary)
        .arg("-merge=1")
        .arg(&corpus)
        .arg(&fresh)
        .output()
        .context("merging the corpus")?;
    if !merged.status.success() {
        bail!(
            "merging the corpus failed: {}",
            String::from_utf8_lossy(&merged.stderr)
        );
    }
    let count = std::fs::read_dir(&corpus)
        .with_context(|| format!("reading {}", corpus.display()))?
        .count();
    Ok(FuzzRun {
        executions,
        seconds: secs,
        corpus: count,
    })
}

/// The host's target triple, from `rustc -vV`.
fn host_triple() -> Result<String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV printed no host triple")
}

/// A `stat::name: N` line of libFuzzer's final statistics.
fn final_stat(log: &str, name: &str) -> Option<u64> {
    log.lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libfuzzer_final_stats() {
        let log = "#1000 DONE cov: 10\nstat::number_of_executed_units: 123456\nstat::average_exec_per_sec:     4115\n";
        assert_eq!(
            final_stat(log, "stat::number_of_executed_units:"),
            Some(123_456)
        );
        assert_eq!(final_stat("", "stat::number_of_executed_units:"), None);
    }
}
