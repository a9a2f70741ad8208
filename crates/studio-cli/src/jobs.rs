//! `studio jobs`, `studio savepoint`, `studio state-size` and `studio cluster`: the
//! JobManager REST API through `flink-rest`.
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use flink_rest::{
    JobId, JobStatus, PollOptions, SavepointFormat, StopWithSavepoint, TriggerSavepoint,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::exit::{Exit, help_text};
use crate::flink::{
    Failure, FlinkArgs, JobManager, Output, age, bytes, confirm, job_id, now_ms, print_json,
    print_table, short_duration,
};

/// Arguments of `studio jobs`.
#[derive(Debug, Args)]
#[command(after_help = help_text())]
pub struct JobsArgs {
    #[command(subcommand)]
    command: JobsCommand,
}

#[derive(Debug, Subcommand)]
enum JobsCommand {
    /// List the jobs the cluster knows (running and recently ended).
    #[command(after_help = help_text())]
    List {
        /// Only jobs in this state (RUNNING, FINISHED, CANCELED, FAILED, …).
        #[arg(long, value_name = "STATE")]
        state: Option<String>,
        #[command(flatten)]
        flink: FlinkArgs,
    },
    /// Show a job: vertices, parallelism, last checkpoint, root-cause exception.
    #[command(after_help = help_text())]
    Show {
        /// The job id (32 hex digits).
        id: String,
        #[command(flatten)]
        flink: FlinkArgs,
    },
    /// Cancel a job (no savepoint) and wait until it is CANCELED.
    #[command(after_help = help_text())]
    Cancel {
        /// The job id.
        id: String,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// How long to wait for the job to end.
        #[arg(long, value_parser = humantime::parse_duration, default_value = "60s")]
        timeout: Duration,
        #[command(flatten)]
        flink: FlinkArgs,
    },
    /// Stop a job with a savepoint and wait until it ends.
    #[command(after_help = help_text())]
    Stop {
        /// The job id.
        id: String,
        /// Savepoint directory [default: the cluster's execution.checkpointing.savepoint-dir].
        #[arg(long, value_name = "DIR")]
        savepoint_dir: Option<String>,
        /// Emit MAX_WATERMARK first, firing all event-time timers (ends open windows).
        #[arg(long)]
        drain: bool,
        /// Savepoint format.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// How long to wait for the savepoint and the job's end.
        #[arg(long, value_parser = humantime::parse_duration, default_value = "10m")]
        timeout: Duration,
        #[command(flatten)]
        flink: FlinkArgs,
    },
}

/// Savepoint formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Portable across state backends.
    Canonical,
    /// The state backend's own format: faster to write and restore.
    Native,
}

impl From<Format> for SavepointFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Canonical => SavepointFormat::Canonical,
            Format::Native => SavepointFormat::Native,
        }
    }
}

/// Arguments of `studio savepoint`.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = help_text()
)]
pub struct SavepointArgs {
    #[command(subcommand)]
    command: Option<SavepointCommand>,
    /// The job to take a savepoint of.
    #[arg(required = true, value_name = "JOB_ID")]
    id: Option<String>,
    /// Savepoint directory [default: the cluster's execution.checkpointing.savepoint-dir].
    #[arg(long, value_name = "DIR")]
    dir: Option<String>,
    /// Savepoint format.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// How long to wait for the savepoint.
    #[arg(long, value_parser = humantime::parse_duration, default_value = "10m")]
    timeout: Duration,
    #[command(flatten)]
    flink: FlinkArgs,
}

#[derive(Debug, Subcommand)]
enum SavepointCommand {
    /// Delete a savepoint (its directory, as printed when it was taken).
    #[command(after_help = help_text())]
    Dispose {
        /// The savepoint path.
        path: String,
        /// Do not ask for confirmation (required without a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// How long to wait for the deletion.
        #[arg(long, value_parser = humantime::parse_duration, default_value = "5m")]
        timeout: Duration,
        #[command(flatten)]
        flink: FlinkArgs,
    },
}

