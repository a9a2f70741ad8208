//! Typed async client for the [Apache Flink SQL Gateway] REST API, versions v1 to v4.
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use sql_gateway_client::{Client, FetchOptions, SessionOptions, StatementOptions, Value};
//!
//! # async fn run() -> sql_gateway_client::Result<()> {
//! let client = Client::new("http://127.0.0.1:8083")?;
//! let session = client
//!     .open_session(SessionOptions::new().name("demo").property("execution.runtime-mode", "batch"))
//!     .await?;
//! let op = session
//!     .execute_statement(
//!         "SELECT name, CAST(score AS DECIMAL(5, 2)) FROM (VALUES ('a', 1.5), ('b', 2.25)) AS t(name, score)",
//!         StatementOptions::new(),
//!     )
//!     .await?;
//! let mut rows = op.rows(FetchOptions::new());
//! while let Some(row) = rows.next().await {
//!     let row = row?;
//!     if let [Value::String(name), Value::Decimal(score)] = row.fields.as_slice() {
//!         println!("{} {name} {score}", row.kind);
//!     }
//! }
//! session.close().await?;
//! # Ok(()) }
//! ```
//!
//! What the client takes care of:
//!
//! - **Version negotiation**: `GET /api_versions` picks the highest version both sides speak
//!   ([`ClientBuilder::api_version`] pins one); endpoints the version lacks are refused with
//!   [`Error::UnsupportedVersion`] before any request is sent.
//! - **Results**: [`Operation::pages`] / [`Operation::rows`] follow `nextResultUri` to `EOS`,
//!   waiting out `NOT_READY` with bounded exponential backoff. Rows keep their changelog
//!   [`RowKind`] (`+I`, `-U`, `+U`, `-D`); JSON fields are decoded into typed [`Value`]s with
//!   each column's [`LogicalType`] (exact [`Decimal`]s, dates, times, timestamps, intervals,
//!   nested `ARRAY`/`MAP`/`MULTISET`/`ROW`).
//! - **Sessions**: [`Session`] closes itself on drop (best effort) and can run a background
//!   keep-alive ([`SessionOptions::keep_alive`]); an expired session is reported as
//!   [`Error::SessionNotFound`].
//! - **Errors**: Java stack traces become their [`root_cause`] (the policy shared with `flink-rest`), with
//!   the full trace kept.
//! - **Retries**: idempotent `GET`s and heartbeats are retried on connection failures and
//!   502/503/504 ([`RetryPolicy`]); statements are never resubmitted.
//! - **Transport**: rustls TLS with optional extra CA, bearer or basic auth, extra (secret)
//!   headers, timeouts, user agent, or your own `reqwest::Client`.
//!
//! The published OpenAPI specs differ from what real gateways send (FLINK-29881); this crate
//! follows the servers. See [`results`] for the differences.
//!
//! [Apache Flink SQL Gateway]: https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/table/sql-gateway/rest/

mod client;
mod decimal;
mod error;
mod ids;
mod operation;
pub mod results;
mod session;
mod types;
mod value;
mod version;

pub use client::{Client, ClientBuilder, GatewayInfo};
pub use decimal::{Decimal, DecimalError};
pub use error::{Error, Result};
pub use flink_rest_core::root_cause;
pub use flink_rest_core::{Auth, RetryPolicy};
pub use flink_rest_core::{InvalidId, JobId};
pub use ids::{ClusterId, OperationHandle, SessionHandle};
pub use operation::{
    FetchOptions, Operation, OperationStatus, ResultStream, RowStream, StatementOptions,
};
pub use results::{ColumnInfo, ResultKind, ResultPage, ResultType, Row, RowFormat, RowKind};
pub use session::{RefreshOptions, ScriptOptions, Session, SessionOptions};
pub use types::{LogicalType, RowField, TypeKind};
pub use value::{Value, ValueError, decode_value};
pub use version::{ApiVersion, Negotiated, ParseApiVersionError};
