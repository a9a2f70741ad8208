//! A real local Flink session cluster, SQL Gateway and Kafka broker, on loopback.
//!
//! `studio-local` downloads Flink 2.x from PyPI (`apache-flink-libraries`) and the SQL
//! Gateway, Kafka SQL connector and `flink-sql-avro` from Maven Central with the machine's
//! own `pip` and `mvn` (so configured mirrors apply), verifies every file by SHA-256, caches
//! it under `~/.cache/flink-studio/`, and runs the JobManager, TaskManager(s), SQL Gateway(s)
//! and a KRaft Kafka broker as Java processes it tracks by PID.
//!
//! ```no_run
//! use studio_local::{LocalStack, StackConfig, progress::Silent};
//!
//! # async fn run() -> studio_local::Result<()> {
//! let stack = LocalStack::new(StackConfig::new()?);
//! let outcome = stack.up(&Silent).await?;
//! for c in &outcome.status().components {
//!     println!("{} {:?} {}", c.name, c.url, c.detail);
//! }
//! stack.create_topic("orders", 1)?;
//! stack.down().await?;
//! # Ok(())
//! # }
//! ```

mod checksum;
mod config;
mod error;
mod fetch;
mod flink_conf;
mod health;
mod kafka;
pub mod pins;
mod ports;
mod process;
pub mod progress;
pub mod sql_client;
mod stack;
mod tools;

pub use config::{
    ExtraGateway, FlinkSource, Ports, StackConfig, default_cache_dir, default_state_dir,
};
pub use error::{Error, Result};
pub use fetch::FlinkArtifacts;
pub use health::ClusterOverview;
pub use process::StopOutcome;
pub use stack::{
    ComponentKind, ComponentRecord, ComponentStatus, LocalStack, StackStatus, UpOutcome,
};