/// Arguments of `studio state-size`.
#[derive(Debug, Args)]
#[command(after_help = help_text())]
pub struct StateSizeArgs {
    /// Only this job [default: every running job].
    #[arg(long, value_name = "ID")]
    job: Option<String>,
    /// Repeat every SECS seconds until Ctrl-C (or --times).
    #[arg(long, value_name = "SECS")]
    watch: Option<u64>,
    /// With --watch: stop after this many reports.
    #[arg(long, value_name = "N", default_value_t = 10_000, requires = "watch")]
    times: u64,
    /// Exit 8 if a job's full state is larger than this many bytes.
    #[arg(long, value_name = "N")]
    max_bytes: Option<u64>,
    /// Exit 8 if a job's last completed checkpoint is older than this (e.g. 10m), or missing.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    max_age: Option<Duration>,
    #[command(flatten)]
    flink: FlinkArgs,
}

/// Arguments of `studio cluster`.
#[derive(Debug, Args)]
#[command(after_help = help_text())]
pub struct ClusterArgs {
    #[command(flatten)]
    flink: FlinkArgs,
}

fn finish(result: Result<Exit, Failure>) -> ExitCode {
    match result {
        Ok(exit) => exit.into(),
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            failure.exit.into()
        }
    }
}

/// Runs `studio jobs`.
pub async fn run_jobs(args: JobsArgs) -> ExitCode {
    finish(match args.command {
        JobsCommand::List { state, flink } => list(&flink, state.as_deref()).await,
        JobsCommand::Show { id, flink } => show(&flink, &id).await,
        JobsCommand::Cancel {
            id,
            yes,
            timeout,
            flink,
        } => cancel(&flink, &id, yes, timeout).await,
        JobsCommand::Stop {
            id,
            savepoint_dir,
            drain,
            format,
            yes,
            timeout,
            flink,
        } => {
            let mut request = StopWithSavepoint::default().drain(drain);
            request.target_directory = savepoint_dir;
            if let Some(f) = format {
                request = request.format(f.into());
            }
            stop(&flink, &id, &request, yes, timeout).await
        }
    })
}

async fn list(args: &FlinkArgs, state: Option<&str>) -> Result<Exit, Failure> {
    let jm = args.connect()?;
    let mut jobs = jm
        .client
        .jobs()
        .list()
        .await
        .map_err(|e| jm.failure("jobs", &e))?;
    if let Some(wanted) = state {
        jobs.retain(|j| j.state.as_str().eq_ignore_ascii_case(wanted));
    }
    jobs.sort_by_key(|j| std::cmp::Reverse(j.start_time));
    if args.output == Output::Json {
        print_json(&jobs)?;
        return Ok(Exit::Success);
    }
    if jobs.is_empty() {
        match state {
            Some(s) => crate::outln!("no {} jobs on {}", s.to_ascii_uppercase(), jm.url),
            None => crate::outln!("no jobs on {}", jm.url),
        }
        return Ok(Exit::Success);
    }
    let rows: Vec<Vec<String>> = jobs
        .iter()
        .map(|j| {
            vec![
                j.jid.to_string(),
                j.state.to_string(),
                short_duration(Duration::from_millis(
                    u64::try_from(j.duration).unwrap_or(0),
                )),
                j.name.clone(),
            ]
        })
        .collect();
    print_table(&["ID", "STATE", "DURATION", "NAME"], &rows);
    Ok(Exit::Success)
}

async fn show(args: &FlinkArgs, raw: &str) -> Result<Exit, Failure> {
    let id = job_id(raw)?;
    let jm = args.connect()?;
    let what = format!("job {id}");
    let details = jm
        .client
        .jobs()
        .get(&id)
        .await
        .map_err(|e| jm.failure(&what, &e))?;
    let checkpoints = jm.client.checkpoints().stats(&id).await.ok();
    let exceptions = jm.client.jobs().exceptions(&id).await.ok();
    if args.output == Output::Json {
        print_json(&serde_json::json!({
            "job": details,
            "checkpoints": checkpoints,
            "exceptions": exceptions,
        }))?;
        return Ok(Exit::Success);
    }
    crate::outln!("job       {}", details.jid);
    crate::outln!("name      {}", details.name);
    crate::outln!("state     {}", details.state);
    if let Some(t) = &details.job_type {
        crate::outln!("type      {t}");
    }
    if let Some(a) = age(details.start_time) {
        crate::outln!("started   {} ago", short_duration(a));
    }
    let last = checkpoints
        .as_ref()
        .and_then(|c| c.latest.completed.as_ref());
    match last {
        Some(c) => crate::outln!(
            "last checkpoint  #{} {} ago, {} full / {} checkpointed, took {}",
            c.id,
            age(c.latest_ack_timestamp).map_or_else(|| "?".to_owned(), short_duration),
            bytes(c.state_size),
            bytes(c.checkpointed_size),
            short_duration(Duration::from_millis(
                u64::try_from(c.end_to_end_duration).unwrap_or(0)
            ))
        ),
        None => crate::outln!("last checkpoint  none completed"),
    }
    if let Some(e) = exceptions.as_ref().and_then(|e| e.latest()) {
        crate::outln!("root cause       {}", e.root_cause());
    }
    crate::outln!();
    let rows: Vec<Vec<String>> = details
        .vertices
        .iter()
        .map(|v| {
            vec![
                v.parallelism.to_string(),
                v.status.clone().unwrap_or_default(),
                v.name.clone(),
            ]
        })
        .collect();
    print_table(&["PARALLELISM", "STATUS", "VERTEX"], &rows);
    Ok(Exit::Success)
}

