//! [`Client`], [`ClientBuilder`], version negotiation and the request core.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;
use url::Url;

use crate::error::{Error, Result, snippet};
use crate::ids::{OperationHandle, SessionHandle};
use crate::retry::RetryPolicy;
use crate::version::{ApiVersion, Endpoint, Negotiated};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DECODE_SNIPPET: usize = 400;

/// Credentials sent with every request (the gateway itself has no authentication, but it is
/// often behind an authenticating ingress). `Debug` never shows secrets.
#[derive(Clone)]
#[non_exhaustive]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// The token.
        token: SecretString,
    },
    /// HTTP basic authentication.
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

impl Auth {
    fn header_value(&self) -> Result<HeaderValue> {
        let text = match self {
            Auth::Bearer { token } => format!("Bearer {}", token.expose_secret()),
            Auth::Basic { username, password } => {
                use base64::Engine as _;
                let raw = format!("{username}:{}", password.expose_secret());
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(raw)
                )
            }
        };
        let mut v = HeaderValue::from_str(&text).map_err(|_| Error::Config {
            what: "credentials".into(),
            reason: "contain characters not allowed in a header".into(),
        })?;
        v.set_sensitive(true);
        Ok(v)
    }
}

enum HeaderInput {
    Plain(String),
    Secret(SecretString),
}

/// Builder for [`Client`]; see [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    auth: Option<Auth>,
    headers: Vec<(String, HeaderInput)>,
    user_agent: Option<String>,
    ca_pem: Vec<Vec<u8>>,
    retry: RetryPolicy,
    pinned: Option<ApiVersion>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("custom_http_client", &self.http.is_some())
            .field("timeout", &self.timeout)
            .field("auth", &self.auth)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("user_agent", &self.user_agent)
            .field("custom_ca_certs", &self.ca_pem.len())
            .field("retry", &self.retry)
            .field("pinned_version", &self.pinned)
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
            user_agent: None,
            ca_pem: Vec::new(),
            retry: RetryPolicy::default(),
            pinned: None,
        }
    }

    /// Uses this HTTP client (connection pool, proxies, TLS settings) instead of building one.
    /// [`ca_certificate_pem`](Self::ca_certificate_pem) and
    /// [`connect_timeout`](Self::connect_timeout) then have no effect.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Total time allowed per HTTP request (default 60 s); `None` disables it.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Trusts this PEM-encoded CA certificate (in addition to the built-in roots) for `https`.
    pub fn ca_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem.push(pem.into());
        self
    }

    /// Sends `Authorization: Bearer <token>`.
    pub fn bearer_token(mut self, token: SecretString) -> Self {
        self.auth = Some(Auth::Bearer { token });
        self
    }

    /// Sends HTTP basic authentication.
    pub fn basic_auth(mut self, username: impl Into<String>, password: SecretString) -> Self {
        self.auth = Some(Auth::Basic {
            username: username.into(),
            password,
        });
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

    /// Sets the `User-Agent` (default `sql-gateway-client/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Retry policy for idempotent requests (default: 3 retries from 100 ms, ≤ 2 s).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Uses exactly this REST API version instead of the highest one both sides support.
    /// Endpoints the version lacks are refused with [`Error::UnsupportedVersion`].
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.pinned = Some(version);
        self
    }

    /// Validates the configuration and creates the client. Makes no request.
    pub fn build(self) -> Result<Client> {
        let base = parse_base_url(&self.base_url)?;
        let cfg = |what: &str, reason: String| Error::Config {
            what: what.to_owned(),
            reason,
        };
        let mut headers = HeaderMap::new();
        for (name, value) in self.headers {
            let hn = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| cfg(&format!("header name `{name}`"), e.to_string()))?;
            let hv = match value {
                HeaderInput::Plain(v) => HeaderValue::from_str(&v)
                    .map_err(|e| cfg(&format!("value of header `{name}`"), e.to_string()))?,
                HeaderInput::Secret(v) => {
                    let mut hv = HeaderValue::from_str(v.expose_secret()).map_err(|_| {
                        cfg(
                            &format!("value of header `{name}`"),
                            "contains characters not allowed in a header".into(),
                        )
                    })?;
                    hv.set_sensitive(true);
                    hv
                }
            };
            headers.append(hn, hv);
        }
        if let Some(auth) = &self.auth {
            headers.insert(AUTHORIZATION, auth.header_value()?);
        }
        let ua = self.user_agent.unwrap_or_else(|| {
            concat!("sql-gateway-client/", env!("CARGO_PKG_VERSION")).to_owned()
        });
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&ua).map_err(|e| cfg("user agent", e.to_string()))?,
        );
        let http = match self.http {
            Some(h) => h,
            None => {
                let mut b = reqwest::Client::builder().connect_timeout(self.connect_timeout);
                for pem in &self.ca_pem {
                    let cert = reqwest::Certificate::from_pem(pem)
                        .map_err(|e| cfg("CA certificate", e.to_string()))?;
                    b = b.add_root_certificate(cert);
                }
                b.build().map_err(|e| cfg("HTTP client", e.to_string()))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base,
                http,
                timeout: self.timeout,
                auth: self.auth,
                headers,
                retry: self.retry,
                pinned: self.pinned,
                negotiated: OnceCell::new(),
            }),
        })
    }
}

