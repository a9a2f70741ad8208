//! `studio secret kafka`: the Kafka credentials Secret (the seed's `create-aiven-secret.sh`).
//!
//! No value of the Secret is ever printed: not the password, not the username, not the
//! truststore password, in output, `--dry-run` or errors. Messages from the cluster pass
//! through [`redact`] before they are shown.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use studio_kube::apply::{self, ApplyOptions};
use studio_kube::{KubeObject, Target};
use studio_manifests::secret::{self, CaCertificate, KafkaCredentials};

use super::{ClusterArgs, Failure, eprint, interactive, print};
use crate::exit::Exit;

/// The field manager of `studio secret`: separate from `deploy`'s so that applying the
/// namespace here never takes the labels `deploy` set.
pub const FIELD_MANAGER: &str = "flink-studio-secret";

/// Arguments of `studio secret`.
#[derive(Debug, clap::Args)]
pub struct SecretArgs {
    /// Which secret.
    #[command(subcommand)]
    pub command: SecretCommand,
}

/// The secrets `studio secret` creates.
#[derive(Debug, clap::Subcommand)]
pub enum SecretCommand {
    /// Create or update the Kafka credentials Secret: username, password, the CA bundle as PEM,
    /// and a JKS truststore of every CA certificate with its password.
    Kafka(KafkaSecretArgs),
}

/// Arguments of `studio secret kafka`.
#[derive(Debug, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct KafkaSecretArgs {
    /// SASL username.
    #[arg(long, value_name = "U")]
    pub username: String,
    /// Read the password from stdin (one line) instead of prompting for it. A password on
    /// the command line is refused: it would end up in shell history and `ps`.
    #[arg(long)]
    pub password_stdin: bool,
    /// Refused: use the prompt or --password-stdin.
    #[arg(long, hide = true, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// The Kafka CA bundle (PEM; every certificate in it is trusted).
    #[arg(long, value_name = "FILE")]
    pub ca_cert: PathBuf,
    /// Secret name (the platform's `kafka.credentialsSecret`).
    #[arg(long, default_value = "aiven-credentials")]
    pub name: String,
    /// Namespace (the platform's `namespace`); created when missing.
    #[arg(long, value_name = "NS", default_value = "flink-studio")]
    pub namespace: String,
    /// Show the target, the keys and their sizes, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Which cluster.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Runs `studio secret`.
pub async fn run(args: SecretArgs) -> ExitCode {
    match args.command {
        SecretCommand::Kafka(args) => match kafka(&args).await {
            Ok(exit) => exit.into(),
            Err(failure) => failure.report(),
        },
    }
}

/// Replaces every secret value in `text` with `<hidden>`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for value in secrets.iter().filter(|v| !v.is_empty()) {
        text = text.replace(value, "<hidden>");
    }
    text
}

/// Reads the password: from stdin with `--password-stdin`, else from a prompt without echo.
fn read_password(args: &KafkaSecretArgs) -> Result<String, Failure> {
    if args.password.is_some() {
        return Err(Failure::new(
            Exit::Usage,
            "--password is refused: a password on the command line ends up in shell history \
             and `ps`; use the prompt, or pipe it with --password-stdin",
        ));
    }
    let password = if args.password_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|err| Failure::new(Exit::Usage, format!("cannot read stdin: {err}")))?;
        let line = text.strip_suffix('\n').unwrap_or(&text);
        line.strip_suffix('\r').unwrap_or(line).to_owned()
    } else if interactive() {
        dialoguer::Password::new()
            .with_prompt(format!("Kafka password for {}", args.username))
            .interact()
            .map_err(|err| Failure::new(Exit::Usage, format!("no password read: {err}")))?
    } else {
        return Err(Failure::new(
            Exit::Usage,
            "no terminal to prompt for the password: pipe it with --password-stdin",
        ));
    };
    if password.is_empty() {
        return Err(Failure::new(Exit::Usage, "the password is empty"));
    }
    Ok(password)
}

fn timestamp(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| seconds.to_string())
}

/// One line per certificate: subject and validity, flagging expired and not-yet-valid ones.
fn describe_certificates(certs: &[CaCertificate], now: i64) -> (Vec<String>, bool) {
    let mut all_expired = true;
    let lines = certs
        .iter()
        .enumerate()
        .map(|(index, cert)| {
            let state = if cert.not_after < now {
                "EXPIRED"
            } else if cert.not_before > now {
                all_expired = false;
                "not yet valid"
            } else {
                all_expired = false;
                "valid"
            };
            let ca = if cert.is_ca { "" } else { ", not marked CA" };
            format!(
                "  [{}] {} — {state} until {}{ca}",
                index + 1,
                cert.subject,
                timestamp(cert.not_after)
            )
        })
        .collect();
    (lines, all_expired)
}

