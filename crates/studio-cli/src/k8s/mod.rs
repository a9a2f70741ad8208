//! `studio deploy | status | scale | cleanup | secret | operator | doctor | port-forward | ui`:
//! the platform on Kubernetes, through
//! `studio-kube`. This module holds what they share: choosing the platform and the cluster,
//! showing the target, asking before a change, and turning errors into exit codes.

pub mod cleanup;
pub mod deploy;
pub mod doctor;
pub mod forward;
pub mod jobs_guard;
pub mod operator;
pub mod scale;
pub mod secret;
pub mod status;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use studio_kube::{Platform, Target, TargetOptions};
use studio_manifests::config::{Cloud, LoadOptions};

use crate::exit::Exit;
use crate::render::CloudArg;

/// How `studio` finds the platform configuration and the cluster; shared by every command
/// that talks to Kubernetes.
#[derive(Debug, Clone, clap::Args)]
pub struct PlatformArgs {
    /// Platform configuration file.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "studio.yaml",
        env = "STUDIO_CONFIG"
    )]
    pub config: PathBuf,
    /// Cloud; overrides the file's `cloud`.
    #[arg(long, value_enum)]
    pub cloud: Option<CloudArg>,
    /// Environment overlay (`<stem>.<NAME>.yaml` / `.env` next to the file). On a terminal,
    /// the overlays found are offered when this is missing.
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
    /// Which cluster.
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// Which cluster, as kubectl takes it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ClusterArgs {
    /// Kubeconfig context (default: the kubeconfig's current-context).
    #[arg(long, value_name = "CTX")]
    pub context: Option<String>,
    /// Kubeconfig file (default: every file of KUBECONFIG, else ~/.kube/config).
    #[arg(long, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,
}

impl ClusterArgs {
    /// Connects (no request is sent yet).
    pub async fn target(&self) -> Result<Target, Failure> {
        Target::resolve(&TargetOptions::new(
            self.kubeconfig.clone(),
            self.context.clone(),
        ))
        .await
        .map_err(Failure::from)
    }
}

/// A command's failure: the exit code and the message for stderr.
#[derive(Debug)]
pub struct Failure {
    /// Exit code.
    pub exit: Exit,
    /// One or more lines, already worded for the user.
    pub message: String,
}

impl Failure {
    /// A failure with this code and message.
    pub fn new(exit: Exit, message: impl Into<String>) -> Failure {
        Failure {
            exit,
            message: message.into(),
        }
    }

    /// Prints the message and returns the exit code.
    pub fn report(self) -> std::process::ExitCode {
        crate::k8s::eprint(&format!("error: {}", self.message));
        self.exit.into()
    }
}

impl From<studio_kube::Error> for Failure {
    fn from(err: studio_kube::Error) -> Failure {
        use studio_kube::Error as E;
        let exit = match &err {
            E::Kubeconfig { .. } | E::Manifests(_) | E::Specs { .. } => Exit::Usage,
            E::Unreachable { .. } => Exit::Unreachable,
            E::Forbidden { .. } => Exit::Forbidden,
            E::Timeout { .. } => Exit::TimedOut,
            E::Api { status: 404, .. } => Exit::NotFound,
            E::Flink { .. } => Exit::Unreachable,
            _ => Exit::Failed,
        };
        let mut message = err.to_string();
        if let E::Crd { .. } = err {
            message.push_str("\n  fix: studio operator install");
        }
        Failure { exit, message }
    }
}