fn parse_base_url(raw: &str) -> Result<Url> {
    let err = |reason: String| Error::Config {
        what: "base URL".into(),
        reason,
    };
    let mut url = Url::parse(raw.trim()).map_err(|e| err(format!("`{raw}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(err(format!(
            "scheme `{}` is not http or https",
            url.scheme()
        )));
    }
    // Credentials in the URL would leak into errors and logs.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(err(
            "credentials in the URL are not allowed; use basic_auth".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(err("must not have a query or fragment".into()));
    }
    // Keep a path prefix (ingress path), as a directory.
    if !url.path().ends_with('/') {
        let p = format!("{}/", url.path());
        url.set_path(&p);
    }
    Ok(url)
}

/// Async client for the Flink SQL Gateway REST API (v1–v4).
///
/// Cheap to clone (an `Arc` inside). The REST version is negotiated on first use through
/// `GET /api_versions` (or pinned with [`ClientBuilder::api_version`]).
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    base: Url,
    http: reqwest::Client,
    timeout: Option<Duration>,
    auth: Option<Auth>,
    headers: HeaderMap,
    retry: RetryPolicy,
    pinned: Option<ApiVersion>,
    negotiated: OnceCell<Negotiated>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("timeout", &self.inner.timeout)
            .field("auth", &self.inner.auth)
            .field("headers", &self.inner.headers.keys().collect::<Vec<_>>())
            .field("retry", &self.inner.retry)
            .field("pinned_version", &self.inner.pinned)
            .field("negotiated", &self.inner.negotiated.get())
            .finish()
    }
}

/// `GET /info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GatewayInfo {
    /// `Apache Flink`.
    pub product_name: String,
    /// The Flink version, e.g. `2.0.0`.
    pub version: String,
}

#[derive(Deserialize)]
struct ApiVersionsBody {
    versions: Vec<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    errors: Vec<String>,
}

/// Whether a request may be sent again after a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    Retry,
    Once,
}

/// What a request is about, for error mapping.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ctx<'a> {
    pub(crate) session: Option<&'a SessionHandle>,
    pub(crate) operation: Option<&'a OperationHandle>,
}

impl Client {
    /// Starts configuring a client for the gateway at `base_url`, e.g. `http://127.0.0.1:8083`
    /// (a path prefix such as `https://host/flink-gateway/` is kept).
    pub fn builder(base_url: impl AsRef<str>) -> ClientBuilder {
        ClientBuilder::new(base_url.as_ref())
    }

