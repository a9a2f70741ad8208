//! The execution engine: one session per run, statements in order, results streamed.
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::time::{Duration, Instant};

use crate::classify::StatementKind;
use crate::exit::ExitStatus;
use crate::gateway::{Connection, GatewayError, Operation, Page};
use crate::mask::Masker;
use crate::plan::{Plan, PlannedStatement};
use crate::render::{Cell, ResultWriter};
use crate::report::{JobCleanup, JobEnd, Mode, Outcome, RunOptions, RunReport, StatementReport};
use crate::split::is_empty_statement_set;

type Interrupt<'a> = Pin<&'a mut (dyn Future<Output = ()> + Send)>;

/// Runs (or, with [`Mode::Validate`], validates) a plan through a configured SQL Gateway
/// client (its auth, CA certificates and headers are used as set on its builder).
///
/// With a `jobmanager` client, [`RunOptions::wait`] follows jobs through typed JobManager
/// status and reports a failed job's root-cause exception, and the job of a query that has to
/// end (Ctrl-C, `max_rows`, `timeout`, or its gateway going away) is cancelled through the
/// JobManager when the gateway cannot do it. Jobs that could not be ended are listed in
/// [`RunReport::cleanups`] as [`JobEnd::MayStillRun`](crate::JobEnd::MayStillRun).
///
/// Results go to `out`; progress, notices, errors and the closing summary go to
/// `diag`. Everything written is masked with the plan's [`Masker`] (wrap the writers in a
/// [`MaskingWriter`](crate::MaskingWriter) to also mask what other code writes).
/// When `interrupt` completes (for example on Ctrl-C), the running operation is cancelled,
/// the session closed, and the report's status is [`ExitStatus::Interrupted`].
pub async fn run_pipeline(
    gateway: &sql_gateway_client::Client,
    jobmanager: Option<&flink_rest::Client>,
    plan: &Plan,
    options: &RunOptions,
    out: &mut (dyn Write + Send),
    diag: &mut (dyn Write + Send),
    interrupt: impl Future<Output = ()> + Send,
) -> RunReport {
    let mut interrupt = std::pin::pin!(interrupt);
    let interrupt: Interrupt<'_> = interrupt.as_mut();
    let mut engine = Engine {
        plan,
        options,
        out,
        diag,
        masker: plan.masker(),
        interrupt,
        interrupted: false,
        output_closed: false,
        jobmanager,
        cleanups: Vec::new(),
    };
    engine.run(gateway).await
}

struct Engine<'a> {
    plan: &'a Plan,
    options: &'a RunOptions,
    out: &'a mut (dyn Write + Send),
    diag: &'a mut (dyn Write + Send),
    masker: &'a Masker,
    interrupt: Interrupt<'a>,
    interrupted: bool,
    /// The reader of `out` went away (`| head`): stop quietly, like other CLI tools.
    output_closed: bool,
    jobmanager: Option<&'a flink_rest::Client>,
    cleanups: Vec<JobCleanup>,
}

/// The result of one statement inside the engine.
struct Step {
    outcome: Outcome,
    job_id: Option<String>,
    rows: Option<u64>,
    status: ExitStatus,
}

impl Step {
    fn ok(job_id: Option<String>, rows: Option<u64>) -> Self {
        Self {
            outcome: Outcome::Ok,
            job_id,
            rows,
            status: ExitStatus::Success,
        }
    }
}

/// Awaits `fut` unless the interrupt fires first (then `None`).
macro_rules! or_interrupt {
    ($self:ident, $fut:expr) => {{
        if $self.interrupted {
            None
        } else {
            tokio::select! {
                biased;
                () = $self.interrupt.as_mut() => { $self.interrupted = true; None }
                v = $fut => Some(v),
            }
        }
    }};
}

