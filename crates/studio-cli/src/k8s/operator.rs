//! `studio operator install`: the operator's CRDs by server-side apply, then the chart with
//! helm, then a bounded wait for the operator Deployment.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use studio_kube::apply::{self, ApplyOptions};
use studio_kube::operator::{self, InstallOptions};

use super::{ClusterArgs, Failure, eprint, print, spinner};
use crate::exit::Exit;

/// Arguments of `studio operator`.
#[derive(Debug, clap::Args)]
pub struct OperatorArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: OperatorCommand,
}

/// `studio operator` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum OperatorCommand {
    /// Install or upgrade the Flink Kubernetes Operator: CRDs first (server-side apply; helm
    /// never upgrades CRDs), then the helm chart with the image pinned to the chart version.
    Install(InstallArgs),
}

/// Arguments of `studio operator install`.
#[derive(Debug, clap::Args)]
#[command(after_help = format!(
    "Webhook: the operator's admission webhook validates FlinkDeployments before they are \
     stored, and needs cert-manager for its certificate. Install cert-manager first, or pass \
     --no-webhook: then a bad FlinkDeployment is accepted and its error shows only in the \
     resource's status and Events.\n\n{}",
    crate::exit::help_text()
))]
pub struct InstallArgs {
    /// Operator (and chart) version.
    #[arg(long, default_value = operator::DEFAULT_VERSION)]
    pub version: String,
    /// Namespace of the operator.
    #[arg(long, value_name = "NS", default_value = operator::DEFAULT_NAMESPACE)]
    pub namespace: String,
    /// Do not install the admission webhook (no cert-manager needed).
    #[arg(long)]
    pub no_webhook: bool,
    /// A namespace the operator watches (repeat for several; default: all namespaces).
    #[arg(long = "watch-namespace", value_name = "NS")]
    pub watch_namespaces: Vec<String>,
    /// Chart repository URL (default: the Apache release directory of --version).
    #[arg(long, value_name = "URL")]
    pub repo: Option<String>,
    /// Print the CRD apply plan and the exact helm command, and change nothing.
    #[arg(long)]
    pub print: bool,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// How long to wait for helm and for the operator to become ready.
    #[arg(long, value_name = "DUR", default_value = "5m", value_parser = super::parse_duration)]
    pub timeout: Duration,
    /// Which cluster.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Runs `studio operator`.
pub async fn run(args: OperatorArgs) -> ExitCode {
    match args.command {
        OperatorCommand::Install(args) => match install(&args).await {
            Ok(exit) => exit.into(),
            Err(failure) => failure.report(),
        },
    }
}

fn options(args: &InstallArgs) -> InstallOptions {
    let mut options = InstallOptions::new(&args.version);
    options.namespace = args.namespace.clone();
    options.webhook = !args.no_webhook;
    options.watch_namespaces = args.watch_namespaces.clone();
    options.repository = args.repo.clone();
    options
}

/// helm's arguments, pointed at the same cluster as studio.
fn helm_args(
    options: &InstallOptions,
    kubeconfig: Option<&Path>,
    context: Option<&str>,
) -> Vec<String> {
    let mut args = operator::helm_command(options);
    if let Some(file) = kubeconfig {
        args.push("--kubeconfig".into());
        args.push(file.display().to_string());
    }
    if let Some(context) = context {
        args.push("--kube-context".into());
        args.push(context.to_owned());
    }
    args
}

/// The CRD names of an operator release, from the pinned files.
fn crd_names(version: &str) -> Vec<String> {
    studio_kube::crds::PINNED
        .iter()
        .filter(|p| p.operator == version)
        .map(|p| {
            p.file
                .trim_end_matches(".yml")
                .trim_end_matches("-v1")
                .to_owned()
        })
        .collect()
}

/// The plan `--print` shows: CRDs, helm, wait.
pub fn plan(args: &InstallArgs) -> Result<String, Failure> {
    let names = crd_names(&args.version);
    if names.is_empty() {
        return Err(unpinned(&args.version));
    }
    let options = options(args);
    let helm = helm_args(
        &options,
        args.cluster.kubeconfig.as_deref(),
        args.cluster.context.as_deref(),
    );
    let mut text = format!(
        "# 1. CRDs of operator {}, by server-side apply (field manager {}, forced: studio owns \
         them, helm never upgrades CRDs):\n",
        args.version,
        apply::FIELD_MANAGER
    );
    for name in &names {
        text.push_str(&format!("#    CustomResourceDefinition {name}\n"));
    }
    text.push_str("# 2. The chart, CRDs skipped, image pinned to the chart version:\n");
    text.push_str(&operator::shell_line("helm", &helm));
    text.push('\n');
    text.push_str(&format!(
        "# 3. Wait (up to {}) for Deployment {}/{} to be available.\n",
        humantime::format_duration(args.timeout),
        args.namespace,
        operator::RELEASE
    ));
    if args.no_webhook {
        text.push_str("# Webhook off: FlinkDeployment errors show only in status and Events.\n");
    } else {
        text.push_str(
            "# Webhook on: cert-manager must be installed first (or pass --no-webhook).\n",
        );
    }
    Ok(text)
}

fn unpinned(version: &str) -> Failure {
    let pinned: Vec<&str> = {
        let mut v: Vec<&str> = studio_kube::crds::PINNED
            .iter()
            .map(|p| p.operator)
            .collect();
        v.dedup();
        v
    };
    Failure::new(
        Exit::Usage,
        format!(
            "operator {version} has no pinned CRDs (pinned: {}); pass --version with one of them",
            pinned.join(", ")
        ),
    )
}

/// `helm` on PATH, or `None`.
fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

async fn install(args: &InstallArgs) -> Result<Exit, Failure> {
    if args.print {
        print(plan(args)?.trim_end());
        return Ok(Exit::Success);
    }
    if crd_names(&args.version).is_empty() {
        return Err(unpinned(&args.version));
    }
    let helm = find_on_path("helm").ok_or_else(|| {
        Failure::new(
            Exit::Usage,
            "helm is not installed (not found on PATH): install helm 3 \
             (https://helm.sh/docs/intro/install/), or run `studio operator install --print` \
             and run the commands it prints where helm is; nothing was changed",
        )
    })?;
    let crds = studio_kube::crds::objects(&args.version).map_err(Failure::from)?;
    let target = args.cluster.target().await?;
    let options = options(args);
    if options.webhook && !operator::cert_manager_installed(&target).await? {
        return Err(Failure::new(
            Exit::Usage,
            format!(
                "the operator's webhook needs cert-manager, which is not installed on {} \
                 ({} not found); install cert-manager first (https://cert-manager.io/docs/installation/), \
                 or pass --no-webhook (then FlinkDeployment errors show only in status and \
                 Events); nothing was changed",
                target.context,
                operator::CERT_MANAGER_CRD
            ),
        ));
    }
    let helm_argv = helm_args(
        &options,
        args.cluster.kubeconfig.as_deref(),
        Some(&target.context),
    );
    let summary = format!(
        "  context:   {}\n  server:    {}\n  user:      {}\n  namespace: {}\n  operator:  {} (webhook {})\n  CRDs:      {}\n  helm:      {}",
        target.context,
        target.server,
        target.user,
        args.namespace,
        args.version,
        if options.webhook { "on" } else { "off" },
        crd_names(&args.version).join(", "),
        operator::shell_line("helm", &helm_argv)
    );
    super::confirm("Install the Flink Kubernetes Operator", &summary, args.yes)?;

    let report = apply::apply(&target, &crds, &ApplyOptions::forcing(true)).await;
    for (object, outcome, _) in &report.applied {
        eprint(&format!("✓ {object} {outcome}"));
    }
    if let Some((object, err)) = report.failed.into_iter().next() {
        let failure = Failure::from(err);
        return Err(Failure::new(
            failure.exit,
            format!(
                "{object} was not applied: {}; helm was not run",
                failure.message
            ),
        ));
    }

    eprint(&format!(
        "Running: {}",
        operator::shell_line("helm", &helm_argv)
    ));
    let mut command = tokio::process::Command::new(&helm);
    command.args(&helm_argv).kill_on_drop(true);
    let status = tokio::time::timeout(args.timeout, command.status())
        .await
        .map_err(|_| {
            Failure::new(
                Exit::TimedOut,
                format!(
                    "helm did not finish within {}; the CRDs are applied, the chart may be half \
                     installed: check `helm status {} -n {}`",
                    humantime::format_duration(args.timeout),
                    operator::RELEASE,
                    args.namespace
                ),
            )
        })?
        .map_err(|err| Failure::new(Exit::Failed, format!("cannot run helm: {err}")))?;
    if !status.success() {
        return Err(Failure::new(
            Exit::Failed,
            format!(
                "helm failed ({status}); the CRDs are applied, the chart is not: fix the error \
                 above and run the command again"
            ),
        ));
    }

    let bar = spinner(&format!(
        "waiting for Deployment {}/{}",
        args.namespace,
        operator::RELEASE
    ));
    let state = operator::wait_ready(
        &target,
        &args.namespace,
        args.timeout,
        Duration::from_secs(2),
    )
    .await;
    bar.finish_and_clear();
    let state = state.map_err(Failure::from)?;
    print(&format!(
        "Flink Kubernetes Operator {} is ready in {} ({}/{} replicas)",
        args.version, args.namespace, state.ready, state.desired
    ));
    Ok(Exit::Success)
}
