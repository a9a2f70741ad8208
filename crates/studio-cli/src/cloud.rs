//! `studio cloud setup`: Workload Identity for the platform's storage on GKE or AKS, planned
//! with reads, confirmed, then applied step by step through `studio-cloud`.
//!
//! The identities it produces reach the manifests through the configuration `studio render`
//! reads: on GKE the Google service account *is* `gcp.serviceAccount` (setup creates what the
//! configuration names); on AKS the managed identity's client and tenant ids go to
//! `aks.clientId` / `aks.tenantId`, which an environment's `.env` overlay sets through
//! `AZURE_CLIENT_ID` / `AZURE_TENANT_ID`. Setup prints those lines, and writes them into the
//! overlay only with `--write-env`.

use std::collections::BTreeMap;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use studio_cloud::{
    Action, AzureClient, AzureCredentialChain, AzureEndpoints, AzureTarget, DEFAULT_BUCKET_ROLE,
    Event, GcpClient, GcpEndpoints, GcpMode, GcpTarget, GoogleAdc, Identities, Plan, RetryReason,
    StepOutcome,
};
use studio_manifests::config::{Cloud, LoadOptions, StudioConfig};

use crate::exit::{Exit, help_text};
use crate::render::CloudArg;

/// The GKE annotation `studio render` puts on the Kubernetes service account.
const GKE_ANNOTATION: &str = "iam.gke.io/gcp-service-account";
/// The AKS annotations `studio render` puts on the Kubernetes service account.
const AZURE_CLIENT_ANNOTATION: &str = "azure.workload.identity/client-id";
const AZURE_TENANT_ANNOTATION: &str = "azure.workload.identity/tenant-id";
/// Overrides of the API base URLs, for tests against a local server and for other clouds.
const GCP_API_URL_VAR: &str = "STUDIO_GCP_API_URL";
const AZURE_ARM_URL_VAR: &str = "STUDIO_AZURE_ARM_URL";

/// Arguments of `studio cloud`.
#[derive(Debug, Args)]
pub struct CloudArgs {
    #[command(subcommand)]
    command: CloudCommand,
}

#[derive(Debug, Subcommand)]
enum CloudCommand {
    /// Set up Workload Identity for Flink's bucket (GKE) or container (AKS): shows the plan,
    /// asks, applies. Running it again changes nothing.
    #[command(after_help = setup_help())]
    Setup(Box<SetupArgs>),
}

fn setup_help() -> String {
    format!(
        "\
Settings come from the configuration (namespace, flink.serviceAccount, gcp.*, aks.*); the
cloud-side names from flags, else the environment's .env overlay (--env), else the process
environment: GOOGLE_CLOUD_PROJECT; AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP,
AKS_CLUSTER_NAME, AZURE_IDENTITY_NAME, AZURE_IDENTITY_RESOURCE_GROUP,
AZURE_STORAGE_RESOURCE_GROUP.
Credentials: GCP Application Default Credentials (gcloud auth application-default login);
Azure workload identity, managed identity, Azure CLI (az login), then AZURE_CLIENT_SECRET.
Without a terminal, --yes is required to apply. Permissions needed: docs/cloud.md.

{}",
        help_text()
    )
}

