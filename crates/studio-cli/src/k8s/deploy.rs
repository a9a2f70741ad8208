//! `studio deploy`: apply the platform with server-side apply, after pre-flight checks.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use studio_kube::apply::{self, ApplyOptions, ApplyReport};
use studio_kube::diff::{Change, ObjectDiff};
use studio_kube::preflight::{self, Fix};
use studio_kube::wait::{WaitOptions, WaitOutcome, wait_ready};
use studio_kube::{Platform, Target};

use super::jobs_guard::{JobGuardArgs, guard};
use super::{Failure, PlatformArgs, colour_diff, confirm, eprint, print, spinner, target_summary};
use crate::exit::Exit;

/// Arguments of `studio deploy`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct DeployArgs {
    /// Which platform and cluster.
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// Show what would change (server-side dry-run diff) and change nothing. Exits 5 when
    /// something would change, 0 when nothing would.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Wait until the session cluster is STABLE/READY and the gateway Available.
    #[arg(long)]
    pub wait: bool,
    /// How long --wait waits.
    #[arg(long, value_name = "DUR", default_value = "5m", value_parser = super::parse_duration)]
    pub timeout: Duration,
    /// Take over fields another field manager owns (server-side apply `force`).
    #[arg(long)]
    pub force_conflicts: bool,
    /// What to do about running jobs.
    #[command(flatten)]
    pub jobs: JobGuardArgs,
}

/// Runs `studio deploy`.
pub async fn run(args: DeployArgs) -> ExitCode {
    match deploy(&args).await {
        Ok(exit) => exit.into(),
        Err(failure) => failure.report(),
    }
}

async fn deploy(args: &DeployArgs) -> Result<Exit, Failure> {
    let (platform, env) = args.platform.load()?;
    let target = args.platform.cluster.target().await?;
    let version = target.version().await?;
    let options = ApplyOptions::forcing(args.force_conflicts);
    let (objects, checks) = futures_util::future::try_join(
        studio_kube::deploy::objects(&target, &platform),
        preflight::run(&target, &platform),
    )
    .await?;
    let mut failed = false;
    for check in &checks {
        if check.ok {
            eprint(&format!("✓ {}: {}", check.name, check.detail));
        } else {
            failed = true;
            eprint(&format!("✗ {}: {}", check.name, check.detail));
            if let Some(fix) = &check.fix {
                eprint(&format!("  fix: {}", fix_hint(fix)));
            }
        }
    }
    if failed && !args.dry_run {
        return Err(Failure::new(
            Exit::Failed,
            "pre-flight checks failed; nothing was applied",
        ));
    }

    // With --yes nothing is asked, so only the FlinkDeployment (and its namespace) is dry-run,
    // to see whether the session cluster restarts; the apply reports what changed.
    let full = args.dry_run || !args.yes;
    let planned: Vec<_> = objects
        .iter()
        .filter(|o| full || matches!(o.resource.kind.as_str(), "Namespace" | "FlinkDeployment"))
        .cloned()
        .collect();
    let diffs = studio_kube::diff::dry_run(&target, &planned, &options).await?;
    let changes = diffs
        .iter()
        .filter(|d| d.change != Change::Unchanged)
        .count();
    if args.dry_run {
        print_diffs(&diffs);
        eprint(&format!(
            "dry-run against {} ({version}): {changes} of {} objects would change; nothing was applied",
            target.context,
            diffs.len()
        ));
        if failed {
            return Err(Failure::new(
                Exit::Failed,
                "pre-flight checks failed: a real deploy would apply nothing until they pass",
            ));
        }
        return Ok(if changes > 0 {
            Exit::ChangesPending
        } else {
            Exit::Success
        });
    }
    if full && changes == 0 {
        if !print(&format!(
            "nothing to change: {} objects unchanged in {} ({})",
            diffs.len(),
            platform.namespace(),
            target.context
        )) {
            return Ok(Exit::Success);
        }
    } else {
        let summary = target_summary(&target, &platform, env.as_deref());
        let action = if full {
            format!("Deploying {changes} change(s) to Kubernetes {version}")
        } else {
            format!("Deploying to Kubernetes {version}")
        };
        confirm(&action, &summary, args.yes)?;
        if studio_kube::deploy::restarts_cluster(&diffs) {
            guard(
                &args.jobs,
                &target,
                &platform,
                "this deploy changes the FlinkDeployment, so the operator restarts the session cluster",
            )
            .await?;
        }
        let report = apply::apply(&target, &objects, &options).await;
        if report.is_complete() && !report.changed() {
            print(&format!(
                "nothing to change: {} objects unchanged in {} ({})",
                report.applied.len(),
                platform.namespace(),
                target.context
            ));
        } else {
            print_report(&report);
        }
        if !report.is_complete() {
            return Err(Failure::new(
                Exit::Failed,
                "the deploy stopped part-way; see above for what was and was not applied",
            ));
        }
    }
    if args.wait {
        return wait(&target, &platform, args.timeout).await;
    }
    Ok(Exit::Success)
}

