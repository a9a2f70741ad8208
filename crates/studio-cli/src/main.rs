//! `studio`: the Flink SQL Studio command line.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use studio_cli::{cloud, completions, image, jobs, k8s, local, render, sql};

/// Flink SQL Studio: run Flink SQL locally and on Kubernetes.
#[derive(Debug, Parser)]
#[command(name = "studio", version, about, long_about = None, after_help = studio_cli::exit::help_text())]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a real local Flink session cluster, SQL Gateway and Kafka.
    Local(local::LocalArgs),
    /// Run .sql pipelines against a Flink SQL Gateway.
    Sql(sql::SqlArgs),
    /// Render the platform's Kubernetes manifests as YAML or JSON.
    Render(render::RenderArgs),
    /// List, show, cancel and stop Flink jobs through the JobManager.
    Jobs(jobs::JobsArgs),
    /// Take a savepoint of a job (prints its location), or dispose of one.
    Savepoint(jobs::SavepointArgs),
    /// State size and checkpoint age per job; exit 8 when a threshold is breached.
    StateSize(jobs::StateSizeArgs),
    /// Cluster overview and TaskManagers (slots, memory, heartbeat age).
    Cluster(jobs::ClusterArgs),
    /// Apply the platform to a cluster with server-side apply (shows the target, asks first).
    Deploy(k8s::deploy::DeployArgs),
    /// Show the platform on the cluster: session cluster, gateway, pods, quota, warnings.
    Status(k8s::status::StatusArgs),
    /// Change the number of TaskManagers, within the namespace quota.
    Scale(k8s::scale::ScaleArgs),
    /// Delete the platform from the cluster, FlinkDeployment first.
    Cleanup(k8s::cleanup::CleanupArgs),
    /// Create or update the platform's secrets (Kafka credentials).
    Secret(k8s::secret::SecretArgs),
    /// Install or upgrade the Flink Kubernetes Operator (CRDs, then helm).
    Operator(k8s::operator::OperatorArgs),
    /// Build the platform image (Flink plus connectors and filesystem plugins).
    Image(image::ImageArgs),
    /// Check everything the platform needs and say what to do about each problem.
    Doctor(k8s::doctor::DoctorArgs),
    /// Forward a local port to the SQL Gateway or JobManager through the Kubernetes API.
    PortForward(k8s::forward::PortForwardArgs),
    /// Open the Flink UI through a port-forward over the Kubernetes API.
    Ui(k8s::forward::UiArgs),
    /// Set up cloud Workload Identity for the platform's storage (GKE or AKS).
    Cloud(cloud::CloudArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the man page, or write one per command into a directory.
    Man(completions::ManArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // These two need no runtime: they print what clap knows.
    match &cli.command {
        Command::Completions(args) => return completions::run_completions(args, Cli::command()),
        Command::Man(args) => return completions::run_man(args, Cli::command()),
        _ => {}
    }
    studio_cli::block_on(async {
        match cli.command {
            Command::Local(args) => local::run(args).await,
            Command::Sql(args) => sql::run(args).await,
            Command::Render(args) => render::run(args).await,
            Command::Jobs(args) => jobs::run_jobs(args).await,
            Command::Savepoint(args) => jobs::run_savepoint(args).await,
            Command::StateSize(args) => jobs::run_state_size(args).await,
            Command::Cluster(args) => jobs::run_cluster(args).await,
            Command::Deploy(args) => k8s::deploy::run(args).await,
            Command::Status(args) => k8s::status::run(args).await,
            Command::Scale(args) => k8s::scale::run(args).await,
            Command::Cleanup(args) => k8s::cleanup::run(args).await,
            Command::Secret(args) => k8s::secret::run(args).await,
            Command::Operator(args) => k8s::operator::run(args).await,
            Command::Image(args) => image::run(args).await,
            Command::Cloud(args) => cloud::run(args).await,
            Command::Doctor(args) => k8s::doctor::run(args).await,
            Command::PortForward(args) => k8s::forward::run(args).await,
            Command::Ui(args) => k8s::forward::run_ui(args).await,
            Command::Completions(_) | Command::Man(_) => std::process::ExitCode::SUCCESS,
        }
    })
}
