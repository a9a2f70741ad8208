//! The crate's error type.

use std::time::Duration;

use flink_rest_core::{best_error, error_messages, root_cause, snippet};

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong talking to the Flink REST API.
///
/// Secrets (auth tokens, passwords, secret header values) never appear in any variant.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success HTTP status.
    ///
    /// `errors` holds Flink's `{"errors": [...]}` entries verbatim (often full Java stack traces);
    /// when the body is not in that shape it holds the (truncated) body text instead.
    /// The `Display` form shows only the one-line [`root_cause`](Error::root_cause).
    #[error("Flink REST {method} {endpoint} failed with HTTP {status}: {root_cause}")]
    Api {
        /// HTTP status code returned by the server.
        status: u16,
        /// HTTP method of the request.
        method: String,
        /// Request path relative to the base URL, e.g. `v1/jobs/…`.
        endpoint: String,
        /// The server's error messages (full text, stack traces included).
        errors: Vec<String>,
        /// One-line root cause extracted from the first error message.
        root_cause: String,
    },

    /// The request never got an HTTP response (connection refused, DNS, TLS, timeout, …).
    #[error("Flink REST {method} {endpoint} got no response: {source}")]
    Transport {
        /// HTTP method of the request.
        method: String,
        /// Request path relative to the base URL.
        endpoint: String,
        /// The underlying HTTP client error.
        #[source]
        source: reqwest::Error,
    },

    /// The response body could not be decoded into the expected type.
    #[error("could not decode the response of {endpoint} at `{path}`: {message} (body: {snippet})")]
    Decode {
        /// Request path relative to the base URL.
        endpoint: String,
        /// JSON path of the offending value, e.g. `jobs[0].state` (`.` for the root).
        path: String,
        /// What serde reported.
        message: String,
        /// The first bytes of the body, for diagnosis.
        snippet: String,
    },

    /// A string is not a valid [`JobId`](crate::JobId) / [`TriggerId`](crate::TriggerId).
    #[error("invalid {kind} `{value}`: {reason}")]
    InvalidId {
        /// Which kind of id, e.g. `job id`.
        kind: &'static str,
        /// The rejected input.
        value: String,
        /// Why it was rejected.
        reason: String,
    },

    /// The client configuration is invalid (base URL, header name/value, HTTP client setup).
    #[error("invalid client configuration ({what}): {reason}")]
    Config {
        /// What was being configured, e.g. `base URL` or `header x-foo`.
        what: String,
        /// Why it is invalid (never contains a secret value).
        reason: String,
    },

    /// An asynchronous operation (e.g. a savepoint) finished with a failure.
    #[error("{operation} failed: {root_cause}")]
    OperationFailed {
        /// Which operation, e.g. `savepoint 1234… of job abcd…`.
        operation: String,
        /// One-line root cause.
        root_cause: String,
        /// Full Java stack trace as reported by Flink, when available.
        stack_trace: Option<String>,
    },

    /// A bounded wait ran out of time or attempts before the expected state was reached.
    #[error("timed out after {waited:?} waiting for {what} (last seen: {last_seen})")]
    WaitTimeout {
        /// What was awaited.
        what: String,
        /// How long the wait lasted.
        waited: Duration,
        /// The last observed state.
        last_seen: String,
    },
}

impl Error {
    /// HTTP status for [`Error::Api`], `None` otherwise.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True for an API error with HTTP 404 (unknown job, unknown trigger id, …).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// One-line root cause for API and operation errors, the display text otherwise.
    pub fn root_cause(&self) -> String {
        match self {
            Error::Api { root_cause, .. } | Error::OperationFailed { root_cause, .. } => {
                root_cause.clone()
            }
            other => other.to_string(),
        }
    }

    /// Builds an [`Error::Api`] from a status and the response body.
    pub(crate) fn api(status: u16, method: &str, endpoint: &str, body: &[u8]) -> Self {
        let errors = match error_messages(body) {
            Some(e) if !e.is_empty() => e,
            // 5xx from proxies are often HTML or empty: keep a snippet, never assume JSON.
            _ => {
                let text = snippet(body, 2048);
                if text.is_empty() {
                    Vec::new()
                } else {
                    vec![text]
                }
            }
        };
        let root_cause = best_error(&errors)
            .map(|e| root_cause(e).to_owned())
            .unwrap_or_else(|| "(empty response body)".to_owned());
        Error::Api {
            status,
            method: method.to_owned(),
            endpoint: endpoint.to_owned(),
            errors,
            root_cause,
        }
    }

    /// Builds an [`Error::Config`] from a rejected connection setting.
    pub(crate) fn config(err: flink_rest_core::ConfigError) -> Self {
        Error::Config {
            what: err.what().to_owned(),
            reason: err.reason().to_owned(),
        }
    }
}

impl From<flink_rest_core::InvalidId> for Error {
    fn from(err: flink_rest_core::InvalidId) -> Self {
        Error::InvalidId {
            kind: err.kind,
            value: err.value,
            reason: err.reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_from_flink_body_keeps_full_trace_and_shows_root_cause() {
        let body = br#"{"errors":["org.apache.flink.runtime.rest.handler.RestHandlerException: Job could not be found.\n\tat a.B.c(B.java:1)\nCaused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (00)\n\tat d.E.f(E.java:2)\n"]}"#;
        let err = Error::api(404, "PATCH", "v1/jobs/00", body);
        assert!(err.is_not_found());
        let shown = err.to_string();
        assert_eq!(
            shown,
            "Flink REST PATCH v1/jobs/00 failed with HTTP 404: \
             Could not find Flink job (00)"
        );
        let Error::Api { errors, .. } = &err else {
            panic!("not an Api error: {err:?}")
        };
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("\tat d.E.f(E.java:2)"));
    }

    #[test]
    fn internal_server_error_uses_the_wrapped_server_side_exception() {
        let body = serde_json::json!({"errors": [
            "Internal server error.",
            "<Exception on server side:\norg.apache.flink.runtime.resourcemanager.exceptions.UnknownTaskExecutorException: No TaskExecutor registered under tm-1.\n\tat org.apache.flink.runtime.resourcemanager.ResourceManager.requestTaskManagerDetailsInfo(ResourceManager.java:698)\n\nEnd of exception on server side>"
        ]});
        let err = Error::api(
            500,
            "GET",
            "v1/taskmanagers/tm-1",
            body.to_string().as_bytes(),
        );
        assert_eq!(err.root_cause(), "No TaskExecutor registered under tm-1.");
        let Error::Api { errors, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(errors.len(), 2, "all messages are kept verbatim");

        let only_generic = Error::api(
            500,
            "GET",
            "v1/x",
            br#"{"errors":["Internal server error."]}"#,
        );
        assert_eq!(only_generic.root_cause(), "Internal server error.");
    }

    #[test]
    fn api_error_from_non_json_body_keeps_text() {
        let err = Error::api(502, "GET", "v1/overview", b"<html>Bad Gateway</html>");
        assert_eq!(err.status(), Some(502));
        assert_eq!(err.root_cause(), "<html>Bad Gateway</html>");
        let empty = Error::api(503, "GET", "v1/overview", b"");
        assert_eq!(empty.root_cause(), "(empty response body)");
    }
}
