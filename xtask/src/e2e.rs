//! `cargo xtask e2e --cluster local|kind`: the user's whole journey, one timed step at a time,
//! with the installed binaries (`studio`, `flink-sql-executor`) as a user runs them.
//!
//! `local` uses the Kubernetes testbed with the operator stub (status written as the operator
//! would; kwok runs no containers) and the local Flink stack as the session cluster's stand-in:
//! jobs, savepoints, state size and the pipelines run on real Flink and Kafka. `kind` runs the
//! same scenario on a kind cluster with the real operator and image; it needs Docker and kind,
//! and fails at once, naming what is missing, where they are not installed.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

use crate::{k8s, testbed};

/// Which cluster the scenario runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cluster {
    /// The Kubernetes testbed plus the local Flink stack.
    Local,
    /// A kind cluster (needs Docker and kind).
    Kind,
}

impl Cluster {
    /// Parses `local` or `kind`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "local" => Ok(Self::Local),
            "kind" => Ok(Self::Kind),
            other => bail!("--cluster {other:?}: expected `local` or `kind`"),
        }
    }
}

/// The namespace the scenario deploys to.
const NAMESPACE: &str = "flink-studio-e2e";
/// The Kafka password the scenario stores; it must never be printed.
const PASSWORD: &str = "e2e-Pw-5b1d-never-printed";

/// One finished step: name, duration, outcome.
struct Done {
    name: String,
    took: Duration,
    ok: bool,
}

/// Times steps and prints the table at the end.
#[derive(Default)]
struct Steps {
    done: Vec<Done>,
}

impl Steps {
    fn run<T>(&mut self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("==> e2e: {name}");
        let start = Instant::now();
        let result = f();
        let took = start.elapsed();
        let ok = result.is_ok();
        println!(
            "==> e2e: {name}: {} in {took:.1?}",
            if ok { "ok" } else { "FAILED" }
        );
        self.done.push(Done {
            name: name.to_owned(),
            took,
            ok,
        });
        result.with_context(|| format!("e2e step `{name}` failed"))
    }

    fn table(&self) -> String {
        let width = self.done.iter().map(|d| d.name.len()).max().unwrap_or(4);
        let mut out = format!("{:<width$}  {:>8}  result\n", "step", "seconds");
        for d in &self.done {
            let _ = writeln!(
                out,
                "{:<width$}  {:>8.1}  {}",
                d.name,
                d.took.as_secs_f64(),
                if d.ok { "ok" } else { "FAILED" }
            );
        }
        let total: Duration = self.done.iter().map(|d| d.took).sum();
        let _ = writeln!(out, "{:<width$}  {:>8.1}", "total", total.as_secs_f64());
        out
    }
}

/// Runs the scenario; prints the step table whatever happens, and stops what it started.
pub fn run(cluster: Cluster) -> Result<()> {
    if cluster == Cluster::Kind {
        kind_prerequisites(std::env::var_os("PATH"))?;
    }
    let mut steps = Steps::default();
    let result = match cluster {
        Cluster::Local => local(&mut steps),
        Cluster::Kind => kind(&mut steps),
    };
    println!("\ne2e ({cluster:?}) steps:\n{}", steps.table());
    match &result {
        Ok(()) => println!("e2e: passed"),
        Err(_) => println!("e2e: FAILED"),
    }
    result
}

/// Fails at once, naming what is missing, where Docker or kind cannot be used (tools looked
/// up in `path`, a PATH value).
pub fn kind_prerequisites(path: Option<std::ffi::OsString>) -> Result<()> {
    let mut missing = Vec::new();
    for tool in ["docker", "kind", "kubectl", "helm"] {
        if which(tool, path.as_deref()).is_none() {
            missing.push(tool);
        }
    }
    if !missing.is_empty() {
        bail!(
            "`cargo xtask e2e --cluster kind` needs {} on PATH (not found: {}); \
             use `cargo xtask e2e --cluster local` on a machine without them",
            "docker, kind, kubectl and helm",
            missing.join(", ")
        );
    }
    let engine = Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("running `docker info`")?;
    ensure!(
        engine.success(),
        "`cargo xtask e2e --cluster kind` needs a running Docker engine: `docker info` failed"
    );
    Ok(())
}

