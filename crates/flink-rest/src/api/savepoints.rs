//! `/jobs/{id}/savepoints`: trigger, status, bounded wait.

use crate::api::PollOptions;
use crate::api::poll::{Poll, poll_until};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{AsyncOperationResult, DisposalStatus, SavepointStatus, TriggerSavepoint};
use flink_rest_core::{JobId, TriggerId};

/// Savepoint operations; created with [`Client::savepoints`].
#[derive(Debug, Clone, Copy)]
pub struct SavepointsHandler<'c> {
    client: &'c Client,
}

impl<'c> SavepointsHandler<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `POST /jobs/{id}/savepoints`: triggers a savepoint (optionally cancelling the job after).
    /// Not retried.
    ///
    /// ```no_run
    /// # async fn run() -> flink_rest::Result<()> {
    /// use flink_rest::{Client, PollOptions, SavepointFormat, TriggerSavepoint};
    /// let client = Client::new("http://127.0.0.1:8081")?;
    /// let job = "c23a6e571482793bbdeaee2c10c19b06".parse()?;
    /// let req = TriggerSavepoint::to_dir("file:///tmp/savepoints").format(SavepointFormat::Native);
    /// let trigger = client.savepoints().trigger(&job, &req).await?;
    /// let location = client.savepoints().wait(&job, &trigger, &PollOptions::default()).await?;
    /// println!("savepoint at {location}");
    /// # Ok(()) }
    /// ```
    pub async fn trigger(&self, job: &JobId, request: &TriggerSavepoint) -> Result<TriggerId> {
        self.client
            .trigger(
                &["jobs", job.as_str(), "savepoints"],
                "savepoint request",
                request,
            )
            .await
    }

    /// `GET /jobs/{id}/savepoints/{trigger}`: status of a savepoint or stop-with-savepoint.
    ///
    /// An unknown trigger id (or one older than `rest.async.store-duration`) gives a 404
    /// [`Error::Api`].
    pub async fn status(&self, job: &JobId, trigger: &TriggerId) -> Result<SavepointStatus> {
        let segments = ["jobs", job.as_str(), "savepoints", trigger.as_str()];
        let raw: AsyncOperationResult = self.client.get(&segments, &[]).await?;
        raw.into_status().ok_or_else(|| Error::Decode {
            endpoint: format!("v1/{}", segments.join("/")),
            path: "operation".into(),
            message: "COMPLETED without `location` or `failure-cause`".into(),
            snippet: String::new(),
        })
    }

    /// Polls [`status`](Self::status) until the savepoint completed; bounded by `opts`.
    ///
    /// Returns the savepoint location, [`Error::OperationFailed`] (one-line root cause plus full
    /// stack trace) when Flink reports a failure, or [`Error::WaitTimeout`].
    pub async fn wait(
        &self,
        job: &JobId,
        trigger: &TriggerId,
        opts: &PollOptions,
    ) -> Result<String> {
        poll_until(
            opts,
            || format!("savepoint {trigger} of job {job}"),
            || async {
                match self.status(job, trigger).await? {
                    SavepointStatus::InProgress => Ok(Poll::Pending("IN_PROGRESS".into())),
                    SavepointStatus::Completed { location } => Ok(Poll::Ready(location)),
                    SavepointStatus::Failed { cause } => Err(Error::OperationFailed {
                        operation: format!("savepoint {trigger} of job {job}"),
                        root_cause: cause.root_cause(),
                        stack_trace: cause.stack_trace,
                    }),
                }
            },
        )
        .await
    }

    /// `POST /savepoint-disposal`: deletes the savepoint at `path` (its directory, as reported
    /// when it was written). Not retried.
    ///
    /// ```no_run
    /// # async fn run() -> flink_rest::Result<()> {
    /// use flink_rest::{Client, PollOptions};
    /// let client = Client::new("http://127.0.0.1:8081")?;
    /// let trigger = client.savepoints().dispose("file:/tmp/sp/savepoint-4b6c1e-0123456789ab").await?;
    /// client.savepoints().wait_disposal(&trigger, &PollOptions::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn dispose(&self, path: &str) -> Result<TriggerId> {
        let body = serde_json::json!({ "savepoint-path": path });
        self.client
            .trigger(&["savepoint-disposal"], "savepoint disposal request", &body)
            .await
    }

    /// `GET /savepoint-disposal/{trigger}`: status of a disposal.
    pub async fn disposal_status(&self, trigger: &TriggerId) -> Result<DisposalStatus> {
        let raw: AsyncOperationResult = self
            .client
            .get(&["savepoint-disposal", trigger.as_str()], &[])
            .await?;
        Ok(raw.into_disposal())
    }

    /// Polls [`disposal_status`](Self::disposal_status) until the disposal ended; bounded by
    /// `opts`. A failed disposal is [`Error::OperationFailed`] with its root cause.
    pub async fn wait_disposal(&self, trigger: &TriggerId, opts: &PollOptions) -> Result<()> {
        poll_until(
            opts,
            || format!("savepoint disposal {trigger}"),
            || async {
                match self.disposal_status(trigger).await? {
                    DisposalStatus::InProgress => Ok(Poll::Pending("IN_PROGRESS".into())),
                    DisposalStatus::Completed => Ok(Poll::Ready(())),
                    DisposalStatus::Failed { cause } => Err(Error::OperationFailed {
                        operation: format!("savepoint disposal {trigger}"),
                        root_cause: cause.root_cause(),
                        stack_trace: cause.stack_trace,
                    }),
                }
            },
        )
        .await
    }
}