fn fix_hint(fix: &Fix) -> String {
    match fix {
        Fix::InstallOperator { version } => {
            format!("studio operator install --version {version}")
        }
        Fix::CreateKafkaSecret { name, namespace } => format!(
            "studio secret kafka --name {name} --namespace {namespace} --username USER --ca-cert CA.pem"
        ),
        Fix::ResizeOrRaiseQuota => {
            "lower flink.taskManager sizes or replicas in the config, or raise the namespace quota"
                .to_owned()
        }
        _ => "see docs/kubernetes.md".to_owned(),
    }
}

fn print_diffs(diffs: &[ObjectDiff]) {
    let colour = std::io::stdout().is_terminal();
    for d in diffs {
        let ok = match &d.change {
            Change::Create { yaml } => {
                let added: Vec<String> = yaml.lines().map(|l| format!("+{l}")).collect();
                print(&colour_diff(
                    &format!("+++ create {}\n{}", d.object, added.join("\n")),
                    colour,
                ))
            }
            Change::Update { diff } => print(&colour_diff(diff.trim_end(), colour)),
            Change::Unchanged => true,
            _ => true,
        };
        if !ok {
            return;
        }
    }
}

fn print_report(report: &ApplyReport) {
    for (object, outcome, _) in &report.applied {
        print(&format!("  {:<11} {object}", outcome.to_string()));
    }
    for (object, err) in &report.failed {
        eprint(&format!("  {:<11} {object}: {err}", "FAILED"));
    }
    for object in &report.not_applied {
        eprint(&format!("  {:<11} {object}", "not applied"));
    }
    let count = |o: apply::Outcome| report.applied.iter().filter(|(_, x, _)| *x == o).count();
    print(&format!(
        "{} applied: {} created, {} configured, {} unchanged{}",
        report.applied.len(),
        count(apply::Outcome::Created),
        count(apply::Outcome::Configured),
        count(apply::Outcome::Unchanged),
        if report.is_complete() {
            String::new()
        } else {
            format!(
                "; {} failed, {} not applied",
                report.failed.len(),
                report.not_applied.len()
            )
        }
    ));
}

/// `--wait`, shared with `scale`.
pub async fn wait(
    target: &Target,
    platform: &Platform,
    timeout: Duration,
) -> Result<Exit, Failure> {
    let bar = spinner("waiting for the session cluster and the gateway");
    let outcome = wait_ready(
        target,
        platform,
        WaitOptions {
            timeout,
            interval: Duration::from_millis(500),
        },
        |state| {
            bar.set_message(format!(
                "FlinkDeployment {}/{} (generation {}/{}), gateway {}/{} ready",
                state.cluster.lifecycle_state.as_deref().unwrap_or("-"),
                state.cluster.job_manager.as_deref().unwrap_or("-"),
                state
                    .cluster
                    .observed_generation
                    .map_or("-".into(), |g| g.to_string()),
                state
                    .cluster
                    .generation
                    .map_or("-".into(), |g| g.to_string()),
                state.gateway.ready,
                state.gateway.desired,
            ));
        },
    )
    .await;
    bar.finish_and_clear();
    match outcome? {
        WaitOutcome::Ready { waited, .. } => {
            print(&format!(
                "ready in {waited:.1?}: session cluster STABLE with its JobManager READY, gateway Available"
            ));
            Ok(Exit::Success)
        }
        WaitOutcome::Failed { state, warnings } => Err(Failure::new(
            Exit::Failed,
            format!(
                "the operator reports a failure: {}{}",
                describe(&state),
                warning_lines(&warnings)
            ),
        )),
        WaitOutcome::TimedOut {
            state,
            warnings,
            waited,
        } => Err(Failure::new(
            Exit::TimedOut,
            format!(
                "not ready after {waited:.0?}: {}{}",
                describe(&state),
                warning_lines(&warnings)
            ),
        )),
        _ => Err(Failure::new(Exit::Failed, "unexpected wait outcome")),
    }
}

fn describe(state: &studio_kube::readiness::Readiness) -> String {
    let c = &state.cluster;
    let mut text = if c.exists {
        format!(
            "FlinkDeployment lifecycleState={} jobManagerDeploymentStatus={} observedGeneration={} (generation {})",
            c.lifecycle_state.as_deref().unwrap_or("none"),
            c.job_manager.as_deref().unwrap_or("none"),
            c.observed_generation
                .map_or("none".into(), |g| g.to_string()),
            c.generation.map_or("none".into(), |g| g.to_string()),
        )
    } else {
        "the FlinkDeployment does not exist".to_owned()
    };
    if let Some(error) = &c.error {
        text.push_str(&format!("\n  status.error: {error}"));
    }
    if c.exists && c.lifecycle_state.is_none() {
        text.push_str("\n  (no status at all: is the Flink Kubernetes Operator running? `studio doctor --only operator`)");
    }
    text.push_str(&format!(
        "\n  gateway: {}/{} ready{}",
        state.gateway.ready,
        state.gateway.desired,
        if state.gateway.available {
            ", Available"
        } else {
            ", not Available"
        }
    ));
    text
}

/// Recent Warning events as indented lines.
pub fn warning_lines(warnings: &[studio_kube::events::Warning]) -> String {
    if warnings.is_empty() {
        return "\n  no Warning events in the namespace".to_owned();
    }
    let mut text = String::from("\n  recent Warning events:");
    for w in warnings {
        text.push_str(&format!(
            "\n    {} {} (x{}): {}",
            w.object, w.reason, w.count, w.message
        ));
    }
    text
}
