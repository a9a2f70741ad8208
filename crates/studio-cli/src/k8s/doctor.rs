//! `studio doctor`: every check of `studio_kube::doctor`, worded with ✓ ✗ ! and a hint.

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Duration;

use studio_kube::doctor::{self, Check, Group, Hint, Status};

use super::{Failure, PlatformArgs, print};
use crate::exit::Exit;
use crate::k8s::status::Format;

/// Arguments of `studio doctor`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct DoctorArgs {
    /// Which platform and cluster.
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// Run only these groups of checks (repeat or comma-separate).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Vec<GroupArg>,
    /// Re-run every SECS seconds until Ctrl-C (each run is bounded by --timeout).
    #[arg(long, value_name = "SECS")]
    pub watch: Option<u64>,
    /// Output format.
    #[arg(long, short = 'o', value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// SQL Gateway URL; without it doctor port-forwards to the gateway Service.
    #[arg(long, value_name = "URL", env = "STUDIO_GATEWAY_URL")]
    pub gateway_url: Option<String>,
    /// JobManager REST URL; without it doctor port-forwards to the `<cluster>-rest` Service.
    #[arg(long, value_name = "URL", env = "STUDIO_FLINK_URL")]
    pub flink_url: Option<String>,
    /// Bound of each network check (e.g. 30s).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = super::parse_duration)]
    pub timeout: Duration,
    /// Kafka bootstrap servers (host:port, comma-separated) for the kafka check.
    #[arg(
        long,
        value_name = "HOST:PORT",
        value_delimiter = ',',
        env = "KAFKA_BOOTSTRAP"
    )]
    pub kafka_bootstrap: Vec<String>,
    /// SASL mechanism: SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN.
    #[arg(
        long,
        value_name = "MECHANISM",
        env = "KAFKA_SASL_MECHANISM",
        default_value = "SCRAM-SHA-256"
    )]
    pub kafka_mechanism: doctor::Mechanism,
    /// A topic whose metadata the Kafka user must be allowed to read (repeatable).
    #[arg(long, value_name = "TOPIC")]
    pub kafka_topic: Vec<String>,
    /// Check these credentials instead of the Kafka Secret's: the password is read from the
    /// KAFKA_PASSWORD environment variable, never from a flag.
    #[arg(long, value_name = "USER", requires = "kafka_ca_cert")]
    pub kafka_username: Option<String>,
    /// CA bundle (PEM) for --kafka-username.
    #[arg(long, value_name = "FILE", requires = "kafka_username")]
    pub kafka_ca_cert: Option<std::path::PathBuf>,
}

/// `--only` groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupArg {
    /// helm on PATH.
    Tools,
    /// API server reachable, version, context.
    Cluster,
    /// Permissions of the user and of the Flink service account.
    Rbac,
    /// Operator CRDs and Deployment; a FlinkDeployment stuck deleting.
    Operator,
    /// Namespace quota headroom.
    Quota,
    /// The Kafka credentials Secret's keys.
    Secret,
    /// Storage URIs for the cloud.
    Storage,
    /// Pods ready, restarts, Warning events.
    Pods,
    /// SQL Gateway /v1/info and JobManager /overview.
    Gateway,
    /// Kafka/Avro/JSON factories through the gateway.
    Connectors,
    /// Kafka brokers: TLS handshake, SASL login, metadata; the JAAS login module class.
    Kafka,
    /// Workload Identity in GCP IAM / Azure ARM (the reads of `studio cloud setup`).
    Cloud,
}

impl From<GroupArg> for Group {
    fn from(arg: GroupArg) -> Group {
        match arg {
            GroupArg::Tools => Group::Tools,
            GroupArg::Cluster => Group::Cluster,
            GroupArg::Rbac => Group::Rbac,
            GroupArg::Operator => Group::Operator,
            GroupArg::Quota => Group::Quota,
            GroupArg::Secret => Group::Secret,
            GroupArg::Storage => Group::Storage,
            GroupArg::Pods => Group::Pods,
            GroupArg::Gateway => Group::Gateway,
            GroupArg::Connectors => Group::Connectors,
            GroupArg::Kafka => Group::Kafka,
            GroupArg::Cloud => Group::Cloud,
        }
    }
}

/// Runs `studio doctor`: exit 0 when nothing failed, 1 (Failed) on any ✗.
pub async fn run(args: DoctorArgs) -> ExitCode {
    match doctor_loop(&args).await {
        Ok(exit) => exit.into(),
        Err(failure) => failure.report(),
    }
}

