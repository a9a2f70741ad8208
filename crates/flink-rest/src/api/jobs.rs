//! `/jobs/...`: list, details, status, cancel, stop-with-savepoint, exceptions.

use crate::api::PollOptions;
use crate::api::poll::{Poll, poll_until};
use crate::client::Client;
use crate::error::Result;
use crate::models::{JobDetails, JobExceptions, JobOverview, JobStatus, StopWithSavepoint};
use crate::models::{JobStatusBody, JobsOverviewBody};
use flink_rest_core::{JobId, TriggerId};
use reqwest::Method;

/// Job operations; created with [`Client::jobs`].
#[derive(Debug, Clone, Copy)]
pub struct JobsHandler<'c> {
    client: &'c Client,
}

impl<'c> JobsHandler<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /jobs/overview`: all jobs the cluster knows (running and recently finished).
    ///
    /// ```no_run
    /// # async fn run() -> flink_rest::Result<()> {
    /// use flink_rest::{Client, JobStatus};
    /// let client = Client::new("http://127.0.0.1:8081")?;
    /// for job in client.jobs().list().await? {
    ///     if job.state == JobStatus::Running {
    ///         println!("{} {}", job.jid, job.name);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self) -> Result<Vec<JobOverview>> {
        let body: JobsOverviewBody = self.client.get(&["jobs", "overview"], &[]).await?;
        Ok(body.jobs)
    }

    /// `GET /jobs/{id}`: details including vertices. A 404 means the job is unknown.
    pub async fn get(&self, job: &JobId) -> Result<JobDetails> {
        self.client.get(&["jobs", job.as_str()], &[]).await
    }

    /// `GET /jobs/{id}/status`: just the status (cheaper than [`get`](Self::get)).
    pub async fn status(&self, job: &JobId) -> Result<JobStatus> {
        let body: JobStatusBody = self
            .client
            .get(&["jobs", job.as_str(), "status"], &[])
            .await?;
        Ok(body.status)
    }

    /// `PATCH /jobs/{id}?mode=cancel`: requests cancellation (returns once accepted, HTTP 202).
    ///
    /// Cancelling an already cancelled job succeeds again; cancelling a job that reached another
    /// terminal state (FINISHED, FAILED) is an [`Error::Api`](crate::Error::Api) with status 409; an unknown job
    /// gives 404. Not retried.
    ///
    /// ```no_run
    /// # async fn run() -> flink_rest::Result<()> {
    /// let client = flink_rest::Client::new("http://127.0.0.1:8081")?;
    /// let job: flink_rest::JobId = "c23a6e571482793bbdeaee2c10c19b06".parse()?;
    /// client.jobs().cancel(&job).await?;
    /// # Ok(()) }
    /// ```
    pub async fn cancel(&self, job: &JobId) -> Result<()> {
        self.client
            .send_no_content(
                Method::PATCH,
                &["jobs", job.as_str()],
                &[("mode", "cancel".to_owned())],
            )
            .await
    }

    /// `POST /jobs/{id}/stop`: stops the job with a savepoint. Poll the returned trigger with
    /// [`SavepointsHandler::status`](crate::api::SavepointsHandler::status) or
    /// [`wait`](crate::api::SavepointsHandler::wait). Not retried (set
    /// [`StopWithSavepoint::trigger_id`] to make a manual retry safe).
    pub async fn stop_with_savepoint(
        &self,
        job: &JobId,
        request: &StopWithSavepoint,
    ) -> Result<TriggerId> {
        self.client
            .trigger(
                &["jobs", job.as_str(), "stop"],
                "stop-with-savepoint request",
                request,
            )
            .await
    }

    /// `GET /jobs/{id}/exceptions`: failure history, each with a one-line
    /// [`root_cause`](crate::RootExceptionInfo::root_cause) and the full stack trace.
    pub async fn exceptions(&self, job: &JobId) -> Result<JobExceptions> {
        self.client
            .get(&["jobs", job.as_str(), "exceptions"], &[])
            .await
    }

    /// Polls [`status`](Self::status) until `done` returns true for it; bounded by `opts`.
    ///
    /// Returns the status that satisfied `done`, or [`Error::WaitTimeout`](crate::Error::WaitTimeout) naming the last status.
    pub async fn wait_for_status(
        &self,
        job: &JobId,
        done: impl Fn(&JobStatus) -> bool,
        opts: &PollOptions,
    ) -> Result<JobStatus> {
        poll_until(
            opts,
            || format!("job {job} to reach the expected status"),
            || async {
                let status = self.status(job).await?;
                Ok(if done(&status) {
                    Poll::Ready(status)
                } else {
                    Poll::Pending(status.to_string())
                })
            },
        )
        .await
    }
}
