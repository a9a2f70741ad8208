//! `studio local`: a real Flink session cluster, SQL Gateway and Kafka on this machine.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use studio_local::pins::FlinkPins;
use studio_local::progress::Progress;
use studio_local::{
    ComponentKind, FlinkSource, LocalStack, StackConfig, StackStatus, StopOutcome, UpOutcome,
};

use crate::exit::{Exit, help_text};
use crate::sql;

/// Arguments of `studio local`.
#[derive(Debug, Args)]
#[command(after_help = help_text())]
pub struct LocalArgs {
    #[command(subcommand)]
    command: LocalCommand,
    #[command(flatten)]
    stack: StackArgs,
}

#[derive(Debug, Subcommand)]
enum LocalCommand {
    /// Download (once) and start the stack; waits until every component is healthy.
    /// On a partly running stack, restarts only the components that died.
    #[command(after_help = help_text())]
    Up,
    /// Stop exactly the processes `up` started. Safe to run twice.
    #[command(after_help = help_text())]
    Down,
    /// Show each component's health and URL; exits 11 when a component is down.
    #[command(after_help = help_text())]
    Status {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Start the stack if needed, run the quickstart pipeline on it and show the results.
    ///
    /// The stack keeps running afterwards; `studio local down` stops it.
    #[command(after_help = help_text())]
    Demo,
    /// Print the log of a component (jobmanager, taskmanager, gateway, kafka), or list all logs.
    #[command(after_help = help_text())]
    Logs {
        /// The component; all log files are listed when omitted.
        component: Option<String>,
        /// How many lines from the end to print.
        #[arg(long, short = 'n', default_value_t = 100)]
        lines: usize,
    },
}

/// Output formats of `status`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Output {
    /// A human-readable table.
    Text,
    /// One JSON document, for scripts.
    Json,
}

/// Options shared by every `studio local` command.
#[derive(Debug, Args)]
pub struct StackArgs {
    /// Flink line to run: 2.0 (default, Kafka connector 4.0.1-2.0) or 2.2 (connector 5.0.0-2.2).
    #[arg(long, global = true, default_value = "2.0")]
    pub flink_version: String,
    /// Use this Flink distribution instead of downloading one (needs lib/ and bin/bash-java-utils.jar).
    #[arg(long, global = true, env = "FLINK_HOME")]
    pub flink_home: Option<PathBuf>,
    /// JobManager REST port.
    #[arg(long, global = true, default_value_t = 8081)]
    pub rest_port: u16,
    /// SQL Gateway REST port.
    #[arg(long, global = true, default_value_t = 8083)]
    pub gateway_port: u16,
    /// Kafka broker port (the KRaft controller uses the next port).
    #[arg(long, global = true, default_value_t = 9092)]
    pub kafka_port: u16,
    /// JobManager RPC port.
    #[arg(long, global = true, default_value_t = 6123)]
    pub rpc_port: u16,
    /// Do not run a Kafka broker.
    #[arg(long, global = true)]
    pub no_kafka: bool,
    /// Number of TaskManagers.
    #[arg(long, global = true, default_value_t = 1)]
    pub taskmanagers: u8,
    /// Task slots per TaskManager.
    #[arg(long, global = true, default_value_t = 4)]
    pub slots: u8,
    /// Where PID files, logs, configuration and Kafka data live [default: ~/.local/state/flink-studio/local].
    #[arg(long, global = true, env = "STUDIO_STATE_DIR")]
    pub state_dir: Option<PathBuf>,
}

impl StackArgs {
    /// The stack configuration these options describe.
    pub fn config(&self) -> studio_local::Result<StackConfig> {
        let mut cfg = StackConfig::new()?;
        cfg.flink = match &self.flink_home {
            Some(home) => FlinkSource::Home(home.clone()),
            None => FlinkSource::Pinned(Box::new(FlinkPins::find(&self.flink_version)?)),
        };
        cfg.ports.rest = self.rest_port;
        cfg.ports.gateway = self.gateway_port;
        cfg.ports.kafka = self.kafka_port;
        cfg.ports.kafka_controller = self.kafka_port.saturating_add(1);
        cfg.ports.jobmanager_rpc = self.rpc_port;
        cfg.kafka = !self.no_kafka;
        cfg.taskmanagers = self.taskmanagers.max(1);
        cfg.slots_per_taskmanager = self.slots.max(1);
        if let Some(dir) = &self.state_dir {
            cfg.state_dir = dir.clone();
        }
        Ok(cfg)
    }
}

