//! `studio sql` and `flink-sql-executor`: run `.sql` pipelines through the SQL Gateway.
//!
//! Both binaries share [`SqlArgs`] and [`run`]; `flink-sql-executor` keeps the seed
//! executor's flags (`--sql-file/--file`, `--sql`, `--env-file`, `--sql-gateway-url`).
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use sql_executor::{
    Config, ExitStatus, JobEnd, Limit, LogLevel, Masker, MaskingWriter, Mode, Outcome,
    OutputFormat, Plan, RunOptions, RunReport, Source, Variables,
};

use crate::connect::{ConnArgs, Endpoint, insecure_warning};
use crate::exit::Exit;

/// Text appended to `--help`: sources, precedence and connection settings.
pub const AFTER_HELP: &str = "\
SQL comes from FILE arguments, then --sql-file/--file, then --sql, in that order.
With none of them on a terminal (or with --interactive), an interactive shell opens in one
gateway session: HELP lists its commands; history is kept in
$XDG_STATE_HOME/flink-studio/history (~/.local/state/...), secrets masked.
On a terminal, -o table redraws a query's table live (status line, Ctrl-C to stop);
piped output is never decorated.
Variables: ${NAME}, ${NAME:-default}, ${NAME:?message}; $${ is a literal ${.
Values come from --env-file (later files win), then the environment, then --var (wins).
Values of variables whose names contain PASSWORD, SECRET, TOKEN, KEY or JAAS, and of
--secret NAME, are printed as ***.
Gateway URL: --sql-gateway-url, then STUDIO_GATEWAY_URL, then sql_gateway.url in
--config, then http://localhost:8083. JobManager (optional): --flink-url, then
STUDIO_FLINK_URL, then flink.url in --config. With it, --wait follows jobs through the
JobManager and prints a failed job's root cause, and the job of a query cut short while
the gateway is gone is cancelled there.
--header, --bearer-token-file, --basic-user, --ca-cert and --insecure-skip-verify apply to
both; the config's sql_gateway and flink sections take the same keys (headers,
bearer_token_file, basic_user, basic_password_file, ca_cert, insecure_skip_verify).";

/// `--help` text after the options: [`AFTER_HELP`] and the exit-code table.
pub fn after_help() -> String {
    format!("{AFTER_HELP}\n\n{}", crate::exit::help_text())
}

/// The shared exit code of a run's status.
pub fn exit_of(status: ExitStatus) -> Exit {
    match status {
        ExitStatus::Success => Exit::Success,
        ExitStatus::StatementFailed => Exit::Failed,
        ExitStatus::Usage => Exit::Usage,
        ExitStatus::GatewayUnreachable => Exit::Unreachable,
        ExitStatus::Truncated => Exit::Truncated,
        ExitStatus::TimedOut => Exit::TimedOut,
        ExitStatus::Interrupted => Exit::Interrupted,
    }
}

/// Arguments of `studio sql` (and of `flink-sql-executor`).
#[derive(Debug, Clone, Default, clap::Args)]
#[command(after_help = after_help())]
pub struct SqlArgs {
    /// SQL files to run, in order.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// SQL file to run (repeatable).
    #[arg(
        long = "sql-file",
        visible_alias = "file",
        short = 'f',
        value_name = "PATH"
    )]
    pub sql_files: Vec<PathBuf>,

    /// Inline SQL, one or more statements separated by `;` (repeatable).
    #[arg(long = "sql", value_name = "SQL")]
    pub sql: Vec<String>,

    /// A .env file with variables (repeatable; later files win).
    #[arg(long = "env-file", value_name = "PATH")]
    pub env_files: Vec<PathBuf>,

    /// Set a variable; wins over .env files and the environment (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,

    /// Treat this variable's value as a secret and print it as *** (repeatable).
    #[arg(long = "secret", value_name = "NAME")]
    pub secrets: Vec<String>,

    /// SQL Gateway URL [default: http://localhost:8083].
    #[arg(
        long = "sql-gateway-url",
        visible_alias = "gateway-url",
        env = "STUDIO_GATEWAY_URL",
        value_name = "URL"
    )]
    pub gateway_url: Option<String>,

    /// JobManager REST URL, e.g. http://localhost:8081 (optional; see below).
    #[arg(long, env = "STUDIO_FLINK_URL", value_name = "URL")]
    pub flink_url: Option<String>,

    /// How to connect: headers, auth, TLS.
    #[command(flatten)]
    pub conn: ConnArgs,

    /// Config file in the seed executor's schema (sql_gateway, flink, logging).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Output: table (materialized, default on a terminal; held in memory up to 256 MiB, beyond
    /// which the statement fails), changelog (default otherwise), json, csv (streamed).
    #[arg(long, short = 'o', value_name = "FORMAT", value_parser = parse_output)]
    pub output: Option<OutputFormat>,

    /// Print the plan (statements, kinds, file:line) and submit nothing. With `-o json`, JSON Lines.
    #[arg(long)]
    pub dry_run: bool,

    /// Validate in a throwaway session: run DDL, EXPLAIN every DML and query; start no job.
    /// DDL against a persistent catalog (Hive, JDBC) does take effect there.
    #[arg(long, conflicts_with = "dry_run")]
    pub validate: bool,

    /// Wait for the jobs of INSERTs and statement sets to finish; fail if a job fails.
    #[arg(long)]
    pub wait: bool,

    /// Give up waiting (--wait) for a job after this long (exit 9).
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration, default_value = "1h")]
    pub wait_timeout: Duration,

    /// Stop each query after N rows (exit 4 if reached).
    #[arg(long, value_name = "N")]
    pub max_rows: Option<u64>,

    /// Stop each query after this long, e.g. 30s, 2m (exit 4 if reached).
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub timeout: Option<Duration>,

    /// Keep going after a failed statement (default: stop at the first failure).
    #[arg(long)]
    pub continue_on_error: bool,

    /// Show full server stack traces (-v) and debug logs (-vv).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Open the interactive shell (the default on a terminal when no SQL is given).
    #[arg(long, short = 'i', conflicts_with_all = ["dry_run", "validate"])]
    pub interactive: bool,

    /// Draw the live result view when stdout is a terminal (set by [`run`]).
    #[arg(skip)]
    pub live_view: bool,
}

