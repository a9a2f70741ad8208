//! Connection settings ([`ConnectionBuilder`]) and the request loop with bounded retries
//! ([`Connection::send`]).

mod base_url;
mod builder;
mod send;
#[cfg(test)]
mod tests;

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use url::Url;

use crate::auth::Auth;
use crate::retry::{RetryPolicy, TransientErrors};

pub use base_url::parse_base_url;
pub use builder::ConnectionBuilder;
pub use send::{Request, Response};

/// A validated connection: base URL, HTTP client, headers (credentials included) and retry
/// policy. Built by [`ConnectionBuilder::build`]; the `Debug` form never shows secrets.
pub struct Connection {
    base: Url,
    http: reqwest::Client,
    timeout: Option<Duration>,
    auth: Option<Auth>,
    headers: HeaderMap,
    retry: RetryPolicy,
    transient: TransientErrors,
    honour_retry_after: bool,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("base_url", &self.base.as_str())
            .field("timeout", &self.timeout)
            .field("auth", &self.auth)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("retry", &self.retry)
            .finish()
    }
}

impl Connection {
    /// The base URL (always ending in `/`).
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The credentials, if any.
    pub fn auth(&self) -> Option<&Auth> {
        self.auth.as_ref()
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }
}