async fn kafka(args: &KafkaSecretArgs) -> Result<Exit, Failure> {
    if args.username.is_empty() {
        return Err(Failure::new(Exit::Usage, "--username is empty"));
    }
    let pem = std::fs::read(&args.ca_cert).map_err(|err| {
        Failure::new(
            Exit::Usage,
            format!("cannot read --ca-cert {}: {err}", args.ca_cert.display()),
        )
    })?;
    let certificates = secret::parse_ca_bundle(&pem, &args.ca_cert)
        .map_err(|err| Failure::new(Exit::Usage, err.to_string()))?;
    let now = jiff::Timestamp::now().as_second();
    let (lines, all_expired) = describe_certificates(&certificates, now);
    eprint(&format!(
        "CA bundle {}: {} certificate(s)",
        args.ca_cert.display(),
        certificates.len()
    ));
    for line in &lines {
        eprint(line);
    }
    if all_expired {
        return Err(Failure::new(
            Exit::Usage,
            format!(
                "every certificate in {} has expired; download the current CA from the Kafka \
                 provider's console",
                args.ca_cert.display()
            ),
        ));
    }
    let password = read_password(args)?;
    let credentials = KafkaCredentials {
        username: args.username.clone(),
        password,
        ca_pem: pem,
        certificates,
        truststore_password: uuid::Uuid::new_v4().simple().to_string(),
    };
    let hidden = [
        credentials.password.as_str(),
        credentials.truststore_password.as_str(),
    ];
    let result = apply_secret(args, &credentials).await;
    result.map_err(|failure| Failure::new(failure.exit, redact(&failure.message, &hidden)))
}

async fn apply_secret(
    args: &KafkaSecretArgs,
    credentials: &KafkaCredentials,
) -> Result<Exit, Failure> {
    let secret = secret::kafka_secret(&args.name, &args.namespace, credentials);
    let sizes: Vec<String> = secret::key_sizes(&secret)
        .into_iter()
        .map(|(key, size)| format!("  {key:<20} {size} bytes"))
        .collect();
    let what = format!("Secret {}/{}", args.namespace, args.name);
    let target = args.cluster.target().await;
    if args.dry_run {
        match &target {
            Ok(target) => eprint(&format!(
                "Would apply {what} to:\n{}",
                summary(target, args)
            )),
            Err(failure) => eprint(&format!(
                "Would apply {what} (no cluster target: {})",
                failure.message
            )),
        }
        print(&format!(
            "{what} (dry-run; values hidden)\n{}",
            sizes.join("\n")
        ));
        return Ok(Exit::Success);
    }
    let target = target?;
    super::confirm(
        &format!("Create or update {what}"),
        &summary(&target, args),
        args.yes,
    )?;
    let namespace = Namespace {
        metadata: ObjectMeta {
            name: Some(args.namespace.clone()),
            ..ObjectMeta::default()
        },
        ..Namespace::default()
    };
    let objects = [
        KubeObject::from_typed(&namespace, false).map_err(Failure::from)?,
        KubeObject::from_secret(&secret).map_err(Failure::from)?,
    ];
    let mut options = ApplyOptions::default();
    options.field_manager = FIELD_MANAGER.to_owned();
    let report = apply::apply(&target, &objects, &options).await;
    if let Some((object, err)) = report.failed.into_iter().next() {
        let failure = Failure::from(err);
        return Err(Failure::new(
            failure.exit,
            format!("{object} was not applied: {}", failure.message),
        ));
    }
    for (object, outcome, _) in &report.applied {
        if object.kind == "Secret" {
            print(&format!("{what} {outcome}\n{}", sizes.join("\n")));
        }
    }
    eprint(
        "Use it from SQL with the shaded ScramLoginModule, through the JKS truststore or the \
         PEM CA inline: see docs/day2.md (\"Using the Kafka secret from SQL\").",
    );
    Ok(Exit::Success)
}

fn summary(target: &Target, args: &KafkaSecretArgs) -> String {
    format!(
        "  context:   {}\n  server:    {}\n  user:      {}\n  namespace: {}\n  secret:    {} (keys: {})",
        target.context,
        target.server,
        target.user,
        args.namespace,
        args.name,
        secret::KAFKA_KEYS.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_every_value() {
        assert_eq!(
            redact("user bob pw hunter2 in hunter2", &["hunter2", "bob", ""]),
            "user <hidden> pw <hidden> in <hidden>"
        );
    }

    #[test]
    fn expired_certificates_are_flagged() {
        let cert = |not_before, not_after| CaCertificate {
            subject: "CN=ca".into(),
            not_before,
            not_after,
            is_ca: true,
            der: Vec::new(),
        };
        let (lines, all_expired) = describe_certificates(&[cert(0, 10), cert(0, 100)], 50);
        assert!(lines[0].contains("EXPIRED") && lines[1].contains("valid until"));
        assert!(!all_expired);
        let (_, all_expired) = describe_certificates(&[cert(0, 10)], 50);
        assert!(all_expired);
    }
}
