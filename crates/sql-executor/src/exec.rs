//! The execution engine: one session per run, statements in order, results streamed.
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::time::{Duration, Instant};

use flink_rest::JobId;

use crate::classify::StatementKind;
use crate::exit::ExitStatus;
use crate::gateway::{Connection, GatewayError};
use crate::mask::Masker;
use crate::plan::{Plan, PlannedStatement};
use crate::report::{JobCleanup, Mode, Outcome, RunOptions, RunReport, StatementReport};
use crate::split::is_empty_statement_set;

/// Continuation lines of a multi-line root cause line up under `  root cause: `.
const ROOT_CAUSE_INDENT: &str = "              ";

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
        traces_withheld: false,
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
    /// A server trace was not written (verbose is off); the caller may say how to see it.
    traces_withheld: bool,
}

/// The result of one statement inside the engine.
struct Step {
    outcome: Outcome,
    job_id: Option<JobId>,
    rows: Option<u64>,
    status: ExitStatus,
}

impl Step {
    fn ok(job_id: Option<JobId>, rows: Option<u64>) -> Self {
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

// After the macro, which they use.
mod cleanup;
mod consume;
mod validate;
mod wait;

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
        let opened = match self.options.session.clone() {
            Some(handle) => Some(Ok(Connection::attach(gateway, handle))),
            None => or_interrupt!(self, Connection::open(gateway, &session_name)),
        };
        let connection = match opened {
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
            if let Some(observer) = &self.options.observer {
                observer.started(stmt);
            }
            let started = Instant::now();
            let step = match self.options.mode {
                Mode::Execute => self.execute(&connection, stmt).await,
                Mode::Validate => self.validate(&connection, stmt).await,
            };
            if let Some(observer) = &self.options.observer {
                observer.finished();
            }
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
        if self.options.session.is_some() {
            connection.detach();
        } else {
            let _ = tokio::time::timeout(self.options.cleanup_timeout, connection.close()).await;
        }
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
            traces_withheld: self.traces_withheld,
        };
        let _ = report.write_summary(&mut *self.diag);
        let _ = self.diag.flush();
        let _ = self.out.flush();
        report
    }

    /// Reports a failed statement: `file:line`, its first line, the root cause; the
    /// full trace with `verbose`.
    fn failed(&mut self, stmt: &PlannedStatement, err: &GatewayError) -> Step {
        if let Some(observer) = &self.options.observer {
            observer.finished();
        }
        let root = self.masker.mask(&err.root_cause()).into_owned();
        self.note(&format!(
            "error: statement {} failed at {}",
            stmt.index,
            stmt.location()
        ));
        self.note(&format!("  {}", stmt.first_line()));
        // A message may span lines (Flink's list of unsupported options): they are kept,
        // indented under the first one, blank lines dropped.
        let shown: Vec<&str> = root.lines().filter(|l| !l.trim().is_empty()).collect();
        self.note(&format!(
            "  root cause: {}",
            shown.join(&format!("\n{ROOT_CAUSE_INDENT}"))
        ));
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
            self.traces_withheld = true;
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
    job_id: Option<JobId>,
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