/// Arguments of `studio cloud setup`.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Cloud to set up; overrides the file's `cloud`.
    #[arg(long, value_enum)]
    pub cloud: Option<CloudArg>,
    /// Platform configuration file.
    #[arg(long, value_name = "FILE", default_value = "studio.yaml")]
    pub config: PathBuf,
    /// Environment overlay: reads `<stem>.<NAME>.yaml` and/or `<stem>.<NAME>.env` next to the file.
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
    /// Show the plan and change nothing (exit 5 when changes are pending).
    #[arg(long)]
    pub dry_run: bool,
    /// Apply without asking (required without a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// After applying, write the identity settings (AZURE_CLIENT_ID, AZURE_TENANT_ID) into the
    /// `--env` overlay's .env file.
    #[arg(long, requires = "env")]
    pub write_env: bool,

    /// GCP project (default: GOOGLE_CLOUD_PROJECT, else the project of gcp.serviceAccount).
    #[arg(long, help_heading = "GCP")]
    pub project: Option<String>,
    /// Grant the bucket role directly to the Kubernetes service account's principal
    /// (Workload Identity Federation for GKE), with no Google service account.
    #[arg(long, help_heading = "GCP")]
    pub direct_principal: bool,
    /// Role granted on the bucket.
    #[arg(long, help_heading = "GCP", default_value = DEFAULT_BUCKET_ROLE)]
    pub bucket_role: String,

    /// Azure subscription id (default: AZURE_SUBSCRIPTION_ID).
    #[arg(long, help_heading = "AKS")]
    pub subscription: Option<String>,
    /// Resource group of the AKS cluster (default: AZURE_RESOURCE_GROUP).
    #[arg(long, help_heading = "AKS")]
    pub resource_group: Option<String>,
    /// AKS cluster name (default: AKS_CLUSTER_NAME).
    #[arg(long, help_heading = "AKS")]
    pub cluster: Option<String>,
    /// User-assigned managed identity (default: AZURE_IDENTITY_NAME, else flink-identity).
    #[arg(long, help_heading = "AKS")]
    pub identity: Option<String>,
    /// Resource group of the identity (default: AZURE_IDENTITY_RESOURCE_GROUP, else the cluster's).
    #[arg(long, help_heading = "AKS")]
    pub identity_resource_group: Option<String>,
    /// Resource group of the storage account (default: AZURE_STORAGE_RESOURCE_GROUP, else the
    /// cluster's).
    #[arg(long, help_heading = "AKS")]
    pub storage_resource_group: Option<String>,
    /// Name of the federated identity credential (default: flink-studio-NAMESPACE-KSA).
    #[arg(long, help_heading = "AKS")]
    pub federated_credential: Option<String>,
}

/// Runs `studio cloud`.
pub async fn run(args: CloudArgs) -> ExitCode {
    match args.command {
        CloudCommand::Setup(args) => setup(*args).await.into(),
    }
}

/// A failure before anything was sent.
fn usage(message: impl std::fmt::Display) -> Exit {
    eprintln!("error: {message}");
    Exit::Usage
}

/// Maps a library error to its exit code, printing it.
fn cloud_error(err: &studio_cloud::Error) -> Exit {
    eprintln!("error: {err}");
    match err {
        studio_cloud::Error::InvalidTarget { .. } | studio_cloud::Error::NoCredentials { .. } => {
            Exit::Usage
        }
        studio_cloud::Error::PermissionDenied { .. }
        | studio_cloud::Error::Unauthenticated { .. } => Exit::Forbidden,
        studio_cloud::Error::NotFound { .. } => Exit::NotFound,
        studio_cloud::Error::Unreachable { .. } => Exit::Unreachable,
        _ => Exit::Failed,
    }
}

/// Variables the cloud-side names fall back to: the `.env` overlay first, then the process.
struct Lookup {
    overlay: BTreeMap<String, String>,
    process: BTreeMap<String, String>,
}

impl Lookup {
    fn get(&self, flag: &Option<String>, variable: &str) -> Option<String> {
        flag.clone()
            .or_else(|| self.overlay.get(variable).cloned())
            .or_else(|| self.process.get(variable).cloned())
            .filter(|v| !v.trim().is_empty())
    }

    fn require(
        &self,
        flag: &Option<String>,
        flag_name: &str,
        variable: &str,
    ) -> Result<String, String> {
        self.get(flag, variable).ok_or_else(|| {
            format!(
                "{flag_name} is required (or set {variable} in the environment's .env overlay or the environment)"
            )
        })
    }
}

/// `<dir>/<stem>.<env>.env`, the overlay `studio render --env` reads.
fn env_overlay_path(config: &Path, env: &str) -> PathBuf {
    let stem = config
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("studio");
    config
        .parent()
        .unwrap_or(Path::new(""))
        .join(format!("{stem}.{env}.env"))
}

fn read_overlay(path: &Path) -> Result<BTreeMap<String, String>, Exit> {
    read_overlay_quiet(path).map_err(usage)
}