    /// A client with default settings.
    pub fn new(base_url: impl AsRef<str>) -> Result<Self> {
        Self::builder(base_url).build()
    }

    /// The base URL (ending in `/`).
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// `GET /api_versions`: the versions the server offers, verbatim (e.g. `["V1", "V2"]`).
    pub async fn api_versions(&self) -> Result<Vec<String>> {
        let url = self.join("api_versions")?;
        let body = self
            .execute(
                Method::GET,
                url,
                "api_versions",
                None,
                Idempotency::Retry,
                Ctx::default(),
            )
            .await?;
        let v: ApiVersionsBody = decode_json("api_versions", &body)?;
        Ok(v.versions)
    }

    /// Negotiates once (cached): the pinned version if the server offers it, else the highest
    /// version both sides support.
    pub async fn negotiate(&self) -> Result<&Negotiated> {
        self.inner
            .negotiated
            .get_or_try_init(|| async {
                let versions = self.api_versions().await?;
                Negotiated::from_server(versions, self.inner.pinned)
            })
            .await
    }

    /// The negotiated version (negotiating if needed).
    pub async fn api_version(&self) -> Result<ApiVersion> {
        Ok(self.negotiate().await?.version)
    }

    /// `GET /info`: product name and Flink version.
    pub async fn info(&self) -> Result<GatewayInfo> {
        self.get_json(Endpoint::Core, "info", Ctx::default()).await
    }

    // ---- request core ------------------------------------------------------------------

    /// Joins a path (relative to the gateway root, leading `/` allowed, query allowed) to the base.
    pub(crate) fn join(&self, path: &str) -> Result<Url> {
        self.inner
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| Error::Config {
                what: "request URL".into(),
                reason: format!("`{path}`: {e}"),
            })
    }

    /// `v{n}/{path}` for the version serving `endpoint`.
    pub(crate) async fn versioned(&self, endpoint: Endpoint, path: &str) -> Result<String> {
        let v = self.negotiate().await?.for_endpoint(endpoint)?;
        Ok(format!(
            "{}/{}",
            v.path_prefix(),
            path.trim_start_matches('/')
        ))
    }

    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        path: &str,
        ctx: Ctx<'_>,
    ) -> Result<T> {
        let rel = self.versioned(endpoint, path).await?;
        let body = self
            .request(Method::GET, &rel, None, Idempotency::Retry, ctx)
            .await?;
        decode_json(&rel, &body)
    }

    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        endpoint: Endpoint,
        path: &str,
        body: Option<&serde_json::Value>,
        idempotency: Idempotency,
        ctx: Ctx<'_>,
    ) -> Result<T> {
        let rel = self.versioned(endpoint, path).await?;
        let bytes = self.request(method, &rel, body, idempotency, ctx).await?;
        decode_json(&rel, &bytes)
    }

    /// Sends a request to `rel` (relative to the base) and returns the body of a 2xx answer.
    pub(crate) async fn request(
        &self,
        method: Method,
        rel: &str,
        body: Option<&serde_json::Value>,
        idempotency: Idempotency,
        ctx: Ctx<'_>,
    ) -> Result<Vec<u8>> {
        let url = self.join(rel)?;
        let endpoint = rel
            .split('?')
            .next()
            .unwrap_or(rel)
            .trim_start_matches('/')
            .to_owned();
        self.execute(method, url, &endpoint, body, idempotency, ctx)
            .await
    }

    async fn execute(
        &self,
        method: Method,
        url: Url,
        endpoint: &str,
        body: Option<&serde_json::Value>,
        idempotency: Idempotency,
        ctx: Ctx<'_>,
    ) -> Result<Vec<u8>> {
        let inner = &self.inner;
        let retries = match idempotency {
            Idempotency::Retry => inner.retry.max_retries,
            Idempotency::Once => 0,
        };
        let mut attempt = 0u32;
        loop {
            let mut req = inner
                .http
                .request(method.clone(), url.clone())
                .headers(inner.headers.clone());
            if let Some(t) = inner.timeout {
                req = req.timeout(t);
            }
            if let Some(b) = body {
                req = req.json(b);
            }
            tracing::debug!(%method, endpoint, attempt, "sql gateway request");
            let outcome = match req.send().await {
                Ok(resp) => {
                    let status = resp.status();
                    match resp.bytes().await {
                        Ok(bytes) => Ok((status, bytes.to_vec())),
                        Err(source) => Err(source),
                    }
                }
                Err(source) => Err(source),
            };
            let transient = match &outcome {
                Ok((status, _)) => matches!(
                    *status,
                    StatusCode::BAD_GATEWAY
                        | StatusCode::SERVICE_UNAVAILABLE
                        | StatusCode::GATEWAY_TIMEOUT
                ),
                // No (complete) response: connect failure, reset, or a body cut short.
                // (`bytes()` reports a body cut short as a decode error.)
                Err(e) => e.is_connect() || e.is_request() || e.is_body() || e.is_decode(),
            };
            if transient && attempt < retries {
                let delay = inner.retry.delay(attempt);
                tracing::debug!(endpoint, attempt, ?delay, "retrying transient failure");
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
            let (status, bytes) = outcome.map_err(|source| Error::Transport {
                method: method.to_string(),
                endpoint: endpoint.to_owned(),
                source: source.without_url(),
            })?;
            if status.is_success() {
                return Ok(bytes);
            }
            return Err(map_error_status(
                status,
                method.as_str(),
                endpoint,
                &bytes,
                ctx,
            ));
        }
    }
}

