//! [`Client`], [`ClientBuilder`] and the request/retry/decode core shared by all handlers.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use url::Url;

use crate::api::{CheckpointsHandler, JobsHandler, SavepointsHandler, TaskManagersHandler};
use crate::error::{Error, Result, snippet};
use crate::models::{ClusterOverview, DashboardConfig};
use crate::retry::RetryPolicy;

/// Default per-request timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default connect timeout (only used when the builder creates the HTTP client).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How much of a body is kept in decode errors.
const DECODE_SNIPPET_BYTES: usize = 512;
/// Every path is pinned to the v1 API so the contract does not drift with server defaults.
const API_VERSION: &str = "v1";

/// Credentials sent with every request (for a JobManager behind an authenticating proxy).
///
/// The `Debug` form never shows the secret.
#[derive(Clone)]
#[non_exhaustive]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// The token.
        token: SecretString,
    },
    /// `Authorization: Basic …`.
    Basic {
        /// User name (not secret).
        username: String,
        /// Password.
        password: SecretString,
    },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Bearer { .. } => f
                .debug_struct("Bearer")
                .field("token", &"[REDACTED]")
                .finish(),
            Auth::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"[REDACTED]")
                .finish(),
        }
    }
}

/// Builder for [`Client`]; created with [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    auth: Option<Auth>,
    headers: Vec<(String, HeaderValueInput)>,
    retry: RetryPolicy,
}

enum HeaderValueInput {
    Plain(String),
    Secret(SecretString),
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("custom_http_client", &self.http.is_some())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("auth", &self.auth)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            http: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            auth: None,
            headers: Vec::new(),
            retry: RetryPolicy::default(),
        }
    }

    /// Uses this HTTP client (connection pool, TLS roots, proxies) instead of building one.
    ///
    /// The per-request [`timeout`](Self::timeout) still applies; the
    /// [`connect_timeout`](Self::connect_timeout) is then whatever that client was built with.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Total time allowed per HTTP request (default 30 s); `None` disables it.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Time allowed to establish a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn bearer_token(mut self, token: SecretString) -> Self {
        self.auth = Some(Auth::Bearer { token });
        self
    }

    /// Sends HTTP basic authentication with every request.
    pub fn basic_auth(mut self, username: impl Into<String>, password: SecretString) -> Self {
        self.auth = Some(Auth::Basic {
            username: username.into(),
            password,
        });
        self
    }

    /// Sets (or clears) the credentials.
    pub fn auth(mut self, auth: Option<Auth>) -> Self {
        self.auth = auth;
        self
    }

    /// Adds a header sent with every request. Invalid names/values are reported by
    /// [`build`](Self::build).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers
            .push((name.into(), HeaderValueInput::Plain(value.into())));
        self
    }

    /// Adds a header whose value is secret (e.g. an API key): it is marked sensitive and never
    /// shown in `Debug` output or errors.
    pub fn secret_header(mut self, name: impl Into<String>, value: SecretString) -> Self {
        self.headers
            .push((name.into(), HeaderValueInput::Secret(value)));
        self
    }

    /// Sets the retry policy for idempotent `GET`s (default: 3 retries, 200 ms doubling, ≤ 2 s).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Validates the configuration and creates the client.
    pub fn build(self) -> Result<Client> {
        let base = parse_base_url(&self.base_url)?;
        let mut headers = HeaderMap::new();
        for (name, value) in self.headers {
            let header_name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|e| Error::Config {
                    what: format!("header name `{name}`"),
                    reason: e.to_string(),
                })?;
            let header_value = match value {
                HeaderValueInput::Plain(v) => {
                    HeaderValue::from_str(&v).map_err(|e| Error::Config {
                        what: format!("value of header `{name}`"),
                        reason: e.to_string(),
                    })?
                }
                HeaderValueInput::Secret(v) => {
                    let mut hv =
                        HeaderValue::from_str(v.expose_secret()).map_err(|_| Error::Config {
                            what: format!("value of header `{name}`"),
                            reason: "contains characters not allowed in a header value".into(),
                        })?;
                    hv.set_sensitive(true);
                    hv
                }
            };
            headers.append(header_name, header_value);
        }
        if !headers.contains_key(USER_AGENT) {
            headers.insert(
                USER_AGENT,
                HeaderValue::from_static(concat!("flink-rest/", env!("CARGO_PKG_VERSION"))),
            );
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| Error::Config {
                    what: "HTTP client".into(),
                    reason: e.to_string(),
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base,
                http,
                timeout: self.timeout,
                auth: self.auth,
                headers,
                retry: self.retry,
            }),
        })
    }
}