/// Looks a job up (so an unknown id fails before any question) and names it.
async fn describe(jm: &JobManager, id: &JobId) -> Result<String, Failure> {
    let details = jm
        .client
        .jobs()
        .get(id)
        .await
        .map_err(|e| jm.failure(&format!("job {id}"), &e))?;
    Ok(format!("{id} ({}, {})", details.name, details.state))
}

async fn cancel(
    args: &FlinkArgs,
    raw: &str,
    yes: bool,
    timeout: Duration,
) -> Result<Exit, Failure> {
    let id = job_id(raw)?;
    let jm = args.connect()?;
    let job = describe(&jm, &id).await?;
    confirm(&format!("Cancel job {job}"), &jm.url, yes)?;
    let what = format!("job {id}");
    jm.client
        .jobs()
        .cancel(&id)
        .await
        .map_err(|e| jm.failure(&what, &e))?;
    let status = jm
        .client
        .jobs()
        .wait_for_status(
            &id,
            JobStatus::is_globally_terminal,
            &PollOptions::new(timeout, Duration::from_millis(250)),
        )
        .await
        .map_err(|e| jm.failure(&what, &e))?;
    report_end(args, &id, &status, None)
}

async fn stop(
    args: &FlinkArgs,
    raw: &str,
    request: &StopWithSavepoint,
    yes: bool,
    timeout: Duration,
) -> Result<Exit, Failure> {
    let id = job_id(raw)?;
    let jm = args.connect()?;
    let job = describe(&jm, &id).await?;
    confirm(&format!("Stop job {job} with a savepoint"), &jm.url, yes)?;
    let what = format!("job {id}");
    let trigger = jm
        .client
        .jobs()
        .stop_with_savepoint(&id, request)
        .await
        .map_err(|e| jm.failure(&what, &e))?;
    let location = with_spinner(
        &format!("stopping job {id} with a savepoint"),
        jm.client.savepoints().wait(
            &id,
            &trigger,
            &PollOptions::new(timeout, Duration::from_millis(500)),
        ),
    )
    .await
    .map_err(|e| jm.failure(&what, &e))?;
    let status = jm
        .client
        .jobs()
        .wait_for_status(
            &id,
            JobStatus::is_globally_terminal,
            &PollOptions::new(timeout, Duration::from_millis(250)),
        )
        .await
        .map_err(|e| jm.failure(&what, &e))?;
    report_end(args, &id, &status, Some(&location))
}

fn report_end(
    args: &FlinkArgs,
    id: &JobId,
    status: &JobStatus,
    savepoint: Option<&str>,
) -> Result<Exit, Failure> {
    if args.output == Output::Json {
        print_json(&serde_json::json!({"job": id, "state": status, "savepoint": savepoint}))?;
    } else {
        match savepoint {
            Some(location) => crate::outln!("job {id} {status}; savepoint at {location}"),
            None => crate::outln!("job {id} {status}"),
        }
    }
    Ok(Exit::Success)
}

/// Awaits `fut` with a spinner on stderr when it is a terminal.
async fn with_spinner<T>(message: &str, fut: impl Future<Output = T>) -> T {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    let value = fut.await;
    bar.finish_and_clear();
    value
}

/// Runs `studio savepoint`.
pub async fn run_savepoint(args: SavepointArgs) -> ExitCode {
    finish(match (&args.command, &args.id) {
        (
            Some(SavepointCommand::Dispose {
                path,
                yes,
                timeout,
                flink,
            }),
            _,
        ) => dispose(flink, path, *yes, *timeout).await,
        (None, Some(id)) => savepoint(&args, id).await,
        (None, None) => Err(Failure::new(
            Exit::Usage,
            "name a job: studio savepoint JOB_ID",
        )),
    })
}

