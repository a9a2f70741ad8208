//! Starting the stack (`up`, including healing a partly running one) and stopping it (`down`).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::LocalStack;
use super::state::{ComponentKind, ComponentRecord, Dirs, StackState, write};
use super::status::{UpOutcome, check};
use crate::config::FlinkSource;
use crate::error::{Error, Result};
use crate::fetch::{self, FlinkArtifacts};
use crate::flink_conf;
use crate::health::{self, Deadline, Health};
use crate::kafka;
use crate::ports;
use crate::process::{self, StopOutcome};
use crate::progress::Progress;
use crate::tools;

/// How long `up` waits for every component to become healthy.
const START_TIMEOUT: Duration = Duration::from_secs(240);
/// How long `down` lets components shut down before killing them.
const STOP_GRACE: Duration = Duration::from_secs(20);
const LOG_TAIL_LINES: usize = 30;

impl LocalStack {
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
        let artifacts = self.flink_artifacts(progress)?;
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

    /// The Flink distribution to run: the pinned one (fetched and verified once) or the
    /// user's `FLINK_HOME`.
    fn flink_artifacts(&self, progress: &dyn Progress) -> Result<FlinkArtifacts> {
        match &self.cfg.flink {
            FlinkSource::Pinned(pins) => fetch::ensure_flink(&self.cfg.cache_dir, pins, progress),
            FlinkSource::Home(home) => fetch::from_flink_home(home, &self.cfg.cache_dir, progress),
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
        let artifacts = self.flink_artifacts(progress)?;
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