fn parse_base_url(raw: &str) -> Result<Url> {
    let config_err = |reason: String| Error::Config {
        what: "base URL".into(),
        reason,
    };
    let mut url = Url::parse(raw.trim()).map_err(|e| config_err(format!("`{raw}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(config_err(format!(
            "scheme `{}` is not http or https",
            url.scheme()
        )));
    }
    // Credentials in the URL would leak into error messages; they belong in `basic_auth`.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config_err(
            "credentials in the URL are not allowed; use ClientBuilder::basic_auth".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config_err("must not have a query or fragment".into()));
    }
    // A path prefix (e.g. a Kubernetes service proxy) is kept; make it a directory.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Async client for the Flink JobManager REST API (`/v1/...`).
///
/// Cheap to clone (an `Arc` inside). Area-specific calls live on handlers:
/// [`jobs`](Self::jobs), [`savepoints`](Self::savepoints), [`checkpoints`](Self::checkpoints),
/// [`taskmanagers`](Self::taskmanagers).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base: Url,
    http: reqwest::Client,
    timeout: Option<Duration>,
    auth: Option<Auth>,
    headers: HeaderMap,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("timeout", &self.inner.timeout)
            .field("auth", &self.inner.auth)
            .field("headers", &self.inner.headers.keys().collect::<Vec<_>>())
            .field("retry", &self.inner.retry)
            .finish()
    }
}

impl Client {
    /// Starts building a client for the JobManager REST endpoint at `base_url`,
    /// e.g. `http://127.0.0.1:8081` (a path prefix such as a proxy path is allowed).
    pub fn builder(base_url: impl AsRef<str>) -> ClientBuilder {
        ClientBuilder::new(base_url.as_ref())
    }

    /// A client with default settings for `base_url`.
    pub fn new(base_url: impl AsRef<str>) -> Result<Self> {
        Self::builder(base_url).build()
    }

