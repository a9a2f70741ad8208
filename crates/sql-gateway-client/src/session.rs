//! Sessions: open, configure, keep alive, close.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use crate::client::{Client, Ctx, Idempotency};
use crate::error::{Error, Result};
use crate::ids::{ClusterId, OperationHandle, SessionHandle};
use crate::operation::{Operation, StatementOptions};
use crate::version::Endpoint;

/// Options for [`Client::open_session`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct SessionOptions {
    /// Session name shown in gateway logs.
    pub name: Option<String>,
    /// Session properties overriding the gateway's defaults (e.g. `execution.runtime-mode`).
    pub properties: BTreeMap<String, String>,
    /// Send a heartbeat this often in a background task while the [`Session`] lives
    /// (needs the `keep-alive` feature and a Tokio runtime).
    pub keep_alive: Option<Duration>,
}

impl SessionOptions {
    /// Empty options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the session name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a session property.
    pub fn property(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.properties.insert(key.into(), value.into());
        self
    }

    /// Heartbeats every `interval` while the session lives. Pick an interval well below the
    /// gateway's `sql-gateway.session.idle-timeout` (default 10 min).
    pub fn keep_alive(mut self, interval: Duration) -> Self {
        self.keep_alive = Some(interval);
        self
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenSessionBody {
    session_handle: SessionHandle,
}

#[derive(Deserialize)]
struct SessionConfigBody {
    #[serde(default)]
    properties: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct CompleteBody {
    #[serde(default)]
    candidates: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OperationHandleBody {
    operation_handle: OperationHandle,
}

#[derive(Deserialize)]
struct DeployScriptBody {
    #[serde(rename = "clusterID")]
    cluster_id: ClusterId,
}

/// Options for [`Session::refresh_materialized_table`] (v3).
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct RefreshOptions {
    /// Periodic (scheduler-triggered) refresh rather than a manual one.
    pub periodic: bool,
    /// Schedule time (`yyyy-MM-dd HH:mm:ss`) for periodic refreshes.
    pub schedule_time: Option<String>,
    /// Dynamic table options.
    pub dynamic_options: BTreeMap<String, String>,
    /// Partitions to refresh.
    pub static_partitions: BTreeMap<String, String>,
    /// Job configuration.
    pub execution_config: BTreeMap<String, String>,
}

/// Options for [`Session::deploy_script`] (v4): give `script` or `script_uri`.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ScriptOptions {
    /// Inline SQL script.
    pub script: Option<String>,
    /// URI of a script file reachable by the cluster.
    pub script_uri: Option<String>,
    /// Deployment configuration (e.g. `execution.target`).
    pub execution_config: BTreeMap<String, String>,
}

/// An open gateway session.
///
/// Dropping it stops its keep-alive task and, unless [`keep_open`](Self::keep_open) was called,
/// closes it on the gateway in the background (best effort, needs a Tokio runtime). Prefer
/// [`close`](Self::close) to see errors.
pub struct Session {
    client: Client,
    handle: SessionHandle,
    close_on_drop: bool,
    keep_alive: Option<tokio::task::JoinHandle<()>>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("handle", &self.handle)
            .field("keep_alive", &self.keep_alive.is_some())
            .finish()
    }
}

impl Client {
    /// `POST /sessions`: opens a session.
    ///
    /// ```no_run
    /// # async fn run() -> sql_gateway_client::Result<()> {
    /// use sql_gateway_client::{Client, SessionOptions};
    /// use std::time::Duration;
    /// let client = Client::new("http://127.0.0.1:8083")?;
    /// let session = client
    ///     .open_session(
    ///         SessionOptions::new()
    ///             .name("etl")
    ///             .property("execution.runtime-mode", "batch")
    ///             .keep_alive(Duration::from_secs(60)),
    ///     )
    ///     .await?;
    /// println!("{}", session.handle());
    /// session.close().await?;
    /// # Ok(()) }
    /// ```
    pub async fn open_session(&self, options: SessionOptions) -> Result<Session> {
        let mut body = json!({ "properties": options.properties });
        if let Some(name) = &options.name {
            body["sessionName"] = json!(name);
        }
        let resp: OpenSessionBody = self
            .send_json(
                Method::POST,
                Endpoint::Core,
                "sessions",
                Some(&body),
                Idempotency::Once,
                Ctx::default(),
            )
            .await?;
        let mut session = self.attach_session(resp.session_handle);
        if let Some(interval) = options.keep_alive {
            session.start_keep_alive(interval);
        }
        Ok(session)
    }

    /// Wraps an existing session handle (e.g. one stored earlier). The returned [`Session`]
    /// closes it on drop unless [`Session::keep_open`] is called.
    pub fn attach_session(&self, handle: SessionHandle) -> Session {
        Session {
            client: self.clone(),
            handle,
            close_on_drop: true,
            keep_alive: None,
        }
    }

    /// `POST /sessions/{h}/heartbeat` (retried like a `GET`: it is idempotent).
    pub async fn heartbeat(&self, session: &SessionHandle) -> Result<()> {
        let rel = self
            .versioned(
                Endpoint::Core,
                &format!("sessions/{}/heartbeat", seg(session.as_str())),
            )
            .await?;
        let ctx = Ctx {
            session: Some(session),
            operation: None,
        };
        self.request(Method::POST, &rel, None, Idempotency::Retry, ctx)
            .await?;
        Ok(())
    }

    /// `DELETE /sessions/{h}`.
    pub async fn close_session(&self, session: &SessionHandle) -> Result<()> {
        let rel = self
            .versioned(
                Endpoint::Core,
                &format!("sessions/{}", seg(session.as_str())),
            )
            .await?;
        let ctx = Ctx {
            session: Some(session),
            operation: None,
        };
        self.request(Method::DELETE, &rel, None, Idempotency::Once, ctx)
            .await?;
        Ok(())
    }
}

impl Session {
    /// The session's handle.
    pub fn handle(&self) -> &SessionHandle {
        &self.handle
    }

    /// The client this session belongs to.
    pub fn client(&self) -> &Client {
        &self.client
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            session: Some(&self.handle),
            operation: None,
        }
    }

    fn path(&self, rest: &str) -> String {
        format!("sessions/{}/{rest}", seg(self.handle.as_str()))
    }

    /// `GET /sessions/{h}`: the session's effective configuration.
    pub async fn config(&self) -> Result<BTreeMap<String, String>> {
        let body: SessionConfigBody = self
            .client
            .get_json(
                Endpoint::Core,
                &format!("sessions/{}", seg(self.handle.as_str())),
                self.ctx(),
            )
            .await?;
        Ok(body.properties)
    }

    /// `POST /sessions/{h}/heartbeat`.
    pub async fn heartbeat(&self) -> Result<()> {
        self.client.heartbeat(&self.handle).await
    }

    /// `POST /sessions/{h}/configure-session` (v2+): runs a `SET`, `USE`, `CREATE`/`DROP`/`ALTER`,
    /// `LOAD`/`UNLOAD MODULE` or `ADD JAR` statement synchronously.
    pub async fn configure(&self, statement: &str) -> Result<()> {
        self.configure_with_timeout(statement, None).await
    }

    /// Like [`configure`](Self::configure) with an execution timeout.
    pub async fn configure_with_timeout(
        &self,
        statement: &str,
        timeout: Option<Duration>,
    ) -> Result<()> {
        let mut body = json!({ "statement": statement });
        if let Some(t) = timeout {
            body["executionTimeout"] = json!(duration_ms(t));
        }
        let rel = self
            .client
            .versioned(Endpoint::ConfigureSession, &self.path("configure-session"))
            .await?;
        self.client
            .request(
                Method::POST,
                &rel,
                Some(&body),
                Idempotency::Once,
                self.ctx(),
            )
            .await?;
        Ok(())
    }

    /// `POST /sessions/{h}/statements`: submits one statement. Never retried (it could run twice).
    ///
    /// ```no_run
    /// # async fn run(session: &sql_gateway_client::Session) -> sql_gateway_client::Result<()> {
    /// use sql_gateway_client::StatementOptions;
    /// let op = session
    ///     .execute_statement(
    ///         "INSERT INTO sink SELECT * FROM src",
    ///         StatementOptions::new().config("pipeline.name", "copy"),
    ///     )
    ///     .await?;
    /// println!("{:?}", op.status().await?);
    /// # Ok(()) }
    /// ```
    pub async fn execute_statement(
        &self,
        sql: &str,
        options: StatementOptions,
    ) -> Result<Operation> {
        let mut body = json!({ "statement": sql });
        if !options.execution_config.is_empty() {
            body["executionConfig"] = json!(options.execution_config);
        }
        if let Some(t) = options.execution_timeout {
            body["executionTimeout"] = json!(duration_ms(t));
        }
        let resp: OperationHandleBody = self
            .client
            .send_json(
                Method::POST,
                Endpoint::Core,
                &self.path("statements"),
                Some(&body),
                Idempotency::Once,
                self.ctx(),
            )
            .await?;
        Ok(Operation::new(
            self.client.clone(),
            self.handle.clone(),
            resp.operation_handle,
        ))
    }

    /// An operation of this session by handle (e.g. one stored earlier).
    pub fn operation(&self, handle: OperationHandle) -> Operation {
        Operation::new(self.client.clone(), self.handle.clone(), handle)
    }

    /// `GET /sessions/{h}/complete-statement` (v2+): completion candidates at `position`
    /// (a character offset into `statement`).
    pub async fn complete_statement(
        &self,
        statement: &str,
        position: usize,
    ) -> Result<Vec<String>> {
        let body = json!({ "statement": statement, "position": position });
        let body: CompleteBody = self
            .client
            .send_json(
                Method::GET,
                Endpoint::CompleteStatement,
                &self.path("complete-statement"),
                Some(&body),
                Idempotency::Retry,
                self.ctx(),
            )
            .await?;
        Ok(body.candidates)
    }

    /// `POST /sessions/{h}/materialized-tables/{id}/refresh` (served by v3 only).
    pub async fn refresh_materialized_table(
        &self,
        identifier: &str,
        options: RefreshOptions,
    ) -> Result<Operation> {
        let mut body = json!({
            "isPeriodic": options.periodic,
            "dynamicOptions": options.dynamic_options,
            "staticPartitions": options.static_partitions,
            "executionConfig": options.execution_config,
        });
        if let Some(t) = &options.schedule_time {
            body["scheduleTime"] = json!(t);
        }
        let path = self.path(&format!("materialized-tables/{}/refresh", seg(identifier)));
        let resp: OperationHandleBody = self
            .client
            .send_json(
                Method::POST,
                Endpoint::RefreshMaterializedTable,
                &path,
                Some(&body),
                Idempotency::Once,
                self.ctx(),
            )
            .await?;
        Ok(Operation::new(
            self.client.clone(),
            self.handle.clone(),
            resp.operation_handle,
        ))
    }

    /// `POST /sessions/{h}/scripts` (v4+): deploys a SQL script in application mode.
    pub async fn deploy_script(&self, options: ScriptOptions) -> Result<ClusterId> {
        let mut body = json!({ "executionConfig": options.execution_config });
        if let Some(s) = &options.script {
            body["script"] = json!(s);
        }
        if let Some(u) = &options.script_uri {
            body["scriptUri"] = json!(u);
        }
        let resp: DeployScriptBody = self
            .client
            .send_json(
                Method::POST,
                Endpoint::DeployScript,
                &self.path("scripts"),
                Some(&body),
                Idempotency::Once,
                self.ctx(),
            )
            .await?;
        Ok(resp.cluster_id)
    }

    /// Starts (or restarts) a background heartbeat every `interval`; it stops when the session
    /// is dropped or closed, or when the gateway reports the session gone.
    ///
    /// Returns `false` (and starts nothing) outside a Tokio runtime.
    #[cfg(feature = "keep-alive")]
    pub fn start_keep_alive(&mut self, interval: Duration) -> bool {
        self.stop_keep_alive();
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(session = %self.handle, "no Tokio runtime; keep-alive not started");
            return false;
        };
        let client = self.client.clone();
        let handle = self.handle.clone();
        let interval = interval.max(Duration::from_millis(10));
        self.keep_alive = Some(runtime.spawn(async move {
            loop {
                tokio::time::sleep(interval).await;
                match client.heartbeat(&handle).await {
                    Ok(()) => tracing::trace!(session = %handle, "heartbeat"),
                    Err(e @ Error::SessionNotFound { .. }) => {
                        tracing::warn!(session = %handle, error = %e, "session gone; keep-alive stops");
                        break;
                    }
                    Err(e) => tracing::warn!(session = %handle, error = %e, "heartbeat failed"),
                }
            }
        }));
        true
    }

