//! Ending operations and jobs: through the gateway, else the JobManager; bounded in time.
use std::time::{Duration, Instant};

use flink_rest::JobId;

use super::Engine;
use crate::gateway::{Connection, Operation};
use crate::report::{JobCleanup, JobEnd};

impl Engine<'_> {
    /// Cancels an operation and ends its job (if it has one): through the gateway, else
    /// through the JobManager; bounded in time. The outcome for the job is recorded.
    pub(super) async fn cancel(
        &mut self,
        conn: &Connection,
        op: &Operation,
        job_id: Option<&JobId>,
    ) {
        let started = Instant::now();
        let by_gateway = self.cancel_through_gateway(conn, op, job_id).await;
        if let Some(job) = job_id {
            self.ensure_ended(job, by_gateway, started).await;
        }
    }

    /// Cancels the operation and stops its job on the gateway; whether that worked.
    pub(super) async fn cancel_through_gateway(
        &mut self,
        conn: &Connection,
        op: &Operation,
        job_id: Option<&JobId>,
    ) -> bool {
        let cleanup = async {
            let cancelled = op.cancel().await.is_ok();
            let _ = op.close().await;
            match job_id {
                // A job already ended by the cancel makes STOP JOB fail; either is enough.
                Some(job) => conn.stop_job(job).await.is_ok() || cancelled,
                None => cancelled,
            }
        };
        match tokio::time::timeout(self.options.cleanup_timeout, cleanup).await {
            Ok(ok) => ok,
            Err(_) => {
                self.note("warning: cancelling the operation on the SQL Gateway timed out");
                false
            }
        }
    }

    /// Stops a job on the gateway (bounded); whether that worked.
    pub(super) async fn stop_through_gateway(&mut self, conn: &Connection, job: &JobId) -> bool {
        matches!(
            tokio::time::timeout(self.options.cleanup_timeout, conn.stop_job(job)).await,
            Ok(Ok(()))
        )
    }

    /// Makes sure `job` ends: checks (or, when the gateway could not, cancels) it through the
    /// JobManager when one is known, and records how it ended. A job that the JobManager shows
    /// ended on its own (FINISHED, FAILED) is not recorded.
    pub(super) async fn ensure_ended(&mut self, job: &JobId, by_gateway: bool, started: Instant) {
        let end = match self.jobmanager {
            None if by_gateway => JobEnd::CancelledByGateway,
            None => JobEnd::MayStillRun {
                reason: "the SQL Gateway could not cancel it and no JobManager URL is known"
                    .to_owned(),
            },
            Some(jm) => match self
                .end_through_jobmanager(jm, job, by_gateway, started)
                .await
            {
                Some(end) => end,
                None => return,
            },
        };
        let end = match end {
            JobEnd::MayStillRun { reason } => JobEnd::MayStillRun {
                reason: self.masker.mask(&reason).into_owned(),
            },
            other => other,
        };
        self.cleanups.push(JobCleanup {
            job_id: job.clone(),
            end,
        });
    }

    /// `None` when the job had already ended on its own.
    pub(super) async fn end_through_jobmanager(
        &self,
        jm: &flink_rest::Client,
        job: &JobId,
        by_gateway: bool,
        started: Instant,
    ) -> Option<JobEnd> {
        let poll =
            flink_rest::PollOptions::new(self.options.cleanup_timeout, Duration::from_millis(100));
        let terminal = |s: &flink_rest::JobStatus| s.is_globally_terminal();
        if by_gateway {
            // The gateway said it cancelled the job; believe the JobManager only.
            if let Ok(status) = jm.jobs().wait_for_status(job, terminal, &poll).await {
                return (status == flink_rest::JobStatus::Canceled)
                    .then_some(JobEnd::CancelledByGateway);
            }
        } else if let Ok(status) = jm.jobs().status(job).await
            && status.is_globally_terminal()
        {
            return None;
        }
        match jm.jobs().cancel(job).await {
            // 409: it already reached another final status; the wait below reports which.
            Ok(()) => {}
            Err(err) if err.status() == Some(409) => {}
            Err(err) => {
                return Some(JobEnd::MayStillRun {
                    reason: format!("cancelling it through the JobManager failed: {err}"),
                });
            }
        }
        Some(
            match jm.jobs().wait_for_status(job, terminal, &poll).await {
                Ok(status) => JobEnd::CancelledByJobManager {
                    status: status.to_string(),
                    took: started.elapsed(),
                },
                Err(err) => JobEnd::MayStillRun {
                    reason: format!("the JobManager accepted the cancellation, but: {err}"),
                },
            },
        )
    }
}
