//! [`Client`], [`ClientBuilder`], version negotiation and the request core.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use flink_rest_core::{
    Connection, ConnectionBuilder, Request, TransientErrors, error_messages, snippet,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;
use url::Url;

use crate::RetryPolicy;
use crate::error::{Error, Result};
use crate::ids::{OperationHandle, SessionHandle};
use crate::version::{ApiVersion, Endpoint, Negotiated};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DECODE_SNIPPET: usize = 400;

/// Builder for [`Client`]; see [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    conn: ConnectionBuilder,
    pinned: Option<ApiVersion>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("connection", &self.conn)
            .field("pinned_version", &self.pinned)
            .finish()
    }
}

impl ClientBuilder {
    fn new(base_url: &str) -> Self {
        Self {
            conn: ConnectionBuilder::new(base_url)
                .timeout(DEFAULT_TIMEOUT)
                .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
                .user_agent(concat!("sql-gateway-client/", env!("CARGO_PKG_VERSION")))
                .retry(RetryPolicy::new(3, Duration::from_millis(100)))
                // Heartbeats and fetches are safe to resend after any failure without a
                // complete response; the gateway does not send Retry-After.
                .transient_errors(TransientErrors::NoResponse)
                .honour_retry_after(false),
            pinned: None,
        }
    }

    flink_rest_core::connection_setters!(
        conn,
        timeout = "60 s",
        connect_timeout = "10 s",
        retry = "3 retries from 100 ms, ≤ 2 s"
    );

    /// Trusts this PEM-encoded CA certificate (in addition to the built-in roots) for `https`.
    pub fn ca_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.conn = self.conn.ca_certificate_pem(pem);
        self
    }

    /// Sets the `User-Agent` (default `sql-gateway-client/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.conn = self.conn.user_agent(ua);
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
        // The default user agent is set in `new`; this one is never used.
        let conn = self
            .conn
            .build("sql-gateway-client")
            .map_err(Error::config)?;
        Ok(Client {
            inner: Arc::new(Inner {
                conn,
                pinned: self.pinned,
                negotiated: OnceCell::new(),
            }),
        })
    }
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
    conn: Connection,
    pinned: Option<ApiVersion>,
    negotiated: OnceCell<Negotiated>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("connection", &self.inner.conn)
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
        self.inner.conn.base_url()
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
        self.base_url()
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
        let request = Request::new(method.clone(), url, endpoint)
            .json(body)
            .idempotent(idempotency == Idempotency::Retry);
        let resp = self
            .inner
            .conn
            .send(request)
            .await
            .map_err(|source| Error::Transport {
                method: method.to_string(),
                endpoint: endpoint.to_owned(),
                source,
            })?;
        if resp.status.is_success() {
            return Ok(resp.body);
        }
        Err(map_error_status(
            resp.status,
            method.as_str(),
            endpoint,
            &resp.body,
            ctx,
        ))
    }
}

fn map_error_status(
    status: StatusCode,
    method: &str,
    endpoint: &str,
    body: &[u8],
    ctx: Ctx<'_>,
) -> Error {
    let errors = match error_messages(body) {
        Some(errors) => errors,
        // Proxies answer with HTML or plain text.
        None => vec![snippet(body, DECODE_SNIPPET)],
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
    flink_rest_core::decode_json(body, DECODE_SNIPPET).map_err(|e| Error::Decode {
        endpoint: endpoint.to_owned(),
        path: e.path,
        message: e.message,
        snippet: e.snippet,
    })
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

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
