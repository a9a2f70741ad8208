//! The local stack: `up`, `down`, `status`, logs and Kafka topics.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::{FlinkSource, StackConfig};
use crate::error::{Error, Result};
use crate::fetch::{self, FlinkArtifacts};
use crate::flink_conf;
use crate::health::{self, Deadline, Health};
use crate::kafka;
use crate::ports;
use crate::process::{self, StopOutcome};
use crate::progress::Progress;
use crate::tools;

const STATE_FILE: &str = "stack.json";
/// How long `up` waits for every component to become healthy.
const START_TIMEOUT: Duration = Duration::from_secs(240);
/// How long `down` lets components shut down before killing them.
const STOP_GRACE: Duration = Duration::from_secs(20);
const LOG_TAIL_LINES: usize = 30;

/// What a component is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    /// The Flink JobManager (StandaloneSessionClusterEntrypoint).
    JobManager,
    /// A Flink TaskManager (TaskManagerRunner).
    TaskManager,
    /// A Flink SQL Gateway.
    SqlGateway,
    /// The Kafka broker.
    Kafka,
}

/// A process started by `up`, as recorded in the state directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentRecord {
    /// Its name (`jobmanager`, `taskmanager-1`, `gateway`, `gateway-<name>`, `kafka`).
    pub name: String,
    /// What it is.
    pub kind: ComponentKind,
    /// Its process id.
    pub pid: u32,
    /// Its main log file.
    pub log: PathBuf,
    /// The port it serves, if any.
    pub port: Option<u16>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StackState {
    flink_version: String,
    taskmanagers: u8,
    kafka_libs: Option<PathBuf>,
    components: Vec<ComponentRecord>,
}

/// One component's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentStatus {
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: ComponentKind,
    /// Its process id.
    pub pid: u32,
    /// Whether the process is alive.
    pub running: bool,
    /// Whether it answers its health check.
    pub healthy: bool,
    /// What the health check found.
    pub detail: String,
    /// Where to reach it (`http://127.0.0.1:8083`, `127.0.0.1:9092`).
    pub url: Option<String>,
    /// Its main log file.
    pub log: PathBuf,
}

/// The status of the whole stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackStatus {
    /// The Flink version running.
    pub flink_version: String,
    /// The state directory.
    pub state_dir: PathBuf,
    /// Every component.
    pub components: Vec<ComponentStatus>,
}

impl StackStatus {
    /// Whether every component runs and is healthy.
    pub fn all_healthy(&self) -> bool {
        self.components.iter().all(|c| c.running && c.healthy)
    }

    /// The URL of the first component of a kind.
    pub fn url_of(&self, kind: ComponentKind) -> Option<&str> {
        self.components
            .iter()
            .find(|c| c.kind == kind)
            .and_then(|c| c.url.as_deref())
    }
}

/// What `up` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpOutcome {
    /// The stack was started.
    Started(StackStatus),
    /// The stack was already running and healthy; nothing was done.
    AlreadyRunning(StackStatus),
    /// Part of the stack had died; exactly those components were started again.
    Healed {
        /// The names of the restarted components.
        restarted: Vec<String>,
        /// The stack's status afterwards.
        status: StackStatus,
    },
}

impl UpOutcome {
    /// The stack's status in every case.
    pub fn status(&self) -> &StackStatus {
        match self {
            Self::Started(s) | Self::AlreadyRunning(s) => s,
            Self::Healed { status, .. } => status,
        }
    }
}

/// A real Flink session cluster, SQL Gateway(s) and Kafka broker on loopback.
///
/// All state (PID files, logs, configuration, Kafka data) lives in
/// [`StackConfig::state_dir`]; downloads live in [`StackConfig::cache_dir`].
#[derive(Debug, Clone)]
pub struct LocalStack {
    cfg: StackConfig,
}

impl LocalStack {
    /// A stack with this configuration. Nothing starts until [`LocalStack::up`].
    pub fn new(cfg: StackConfig) -> Self {
        Self { cfg }
    }

    /// The configuration.
    pub fn config(&self) -> &StackConfig {
        &self.cfg
    }

