//! Shared HTTP plumbing for clients of Apache Flink's REST endpoints (the JobManager REST API
//! and the SQL Gateway, which runs on the same REST framework).
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use flink_rest_core::{ConnectionBuilder, Request, RetryPolicy, reqwest::Method};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let conn = ConnectionBuilder::new("http://127.0.0.1:8081")
//!     .timeout(Duration::from_secs(10))
//!     .retry(RetryPolicy::new(3, Duration::from_millis(200)))
//!     .build("my-tool/1.0")?;
//! let url = conn.base_url().join("v1/overview")?;
//! // A GET is idempotent: retried on connect errors and HTTP 502/503/504.
//! let resp = conn.send(Request::new(Method::GET, url, "v1/overview").idempotent(true)).await?;
//! if !resp.status.is_success() {
//!     let errors = flink_rest_core::error_messages(&resp.body).unwrap_or_default();
//!     let best = flink_rest_core::best_error(&errors).unwrap_or("(empty response body)");
//!     eprintln!("HTTP {}: {}", resp.status, flink_rest_core::root_cause(best));
//! }
//! # Ok(()) }
//! ```
//!
//! What is here:
//!
//! - **Connection settings** ([`ConnectionBuilder`] → [`Connection`]): base URL (a path prefix
//!   is kept), timeouts, [`Auth`] held as [`secrecy::SecretString`], extra (secret) headers,
//!   extra CA certificates or an injected [`reqwest::Client`]; `Debug` never shows secrets.
//! - **Retries** ([`RetryPolicy`], [`Connection::send`]): bounded retries of idempotent
//!   requests on transient transport failures ([`TransientErrors`]) and 502/503/504, with
//!   exponential backoff and optional `Retry-After`.
//! - **Flink error bodies** ([`error_messages`], [`best_error`], [`root_cause_of_longest`]) and
//!   **Java stack traces** ([`root_cause`], one documented policy).
//! - **Bodies**: [`snippet`] for diagnostics, [`decode_json`] reporting the JSON path.
//! - [`id_newtype!`] for identifier newtypes, [`connection_setters!`] for the setters client
//!   builders share.
//!
//! Clients keep their own error enums; this crate reports bad settings as [`ConfigError`],
//! decode failures as [`DecodeFailure`] and transport failures as [`reqwest::Error`].

mod auth;
mod body;
mod builder_methods;
mod connection;
mod error;
mod flink_ids;
mod ids;
mod retry;
mod server_errors;
mod stacktrace;

pub use auth::Auth;
pub use body::{DecodeFailure, decode_json, snippet};
pub use connection::{Connection, ConnectionBuilder, Request, Response, parse_base_url};
pub use error::ConfigError;
pub use flink_ids::{InvalidId, JobId, TriggerId};
pub use retry::{RetryPolicy, TransientErrors, exp_backoff, parse_retry_after};
pub use server_errors::{best_error, error_messages, root_cause_of_longest};
pub use stacktrace::{SERVER_SIDE_END, SERVER_SIDE_START, root_cause, strip_exception_class};

/// Re-exported so clients and callers use the same `reqwest` types.
pub use reqwest;
/// Re-exported so callers can build secrets without depending on `secrecy` directly.
pub use secrecy::SecretString;
