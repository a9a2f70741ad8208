//! [`Client`], [`ClientBuilder`] and the request/retry/decode core shared by all handlers.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use flink_rest_core::{Auth, Connection, ConnectionBuilder, Request};
use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use crate::RetryPolicy;
use crate::TriggerId;
use crate::api::{CheckpointsHandler, JobsHandler, SavepointsHandler, TaskManagersHandler};
use crate::error::{Error, Result};
use crate::models::{ClusterOverview, DashboardConfig, TriggerResponse};

/// Default per-request timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default connect timeout (only used when the builder creates the HTTP client).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How much of a body is kept in decode errors.
const DECODE_SNIPPET_BYTES: usize = 512;
/// Every path is pinned to the v1 API so the contract does not drift with server defaults.
const API_VERSION: &str = "v1";

/// Builder for [`Client`]; created with [`Client::builder`].
#[must_use]
pub struct ClientBuilder {
    conn: ConnectionBuilder,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("connection", &self.conn)
            .finish()
    }
}

impl ClientBuilder {
    fn new(base_url: &str) -> Self {
        Self {
            conn: ConnectionBuilder::new(base_url)
                .timeout(DEFAULT_TIMEOUT)
                .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
                .retry(RetryPolicy::new(3, Duration::from_millis(200))),
        }
    }

    flink_rest_core::connection_setters!(
        conn,
        timeout = "30 s",
        connect_timeout = "5 s",
        retry = "3 retries, 200 ms doubling, ≤ 2 s; only `GET`s are retried"
    );

    /// Sets (or clears) the credentials.
    pub fn auth(mut self, auth: Option<Auth>) -> Self {
        self.conn = self.conn.auth(auth);
        self
    }

    /// Validates the configuration and creates the client.
    pub fn build(self) -> Result<Client> {
        let conn = self
            .conn
            .build(concat!("flink-rest/", env!("CARGO_PKG_VERSION")))
            .map_err(Error::config)?;
        Ok(Client {
            inner: Arc::new(Inner { conn }),
        })
    }
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
    conn: Connection,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("connection", &self.inner.conn)
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
        self.inner.conn.base_url()
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
        let mut url = self.base_url().clone();
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
        let body = self
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
        let bytes = self.execute(method, url, &endpoint, query, body).await?;
        decode(&endpoint, &bytes)
    }

    /// `POST`s an asynchronous operation request (savepoint, stop-with-savepoint) and returns
    /// the server's trigger id; never retried.
    pub(crate) async fn trigger(
        &self,
        segments: &[&str],
        what: &str,
        request: &impl serde::Serialize,
    ) -> Result<TriggerId> {
        let body = serde_json::to_value(request).map_err(|e| Error::Config {
            what: what.into(),
            reason: e.to_string(),
        })?;
        let resp: TriggerResponse = self.send(Method::POST, segments, &[], Some(&body)).await?;
        Ok(resp.request_id)
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
    ) -> Result<Vec<u8>> {
        // Only GETs are idempotent here: savepoint triggers and cancellations are sent once.
        let request = Request::new(method.clone(), url, endpoint)
            .query(query)
            .json(body)
            .idempotent(method == Method::GET);
        match self.inner.conn.send(request).await {
            Ok(resp) if resp.status.is_success() => Ok(resp.body),
            Ok(resp) => Err(Error::api(
                resp.status.as_u16(),
                method.as_str(),
                endpoint,
                &resp.body,
            )),
            Err(source) => Err(Error::Transport {
                method: method.to_string(),
                endpoint: endpoint.to_owned(),
                source,
            }),
        }
    }
}

/// Decodes `body` as JSON, reporting the JSON path and a body snippet on failure.
pub(crate) fn decode<T: DeserializeOwned>(endpoint: &str, body: &[u8]) -> Result<T> {
    flink_rest_core::decode_json(body, DECODE_SNIPPET_BYTES).map_err(|err| Error::Decode {
        endpoint: endpoint.to_owned(),
        path: err.path,
        message: err.message,
        snippet: err.snippet,
    })
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

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
            client.inner.conn.auth()
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
}
