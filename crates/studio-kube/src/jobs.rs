//! Running SQL jobs: the operator does not see jobs submitted through the SQL Gateway, so a
//! change that restarts the session cluster, or a cleanup, would kill them without a
//! savepoint. These functions find them and stop them with a savepoint first.

use flink_rest::{JobId, JobOverview, PollOptions, StopWithSavepoint};
use serde::Serialize;

use crate::error::{Error, Result, flatten};
use crate::platform::Platform;
use crate::target::Target;

/// A job that is not finished, and would be lost by a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveJob {
    /// Job id.
    pub id: JobId,
    /// Job name.
    pub name: String,
    /// Job state, e.g. `RUNNING`.
    pub state: String,
}

/// Where the running jobs were looked up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum JobsSource {
    /// The `--flink-url` given.
    Url(String),
    /// The JobManager REST Service, through the Kubernetes API's service proxy.
    ServiceProxy(String),
    /// No JobManager answered: the session cluster is not running.
    NoJobManager,
}

fn live(jobs: Vec<JobOverview>) -> Vec<LiveJob> {
    jobs.into_iter()
        .filter(|job| !job.state.is_globally_terminal())
        .map(|job| LiveJob {
            id: job.jid,
            name: job.name,
            state: job.state.to_string(),
        })
        .collect()
}

/// Lists jobs that are not finished: through `flink` when given, else through the API
/// server's proxy to the `<cluster>-rest` Service. When neither answers, the cluster is not
/// running and there are no jobs to lose.
///
/// # Errors
///
/// [`Error::Flink`] when `flink` is given but does not answer (the user asked for it).
pub async fn live_jobs(
    target: &Target,
    platform: &Platform,
    flink: Option<&flink_rest::Client>,
) -> Result<(JobsSource, Vec<LiveJob>)> {
    if let Some(client) = flink {
        let url = client.base_url().to_string();
        let jobs = client.jobs().list().await.map_err(|err| Error::Flink {
            url: url.clone(),
            message: flatten(&err),
        })?;
        return Ok((JobsSource::Url(url), live(jobs)));
    }
    let path = format!(
        "/api/v1/namespaces/{}/services/{}:8081/proxy/jobs/overview",
        platform.namespace(),
        platform.rest_service()
    );
    let request = match http_get(&path) {
        Some(request) => request,
        None => return Ok((JobsSource::NoJobManager, Vec::new())),
    };
    match target.client.request::<serde_json::Value>(request).await {
        Ok(body) => {
            let jobs: Vec<JobOverview> =
                serde_json::from_value(body["jobs"].clone()).map_err(|err| Error::Encoding {
                    what: "jobs overview from the JobManager".into(),
                    message: err.to_string(),
                })?;
            Ok((JobsSource::ServiceProxy(path), live(jobs)))
        }
        // No Service, no endpoints, or no pod behind it: nothing is running.
        Err(_) => Ok((JobsSource::NoJobManager, Vec::new())),
    }
}

fn http_get(path: &str) -> Option<http::Request<Vec<u8>>> {
    http::Request::get(path).body(Vec::new()).ok()
}

/// A job stopped with a savepoint, and where the savepoint is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoppedJob {
    /// The job.
    pub job: LiveJob,
    /// Savepoint location, to resume with `SET 'execution.savepoint.path' = '…'`.
    pub savepoint: String,
}

/// Stops each job with a savepoint (into `dir`, or the cluster's default savepoint
/// directory), waiting for each within `poll`. Stops at the first failure and says which jobs
/// were already stopped.
///
/// # Errors
///
/// [`Error::Flink`] naming the job that could not be stopped and the ones that were.
pub async fn stop_with_savepoints(
    flink: &flink_rest::Client,
    jobs: &[LiveJob],
    dir: Option<&str>,
    poll: &PollOptions,
) -> Result<Vec<StoppedJob>> {
    let url = flink.base_url().to_string();
    let mut stopped = Vec::new();
    for job in jobs {
        let fail = |err: &dyn std::error::Error, stopped: &[StoppedJob]| Error::Flink {
            url: url.clone(),
            message: format!(
                "stopping job {} ({}) with a savepoint failed: {}{}",
                job.id,
                job.name,
                flatten(err),
                if stopped.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; already stopped: {}",
                        stopped
                            .iter()
                            .map(|s: &StoppedJob| format!("{} → {}", s.job.id, s.savepoint))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
        };
        let request = match dir {
            Some(dir) => StopWithSavepoint::to_dir(dir),
            None => StopWithSavepoint::default(),
        };
        let trigger = flink
            .jobs()
            .stop_with_savepoint(&job.id, &request)
            .await
            .map_err(|err| fail(&err, &stopped))?;
        let location = flink
            .savepoints()
            .wait(&job.id, &trigger, poll)
            .await
            .map_err(|err| fail(&err, &stopped))?;
        stopped.push(StoppedJob {
            job: job.clone(),
            savepoint: location,
        });
    }
    Ok(stopped)
}
