//! Run options, per-statement outcomes and the closing summary.
use std::io::Write;
use std::time::Duration;

use flink_rest::JobId;

use crate::classify::StatementKind;
use crate::exit::ExitStatus;
use crate::render::OutputFormat;

/// Whether statements are executed or only validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Run every statement.
    #[default]
    Execute,
    /// Run DDL and `SET`/`USE` in a throwaway session and `EXPLAIN` every DML and
    /// query, so no job starts.
    Validate,
}

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Execute or validate.
    pub mode: Mode,
    /// How query results are written.
    pub output: OutputFormat,
    /// Wait for the jobs of INSERTs and statement sets to finish.
    pub wait: bool,
    /// Cancel a query after this many rows (exit 4).
    pub max_rows: Option<u64>,
    /// Cancel a query after this long (exit 4).
    pub timeout: Option<Duration>,
    /// Keep going after a failed statement.
    pub continue_on_error: bool,
    /// Print full server stack traces of failures.
    pub verbose: bool,
    /// How often to poll job status while waiting (`--wait`).
    pub job_poll_interval: Duration,
    /// How long cleanup (cancel, close) may take after an interrupt or truncation; also how long
    /// a job cancelled through the JobManager may take to reach a final status.
    pub cleanup_timeout: Duration,
    /// A name for the gateway session (shown in gateway logs).
    pub session_name: String,
    /// How long `wait` waits for a job to end before giving up ([`ExitStatus::TimedOut`]).
    pub wait_timeout: Duration,
    /// How long `wait` waits for a submitted job to be listed at all.
    pub job_appear_timeout: Duration,
    /// Watches the run as it happens (a live view); `None` changes nothing.
    pub observer: Option<crate::observe::Observer>,
    /// Run in this already open session instead of opening (and closing) one: an
    /// interactive shell keeps one session for many runs. The caller keeps it alive.
    pub session: Option<sql_gateway_client::SessionHandle>,
    /// Table output keeps the whole materialised result in memory: a result estimated
    /// larger than this many bytes fails the statement (the streaming formats have no cap).
    /// Default: [`DEFAULT_TABLE_MEMORY_LIMIT`](crate::DEFAULT_TABLE_MEMORY_LIMIT).
    pub table_memory_limit: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            mode: Mode::Execute,
            output: OutputFormat::Table,
            wait: false,
            max_rows: None,
            timeout: None,
            continue_on_error: false,
            verbose: false,
            job_poll_interval: Duration::from_millis(500),
            cleanup_timeout: Duration::from_secs(10),
            session_name: "flink-sql-studio".to_owned(),
            wait_timeout: Duration::from_secs(3600),
            job_appear_timeout: Duration::from_secs(30),
            observer: None,
            session: None,
            table_memory_limit: crate::render::DEFAULT_TABLE_MEMORY_LIMIT,
        }
    }
}

/// What happened to one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It succeeded.
    Ok,
    /// Its query was cut short by a limit of [`RunOptions`].
    Truncated {
        /// Which limit.
        limit: Limit,
    },
    /// It failed.
    Failed {
        /// One-line root cause (masked).
        root_cause: String,
    },
    /// It was not run because an earlier statement failed or the run was interrupted.
    Skipped,
    /// It was running when Ctrl-C arrived; its operation was cancelled.
    Interrupted,
    /// `--validate` did not need to run it (for example `ADD JAR`).
    NotValidated,
}

/// The limit of [`RunOptions`] that cut a query's result short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// [`RunOptions::max_rows`] rows were received.
    MaxRows(u64),
    /// [`RunOptions::timeout`] passed.
    Timeout(Duration),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MaxRows(n) => write!(f, "the row limit ({n})"),
            Self::Timeout(t) => write!(f, "the time limit ({})", format_duration(*t)),
        }
    }
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Truncated { .. } => "truncated",
            Self::Failed { .. } => "FAILED",
            Self::Skipped => "skipped",
            Self::Interrupted => "interrupted",
            Self::NotValidated => "not validated",
        }
    }
}

/// The outcome of one statement.
#[derive(Debug, Clone)]
pub struct StatementReport {
    /// 1-based index in the plan.
    pub index: usize,
    /// `file:line`.
    pub location: String,
    /// Statement kind.
    pub kind: StatementKind,
    /// What happened.
    pub outcome: Outcome,
    /// How long it took (zero if it did not run).
    pub duration: Duration,
    /// The Flink job it started, if any.
    pub job_id: Option<JobId>,
    /// Result rows received (change rows for queries).
    pub rows: Option<u64>,
}