fn map_error_status(
    status: StatusCode,
    method: &str,
    endpoint: &str,
    body: &[u8],
    ctx: Ctx<'_>,
) -> Error {
    let errors = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(b) => b.errors,
        // Proxies answer with HTML or plain text.
        Err(_) => vec![snippet(body, DECODE_SNIPPET)],
    };
    let joined = errors.join("\n");
    if let Some(session) = ctx.session {
        // SessionManagerImpl: "Session '<id>' does not exist."
        if joined.contains("does not exist") && joined.contains(session.as_str()) {
            let message = crate::error::root_cause_of_errors(&errors);
            return Error::SessionNotFound {
                session: session.clone(),
                message,
            };
        }
    }
    // SqlExecutionException: "Failed to execute the operation <id>." marks a statement that
    // failed (as opposed to a gateway-level problem such as an unknown operation).
    const FAILED_OP: &str = "Failed to execute the operation ";
    if let Some(pos) = joined.find(FAILED_OP) {
        let id: String = joined[pos + FAILED_OP.len()..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        let operation = match ctx.operation {
            Some(op) => op.clone(),
            None => OperationHandle::new(id),
        };
        return Error::OperationFailed {
            operation,
            root_cause: crate::error::root_cause_of_errors(&errors),
            trace: joined,
        };
    }
    Error::api(status.as_u16(), method, endpoint, errors)
}

