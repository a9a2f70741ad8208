//! The one error type of `studio-kube`.

use std::path::PathBuf;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong talking to a cluster.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No kubeconfig could be read, or the context asked for is not in it.
    #[error("kubeconfig: {message}")]
    Kubeconfig {
        /// What is wrong, naming the file or context.
        message: String,
        /// The file involved, when one is known.
        path: Option<PathBuf>,
    },
    /// The API server did not answer.
    #[error("cannot reach the Kubernetes API at {server} (context `{context}`): {message}")]
    Unreachable {
        /// API server URL.
        server: String,
        /// Kubeconfig context used.
        context: String,
        /// The transport error.
        message: String,
    },
    /// The API server refused a request for lack of permission.
    #[error("{}", forbidden_text(.verb, .resource, .namespace, .user, .message))]
    Forbidden {
        /// The verb refused (`get`, `patch`, …), when the server named it.
        verb: Option<String>,
        /// The resource refused, e.g. `flinkdeployments.flink.apache.org`.
        resource: Option<String>,
        /// The namespace, for namespaced resources.
        namespace: Option<String>,
        /// The identity that asked, as the server saw it.
        user: Option<String>,
        /// The server's message.
        message: String,
    },
    /// The API server rejected an object (HTTP 422 or 400), with its field-level causes.
    #[error("{kind} `{name}` rejected by the API server: {message}{}", causes_text(.causes))]
    Rejected {
        /// Kind of the object.
        kind: String,
        /// Name of the object.
        name: String,
        /// The server's message.
        message: String,
        /// `(field path, message)` pairs from the server's `details.causes`.
        causes: Vec<(String, String)>,
    },
    /// Another field manager owns fields this apply would change.
    #[error("{kind} `{name}`: conflict with another field manager: {message}")]
    Conflict {
        /// Kind of the object.
        kind: String,
        /// Name of the object.
        name: String,
        /// The server's message, naming the fields and their manager.
        message: String,
    },
    /// An operator CRD is missing or at an unexpected version.
    #[error("{message}")]
    Crd {
        /// The CRD name, e.g. `flinkdeployments.flink.apache.org`.
        crd: String,
        /// What is wrong.
        message: String,
    },
    /// Any other API error, with the HTTP status and the server's message.
    #[error("Kubernetes API error {status} ({reason}) {action}: {message}")]
    Api {
        /// HTTP status.
        status: u16,
        /// The server's reason, e.g. `NotFound`.
        reason: String,
        /// What was being done, e.g. `getting Deployment flink-sql-gateway`.
        action: String,
        /// The server's message.
        message: String,
    },
    /// A wait ran out of time.
    #[error("timed out after {waited:?} waiting for {what}")]
    Timeout {
        /// What was awaited.
        what: String,
        /// How long it waited.
        waited: std::time::Duration,
    },
    /// The platform configuration could not be turned into objects.
    #[error(transparent)]
    Manifests(#[from] studio_manifests::Error),
    /// The JobManager could not be asked about running jobs, or a job action failed.
    #[error("JobManager at {url}: {message}")]
    Flink {
        /// JobManager URL.
        url: String,
        /// What failed, with Flink's root cause.
        message: String,
    },
    /// The specs (operator CRDs) could not be found or verified.
    #[error("{message}")]
    Specs {
        /// What is missing and how to provide it.
        message: String,
    },
    /// A local file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        message: String,
    },
    /// An object could not be encoded or decoded.
    #[error("{what}: {message}")]
    Encoding {
        /// What was being encoded or decoded.
        what: String,
        /// The serde error, with its path.
        message: String,
    },
}

fn forbidden_text(
    verb: &Option<String>,
    resource: &Option<String>,
    namespace: &Option<String>,
    user: &Option<String>,
    message: &str,
) -> String {
    match (verb, resource) {
        (Some(verb), Some(resource)) => {
            let mut text = format!("permission denied: cannot {verb} {resource}");
            if let Some(ns) = namespace {
                text.push_str(&format!(" in namespace {ns}"));
            }
            if let Some(user) = user {
                text.push_str(&format!(" (as user `{user}`)"));
            }
            text
        }
        _ => format!("permission denied: {message}"),
    }
}

