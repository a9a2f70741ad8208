//! The stack's status: which components run, and whether they answer their health checks.

use std::path::PathBuf;

use serde::Serialize;

use super::LocalStack;
use super::state::{ComponentKind, ComponentRecord, StackState};
use crate::error::Result;
use crate::health::{self, Health};
use crate::process;

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

impl LocalStack {
    /// The stack's status, or `None` when nothing was started from this state directory.
    pub async fn status(&self) -> Result<Option<StackStatus>> {
        match self.read_state()? {
            Some(state) => Ok(Some(self.status_of(&state).await)),
            None => Ok(None),
        }
    }

    pub(super) async fn status_of(&self, state: &StackState) -> StackStatus {
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
}

pub(super) async fn check(
    client: &reqwest::Client,
    c: &ComponentRecord,
    taskmanagers: u8,
) -> Health {
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