    /// Starts every component and waits until all are healthy.
    ///
    /// A second `up` on a healthy stack does nothing. On a partly running stack it starts
    /// only the components that died ([`UpOutcome::Healed`]) and keeps the others. If
    /// start-up fails, whatever this call started is stopped again before the error is
    /// returned.
    pub async fn up(&self, progress: &dyn Progress) -> Result<UpOutcome> {
        if let Some(state) = self.read_state()? {
            let status = self.status_of(&state).await;
            let dead: Vec<String> = status
                .components
                .iter()
                .filter(|c| !c.running)
                .map(|c| c.name.clone())
                .collect();
            if dead.is_empty() {
                return Ok(UpOutcome::AlreadyRunning(status));
            }
            if dead.len() < status.components.len() {
                return self.heal(state, dead, progress).await;
            }
            self.remove_state()?; // Nothing of it runs any more: a stale record.
        }
        let java = tools::java_command();
        tools::check_java(&java)?;
        ports::ensure_free(&self.cfg.listening_ports())?;
        let artifacts = match &self.cfg.flink {
            FlinkSource::Pinned(pins) => fetch::ensure_flink(&self.cfg.cache_dir, pins, progress)?,
            FlinkSource::Home(home) => fetch::from_flink_home(home, &self.cfg.cache_dir, progress)?,
        };
        let kafka_libs = if self.cfg.kafka {
            Some(fetch::ensure_kafka(&self.cfg.cache_dir, progress)?)
        } else {
            None
        };

        let mut state = StackState {
            flink_version: artifacts.version.clone(),
            taskmanagers: self.cfg.taskmanagers,
            kafka_libs: kafka_libs.clone(),
            components: Vec::new(),
        };
        let started = self
            .start(
                &java,
                &artifacts,
                kafka_libs.as_deref(),
                &mut state,
                progress,
                None,
            )
            .await;
        match started {
            Ok(()) => Ok(UpOutcome::Started(self.status_of(&state).await)),
            Err(err) => {
                let pids: Vec<u32> = state.components.iter().map(|c| c.pid).collect();
                process::stop_all(&pids, &process::marker(&self.cfg.state_dir), STOP_GRACE);
                self.remove_state()?;
                Err(err)
            }
        }
    }

    /// Restarts the `dead` components of a partly running stack, keeping the others.
    async fn heal(
        &self,
        mut state: StackState,
        dead: Vec<String>,
        progress: &dyn Progress,
    ) -> Result<UpOutcome> {
        let java = tools::java_command();
        tools::check_java(&java)?;
        let ports: Vec<(u16, String)> = state
            .components
            .iter()
            .filter(|c| dead.contains(&c.name))
            .filter_map(|c| c.port.map(|p| (p, c.name.clone())))
            .collect();
        ports::ensure_free(&ports)?;
        let artifacts = match &self.cfg.flink {
            FlinkSource::Pinned(pins) => fetch::ensure_flink(&self.cfg.cache_dir, pins, progress)?,
            FlinkSource::Home(home) => fetch::from_flink_home(home, &self.cfg.cache_dir, progress)?,
        };
        state.components.retain(|c| !dead.contains(&c.name));
        self.write_state(&state)?;
        let kafka_libs = state.kafka_libs.clone();
        let before: Vec<u32> = state.components.iter().map(|c| c.pid).collect();
        let started = self
            .start(
                &java,
                &artifacts,
                kafka_libs.as_deref(),
                &mut state,
                progress,
                Some(&dead),
            )
            .await;
        // Keep the start order (Kafka, JobManager, TaskManagers, gateways) that `down` reverses.
        state.components.sort_by_key(|c| match c.kind {
            ComponentKind::Kafka => 0,
            ComponentKind::JobManager => 1,
            ComponentKind::TaskManager => 2,
            ComponentKind::SqlGateway => 3,
        });
        self.write_state(&state)?;
        if let Err(err) = started {
            let new: Vec<u32> = state
                .components
                .iter()
                .map(|c| c.pid)
                .filter(|p| !before.contains(p))
                .collect();
            process::stop_all(&new, &process::marker(&self.cfg.state_dir), STOP_GRACE);
            state.components.retain(|c| !new.contains(&c.pid));
            self.write_state(&state)?;
            return Err(err);
        }
        let restarted = state
            .components
            .iter()
            .filter(|c| !before.contains(&c.pid))
            .map(|c| c.name.clone())
            .collect();
        Ok(UpOutcome::Healed {
            restarted,
            status: self.status_of(&state).await,
        })
    }

