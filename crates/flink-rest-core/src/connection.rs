//! Connection settings ([`ConnectionBuilder`]) and the request loop with bounded retries
//! ([`Connection::send`]).

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::auth::Auth;
use crate::error::ConfigError;
use crate::retry::{RetryPolicy, TransientErrors, parse_retry_after};

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

/// Checks a base URL: `http`/`https`, no credentials, query or fragment; the path becomes a
/// directory (ends in `/`) so that relative paths are joined below it.
///
/// ```
/// let url = flink_rest_core::parse_base_url("http://127.0.0.1:8081/proxy/flink").unwrap();
/// assert_eq!(url.as_str(), "http://127.0.0.1:8081/proxy/flink/");
/// assert!(flink_rest_core::parse_base_url("http://admin:pw@host").is_err());
/// ```
pub fn parse_base_url(raw: &str) -> Result<Url, ConfigError> {
    let err = |reason: String| ConfigError::new("base URL", reason);
    let mut url = Url::parse(raw.trim()).map_err(|e| err(format!("`{raw}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(err(format!(
            "scheme `{}` is not http or https",
            url.scheme()
        )));
    }
    // Credentials in the URL would leak into error messages; they belong in `basic_auth`.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(err(
            "credentials in the URL are not allowed; use ClientBuilder::basic_auth".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(err("must not have a query or fragment".into()));
    }
    // A path prefix (e.g. a Kubernetes service proxy or an ingress path) is kept, as a directory.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

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

/// One request for [`Connection::send`].
#[derive(Debug)]
#[must_use]
pub struct Request<'a> {
    method: Method,
    url: Url,
    endpoint: &'a str,
    query: &'a [(&'a str, String)],
    body: Option<&'a serde_json::Value>,
    idempotent: bool,
}

impl<'a> Request<'a> {
    /// A request without query or body, sent once. `endpoint` names it in logs.
    pub fn new(method: Method, url: Url, endpoint: &'a str) -> Self {
        Self {
            method,
            url,
            endpoint,
            query: &[],
            body: None,
            idempotent: false,
        }
    }

    /// Adds query parameters.
    pub fn query(mut self, query: &'a [(&'a str, String)]) -> Self {
        self.query = query;
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: Option<&'a serde_json::Value>) -> Self {
        self.body = body;
        self
    }

    /// Marks the request as safe to send again after a transient failure.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }
}