pub(crate) fn decode_json<T: DeserializeOwned>(endpoint: &str, body: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
        endpoint: endpoint.to_owned(),
        path: e.path().to_string(),
        message: e.inner().to_string(),
        snippet: snippet(body, DECODE_SNIPPET),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_prefix_and_joins_server_uris() {
        let c = Client::new("https://gw.example.com/flink").unwrap();
        assert_eq!(c.base_url().as_str(), "https://gw.example.com/flink/");
        // nextResultUri from the server is absolute-path; it must stay under the prefix.
        let u = c
            .join("/v2/sessions/s/operations/o/result/1?rowFormat=JSON")
            .unwrap();
        assert_eq!(
            u.as_str(),
            "https://gw.example.com/flink/v2/sessions/s/operations/o/result/1?rowFormat=JSON"
        );
        let c = Client::new("http://127.0.0.1:8083").unwrap();
        assert_eq!(
            c.join("v1/info").unwrap().as_str(),
            "http://127.0.0.1:8083/v1/info"
        );
    }

    #[test]
    fn rejects_bad_base_urls() {
        for bad in [
            "ftp://x",
            "http://user:pw@host",
            "http://h/?q=1",
            "not a url",
        ] {
            assert!(
                matches!(Client::new(bad), Err(Error::Config { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let c = Client::builder("http://127.0.0.1:1")
            .basic_auth("alice", SecretString::from("hunter2-pw"))
            .secret_header("X-Api-Key", SecretString::from("key-s3cr3t"))
            .header("X-Team", "data")
            .build()
            .unwrap();
        let dbg = format!("{c:?}");
        assert!(
            !dbg.contains("hunter2-pw") && !dbg.contains("key-s3cr3t"),
            "{dbg}"
        );
        assert!(dbg.contains("alice") && dbg.contains("x-team"), "{dbg}");
        let b = Client::builder("http://h").bearer_token(SecretString::from("tok-s3cr3t"));
        assert!(!format!("{b:?}").contains("tok-s3cr3t"));
    }

    #[test]
    fn session_not_found_and_operation_failures_are_classified() {
        let s = SessionHandle::new("abc-123");
        let o = OperationHandle::new("op-1");
        let body = br#"{"errors":["Internal server error.","<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Session 'abc-123' does not exist.\n\tat x\nEnd of exception on server side>"]}"#;
        let ctx = Ctx {
            session: Some(&s),
            operation: None,
        };
        let e = map_error_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "GET",
            "v2/sessions/abc-123",
            body,
            ctx,
        );
        assert!(e.is_session_not_found(), "{e}");
        assert_eq!(e.root_cause(), Some("Session 'abc-123' does not exist."));

        let body = br#"{"errors":["Internal server error.","<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\nCaused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation 4f0b8b65-d13f-4226.\nCaused by: org.apache.flink.table.api.ValidationException: Object 'nope' not found\n\tat y\nEnd of exception on server side>"]}"#;
        let ctx = Ctx {
            session: Some(&s),
            operation: Some(&o),
        };
        match map_error_status(StatusCode::INTERNAL_SERVER_ERROR, "GET", "x", body, ctx) {
            Error::OperationFailed {
                root_cause, trace, ..
            } => {
                assert_eq!(root_cause, "Object 'nope' not found");
                assert!(trace.contains("Failed to fetchResults"));
            }
            other => panic!("{other:?}"),
        }
        // Without an operation in context the id comes from the trace.
        match map_error_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "POST",
            "x",
            body,
            Ctx::default(),
        ) {
            Error::OperationFailed { operation, .. } => {
                assert_eq!(operation.as_str(), "4f0b8b65-d13f-4226")
            }
            other => panic!("{other:?}"),
        }
        // An unknown operation is a gateway-level error, not a failed statement.
        let body = br#"{"errors":["org.apache.flink.runtime.rest.handler.RestHandlerException: Failed to getOperationInfo.\nCaused by: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Can not find the submitted operation in the OperationManager with the op-1."]}"#;
        let e = map_error_status(StatusCode::INTERNAL_SERVER_ERROR, "GET", "x", body, ctx);
        assert!(matches!(e, Error::Api { status: 500, .. }), "{e:?}");
        assert_eq!(
            e.root_cause(),
            Some("Can not find the submitted operation in the OperationManager with the op-1.")
        );
        // A proxy's HTML error stays an Api error with the status.
        let e = map_error_status(
            StatusCode::FORBIDDEN,
            "GET",
            "v1/info",
            b"<html>denied</html>",
            Ctx::default(),
        );
        assert!(matches!(e, Error::Api { status: 403, .. }), "{e:?}");
    }
}
