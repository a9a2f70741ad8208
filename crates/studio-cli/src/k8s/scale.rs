//! `studio scale N` and `studio scale --status`.

use std::process::ExitCode;
use std::time::Duration;

use studio_kube::scale::{ScalePlan, apply, plan};

use super::{Failure, PlatformArgs, confirm, print, target_summary};
use crate::exit::Exit;

/// Arguments of `studio scale`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct ScaleArgs {
    /// TaskManagers wanted.
    #[arg(value_name = "N", required_unless_present = "status")]
    pub taskmanagers: Option<i32>,
    /// Show the current TaskManagers, slots and quota use; change nothing.
    #[arg(long)]
    pub status: bool,
    /// Show the before/after table and check the quota; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Wait for the session cluster to be ready again.
    #[arg(long)]
    pub wait: bool,
    /// How long --wait waits.
    #[arg(long, value_name = "DUR", default_value = "5m", value_parser = super::parse_duration)]
    pub timeout: Duration,
    /// Which platform and cluster.
    #[command(flatten)]
    pub platform: PlatformArgs,
}

/// Runs `studio scale`.
pub async fn run(args: ScaleArgs) -> ExitCode {
    match scale(&args).await {
        Ok(exit) => exit.into(),
        Err(failure) => failure.report(),
    }
}

async fn scale(args: &ScaleArgs) -> Result<Exit, Failure> {
    let (platform, env) = args.platform.load()?;
    let target = args.platform.cluster.target().await?;
    if args.status {
        let probe = plan(&target, &platform, 0).await?;
        let Some(current) = probe.current else {
            print(&format!(
                "no FlinkDeployment {} in {}: deploy first (studio deploy)",
                platform.cluster_name(),
                platform.namespace()
            ));
            return Ok(Exit::NotFound);
        };
        let now = plan(&target, &platform, current).await?;
        print(&format!(
            "TaskManagers: {current} × {} slots = {} slots; the platform asks {} CPU and {} memory",
            platform.config.flink.task_manager.slots,
            now.after.slots,
            now.after.cpu_text(),
            now.after.memory_text()
        ));
        for q in &now.quota {
            print(&format!(
                "  quota {:<24} {:<16} {:>8} of {}",
                q.quota, q.resource, q.needed, q.hard
            ));
        }
        return Ok(Exit::Success);
    }
    let Some(n) = args.taskmanagers.filter(|n| *n >= 0) else {
        return Err(Failure::new(Exit::Usage, "N must be 0 or more"));
    };
    let plan = plan(&target, &platform, n).await?;
    if plan.current.is_none() {
        return Err(Failure::new(
            Exit::NotFound,
            format!(
                "no FlinkDeployment {} in namespace {}: run `studio deploy` first",
                platform.cluster_name(),
                platform.namespace()
            ),
        ));
    }
    print(&plan_table(&plan, platform.config.flink.task_manager.slots));
    if !plan.fits() {
        let over: Vec<String> = plan
            .quota
            .iter()
            .filter(|q| !q.fits)
            .map(|q| {
                format!(
                    "{} {}: needs {}, hard limit {}",
                    q.quota, q.resource, q.needed, q.hard
                )
            })
            .collect();
        return Err(Failure::new(
            Exit::Refused,
            format!(
                "scaling to {n} TaskManagers would exceed the namespace quota; nothing was changed\n  {}",
                over.join("\n  ")
            ),
        ));
    }
    if !plan.changes() {
        print(&format!("already {n} TaskManagers; nothing to change"));
        return Ok(Exit::Success);
    }
    if args.dry_run {
        apply(&target, &platform, n, true).await?;
        print("dry-run: the API server accepts the change; nothing was applied");
        return Ok(Exit::ChangesPending);
    }
    confirm(
        &format!("Scaling to {n} TaskManagers"),
        &target_summary(&target, &platform, env.as_deref()),
        args.yes,
    )?;
    let version = apply(&target, &platform, n, false).await?;
    print(&format!(
        "scaled: FlinkDeployment {} now asks for {n} TaskManagers ({} slots; resourceVersion {version})",
        platform.cluster_name(),
        plan.after.slots
    ));
    if args.wait {
        return super::deploy::wait(&target, &platform, args.timeout).await;
    }
    Ok(Exit::Success)
}

fn plan_table(plan: &ScalePlan, slots: i32) -> String {
    let before = &plan.before;
    let after = &plan.after;
    let mut out = format!(
        "               {:>10} {:>10}\nTaskManagers   {:>10} {:>10}\nslots ({slots}/TM)   {:>10} {:>10}\nCPU            {:>10} {:>10}\nmemory         {:>10} {:>10}\npods           {:>10} {:>10}",
        "before",
        "after",
        plan.current.unwrap_or(0),
        after.taskmanagers,
        before.slots,
        after.slots,
        before.cpu_text(),
        after.cpu_text(),
        before.memory_text(),
        after.memory_text(),
        before.pods,
        after.pods,
    );
    for q in &plan.quota {
        out.push_str(&format!(
            "\nquota {} {}: {} of {} {}",
            q.quota,
            q.resource,
            q.needed,
            q.hard,
            if q.fits { "ok" } else { "EXCEEDED" }
        ));
    }
    out
}
