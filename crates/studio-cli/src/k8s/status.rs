//! `studio status`: the platform as the cluster holds it.

use std::process::ExitCode;
use std::time::Duration;

use studio_kube::status::{PlatformStatus, read_status};

use super::{Failure, PlatformArgs, print};
use crate::exit::Exit;

/// Arguments of `studio status`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct StatusArgs {
    /// Which platform and cluster.
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// Refresh every few seconds until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
    /// Seconds between refreshes with --watch.
    #[arg(long, value_name = "SECS", default_value_t = 5)]
    pub interval: u64,
}

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Aligned text.
    Table,
    /// One JSON document.
    Json,
}

/// Runs `studio status`: exit 0 when the platform is ready, 1 when it is not.
pub async fn run(args: StatusArgs) -> ExitCode {
    match status(&args).await {
        Ok(exit) => exit.into(),
        Err(failure) => failure.report(),
    }
}

async fn status(args: &StatusArgs) -> Result<Exit, Failure> {
    let (platform, _) = args.platform.load()?;
    let target = args.platform.cluster.target().await?;
    loop {
        let status = read_status(&target, &platform).await?;
        let text = match args.output {
            Format::Json => serde_json::to_string_pretty(&status)
                .map_err(|err| Failure::new(Exit::Failed, err.to_string()))?,
            Format::Table => table(&status),
        };
        if args.watch {
            print("\x1b[2J\x1b[H");
        }
        if !print(&text) {
            return Ok(Exit::Success);
        }
        if !args.watch {
            return Ok(if status.readiness.is_ready() {
                Exit::Success
            } else {
                Exit::Failed
            });
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(args.interval.max(1))) => {}
            _ = tokio::signal::ctrl_c() => return Ok(Exit::Success),
        }
    }
}

/// The human-readable status.
pub fn table(s: &PlatformStatus) -> String {
    let c = &s.readiness.cluster;
    let g = &s.readiness.gateway;
    let mut out = format!(
        "context {} ({}), namespace {}\n\nSession cluster (FlinkDeployment)\n",
        s.context, s.server, s.namespace
    );
    if c.exists {
        out.push_str(&format!(
            "  lifecycle {}   JobManager {}   generation {}/{}{}\n",
            c.lifecycle_state.as_deref().unwrap_or("-"),
            c.job_manager.as_deref().unwrap_or("-"),
            c.observed_generation.map_or("-".into(), |g| g.to_string()),
            c.generation.map_or("-".into(), |g| g.to_string()),
            if c.is_ready() {
                "   READY"
            } else {
                "   not ready"
            }
        ));
        if let Some(err) = &c.error {
            out.push_str(&format!("  error: {err}\n"));
        }
        if c.deleting {
            out.push_str(&format!(
                "  being deleted; finalizers: {}\n",
                c.finalizers.join(", ")
            ));
        }
        if let Some(n) = s.taskmanagers_desired {
            out.push_str(&format!("  TaskManagers desired: {n}\n"));
        }
    } else {
        out.push_str("  not deployed\n");
    }
    out.push_str(&format!(
        "\nSQL Gateway\n  {}\n",
        if g.exists {
            format!(
                "{}/{} ready, {}",
                g.ready,
                g.desired,
                if g.available {
                    "Available"
                } else {
                    "not Available"
                }
            )
        } else {
            "not deployed".to_owned()
        }
    ));
    out.push_str("\nPods\n");
    if s.pods.is_empty() {
        out.push_str("  none\n");
    }
    for p in &s.pods {
        out.push_str(&format!(
            "  {:<12} {:<48} {:<10} ready={:<5} restarts={}\n",
            p.role, p.name, p.phase, p.ready, p.restarts
        ));
    }
    out.push_str("\nQuota\n");
    if s.quota.is_empty() {
        out.push_str("  none\n");
    }
    for q in &s.quota {
        out.push_str(&format!(
            "  {:<28} {:<18} used {:>8} of {}\n",
            q.quota, q.resource, q.used, q.hard
        ));
    }
    out.push_str("\nRecent Warning events\n");
    if s.warnings.is_empty() {
        out.push_str("  none\n");
    }
    for w in &s.warnings {
        out.push_str(&format!(
            "  {} {} (x{}): {}\n",
            w.object, w.reason, w.count, w.message
        ));
    }
    out
}