async fn savepoint(args: &SavepointArgs, raw: &str) -> Result<Exit, Failure> {
    let id = job_id(raw)?;
    let jm = args.flink.connect()?;
    // Flink accepts a trigger for an unknown job and fails it later: ask first.
    describe(&jm, &id).await?;
    let what = format!("job {id}");
    let mut request = TriggerSavepoint::default();
    request.target_directory = args.dir.clone();
    if let Some(f) = args.format {
        request = request.format(f.into());
    }
    let trigger = jm
        .client
        .savepoints()
        .trigger(&id, &request)
        .await
        .map_err(|e| jm.failure(&what, &e))?;
    let location = with_spinner(
        &format!("taking a savepoint of job {id}"),
        jm.client.savepoints().wait(
            &id,
            &trigger,
            &PollOptions::new(args.timeout, Duration::from_millis(500)),
        ),
    )
    .await
    .map_err(|e| jm.failure(&what, &e))?;
    if args.flink.output == Output::Json {
        print_json(&serde_json::json!({"job": id, "location": location}))?;
    } else {
        crate::outln!("{location}");
    }
    Ok(Exit::Success)
}

async fn dispose(
    args: &FlinkArgs,
    path: &str,
    yes: bool,
    timeout: Duration,
) -> Result<Exit, Failure> {
    let jm = args.connect()?;
    confirm(&format!("Delete savepoint {path}"), &jm.url, yes)?;
    let what = format!("savepoint {path}");
    let trigger = jm
        .client
        .savepoints()
        .dispose(path)
        .await
        .map_err(|e| jm.failure(&what, &e))?;
    let waited = jm
        .client
        .savepoints()
        .wait_disposal(
            &trigger,
            &PollOptions::new(timeout, Duration::from_millis(250)),
        )
        .await;
    match waited {
        Ok(()) => {
            if args.output == Output::Json {
                print_json(&serde_json::json!({"disposed": path}))?;
            } else {
                crate::outln!("savepoint {path} deleted");
            }
            Ok(Exit::Success)
        }
        Err(flink_rest::Error::OperationFailed { root_cause, .. }) => Err(Failure::new(
            Exit::Failed,
            format!("cannot delete savepoint {path}: {root_cause}"),
        )),
        Err(e) => Err(jm.failure(&what, &e)),
    }
}

/// One job's line of `state-size`.
#[derive(Debug, serde::Serialize)]
struct SizeRow {
    job: String,
    name: String,
    checkpoint: Option<u64>,
    state_size: Option<u64>,
    checkpointed_size: Option<u64>,
    duration_ms: Option<i64>,
    age_secs: Option<u64>,
    breaches: Vec<String>,
}

/// Runs `studio state-size`.
pub async fn run_state_size(args: StateSizeArgs) -> ExitCode {
    let Some(secs) = args.watch else {
        return finish(state_size(&args).await);
    };
    let mut last = Exit::Success;
    for round in 0..args.times.max(1) {
        if round > 0 {
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(secs.max(1))) => {}
                _ = tokio::signal::ctrl_c() => return last.into(),
            }
            crate::outln!();
        }
        match state_size(&args).await {
            Ok(exit) => last = exit,
            Err(failure) => {
                eprintln!("error: {}", failure.message);
                last = failure.exit;
            }
        }
    }
    last.into()
}