/// Loads the configuration. The AKS identity ids are what setup produces, so when the
/// configuration cannot load only because they are unset, it loads with placeholders.
fn load_config(args: &SetupArgs, process: &BTreeMap<String, String>) -> Result<StudioConfig, Exit> {
    let cloud = args.cloud.map(|cloud| match cloud {
        CloudArg::Gcp => Cloud::Gcp,
        CloudArg::Aks => Cloud::Aks,
    });
    let mut options = LoadOptions {
        file: args.config.clone(),
        env: args.env.clone(),
        cloud,
        process_env: process.clone(),
    };
    match studio_manifests::config::load(&options) {
        Ok(config) => Ok(config),
        Err(first) => {
            for variable in ["AZURE_CLIENT_ID", "AZURE_TENANT_ID"] {
                options
                    .process_env
                    .entry(variable.to_owned())
                    .or_insert_with(|| "(not set yet)".to_owned());
            }
            studio_manifests::config::load(&options).map_err(|_| usage(first))
        }
    }
}

fn print_event(event: &Event) {
    match event {
        Event::Applying { step } => {
            crate::outln!("  {:<10} {} ...", step.action.to_string(), step.resource)
        }
        Event::Applied { step, outcome } => {
            let word = match outcome {
                StepOutcome::Created => "created",
                StepOutcome::Updated => "updated",
                _ => "unchanged",
            };
            crate::outln!("  {word:<10} {}", step.resource);
        }
        Event::Retrying {
            resource,
            reason,
            attempt,
            delay,
        } => {
            let why = match reason {
                RetryReason::Throttled => "throttled (429)",
                RetryReason::Conflict => "changed concurrently",
                _ => "not visible yet",
            };
            crate::outln!(
                "  retrying   {resource}: {why}; attempt {} in {:.1} s",
                attempt + 1,
                delay.as_secs_f64()
            );
        }
        _ => {}
    }
}

fn print_plan(plan: &Plan) {
    crate::outln!("\nPlan:");
    for step in &plan.steps {
        let detail = if step.action == Action::Unchanged {
            String::new()
        } else {
            format!("\n             {}", step.change)
        };
        crate::outln!(
            "  {:<10} {}{detail}",
            step.action.to_string(),
            step.resource
        );
    }
}

/// Either cloud's client, behind one interface for the command.
enum Client {
    Gcp(GcpClient, GcpTarget),
    Azure(AzureClient, AzureTarget),
}

impl Client {
    async fn plan(&self) -> studio_cloud::Result<Plan> {
        match self {
            Client::Gcp(client, target) => client.plan(target).await,
            Client::Azure(client, target) => client.plan(target).await,
        }
    }

    async fn apply(&self, plan: &Plan) -> studio_cloud::Result<studio_cloud::Applied> {
        match self {
            Client::Gcp(client, target) => client.apply(target, plan).await,
            Client::Azure(client, target) => client.apply(target, plan).await,
        }
    }
}

/// The GKE target: the configuration, then flags, the overlay and the environment.
fn gcp_target(
    args: &SetupArgs,
    config: &StudioConfig,
    lookup: &Lookup,
) -> Result<GcpTarget, String> {
    let Some(gcp) = &config.gcp else {
        return Err(format!(
            "{}: the configuration has no `gcp` section (bucket, serviceAccount)",
            args.config.display()
        ));
    };
    let project = match lookup.get(&args.project, "GOOGLE_CLOUD_PROJECT") {
        Some(project) => project,
        None => gcp
            .service_account
            .split_once('@')
            .and_then(|(_, domain)| domain.strip_suffix(".iam.gserviceaccount.com"))
            .map(str::to_owned)
            .ok_or("--project is required (gcp.serviceAccount does not name a project)")?,
    };
    let target = GcpTarget {
        project,
        namespace: config.namespace.clone(),
        kubernetes_service_account: config.flink.service_account.clone(),
        bucket: gcp.bucket.clone(),
        bucket_role: args.bucket_role.clone(),
        mode: if args.direct_principal {
            GcpMode::DirectPrincipal
        } else {
            GcpMode::ServiceAccount {
                email: gcp.service_account.clone(),
            }
        },
    };
    target.validate().map_err(|err| err.to_string())?;
    Ok(target)
}