/// How a job the run had to end (a cut-short or interrupted query, a query whose gateway
/// went away, an interrupted `wait`) was ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JobEnd {
    /// Cancelled through the SQL Gateway.
    CancelledByGateway,
    /// Cancelled through the JobManager REST API.
    CancelledByJobManager {
        /// The last status the JobManager reported (normally `CANCELED`).
        status: String,
        /// From the start of the cleanup to that status.
        took: Duration,
    },
    /// It could not be ended and may still be running.
    MayStillRun {
        /// Why (masked).
        reason: String,
    },
}

/// A job the run had to end, and how that went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobCleanup {
    /// The Flink job id.
    pub job_id: JobId,
    /// How it ended.
    pub end: JobEnd,
}

/// The outcome of a whole run.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RunReport {
    /// One entry per planned statement.
    pub statements: Vec<StatementReport>,
    /// Jobs the run had to end (see [`JobEnd`]).
    pub cleanups: Vec<JobCleanup>,
    /// The exit status the run maps to.
    pub status: ExitStatus,
    /// A failed statement had a server stack trace that was not written because
    /// [`RunOptions::verbose`] is off.
    pub traces_withheld: bool,
}

impl RunReport {
    /// Writes the closing summary: each statement's status, duration and job id.
    pub fn write_summary(&self, out: &mut dyn Write) -> std::io::Result<()> {
        for c in &self.cleanups {
            match &c.end {
                JobEnd::CancelledByGateway => {
                    writeln!(out, "job {} cancelled through the SQL Gateway", c.job_id)?;
                }
                JobEnd::CancelledByJobManager { status, took } => writeln!(
                    out,
                    "job {} cancelled through the JobManager ({status} after {})",
                    c.job_id,
                    format_duration(*took)
                )?,
                JobEnd::MayStillRun { reason } => writeln!(
                    out,
                    "warning: job {} may still be running ({reason})",
                    c.job_id
                )?,
            }
        }
        if self.statements.is_empty() {
            return writeln!(out, "summary: {}", self.status);
        }
        let loc_width = self
            .statements
            .iter()
            .map(|s| s.location.len())
            .max()
            .unwrap_or(0);
        writeln!(out, "summary:")?;
        for s in &self.statements {
            let mut line = format!(
                "  {:>3}  {:<13} {:>8}  {:<loc_width$}  {:<13}",
                s.index,
                s.outcome.label(),
                format_duration(s.duration),
                s.location,
                s.kind.as_str(),
            );
            if let Some(job) = &s.job_id {
                line.push_str(&format!(" job {job}"));
            }
            if let Some(rows) = s.rows {
                line.push_str(&format!(" {rows} row{}", if rows == 1 { "" } else { "s" }));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        writeln!(out, "result: {}", self.status)
    }
}

/// `1.234s`, `12ms`, `2m03s`.
pub(crate) fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms < 60_000 {
        format!("{:.1}s", d.as_secs_f64())
    } else {
        format!("{}m{:02}s", ms / 60_000, (ms / 1000) % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lists_status_duration_and_job() {
        let report = RunReport {
            statements: vec![
                StatementReport {
                    index: 1,
                    location: "a.sql:1".into(),
                    kind: StatementKind::Insert,
                    outcome: Outcome::Ok,
                    duration: Duration::from_millis(1500),
                    job_id: Some(JobId::new("abc123abc123abc123abc123abc123ab").unwrap()),
                    rows: None,
                },
                StatementReport {
                    index: 2,
                    location: "a.sql:10".into(),
                    kind: StatementKind::Query,
                    outcome: Outcome::Truncated {
                        limit: Limit::MaxRows(5),
                    },
                    duration: Duration::from_millis(20),
                    job_id: None,
                    rows: Some(5),
                },
            ],
            cleanups: Vec::new(),
            status: ExitStatus::Truncated,
            traces_withheld: false,
        };
        let mut out = Vec::new();
        report.write_summary(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "summary:\n    1  ok                1.5s  a.sql:1   insert        job abc123abc123abc123abc123abc123ab\n    2  truncated         20ms  a.sql:10  query         5 rows\nresult: truncated\n"
        );
    }
}
