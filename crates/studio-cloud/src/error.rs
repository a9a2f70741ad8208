//! The error type of this crate.

use std::time::Duration;

/// Errors from authenticating, planning, applying or checking a cloud identity setup.
///
/// No variant ever carries an access token, a client secret or a federated token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A target field is missing or malformed; nothing was sent.
    #[error("invalid {field} `{value}`: {reason}")]
    InvalidTarget {
        /// The field, e.g. `project`.
        field: &'static str,
        /// The value given.
        value: String,
        /// The rule it breaks.
        reason: String,
    },
    /// No credential in the chain produced a token.
    #[error("no usable {cloud} credentials: {}", attempts.join("; "))]
    NoCredentials {
        /// `GCP` or `Azure`.
        cloud: &'static str,
        /// Why each credential that was tried failed.
        attempts: Vec<String>,
    },
    /// The cloud rejected the token (HTTP 401).
    #[error("{method} {url} was rejected as unauthenticated (HTTP {status}): {message}")]
    Unauthenticated {
        /// HTTP method.
        method: String,
        /// Request URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// The server's message.
        message: String,
    },
    /// The signed-in identity lacks a permission (HTTP 403).
    #[error(
        "permission denied on {resource}: the signed-in identity needs {permission} (HTTP {status}): {message}"
    )]
    PermissionDenied {
        /// The resource acted on.
        resource: String,
        /// The missing permission and the roles that grant it.
        permission: String,
        /// HTTP status.
        status: u16,
        /// The server's message.
        message: String,
    },
    /// Something the setup relies on does not exist (HTTP 404).
    #[error(
        "{what} does not exist (HTTP {status}); create it with: {how} (server said: {message})"
    )]
    NotFound {
        /// What is missing.
        what: String,
        /// How to create it.
        how: String,
        /// HTTP status.
        status: u16,
        /// The server's message.
        message: String,
    },
    /// A prerequisite exists but is not configured as Workload Identity needs.
    #[error("{what}: {how}")]
    Prerequisite {
        /// What is wrong.
        what: String,
        /// How to fix it.
        how: String,
    },
    /// The cloud kept answering 429 until the retry budget ran out.
    #[error(
        "{method} {url} was throttled (HTTP 429) {attempts} times over {:.1} s; giving up: {message}",
        elapsed.as_secs_f64()
    )]
    Throttled {
        /// HTTP method.
        method: String,
        /// Request URL.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// Time spent.
        elapsed: Duration,
        /// The server's last message.
        message: String,
    },
    /// A read-modify-write kept losing to concurrent writers (HTTP 409/412).
    #[error(
        "the IAM policy of {resource} kept changing under us (HTTP {status}) after {attempts} attempts: {message}"
    )]
    Conflict {
        /// The resource whose policy was written.
        resource: String,
        /// HTTP status of the last conflict.
        status: u16,
        /// Attempts made.
        attempts: u32,
        /// The server's last message.
        message: String,
    },
    /// Any other HTTP error status.
    #[error("{method} {url} failed (HTTP {status}{}): {message}", code.as_deref().map(|c| format!(", {c}")).unwrap_or_default())]
    Api {
        /// HTTP method.
        method: String,
        /// Request URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// The server's error code, e.g. `FAILED_PRECONDITION` or `InvalidResourceName`.
        code: Option<String>,
        /// The server's message.
        message: String,
    },
    /// The endpoint could not be reached.
    #[error("cannot reach {url}: {reason}")]
    Unreachable {
        /// Request URL.
        url: String,
        /// Transport error chain.
        reason: String,
    },
    /// A response body did not have the documented shape.
    #[error("unexpected response from {url}: {reason}")]
    Decode {
        /// Request URL.
        url: String,
        /// What did not match.
        reason: String,
    },
}

/// Result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `err: cause: cause…` for transport errors, whose useful part is often in the sources.
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
