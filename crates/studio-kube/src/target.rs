//! Which cluster: kubeconfig and context resolved as kubectl resolves them.

use std::path::PathBuf;
use std::time::Duration;

use kube::config::{KubeConfigOptions, Kubeconfig};

use crate::error::{Error, Result, flatten};

/// How to find the cluster, as `kubectl` takes it.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TargetOptions {
    /// `--kubeconfig`: one file, overriding `KUBECONFIG` and `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// `--context`: a context of the kubeconfig instead of its `current-context`.
    pub context: Option<String>,
}

impl TargetOptions {
    /// Options with an explicit kubeconfig file and/or context.
    pub fn new(kubeconfig: Option<PathBuf>, context: Option<String>) -> Self {
        TargetOptions {
            kubeconfig,
            context,
        }
    }
}

/// A connected cluster and what the user should see before anything changes.
#[derive(Clone)]
pub struct Target {
    /// The client, authenticated as the kubeconfig says.
    pub client: kube::Client,
    /// The context used.
    pub context: String,
    /// The API server URL.
    pub server: String,
    /// The kubeconfig user of the context.
    pub user: String,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("context", &self.context)
            .field("server", &self.server)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Target {
    /// Reads the kubeconfig (`--kubeconfig`, else every file of `KUBECONFIG` merged, else
    /// `~/.kube/config`), picks the context and builds a client. Nothing is sent yet.
    ///
    /// # Errors
    ///
    /// [`Error::Kubeconfig`] naming the file or the context that is missing.
    pub async fn resolve(options: &TargetOptions) -> Result<Target> {
        let kubeconfig = match &options.kubeconfig {
            Some(path) => Kubeconfig::read_from(path).map_err(|err| Error::Kubeconfig {
                message: format!("cannot read {}: {}", path.display(), flatten(&err)),
                path: Some(path.clone()),
            })?,
            None => Kubeconfig::read().map_err(|err| Error::Kubeconfig {
                message: format!(
                    "no kubeconfig found (KUBECONFIG, ~/.kube/config): {}",
                    flatten(&err)
                ),
                path: None,
            })?,
        };
        let context = match &options.context {
            Some(name) => name.clone(),
            None => kubeconfig
                .current_context
                .clone()
                .ok_or_else(|| Error::Kubeconfig {
                    message: "the kubeconfig has no current-context; pass a context".into(),
                    path: options.kubeconfig.clone(),
                })?,
        };
        let named = kubeconfig
            .contexts
            .iter()
            .find(|c| c.name == context)
            .and_then(|c| c.context.clone())
            .ok_or_else(|| Error::Kubeconfig {
                message: format!(
                    "context `{context}` is not in the kubeconfig (known: {})",
                    kubeconfig
                        .contexts
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                path: options.kubeconfig.clone(),
            })?;
        let user = named.user.clone().unwrap_or_default();
        let kube_options = KubeConfigOptions {
            context: Some(context.clone()),
            ..KubeConfigOptions::default()
        };
        let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &kube_options)
            .await
            .map_err(|err| Error::Kubeconfig {
                message: format!("context `{context}`: {}", flatten(&err)),
                path: options.kubeconfig.clone(),
            })?;
        config.connect_timeout = Some(Duration::from_secs(5));
        config.read_timeout = Some(Duration::from_secs(30));
        let server = config.cluster_url.to_string();
        let client = kube::Client::try_from(config).map_err(|err| Error::Kubeconfig {
            message: format!("context `{context}`: {}", flatten(&err)),
            path: options.kubeconfig.clone(),
        })?;
        Ok(Target {
            client,
            context,
            server,
            user,
        })
    }

    /// Asks the server for its version; the first call that proves the cluster is reachable.
    ///
    /// # Errors
    ///
    /// [`Error::Unreachable`] naming the server and the context.
    pub async fn version(&self) -> Result<String> {
        self.client
            .apiserver_version()
            .await
            .map(|info| info.git_version)
            .map_err(|err| self.unreachable(err))
    }

    /// Maps a kube error, naming this target when the server could not be reached.
    pub(crate) fn error(&self, err: kube::Error, action: &str, kind: &str, name: &str) -> Error {
        match Error::from_kube(err, action, kind, name) {
            Error::Unreachable { message, .. } => Error::Unreachable {
                server: self.server.clone(),
                context: self.context.clone(),
                message,
            },
            other => other,
        }
    }

    fn unreachable(&self, err: kube::Error) -> Error {
        self.error(err, "reading the server version", "", "")
    }
}