/// The final HTTP answer to a request, successful or not.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response {
    /// HTTP status.
    pub status: StatusCode,
    /// The complete body.
    pub body: Vec<u8>,
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

    /// Sends `request` and returns the final answer.
    ///
    /// An idempotent request is retried, at most [`RetryPolicy::max_retries`] times, on HTTP
    /// 502/503/504 and on the transport failures chosen with
    /// [`ConnectionBuilder::transient_errors`]; any other answer (success or not) is returned
    /// as is. `Err` means there was no (complete) response; the error carries no URL.
    pub async fn send(&self, request: Request<'_>) -> Result<Response, reqwest::Error> {
        let Request {
            method,
            url,
            endpoint,
            query,
            body,
            idempotent,
        } = request;
        let retries = if idempotent {
            self.retry.max_retries
        } else {
            0
        };
        let mut attempt = 0u32;
        loop {
            let mut req = self
                .http
                .request(method.clone(), url.clone())
                .headers(self.headers.clone());
            if !query.is_empty() {
                req = req.query(query);
            }
            if let Some(t) = self.timeout {
                req = req.timeout(t);
            }
            if let Some(b) = body {
                req = req.json(b);
            }
            tracing::debug!(%method, endpoint, attempt, "flink rest request");
            let outcome = match req.send().await {
                Ok(resp) => {
                    let status = resp.status();
                    let retry_after = parse_retry_after(resp.headers());
                    resp.bytes()
                        .await
                        .map(|bytes| (status, bytes.to_vec(), retry_after))
                }
                Err(source) => Err(source),
            };
            let delay = match &outcome {
                Ok((status, _, retry_after)) if RetryPolicy::retryable_status(status.as_u16()) => {
                    let hint = retry_after.filter(|_| self.honour_retry_after);
                    Some(self.retry.delay(attempt, hint))
                }
                Ok(_) => None,
                Err(e) if self.transient.matches(e) => Some(self.retry.delay(attempt, None)),
                Err(_) => None,
            };
            if let Some(delay) = delay.filter(|_| attempt < retries) {
                tracing::debug!(endpoint, attempt, ?delay, "retrying transient failure");
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            return match outcome {
                Ok((status, body, _)) => Ok(Response { status, body }),
                Err(e) => Err(e.without_url()),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_trailing_slash_and_keeps_prefix() {
        let url = parse_base_url("http://127.0.0.1:8081/proxy/flink").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8081/proxy/flink/");
    }

    #[test]
    fn bad_base_urls_are_rejected_without_leaking_credentials() {
        for bad in [
            "not a url",
            "ftp://h/",
            "http://u:p@h:1",
            "http://h:1/?x=1",
            "http://h/#f",
        ] {
            let err = parse_base_url(bad).unwrap_err();
            assert_eq!(err.what(), "base URL", "{bad}: {err}");
        }
        let err = parse_base_url("http://admin:hunter2@h:1").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn bad_headers_are_reported_by_build_without_secrets() {
        let err = ConnectionBuilder::new("http://h:1")
            .header("bad header", "x")
            .build("ua")
            .unwrap_err();
        assert!(err.to_string().contains("bad header"), "{err}");
        let err = ConnectionBuilder::new("http://h:1")
            .secret_header("x-api-key", SecretString::from("s3cr3t\nline"))
            .build("ua")
            .unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(text.contains("x-api-key"), "{text}");
        assert!(!text.contains("s3cr3t"), "{text}");
    }

    #[test]
    fn headers_carry_auth_and_user_agent() {
        let c = ConnectionBuilder::new("http://h:1")
            .auth(Some(Auth::Bearer {
                token: SecretString::from("t0ken"),
            }))
            .header("X-Team", "studio")
            .build("default-ua/1")
            .unwrap();
        assert_eq!(c.headers[USER_AGENT], "default-ua/1");
        assert!(c.headers[AUTHORIZATION].is_sensitive());
        assert_eq!(c.headers["x-team"], "studio");
        // A User-Agent header is kept over the default, an explicit user agent wins over both.
        let c = ConnectionBuilder::new("http://h:1")
            .header("User-Agent", "mine")
            .build("default")
            .unwrap();
        assert_eq!(c.headers[USER_AGENT], "mine");
        let c = ConnectionBuilder::new("http://h:1")
            .header("User-Agent", "mine")
            .user_agent("explicit")
            .build("default")
            .unwrap();
        assert_eq!(c.headers[USER_AGENT], "explicit");
    }

    #[test]
    fn debug_output_never_contains_secrets() {
        let builder = ConnectionBuilder::new("http://h:1")
            .auth(Some(Auth::Basic {
                username: "flink".into(),
                password: SecretString::from("pa55word"),
            }))
            .secret_header("x-api-key", SecretString::from("k3y-value"))
            .header("x-team", "studio");
        let builder_dbg = format!("{builder:?}");
        let conn = builder.build("ua").unwrap();
        let all = format!("{builder_dbg} {conn:?} {conn:#?}");
        for secret in ["pa55word", "k3y-value"] {
            assert!(!all.contains(secret), "{secret} leaked in {all}");
        }
        assert!(all.contains("flink") && all.contains("x-api-key"), "{all}");
        assert!(all.contains("REDACTED"), "{all}");
    }

    /// A loopback HTTP server answering each connection with the next of `statuses` (the
    /// last one repeats); returns its base URL and a counter of requests served.
    async fn serve(
        statuses: Vec<(u16, &'static str)>,
    ) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let count = std::sync::Arc::new(AtomicUsize::new(0));
        let served = count.clone();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let n = served.fetch_add(1, Ordering::SeqCst);
                let (status, extra) = statuses[n.min(statuses.len() - 1)];
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let reply = format!(
                    "HTTP/1.1 {status} X\r\n{extra}Content-Length: 2\r\nConnection: close\r\n\r\nok"
                );
                let _ = sock.write_all(reply.as_bytes()).await;
            }
        });
        (format!("http://{addr}"), count)
    }

    fn fast(conn: ConnectionBuilder) -> Connection {
        conn.retry(
            RetryPolicy::new(3, Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(20)),
        )
        .build("ua")
        .unwrap()
    }

    #[tokio::test]
    async fn idempotent_requests_are_retried_on_503_then_succeed() {
        use std::sync::atomic::Ordering;
        let (base, count) = serve(vec![(503, ""), (502, ""), (200, "")]).await;
        let conn = fast(ConnectionBuilder::new(base));
        let url = conn.base_url().join("v1/overview").unwrap();
        let resp = conn
            .send(Request::new(Method::GET, url, "v1/overview").idempotent(true))
            .await
            .unwrap();
        assert_eq!(resp.status, StatusCode::OK);
        assert_eq!(resp.body, b"ok");
        assert_eq!(count.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn retries_are_bounded_and_non_idempotent_requests_are_sent_once() {
        use std::sync::atomic::Ordering;
        let (base, count) = serve(vec![(504, "")]).await;
        let conn = fast(ConnectionBuilder::new(base));
        let url = conn.base_url().join("x").unwrap();
        let resp = conn
            .send(Request::new(Method::GET, url.clone(), "x").idempotent(true))
            .await
            .unwrap();
        assert_eq!(resp.status, StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(count.load(Ordering::SeqCst), 4, "1 attempt + 3 retries");
        let body = serde_json::json!({"statement": "INSERT ..."});
        let resp = conn
            .send(Request::new(Method::POST, url, "x").json(Some(&body)))
            .await
            .unwrap();
        assert_eq!(resp.status, StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(count.load(Ordering::SeqCst), 5, "POST is sent once");
    }

    #[tokio::test]
    async fn retry_after_is_honoured_only_when_asked() {
        use std::sync::atomic::Ordering;
        // Retry-After: 1 s, capped by a max backoff of 300 ms.
        let policy = RetryPolicy::new(1, Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(300));
        for (honour, at_least, at_most) in [(true, 300, 5_000), (false, 0, 250)] {
            let (base, count) = serve(vec![(503, "Retry-After: 1\r\n"), (200, "")]).await;
            let conn = ConnectionBuilder::new(base)
                .retry(policy.clone())
                .honour_retry_after(honour)
                .build("ua")
                .unwrap();
            let url = conn.base_url().join("x").unwrap();
            let started = std::time::Instant::now();
            let resp = conn
                .send(Request::new(Method::GET, url, "x").idempotent(true))
                .await
                .unwrap();
            let waited = started.elapsed().as_millis();
            assert_eq!(resp.status, StatusCode::OK);
            assert_eq!(count.load(Ordering::SeqCst), 2);
            assert!(
                (at_least..at_most).contains(&waited),
                "honour={honour}: waited {waited} ms"
            );
        }
    }

    #[tokio::test]
    async fn connect_errors_come_back_without_the_url() {
        // Bound but not listening: connections are refused, and no other process can take
        // the port while the socket lives (a released port could be).
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let port = socket.local_addr().unwrap().port();
        let conn = fast(ConnectionBuilder::new(format!("http://127.0.0.1:{port}")));
        let url = conn.base_url().join("x").unwrap();
        let err = conn
            .send(Request::new(Method::GET, url, "x").idempotent(true))
            .await
            .unwrap_err();
        assert!(err.is_connect(), "{err:?}");
        assert!(
            err.url().is_none(),
            "the URL is dropped from transport errors"
        );
    }
}
