//! Before a change that restarts the session cluster (or deletes it): find SQL jobs the
//! operator does not know about, and refuse, stop them with savepoints, or go on with `--force`.

use flink_rest::PollOptions;
use studio_kube::jobs::{JobsSource, live_jobs, stop_with_savepoints};
use studio_kube::{Platform, Target};

use super::{Failure, eprint};
use crate::exit::Exit;

/// Flags shared by `deploy` and `cleanup`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct JobGuardArgs {
    /// Stop running jobs with a savepoint before the session cluster restarts or goes.
    #[arg(long)]
    pub savepoint_jobs: bool,
    /// Restart or delete the session cluster even though jobs are running (they are lost).
    #[arg(long)]
    pub force: bool,
    /// JobManager REST URL to look for running jobs (default: through the Kubernetes API's
    /// service proxy; needed for --savepoint-jobs).
    #[arg(long, value_name = "URL", env = "STUDIO_FLINK_URL")]
    pub flink_url: Option<String>,
    /// Savepoint directory for --savepoint-jobs (default: the cluster's).
    #[arg(long, value_name = "DIR")]
    pub savepoint_dir: Option<String>,
}

/// Checks for running jobs and acts on them as the flags say. `what` is the change, e.g.
/// "this deploy restarts the session cluster".
pub async fn guard(
    args: &JobGuardArgs,
    target: &Target,
    platform: &Platform,
    what: &str,
) -> Result<(), Failure> {
    let flink = match &args.flink_url {
        Some(url) => Some(
            flink_rest::Client::new(url)
                .map_err(|err| Failure::new(Exit::Usage, format!("--flink-url {url}: {err}")))?,
        ),
        None => None,
    };
    let (source, jobs) = live_jobs(target, platform, flink.as_ref()).await?;
    if jobs.is_empty() {
        if let JobsSource::Url(url) = &source {
            eprint(&format!("no running jobs on {url}"));
        }
        return Ok(());
    }
    let list: String = jobs
        .iter()
        .map(|j| format!("\n  {}  {:<10} {}", j.id, j.state, j.name))
        .collect();
    if args.force {
        eprint(&format!(
            "warning: {what}; --force: these jobs will be lost without a savepoint:{list}"
        ));
        return Ok(());
    }
    if !args.savepoint_jobs {
        return Err(Failure::new(
            Exit::Refused,
            format!(
                "{what}, and these jobs are running (the operator does not see SQL Gateway jobs \
                 and would not savepoint them):{list}\nnothing was changed; pass \
                 --savepoint-jobs to stop them with a savepoint first, or --force to lose them"
            ),
        ));
    }
    let Some(flink) = flink else {
        return Err(Failure::new(
            Exit::Usage,
            format!(
                "--savepoint-jobs needs the JobManager's URL: pass --flink-url (e.g. after \
                 `studio port-forward jobmanager`); running jobs:{list}"
            ),
        ));
    };
    let poll = PollOptions::new(
        std::time::Duration::from_secs(300),
        std::time::Duration::from_millis(500),
    );
    let stopped = stop_with_savepoints(&flink, &jobs, args.savepoint_dir.as_deref(), &poll).await?;
    for s in stopped {
        eprint(&format!(
            "stopped job {} ({}) with a savepoint at {}\n  resume it with: SET 'execution.savepoint.path' = '{}'; then its INSERT",
            s.job.id, s.job.name, s.savepoint, s.savepoint
        ));
    }
    Ok(())
}
