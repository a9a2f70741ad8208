//! `cargo xtask bench`: speed claims measured side by side in one run.
//!
//! `k8s`: a full `studio deploy` of the GCP example platform against the Kubernetes testbed,
//! against `kubectl apply --server-side` of the same rendered objects, first apply and
//! re-apply, and `studio deploy --dry-run` against `kubectl diff --server-side`. Each case
//! runs in a fresh namespace per repetition; pod start is not included (neither command
//! waits for it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

pub(crate) fn repo() -> PathBuf {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().map(Path::to_path_buf).unwrap_or(xtask)
}

struct Stats {
    name: &'static str,
    runs: Vec<Duration>,
}

impl Stats {
    fn sorted(&self) -> Vec<Duration> {
        let mut runs = self.runs.clone();
        runs.sort();
        runs
    }
    fn median(&self) -> Duration {
        let s = self.sorted();
        s[s.len() / 2]
    }
}

fn timed(mut cmd: Command, what: &str) -> Result<Duration> {
    let start = Instant::now();
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {what}"))?;
    let took = start.elapsed();
    // kubectl diff exits 1 when there are differences.
    let diff_found = what.starts_with("kubectl diff") && out.status.code() == Some(1);
    if !(out.status.success() || diff_found) {
        bail!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(took)
}

/// Runs the Kubernetes benchmark; `reps` repetitions of each case.
pub fn k8s(reps: usize) -> Result<String> {
    if Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_err()
    {
        bail!(
            "kubectl is not on PATH; the Kubernetes benchmark compares studio deploy with kubectl apply --server-side"
        );
    }
    let env = crate::k8s::up()?;
    let kubeconfig = env
        .iter()
        .find(|(k, _)| k == "STUDIO_K8S_KUBECONFIG")
        .map(|(_, v)| v.clone())
        .context("the testbed gave no kubeconfig")?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--release",
            "-q",
            "-p",
            "studio-cli",
            "--bin",
            "studio",
        ])
        .status()?;
    if !status.success() {
        bail!("building studio failed");
    }
    let studio = repo().join("target/release/studio");
    let work = tempfile_dir()?;
    let example = std::fs::read_to_string(repo().join("examples/platform/gcp.yaml"))?;
    let mut cases = vec![
        Stats {
            name: "kubectl apply --server-side (first)",
            runs: vec![],
        },
        Stats {
            name: "studio deploy --yes (first)",
            runs: vec![],
        },
        Stats {
            name: "kubectl apply --server-side (again, no change)",
            runs: vec![],
        },
        Stats {
            name: "studio deploy --yes (again, no change)",
            runs: vec![],
        },
        Stats {
            name: "kubectl diff --server-side",
            runs: vec![],
        },
        Stats {
            name: "studio deploy --dry-run",
            runs: vec![],
        },
    ];
    let kubectl = |args: &[&str]| {
        let mut c = Command::new("kubectl");
        c.args(args).env("KUBECONFIG", &kubeconfig);
        c
    };
    for rep in 0..reps {
        for tool in ["kubectl", "studio"] {
            let ns = format!("bench-{tool}-{}-{rep}", std::process::id());
            let dir = work.join(&ns);
            std::fs::create_dir_all(&dir)?;
            let config = dir.join("studio.yaml");
            std::fs::write(
                &config,
                example.replace("namespace: flink-studio", &format!("namespace: {ns}")),
            )?;
            let rendered = dir.join("rendered.yaml");
            let out = Command::new(&studio)
                .args(["render", "--config"])
                .arg(&config)
                .output()?;
            std::fs::write(&rendered, &out.stdout)?;
            // The Kafka Secret pre-flight needs (created before timing, for both tools alike).
            let _ = kubectl(&["create", "namespace", &ns]).output()?;
            let mut secret: Vec<String> = [
                "-n",
                &ns,
                "create",
                "secret",
                "generic",
                "aiven-credentials",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
            secret.extend(
                studio_kube::platform::KAFKA_SECRET_KEYS
                    .iter()
                    .map(|key| format!("--from-literal={key}=bench")),
            );
            let secret: Vec<&str> = secret.iter().map(String::as_str).collect();
            let _ = kubectl(&secret).output()?;
            let file = rendered.display().to_string();
            let deploy = |extra: &[&str]| {
                let mut c = Command::new(&studio);
                c.args(["deploy", "--config"])
                    .arg(&config)
                    .args(extra)
                    .env("KUBECONFIG", &kubeconfig);
                c
            };
            if tool == "kubectl" {
                cases[0].runs.push(timed(
                    kubectl(&[
                        "apply",
                        "--server-side",
                        "--field-manager=bench",
                        "-f",
                        &file,
                    ]),
                    "kubectl apply",
                )?);
                cases[2].runs.push(timed(
                    kubectl(&[
                        "apply",
                        "--server-side",
                        "--field-manager=bench",
                        "-f",
                        &file,
                    ]),
                    "kubectl apply",
                )?);
                cases[4].runs.push(timed(
                    kubectl(&[
                        "diff",
                        "--server-side",
                        "--field-manager=bench",
                        "-f",
                        &file,
                    ]),
                    "kubectl diff",
                )?);
            } else {
                cases[1]
                    .runs
                    .push(timed(deploy(&["--yes"]), "studio deploy")?);
                cases[3]
                    .runs
                    .push(timed(deploy(&["--yes"]), "studio deploy")?);
                cases[5]
                    .runs
                    .push(timed(deploy(&["--dry-run"]), "studio deploy --dry-run")?);
            }
            let _ = kubectl(&["delete", "namespace", &ns, "--wait=false"]).output();
        }
    }
    let mut table = String::from("| case | median | min | max |\n|---|---|---|---|\n");
    for c in &cases {
        let s = c.sorted();
        table.push_str(&format!(
            "| {} | {:.0} ms | {:.0} ms | {:.0} ms |\n",
            c.name,
            c.median().as_secs_f64() * 1e3,
            s[0].as_secs_f64() * 1e3,
            s[s.len() - 1].as_secs_f64() * 1e3
        ));
    }
    let ratio =
        |a: usize, b: usize| cases[a].median().as_secs_f64() / cases[b].median().as_secs_f64();
    table.push_str(&format!(
        "\nstudio / kubectl, medians: first apply {:.2}, re-apply {:.2}, dry-run/diff {:.2} ({reps} repetitions, Kubernetes {})\n",
        ratio(1, 0),
        ratio(3, 2),
        ratio(5, 4),
        crate::k8s::K8S_VERSION
    ));
    let _ = std::fs::remove_dir_all(&work);
    Ok(table)
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = crate::testbed::root().join("bench");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
