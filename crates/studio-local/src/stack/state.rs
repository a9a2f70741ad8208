//! What `up` records in the state directory: components, the state file and the working
//! directories.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::LocalStack;
use crate::error::{Error, Result};
use crate::flink_conf;

const STATE_FILE: &str = "stack.json";

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
pub(super) struct StackState {
    pub(super) flink_version: String,
    pub(super) taskmanagers: u8,
    pub(super) kafka_libs: Option<PathBuf>,
    pub(super) components: Vec<ComponentRecord>,
}

pub(super) struct Dirs {
    pub(super) conf: PathBuf,
    pub(super) log: PathBuf,
}

impl LocalStack {
    pub(super) fn prepare_dirs(&self) -> Result<Dirs> {
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

    pub(super) fn read_state(&self) -> Result<Option<StackState>> {
        let path = self.cfg.state_dir.join(STATE_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|source| Error::BadStateFile { path, source }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io("cannot read", path)(e)),
        }
    }

    pub(super) fn write_state(&self, state: &StackState) -> Result<()> {
        let path = self.cfg.state_dir.join(STATE_FILE);
        let json = serde_json::to_vec_pretty(state).map_err(|source| Error::BadStateFile {
            path: path.clone(),
            source,
        })?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, json).map_err(Error::io("cannot write", &tmp))?;
        std::fs::rename(&tmp, &path).map_err(Error::io("cannot write", &path))
    }

    pub(super) fn remove_state(&self) -> Result<()> {
        let path = self.cfg.state_dir.join(STATE_FILE);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io("cannot remove", path)(e))
            }
            _ => Ok(()),
        }
    }
}

pub(super) fn write(path: &Path, content: &str) -> Result<()> {
    std::fs::write(path, content).map_err(Error::io("cannot write", path))
}