/// Runs `studio local`.
pub async fn run(args: LocalArgs) -> ExitCode {
    let stack = match args.stack.config() {
        Ok(cfg) => LocalStack::new(cfg),
        Err(err) => return fail(&err),
    };
    match args.command {
        LocalCommand::Up => match up(&stack).await {
            Ok(_) => ExitCode::SUCCESS,
            Err(err) => fail(&err),
        },
        LocalCommand::Down => match stack.down().await {
            Ok(stopped) if stopped.is_empty() => {
                crate::outln!("nothing to stop in {}", stack.config().state_dir.display());
                ExitCode::SUCCESS
            }
            Ok(stopped) => {
                for (name, outcome) in stopped {
                    let what = match outcome {
                        StopOutcome::Stopped => "stopped",
                        StopOutcome::Killed => "killed (ignored SIGTERM)",
                        StopOutcome::NotRunning => "was not running",
                    };
                    crate::outln!("{name:<16} {what}");
                }
                ExitCode::SUCCESS
            }
            Err(err) => fail(&err),
        },
        LocalCommand::Status { output } => match stack.status().await {
            Ok(status) => print_status(status.as_ref(), output),
            Err(err) => fail(&err),
        },
        LocalCommand::Logs { component, lines } => logs(&stack, component.as_deref(), lines),
        LocalCommand::Demo => demo(&stack).await,
    }
}

/// The quickstart pipeline (`examples/pipelines/quickstart.sql` links to this file).
const QUICKSTART: &str = include_str!("../assets/quickstart.sql");

async fn demo(stack: &LocalStack) -> ExitCode {
    let status = match up(stack).await {
        Ok(status) => status,
        Err(err) => return fail(&err),
    };
    let Some(gateway) = status.url_of(ComponentKind::SqlGateway).map(str::to_owned) else {
        eprintln!("error: the local stack has no SQL Gateway");
        return Exit::ComponentFailed.into();
    };
    // Written to the state directory so messages can name a real file and line.
    let file = stack.config().state_dir.join("demo").join("quickstart.sql");
    let written = file
        .parent()
        .map(std::fs::create_dir_all)
        .transpose()
        .and_then(|_| std::fs::write(&file, QUICKSTART));
    if let Err(err) = written {
        eprintln!("error: cannot write {}: {err}", file.display());
        return Exit::Failed.into();
    }
    crate::outln!("\nRunning {} on {gateway}\n", file.display());
    let args = sql::SqlArgs {
        files: vec![file],
        gateway_url: Some(gateway),
        output: Some(sql_executor::OutputFormat::Table),
        ..Default::default()
    };
    let code = sql::run(args).await;
    crate::outln!(
        "\nThe stack keeps running: try `studio sql examples/pipelines/kafka-json-sink.sql`, and stop it with `studio local down`."
    );
    code
}

/// Starts the stack with progress on stderr and prints where everything is.
pub async fn up(stack: &LocalStack) -> studio_local::Result<StackStatus> {
    let progress = Spinner::default();
    let outcome = stack.up(&progress).await;
    progress.clear();
    let outcome = outcome?;
    let status = match outcome {
        UpOutcome::AlreadyRunning(s) => {
            crate::outln!(
                "already running (state in {}); nothing to do",
                s.state_dir.display()
            );
            s
        }
        UpOutcome::Healed { restarted, status } => {
            let kept: Vec<&str> = status
                .components
                .iter()
                .filter(|c| !restarted.contains(&c.name))
                .map(|c| c.name.as_str())
                .collect();
            crate::outln!(
                "restarted {} (kept running: {})",
                restarted.join(", "),
                kept.join(", ")
            );
            status
        }
        UpOutcome::Started(s) => s,
    };
    print_table(&status);
    Ok(status)
}

fn print_status(status: Option<&StackStatus>, output: Output) -> ExitCode {
    let Some(status) = status else {
        match output {
            Output::Json => crate::outln!("{{\"running\":false,\"components\":[]}}"),
            Output::Text => crate::outln!("not running (start it with `studio local up`)"),
        }
        return Exit::Failed.into();
    };
    match output {
        Output::Json => {
            let mut value = serde_json::to_value(status).unwrap_or_default();
            value["running"] = serde_json::Value::Bool(status.all_healthy());
            crate::outln!("{value}");
        }
        Output::Text => print_table(status),
    }
    if status.all_healthy() {
        Exit::Success.into()
    } else {
        let down: Vec<&str> = status
            .components
            .iter()
            .filter(|c| !(c.running && c.healthy))
            .map(|c| c.name.as_str())
            .collect();
        eprintln!(
            "error: not healthy: {}; `studio local up` restarts what died",
            down.join(", ")
        );
        Exit::ComponentFailed.into()
    }
}

fn print_table(status: &StackStatus) {
    crate::outln!(
        "Flink {} (state in {})",
        status.flink_version,
        status.state_dir.display()
    );
    for c in &status.components {
        let state = match (c.running, c.healthy) {
            (true, true) => "healthy",
            (true, false) => "starting",
            (false, _) => "stopped",
        };
        crate::outln!(
            "  {:<16} {:<9} pid {:<8} {:<26} {}",
            c.name,
            state,
            c.pid,
            c.url.as_deref().unwrap_or("-"),
            c.detail
        );
    }
}

