//! Operations (submitted statements): status, cancel, close, and result streams.

use std::collections::BTreeMap;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use flink_rest_core::exp_backoff;
use futures_util::stream::{self, BoxStream, Stream, StreamExt};
use reqwest::Method;
use serde::Deserialize;

use crate::client::{Client, Ctx, Idempotency};
use crate::error::{Error, Result};
use crate::ids::{OperationHandle, SessionHandle};
use crate::results::{ColumnInfo, ResultPage, ResultType, Row, RowFormat, decode_page};
use crate::session::seg;
use crate::version::{ApiVersion, Endpoint};

/// Options for [`Session::execute_statement`](crate::Session::execute_statement).
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct StatementOptions {
    /// Configuration for this statement only (e.g. `pipeline.name`, `parallelism.default`).
    pub execution_config: BTreeMap<String, String>,
    /// Server-side execution timeout.
    pub execution_timeout: Option<Duration>,
}

impl StatementOptions {
    /// No extra configuration.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one configuration entry.
    pub fn config(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.execution_config.insert(key.into(), value.into());
        self
    }

    /// Sets the execution timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.execution_timeout = Some(timeout);
        self
    }
}

/// State of an operation (`GET .../status`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperationStatus {
    /// Created, not yet submitted.
    Initialized,
    /// Submitted, waiting to run.
    Pending,
    /// Running (a streaming query stays here until cancelled).
    Running,
    /// Done; results can be fetched.
    Finished,
    /// Cancelled.
    Canceled,
    /// Closed; its resources are released.
    Closed,
    /// Failed; fetching results gives [`Error::OperationFailed`].
    Error,
    /// Hit its execution timeout.
    Timeout,
    /// A status this client does not know.
    Other(String),
}

impl OperationStatus {
    fn parse(s: &str) -> Self {
        match s {
            "INITIALIZED" => Self::Initialized,
            "PENDING" => Self::Pending,
            "RUNNING" => Self::Running,
            "FINISHED" => Self::Finished,
            "CANCELED" => Self::Canceled,
            "CLOSED" => Self::Closed,
            "ERROR" => Self::Error,
            "TIMEOUT" => Self::Timeout,
            other => Self::Other(other.to_owned()),
        }
    }

    /// True once the operation can make no more progress.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Self::Finished | Self::Canceled | Self::Closed | Self::Error | Self::Timeout
        )
    }
}

#[derive(Deserialize)]
struct StatusBody {
    status: String,
}

/// How results are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
#[non_exhaustive]
pub struct FetchOptions {
    /// `JSON` (typed values, default) or `PLAIN_TEXT`.
    pub row_format: RowFormat,
    /// First delay after a `NOT_READY` (or empty) page; doubles on each further one.
    pub initial_backoff: Duration,
    /// Upper bound for one delay.
    pub max_backoff: Duration,
    /// Give up with [`Error::FetchTimeout`] after waiting this long in a row without rows.
    pub timeout: Option<Duration>,
    /// Pages fetched and decoded ahead of the consumer (on a Tokio task), so the next
    /// request is in flight while the current page is written. `0` fetches strictly in turn.
    pub lookahead: usize,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            row_format: RowFormat::Json,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_secs(1),
            timeout: None,
            lookahead: 2,
        }
    }
}

impl FetchOptions {
    /// Defaults: JSON, 10 ms doubling to 1 s, no timeout, two pages of look-ahead.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the row format.
    pub fn row_format(mut self, format: RowFormat) -> Self {
        self.row_format = format;
        self
    }

    /// Sets the backoff bounds.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// Sets the no-progress timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets how many pages are fetched ahead of the consumer (`0`: none).
    pub fn lookahead(mut self, pages: usize) -> Self {
        self.lookahead = pages;
        self
    }
}

/// A submitted statement.
#[derive(Clone)]
pub struct Operation {
    client: Client,
    session: SessionHandle,
    handle: OperationHandle,
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("session", &self.session)
            .field("handle", &self.handle)
            .finish()
    }
}

impl Operation {
    pub(crate) fn new(client: Client, session: SessionHandle, handle: OperationHandle) -> Self {
        Self {
            client,
            session,
            handle,
        }
    }

    /// The operation handle.
    pub fn handle(&self) -> &OperationHandle {
        &self.handle
    }