/// The first `name` in the directories of `path`.
fn which(name: &str, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    path.and_then(|paths| {
        std::env::split_paths(paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

fn repo_root() -> PathBuf {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().map(Path::to_path_buf).unwrap_or(xtask)
}

/// `cargo install --path crates/studio-cli --root <dir>`: the binaries as a user gets them.
fn install(root: &Path) -> Result<PathBuf> {
    let status = Command::new(crate::cargo_bin())
        .args(["install", "--locked", "--debug", "--offline", "--path"])
        .arg(repo_root().join("crates/studio-cli"))
        .arg("--root")
        .arg(root)
        .env("CARGO_TARGET_DIR", repo_root().join("target"))
        .status()
        .context("running cargo install")?;
    crate::ensure_success(status, "cargo install --path crates/studio-cli")?;
    let bin = root.join("bin");
    for name in ["studio", "flink-sql-executor"] {
        ensure!(
            bin.join(name).is_file(),
            "cargo install did not install {name}"
        );
    }
    Ok(bin)
}

/// A command's outcome.
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs a program with the scenario's environment; fails on an unexpected exit code and on
/// any output that contains the Kafka password.
struct Runner {
    bin: PathBuf,
    env: Vec<(String, String)>,
    dir: PathBuf,
}

impl Runner {
    fn cmd(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(self.bin.join(program));
        cmd.args(args)
            .current_dir(&self.dir)
            .env_remove("STUDIO_CONFIG")
            .env_remove("STUDIO_FLINK_URL")
            .env_remove("STUDIO_GATEWAY_URL")
            .envs(self.env.iter().cloned())
            .stdin(Stdio::null());
        cmd
    }

    fn expect(&self, program: &str, args: &[&str], code: i32) -> Result<Out> {
        self.expect_with_stdin(program, args, code, None)
    }

    fn expect_with_stdin(
        &self,
        program: &str,
        args: &[&str],
        code: i32,
        stdin: Option<&str>,
    ) -> Result<Out> {
        let shown = format!("{program} {}", args.join(" "));
        println!("  $ {shown}");
        let mut cmd = self.cmd(program, args);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        if stdin.is_some() {
            cmd.stdin(Stdio::piped());
        }
        let mut child = cmd.spawn().with_context(|| format!("starting {shown}"))?;
        if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
            pipe.write_all(text.as_bytes())?;
        }
        let output = child.wait_with_output()?;
        let out = Out {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        for line in out.all().lines().take(40) {
            println!("    {line}");
        }
        ensure!(
            !out.all().contains(PASSWORD),
            "`{shown}` printed the Kafka password"
        );
        ensure!(
            out.code == code,
            "`{shown}` exited {} (expected {code})",
            out.code
        );
        Ok(out)
    }
}

/// What a scenario needs from its cluster back end.
struct Scenario<'a> {
    run: &'a Runner,
    /// The JobManager REST URL that stands for the session cluster's.
    flink_url: String,
    /// The SQL Gateway URL the pipelines run through.
    gateway_url: String,
    /// The Kafka bootstrap the pipelines use.
    kafka: String,
    /// Whether port-forwarding to the gateway Pod works (not through kwok: no containers).
    port_forward: bool,
}

fn local(steps: &mut Steps) -> Result<()> {
    let root = testbed::root();
    for file in ["env", "k8s.env"] {
        ensure!(
            !root.join(file).exists(),
            "a testbed is already running in this worktree ({}): stop it with `cargo xtask \
             testbed down`; e2e starts and stops its own",
            root.join(file).display()
        );
    }
    let work = root.join("e2e");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let bin = steps.run("cargo install --path crates/studio-cli", || {
        install(&work.join("install"))
    })?;

    let k8s_env = steps.run(
        "start the Kubernetes testbed with the operator stub",
        k8s::up_with_stub,
    );
    let k8s_env = match k8s_env {
        Ok(env) => env,
        Err(err) => {
            let _ = k8s::down();
            return Err(err);
        }
    };
    let flink_env = steps.run("start the local Flink stack (Flink 2.0, Kafka)", || {
        testbed::up("2.0")
    });
    let result = flink_env.and_then(|flink_env| {
        let get = |name: &str| {
            flink_env
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .with_context(|| format!("the testbed did not report {name}"))
        };
        let kubeconfig = k8s_env
            .iter()
            .find(|(k, _)| k == "STUDIO_K8S_KUBECONFIG")
            .map(|(_, v)| v.clone())
            .context("the Kubernetes testbed did not report its kubeconfig")?;
        let project = work.join("project");
        std::fs::create_dir_all(&project)?;
        let runner = Runner {
            bin: bin.clone(),
            env: vec![("KUBECONFIG".to_owned(), kubeconfig)],
            dir: project,
        };
        scenario(
            steps,
            &Scenario {
                run: &runner,
                flink_url: get("STUDIO_FLINK_REST_URL")?,
                gateway_url: get("STUDIO_GATEWAY_URL")?,
                kafka: get("STUDIO_KAFKA_BOOTSTRAP")?,
                port_forward: false,
            },
            &work,
        )
    });
    // Leave nothing running, whatever happened.
    let flink_down = steps.run("stop the local Flink stack", testbed::down);
    let k8s_down = steps.run("stop the Kubernetes testbed", k8s::down);
    result.and(flink_down).and(k8s_down)
}

fn kind(steps: &mut Steps) -> Result<()> {
    const NAME: &str = "flink-studio-e2e";
    let work = testbed::root().join("e2e-kind");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let bin = steps.run("cargo install --path crates/studio-cli", || {
        install(&work.join("install"))
    })?;
    let kubeconfig = work.join("kubeconfig");
    let tool = |program: &str, args: &[&str]| -> Result<()> {
        let status = Command::new(program)
            .args(args)
            .env("KUBECONFIG", &kubeconfig)
            .status()
            .with_context(|| format!("running {program}"))?;
        crate::ensure_success(status, &format!("{program} {}", args.join(" ")))
    };
    steps.run("kind create cluster", || {
        tool(
            "kind",
            &["create", "cluster", "--name", NAME, "--wait", "5m"],
        )
    })?;
    let result = (|| {
        let project = work.join("project");
        std::fs::create_dir_all(&project)?;
        let runner = Runner {
            bin: bin.clone(),
            env: vec![("KUBECONFIG".to_owned(), kubeconfig.display().to_string())],
            dir: project,
        };
        steps.run("studio operator install --no-webhook --yes", || {
            runner.expect(
                "studio",
                &["operator", "install", "--no-webhook", "--yes"],
                0,
            )
        })?;
        steps.run("studio image build, kind load docker-image", || {
            runner.expect(
                "studio",
                &["image", "build", "--tag", "flink-studio:e2e"],
                0,
            )?;
            tool(
                "kind",
                &["load", "docker-image", "flink-studio:e2e", "--name", NAME],
            )
        })?;
        // The rest of the scenario reaches Flink through port-forwards to the real pods.
        let forward = |which: &str, port: u16| -> Result<std::process::Child> {
            runner
                .cmd(
                    "studio",
                    &[
                        "port-forward",
                        which,
                        "--port",
                        &port.to_string(),
                        "--namespace",
                        NAMESPACE,
                    ],
                )
                .stdout(Stdio::null())
                .spawn()
                .context("starting studio port-forward")
        };
        let mut children = Vec::new();
        let result = (|| {
            children.push(forward("jobmanager", 28181)?);
            children.push(forward("gateway", 28183)?);
            scenario(
                steps,
                &Scenario {
                    run: &runner,
                    flink_url: "http://127.0.0.1:28181".into(),
                    gateway_url: "http://127.0.0.1:28183".into(),
                    kafka: std::env::var("STUDIO_E2E_KAFKA_BOOTSTRAP").context(
                        "--cluster kind needs STUDIO_E2E_KAFKA_BOOTSTRAP: a Kafka the pods reach",
                    )?,
                    port_forward: true,
                },
                &work,
            )
        })();
        for mut child in children {
            let _ = child.kill();
            let _ = child.wait();
        }
        result
    })();
    let deleted = steps.run("kind delete cluster", || {
        tool("kind", &["delete", "cluster", "--name", NAME])
    });
    result.and(deleted)
}

/// The journey: operator plan, Kafka secret, deploy, doctor, pipelines, scale, a real job's
/// state size and savepoint, cleanup with the running-jobs guard.
fn scenario(steps: &mut Steps, s: &Scenario<'_>, work: &Path) -> Result<()> {
    let run = s.run;
    let studio_yaml = std::fs::read_to_string(repo_root().join("examples/platform/gcp.yaml"))
        .context("reading examples/platform/gcp.yaml")?
        .replace(
            "namespace: flink-studio",
            &format!("namespace: {NAMESPACE}"),
        );
    std::fs::write(run.dir.join("studio.yaml"), studio_yaml)?;

    steps.run("studio operator install --print", || {
        let out = run.expect("studio", &["operator", "install", "--print"], 0)?;
        for expected in ["flinkdeployments.flink.apache.org", "helm"] {
            ensure!(
                out.stdout.contains(expected),
                "the plan does not mention {expected}"
            );
        }
        Ok(())
    })?;

    steps.run("studio secret kafka", || {
        let ca = work.join("kafka-ca.pem");
        let cert = rcgen::generate_simple_self_signed(vec!["kafka-ca.e2e".to_owned()])?;
        std::fs::write(&ca, cert.cert.pem())?;
        let ca = ca.display().to_string();
        let args = [
            "secret",
            "kafka",
            "--username",
            "avnadmin",
            "--password-stdin",
            "--ca-cert",
            &ca,
            "--namespace",
            NAMESPACE,
            "--yes",
        ];
        let out = run.expect_with_stdin("studio", &args, 0, Some(&format!("{PASSWORD}\n")))?;
        ensure!(
            out.stdout.contains("aiven-credentials"),
            "the Secret is not named"
        );
        Ok(())
    })?;

    steps.run("studio deploy --yes --wait", || {
        let out = run.expect(
            "studio",
            &["deploy", "--yes", "--wait", "--timeout", "3m"],
            0,
        )?;
        ensure!(
            out.stdout.contains("FlinkDeployment/flink-session-cluster"),
            "deploy did not report the FlinkDeployment"
        );
        // A second deploy changes nothing.
        let again = run.expect("studio", &["deploy", "--yes"], 0)?;
        ensure!(
            again.stdout.contains("nothing to change"),
            "a second deploy changed something"
        );
        Ok(())
    })?;

    steps.run("studio doctor", || {
        let out = run.expect_any(
            "studio",
            &[
                "doctor",
                "--output",
                "json",
                "--flink-url",
                &s.flink_url,
                "--gateway-url",
                &s.gateway_url,
            ],
        )?;
        let checks: Vec<serde_json::Value> =
            serde_json::from_str(&out.stdout).context("doctor -o json is not a JSON list")?;
        let status = |name: &str| {
            checks
                .iter()
                .find(|c| c["name"] == name)
                .and_then(|c| c["status"].as_str())
                .unwrap_or("missing")
                .to_owned()
        };
        for name in ["cluster", "operator-crds", "kafka-secret", "quota"] {
            ensure!(status(name) == "pass", "doctor: {name} is {}", status(name));
        }
        let failing: Vec<String> = checks
            .iter()
            .filter(|c| c["status"] == "fail")
            .map(|c| c["name"].as_str().unwrap_or("?").to_owned())
            .collect();
        println!(
            "  doctor exit {}; failing: {}",
            out.code,
            if failing.is_empty() {
                "none".to_owned()
            } else {
                failing.join(", ")
            }
        );
        Ok(())
    })?;

    let env_file = work.join("pipelines.env");
    std::fs::write(
        &env_file,
        format!(
            "KAFKA_BOOTSTRAP={}\nKAFKA_SECURITY_PROTOCOL=PLAINTEXT\nKAFKA_SASL_MECHANISM=SCRAM-SHA-256\n\
             KAFKA_USERNAME=local\nKAFKA_PASSWORD={PASSWORD}\n",
            s.kafka
        ),
    )?;
    let env_file = env_file.display().to_string();
    let pipelines = repo_root().join("examples/pipelines");
    let pipeline = |name: &str| pipelines.join(name).display().to_string();
    let pipeline_step = if s.port_forward {
        "example pipelines through studio port-forward gateway"
    } else {
        "example pipelines with flink-sql-executor against the local gateway (no port-forward through kwok)"
    };
    steps.run(pipeline_step, || {
        let suffix = std::process::id();
        run.expect(
            "flink-sql-executor",
            &[
                "--sql-file",
                &pipeline("quickstart.sql"),
                "--sql-gateway-url",
                &s.gateway_url,
            ],
            0,
        )?;
        run.expect(
            "flink-sql-executor",
            &[
                "--sql-file",
                &pipeline("kafka-json-sink.sql"),
                "--sql-gateway-url",
                &s.gateway_url,
                "--env-file",
                &env_file,
                "--wait",
                "--var",
                &format!("BEHAVIOR_TOPIC=e2e_behavior_{suffix}"),
            ],
            0,
        )?;
        run.expect(
            "studio",
            &[
                "sql",
                "--sql-gateway-url",
                &s.gateway_url,
                "--env-file",
                &env_file,
                "--wait",
                "--var",
                &format!("ORDERS_TOPIC=e2e_orders_{suffix}"),
                &pipeline("kafka-avro-windowed.sql"),
            ],
            0,
        )?;
        Ok(())
    })?;

    steps.run("studio scale 3, studio scale --status", || {
        run.expect("studio", &["scale", "3", "--yes"], 0)?;
        let out = run.expect("studio", &["scale", "--status"], 0)?;
        ensure!(
            out.stdout.starts_with("TaskManagers: 3 "),
            "scale --status does not show 3 TaskManagers"
        );
        Ok(())
    })?;

    let job_name = format!("e2e_counts_{}", std::process::id());
    let checkpoints = work.join("checkpoints");
    let job = steps.run("submit a checkpointing job (studio sql)", || {
        let sql = format!(
            "SET 'parallelism.default' = '1';\n\
             SET 'pipeline.name' = '{job_name}';\n\
             SET 'execution.checkpointing.interval' = '2s';\n\
             SET 'execution.checkpointing.dir' = 'file://{}';\n\
             CREATE TEMPORARY TABLE gen (word STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '50', 'fields.word.length' = '2');\n\
             CREATE TEMPORARY TABLE counts (word STRING, c BIGINT) WITH ('connector' = 'blackhole');\n\
             INSERT INTO counts SELECT word, COUNT(*) FROM gen GROUP BY word;",
            checkpoints.display()
        );
        run.expect(
            "studio",
            &["sql", "--sql-gateway-url", &s.gateway_url, "--sql", &sql],
            0,
        )?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = run.expect(
                "studio",
                &["jobs", "list", "-o", "json", "--flink-url", &s.flink_url],
                0,
            )?;
            let jobs: serde_json::Value = serde_json::from_str(&out.stdout)?;
            let found = jobs.as_array().and_then(|all| {
                all.iter()
                    .find(|j| j["name"] == job_name.as_str() && j["state"] == "RUNNING")
            });
            if let Some(id) = found.and_then(|j| j["jid"].as_str()) {
                return Ok(id.to_owned());
            }
            ensure!(
                Instant::now() < deadline,
                "{job_name} is not RUNNING after 60 s"
            );
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    let job = job?;
    let result = (|| {
        steps.run("studio state-size", || {
            let deadline = Instant::now() + Duration::from_secs(90);
            loop {
                let out = run.expect(
                    "studio",
                    &[
                        "state-size",
                        "--job",
                        &job,
                        "-o",
                        "json",
                        "--flink-url",
                        &s.flink_url,
                    ],
                    0,
                )?;
                let rows: serde_json::Value = serde_json::from_str(&out.stdout)?;
                let size = rows[0]["state_size"].as_u64().unwrap_or(0);
                if size > 0 {
                    println!("  state size of {job}: {size} bytes");
                    return Ok(());
                }
                ensure!(
                    Instant::now() < deadline,
                    "no checkpoint with state after 90 s"
                );
                std::thread::sleep(Duration::from_secs(1));
            }
        })?;
        steps.run("studio savepoint", || {
            let dir = format!("file://{}", work.join("savepoints").display());
            let out = run.expect(
                "studio",
                &[
                    "savepoint",
                    &job,
                    "--dir",
                    &dir,
                    "--flink-url",
                    &s.flink_url,
                ],
                0,
            )?;
            let location = out.stdout.trim();
            let path = location
                .trim_start_matches("file:")
                .trim_start_matches("//");
            ensure!(
                Path::new(path).join("_metadata").is_file(),
                "the savepoint {location} has no _metadata"
            );
            Ok(())
        })?;
        steps.run("studio cleanup --yes (refused: a job runs)", || {
            let out = run.expect(
                "studio",
                &["cleanup", "--yes", "--flink-url", &s.flink_url],
                6,
            )?;
            ensure!(out.stderr.contains(&job), "the running job is not listed");
            Ok(())
        })?;
        steps.run("studio cleanup --yes --savepoint-jobs --wait", || {
            let dir = format!("file://{}", work.join("final-savepoints").display());
            run.expect(
                "studio",
                &[
                    "cleanup",
                    "--yes",
                    "--wait",
                    "--savepoint-jobs",
                    "--savepoint-dir",
                    &dir,
                    "--flink-url",
                    &s.flink_url,
                ],
                0,
            )?;
            let again = run.expect("studio", &["cleanup", "--yes"], 0)?;
            ensure!(
                again.all().contains("nothing to delete"),
                "a second cleanup found something to delete"
            );
            Ok(())
        })
    })();
    if result.is_err() {
        // Do not leave the job holding the stack's slots.
        let _ = run.expect_any(
            "studio",
            &["jobs", "cancel", &job, "--yes", "--flink-url", &s.flink_url],
        );
    }
    result
}

impl Runner {
    /// As [`Runner::expect`], accepting any exit code.
    fn expect_any(&self, program: &str, args: &[&str]) -> Result<Out> {
        let shown = format!("{program} {}", args.join(" "));
        println!("  $ {shown}");
        let output = self
            .cmd(program, args)
            .output()
            .with_context(|| format!("starting {shown}"))?;
        let out = Out {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        ensure!(
            !out.all().contains(PASSWORD),
            "`{shown}` printed the Kafka password"
        );
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_without_its_tools_fails_at_once_naming_them() {
        let empty = tempfile_dir();
        let err = kind_prerequisites(Some(empty.clone().into_os_string()))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("not found: docker, kind, kubectl, helm"),
            "{err}"
        );
        assert!(err.contains("--cluster local"), "{err}");
        // Only helm missing: only helm is named.
        for tool in ["docker", "kind", "kubectl"] {
            std::fs::write(empty.join(tool), "").unwrap();
        }
        let err = kind_prerequisites(Some(empty.clone().into_os_string()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("(not found: helm)"), "{err}");
        let _ = std::fs::remove_dir_all(&empty);
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-e2e-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn cluster_names_are_checked() {
        assert_eq!(Cluster::parse("local").unwrap(), Cluster::Local);
        assert_eq!(Cluster::parse("kind").unwrap(), Cluster::Kind);
        assert!(
            Cluster::parse("gke")
                .unwrap_err()
                .to_string()
                .contains("gke")
        );
    }
}