fn logs(stack: &LocalStack, component: Option<&str>, lines: usize) -> ExitCode {
    let files = match stack.logs(component) {
        Ok(f) => f,
        Err(err) => return fail(&err),
    };
    if files.is_empty() {
        crate::outln!(
            "no logs: the stack in {} is not running",
            stack.config().state_dir.display()
        );
        return Exit::Failed.into();
    }
    if component.is_none() {
        for (name, path) in files {
            crate::outln!("{name:<16} {}", path.display());
        }
        return ExitCode::SUCCESS;
    }
    // Written through a locked handle so `studio local logs kafka | head` ends quietly when
    // the reader goes away instead of panicking on a broken pipe.
    let mut out = std::io::stdout().lock();
    for (name, path) in files {
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                let all: Vec<&str> = text.lines().collect();
                let shown = std::iter::once(format!("==> {name} ({}) <==", path.display())).chain(
                    all[all.len().saturating_sub(lines)..]
                        .iter()
                        .map(|l| (*l).to_owned()),
                );
                for line in shown {
                    if writeln!(out, "{line}").is_err() {
                        return ExitCode::SUCCESS;
                    }
                }
            }
            Err(err) => eprintln!("cannot read {}: {err}", path.display()),
        }
    }
    ExitCode::SUCCESS
}

/// Prints the error, with a hint naming the flag or command that helps, and returns its exit
/// code from the one table.
fn fail(err: &studio_local::Error) -> ExitCode {
    eprintln!("error: {err}");
    if let Some(hint) = hint(err) {
        eprintln!("hint: {hint}");
    }
    exit_of(err).into()
}

/// The exit code of a `studio local` error: 11 for a component or download that failed, 2 for
/// what the user can fix before anything starts, 1 for the rest.
fn exit_of(err: &studio_local::Error) -> Exit {
    use studio_local::Error as E;
    match err {
        E::DownloadFailed { .. }
        | E::ChecksumMismatch { .. }
        | E::BadArchive { .. }
        | E::ComponentDied { .. }
        | E::HealthTimeout { .. }
        | E::CommandFailed { .. } => Exit::ComponentFailed,
        E::JavaMissing { .. }
        | E::JavaTooOld { .. }
        | E::ToolMissing { .. }
        | E::PortInUse { .. }
        | E::UnsupportedVersion { .. }
        | E::BadFlinkHome { .. }
        | E::UnknownComponent { .. }
        | E::NoHome => Exit::Usage,
        E::Io { .. } | E::BadStateFile { .. } => Exit::Failed,
        _ => Exit::Failed,
    }
}

/// What to do about an error, in terms of `studio local`'s flags and commands.
fn hint(err: &studio_local::Error) -> Option<&'static str> {
    use studio_local::Error as E;
    Some(match err {
        E::ToolMissing { .. } => "or use a Flink distribution you already have with --flink-home",
        E::PortInUse { .. } => {
            "stop that process or choose other ports (--rest-port, --gateway-port, --kafka-port, --rpc-port)"
        }
        E::ChecksumMismatch { .. } => "run the command again to download the file anew",
        E::UnknownComponent { .. } => "`studio local status` lists the names",
        E::NoHome => "set STUDIO_CACHE_DIR and --state-dir",
        E::ComponentDied { .. } | E::HealthTimeout { .. } => {
            "`studio local logs <component>` shows the whole log; `studio local down` stops what is left"
        }
        _ => return None,
    })
}

/// Renders progress reports as a spinner on stderr (hidden when stderr is not a terminal).
#[derive(Default)]
struct Spinner {
    bar: Mutex<Option<ProgressBar>>,
}

impl Spinner {
    fn clear(&self) {
        if let Ok(mut bar) = self.bar.lock()
            && let Some(b) = bar.take()
        {
            b.finish_and_clear();
        }
    }
}

impl Progress for Spinner {
    fn begin(&self, step: &str) {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(step.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        if bar.is_hidden() {
            eprintln!("{step}…");
        }
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn finish(&self, step: &str, outcome: &str) {
        self.clear();
        eprintln!("{step}: {outcome}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_died_component_or_failed_download_is_not_a_usage_error() {
        let died = studio_local::Error::ComponentDied {
            component: "sql-gateway".into(),
            log: PathBuf::from("gateway.log"),
            log_tail: String::new(),
        };
        let download = studio_local::Error::DownloadFailed {
            what: "Flink".into(),
            command: "mvn".into(),
            tool: "mvn".into(),
            status: "1".into(),
            output_tail: String::new(),
        };
        let version = studio_local::Error::UnsupportedVersion {
            requested: "9".into(),
            supported: "2.0".into(),
        };
        assert_eq!(exit_of(&died), Exit::ComponentFailed);
        assert_eq!(exit_of(&download), Exit::ComponentFailed);
        assert_eq!(exit_of(&version), Exit::Usage);
        assert_eq!(exit_of(&studio_local::Error::NoHome), Exit::Usage);
    }
}