    /// The session it runs in.
    pub fn session(&self) -> &SessionHandle {
        &self.session
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            session: Some(&self.session),
            operation: Some(&self.handle),
        }
    }

    fn path(&self, rest: &str) -> String {
        format!(
            "sessions/{}/operations/{}/{rest}",
            seg(self.session.as_str()),
            seg(self.handle.as_str())
        )
    }

    async fn status_call(
        &self,
        method: Method,
        rest: &str,
        idem: Idempotency,
    ) -> Result<OperationStatus> {
        let body: StatusBody = self
            .client
            .send_json(
                method,
                Endpoint::Core,
                &self.path(rest),
                None,
                idem,
                self.ctx(),
            )
            .await?;
        Ok(OperationStatus::parse(&body.status))
    }

    /// `GET .../status`.
    pub async fn status(&self) -> Result<OperationStatus> {
        self.status_call(Method::GET, "status", Idempotency::Retry)
            .await
    }

    /// `POST .../cancel`: cancels the operation.
    ///
    /// A query's operation is `FINISHED` as soon as its job runs and results can be fetched;
    /// the gateway then refuses to cancel it ("Failed to convert the Operation Status from
    /// FINISHED to CANCELED"). In that case the operation is closed instead, which cancels the
    /// job, and `Closed` is returned.
    pub async fn cancel(&self) -> Result<OperationStatus> {
        match self
            .status_call(Method::POST, "cancel", Idempotency::Once)
            .await
        {
            Err(Error::Api { ref errors, .. })
                if errors
                    .iter()
                    .any(|e| e.contains("from FINISHED to CANCELED")) =>
            {
                self.close().await
            }
            other => other,
        }
    }

    /// `DELETE .../close`: releases the operation's resources (cancelling it if running).
    pub async fn close(&self) -> Result<OperationStatus> {
        self.status_call(Method::DELETE, "close", Idempotency::Once)
            .await
    }

    /// Relative path of result page `token` in `format` for the version in use.
    pub(crate) async fn result_path(&self, token: u64, format: RowFormat) -> Result<String> {
        let neg = self.client.negotiate().await?;
        let v = neg.for_endpoint(Endpoint::Core)?;
        let mut rel = format!(
            "{}/{}",
            v.path_prefix(),
            self.path(&format!("result/{token}"))
        );
        // v1 has no rowFormat parameter and always sends JSON.
        if v >= ApiVersion::V2 {
            rel.push_str("?rowFormat=");
            rel.push_str(format.as_str());
        }
        Ok(rel)
    }

    /// `GET .../result/{token}`: one page, as the server sends it (may be `NOT_READY`).
    pub async fn fetch(&self, token: u64, format: RowFormat) -> Result<ResultPage> {
        let rel = self.result_path(token, format).await?;
        self.fetch_uri(&rel, format).await
    }

    /// Fetches the page at a `nextResultUri` the server returned.
    pub async fn fetch_uri(&self, uri: &str, format: RowFormat) -> Result<ResultPage> {
        let body = self
            .client
            .request(Method::GET, uri, None, Idempotency::Retry, self.ctx())
            .await?;
        let endpoint = uri.split('?').next().unwrap_or(uri).trim_start_matches('/');
        decode_page(&body, format, endpoint)
    }

    /// All result pages from the first to `EOS`, following `nextResultUri`.
    ///
    /// `NOT_READY` and empty pages are waited out with bounded exponential backoff that
    /// restarts at [`FetchOptions::initial_backoff`] whenever rows arrive (fast while data
    /// flows, slow only when it does not); the first page is always yielded (it carries the
    /// columns), later empty ones are not. After an error the stream ends.
    ///
    /// Inside a Tokio runtime, up to [`FetchOptions::lookahead`] pages are fetched and decoded
    /// ahead on a task; dropping the stream (or [`ResultStream::stop`]) ends that task.
    pub fn pages(&self, options: FetchOptions) -> ResultStream {
        let lookahead = options.lookahead;
        let inner = page_stream(self.clone(), options);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) if lookahead > 0 => {
                let (tx, rx) = tokio::sync::mpsc::channel(lookahead);
                let mut pages = inner;
                let task = runtime.spawn(async move {
                    while let Some(page) = pages.next().await {
                        // The consumer went away: stop fetching.
                        if tx.send(page).await.is_err() {
                            break;
                        }
                    }
                });
                ResultStream {
                    inner: Pages::Ahead {
                        rx,
                        task: task.abort_handle(),
                    },
                }
            }
            _ => ResultStream {
                inner: Pages::InTurn(inner),
            },
        }
    }

    /// All result rows, flattened from [`pages`](Self::pages).
    pub fn rows(&self, options: FetchOptions) -> RowStream {
        let s = self
            .pages(options)
            .flat_map(|page| match page {
                Ok(p) => stream::iter(p.rows.into_iter().map(Ok).collect::<Vec<_>>()),
                Err(e) => stream::iter(vec![Err(e)]),
            })
            .boxed();
        RowStream { inner: s }
    }

    /// Reads the whole (bounded) result: columns and all rows.
    pub async fn collect(&self, options: FetchOptions) -> Result<(Vec<ColumnInfo>, Vec<Row>)> {
        let mut columns = Vec::new();
        let mut rows = Vec::new();
        let mut pages = self.pages(options);
        while let Some(page) = pages.next().await {
            let page = page?;
            if columns.is_empty() {
                columns = page.columns;
            }
            rows.extend(page.rows);
        }
        Ok((columns, rows))
    }
}

struct PageState {
    op: Operation,
    options: FetchOptions,
    next: Option<String>,
    yielded: bool,
    empty_in_a_row: u32,
    waited: Duration,
    done: bool,
    /// Switched from JSON to PLAIN_TEXT after the gateway could not write a page as JSON.
    fell_back: bool,
}

