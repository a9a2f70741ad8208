//! The local stack: `up`, `down`, `status`, logs and Kafka topics.

mod launch;
mod state;
mod status;

use std::path::PathBuf;

use crate::config::StackConfig;
use crate::error::{Error, Result};
use crate::kafka;
use crate::tools;

pub use state::{ComponentKind, ComponentRecord};
pub use status::{ComponentStatus, StackStatus, UpOutcome};

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
}
