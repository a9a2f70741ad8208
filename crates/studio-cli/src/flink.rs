//! What the JobManager commands share: the `--flink-url` and connection flags, the error
//! messages and exit codes of JobManager failures, confirmation, and formatting.
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::ValueEnum;
use flink_rest::{Client, Error};

use crate::connect::{ConnArgs, DEFAULT_FLINK_URL, Endpoint, insecure_warning};
use crate::exit::Exit;
pub use crate::k8s::Failure;

/// How to reach the JobManager, and how to print.
#[derive(Debug, Clone, clap::Args)]
pub struct FlinkArgs {
    /// JobManager REST URL [default: http://localhost:8081; also flink.url in --config].
    #[arg(long, env = "STUDIO_FLINK_URL", value_name = "URL")]
    pub flink_url: Option<String>,

    /// How to connect: headers, auth, TLS.
    #[command(flatten)]
    pub conn: ConnArgs,

    /// Config file (the `flink:` section: url, headers, bearer_token_file, ca_cert, …).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// Output formats of the JobManager commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Human-readable tables.
    Table,
    /// JSON, for scripts.
    Json,
}

/// A connected JobManager client and the URL it talks to.
pub struct JobManager {
    /// The client.
    pub client: Client,
    /// Its URL, for messages.
    pub url: String,
}

impl FlinkArgs {
    /// Builds the client: flag, then `STUDIO_FLINK_URL`, then `flink.url`, then the default.
    pub fn connect(&self) -> Result<JobManager, Failure> {
        let config = match &self.config {
            Some(path) => sql_executor::Config::load(path)
                .map_err(|e| Failure::new(Exit::Usage, e.to_string()))?,
            None => sql_executor::Config::default(),
        };
        let url = self
            .flink_url
            .clone()
            .filter(|u| !u.is_empty())
            .or_else(|| config.flink.url.clone())
            .unwrap_or_else(|| DEFAULT_FLINK_URL.to_owned());
        let endpoint = Endpoint::new(url.clone(), &self.conn, &config.flink)
            .map_err(|e| Failure::new(Exit::Usage, e))?;
        if endpoint.insecure() {
            eprintln!("{}", insecure_warning("JobManager", &url));
        }
        let client = endpoint
            .flink_client()
            .map_err(|e| Failure::new(Exit::Usage, e))?;
        Ok(JobManager { client, url })
    }
}

impl JobManager {
    /// Maps a client error to a one-line message and exit code; `what` names the object
    /// (e.g. `job 0123…`) for 404s.
    pub fn failure(&self, what: &str, err: &Error) -> Failure {
        match err {
            Error::Transport { source, .. } => Failure::new(
                Exit::Unreachable,
                format!(
                    "cannot reach the JobManager at {} ({}); is the cluster running? Open a tunnel with `studio ui` or `kubectl port-forward svc/<cluster>-rest 8081`, then pass --flink-url",
                    self.url,
                    source_chain(source)
                ),
            ),
            Error::Api { status: 404, .. } => Failure::new(
                Exit::NotFound,
                format!("{what} not found on the JobManager at {}", self.url),
            ),
            Error::Api {
                status: 401 | 403,
                root_cause,
                ..
            } => Failure::new(
                Exit::Forbidden,
                format!(
                    "the JobManager at {} refused access: {root_cause}",
                    self.url
                ),
            ),
            Error::InvalidId { .. } | Error::Config { .. } => {
                Failure::new(Exit::Usage, err.to_string())
            }
            Error::WaitTimeout { .. } => Failure::new(Exit::TimedOut, err.to_string()),
            other => Failure::new(Exit::Failed, other.to_string()),
        }
    }
}

/// A reqwest error with its sources on one line (the URL carries no credentials).
fn source_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

/// Parses a job id given on the command line.
pub fn job_id(raw: &str) -> Result<flink_rest::JobId, Failure> {
    flink_rest::JobId::new(raw).map_err(|e| Failure::new(Exit::Usage, e.to_string()))
}

/// Shows what will change (the job and the JobManager's URL) and asks; without a terminal
/// `--yes` is required. The same prompt as the Kubernetes commands.
pub fn confirm(action: &str, target: &str, yes: bool) -> Result<(), Failure> {
    crate::k8s::confirm(action, &format!("  jobmanager: {target}"), yes)
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(Exit::Failed, format!("cannot render JSON: {e}")))?;
    crate::outln!("{text}");
    Ok(())
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// How long ago an epoch-milliseconds instant was; `None` for 0/negative (never).
pub fn age(epoch_ms: i64) -> Option<Duration> {
    (epoch_ms > 0).then(|| Duration::from_millis(u64::try_from(now_ms() - epoch_ms).unwrap_or(0)))
}

/// `12s`, `3m 4s`: whole seconds (milliseconds below one second).
pub fn short_duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        return format!("{}ms", d.as_millis());
    }
    humantime::format_duration(Duration::from_secs(d.as_secs())).to_string()
}

/// `512 B`, `1.5 KiB`, `3.2 MiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    #[allow(clippy::cast_precision_loss)]
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Prints rows as left-aligned columns under a header.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0);
            text.push_str(&format!("{cell:<w$}  "));
        }
        text.trim_end().to_owned()
    };
    crate::outln!("{}", line(header.to_vec()));
    for row in rows {
        crate::outln!("{}", line(row.iter().map(String::as_str).collect()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_well() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(3 * 1024 * 1024), "3.0 MiB");
        assert_eq!(short_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(short_duration(Duration::from_millis(64_500)), "1m 4s");
        assert_eq!(age(0), None);
        assert!(age(now_ms() - 5000).is_some_and(|a| a >= Duration::from_secs(4)));
    }
}
