//! `studio cleanup`: delete the platform, FlinkDeployment first.

use std::process::ExitCode;
use std::time::Duration;

use studio_kube::cleanup::{Removal, cleanup};
use studio_kube::wait::WaitOptions;

use super::jobs_guard::{JobGuardArgs, guard};
use super::{Failure, PlatformArgs, confirm, print, target_summary};
use crate::exit::Exit;

/// Arguments of `studio cleanup`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct CleanupArgs {
    /// Which platform and cluster.
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Keep the namespace (and whatever else is in it, e.g. the Kafka Secret).
    #[arg(long)]
    pub keep_namespace: bool,
    /// Wait until everything is gone; report a FlinkDeployment stuck on its finalizer.
    #[arg(long)]
    pub wait: bool,
    /// How long --wait waits.
    #[arg(long, value_name = "DUR", default_value = "3m", value_parser = super::parse_duration)]
    pub timeout: Duration,
    /// What to do about running jobs.
    #[command(flatten)]
    pub jobs: JobGuardArgs,
}

/// Runs `studio cleanup`.
pub async fn run(args: CleanupArgs) -> ExitCode {
    match run_cleanup(&args).await {
        Ok(exit) => exit.into(),
        Err(failure) => failure.report(),
    }
}

async fn run_cleanup(args: &CleanupArgs) -> Result<Exit, Failure> {
    let (platform, env) = args.platform.load()?;
    let target = args.platform.cluster.target().await?;
    target.version().await?;
    confirm(
        "Deleting the platform",
        &target_summary(&target, &platform, env.as_deref()),
        args.yes,
    )?;
    guard(
        &args.jobs,
        &target,
        &platform,
        "cleanup deletes the session cluster",
    )
    .await?;
    let wait = args.wait.then_some(WaitOptions {
        timeout: args.timeout,
        interval: Duration::from_millis(500),
    });
    let report = cleanup(&target, &platform, args.keep_namespace, wait).await?;
    if report.nothing_left() {
        print(&format!(
            "nothing to delete: no object of the platform is left in {}",
            platform.namespace()
        ));
        return Ok(Exit::Success);
    }
    for (object, removal) in &report.objects {
        let text = match removal {
            Removal::Deleted => "deleted",
            Removal::AlreadyGone => "not found",
        };
        print(&format!("  {text:<10} {object}"));
    }
    if let Some(stuck) = &report.stuck {
        return Err(Failure::new(
            Exit::TimedOut,
            format!(
                "FlinkDeployment {} is stuck in Terminating on finalizer(s) {}{}\n  the operator \
                 removes the finalizer once the cluster is torn down; with session jobs or \
                 unmanaged jobs left (the block-on-* defaults of operator 1.15) it waits: stop \
                 the jobs (studio jobs cancel) or check the operator's log",
                platform.cluster_name(),
                stuck.finalizers.join(", "),
                stuck
                    .error
                    .as_ref()
                    .map(|e| format!("\n  status.error: {e}"))
                    .unwrap_or_default()
            ),
        ));
    }
    if !report.remaining.is_empty() {
        return Err(Failure::new(
            Exit::TimedOut,
            format!(
                "still present after {:?}: {}",
                args.timeout,
                report
                    .remaining
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if args.wait {
        print("everything is gone");
    }
    Ok(Exit::Success)
}