    /// Starts the stack's components (only those named in `only`, if given) and waits until
    /// every recorded component is healthy.
    async fn start(
        &self,
        java: &Path,
        artifacts: &FlinkArtifacts,
        kafka_libs: Option<&Path>,
        state: &mut StackState,
        progress: &dyn Progress,
        only: Option<&[String]>,
    ) -> Result<()> {
        let dirs = self.prepare_dirs()?;
        let marker = process::marker(&self.cfg.state_dir);
        let wanted = |name: &str| only.is_none_or(|names| names.iter().any(|n| n == name));
        let step = match only {
            None => "starting the JobManager, TaskManager(s), SQL Gateway(s) and Kafka".to_owned(),
            Some(names) => format!("restarting {}", names.join(", ")),
        };
        progress.begin(&step);

        if let Some(libs) = kafka_libs.filter(|_| wanted("kafka")) {
            let data = self.cfg.state_dir.join("kafka-data");
            write(
                &dirs.conf.join("server.properties"),
                &kafka::server_properties(&self.cfg, &data),
            )?;
            write(&dirs.conf.join("log4j2.properties"), kafka::LOG4J2)?;
            let log = dirs.log.join("kafka.log");
            kafka::format_storage(
                java,
                libs,
                &dirs.conf,
                &data,
                &dirs.log.join("kafka-format.log"),
            )?;
            let mut cmd = kafka::kafka_java(java, libs, &dirs.conf, &log);
            cmd.args(["-Xmx512m", &marker, "kafka.Kafka"])
                .arg(dirs.conf.join("server.properties"));
            self.spawn(
                state,
                cmd,
                "kafka",
                ComponentKind::Kafka,
                Some(self.cfg.ports.kafka),
            )?;
        }

        let cp = flink_conf::classpath(artifacts, &[])?;
        if wanted("jobmanager") {
            let jm = flink_conf::memory_params(java, artifacts, &dirs.conf, true)?;
            let mut cmd = self.flink_java(java, &dirs, "jobmanager", &marker);
            cmd.args(&jm.jvm)
                .args([
                    "-cp",
                    &cp,
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    "--configDir",
                ])
                .arg(&dirs.conf);
            self.spawn(
                state,
                cmd,
                "jobmanager",
                ComponentKind::JobManager,
                Some(self.cfg.ports.rest),
            )?;
        }

        let tm = flink_conf::memory_params(java, artifacts, &dirs.conf, false)?;
        for i in 1..=self.cfg.taskmanagers {
            let name = format!("taskmanager-{i}");
            if !wanted(&name) {
                continue;
            }
            let mut cmd = self.flink_java(java, &dirs, &name, &marker);
            cmd.args(&tm.jvm)
                .args([
                    "-cp",
                    &cp,
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    "--configDir",
                ])
                .arg(&dirs.conf)
                .args(&tm.dynamic);
            self.spawn(state, cmd, &name, ComponentKind::TaskManager, None)?;
        }

        let gateway_cp =
            flink_conf::classpath(artifacts, std::slice::from_ref(&artifacts.gateway_jar))?;
        let mut gateways = vec![("gateway".to_owned(), self.cfg.ports.gateway, Vec::new())];
        for extra in &self.cfg.extra_gateways {
            let props = extra
                .properties
                .iter()
                .map(|(k, v)| format!("-D{k}={v}"))
                .collect();
            gateways.push((format!("gateway-{}", extra.name), extra.port, props));
        }
        for (name, port, props) in gateways.into_iter().filter(|(n, _, _)| wanted(n)) {
            let mut cmd = self.flink_java(java, &dirs, &name, &marker);
            cmd.args([
                "-Xmx512m",
                "-cp",
                &gateway_cp,
                "org.apache.flink.table.gateway.SqlGateway",
            ])
            .arg("-Dsql-gateway.endpoint.rest.address=127.0.0.1")
            .arg("-Dsql-gateway.endpoint.rest.bind-address=127.0.0.1")
            .arg(format!("-Dsql-gateway.endpoint.rest.port={port}"))
            .args(props);
            self.spawn(state, cmd, &name, ComponentKind::SqlGateway, Some(port))?;
        }

        self.wait_healthy(state, &marker).await?;
        progress.finish(&step, "healthy");
        Ok(())
    }