fn parse_output(s: &str) -> Result<OutputFormat, String> {
    s.parse::<OutputFormat>().map_err(|e| e.to_string())
}

/// Runs `studio sql` / `flink-sql-executor`.
pub async fn run(mut args: SqlArgs) -> ExitCode {
    if crate::shell::wanted(&args) {
        return exit_of(crate::shell::run(args).await).into();
    }
    args.live_view = true;
    let interrupt = async {
        // If the handler cannot be installed, never fire: the default Ctrl-C behaviour stays.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    // Block-buffered when not a terminal (the engine flushes after each page and at the
    // end); a terminal keeps Rust's line buffering.
    let stdout = std::io::stdout();
    let status = if stdout.is_terminal() {
        run_with(args, stdout, std::io::stderr(), interrupt).await
    } else {
        let buffered = std::io::BufWriter::with_capacity(64 * 1024, stdout);
        run_with(args, buffered, std::io::stderr(), interrupt).await
    };
    exit_of(status).into()
}

/// Runs with explicit output streams and interrupt signal (used by tests and `studio local demo`).
pub async fn run_with(
    args: SqlArgs,
    stdout: impl Write + Send,
    stderr: impl Write + Send,
    interrupt: impl Future<Output = ()> + Send,
) -> ExitStatus {
    let mut out = MaskingWriter::new(stdout, Masker::default());
    let mut err = MaskingWriter::new(stderr, Masker::default());
    let status = match prepare(&args) {
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            ExitStatus::Usage
        }
        Ok(prepared) => {
            out.set_masker(prepared.plan.masker().clone());
            err.set_masker(prepared.plan.masker().clone());
            init_logging(
                prepared.log_level,
                args.verbose,
                prepared.plan.masker().clone(),
            );
            execute(&args, prepared, &mut out, &mut err, interrupt).await
        }
    };
    let _ = out.flush();
    let _ = err.flush();
    status
}

struct Prepared {
    plan: Plan,
    gateway: Endpoint,
    jobmanager: Option<Endpoint>,
    log_level: Option<LogLevel>,
}

