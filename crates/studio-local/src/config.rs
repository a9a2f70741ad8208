//! What to run: versions, ports, sizes and where files go.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::pins::FlinkPins;

/// Where the Flink runtime comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlinkSource {
    /// A pinned line, downloaded into the cache.
    Pinned(Box<FlinkPins>),
    /// An existing Flink distribution (`--flink-home`, `FLINK_HOME`).
    Home(PathBuf),
}

/// The loopback ports the stack listens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ports {
    /// JobManager REST API and web UI.
    pub rest: u16,
    /// SQL Gateway REST endpoint.
    pub gateway: u16,
    /// Kafka broker (PLAINTEXT).
    pub kafka: u16,
    /// Kafka KRaft controller.
    pub kafka_controller: u16,
    /// JobManager RPC, which TaskManagers connect to.
    pub jobmanager_rpc: u16,
}

impl Default for Ports {
    fn default() -> Self {
        Self {
            rest: 8081,
            gateway: 8083,
            kafka: 9092,
            kafka_controller: 9093,
            jobmanager_rpc: 6123,
        }
    }
}

/// A further SQL Gateway on the same cluster, with its own settings (for example a short
/// session idle timeout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraGateway {
    /// A short name used in logs and status (`gateway-<name>`).
    pub name: String,
    /// Its REST port.
    pub port: u16,
    /// Flink configuration passed as `-Dkey=value`.
    pub properties: BTreeMap<String, String>,
}

/// The whole local stack's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackConfig {
    /// Which Flink to run.
    pub flink: FlinkSource,
    /// Ports.
    pub ports: Ports,
    /// Whether to run a Kafka broker.
    pub kafka: bool,
    /// How many TaskManagers to start.
    pub taskmanagers: u8,
    /// Task slots per TaskManager.
    pub slots_per_taskmanager: u8,
    /// Further gateways beside the main one.
    pub extra_gateways: Vec<ExtraGateway>,
    /// PID files, logs, configuration and Kafka data.
    pub state_dir: PathBuf,
    /// Downloads, keyed by version (`~/.cache/flink-studio` unless `STUDIO_CACHE_DIR` is set).
    pub cache_dir: PathBuf,
}

impl StackConfig {
    /// The defaults: Flink 2.0 with Kafka, default ports, one TaskManager with 4 slots, and the
    /// default state and cache directories.
    pub fn new() -> Result<Self> {
        Ok(Self {
            flink: FlinkSource::Pinned(Box::new(FlinkPins::default_line())),
            ports: Ports::default(),
            kafka: true,
            taskmanagers: 1,
            slots_per_taskmanager: 4,
            extra_gateways: Vec::new(),
            state_dir: default_state_dir()?,
            cache_dir: default_cache_dir()?,
        })
    }

    /// Every port the stack will listen on, with what it is for.
    pub fn listening_ports(&self) -> Vec<(u16, String)> {
        let mut ports = vec![
            (self.ports.rest, "Flink REST".to_owned()),
            (self.ports.jobmanager_rpc, "JobManager RPC".to_owned()),
            (self.ports.gateway, "SQL Gateway".to_owned()),
        ];
        ports.extend(
            self.extra_gateways
                .iter()
                .map(|g| (g.port, format!("SQL Gateway {}", g.name))),
        );
        if self.kafka {
            ports.push((self.ports.kafka, "Kafka".to_owned()));
            ports.push((self.ports.kafka_controller, "Kafka controller".to_owned()));
        }
        ports
    }
}

/// `$STUDIO_CACHE_DIR`, else `~/.cache/flink-studio`.
pub fn default_cache_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("STUDIO_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::cache_dir()
        .map(|d| d.join("flink-studio"))
        .ok_or(Error::NoHome)
}

/// `~/.local/state/flink-studio/local` (or the platform's equivalent).
pub fn default_state_dir() -> Result<PathBuf> {
    dirs::state_dir()
        .or_else(|| dirs::home_dir().map(|h| h.join(".local").join("state")))
        .map(|d| d.join("flink-studio").join("local"))
        .ok_or(Error::NoHome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listening_ports_cover_every_component() {
        let mut cfg = StackConfig::new().unwrap();
        cfg.extra_gateways.push(ExtraGateway {
            name: "short".into(),
            port: 8084,
            properties: BTreeMap::new(),
        });
        let ports: Vec<u16> = cfg.listening_ports().iter().map(|p| p.0).collect();
        assert_eq!(ports, vec![8081, 6123, 8083, 8084, 9092, 9093]);
        cfg.kafka = false;
        assert!(!cfg.listening_ports().iter().any(|p| p.0 == 9092));
    }
}
