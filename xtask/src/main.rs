//! Project automation: `cargo xtask ci | testbed | e2e | docs | bench`.
//!
//! `ci` is what `.ci/run` and the README's test command run: formatting, lints, docs, unit
//! tests, then the live tests against a real local stack that it starts and stops itself.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod bench;
mod docs;
mod e2e;
mod fetch_bench;
mod fuzz;
mod hygiene;
mod k8s;
mod sql_client_bench;
mod testbed;

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result, bail};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  ci                         fmt check, clippy -D warnings, docs, unit tests, then live tests
                             against a local stack (Flink 2.0, then the gateway client on 2.2)
  testbed up [--flink-version V]   start the shared Flink test stack (writes target/testbed/env)
  testbed up --k8s           start the Kubernetes testbed: etcd, kube-apiserver, controller-manager,
                             scheduler and kwok on 127.0.0.1, built once from Go modules into
                             ~/.cache/flink-studio/k8s (writes target/testbed/k8s.env)
  testbed up --k8s --operator-stub
                             the same, plus a stand-in that writes the operator's STABLE/READY
                             status on FlinkDeployments, so `studio deploy --wait` completes
  testbed up --all           both
  testbed down [--k8s]       stop both (or only Kubernetes), by PID
  testbed status             show them
  deps                       unused dependencies and rust-version (the MSRV) checks
  bench [--json FILE] [--rows N] [--reps R]
                             result fetching on the running stack (target/testbed/env):
                             studio sql -o json against Flink's SQL Client, a Python requests
                             client and a page-only Rust floor (N rows x 6 columns, default
                             1,000,000, R = 3 runs each); studio's memory at 10 N rows;
                             start-up times; the criterion decoding benchmarks. Writes
                             docs/benchmarks.md and, with --json, every figure
  bench criterion            the criterion benchmarks (decoding, splitting)
  bench k8s                  studio deploy against kubectl apply --server-side on the testbed
  e2e [--cluster local|kind] the user's journey with the installed binaries, each step timed:
                             local = Kubernetes testbed + operator stub + local Flink stack;
                             kind = a kind cluster with the real operator (needs Docker, kind)
  docs                       regenerate shell completions and man pages (docs/generated)
  docs --check               fail when docs/generated is stale
  fuzz [SECS]                fuzz the SQL splitter and substitution with libFuzzer on the stable
                             toolchain for SECS seconds (default 600); ci runs it for 60";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["ci"] => ci(),
        ["deps"] => hygiene::unused_dependencies().and(hygiene::msrv()),
        ["testbed", "up"] => testbed::up("2.0").map(|_| ()),
        ["testbed", "up", "--flink-version", v] => testbed::up(v).map(|_| ()),
        ["testbed", "up", "--k8s"] => k8s::up().map(|_| ()),
        ["testbed", "up", "--k8s", "--operator-stub"] => k8s::up_with_stub().map(|_| ()),
        ["testbed", "operator-stub", kubeconfig] => {
            k8s::operator_stub::run(std::path::Path::new(kubeconfig))
        }
        ["testbed", "up", "--all"] => k8s::up().and_then(|_| testbed::up("2.0")).map(|_| ()),
        ["testbed", "down"] => k8s::down().and(testbed::down()),
        ["testbed", "down", "--k8s"] => k8s::down(),
        ["testbed", "status"] => k8s::status().and(testbed::status()),
        ["bench", "k8s"] => bench::k8s(5).map(|table| println!("{table}")),
        ["bench", "criterion", rest @ ..] => cargo(&[&["bench", "--workspace"], rest].concat()),
        ["fuzz"] => fuzz_for(600),
        ["fuzz", secs] => match secs.parse() {
            Ok(secs) => fuzz_for(secs),
            Err(_) => Err(anyhow::anyhow!("fuzz: `{secs}` is not a number of seconds")),
        },
        ["e2e"] => e2e::run(e2e::Cluster::Local),
        ["e2e", "--cluster", which] => e2e::Cluster::parse(which).and_then(e2e::run),
        ["docs"] => docs::generate(),
        ["docs", "--check"] => docs::check(),
        ["bench", "rusage", out, "--", program @ ..] => fetch_bench::rusage_child(out, program),
        ["bench", rest @ ..] => fetch_bench::Options::parse(rest)
            .and_then(|opts| fetch_bench::run(&opts))
            .map(|table| println!("{table}")),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn ci() -> Result<()> {
    let start = Instant::now();
    // The Kubernetes binaries take long to build on a cold machine; build them beside the Rust
    // steps, and wait for them before the live tests.
    let k8s_build = std::thread::spawn(|| {
        let started = Instant::now();
        k8s::build_binaries().map(|_| started.elapsed())
    });
    let result = ci_steps(k8s_build);
    match &result {
        Ok(()) => println!("xtask ci: all green in {:.0?}", start.elapsed()),
        Err(_) => println!("xtask ci: FAILED after {:.0?}", start.elapsed()),
    }
    result
}