    fn flink_java(&self, java: &Path, dirs: &Dirs, name: &str, marker: &str) -> Command {
        let mut cmd = Command::new(java);
        cmd.env("FLINK_CONF_DIR", &dirs.conf)
            .arg(marker)
            .arg(format!(
                "-Dlog.file={}",
                dirs.log.join(format!("{name}.log")).display()
            ))
            .arg(format!(
                "-Dlog4j.configurationFile=file:{}",
                dirs.conf.join("log4j.properties").display()
            ));
        cmd
    }

    fn spawn(
        &self,
        state: &mut StackState,
        cmd: Command,
        name: &str,
        kind: ComponentKind,
        port: Option<u16>,
    ) -> Result<()> {
        let log_dir = self.cfg.state_dir.join("log");
        let pid = process::spawn_detached(cmd, &log_dir.join(format!("{name}.out")))?;
        state.components.push(ComponentRecord {
            name: name.to_owned(),
            kind,
            pid,
            log: log_dir.join(format!("{name}.log")),
            port,
        });
        // Recorded at once, so `down` can stop it even if this process dies mid-way.
        self.write_state(state)
    }

    async fn wait_healthy(&self, state: &StackState, marker: &str) -> Result<()> {
        let client = health::http_client();
        let deadline = Deadline::after(START_TIMEOUT);
        loop {
            let mut waiting = None;
            for c in &state.components {
                if !process::is_ours_and_alive(c.pid, marker) {
                    return Err(Error::ComponentDied {
                        component: c.name.clone(),
                        log: c.log.clone(),
                        log_tail: component_tail(c),
                    });
                }
                if waiting.is_none()
                    && let Health::Unhealthy(detail) = check(&client, c, state.taskmanagers).await
                {
                    waiting = Some((c, detail));
                }
            }
            let Some((c, detail)) = waiting else {
                return Ok(());
            };
            if deadline.passed() {
                return Err(Error::HealthTimeout {
                    component: c.name.clone(),
                    waited_secs: deadline.waited_secs(),
                    detail,
                    log: c.log.clone(),
                    log_tail: component_tail(c),
                });
            }
            tokio::time::sleep(health::POLL_INTERVAL).await;
        }
    }

    /// Stops exactly the processes `up` started, by PID, and forgets them. Safe to run twice.
    pub async fn down(&self) -> Result<Vec<(String, StopOutcome)>> {
        let Some(state) = self.read_state()? else {
            return Ok(Vec::new());
        };
        let marker = process::marker(&self.cfg.state_dir);
        // Gateways and TaskManagers first, so nothing reconnects to a stopping JobManager.
        let mut order: Vec<&ComponentRecord> = state.components.iter().collect();
        order.reverse();
        let pids: Vec<u32> = order.iter().map(|c| c.pid).collect();
        let outcomes =
            tokio::task::spawn_blocking(move || process::stop_all(&pids, &marker, STOP_GRACE))
                .await
                .unwrap_or_default();
        self.remove_state()?;
        Ok(order.iter().map(|c| c.name.clone()).zip(outcomes).collect())
    }

    /// The stack's status, or `None` when nothing was started from this state directory.
    pub async fn status(&self) -> Result<Option<StackStatus>> {
        match self.read_state()? {
            Some(state) => Ok(Some(self.status_of(&state).await)),
            None => Ok(None),
        }
    }

    async fn status_of(&self, state: &StackState) -> StackStatus {
        let client = health::http_client();
        let marker = process::marker(&self.cfg.state_dir);
        let mut components = Vec::new();
        for c in &state.components {
            let running = process::is_ours_and_alive(c.pid, &marker);
            let health = if running {
                check(&client, c, state.taskmanagers).await
            } else {
                Health::Unhealthy("not running".into())
            };
            let (healthy, detail) = match health {
                Health::Healthy(d) => (true, d),
                Health::Unhealthy(d) => (false, d),
            };
            let url = c.port.map(|p| match c.kind {
                ComponentKind::Kafka => format!("127.0.0.1:{p}"),
                _ => format!("http://127.0.0.1:{p}"),
            });
            components.push(ComponentStatus {
                name: c.name.clone(),
                kind: c.kind,
                pid: c.pid,
                running,
                healthy,
                detail,
                url,
                log: c.log.clone(),
            });
        }
        StackStatus {
            flink_version: state.flink_version.clone(),
            state_dir: self.cfg.state_dir.clone(),
            components,
        }
    }