/// Prints to stderr, ignoring a closed stream.
pub fn eprint(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Prints to stdout; `false` when stdout is closed (the caller stops quietly).
pub fn print(text: &str) -> bool {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{text}").is_ok()
}

/// Whether we can ask the user: stdin and stderr are terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Environment overlays next to `file`: `<stem>.<NAME>.yaml` or `<stem>.<NAME>.env`.
pub fn overlays(file: &Path) -> Vec<String> {
    let Some(stem) = file.file_stem().and_then(|s| s.to_str()) else {
        return Vec::new();
    };
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let rest = name.strip_prefix(stem)?.strip_prefix('.')?;
            let env = rest
                .strip_suffix(".yaml")
                .or_else(|| rest.strip_suffix(".env"))?;
            (!env.is_empty() && !env.contains('.')).then(|| env.to_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

impl PlatformArgs {
    /// Loads the platform. A missing `--env` with overlays present is asked for on a terminal
    /// and an error (naming the flag and the choices) without one.
    pub fn load(&self) -> Result<(Platform, Option<String>), Failure> {
        let mut env = self.env.clone();
        if env.is_none() {
            let found = overlays(&self.config);
            if !found.is_empty() {
                if !interactive() {
                    return Err(Failure::new(
                        Exit::Usage,
                        format!(
                            "{} has environment overlays ({}); pass --env NAME",
                            self.config.display(),
                            found.join(", ")
                        ),
                    ));
                }
                let mut items = found.clone();
                items.insert(0, "(none: the base file only)".to_owned());
                let choice = dialoguer::Select::new()
                    .with_prompt(format!("Environment for {}", self.config.display()))
                    .items(&items)
                    .default(0)
                    .interact()
                    .map_err(|err| {
                        Failure::new(Exit::Usage, format!("no environment chosen: {err}"))
                    })?;
                env = (choice > 0).then(|| found[choice - 1].clone());
            }
        }
        let options = LoadOptions {
            file: self.config.clone(),
            env: env.clone(),
            cloud: self.cloud.map(|cloud| match cloud {
                CloudArg::Gcp => Cloud::Gcp,
                CloudArg::Aks => Cloud::Aks,
            }),
            process_env: std::env::vars().collect(),
        };
        if !self.config.exists() {
            return Err(Failure::new(
                Exit::Usage,
                format!(
                    "{} not found; pass --config FILE (see examples/platform/)",
                    self.config.display()
                ),
            ));
        }
        let platform = Platform::load(&options).map_err(Failure::from)?;
        Ok((platform, env))
    }
}

/// The lines that say where a change goes.
pub fn target_summary(target: &Target, platform: &Platform, env: Option<&str>) -> String {
    format!(
        "  context:   {}\n  server:    {}\n  user:      {}\n  namespace: {}\n  platform:  {} ({}{})",
        target.context,
        target.server,
        target.user,
        platform.namespace(),
        platform.file.display(),
        platform.config.cloud,
        env.map(|e| format!(", env {e}")).unwrap_or_default()
    )
}

/// Shows the target and asks; without a terminal, `--yes` is required.
pub fn confirm(action: &str, summary: &str, yes: bool) -> Result<(), Failure> {
    eprint(&format!("{action}:\n{summary}"));
    if yes {
        return Ok(());
    }
    if !interactive() {
        return Err(Failure::new(
            Exit::Refused,
            "no terminal to confirm on; nothing was changed (pass --yes to proceed)",
        ));
    }
    let proceed = dialoguer::Confirm::new()
        .with_prompt("Proceed?")
        .default(false)
        .interact()
        .unwrap_or(false);
    if proceed {
        Ok(())
    } else {
        Err(Failure::new(
            Exit::Refused,
            "not confirmed; nothing was changed",
        ))
    }
}

/// Parses `--timeout` values such as `5m` or `90s`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|err| format!("`{text}`: {err}"))
}

/// A spinner on stderr when it is a terminal; hidden otherwise.
pub fn spinner(message: &str) -> indicatif::ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// `+`/`-` lines of a diff in green/red on a terminal.
pub fn colour_diff(diff: &str, colour: bool) -> String {
    if !colour {
        return diff.to_owned();
    }
    diff.lines()
        .map(|line| {
            if line.starts_with("+++") || line.starts_with("---") {
                format!("\x1b[1m{line}\x1b[0m")
            } else if line.starts_with('+') {
                format!("\x1b[32m{line}\x1b[0m")
            } else if line.starts_with('-') {
                format!("\x1b[31m{line}\x1b[0m")
            } else if line.starts_with("@@") {
                format!("\x1b[36m{line}\x1b[0m")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlays_are_found_by_stem() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "aks.yaml",
            "aks.uat.env",
            "aks.prod.yaml",
            "aks.prod.env",
            "gcp.x.yaml",
            "aks.a.b.yaml",
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        assert_eq!(overlays(&dir.path().join("aks.yaml")), ["prod", "uat"]);
    }

    #[test]
    fn forbidden_maps_to_its_exit_code() {
        let failure = Failure::from(studio_kube::Error::Forbidden {
            verb: Some("patch".into()),
            resource: Some("deployments.apps".into()),
            namespace: Some("ns".into()),
            user: Some("dev".into()),
            message: String::new(),
        });
        assert_eq!(failure.exit, Exit::Forbidden);
        assert!(
            failure
                .message
                .contains("cannot patch deployments.apps in namespace ns")
        );
    }
}
