//! The executor's view of the SQL Gateway, on top of `sql-gateway-client`.
use std::fmt;
use std::time::Duration;

use flink_rest::JobId;
use futures_util::StreamExt;
use sql_gateway_client::{
    Client, FetchOptions, LogicalType, Operation as ClientOperation, ResultKind, ResultStream, Row,
    Session, SessionOptions, StatementOptions,
};
use tokio::sync::Mutex;

use crate::display::DisplayContext;
use crate::render::Text;

/// A gateway failure as the executor reports it.
#[derive(Debug)]
pub(crate) struct GatewayError(sql_gateway_client::Error);

impl GatewayError {
    /// No HTTP answer at all: the gateway is down or the URL is wrong.
    pub(crate) fn is_unreachable(&self) -> bool {
        matches!(self.0, sql_gateway_client::Error::Transport { .. })
    }

    /// One line: the server's root cause, or the client error.
    pub(crate) fn root_cause(&self) -> String {
        match self.0.root_cause() {
            Some(cause) if !cause.is_empty() => cause.to_owned(),
            _ => first_line(&self.0.to_string()),
        }
    }

    /// The full server-side trace, if any.
    pub(crate) fn trace(&self) -> Option<String> {
        self.0.trace().filter(|t| !t.trim().is_empty())
    }
}

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Include the source chain (e.g. "connection refused") on one line, each part once:
        // some errors already show their source in their own message.
        let mut text = self.0.to_string();
        let mut source = std::error::Error::source(&self.0);
        while let Some(s) = source {
            let part = s.to_string();
            if !text.ends_with(&part) {
                text.push_str(": ");
                text.push_str(&part);
            }
            source = s.source();
        }
        f.write_str(&text)
    }
}

impl From<sql_gateway_client::Error> for GatewayError {
    fn from(e: sql_gateway_client::Error) -> Self {
        Self(e)
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().to_owned()
}

/// One page of results, converted for rendering.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub(crate) columns: Vec<String>,
    /// Each column's logical type: how its values are shown.
    pub(crate) types: Vec<LogicalType>,
    pub(crate) rows: Vec<Row>,
    /// The session's display settings when the statement ran.
    pub(crate) display: DisplayContext,
    pub(crate) job_id: Option<JobId>,
    pub(crate) is_query: bool,
    with_content: bool,
}

impl Page {
    /// Whether the result has rows worth showing (not just `OK` from DDL/`SET`).
    pub(crate) fn has_content(&self) -> bool {
        self.with_content
    }
}

/// Whether a statement may change the session's `table.local-time-zone`.
fn may_change_zone(sql: &str) -> bool {
    let head: String = sql
        .trim_start()
        .chars()
        .take(6)
        .collect::<String>()
        .to_ascii_uppercase();
    head.starts_with("SET") || head.starts_with("RESET")
}

/// One session on the gateway.
pub(crate) struct Connection {
    session: Session,
    /// The session's display context (its time zone), read once and again after a
    /// `SET`/`RESET`.
    display: Mutex<Option<DisplayContext>>,
}

impl Connection {
    /// Opens a session (with a keep-alive, so long `--wait`s do not expire it).
    pub(crate) async fn open(client: &Client, name: &str) -> Result<Self, GatewayError> {
        let session = client
            .open_session(
                SessionOptions::new()
                    .name(name)
                    .keep_alive(Duration::from_secs(30)),
            )
            .await?;
        Ok(Self {
            session,
            display: Mutex::new(None),
        })
    }

    /// The session's display context; `default` (the gateway machine's zone, as seen from
    /// here) if the configuration cannot be read.
    async fn display_context(&self) -> DisplayContext {
        let mut cached = self.display.lock().await;
        if let Some(ctx) = cached.as_ref() {
            return ctx.clone();
        }
        let zone = match self.session.config().await {
            Ok(cfg) => cfg
                .get("table.local-time-zone")
                .cloned()
                .unwrap_or_else(|| "default".to_owned()),
            Err(_) => "default".to_owned(),
        };
        let ctx = DisplayContext::for_zone(&zone);
        *cached = Some(ctx.clone());
        ctx
    }

    /// Uses a session someone else opened and keeps alive; [`detach`](Self::detach) leaves it open.
    pub(crate) fn attach(client: &Client, handle: sql_gateway_client::SessionHandle) -> Self {
        Self {
            session: client.attach_session(handle),
            display: Mutex::new(None),
        }
    }

    /// Leaves an attached session open.
    pub(crate) fn detach(self) {
        let _ = self.session.keep_open();
    }