async fn state_size(args: &StateSizeArgs) -> Result<Exit, Failure> {
    let jm = args.flink.connect()?;
    let jobs: Vec<(JobId, String)> = match &args.job {
        Some(raw) => {
            let id = job_id(raw)?;
            let details = jm
                .client
                .jobs()
                .get(&id)
                .await
                .map_err(|e| jm.failure(&format!("job {id}"), &e))?;
            vec![(id, details.name)]
        }
        None => jm
            .client
            .jobs()
            .list()
            .await
            .map_err(|e| jm.failure("jobs", &e))?
            .into_iter()
            .filter(|j| j.state == JobStatus::Running)
            .map(|j| (j.jid, j.name))
            .collect(),
    };
    let mut rows = Vec::new();
    for (id, name) in jobs {
        let size = jm
            .client
            .checkpoints()
            .state_size(&id)
            .await
            .map_err(|e| jm.failure(&format!("job {id}"), &e))?;
        let age_secs = size
            .as_ref()
            .and_then(|s| age(s.completed_at))
            .map(|a| a.as_secs());
        let mut breaches = Vec::new();
        if let (Some(max), Some(s)) = (args.max_bytes, &size)
            && s.state_size > max
        {
            breaches.push(format!("state {} > --max-bytes {max}", s.state_size));
        }
        if let Some(max) = args.max_age {
            match age_secs {
                Some(a) if a > max.as_secs() => breaches.push(format!(
                    "last checkpoint {} old > --max-age {}",
                    short_duration(Duration::from_secs(a)),
                    humantime::format_duration(max)
                )),
                None => breaches.push("no completed checkpoint (--max-age)".to_owned()),
                Some(_) => {}
            }
        }
        rows.push(SizeRow {
            job: id.to_string(),
            name,
            checkpoint: size.as_ref().map(|s| s.checkpoint_id),
            state_size: size.as_ref().map(|s| s.state_size),
            checkpointed_size: size.as_ref().map(|s| s.checkpointed_size),
            duration_ms: size.as_ref().map(|s| s.duration_ms),
            age_secs,
            breaches,
        });
    }
    let breached = rows.iter().any(|r| !r.breaches.is_empty());
    if args.flink.output == Output::Json {
        print_json(&rows)?;
    } else if rows.is_empty() {
        crate::outln!("no running jobs on {}", jm.url);
    } else {
        let dash = || "-".to_owned();
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.job.clone(),
                    r.checkpoint.map_or_else(dash, |c| format!("#{c}")),
                    r.state_size.map_or_else(dash, bytes),
                    r.checkpointed_size.map_or_else(dash, bytes),
                    r.duration_ms.map_or_else(dash, |d| {
                        short_duration(Duration::from_millis(u64::try_from(d).unwrap_or(0)))
                    }),
                    r.age_secs
                        .map_or_else(dash, |a| short_duration(Duration::from_secs(a))),
                    if r.breaches.is_empty() {
                        "ok".to_owned()
                    } else {
                        format!("BREACH: {}", r.breaches.join("; "))
                    },
                    r.name.clone(),
                ]
            })
            .collect();
        print_table(
            &[
                "JOB",
                "CHECKPOINT",
                "FULL",
                "CHECKPOINTED",
                "DURATION",
                "AGE",
                "CHECK",
                "NAME",
            ],
            &table,
        );
    }
    Ok(if breached {
        Exit::Threshold
    } else {
        Exit::Success
    })
}

/// Runs `studio cluster`.
pub async fn run_cluster(args: ClusterArgs) -> ExitCode {
    finish(cluster(&args.flink).await)
}

async fn cluster(args: &FlinkArgs) -> Result<Exit, Failure> {
    let jm = args.connect()?;
    let overview = jm
        .client
        .overview()
        .await
        .map_err(|e| jm.failure("cluster", &e))?;
    let tms = jm
        .client
        .taskmanagers()
        .list()
        .await
        .map_err(|e| jm.failure("TaskManagers", &e))?;
    if args.output == Output::Json {
        print_json(&serde_json::json!({"overview": overview, "taskmanagers": tms}))?;
        return Ok(Exit::Success);
    }
    crate::outln!(
        "Flink {} at {}: {} TaskManager(s), {}/{} slots free; jobs: {} running, {} finished, {} cancelled, {} failed",
        overview.flink_version,
        jm.url,
        overview.taskmanagers,
        overview.slots_available,
        overview.slots_total,
        overview.jobs_running,
        overview.jobs_finished,
        overview.jobs_cancelled,
        overview.jobs_failed
    );
    let now = now_ms();
    let rows: Vec<Vec<String>> = tms
        .iter()
        .map(|tm| {
            let memory = tm.memory_configuration.as_ref().map_or_else(
                || "-".to_owned(),
                |m| bytes(u64::try_from(m.total_process_memory).unwrap_or(0)),
            );
            let heartbeat = if tm.time_since_last_heartbeat > 0 {
                short_duration(Duration::from_millis(
                    u64::try_from(now - tm.time_since_last_heartbeat).unwrap_or(0),
                ))
            } else {
                "never".to_owned()
            };
            vec![
                tm.id.clone(),
                format!("{}/{}", tm.free_slots, tm.slots_number),
                memory,
                heartbeat,
            ]
        })
        .collect();
    crate::outln!();
    print_table(
        &["TASKMANAGER", "FREE/SLOTS", "MEMORY", "HEARTBEAT AGE"],
        &rows,
    );
    Ok(Exit::Success)
}