    /// The base URL (always ending in `/`).
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// Job operations: list, details, cancel, stop-with-savepoint, exceptions.
    pub fn jobs(&self) -> JobsHandler<'_> {
        JobsHandler::new(self)
    }

    /// Savepoint trigger/status/wait.
    pub fn savepoints(&self) -> SavepointsHandler<'_> {
        SavepointsHandler::new(self)
    }

    /// Checkpoint statistics and configuration, state sizes.
    pub fn checkpoints(&self) -> CheckpointsHandler<'_> {
        CheckpointsHandler::new(self)
    }

    /// TaskManager list and details.
    pub fn taskmanagers(&self) -> TaskManagersHandler<'_> {
        TaskManagersHandler::new(self)
    }

    /// `GET /config`: the web UI configuration, including the Flink version.
    ///
    /// ```no_run
    /// # async fn run() -> flink_rest::Result<()> {
    /// let client = flink_rest::Client::new("http://127.0.0.1:8081")?;
    /// println!("Flink {}", client.config().await?.flink_version);
    /// # Ok(()) }
    /// ```
    pub async fn config(&self) -> Result<DashboardConfig> {
        self.get(&["config"], &[]).await
    }

    /// `GET /overview`: TaskManagers, slots, job counts and Flink version.
    ///
    /// ```no_run
    /// # async fn run() -> flink_rest::Result<()> {
    /// let client = flink_rest::Client::new("http://127.0.0.1:8081")?;
    /// let o = client.overview().await?;
    /// println!("{} TMs, {}/{} slots free", o.taskmanagers, o.slots_available, o.slots_total);
    /// # Ok(()) }
    /// ```
    pub async fn overview(&self) -> Result<ClusterOverview> {
        self.get(&["overview"], &[]).await
    }

    // ---- request core ----------------------------------------------------------------------

    fn url(&self, segments: &[&str]) -> Result<(Url, String)> {
        let mut url = self.inner.base.clone();
        {
            let mut path = url.path_segments_mut().map_err(|()| Error::Config {
                what: "base URL".into(),
                reason: "cannot be used as a base".into(),
            })?;
            path.pop_if_empty().push(API_VERSION).extend(segments);
        }
        let endpoint = format!("{API_VERSION}/{}", segments.join("/"));
        Ok((url, endpoint))
    }

    /// `GET` and decode JSON; retried per the policy.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<T> {
        let (url, endpoint) = self.url(segments)?;
        let (_, body) = self
            .execute(Method::GET, url, &endpoint, query, None)
            .await?;
        decode(&endpoint, &body)
    }

    /// Non-idempotent request with an optional JSON body, decoded as JSON; never retried.
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<T> {
        let (url, endpoint) = self.url(segments)?;
        let (_, bytes) = self.execute(method, url, &endpoint, query, body).await?;
        decode(&endpoint, &bytes)
    }

    /// Non-idempotent request whose response body is ignored; never retried.
    pub(crate) async fn send_no_content(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<()> {
        let (url, endpoint) = self.url(segments)?;
        self.execute(method, url, &endpoint, query, None).await?;
        Ok(())
    }

    async fn execute(
        &self,
        method: Method,
        url: Url,
        endpoint: &str,
        query: &[(&str, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<(StatusCode, Vec<u8>)> {
        let inner = &self.inner;
        let retries = if method == Method::GET {
            inner.retry.max_retries
        } else {
            0
        };
        let mut attempt = 0u32;
        loop {
            let mut req = inner
                .http
                .request(method.clone(), url.clone())
                .headers(inner.headers.clone());
            if !query.is_empty() {
                req = req.query(query);
            }
            if let Some(t) = inner.timeout {
                req = req.timeout(t);
            }
            req = match &inner.auth {
                Some(Auth::Bearer { token }) => req.bearer_auth(token.expose_secret()),
                Some(Auth::Basic { username, password }) => {
                    req.basic_auth(username, Some(password.expose_secret()))
                }
                None => req,
            };
            if let Some(b) = body {
                req = req.json(b);
            }

            let outcome = match req.send().await {
                Ok(resp) => {
                    let status = resp.status();
                    let retry_after = parse_retry_after(resp.headers());
                    match resp.bytes().await {
                        Ok(bytes) => Ok((status, bytes.to_vec(), retry_after)),
                        Err(source) => Err(source),
                    }
                }
                Err(source) => Err(source),
            };

            match outcome {
                Ok((status, bytes, _)) if status.is_success() => return Ok((status, bytes)),
                Ok((status, bytes, retry_after)) => {
                    if attempt < retries && RetryPolicy::retryable_status(status.as_u16()) {
                        let delay = inner.retry.delay(attempt, retry_after);
                        tracing::debug!(%endpoint, status = status.as_u16(), ?delay, "retrying");
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::api(
                        status.as_u16(),
                        method.as_str(),
                        endpoint,
                        &bytes,
                    ));
                }
                Err(source) => {
                    if attempt < retries && source.is_connect() {
                        let delay = inner.retry.delay(attempt, None);
                        tracing::debug!(%endpoint, error = %source, ?delay, "retrying");
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::Transport {
                        method: method.to_string(),
                        endpoint: endpoint.to_owned(),
                        source: source.without_url(),
                    });
                }
            }
        }
    }
}

fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// Decodes `body` as JSON, reporting the JSON path and a body snippet on failure.
pub(crate) fn decode<T: DeserializeOwned>(endpoint: &str, body: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|err| Error::Decode {
        endpoint: endpoint.to_owned(),
        path: err.path().to_string(),
        message: err.inner().to_string(),
        snippet: snippet(body, DECODE_SNIPPET_BYTES),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_trailing_slash_and_keeps_prefix() {
        let c = Client::new("http://127.0.0.1:8081/proxy/flink").unwrap();
        assert_eq!(c.base_url().as_str(), "http://127.0.0.1:8081/proxy/flink/");
        let (url, endpoint) = c.url(&["jobs", "abc"]).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8081/proxy/flink/v1/jobs/abc"
        );
        assert_eq!(endpoint, "v1/jobs/abc");
    }

    #[test]
    fn path_segments_are_escaped_but_taskmanager_ids_survive() {
        let c = Client::new("http://h:1").unwrap();
        let (url, _) = c.url(&["taskmanagers", "127.0.0.1:35039-64400c"]).unwrap();
        assert_eq!(
            url.as_str(),
            "http://h:1/v1/taskmanagers/127.0.0.1:35039-64400c"
        );
        let (url, _) = c.url(&["taskmanagers", "a/b?c"]).unwrap();
        assert_eq!(url.as_str(), "http://h:1/v1/taskmanagers/a%2Fb%3Fc");
    }

    #[test]
    fn bad_base_urls_are_rejected() {
        for bad in ["not a url", "ftp://h/", "http://u:p@h:1", "http://h:1/?x=1"] {
            let err = Client::new(bad).unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{bad}: {err:?}");
        }
        let err = Client::new("http://admin:hunter2@h:1").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn bad_headers_are_reported_by_build() {
        let err = Client::builder("http://h:1")
            .header("bad header", "x")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("bad header"), "{err}");
        let err = Client::builder("http://h:1")
            .secret_header("x-api-key", SecretString::from("s3cr3t\nline"))
            .build()
            .unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(text.contains("x-api-key"), "{text}");
        assert!(!text.contains("s3cr3t"), "{text}");
    }

    #[test]
    fn debug_output_never_contains_secrets() {
        let builder = Client::builder("http://h:1")
            .basic_auth("flink", SecretString::from("pa55word"))
            .secret_header("x-api-key", SecretString::from("k3y-value"))
            .header("x-team", "studio");
        let builder_dbg = format!("{builder:?}");
        let client = builder.build().unwrap();
        let bearer = Client::builder("http://h:1")
            .bearer_token(SecretString::from("t0ken"))
            .build()
            .unwrap();
        let all = format!(
            "{builder_dbg} {client:?} {bearer:?} {:#?}",
            client.inner.auth
        );
        for secret in ["pa55word", "k3y-value", "t0ken"] {
            assert!(!all.contains(secret), "{secret} leaked in {all}");
        }
        assert!(all.contains("flink"), "username should be visible: {all}");
        assert!(
            all.contains("x-api-key"),
            "header names should be visible: {all}"
        );
        assert!(all.contains("REDACTED"), "{all}");
    }

    #[test]
    fn decode_error_has_path_and_snippet() {
        #[derive(Debug, serde::Deserialize)]
        struct Outer {
            #[allow(dead_code)]
            jobs: Vec<Inner>,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Inner {
            #[allow(dead_code)]
            n: u32,
        }
        let err = decode::<Outer>("v1/x", br#"{"jobs":[{"n":1},{"n":"two"}]}"#).unwrap_err();
        let Error::Decode {
            path,
            snippet,
            endpoint,
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(path, "jobs[1].n");
        assert_eq!(endpoint, "v1/x");
        assert!(snippet.contains("\"two\""));
    }

    #[test]
    fn retry_after_is_parsed_in_seconds() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(parse_retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(parse_retry_after(&h), None);
    }
}