/// Logs go to stderr, masked like everything else. `logging.level` from the config sets
/// the level (default: warnings); `-vv` turns on debug logs. A subscriber installed
/// earlier (for example by `studio local demo`) is left alone.
fn init_logging(level: Option<LogLevel>, verbose: u8, masker: Masker) {
    let filter = if verbose >= 2 {
        "debug"
    } else {
        level.map_or("warn", LogLevel::as_filter)
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(move || MaskingWriter::new(std::io::stderr(), masker.clone()))
        .with_ansi(false)
        .try_init();
}

/// Variables from `--env-file`, the environment and `--var`; `--secret` marks.
fn variables(args: &SqlArgs) -> Result<Variables, String> {
    let mut vars = Variables::new();
    for path in &args.env_files {
        vars.add_env_file(path).map_err(|e| e.to_string())?;
    }
    vars.add_environment(std::env::vars());
    for assignment in &args.vars {
        vars.add_assignment(assignment)
            .map_err(|e| format!("--var: {e}"))?;
    }
    for name in &args.secrets {
        vars.mark_secret(name.clone());
    }
    Ok(vars)
}

/// What the interactive shell needs before it connects.
pub(crate) struct ShellSetup {
    pub(crate) vars: Variables,
    pub(crate) gateway: Endpoint,
    pub(crate) jobmanager: Option<Endpoint>,
}

/// Variables and endpoints for the shell (the same flags and config as for files).
pub(crate) fn prepare_connection(args: &SqlArgs) -> Result<ShellSetup, String> {
    let config = match &args.config {
        Some(path) => Config::load(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let vars = variables(args)?;
    let gateway_url = config.gateway_url(args.gateway_url.as_deref(), None);
    let gateway = Endpoint::new(gateway_url, &args.conn, &config.sql_gateway)?;
    let jobmanager = args
        .flink_url
        .clone()
        .filter(|u| !u.is_empty())
        .or_else(|| config.flink.url.clone())
        .map(|url| Endpoint::new(url, &args.conn, &config.flink))
        .transpose()?;
    Ok(ShellSetup {
        vars,
        gateway,
        jobmanager,
    })
}

/// Everything that happens before talking to the gateway; any error is a usage error.
fn prepare(args: &SqlArgs) -> Result<Prepared, String> {
    let config = match &args.config {
        Some(path) => Config::load(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let vars = variables(args)?;
    let mut sources = Vec::new();
    for path in args.files.iter().chain(&args.sql_files) {
        sources.push(Source::from_file(path).map_err(|e| e.to_string())?);
    }
    sources.extend(args.sql.iter().map(Source::inline));
    if sources.is_empty() {
        return Err("no SQL given: pass FILE, --sql-file PATH or --sql 'STATEMENTS'".to_owned());
    }
    let plan = Plan::build(&sources, &vars).map_err(|e| e.to_string())?;
    if plan.statements.is_empty() {
        return Err("the SQL holds no statements".to_owned());
    }
    let gateway_url = config.gateway_url(args.gateway_url.as_deref(), None);
    let gateway = Endpoint::new(gateway_url, &args.conn, &config.sql_gateway)?;
    let jobmanager = args
        .flink_url
        .clone()
        .filter(|u| !u.is_empty())
        .or_else(|| config.flink.url.clone())
        .map(|url| Endpoint::new(url, &args.conn, &config.flink))
        .transpose()?;
    let log_level = config.log_level()?;
    Ok(Prepared {
        plan,
        gateway,
        jobmanager,
        log_level,
    })
}

async fn execute(
    args: &SqlArgs,
    prepared: Prepared,
    out: &mut (dyn Write + Send),
    err: &mut (dyn Write + Send),
    interrupt: impl Future<Output = ()> + Send,
) -> ExitStatus {
    let output = args.output.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Changelog
    });
    if args.dry_run {
        let written = match output {
            OutputFormat::Json => prepared.plan.write_json_lines(out),
            _ => prepared.plan.write_text(out),
        };
        return match written {
            Ok(()) => ExitStatus::Success,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                ExitStatus::Usage
            }
        };
    }
    let options = RunOptions {
        mode: if args.validate {
            Mode::Validate
        } else {
            Mode::Execute
        },
        output,
        wait: args.wait,
        max_rows: args.max_rows,
        timeout: args.timeout,
        continue_on_error: args.continue_on_error,
        verbose: args.verbose > 0,
        observer: if args.live_view {
            crate::live_view::LiveView::for_output(output, prepared.plan.masker().clone())
        } else {
            None
        },
        ..RunOptions::default()
    };
    let gateway = match prepared.gateway.gateway_client() {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return ExitStatus::Usage;
        }
    };
    let jobmanager = match prepared.jobmanager.as_ref().map(Endpoint::flink_client) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            let _ = writeln!(err, "error: {e}");
            return ExitStatus::Usage;
        }
    };
    if prepared.gateway.insecure() {
        let _ = writeln!(
            err,
            "{}",
            insecure_warning("SQL Gateway", &prepared.gateway.url)
        );
    }
    if let Some(jm) = prepared.jobmanager.as_ref().filter(|jm| jm.insecure()) {
        let _ = writeln!(err, "{}", insecure_warning("JobManager", &jm.url));
    }
    let options = RunOptions {
        wait_timeout: args.wait_timeout,
        ..options
    };
    let report = sql_executor::run_pipeline(
        &gateway,
        jobmanager.as_ref(),
        &prepared.plan,
        &options,
        out,
        err,
        interrupt,
    )
    .await;
    write_hints(&report, err);
    for cleanup in &report.cleanups {
        if let JobEnd::MayStillRun { .. } = cleanup.end {
            let flag = match &prepared.jobmanager {
                Some(jm) => format!(" --flink-url {}", jm.url),
                None => String::new(),
            };
            let _ = writeln!(
                err,
                "  job {} may still be running on the cluster; stop it with: studio jobs cancel {}{flag}",
                cleanup.job_id, cleanup.job_id
            );
        }
    }
    report.status
}

/// What the user can do about a cut-short result or a withheld trace, naming this CLI's flags.
pub(crate) fn write_hints(report: &RunReport, err: &mut dyn Write) {
    for stmt in &report.statements {
        let Outcome::Truncated { limit } = &stmt.outcome else {
            continue;
        };
        let hint = match limit {
            Limit::MaxRows(n) => format!("--max-rows {n} ended it; raise it to read more rows"),
            Limit::Timeout(t) => format!(
                "--timeout {} ended it; raise it to wait longer",
                humantime::format_duration(*t)
            ),
            _ => continue,
        };
        let _ = writeln!(err, "  hint: statement {}: {hint}", stmt.index);
    }
    if report.traces_withheld {
        let _ = writeln!(err, "  (run with -v for the full server trace)");
    }
}