/// The AKS target: the configuration, then flags, the overlay and the environment.
fn azure_target(
    args: &SetupArgs,
    config: &StudioConfig,
    lookup: &Lookup,
) -> Result<AzureTarget, String> {
    let Some(aks) = &config.aks else {
        return Err(format!(
            "{}: the configuration has no `aks` section (storageAccount, container)",
            args.config.display()
        ));
    };
    let resource_group = lookup.require(
        &args.resource_group,
        "--resource-group",
        "AZURE_RESOURCE_GROUP",
    )?;
    let target = AzureTarget {
        subscription_id: lookup.require(
            &args.subscription,
            "--subscription",
            "AZURE_SUBSCRIPTION_ID",
        )?,
        cluster_name: lookup.require(&args.cluster, "--cluster", "AKS_CLUSTER_NAME")?,
        identity_name: lookup
            .get(&args.identity, "AZURE_IDENTITY_NAME")
            .unwrap_or_else(|| "flink-identity".to_owned()),
        identity_resource_group: lookup
            .get(
                &args.identity_resource_group,
                "AZURE_IDENTITY_RESOURCE_GROUP",
            )
            .unwrap_or_else(|| resource_group.clone()),
        storage_resource_group: lookup
            .get(&args.storage_resource_group, "AZURE_STORAGE_RESOURCE_GROUP")
            .unwrap_or_else(|| resource_group.clone()),
        cluster_resource_group: resource_group,
        storage_account: aks.storage_account.clone(),
        container: aks.container.clone(),
        namespace: config.namespace.clone(),
        kubernetes_service_account: config.flink.service_account.clone(),
        federated_credential_name: args.federated_credential.clone().unwrap_or_else(|| {
            AzureTarget::default_credential_name(&config.namespace, &config.flink.service_account)
        }),
    };
    target.validate().map_err(|err| err.to_string())?;
    Ok(target)
}

/// `studio doctor --only cloud`: the read-only Workload Identity checks of `studio cloud
/// setup`, with the cloud-side names from the `--env` overlay and the environment.
///
/// Missing credentials fail the check when it was asked for (`explicit`), else warn: a full
/// `studio doctor` from a machine without cloud credentials still checks the rest.
pub(crate) async fn doctor_checks(
    config: &StudioConfig,
    config_file: &Path,
    env: Option<&str>,
    explicit: bool,
) -> Vec<studio_kube::doctor::Check> {
    use studio_kube::doctor::{Check, Group, Hint, Status};
    let check = |status: Status, name: &str, detail: String| Check {
        group: Group::Cloud,
        name: "cloud",
        status,
        detail: if name.is_empty() {
            detail
        } else {
            format!("{name}: {detail}")
        },
        hint: None,
    };
    let process: BTreeMap<String, String> = std::env::vars().collect();
    let overlay = match env.map(|env| env_overlay_path(config_file, env)) {
        Some(path) => match read_overlay_quiet(&path) {
            Ok(vars) => vars,
            Err(detail) => return vec![check(Status::Fail, "", detail)],
        },
        None => BTreeMap::new(),
    };
    let lookup = Lookup {
        overlay,
        process: process.clone(),
    };
    let args = SetupArgs {
        cloud: None,
        config: config_file.to_owned(),
        env: env.map(str::to_owned),
        dry_run: true,
        yes: false,
        write_env: false,
        project: None,
        direct_principal: false,
        bucket_role: DEFAULT_BUCKET_ROLE.to_owned(),
        subscription: None,
        resource_group: None,
        cluster: None,
        identity: None,
        identity_resource_group: None,
        storage_resource_group: None,
        federated_credential: None,
    };
    let setup_hint = |mut c: Check| {
        c.hint = Some(Hint::CloudSetup);
        c
    };
    let credentials_hint = |mut c: Check| {
        c.hint = Some(Hint::CloudCredentials {
            cloud: match config.cloud {
                Cloud::Gcp => "gcp".into(),
                Cloud::Aks => "aks".into(),
            },
        });
        c
    };
    let missing = if explicit { Status::Fail } else { Status::Warn };
    let results = match config.cloud {
        Cloud::Gcp => {
            let target = match gcp_target(&args, config, &lookup) {
                Ok(target) => target,
                Err(detail) => return vec![check(Status::Fail, "", detail)],
            };
            let client = GoogleAdc::new().and_then(|adc| GcpClient::new(Arc::new(adc)));
            let mut client = match client {
                Ok(client) => client,
                Err(err) => return vec![credentials_hint(check(missing, "", err.to_string()))],
            };
            match base_url_quiet(&process, GCP_API_URL_VAR) {
                Ok(Some(base)) => client = client.with_endpoints(GcpEndpoints::all_at(&base)),
                Ok(None) => {}
                Err(detail) => return vec![check(Status::Fail, "", detail)],
            }
            client.check(&target).await
        }
        Cloud::Aks => {
            let target = match azure_target(&args, config, &lookup) {
                Ok(target) => target,
                Err(detail) => return vec![check(Status::Fail, "", detail)],
            };
            let client = AzureCredentialChain::from_env(&process)
                .and_then(|chain| AzureClient::new(Arc::new(chain)));
            let mut client = match client {
                Ok(client) => client,
                Err(err) => return vec![credentials_hint(check(missing, "", err.to_string()))],
            };
            match base_url_quiet(&process, AZURE_ARM_URL_VAR) {
                Ok(Some(base)) => {
                    client = client.with_endpoints(AzureEndpoints {
                        resource_manager: base,
                    });
                }
                Ok(None) => {}
                Err(detail) => return vec![check(Status::Fail, "", detail)],
            }
            client.check(&target).await
        }
    };
    results
        .into_iter()
        .map(|result| match result.status {
            studio_cloud::CheckStatus::Pass => check(Status::Pass, &result.name, result.detail),
            studio_cloud::CheckStatus::Fail => {
                setup_hint(check(Status::Fail, &result.name, result.detail))
            }
            _ => credentials_hint(check(Status::Fail, &result.name, result.detail)),
        })
        .collect()
}

