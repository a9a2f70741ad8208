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
use crate::report::{Mode, Outcome, RunOptions, RunReport, StatementReport};

type Interrupt<'a> = Pin<&'a mut (dyn Future<Output = ()> + Send)>;

/// Runs (or, with [`Mode::Validate`], validates) a plan against the SQL Gateway at
/// `gateway_url`.
///
/// Results go to `out`; progress, notices, errors and the closing summary go to
/// `diag`. Everything written is masked with the plan's [`Masker`] (wrap the writers in a
/// [`MaskingWriter`](crate::MaskingWriter) to also mask what other code writes).
/// When `interrupt` completes (for example on Ctrl-C), the running operation is cancelled,
/// the session closed, and the report's status is [`ExitStatus::Interrupted`].
pub async fn run_pipeline(
    gateway_url: &str,
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
    };
    engine.run(gateway_url).await
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

    async fn run(&mut self, gateway_url: &str) -> RunReport {
        let mut reports: Vec<StatementReport> = Vec::new();
        let mut status = ExitStatus::Success;
        let session_name = self.options.session_name.clone();
        let connection = match or_interrupt!(self, Connection::open(gateway_url, &session_name)) {
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
        let report = RunReport { statements, status };
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

    /// Cancels an operation (and its job, if it has one), bounded in time.
    async fn cancel(&mut self, conn: &Connection, op: &Operation, job_id: Option<&str>) {
        let cleanup = async {
            let _ = op.cancel().await;
            let _ = op.close().await;
            if let Some(job) = job_id {
                conn.stop_job(job).await;
            }
        };
        if tokio::time::timeout(self.options.cleanup_timeout, cleanup)
            .await
            .is_err()
        {
            self.note("warning: cancelling the operation timed out");
        }
    }

    /// `--wait`: polls the job until it ends; Ctrl-C stops (cancels) it.
    async fn wait_for_job(
        &mut self,
        conn: &Connection,
        stmt: &PlannedStatement,
        job: String,
    ) -> Step {
        self.note(&format!("  waiting for job {job} to finish"));
        loop {
            let state = match or_interrupt!(self, conn.job_status(&job)) {
                None => {
                    self.note(&format!("  interrupted: stopping job {job}"));
                    let _ = tokio::time::timeout(self.options.cleanup_timeout, conn.stop_job(&job))
                        .await;
                    return Step {
                        outcome: Outcome::Interrupted,
                        job_id: Some(job),
                        rows: None,
                        status: ExitStatus::Interrupted,
                    };
                }
                Some(Err(err)) => {
                    let mut step = self.failed(stmt, &err);
                    step.job_id = Some(job);
                    return step;
                }
                Some(Ok(state)) => state,
            };
            match state.as_deref() {
                Some("FINISHED") => {
                    self.note(&format!("  job {job} finished"));
                    return Step::ok(Some(job), None);
                }
                Some(s @ ("FAILED" | "CANCELED" | "CANCELLED")) => {
                    let root_cause =
                        format!("job {job} ended {s}; see its exceptions in the Flink web UI");
                    self.note(&format!(
                        "error: statement {} at {}: {root_cause}",
                        stmt.index,
                        stmt.location()
                    ));
                    return Step {
                        outcome: Outcome::Failed { root_cause },
                        job_id: Some(job),
                        rows: None,
                        status: ExitStatus::StatementFailed,
                    };
                }
                _ => {}
            }
            if or_interrupt!(self, tokio::time::sleep(self.options.job_poll_interval)).is_none() {
                continue;
            }
        }
    }

    /// `--validate`: run what only changes the session, `EXPLAIN` what would start a job.
    async fn validate(&mut self, conn: &Connection, stmt: &PlannedStatement) -> Step {
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
