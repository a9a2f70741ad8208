//! Access tokens and where they come from.

use std::future::Future;
use std::pin::Pin;

use secrecy::SecretString;

use crate::error::Result;

/// A boxed future returning a bearer token.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<SecretString>> + Send + 'a>>;

/// Something that hands out bearer tokens for one cloud's management API.
///
/// Tokens are [`SecretString`]s: they print as `[REDACTED]` and this crate only exposes them
/// to put them in an `Authorization` header marked sensitive.
pub trait TokenSource: Send + Sync {
    /// A valid token (sources cache and refresh as they see fit).
    fn token(&self) -> TokenFuture<'_>;

    /// Which credential is in use, for showing the user (e.g. `Azure CLI`); never the token.
    fn describe(&self) -> String;
}

/// A fixed token, for embedding callers that already hold one (and for tests).
pub struct StaticToken {
    token: SecretString,
    label: String,
}

impl StaticToken {
    /// Wraps a token; `label` says where it came from.
    pub fn new(token: SecretString, label: impl Into<String>) -> Self {
        StaticToken {
            token,
            label: label.into(),
        }
    }
}

impl std::fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticToken")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.token.clone();
        Box::pin(async move { Ok(token) })
    }

    fn describe(&self) -> String {
        self.label.clone()
    }
}