impl Engine<'_> {
    fn note(&mut self, text: &str) {
        // Diagnostics are best effort: a closed stderr must not change the outcome.
        let _ = writeln!(self.diag, "{}", self.masker.mask(text));
    }

    async fn run(&mut self, gateway: &sql_gateway_client::Client) -> RunReport {
        let mut reports: Vec<StatementReport> = Vec::new();
        let mut status = ExitStatus::Success;
        let session_name = self.options.session_name.clone();
        let gateway_url = gateway.base_url().as_str().trim_end_matches('/').to_owned();
        let connection = match or_interrupt!(self, Connection::open(gateway, &session_name)) {
            None => return self.finish(reports, ExitStatus::Interrupted),
            Some(Ok(c)) => c,
            Some(Err(err)) => {
                let unreachable = err.is_unreachable();
                self.note(&format!(
                    "error: cannot open a session on the SQL Gateway at {gateway_url}: {err}"
                ));
                let status = if unreachable {
                    ExitStatus::GatewayUnreachable
                } else {
                    ExitStatus::StatementFailed
                };
                return self.finish(reports, status);
            }
        };
        let total = self.plan.statements.len();
        let mut stop = false;
        for stmt in &self.plan.statements {
            if stop || self.interrupted {
                reports.push(report(stmt, Outcome::Skipped, Duration::ZERO, None, None));
                continue;
            }
            self.note(&format!(
                "[{}/{}] {} {}: {}",
                stmt.index,
                total,
                stmt.kind,
                stmt.location(),
                stmt.first_line()
            ));
            let started = Instant::now();
            let step = match self.options.mode {
                Mode::Execute => self.execute(&connection, stmt).await,
                Mode::Validate => self.validate(&connection, stmt).await,
            };
            status = status.worst(step.status);
            if matches!(step.outcome, Outcome::Failed { .. }) && !self.options.continue_on_error {
                stop = true;
            }
            if step.status == ExitStatus::GatewayUnreachable || self.output_closed {
                stop = true;
            }
            reports.push(report(
                stmt,
                step.outcome,
                started.elapsed(),
                step.job_id,
                step.rows,
            ));
        }
        // Closing is best effort and bounded, also after Ctrl-C.
        let _ = tokio::time::timeout(self.options.cleanup_timeout, connection.close()).await;
        if self.interrupted {
            status = ExitStatus::Interrupted;
        }
        self.finish(reports, status)
    }

    fn finish(&mut self, statements: Vec<StatementReport>, status: ExitStatus) -> RunReport {
        let mut statements = statements;
        for stmt in self.plan.statements.iter().skip(statements.len()) {
            statements.push(report(stmt, Outcome::Skipped, Duration::ZERO, None, None));
        }
        let report = RunReport {
            statements,
            cleanups: std::mem::take(&mut self.cleanups),
            status,
        };
        let _ = report.write_summary(&mut *self.diag);
        let _ = self.diag.flush();
        let _ = self.out.flush();
        report
    }

    /// Reports a failed statement: `file:line`, its first line, the root cause; the
    /// full trace with `verbose`.
    fn failed(&mut self, stmt: &PlannedStatement, err: &GatewayError) -> Step {
        let root = self.masker.mask(&err.root_cause()).into_owned();
        self.note(&format!(
            "error: statement {} failed at {}",
            stmt.index,
            stmt.location()
        ));
        self.note(&format!("  {}", stmt.first_line()));
        self.note(&format!("  root cause: {root}"));
        if root.contains("Could not find any factory for identifier") {
            self.note("  hint: the connector or format jar is not on the classpath of the SQL Gateway and cluster");
        }
        if let Some(line) = err.trace().as_deref().and_then(flink_line) {
            // Flink counts lines within the statement; map them back to the file.
            self.note(&format!("  at {}:{}", stmt.file, stmt.line + line - 1));
        }
        if self.options.verbose {
            if let Some(trace) = err.trace() {
                self.note(&format!("  full trace:\n{trace}"));
            }
        } else if err.trace().is_some() {
            self.note("  (run with -v for the full server trace)");
        }
        let status = if err.is_unreachable() {
            ExitStatus::GatewayUnreachable
        } else {
            ExitStatus::StatementFailed
        };
        Step {
            outcome: Outcome::Failed { root_cause: root },
            job_id: None,
            rows: None,
            status,
        }
    }

    async fn execute(&mut self, conn: &Connection, stmt: &PlannedStatement) -> Step {
        if let Some(step) = self.skip_empty_set(stmt) {
            return step;
        }
        let op = match or_interrupt!(self, conn.submit(stmt.sql())) {
            None => return interrupted(),
            Some(Err(err)) => return self.failed(stmt, &err),
            Some(Ok(op)) => op,
        };
        let is_query = matches!(stmt.kind, StatementKind::Query);
        let deadline = if is_query {
            self.options
                .timeout
                .map(|t| tokio::time::Instant::now() + t)
        } else {
            None
        };
        let step = self.consume(conn, stmt, &op, is_query, deadline).await;
        let _ = tokio::time::timeout(self.options.cleanup_timeout, op.close()).await;
        step
    }

    /// Reads an operation's results to the end (or a limit, or an interrupt).
    async fn consume(
        &mut self,
        conn: &Connection,
        stmt: &PlannedStatement,
        op: &Operation,
        is_query: bool,
        deadline: Option<tokio::time::Instant>,
    ) -> Step {
        let mut writer: Option<ResultWriter> = None;
        let mut job_id: Option<String> = None;
        let mut rows: u64 = 0;
        let max_rows = if is_query {
            self.options.max_rows
        } else {
            None
        };
        let mut truncated: Option<String> = None;
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
                    self.cancel(conn, op, job_id.as_deref()).await;
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
                    truncated = Some(format!("--timeout {}", humanize(t)));
                    break;
                }
                Some(Some(Err(err))) => {
                    self.finish_result(writer.as_mut());
                    let mut step = self.failed(stmt, &err);
                    // A query's job lives only for its results: end it, through the
                    // JobManager if the gateway is gone.
                    if is_query && let Some(job) = job_id.as_deref() {
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
            // A job-submitting statement's only row is its job id, reported on `diag` below.
            if writer.is_none()
                && !page.columns.is_empty()
                && page.has_content()
                && (!starts_job || page.is_query)
            {
                writer = Some(ResultWriter::new(
                    self.options.output,
                    page.columns.clone(),
                    page.is_query,
                ));
            }
            if let Some(w) = writer.as_mut() {
                for (kind, fields) in &page.rows {
                    if max_rows.is_some_and(|m| rows >= m) {
                        break;
                    }
                    rows += 1;
                    let masked: Vec<Cell> =
                        fields.iter().map(|c| mask_cell(self.masker, c)).collect();
                    if let Err(err) = w.row(&mut *self.out, *kind, &masked) {
                        if err.kind() == std::io::ErrorKind::BrokenPipe {
                            self.output_closed = true;
                            self.cancel(conn, op, job_id.as_deref()).await;
                            return Step::ok(job_id, Some(rows));
                        }
                        self.note(&format!("error: cannot write results: {err}"));
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
                let _ = self.out.flush();
            }
            if let Some(m) = max_rows
                && rows >= m
            {
                truncated = Some(format!("--max-rows {m}"));
                break;
            }
        }
        self.finish_result(writer.as_mut());
        if let Some(reason) = truncated {
            self.note(&format!(
                "note: result of statement {} truncated after {rows} row(s) by {reason}; the query was cancelled",
                stmt.index
            ));
            self.cancel(conn, op, job_id.as_deref()).await;
            return Step {
                outcome: Outcome::Truncated { reason },
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

    fn finish_result(&mut self, writer: Option<&mut ResultWriter>) {
        if let Some(w) = writer {
            if let Err(err) = w.finish(&mut *self.out) {
                self.note(&format!("error: cannot write results: {err}"));
            }
            let _ = self.out.flush();
        }
    }

    /// Cancels an operation and ends its job (if it has one): through the gateway, else
    /// through the JobManager; bounded in time. The outcome for the job is recorded.
    async fn cancel(&mut self, conn: &Connection, op: &Operation, job_id: Option<&str>) {
        let started = Instant::now();
        let by_gateway = self.cancel_through_gateway(conn, op, job_id).await;
        if let Some(job) = job_id {
            self.ensure_ended(job, by_gateway, started).await;
        }
    }

    /// Cancels the operation and stops its job on the gateway; whether that worked.
    async fn cancel_through_gateway(
        &mut self,
        conn: &Connection,
        op: &Operation,
        job_id: Option<&str>,
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
    async fn stop_through_gateway(&mut self, conn: &Connection, job: &str) -> bool {
        matches!(
            tokio::time::timeout(self.options.cleanup_timeout, conn.stop_job(job)).await,
            Ok(Ok(()))
        )
    }

    /// Makes sure `job` ends: checks (or, when the gateway could not, cancels) it through the
    /// JobManager when one is known, and records how it ended. A job that the JobManager shows
    /// ended on its own (FINISHED, FAILED) is not recorded.
    async fn ensure_ended(&mut self, job: &str, by_gateway: bool, started: Instant) {
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
            job_id: job.to_owned(),
            end,
        });
    }

    /// `None` when the job had already ended on its own.
    async fn end_through_jobmanager(
        &self,
        jm: &flink_rest::Client,
        job: &str,
        by_gateway: bool,
        started: Instant,
    ) -> Option<JobEnd> {
        let id = match flink_rest::JobId::new(job) {
            Ok(id) => id,
            Err(err) => {
                return Some(JobEnd::MayStillRun {
                    reason: err.to_string(),
                });
            }
        };
        let poll =
            flink_rest::PollOptions::new(self.options.cleanup_timeout, Duration::from_millis(100));
        let terminal = |s: &flink_rest::JobStatus| s.is_globally_terminal();
        if by_gateway {
            // The gateway said it cancelled the job; believe the JobManager only.
            if let Ok(status) = jm.jobs().wait_for_status(&id, terminal, &poll).await {
                return (status == flink_rest::JobStatus::Canceled)
                    .then_some(JobEnd::CancelledByGateway);
            }
        } else if let Ok(status) = jm.jobs().status(&id).await
            && status.is_globally_terminal()
        {
            return None;
        }
        match jm.jobs().cancel(&id).await {
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
            match jm.jobs().wait_for_status(&id, terminal, &poll).await {
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

    /// `wait`: polls the job until it ends, through the JobManager when one is known (typed
    /// status, root-cause exception), else through the gateway's `SHOW JOBS`. Bounded by
    /// [`RunOptions::wait_timeout`] and, for a job that never shows up,
    /// [`RunOptions::job_appear_timeout`]. Ctrl-C stops (cancels) the job.
    async fn wait_for_job(
        &mut self,
        conn: &Connection,
        stmt: &PlannedStatement,
        job: String,
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
        let jm_id = match self
            .jobmanager
            .map(|_| flink_rest::JobId::new(&job))
            .transpose()
        {
            Ok(id) => id,
            Err(err) => {
                return self.job_failed(stmt, &job, err.to_string(), ExitStatus::StatementFailed);
            }
        };
        let mut last: Option<String> = None;
        let jobmanager = self.jobmanager;
        loop {
            let (polled_job, polled_id) = (job.clone(), jm_id.as_ref());
            let polled = async move {
                match (jobmanager, polled_id) {
                    (Some(jm), Some(id)) => match jm.jobs().status(id).await {
                        Ok(s) => Ok(Some(s.to_string())),
                        Err(e) if e.is_not_found() => Ok(None),
                        Err(e) => Err((e.to_string(), e.status().is_none())),
                    },
                    _ => conn
                        .job_status(&polled_job)
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
                        job_id: Some(job),
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
                    return Step::ok(Some(job), None);
                }
                Some(s @ ("FAILED" | "CANCELED" | "CANCELLED")) => {
                    let cause = self.job_root_cause(jm_id.as_ref()).await;
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
    async fn job_root_cause(&self, id: Option<&flink_rest::JobId>) -> Option<String> {
        let (jm, id) = (self.jobmanager?, id?);
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

    fn job_failed(
        &mut self,
        stmt: &PlannedStatement,
        job: &str,
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
            job_id: Some(job.to_owned()),
            rows: None,
            status,
        }
    }

    /// An empty `BEGIN STATEMENT SET; END;` is not SQL Flink accepts; like Flink's SQL Client,
    /// skip it with a notice.
    fn skip_empty_set(&mut self, stmt: &PlannedStatement) -> Option<Step> {
        if !(stmt.kind == StatementKind::StatementSet && is_empty_statement_set(stmt.sql())) {
            return None;
        }
        self.note("  no statement in the statement set, skip submit");
        Some(Step {
            outcome: Outcome::Ok,
            job_id: None,
            rows: None,
            status: ExitStatus::Success,
        })
    }

    /// `--validate`: run what only changes the session, `EXPLAIN` what would start a job.
    async fn validate(&mut self, conn: &Connection, stmt: &PlannedStatement) -> Step {
        if let Some(step) = self.skip_empty_set(stmt) {
            return step;
        }
        let sql = stmt.sql();
        let explain = match stmt.kind {
            StatementKind::Insert | StatementKind::Query => {
                Some(format!("EXPLAIN {}", strip_execute(sql)))
            }
            StatementKind::StatementSet => Some(format!("EXPLAIN {}", strip_execute(sql))),
            StatementKind::Ddl if stmt.creates_job => Some(format!("EXPLAIN {sql}")),
            StatementKind::Set
            | StatementKind::Reset
            | StatementKind::Use
            | StatementKind::Ddl
            | StatementKind::Explain
            | StatementKind::Show => None,
            StatementKind::Other => {
                self.note("  not validated (not a DDL, DML or query)");
                return Step {
                    outcome: Outcome::NotValidated,
                    job_id: None,
                    rows: None,
                    status: ExitStatus::Success,
                };
            }
        };
        let text = explain.as_deref().unwrap_or(sql);
        let op = match or_interrupt!(self, conn.submit(text)) {
            None => return interrupted(),
            Some(Err(err)) => return self.failed(stmt, &err),
            Some(Ok(op)) => op,
        };
        // Drain quietly: validation prints no result rows.
        let step = loop {
            match or_interrupt!(self, op.next_page()) {
                None => {
                    self.cancel(conn, &op, None).await;
                    break interrupted();
                }
                Some(Err(err)) => break self.failed(stmt, &err),
                Some(Ok(None)) => break Step::ok(None, None),
                Some(Ok(Some(_))) => {}
            }
        };
        let _ = tokio::time::timeout(self.options.cleanup_timeout, op.close()).await;
        if step.outcome == Outcome::Ok {
            self.note(if explain.is_some() {
                "  valid (explained)"
            } else {
                "  ok"
            });
        }
        step
    }
}

fn interrupted() -> Step {
    Step {
        outcome: Outcome::Interrupted,
        job_id: None,
        rows: None,
        status: ExitStatus::Interrupted,
    }
}

fn report(
    stmt: &PlannedStatement,
    outcome: Outcome,
    duration: Duration,
    job_id: Option<String>,
    rows: Option<u64>,
) -> StatementReport {
    StatementReport {
        index: stmt.index,
        location: stmt.location(),
        kind: stmt.kind,
        outcome,
        duration,
        job_id,
        rows,
    }
}

/// `EXECUTE STATEMENT SET ...` / `EXECUTE INSERT ...` → without `EXECUTE`, for `EXPLAIN`.
fn strip_execute(sql: &str) -> &str {
    let trimmed = sql.trim_start();
    match trimmed.get(..7) {
        Some(head)
            if head.eq_ignore_ascii_case("EXECUTE")
                && trimmed[7..].starts_with(char::is_whitespace) =>
        {
            trimmed[7..].trim_start()
        }
        _ => trimmed,
    }
}

fn mask_cell(masker: &Masker, c: &Cell) -> Cell {
    if masker.is_empty() {
        return c.clone();
    }
    Cell {
        text: masker.mask(&c.text).into_owned(),
        json: masker.mask(&c.json).into_owned(),
    }
}

/// The line of the first `From line X, column Y` in a Flink error (1-based).
fn flink_line(trace: &str) -> Option<usize> {
    let rest = &trace[trace.find("From line ")? + "From line ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|l| *l >= 1)
}

fn humanize(d: Duration) -> String {
    crate::report::format_duration(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flink_line_is_found() {
        let trace = "Caused by: x.ValidationException: SQL validation failed. From line 2, column 8 to line 2, column 32: Object 'a' not found";
        assert_eq!(flink_line(trace), Some(2));
        assert_eq!(flink_line("no location"), None);
        assert_eq!(flink_line("From line x"), None);
    }

    #[test]
    fn strip_execute_for_explain() {
        assert_eq!(
            strip_execute("EXECUTE STATEMENT SET\nBEGIN\nEND"),
            "STATEMENT SET\nBEGIN\nEND"
        );
        assert_eq!(
            strip_execute("execute insert into t select 1"),
            "insert into t select 1"
        );
        assert_eq!(
            strip_execute("INSERT INTO t SELECT 1"),
            "INSERT INTO t SELECT 1"
        );
        assert_eq!(strip_execute("EXECUTED"), "EXECUTED");
    }
}
