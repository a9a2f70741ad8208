//! Typed async client for the Apache Flink JobManager REST API (`/v1`).
//!
//! ```no_run
//! use flink_rest::{Client, JobStatus, PollOptions, SavepointFormat, TriggerSavepoint};
//!
//! # async fn run() -> flink_rest::Result<()> {
//! let client = Client::new("http://127.0.0.1:8081")?;
//!
//! let overview = client.overview().await?;
//! println!(
//!     "Flink {}: {} TaskManagers, {}/{} slots free",
//!     overview.flink_version, overview.taskmanagers, overview.slots_available, overview.slots_total
//! );
//!
//! for job in client.jobs().list().await? {
//!     if job.state != JobStatus::Running {
//!         continue;
//!     }
//!     if let Some(size) = client.checkpoints().state_size(&job.jid).await? {
//!         println!("{} {}: {} bytes of state", job.jid, job.name, size.state_size);
//!     }
//!     let request = TriggerSavepoint::to_dir("s3://bucket/savepoints").format(SavepointFormat::Native);
//!     let trigger = client.savepoints().trigger(&job.jid, &request).await?;
//!     let location = client.savepoints().wait(&job.jid, &trigger, &PollOptions::default()).await?;
//!     println!("savepoint written to {location}");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Design
//!
//! * One [`Client`] (configured through [`ClientBuilder`]: base URL, timeouts, optional bearer or
//!   basic auth held as [`secrecy::SecretString`], extra headers, an injectable
//!   [`reqwest::Client`]) and one handler per API area: [`Client::jobs`], [`Client::savepoints`],
//!   [`Client::checkpoints`], [`Client::taskmanagers`].
//! * Every failure is an [`Error`]: the server's HTTP status and `{"errors": [...]}` messages
//!   ([`Error::Api`], displayed as a one-line Java root cause, full trace kept), no response
//!   ([`Error::Transport`]), or an unexpected body ([`Error::Decode`], with the JSON path and a
//!   snippet of the body).
//! * Idempotent `GET`s are retried on connection errors and HTTP 502/503/504 per a
//!   [`RetryPolicy`]; `POST`/`PATCH` requests are sent once.
//! * Response types are `#[non_exhaustive]`, ignore unknown fields, and accept the places where
//!   real servers differ from the OpenAPI spec (documented on the affected fields).

mod api;
mod client;
mod error;
mod models;

pub use api::{
    CheckpointsHandler, JobsHandler, PollOptions, SavepointsHandler, TaskManagersHandler,
};
pub use client::{Client, ClientBuilder};
pub use error::{Error, Result};
pub use flink_rest_core::Auth;
pub use flink_rest_core::{InvalidId, JobId, TriggerId};
pub use flink_rest_core::{RetryPolicy, root_cause};
pub use models::*;

/// Re-export so callers can build secrets without depending on `secrecy` directly.
pub use secrecy::SecretString;
