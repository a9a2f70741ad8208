//! `studio sql` and `flink-sql-executor`: run `.sql` pipelines through the SQL Gateway.
//!
//! Both binaries share [`SqlArgs`] and [`run`]; `flink-sql-executor` keeps the seed
//! executor's flags (`--sql-file/--file`, `--sql`, `--env-file`, `--sql-gateway-url`).
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use sql_executor::{
    Config, ExitStatus, LogLevel, Masker, MaskingWriter, Mode, OutputFormat, Plan, RunOptions,
    Source, Variables,
};

/// Text appended to `--help`: sources, precedence and exit codes.
pub const AFTER_HELP: &str = "\
SQL comes from FILE arguments, then --sql-file/--file, then --sql, in that order.
Variables: ${NAME}, ${NAME:-default}, ${NAME:?message}; $${ is a literal ${.
Values come from --env-file (later files win), then the environment, then --var (wins).
Values of variables whose names contain PASSWORD, SECRET, TOKEN, KEY or JAAS, and of
--secret NAME, are printed as ***.
Gateway URL: --sql-gateway-url, then STUDIO_GATEWAY_URL, then sql_gateway.url in
--config, then http://localhost:8083.

Exit codes:
  0    every statement succeeded
  1    a statement failed
  2    usage, configuration or input error (nothing submitted)
  3    the SQL Gateway is unreachable
  4    a query was truncated by --max-rows or --timeout
  130  interrupted (Ctrl-C); the running operation was cancelled";

/// Arguments of `studio sql` (and of `flink-sql-executor`).
#[derive(Debug, Clone, Default, clap::Args)]
#[command(after_help = AFTER_HELP)]
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

    /// Config file in the seed executor's schema (sql_gateway.url, logging.level).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Output: table (materialized, default on a terminal), changelog (default otherwise), json, csv.
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
}

fn parse_output(s: &str) -> Result<OutputFormat, String> {
    s.parse::<OutputFormat>().map_err(|e| e.to_string())
}

/// Runs `studio sql` / `flink-sql-executor`.
pub async fn run(args: SqlArgs) -> ExitCode {
    let interrupt = async {
        // If the handler cannot be installed, never fire: the default Ctrl-C behaviour stays.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let status = run_with(args, std::io::stdout(), std::io::stderr(), interrupt).await;
    ExitCode::from(status.code())
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
    gateway_url: String,
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

/// Everything that happens before talking to the gateway; any error is a usage error.
fn prepare(args: &SqlArgs) -> Result<Prepared, String> {
    let config = match &args.config {
        Some(path) => Config::load(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    let mut vars = Variables::new();
    for path in &args.env_files {
        vars.add_env_file(path).map_err(|e| e.to_string())?;
    }
    vars.add_environment(std::env::vars());
    for assignment in &args.vars {
        vars.add_assignment(assignment).map_err(|e| e.to_string())?;
    }
    for name in &args.secrets {
        vars.mark_secret(name.clone());
    }
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
    let log_level = config.log_level()?;
    Ok(Prepared {
        plan,
        gateway_url,
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
        ..RunOptions::default()
    };
    let report = sql_executor::run_pipeline(
        &prepared.gateway_url,
        &prepared.plan,
        &options,
        out,
        err,
        interrupt,
    )
    .await;
    report.status
}
