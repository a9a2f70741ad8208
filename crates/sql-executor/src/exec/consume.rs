//! Reading a statement's results to the end, a limit or an interrupt, and writing them.
use std::time::Instant;

use flink_rest::JobId;

use super::{Engine, Step};
use crate::classify::StatementKind;
use crate::exit::ExitStatus;
use crate::gateway::{Connection, Operation, Page};
use crate::plan::PlannedStatement;
use crate::render::{Cells, ResultWriter};
use crate::report::{Limit, Outcome};

impl Engine<'_> {
    /// Reads an operation's results to the end (or a limit, or an interrupt).
    pub(super) async fn consume(
        &mut self,
        conn: &Connection,
        stmt: &PlannedStatement,
        op: &Operation,
        is_query: bool,
        deadline: Option<tokio::time::Instant>,
    ) -> Step {
        let mut writer: Option<ResultWriter> = None;
        let mut job_id: Option<JobId> = None;
        let mut rows: u64 = 0;
        let max_rows = if is_query {
            self.options.max_rows
        } else {
            None
        };
        let mut truncated: Option<Limit> = None;
        let starts_job = matches!(
            stmt.kind,
            StatementKind::Insert | StatementKind::StatementSet
        ) || stmt.creates_job;
        loop {
            let next = async {
                match deadline {
                    Some(d) => tokio::time::timeout_at(d, op.next_page()).await.ok(),
                    None => Some(op.next_page().await),
                }
            };
            let page: Page = match or_interrupt!(self, next) {
                None => {
                    self.cancel(conn, op, job_id.as_ref()).await;
                    self.finish_result(writer.as_mut());
                    return Step {
                        outcome: Outcome::Interrupted,
                        job_id,
                        rows: Some(rows),
                        status: ExitStatus::Interrupted,
                    };
                }
                Some(None) => {
                    let t = self.options.timeout.unwrap_or_default();
                    truncated = Some(Limit::Timeout(t));
                    break;
                }
                Some(Some(Err(err))) => {
                    self.finish_result(writer.as_mut());
                    let mut step = self.failed(stmt, &err);
                    // A query's job lives only for its results: end it, through the
                    // JobManager if the gateway is gone.
                    if is_query && let Some(job) = job_id.as_ref() {
                        let started = Instant::now();
                        if err.is_unreachable() {
                            self.ensure_ended(job, false, started).await;
                        } else {
                            // The gateway answered, so the query failed there (often because
                            // its job failed): end the job if it still runs, and report only
                            // what the JobManager can confirm.
                            let by_gateway = self.cancel_through_gateway(conn, op, Some(job)).await;
                            if self.jobmanager.is_some() {
                                self.ensure_ended(job, by_gateway, started).await;
                            }
                        }
                    }
                    step.job_id = job_id;
                    return step;
                }
                Some(Some(Ok(None))) => break,
                Some(Some(Ok(Some(page)))) => page,
            };
            if job_id.is_none() {
                job_id = page.job_id.clone();
            }
            if let Some(observer) = &self.options.observer {
                let job = job_id.as_ref();
                let cells = Cells::new(page.types.clone(), page.display.clone(), page.is_query);
                observer.page(
                    self.masker,
                    &page.columns,
                    &cells,
                    &page.rows,
                    job,
                    page.is_query,
                );
            }
            // A job-submitting statement's only row is its job id, reported on `diag` below.
            if writer.is_none()
                && !page.columns.is_empty()
                && page.has_content()
                && (!starts_job || page.is_query)
            {
                writer = Some(
                    ResultWriter::new(self.options.output, page.columns.clone(), page.is_query)
                        .displayed(Cells::new(
                            page.types.clone(),
                            page.display.clone(),
                            page.is_query,
                        ))
                        .masked(self.masker.clone())
                        .table_memory_limit(self.options.table_memory_limit),
                );
            }
            if let Some(w) = writer.as_mut() {
                for row in &page.rows {
                    if max_rows.is_some_and(|m| rows >= m) {
                        break;
                    }
                    rows += 1;
                    if let Err(err) = w.row(&mut *self.out, row.kind, &row.fields) {
                        if err.kind() == std::io::ErrorKind::BrokenPipe {
                            self.output_closed = true;
                            self.cancel(conn, op, job_id.as_ref()).await;
                            return Step::ok(job_id, Some(rows));
                        }
                        if err.kind() == std::io::ErrorKind::OutOfMemory {
                            // The table-mode memory cap: the query cannot be shown, end it.
                            self.note(&format!("error: statement {}: {err}", stmt.index));
                            self.cancel(conn, op, job_id.as_ref()).await;
                        } else {
                            self.note(&format!("error: cannot write results: {err}"));
                        }
                        return Step {
                            outcome: Outcome::Failed {
                                root_cause: err.to_string(),
                            },
                            job_id,
                            rows: Some(rows),
                            status: ExitStatus::StatementFailed,
                        };
                    }
                }
                // Once per page, so `| head` and tailing see rows as they come.
                if let Err(err) = self.out.flush()
                    && err.kind() == std::io::ErrorKind::BrokenPipe
                {
                    self.output_closed = true;
                    self.cancel(conn, op, job_id.as_ref()).await;
                    return Step::ok(job_id, Some(rows));
                }
            }
            if let Some(m) = max_rows
                && rows >= m
            {
                truncated = Some(Limit::MaxRows(m));
                break;
            }
        }
        self.finish_result(writer.as_mut());
        if let Some(limit) = truncated {
            self.note(&format!(
                "note: result of statement {} truncated after {rows} row(s) by {limit}; the query was cancelled",
                stmt.index
            ));
            self.cancel(conn, op, job_id.as_ref()).await;
            return Step {
                outcome: Outcome::Truncated { limit },
                job_id,
                rows: Some(rows),
                status: ExitStatus::Truncated,
            };
        }
        let starts_job = matches!(
            stmt.kind,
            StatementKind::Insert | StatementKind::StatementSet
        ) || stmt.creates_job;
        if starts_job && !is_query {
            // The only row of a job-submitting statement is the job id itself.
            if let Some(job) = &job_id {
                self.note(&format!("  submitted job {job}"));
                if self.options.wait {
                    return self.wait_for_job(conn, stmt, job.clone()).await;
                }
            }
            return Step::ok(job_id, None);
        }
        Step::ok(job_id, writer.map(|w| w.rows_received()))
    }

    pub(super) fn finish_result(&mut self, writer: Option<&mut ResultWriter>) {
        // The live view steps aside before the final output is written.
        if let Some(observer) = &self.options.observer {
            observer.finished();
        }
        if let Some(w) = writer {
            if let Err(err) = w.finish(&mut *self.out) {
                self.note(&format!("error: cannot write results: {err}"));
            }
            let _ = self.out.flush();
        }
    }
}