fn ci_steps(k8s_build: std::thread::JoinHandle<Result<std::time::Duration>>) -> Result<()> {
    step("format", || cargo(&["fmt", "--all", "--check"]))?;
    step("unused dependencies", hygiene::unused_dependencies)?;
    step("rust-version covers the dependency tree", hygiene::msrv)?;
    step("clippy", || {
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ])
    })?;
    step("docs", || {
        let status = Command::new(cargo_bin())
            .args(["doc", "--workspace", "--no-deps", "--locked"])
            .env("RUSTDOCFLAGS", "-D warnings")
            .status()
            .context("running cargo doc")?;
        ensure_success(status, "cargo doc")
    })?;
    step("generated docs are current", docs::check)?;
    step("unit and contract tests", || {
        cargo(&["test", "--workspace", "--locked"])
    })?;
    step("fuzz the splitter and substitution (60 s)", || fuzz_for(60))?;
    step("build binaries for live tests", || {
        cargo(&["build", "--workspace", "--locked", "--bins"])
    })?;

    step("Kubernetes testbed binaries", || {
        let took = k8s_build
            .join()
            .map_err(|_| anyhow::anyhow!("the Kubernetes build thread panicked"))??;
        println!("  ready after {took:.0?}");
        Ok(())
    })?;
    // Live tests, Flink 2.0 (the default line) and the Kubernetes testbed: every crate.
    let k8s_env = step("start the Kubernetes testbed", k8s::up);
    let k8s_env = match k8s_env {
        Ok(env) => env,
        Err(err) => {
            let _ = k8s::down();
            return Err(err);
        }
    };
    let live_result = live_with(
        "2.0",
        &[&["test", "--workspace", "--locked", "--", "--ignored"]],
        &k8s_env,
    );
    let stopped = step("stop the Kubernetes testbed", k8s::down);
    live_result.and(stopped)?;
    // The second line the local stack offers: the protocol client, the stack itself, and
    // the differential suite against Flink 2.2's own SQL Client.
    live_with(
        "2.2",
        &[
            &[
                "test",
                "--locked",
                "-p",
                "sql-gateway-client",
                "-p",
                "studio-local",
                "--",
                "--ignored",
            ],
            &[
                "test",
                "--locked",
                "-p",
                "studio-cli",
                "--test",
                "differential_live",
                "--",
                "--ignored",
            ],
        ],
        &[],
    )?;
    // The whole journey, after the live steps (whose stacks are down by now).
    step("e2e --cluster local", || e2e::run(e2e::Cluster::Local))?;
    Ok(())
}

/// Fuzzes for `secs` seconds and reports the executions.
fn fuzz_for(secs: u64) -> Result<()> {
    let run = fuzz::run(secs)?;
    println!(
        "fuzz: {} executions in {} s, no crash; corpus now {} inputs",
        run.executions, run.seconds, run.corpus
    );
    Ok(())
}

/// Starts the testbed on a Flink line, runs each `cargo <args>` with its environment (and
/// `extra`, e.g. the Kubernetes testbed's), and always stops the testbed again.
fn live_with(line: &str, runs: &[&[&str]], extra: &[(String, String)]) -> Result<()> {
    let name = format!("live tests on Flink {line}");
    step(&name, || {
        let mut env = testbed::up(line)?;
        env.extend(extra.iter().cloned());
        let result = runs.iter().try_for_each(|args| {
            let status = Command::new(cargo_bin())
                .args(*args)
                .envs(env.iter().cloned())
                .status()
                .context("running cargo test")?;
            ensure_success(status, &format!("cargo {}", args.join(" ")))
        });
        let stopped = testbed::down();
        result.and(stopped)
    })
}

fn step<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("==> xtask: {name}");
    let start = Instant::now();
    let result = f();
    match &result {
        Ok(_) => println!("==> xtask: {name}: ok in {:.0?}", start.elapsed()),
        Err(_) => println!("==> xtask: {name}: FAILED after {:.0?}", start.elapsed()),
    }
    result.with_context(|| format!("step `{name}` failed"))
}

fn cargo(args: &[&str]) -> Result<()> {
    let status = Command::new(cargo_bin())
        .args(args)
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    ensure_success(status, &format!("cargo {}", args.join(" ")))
}

pub(crate) fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

pub(crate) fn ensure_success(status: std::process::ExitStatus, what: &str) -> Result<()> {
    if !status.success() {
        bail!("{what} exited with {status}");
    }
    Ok(())
}

/// This program, for running it again as a child process. `cargo test --workspace` may
/// rebuild `target/debug/xtask` (other features) while `cargo xtask ci` runs, which leaves
/// `current_exe()` naming a deleted file; `/proc/self/exe` still opens the running image.
pub(crate) fn self_exe() -> std::io::Result<PathBuf> {
    let proc_self = PathBuf::from("/proc/self/exe");
    if proc_self.exists() {
        return Ok(proc_self);
    }
    std::env::current_exe()
}
