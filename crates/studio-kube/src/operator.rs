//! Installing the Flink Kubernetes Operator: the CRDs by server-side apply (helm installs CRDs
//! once and never upgrades them), then the chart with `helm upgrade --install`, then a bounded
//! wait for the operator Deployment.
//!
//! The helm command is generated here as an argument vector ([`helm_command`]), so it can be
//! shown (`--print`), tested, and run without a shell.

use std::time::{Duration, Instant};

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;

use crate::error::{Error, Result};
use crate::readiness::{GatewayState, gateway_state};
use crate::target::Target;

/// The helm release, chart and operator Deployment name.
pub const RELEASE: &str = "flink-kubernetes-operator";
/// The CRD cert-manager installs; the operator's webhook needs it.
pub const CERT_MANAGER_CRD: &str = "certificates.cert-manager.io";
/// The operator's default namespace.
pub const DEFAULT_NAMESPACE: &str = "flink-system";
/// The operator release studio pins by default (the seed's).
pub const DEFAULT_VERSION: &str = "1.12.1";

/// What to install.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstallOptions {
    /// Operator (and chart) version, e.g. `1.12.1`.
    pub version: String,
    /// Namespace of the operator.
    pub namespace: String,
    /// Install the admission webhook (needs cert-manager).
    pub webhook: bool,
    /// Namespaces the operator watches; empty means all.
    pub watch_namespaces: Vec<String>,
    /// The chart repository; by default the Apache release directory of `version`.
    pub repository: Option<String>,
}

impl InstallOptions {
    /// The defaults for `version`: namespace `flink-system`, webhook on, all namespaces.
    pub fn new(version: &str) -> Self {
        InstallOptions {
            version: version.to_owned(),
            namespace: DEFAULT_NAMESPACE.to_owned(),
            webhook: true,
            watch_namespaces: Vec::new(),
            repository: None,
        }
    }

    /// The chart repository URL.
    pub fn repository_url(&self) -> String {
        self.repository.clone().unwrap_or_else(|| {
            format!(
                "https://downloads.apache.org/flink/flink-kubernetes-operator-{}/",
                self.version
            )
        })
    }
}

/// The `helm` argument vector (without `helm` itself) that installs or upgrades the operator:
/// CRDs skipped (applied by studio first), image tag pinned to the chart version, webhook and
/// watched namespaces as asked. Idempotent: run it again to upgrade.
pub fn helm_command(options: &InstallOptions) -> Vec<String> {
    let mut args: Vec<String> = [
        "upgrade",
        "--install",
        RELEASE,
        RELEASE,
        "--repo",
        &options.repository_url(),
        "--version",
        &options.version,
        "--namespace",
        &options.namespace,
        "--create-namespace",
        "--skip-crds",
        "--set",
        &format!("image.tag={}", options.version),
        "--set",
        &format!("webhook.create={}", options.webhook),
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    if !options.watch_namespaces.is_empty() {
        args.push("--set".into());
        args.push(format!(
            "watchNamespaces={{{}}}",
            options.watch_namespaces.join(",")
        ));
    }
    args
}

/// Quotes one word for a POSIX shell, leaving plain words as they are.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A command line as one could paste it into a shell.
pub fn shell_line(program: &str, args: &[String]) -> String {
    std::iter::once(shell_word(program))
        .chain(args.iter().map(|a| shell_word(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether cert-manager's CRDs are installed (the webhook's certificates come from it).
///
/// # Errors
///
/// The cluster's error when the CRD cannot be read (other than not found).
pub async fn cert_manager_installed(target: &Target) -> Result<bool> {
    let api: kube::Api<CustomResourceDefinition> = kube::Api::all(target.client.clone());
    let found = api.get_opt(CERT_MANAGER_CRD).await.map_err(|err| {
        target.error(
            err,
            &format!("reading CustomResourceDefinition {CERT_MANAGER_CRD}"),
            "CustomResourceDefinition",
            CERT_MANAGER_CRD,
        )
    })?;
    Ok(found.is_some())
}

/// The operator Deployment's state; `exists: false` when it is not there.
///
/// # Errors
///
/// The cluster's error when the Deployment cannot be read.
pub async fn deployment_state(target: &Target, namespace: &str) -> Result<GatewayState> {
    let api: kube::Api<Deployment> = kube::Api::namespaced(target.client.clone(), namespace);
    let found = api.get_opt(RELEASE).await.map_err(|err| {
        target.error(
            err,
            &format!("reading Deployment {RELEASE} in {namespace}"),
            "Deployment",
            RELEASE,
        )
    })?;
    Ok(found.as_ref().map(gateway_state).unwrap_or_default())
}

/// Waits until the operator Deployment is available, polling every `interval` up to `timeout`.
///
/// # Errors
///
/// [`Error::Timeout`] with the last state in its description; the cluster's error otherwise.
pub async fn wait_ready(
    target: &Target,
    namespace: &str,
    timeout: Duration,
    interval: Duration,
) -> Result<GatewayState> {
    let start = Instant::now();
    loop {
        let state = deployment_state(target, namespace).await?;
        if state.available {
            return Ok(state);
        }
        if start.elapsed() + interval > timeout {
            let last = if state.exists {
                format!("{}/{} ready", state.ready, state.desired)
            } else {
                "not created".to_owned()
            };
            return Err(Error::Timeout {
                what: format!("Deployment {namespace}/{RELEASE} to be available (last: {last})"),
                waited: start.elapsed(),
            });
        }
        tokio::time::sleep(interval).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_install_pins_the_image_and_skips_crds() {
        let args = helm_command(&InstallOptions::new("1.12.1"));
        assert_eq!(
            shell_line("helm", &args),
            "helm upgrade --install flink-kubernetes-operator flink-kubernetes-operator \
             --repo https://downloads.apache.org/flink/flink-kubernetes-operator-1.12.1/ \
             --version 1.12.1 --namespace flink-system --create-namespace --skip-crds \
             --set image.tag=1.12.1 --set webhook.create=true"
        );
    }

    #[test]
    fn no_webhook_and_watched_namespaces() {
        let mut options = InstallOptions::new("1.15.0");
        options.webhook = false;
        options.namespace = "ops".into();
        options.watch_namespaces = vec!["flink-studio".into(), "team-b".into()];
        let args = helm_command(&options);
        assert!(
            args.windows(2)
                .any(|w| w == ["--set", "webhook.create=false"])
        );
        assert!(args.windows(2).any(|w| w == ["--namespace", "ops"]));
        assert!(args.windows(2).any(|w| w == ["--set", "image.tag=1.15.0"]));
        assert_eq!(
            args.last().map(String::as_str),
            Some("watchNamespaces={flink-studio,team-b}")
        );
        // Braces and commas are quoted for a shell; helm gets them as one argument.
        assert!(
            shell_line("helm", &args).ends_with(" --set 'watchNamespaces={flink-studio,team-b}'")
        );
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("image.tag=1.12.1"), "image.tag=1.12.1");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