async fn doctor_loop(args: &DoctorArgs) -> Result<Exit, Failure> {
    let (platform, env) = args.platform.load()?;
    let target = studio_kube::Target::resolve(&studio_kube::TargetOptions::new(
        args.platform.cluster.kubeconfig.clone(),
        args.platform.cluster.context.clone(),
    ))
    .await;
    let only: BTreeSet<Group> = args.only.iter().map(|g| Group::from(*g)).collect();
    let mut options = doctor::Options::new(only, args.gateway_url.clone(), args.flink_url.clone());
    options.timeout = args.timeout;
    options.kafka = kafka_options(args)?;
    loop {
        let mut checks = doctor::run(target.as_ref(), &platform, &options).await;
        if options.wants(Group::Cloud) {
            let explicit = options.only.contains(&Group::Cloud);
            let cloud = tokio::time::timeout(
                options.timeout,
                crate::cloud::doctor_checks(
                    &platform.config,
                    &platform.file,
                    env.as_deref(),
                    explicit,
                ),
            )
            .await;
            checks.extend(cloud.unwrap_or_else(|_| {
                vec![Check {
                    group: Group::Cloud,
                    name: "cloud",
                    status: Status::Fail,
                    detail: format!("no answer within {:?}", options.timeout),
                    hint: None,
                }]
            }));
        }
        let text = match args.output {
            Format::Json => serde_json::to_string_pretty(&checks)
                .map_err(|err| Failure::new(Exit::Failed, err.to_string()))?,
            Format::Table => table(&checks),
        };
        if args.watch.is_some() && matches!(args.output, Format::Table) {
            print("\x1b[2J\x1b[H");
        }
        if !print(&text) {
            return Ok(Exit::Success);
        }
        let exit = if doctor::failed(&checks) {
            Exit::Failed
        } else {
            Exit::Success
        };
        let Some(every) = args.watch else {
            return Ok(exit);
        };
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(every.max(1))) => {}
            _ = tokio::signal::ctrl_c() => return Ok(exit),
        }
    }
}

fn kafka_options(args: &DoctorArgs) -> Result<doctor::KafkaOptions, Failure> {
    let mut kafka = doctor::KafkaOptions::new(args.kafka_bootstrap.clone(), args.kafka_mechanism);
    kafka.topics = args.kafka_topic.clone();
    if let (Some(username), Some(ca)) = (&args.kafka_username, &args.kafka_ca_cert) {
        let password = std::env::var("KAFKA_PASSWORD").map_err(|_| {
            Failure::new(
                Exit::Usage,
                "--kafka-username needs the password in the KAFKA_PASSWORD environment variable",
            )
        })?;
        let ca_pem = std::fs::read_to_string(ca).map_err(|err| {
            Failure::new(
                Exit::Usage,
                format!("cannot read the CA bundle {}: {err}", ca.display()),
            )
        })?;
        kafka.credentials = Some(doctor::KafkaCredentials {
            username: username.clone(),
            password: password.into(),
            ca_pem,
            source: format!("--kafka-username, {}", ca.display()),
        });
    }
    Ok(kafka)
}