fn causes_text(causes: &[(String, String)]) -> String {
    causes
        .iter()
        .map(|(field, message)| {
            if field.is_empty() {
                format!("\n  - {message}")
            } else {
                format!("\n  - {field}: {message}")
            }
        })
        .collect()
}

impl Error {
    /// Whether this is an HTTP 404 from the API server.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api { status: 404, .. })
    }

    /// Maps a kube error for `action` on `kind`/`name`.
    pub(crate) fn from_kube(err: kube::Error, action: &str, kind: &str, name: &str) -> Error {
        match err {
            kube::Error::Api(status) => from_status(*status, action, kind, name),
            other => Error::Unreachable {
                server: String::new(),
                context: String::new(),
                message: flatten(&other),
            },
        }
    }
}

/// The error and its sources on one line, without Rust `Debug` output.
pub(crate) fn flatten(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

fn from_status(status: kube::core::Status, action: &str, kind: &str, name: &str) -> Error {
    let message = status.message.clone();
    match status.code {
        403 => parse_forbidden(&message),
        409 if status.reason == "Conflict" && message.contains("conflict") => Error::Conflict {
            kind: kind.to_owned(),
            name: name.to_owned(),
            message,
        },
        400 | 422 => {
            let causes = status
                .details
                .as_ref()
                .map(|d| {
                    d.causes
                        .iter()
                        .map(|c| (c.field.clone(), c.message.clone()))
                        .collect()
                })
                .unwrap_or_default();
            Error::Rejected {
                kind: kind.to_owned(),
                name: name.to_owned(),
                message: first_line(&message),
                causes,
            }
        }
        code => Error::Api {
            status: code,
            reason: status.reason,
            action: action.to_owned(),
            message,
        },
    }
}

fn first_line(message: &str) -> String {
    // The 422 message repeats the causes after a colon; keep the head, the causes follow.
    match message.find(": [") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Reads `User "U" cannot VERB resource "R" in API group "G" in the namespace "N"`.
pub(crate) fn parse_forbidden(message: &str) -> Error {
    let quoted_after = |marker: &str| -> Option<String> {
        let start = message.find(marker)? + marker.len();
        let rest = &message[start..];
        let end = rest.find('"')?;
        Some(rest[..end].to_owned())
    };
    let user = quoted_after("User \"");
    let verb = message.find(" cannot ").and_then(|at| {
        let rest = &message[at + " cannot ".len()..];
        rest.split_whitespace().next().map(str::to_owned)
    });
    let resource = quoted_after("resource \"").map(|r| match quoted_after("API group \"") {
        Some(group) if !group.is_empty() => format!("{r}.{group}"),
        _ => r,
    });
    let namespace = quoted_after("in the namespace \"");
    Error::Forbidden {
        verb,
        resource,
        namespace,
        user,
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_names_verb_resource_namespace_and_user() {
        let err = parse_forbidden(
            "flinkdeployments.flink.apache.org \"x\" is forbidden: User \"dev\" cannot patch \
             resource \"flinkdeployments\" in API group \"flink.apache.org\" in the namespace \"ns1\"",
        );
        assert_eq!(
            err.to_string(),
            "permission denied: cannot patch flinkdeployments.flink.apache.org in namespace ns1 \
             (as user `dev`)"
        );
    }

    #[test]
    fn forbidden_core_group_has_no_suffix() {
        let err = parse_forbidden(
            "secrets is forbidden: User \"dev\" cannot list resource \"secrets\" in API group \"\" \
             in the namespace \"a\"",
        );
        let Error::Forbidden { resource, verb, .. } = err else {
            panic!("not forbidden")
        };
        assert_eq!(resource.as_deref(), Some("secrets"));
        assert_eq!(verb.as_deref(), Some("list"));
    }

    #[test]
    fn rejected_lists_field_causes() {
        let err = Error::Rejected {
            kind: "Deployment".into(),
            name: "gw".into(),
            message: "Deployment.apps \"gw\" is invalid".into(),
            causes: vec![("spec.replicas".into(), "must be >= 0".into())],
        };
        assert!(
            err.to_string()
                .ends_with("\n  - spec.replicas: must be >= 0")
        );
    }
}
