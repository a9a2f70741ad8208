//! The error type of this crate.

use std::path::PathBuf;

/// Errors from loading a configuration, validating it or rendering manifests.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A configuration or overlay file could not be read.
    #[error("cannot read {}", file.display())]
    Read {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A file is not valid YAML (or not a valid `.env` file).
    #[error("{}: {reason}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// What is wrong, with line and column when known.
        reason: String,
    },
    /// A configuration value is missing, has the wrong type or is not allowed.
    #[error("{}: {key}: {reason}", file.display())]
    Config {
        /// The file the value came from (the base file for merged values).
        file: PathBuf,
        /// Dotted path of the key, e.g. `flink.taskManager.replicas`.
        key: String,
        /// Why the value is rejected.
        reason: String,
    },
    /// `${VAR}` references that cannot be resolved: every one of them, each an
    /// [`Error::Config`] naming its file and key.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Variables {
        /// One [`Error::Config`] per problem, in document order.
        problems: Vec<Error>,
    },
    /// The configuration is well-formed but describes a platform the operator would reject.
    #[error("{}: {key}: {reason}", file.display())]
    Invalid {
        /// The configuration file.
        file: PathBuf,
        /// Dotted path of the offending key.
        key: String,
        /// The rule that failed.
        reason: String,
    },
    /// An environment overlay named with `--env` does not exist.
    #[error("environment `{env}` has no overlay: looked for {}", looked_for.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and "))]
    UnknownEnvironment {
        /// The environment name.
        env: String,
        /// Files that were looked for.
        looked_for: Vec<PathBuf>,
    },
    /// A CA certificate file is not a usable X.509 PEM bundle.
    #[error("{}: {reason}", file.display())]
    Certificate {
        /// The certificate file.
        file: PathBuf,
        /// What is wrong, naming the PEM block when there are several.
        reason: String,
    },
    /// Rendered objects could not be serialized.
    #[error("cannot serialize the manifests as {format}: {reason}")]
    Serialize {
        /// `yaml` or `json`.
        format: &'static str,
        /// Why.
        reason: String,
    },
}

/// Result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