    /// Without the `keep-alive` feature there is no background task: returns `false`.
    #[cfg(not(feature = "keep-alive"))]
    pub fn start_keep_alive(&mut self, _interval: Duration) -> bool {
        false
    }

    /// Stops the background heartbeat, if any.
    pub fn stop_keep_alive(&mut self) {
        if let Some(task) = self.keep_alive.take() {
            task.abort();
        }
    }

    /// True while a keep-alive task runs.
    pub fn is_keep_alive_running(&self) -> bool {
        self.keep_alive.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Disarms close-on-drop and returns the handle, to reuse the session later
    /// (see [`Client::attach_session`]).
    pub fn keep_open(mut self) -> SessionHandle {
        self.close_on_drop = false;
        self.stop_keep_alive();
        self.handle.clone()
    }

    /// `DELETE /sessions/{h}`: closes the session and its operations.
    pub async fn close(mut self) -> Result<()> {
        self.close_on_drop = false;
        self.stop_keep_alive();
        self.client.close_session(&self.handle).await
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.stop_keep_alive();
        if !self.close_on_drop {
            return;
        }
        // Best effort: without a runtime there is nothing to run the request on.
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            let client = self.client.clone();
            let handle = self.handle.clone();
            rt.spawn(async move {
                if let Err(e) = client.close_session(&handle).await {
                    tracing::debug!(session = %handle, error = %e, "close on drop failed");
                }
            });
        }
    }
}

/// Milliseconds, saturating.
pub(crate) fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Characters left as they are in a path segment: RFC 3986's unreserved set.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes one path segment (handles and identifiers such as `` `cat`.`db`.`t` ``),
/// with `percent-encoding`, the crate `url` encodes with.
pub(crate) fn seg(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::seg;
    use crate::{Client, SessionHandle};
    use std::time::Duration;

    #[test]
    fn keep_alive_and_drop_outside_a_runtime_do_not_panic() {
        let client = Client::new("http://127.0.0.1:9").unwrap();
        let mut session = client.attach_session(SessionHandle::new("s"));
        assert!(!session.start_keep_alive(Duration::from_secs(1)));
        assert!(!session.is_keep_alive_running());
        drop(session);
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(seg("2f0a-41"), "2f0a-41");
        assert_eq!(seg("`cat`.`db`.t/x y"), "%60cat%60.%60db%60.t%2Fx%20y");
        assert_eq!(seg("t?x#%é"), "t%3Fx%23%25%C3%A9");
    }
}
