//! The crate's error type.

use crate::ids::{OperationHandle, SessionHandle};
use crate::version::ApiVersion;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong talking to a SQL Gateway.
///
/// Server-side Java stack traces are reduced to a one-line `root_cause`; the full text stays
/// available in `errors` / `trace`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request got no (complete) response: connect failure, reset, timeout, TLS error.
    #[error("transport error on {method} {endpoint}: {source}")]
    Transport {
        /// HTTP method.
        method: String,
        /// Path of the endpoint (relative to the base URL, no query).
        endpoint: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The gateway answered with a non-success HTTP status.
    #[error("SQL Gateway answered HTTP {status} on {method} {endpoint}: {root_cause}")]
    Api {
        /// HTTP status code.
        status: u16,
        /// HTTP method.
        method: String,
        /// Path of the endpoint.
        endpoint: String,
        /// The server's `errors` list verbatim (or the raw body if it was not JSON).
        errors: Vec<String>,
        /// One-line root cause distilled from `errors`.
        root_cause: String,
    },
    /// A response body could not be decoded.
    #[error("cannot decode response of {endpoint} at `{path}`: {message} (body: {snippet})")]
    Decode {
        /// Path of the endpoint.
        endpoint: String,
        /// JSON path of the offending element (e.g. `results.data[3].fields[1]`).
        path: String,
        /// What was wrong.
        message: String,
        /// The start of the body.
        snippet: String,
    },
    /// The negotiated (or pinned) REST API version does not serve this endpoint.
    #[error(
        "{endpoint} is not available with SQL Gateway REST API {negotiated} (served by {supported})"
    )]
    UnsupportedVersion {
        /// Name of the endpoint.
        endpoint: &'static str,
        /// The version in use (pinned, or the highest both sides support).
        negotiated: ApiVersion,
        /// The versions that serve the endpoint, e.g. `v2, v3, v4`.
        supported: String,
    },
    /// Client and server have no REST API version in common, or a pinned version is not offered.
    #[error(
        "no usable SQL Gateway REST API version: server offers [{server}], client wants [{client}]"
    )]
    NoCommonVersion {
        /// Versions listed by `GET /api_versions`.
        server: String,
        /// Versions this client accepts (pinned or all it knows).
        client: String,
    },
    /// The session is unknown to the gateway: it was closed, it expired after the gateway's
    /// idle timeout (`sql-gateway.session.idle-timeout`), or the gateway restarted.
    #[error(
        "session {session} does not exist on the SQL Gateway (closed, expired, or gateway restarted)"
    )]
    SessionNotFound {
        /// The session.
        session: SessionHandle,
        /// The server's message, one line.
        message: String,
    },
    /// The statement failed on the gateway or in the cluster.
    #[error("operation {operation} failed: {root_cause}")]
    OperationFailed {
        /// The failed operation.
        operation: OperationHandle,
        /// One-line root cause, e.g. `Could not find any factory for identifier 'kafka' ...`.
        root_cause: String,
        /// The full server-side trace.
        trace: String,
    },
    /// Waiting for results took longer than allowed by [`FetchOptions::timeout`](crate::FetchOptions::timeout).
    #[error("no result from operation {operation} within {waited:?}")]
    FetchTimeout {
        /// The operation.
        operation: OperationHandle,
        /// How long the client waited.
        waited: std::time::Duration,
    },
    /// Invalid client configuration (base URL, header, certificate).
    #[error("invalid configuration of {what}: {reason}")]
    Config {
        /// What was invalid.
        what: String,
        /// Why.
        reason: String,
    },
}

impl Error {
    /// True when the session is gone (closed or expired); reopening a session may help.
    pub fn is_session_not_found(&self) -> bool {
        matches!(self, Error::SessionNotFound { .. })
    }

    /// The one-line root cause for server-side failures, if any.
    pub fn root_cause(&self) -> Option<&str> {
        match self {
            Error::Api { root_cause, .. } | Error::OperationFailed { root_cause, .. } => {
                Some(root_cause)
            }
            Error::SessionNotFound { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The full server-side stack trace, if the server sent one.
    pub fn trace(&self) -> Option<String> {
        match self {
            Error::Api { errors, .. } => Some(errors.join("\n")),
            Error::OperationFailed { trace, .. } => Some(trace.clone()),
            _ => None,
        }
    }

    pub(crate) fn config(err: flink_rest_core::ConfigError) -> Self {
        Error::Config {
            what: err.what().to_owned(),
            reason: err.reason().to_owned(),
        }
    }

    pub(crate) fn api(status: u16, method: &str, endpoint: &str, errors: Vec<String>) -> Self {
        let root_cause = root_cause_of_errors(&errors);
        Error::Api {
            status,
            method: method.to_owned(),
            endpoint: endpoint.to_owned(),
            errors,
            root_cause,
        }
    }
}

/// Flink sends `["Internal server error.", "<Exception on server side: ...>"]`; the useful part
/// is the root cause of the longest entry, or the only message.
pub(crate) fn root_cause_of_errors(errors: &[String]) -> String {
    flink_rest_core::root_cause_of_longest(errors).to_owned()
}