    /// The log files of the running (or last started) stack, optionally of one component.
    pub fn logs(&self, component: Option<&str>) -> Result<Vec<(String, PathBuf)>> {
        let log_dir = self.cfg.state_dir.join("log");
        let mut names: Vec<String> = match self.read_state()? {
            Some(state) => state.components.into_iter().map(|c| c.name).collect(),
            None => Vec::new(),
        };
        if let Some(wanted) = component {
            names.retain(|n| n == wanted || n.starts_with(&format!("{wanted}-")));
            if names.is_empty() {
                return Err(Error::UnknownComponent {
                    name: wanted.to_owned(),
                });
            }
        }
        Ok(names
            .into_iter()
            .map(|n| {
                let p = log_dir.join(format!("{n}.log"));
                (n, p)
            })
            .collect())
    }

    /// Creates a Kafka topic on the local broker (idempotent).
    pub fn create_topic(&self, topic: &str, partitions: u32) -> Result<()> {
        let state = self.read_state()?;
        let libs = state
            .and_then(|s| s.kafka_libs)
            .ok_or_else(|| Error::CommandFailed {
                command: format!("create topic {topic}"),
                output_tail: "the local stack runs no Kafka broker; start it with Kafka enabled"
                    .into(),
            })?;
        let conf = self.cfg.state_dir.join("conf");
        let log = self.cfg.state_dir.join("log").join("kafka-tools.log");
        kafka::create_topic(
            &tools::java_command(),
            &libs,
            &conf,
            log,
            self.cfg.ports.kafka,
            topic,
            partitions,
        )
    }

    fn prepare_dirs(&self) -> Result<Dirs> {
        let dirs = Dirs {
            conf: self.cfg.state_dir.join("conf"),
            log: self.cfg.state_dir.join("log"),
        };
        for d in [&dirs.conf, &dirs.log, &self.cfg.state_dir.join("tmp")] {
            std::fs::create_dir_all(d).map_err(Error::io("cannot create", d))?;
        }
        write(
            &dirs.conf.join("config.yaml"),
            &flink_conf::config_yaml(&self.cfg),
        )?;
        write(&dirs.conf.join("log4j.properties"), flink_conf::LOG4J)?;
        Ok(dirs)
    }

    fn read_state(&self) -> Result<Option<StackState>> {
        let path = self.cfg.state_dir.join(STATE_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|source| Error::BadStateFile { path, source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io("cannot read", path)(e)),
        }
    }

    fn write_state(&self, state: &StackState) -> Result<()> {
        let path = self.cfg.state_dir.join(STATE_FILE);
        let json = serde_json::to_vec_pretty(state).map_err(|source| Error::BadStateFile {
            path: path.clone(),
            source,
        })?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, json).map_err(Error::io("cannot write", &tmp))?;
        std::fs::rename(&tmp, &path).map_err(Error::io("cannot write", &path))
    }

    fn remove_state(&self) -> Result<()> {
        let path = self.cfg.state_dir.join(STATE_FILE);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io("cannot remove", path)(e))
            }
            _ => Ok(()),
        }
    }
}

struct Dirs {
    conf: PathBuf,
    log: PathBuf,
}

async fn check(client: &reqwest::Client, c: &ComponentRecord, taskmanagers: u8) -> Health {
    match (c.kind, c.port) {
        (ComponentKind::JobManager, Some(port)) => {
            health::jobmanager(client, port, taskmanagers).await
        }
        (ComponentKind::SqlGateway, Some(port)) => health::gateway(client, port).await,
        (ComponentKind::Kafka, Some(port)) => health::kafka(port),
        // A TaskManager counts as healthy while it runs; the JobManager check sees it register.
        _ => Health::Healthy("running".into()),
    }
}

/// The last lines of a component's log and of its stdout/stderr.
fn component_tail(c: &ComponentRecord) -> String {
    let out = c.log.with_extension("out");
    let mut tail = process::log_tail(&c.log, LOG_TAIL_LINES);
    let out_tail = process::log_tail(&out, LOG_TAIL_LINES);
    if !out_tail.trim().is_empty() {
        tail.push_str(&format!("\n--- {} ---\n{out_tail}", out.display()));
    }
    tail
}

fn write(path: &Path, content: &str) -> Result<()> {
    std::fs::write(path, content).map_err(Error::io("cannot write", path))
}