    /// Submits one statement (never retried).
    pub(crate) async fn submit(&self, sql: &str) -> Result<Operation, GatewayError> {
        let display = if may_change_zone(sql) {
            *self.display.lock().await = None;
            DisplayContext::default()
        } else {
            self.display_context().await
        };
        let op = self
            .session
            .execute_statement(sql, StatementOptions::new())
            .await?;
        // Fetched two pages ahead; polling restarts at 1 ms whenever rows arrive, so a
        // bounded query's pauses cost little, and backs off to 500 ms on an idle stream.
        let stream = op.pages(
            FetchOptions::new()
                .backoff(Duration::from_millis(1), Duration::from_millis(500))
                .lookahead(2),
        );
        Ok(Operation {
            op,
            stream: Mutex::new(stream),
            display,
        })
    }

    /// Runs a statement and collects its rows as text.
    async fn query_text(&self, sql: &str) -> Result<(Vec<String>, Vec<Vec<String>>), GatewayError> {
        let op = self
            .session
            .execute_statement(sql, StatementOptions::new())
            .await?;
        let collected = op.collect(FetchOptions::new()).await;
        let _ = op.close().await;
        let (columns, rows) = collected?;
        let names = columns.into_iter().map(|c| c.name).collect();
        let rows = rows
            .into_iter()
            .map(|r| r.fields.iter().map(|v| Text(v).to_string()).collect())
            .collect();
        Ok((names, rows))
    }

    /// The status of a job (`RUNNING`, `FINISHED`, ...) from `SHOW JOBS`; `None` if not listed.
    pub(crate) async fn job_status(&self, job: &JobId) -> Result<Option<String>, GatewayError> {
        let (columns, rows) = self.query_text("SHOW JOBS").await?;
        let id_col = columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case("job id"))
            .unwrap_or(0);
        let status_col = columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case("status"))
            .unwrap_or(2);
        Ok(rows
            .into_iter()
            .find(|r| {
                r.get(id_col)
                    .is_some_and(|id| id.eq_ignore_ascii_case(job.as_str()))
            })
            .and_then(|r| r.get(status_col).cloned()))
    }

    /// Stops (cancels) a job. A job that already ended is not an error for the caller's
    /// purpose, but the error is returned so the caller can tell a dead gateway apart.
    pub(crate) async fn stop_job(&self, job: &JobId) -> Result<(), GatewayError> {
        match self.query_text(&format!("STOP JOB '{job}'")).await {
            Ok(_) => Ok(()),
            Err(err) => {
                tracing::debug!(%job, error = %err, "STOP JOB failed");
                Err(err)
            }
        }
    }

    /// Closes the session.
    pub(crate) async fn close(self) {
        if let Err(err) = self.session.close().await {
            tracing::debug!(error = %err, "closing the session failed");
        }
    }
}

/// A submitted statement and its result stream.
pub(crate) struct Operation {
    op: ClientOperation,
    stream: Mutex<ResultStream>,
    display: DisplayContext,
}

impl Operation {
    /// The next page with rows (or the first page), `None` at the end.
    pub(crate) async fn next_page(&self) -> Result<Option<Page>, GatewayError> {
        let mut stream = self.stream.lock().await;
        let Some(page) = stream.next().await else {
            return Ok(None);
        };
        let page = page?;
        let is_query = page.is_query_result.unwrap_or(false);
        Ok(Some(Page {
            columns: page.columns.iter().map(|c| c.name.clone()).collect(),
            types: page
                .columns
                .iter()
                .map(|c| c.logical_type.clone())
                .collect(),
            rows: page.rows,
            display: self.display.clone(),
            job_id: page.job_id.clone(),
            is_query,
            with_content: page.result_kind == Some(ResultKind::SuccessWithContent),
        }))
    }

    /// Cancels the operation (and the job of a running query).
    pub(crate) async fn cancel(&self) -> Result<(), GatewayError> {
        self.stream.lock().await.stop();
        self.op.cancel().await?;
        Ok(())
    }

    /// Releases the operation.
    pub(crate) async fn close(&self) -> Result<(), GatewayError> {
        self.op.close().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_unreachable_gateway_is_described_once_per_cause() {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused.
        let client = Client::builder("http://127.0.0.1:9")
            .retry(sql_gateway_client::RetryPolicy::none())
            .build()
            .unwrap();
        let Err(err) = Connection::open(&client, "t").await else {
            panic!("a session opened on port 9");
        };
        let text = err.to_string();
        assert_eq!(text.matches("error sending request").count(), 1, "{text}");
        assert!(text.contains("Connection refused"), "{text}");
    }
}