fn read_overlay_quiet(path: &Path) -> Result<BTreeMap<String, String>, String> {
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let iter = dotenvy::from_path_iter(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let mut vars = BTreeMap::new();
    for item in iter {
        let (key, value) = item.map_err(|err| format!("{}: {err}", path.display()))?;
        vars.insert(key, value);
    }
    Ok(vars)
}

fn base_url_quiet(
    process: &BTreeMap<String, String>,
    variable: &str,
) -> Result<Option<url::Url>, String> {
    process
        .get(variable)
        .map(|text| url::Url::parse(text).map_err(|err| format!("{variable}: {err}")))
        .transpose()
}

fn base_url(process: &BTreeMap<String, String>, variable: &str) -> Result<Option<url::Url>, Exit> {
    base_url_quiet(process, variable).map_err(usage)
}

async fn setup(args: SetupArgs) -> Exit {
    match setup_inner(args).await {
        Ok(exit) | Err(exit) => exit,
    }
}

async fn setup_inner(args: SetupArgs) -> Result<Exit, Exit> {
    let process: BTreeMap<String, String> = std::env::vars().collect();
    let config = load_config(&args, &process)?;
    let overlay_file = args
        .env
        .as_deref()
        .map(|env| env_overlay_path(&args.config, env));
    let lookup = Lookup {
        overlay: match &overlay_file {
            Some(path) => read_overlay(path)?,
            None => BTreeMap::new(),
        },
        process: process.clone(),
    };
    let observer: studio_cloud::Observer = Arc::new(print_event);

    let client = match config.cloud {
        Cloud::Gcp => {
            let target = gcp_target(&args, &config, &lookup).map_err(usage)?;
            let credentials = GoogleAdc::new().map_err(|err| cloud_error(&err))?;
            let mut client = GcpClient::new(Arc::new(credentials))
                .map_err(|err| cloud_error(&err))?
                .with_observer(observer);
            if let Some(base) = base_url(&process, GCP_API_URL_VAR)? {
                client = client.with_endpoints(GcpEndpoints::all_at(&base));
            }
            crate::outln!("Cloud:            GCP");
            crate::outln!("Project:          {}", target.project);
            crate::outln!("Credentials:      {}", client.credentials());
            crate::outln!(
                "Kubernetes SA:    {}/{}",
                target.namespace,
                target.kubernetes_service_account
            );
            match &target.mode {
                GcpMode::ServiceAccount { email } => crate::outln!("Google SA:        {email}"),
                _ => crate::outln!("Google SA:        none (direct principal)"),
            }
            crate::outln!(
                "Bucket:           gs://{} ({})",
                target.bucket,
                target.bucket_role
            );
            Client::Gcp(client, target)
        }
        Cloud::Aks => {
            let target = azure_target(&args, &config, &lookup).map_err(usage)?;
            let credentials =
                AzureCredentialChain::from_env(&process).map_err(|err| cloud_error(&err))?;
            let mut client = AzureClient::new(Arc::new(credentials))
                .map_err(|err| cloud_error(&err))?
                .with_observer(observer);
            if let Some(base) = base_url(&process, AZURE_ARM_URL_VAR)? {
                client = client.with_endpoints(AzureEndpoints {
                    resource_manager: base,
                });
            }
            crate::outln!("Cloud:            Azure (AKS)");
            crate::outln!("Subscription:     {}", target.subscription_id);
            crate::outln!(
                "Cluster:          {} (resource group {})",
                target.cluster_name,
                target.cluster_resource_group
            );
            crate::outln!(
                "Managed identity: {} (resource group {})",
                target.identity_name,
                target.identity_resource_group
            );
            crate::outln!(
                "Kubernetes SA:    {}/{}",
                target.namespace,
                target.kubernetes_service_account
            );
            crate::outln!(
                "Storage:          {}/{} (resource group {})",
                target.storage_account,
                target.container,
                target.storage_resource_group
            );
            Client::Azure(client, target)
        }
    };

    let plan = client.plan().await.map_err(|err| cloud_error(&err))?;
    if let Client::Azure(client, _) = &client {
        crate::outln!("Credentials:      {}", client.credentials());
    }
    print_plan(&plan);

    if !plan.has_changes() {
        crate::outln!("\nNothing to change.");
        report_identities(
            &args,
            &config,
            &plan.identities,
            overlay_file.as_deref(),
            !args.dry_run,
        )?;
        return Ok(Exit::Success);
    }
    if args.dry_run {
        crate::outln!("\nDry run: nothing was changed.");
        report_identities(
            &args,
            &config,
            &plan.identities,
            overlay_file.as_deref(),
            false,
        )?;
        return Ok(Exit::ChangesPending);
    }
    confirm(args.yes)?;
    crate::outln!("\nApplying:");
    let applied = match client.apply(&plan).await {
        Ok(applied) => applied,
        Err(err) => {
            let exit = cloud_error(&err);
            eprintln!(
                "Steps reported above as created or updated stay applied; run `studio cloud setup` again to finish."
            );
            return Err(exit);
        }
    };
    crate::outln!("Done: {} change(s).", applied.changed());
    report_identities(
        &args,
        &config,
        &applied.identities,
        overlay_file.as_deref(),
        true,
    )?;
    Ok(Exit::Success)
}

/// Asks on a terminal (the same prompt as `studio deploy`); without one, `--yes` is required.
fn confirm(yes: bool) -> Result<(), Exit> {
    crate::k8s::confirm("\nApply the plan above", "  (cloud IAM changes)", yes).map_err(|failure| {
        eprintln!("error: {}", failure.message);
        failure.exit
    })
}

/// Shows how the identities reach the ServiceAccount annotations, and with `--write-env`
/// (after a real run) writes them into the `.env` overlay.
fn report_identities(
    args: &SetupArgs,
    config: &StudioConfig,
    identities: &Identities,
    overlay_file: Option<&Path>,
    may_write: bool,
) -> Result<(), Exit> {
    let ksa = format!("{}/{}", config.namespace, config.flink.service_account);
    match identities {
        Identities::Gcp {
            service_account: Some(email),
            ..
        } => {
            crate::outln!("\nManifests: `studio render` annotates {ksa} with");
            crate::outln!("  {GKE_ANNOTATION}: {email}");
            crate::outln!(
                "from gcp.serviceAccount in {}; nothing else to set.",
                args.config.display()
            );
        }
        Identities::Gcp {
            service_account: None,
            bucket_member,
        } => {
            crate::outln!("\nManifests: direct-principal mode needs no annotation; {ksa} acts as");
            crate::outln!("  {bucket_member}");
            if let Some(gcp) = &config.gcp {
                crate::outln!(
                    "warning: `studio render` still annotates it with gcp.serviceAccount ({}); GKE then impersonates that Google service account instead. Remove the annotation from the rendered ServiceAccount.",
                    gcp.service_account
                );
            }
        }
        Identities::Azure {
            client_id,
            tenant_id,
            ..
        } => {
            let current = config.aks.as_ref();
            let up_to_date = current
                .is_some_and(|aks| &aks.client_id == client_id && &aks.tenant_id == tenant_id);
            crate::outln!(
                "\nManifests: `studio render` annotates {ksa} from aks.clientId and aks.tenantId:"
            );
            crate::outln!("  {AZURE_CLIENT_ANNOTATION}: {client_id}");
            crate::outln!("  {AZURE_TENANT_ANNOTATION}: {tenant_id}");
            if up_to_date {
                crate::outln!("The configuration already has these values.");
                return Ok(());
            }
            let lines = [
                ("AZURE_CLIENT_ID", client_id),
                ("AZURE_TENANT_ID", tenant_id),
            ];
            match overlay_file {
                Some(path) if args.write_env && may_write => {
                    update_env_file(path, &lines).map_err(|err| {
                        eprintln!("error: cannot write {}: {err}", path.display());
                        Exit::Failed
                    })?;
                    crate::outln!(
                        "Wrote AZURE_CLIENT_ID and AZURE_TENANT_ID to {}.",
                        path.display()
                    );
                }
                Some(path) => {
                    crate::outln!(
                        "Set them in {} (or rerun with --write-env):",
                        path.display()
                    );
                    for (key, value) in lines {
                        crate::outln!("  {key}={value}");
                    }
                }
                None => {
                    crate::outln!("Set them in {} under aks:", args.config.display());
                    crate::outln!("  clientId: {client_id}");
                    crate::outln!("  tenantId: {tenant_id}");
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Sets `KEY=value` lines in a `.env` file: replaces active assignments, appends missing
/// ones, keeps everything else (comments included). Written to a temporary file, then renamed.
pub fn update_env_file(path: &Path, values: &[(&str, &String)]) -> std::io::Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(err),
    };
    let mut written = vec![false; values.len()];
    let mut out = String::new();
    for line in existing.lines() {
        let trimmed = line.trim_start();
        let assigned = trimmed
            .strip_prefix("export ")
            .unwrap_or(trimmed)
            .split_once('=')
            .map(|(key, _)| key.trim());
        match values
            .iter()
            .position(|(key, _)| Some(*key) == assigned && !trimmed.starts_with('#'))
        {
            Some(index) => {
                out.push_str(&format!("{}={}\n", values[index].0, values[index].1));
                written[index] = true;
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    for ((key, value), done) in values.iter().zip(&written) {
        if !done {
            out.push_str(&format!("{key}={value}\n"));
        }
    }
    let temporary = path.with_extension("env.tmp");
    std::fs::write(&temporary, out)?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_env_file_replaces_active_lines_keeps_comments_and_appends() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("aks.uat.env");
        std::fs::write(
            &file,
            "# comment\nK8S_NAMESPACE=flink\nAZURE_CLIENT_ID=old\n# AZURE_TENANT_ID=\n",
        )
        .unwrap();
        let client = "new-client".to_owned();
        let tenant = "new-tenant".to_owned();
        update_env_file(
            &file,
            &[("AZURE_CLIENT_ID", &client), ("AZURE_TENANT_ID", &tenant)],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "# comment\nK8S_NAMESPACE=flink\nAZURE_CLIENT_ID=new-client\n# AZURE_TENANT_ID=\nAZURE_TENANT_ID=new-tenant\n"
        );
    }

    #[test]
    fn env_overlay_sits_next_to_the_config() {
        assert_eq!(
            env_overlay_path(Path::new("examples/platform/aks.yaml"), "sbx-uat"),
            Path::new("examples/platform/aks.sbx-uat.env")
        );
    }
}
