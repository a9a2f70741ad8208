//! [`ConnectionBuilder`]: the connection's settings (URL, timeouts, credentials, headers, TLS
//! roots, retries) and their validation into a [`Connection`].

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use secrecy::{ExposeSecret, SecretString};

use super::{Connection, parse_base_url};
use crate::auth::Auth;
use crate::error::ConfigError;
use crate::retry::{RetryPolicy, TransientErrors};

/// Default per-request timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default connect timeout (only used when the builder creates the HTTP client).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

enum HeaderInput {
    Plain(String),
    Secret(SecretString),
}

/// Settings of a connection to a Flink REST endpoint: base URL, timeouts, credentials, extra
/// headers, TLS roots or an injected [`reqwest::Client`], and the retry policy.
///
/// Nothing is checked until [`build`](Self::build). The `Debug` form shows header names but
/// never secrets.
#[must_use]
pub struct ConnectionBuilder {
    base_url: String,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    auth: Option<Auth>,
    headers: Vec<(String, HeaderInput)>,
    user_agent: Option<String>,
    ca_pem: Vec<Vec<u8>>,
    retry: RetryPolicy,
    transient: TransientErrors,
    honour_retry_after: bool,
}

impl fmt::Debug for ConnectionBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionBuilder")
            .field("base_url", &self.base_url)
            .field("custom_http_client", &self.http.is_some())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("auth", &self.auth)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("user_agent", &self.user_agent)
            .field("custom_ca_certs", &self.ca_pem.len())
            .field("retry", &self.retry)
            .field("transient", &self.transient)
            .field("honour_retry_after", &self.honour_retry_after)
            .finish()
    }
}

impl ConnectionBuilder {
    /// Settings for `base_url` (a path prefix such as a proxy path is kept): 30 s per request,
    /// 5 s to connect, [`RetryPolicy::default`], retries on connect errors only, `Retry-After`
    /// honoured.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            http: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            auth: None,
            headers: Vec::new(),
            user_agent: None,
            ca_pem: Vec::new(),
            retry: RetryPolicy::default(),
            transient: TransientErrors::Connect,
            honour_retry_after: true,
        }
    }

    /// Uses this HTTP client (connection pool, proxies, TLS settings) instead of building one;
    /// [`ca_certificate_pem`](Self::ca_certificate_pem) and
    /// [`connect_timeout`](Self::connect_timeout) then have no effect.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Total time allowed per HTTP request; `None` disables it.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Time allowed to establish a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Trusts this PEM-encoded CA certificate (in addition to the built-in roots) for `https`.
    pub fn ca_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem.push(pem.into());
        self
    }

    /// Sets (or clears) the credentials sent as `Authorization` with every request.
    pub fn auth(mut self, auth: Option<Auth>) -> Self {
        self.auth = auth;
        self
    }

    /// Adds a header sent with every request (checked by [`build`](Self::build)).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .push((name.into(), HeaderInput::Plain(value.into())));
        self
    }

    /// Adds a header whose value is secret (a cookie, an API key): marked sensitive and never
    /// shown in `Debug` output or errors.
    pub fn secret_header(mut self, name: impl Into<String>, value: SecretString) -> Self {
        self.headers.push((name.into(), HeaderInput::Secret(value)));
        self
    }

    /// Sets the `User-Agent`, replacing one given with [`header`](Self::header).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Sets the retry policy for requests marked idempotent.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Which failures without a response are retried (default [`TransientErrors::Connect`]).
    pub fn transient_errors(mut self, transient: TransientErrors) -> Self {
        self.transient = transient;
        self
    }

    /// Whether a `Retry-After` header on 502/503/504 replaces the computed delay (default yes).
    pub fn honour_retry_after(mut self, honour: bool) -> Self {
        self.honour_retry_after = honour;
        self
    }

    /// Validates the settings and creates the connection; `default_user_agent` is sent unless
    /// a user agent was set. Makes no request.
    pub fn build(self, default_user_agent: &str) -> Result<Connection, ConfigError> {
        let base = parse_base_url(&self.base_url)?;
        let mut headers = HeaderMap::new();
        for (name, value) in self.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| ConfigError::new(format!("header name `{name}`"), e.to_string()))?;
            let header_value = match value {
                HeaderInput::Plain(v) => HeaderValue::from_str(&v).map_err(|e| {
                    ConfigError::new(format!("value of header `{name}`"), e.to_string())
                })?,
                HeaderInput::Secret(v) => {
                    let mut hv = HeaderValue::from_str(v.expose_secret()).map_err(|_| {
                        ConfigError::new(
                            format!("value of header `{name}`"),
                            "contains characters not allowed in a header value",
                        )
                    })?;
                    hv.set_sensitive(true);
                    hv
                }
            };
            headers.append(header_name, header_value);
        }
        if let Some(auth) = &self.auth {
            headers.insert(AUTHORIZATION, auth.header_value()?);
        }
        match self.user_agent {
            Some(ua) => {
                let v = HeaderValue::from_str(&ua)
                    .map_err(|e| ConfigError::new("user agent", e.to_string()))?;
                headers.insert(USER_AGENT, v);
            }
            None if !headers.contains_key(USER_AGENT) => {
                let v = HeaderValue::from_str(default_user_agent)
                    .map_err(|e| ConfigError::new("user agent", e.to_string()))?;
                headers.insert(USER_AGENT, v);
            }
            None => {}
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut b = reqwest::Client::builder().connect_timeout(self.connect_timeout);
                for pem in &self.ca_pem {
                    let cert = reqwest::Certificate::from_pem(pem)
                        .map_err(|e| ConfigError::new("CA certificate", e.to_string()))?;
                    b = b.add_root_certificate(cert);
                }
                b.build()
                    .map_err(|e| ConfigError::new("HTTP client", e.to_string()))?
            }
        };
        Ok(Connection {
            base,
            http,
            timeout: self.timeout,
            auth: self.auth,
            headers,
            retry: self.retry,
            transient: self.transient,
            honour_retry_after: self.honour_retry_after,
        })
    }
}
