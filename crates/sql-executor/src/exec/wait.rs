//! `wait`: following a submitted job until it ends.
use std::time::Instant;

use flink_rest::JobId;

use super::{Engine, Step, humanize};
use crate::exit::ExitStatus;
use crate::gateway::Connection;
use crate::plan::PlannedStatement;
use crate::report::Outcome;

impl Engine<'_> {
    /// `wait`: polls the job until it ends, through the JobManager when one is known (typed
    /// status, root-cause exception), else through the gateway's `SHOW JOBS`. Bounded by
    /// [`RunOptions::wait_timeout`] and, for a job that never shows up,
    /// [`RunOptions::job_appear_timeout`]. Ctrl-C stops (cancels) the job.
    pub(super) async fn wait_for_job(
        &mut self,
        conn: &Connection,
        stmt: &PlannedStatement,
        job: JobId,
    ) -> Step {
        let source = if self.jobmanager.is_some() {
            "the JobManager"
        } else {
            "the SQL Gateway"
        };
        self.note(&format!(
            "  waiting for job {job} to finish (through {source})"
        ));
        let started = Instant::now();
        let mut last: Option<String> = None;
        let jobmanager = self.jobmanager;
        loop {
            let polled_job = &job;
            let polled = async move {
                match jobmanager {
                    Some(jm) => match jm.jobs().status(polled_job).await {
                        Ok(s) => Ok(Some(s.to_string())),
                        Err(e) if e.is_not_found() => Ok(None),
                        Err(e) => Err((e.to_string(), e.status().is_none())),
                    },
                    None => conn
                        .job_status(polled_job)
                        .await
                        .map_err(|e| (e.to_string(), e.is_unreachable())),
                }
            };
            let state = match or_interrupt!(self, polled) {
                None => {
                    self.note(&format!("  interrupted: stopping job {job}"));
                    let cleanup_started = Instant::now();
                    let by_gateway = self.stop_through_gateway(conn, &job).await;
                    self.ensure_ended(&job, by_gateway, cleanup_started).await;
                    return Step {
                        outcome: Outcome::Interrupted,
                        job_id: Some(job.clone()),
                        rows: None,
                        status: ExitStatus::Interrupted,
                    };
                }
                Some(Err((err, unreachable))) => {
                    let status = if unreachable {
                        ExitStatus::GatewayUnreachable
                    } else {
                        ExitStatus::StatementFailed
                    };
                    let cause = format!("cannot read the status of job {job} from {source}: {err}");
                    return self.job_failed(stmt, &job, cause, status);
                }
                Some(Ok(state)) => state,
            };
            match state.as_deref() {
                Some("FINISHED") => {
                    self.note(&format!("  job {job} finished"));
                    return Step::ok(Some(job.clone()), None);
                }
                Some(s @ ("FAILED" | "CANCELED" | "CANCELLED")) => {
                    let cause = self.job_root_cause(&job).await;
                    let root_cause = match cause {
                        Some(cause) => format!("job {job} ended {s}: {cause}"),
                        None => format!("job {job} ended {s}"),
                    };
                    return self.job_failed(stmt, &job, root_cause, ExitStatus::StatementFailed);
                }
                None if started.elapsed() > self.options.job_appear_timeout => {
                    let cause = format!(
                        "job {job} was not listed by {source} within {}",
                        humanize(self.options.job_appear_timeout)
                    );
                    return self.job_failed(stmt, &job, cause, ExitStatus::StatementFailed);
                }
                _ => {}
            }
            last = state.or(last);
            if started.elapsed() + self.options.job_poll_interval > self.options.wait_timeout {
                let cause = format!(
                    "job {job} did not end within {} (last status: {})",
                    humanize(self.options.wait_timeout),
                    last.as_deref().unwrap_or("not listed")
                );
                return self.job_failed(stmt, &job, cause, ExitStatus::TimedOut);
            }
            if or_interrupt!(self, tokio::time::sleep(self.options.job_poll_interval)).is_none() {
                continue;
            }
        }
    }

    /// The most recent root-cause exception of a job, from the JobManager.
    pub(super) async fn job_root_cause(&self, id: &JobId) -> Option<String> {
        let jm = self.jobmanager?;
        let fetched =
            tokio::time::timeout(self.options.cleanup_timeout, jm.jobs().exceptions(id)).await;
        match fetched {
            Ok(Ok(exceptions)) => exceptions
                .latest()
                .map(|e| self.masker.mask(e.root_cause()).into_owned()),
            Ok(Err(err)) => {
                tracing::debug!(error = %err, "reading the job's exceptions failed");
                None
            }
            Err(_) => None,
        }
    }

    pub(super) fn job_failed(
        &mut self,
        stmt: &PlannedStatement,
        job: &JobId,
        root_cause: String,
        status: ExitStatus,
    ) -> Step {
        let root_cause = self.masker.mask(&root_cause).into_owned();
        self.note(&format!(
            "error: statement {} at {}: {root_cause}",
            stmt.index,
            stmt.location()
        ));
        Step {
            outcome: Outcome::Failed { root_cause },
            job_id: Some(job.clone()),
            rows: None,
            status,
        }
    }
}
