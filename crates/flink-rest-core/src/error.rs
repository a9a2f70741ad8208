//! The crate's error type.

/// A connection setting is invalid (base URL, header, certificate, credentials).
///
/// Never contains a secret value. Client crates map it to their own `Error::Config`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A setting could not be used.
    #[error("invalid configuration of {what}: {reason}")]
    Invalid {
        /// What was invalid, e.g. `base URL` or ``header name `x y` ``.
        what: String,
        /// Why.
        reason: String,
    },
}

impl ConfigError {
    pub(crate) fn new(what: impl Into<String>, reason: impl Into<String>) -> Self {
        ConfigError::Invalid {
            what: what.into(),
            reason: reason.into(),
        }
    }

    /// What was invalid.
    pub fn what(&self) -> &str {
        match self {
            ConfigError::Invalid { what, .. } => what,
        }
    }

    /// Why it was invalid.
    pub fn reason(&self) -> &str {
        match self {
            ConfigError::Invalid { reason, .. } => reason,
        }
    }
}