/// The checks as lines: symbol, name, detail, and an indented hint.
pub fn table(checks: &[Check]) -> String {
    let mut out = String::new();
    for check in checks {
        let symbol = match check.status {
            Status::Pass => "✓",
            Status::Fail => "✗",
            Status::Warn => "!",
            Status::Skip => "-",
        };
        out.push_str(&format!("{symbol} {:<22} {}\n", check.name, check.detail));
        if let Some(hint) = &check.hint {
            for line in hint_text(hint).lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
    let warned = checks.iter().filter(|c| c.status == Status::Warn).count();
    out.push_str(&format!(
        "\n{} passed, {failed} failed, {warned} warning(s)",
        checks.iter().filter(|c| c.status == Status::Pass).count()
    ));
    out
}

/// What to do next, naming commands and flags.
pub fn hint_text(hint: &Hint) -> String {
    match hint {
        Hint::InstallHelm => {
            "install helm (https://helm.sh/docs/intro/install/); only `studio operator install` needs it".into()
        }
        Hint::CheckKubeconfig => {
            "check --kubeconfig/--context (kubectl config get-contexts) and that the API server is reachable".into()
        }
        Hint::GrantUser { missing } if missing.is_empty() => {
            "ask a cluster admin for the permission named above".into()
        }
        Hint::GrantUser { missing } => {
            let mut text = "ask a cluster admin to grant (Role/ClusterRole):".to_owned();
            for p in missing {
                text.push_str(&format!("\n  - {p}"));
            }
            text
        }
        Hint::GrantServiceAccount { account, missing } => {
            let mut text = format!(
                "`studio deploy` creates the Role for {account}; if it exists, grant it:"
            );
            for p in missing {
                text.push_str(&format!("\n  - {p}"));
            }
            text
        }
        Hint::InstallOperator { version } => {
            format!("run `studio operator install --version {version}` (applies the CRDs, then helm)")
        }
        Hint::InspectOperator { namespace, name } => format!(
            "kubectl -n {namespace} describe deployment {name}; kubectl -n {namespace} logs deployment/{name}"
        ),
        Hint::StuckFinalizer { namespace, name } => format!(
            "the operator cannot finish deleting it (running gateway jobs, a broken JobManager?): \
             check `kubectl -n {namespace} describe flinkdeployment {name}` and the operator logs; \
             as a last resort remove the finalizer"
        ),
        Hint::ResizeOrRaiseQuota => {
            "lower the platform's sizes in the config (or `studio scale`) or raise the namespace ResourceQuota".into()
        }
        Hint::CreateKafkaSecret { name, namespace } => format!(
            "run `studio secret kafka --name {name} --namespace {namespace} --username U --ca-cert ca.pem`"
        ),
        Hint::FixStorage { key } => format!("fix `{key}` in the platform config"),
        Hint::Deploy => "run `studio deploy`".into(),
        Hint::InspectPod { namespace, name } => format!(
            "kubectl -n {namespace} describe pod {name}; kubectl -n {namespace} logs {name} --previous"
        ),
        Hint::AddTaskManagers => {
            "no TaskManager or free slot: `studio scale N` or check TaskManager pods (`studio status`)".into()
        }
        Hint::AddConnectorJar {
            identifier,
            artifact,
        } => format!(
            "put {artifact} on the gateway's and cluster's classpath (connector '{identifier}'): \
             list it under connectors in studio.yaml, or bake it in with `studio image build`"
        ),
        Hint::ReachService { which } => format!(
            "pass --{}-url, or check the {which} Service and its pods (`studio status`)",
            if which == "gateway" { "gateway" } else { "flink" }
        ),
        Hint::KafkaBootstrap => {
            "pass --kafka-bootstrap host:port[,host:port] (or set KAFKA_BOOTSTRAP), as the Kafka service lists it".into()
        }
        Hint::KafkaNetwork { server } => format!(
            "check that {server} is the service's address and port (Aiven: the SASL port, not the SSL one), \
             that it resolves and is reachable from here, and that networkPolicies.kafkaPorts/kafkaCidrs allow it"
        ),
        Hint::KafkaTrust => {
            "the CA does not sign the broker's certificate: download the service's CA (Aiven: ca.pem) and \
             re-run `studio secret kafka --ca-cert ca.pem`".into()
        }
        Hint::KafkaHostname { host } => format!(
            "{host} is not a name in the broker's certificate: use the host name the service lists, not an IP or alias"
        ),
        Hint::KafkaCredentials { mechanism } => format!(
            "check the username and password, and that the user exists for {mechanism}; \
             update them with `studio secret kafka --username U --password-stdin --ca-cert ca.pem`"
        ),
        Hint::KafkaMechanism { mechanism } => format!(
            "the broker does not enable {mechanism}: pass the service's mechanism with --kafka-mechanism \
             and use the same in 'properties.sasl.mechanism'"
        ),
        Hint::KafkaAcl { user, topic } => match topic {
            Some(topic) => format!(
                "grant {user} Describe (and Read/Write) ACLs on topic {topic} (Aiven: the service's ACL page)"
            ),
            None => format!("grant {user} the ACLs it needs (Aiven: the service's ACL page)"),
        },
        Hint::KafkaCreateTopic { topic } => {
            format!("create topic {topic}, or fix the topic name")
        }
        Hint::CloudSetup => {
            "run `studio cloud setup --dry-run` to see the missing steps, then `studio cloud setup` (docs/cloud.md)".into()
        }
        Hint::CloudCredentials { cloud } => if cloud == "gcp" {
            "log in with `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS); \
             the permissions needed are in docs/cloud.md".into()
        } else {
            "log in with `az login` (or workload/managed identity); the permissions needed are in docs/cloud.md".into()
        },
        Hint::ShadedLoginModule => format!(
            "use {} in 'properties.sasl.jaas.config' (docs/day2.md)",
            doctor::SHADED_SCRAM_MODULE
        ),
        _ => "see docs/doctor.md".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_artifact_and_each_permission() {
        assert!(table(&[]).contains("0 passed, 0 failed"));
        let text = hint_text(&Hint::AddConnectorJar {
            identifier: "kafka".into(),
            artifact: "flink-sql-connector-kafka".into(),
        });
        assert!(text.contains("flink-sql-connector-kafka"));
    }
}