/// Flink's gateway cannot write some values as JSON rows (a MAP or MULTISET whose keys are
/// not strings) and answers HTTP 500 with this message; the same page can be fetched again
/// as PLAIN_TEXT, which Flink's own SQL Client uses.
fn json_unmappable(err: &Error) -> bool {
    matches!(err, Error::Api { errors, .. }
        if errors.iter().any(|e| e.contains("Could not map response to JSON")))
}

fn page_stream(op: Operation, options: FetchOptions) -> BoxStream<'static, Result<ResultPage>> {
    let state = PageState {
        op,
        options,
        next: None,
        yielded: false,
        empty_in_a_row: 0,
        waited: Duration::ZERO,
        done: false,
        fell_back: false,
    };
    stream::unfold(state, |mut st| async move {
        loop {
            if st.done {
                return None;
            }
            let format = st.options.row_format;
            let fetched = match st.next.clone() {
                Some(uri) => st.op.fetch_uri(&uri, format).await,
                None => st.op.fetch(0, format).await,
            };
            let page = match fetched {
                Ok(p) => p,
                Err(e) if format == RowFormat::Json && !st.fell_back && json_unmappable(&e) => {
                    // Once per stream: the same token again, and the rest, as PLAIN_TEXT.
                    tracing::debug!(error = %e, "the gateway cannot write this result as JSON; fetching PLAIN_TEXT");
                    st.fell_back = true;
                    st.options.row_format = RowFormat::PlainText;
                    if let Some(uri) = &mut st.next {
                        *uri = uri.replace("rowFormat=JSON", "rowFormat=PLAIN_TEXT");
                    }
                    continue;
                }
                Err(e) => {
                    st.done = true;
                    return Some((Err(e), st));
                }
            };
            match page.result_type {
                ResultType::Eos => {
                    st.done = true;
                    if !page.rows.is_empty() || !st.yielded {
                        st.yielded = true;
                        return Some((Ok(page), st));
                    }
                    return None;
                }
                ResultType::NotReady | ResultType::Payload => {
                    // NOT_READY pages repeat the same token in nextResultUri.
                    if let Some(uri) = &page.next_result_uri {
                        st.next = Some(uri.clone());
                    } else if page.result_type == ResultType::Payload {
                        st.done = true;
                    }
                    let has_rows = !page.rows.is_empty();
                    let first_payload = page.result_type == ResultType::Payload && !st.yielded;
                    if has_rows {
                        st.empty_in_a_row = 0;
                        st.waited = Duration::ZERO;
                    } else if !st.done {
                        let delay = exp_backoff(
                            st.options.initial_backoff,
                            st.options.max_backoff,
                            st.empty_in_a_row,
                        );
                        if let Some(limit) = st.options.timeout
                            && st.waited >= limit
                        {
                            st.done = true;
                            let err = Error::FetchTimeout {
                                operation: st.op.handle.clone(),
                                waited: st.waited,
                            };
                            return Some((Err(err), st));
                        }
                        st.empty_in_a_row = st.empty_in_a_row.saturating_add(1);
                        st.waited += delay;
                        if !first_payload {
                            tokio::time::sleep(delay).await;
                        }
                    }
                    if has_rows || first_payload {
                        st.yielded = true;
                        return Some((Ok(page), st));
                    }
                }
            }
        }
    })
    .boxed()
}

/// Stream of [`ResultPage`]s; see [`Operation::pages`].
pub struct ResultStream {
    inner: Pages,
}

enum Pages {
    /// Fetched when asked for.
    InTurn(BoxStream<'static, Result<ResultPage>>),
    /// Fetched ahead by a task into a bounded channel.
    Ahead {
        rx: tokio::sync::mpsc::Receiver<Result<ResultPage>>,
        task: tokio::task::AbortHandle,
    },
}

impl ResultStream {
    /// Stops fetching (also ahead): the stream ends after what was already fetched.
    pub fn stop(&mut self) {
        match &mut self.inner {
            Pages::InTurn(s) => *s = stream::empty().boxed(),
            Pages::Ahead { rx, task } => {
                task.abort();
                rx.close();
            }
        }
    }
}

impl Drop for ResultStream {
    fn drop(&mut self) {
        if let Pages::Ahead { task, .. } = &self.inner {
            task.abort();
        }
    }
}

impl fmt::Debug for ResultStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResultStream")
    }
}

impl Stream for ResultStream {
    type Item = Result<ResultPage>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.inner {
            Pages::InTurn(s) => s.as_mut().poll_next(cx),
            Pages::Ahead { rx, .. } => rx.poll_recv(cx),
        }
    }
}

/// Stream of [`Row`]s; see [`Operation::rows`].
pub struct RowStream {
    inner: BoxStream<'static, Result<Row>>,
}

impl fmt::Debug for RowStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RowStream")
    }
}

impl Stream for RowStream {
    type Item = Result<Row>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}
