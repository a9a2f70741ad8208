//! Azure tokens from an explicit credential chain: workload identity, managed identity, Azure
//! CLI, then a client secret from the environment.
//!
//! Hand-written rather than `azure_identity` 1.x: that crate dropped `DefaultAzureCredential`,
//! pulls `azure_core` and its own HTTP stack beside our reqwest, and its endpoints cannot be
//! pointed at a loopback test server for every credential. Each request here is a few lines
//! of documented OAuth2 (Microsoft identity platform client-credentials with a client
//! assertion or secret, IMDS, `az account get-access-token`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::CONTENT_TYPE;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use url::Url;

use crate::error::{Error, Result, chain};
use crate::token::{TokenFuture, TokenSource};

/// The ARM resource tokens are requested for.
pub const MANAGEMENT_RESOURCE: &str = "https://management.azure.com";
/// The public cloud's Entra authority.
pub const PUBLIC_AUTHORITY: &str = "https://login.microsoftonline.com/";
/// The instance metadata service, where a VM or node's managed identity gets tokens.
pub const IMDS_ENDPOINT: &str = "http://169.254.169.254";

/// One way to get an Azure token.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum AzureCredential {
    /// A federated token file (what the AKS webhook mounts) exchanged for an Entra token.
    WorkloadIdentity {
        /// Entra authority, e.g. `https://login.microsoftonline.com/` (`AZURE_AUTHORITY_HOST`).
        authority: Url,
        /// Tenant (`AZURE_TENANT_ID`).
        tenant_id: String,
        /// App or managed identity client id (`AZURE_CLIENT_ID`).
        client_id: String,
        /// The federated token file (`AZURE_FEDERATED_TOKEN_FILE`), re-read on every request
        /// because kubelet rotates it.
        token_file: PathBuf,
    },
    /// The instance metadata service of an Azure VM (or an AKS node).
    ManagedIdentity {
        /// Base URL, [`IMDS_ENDPOINT`] unless `AZURE_POD_IDENTITY_AUTHORITY_HOST` says otherwise.
        endpoint: Url,
        /// A user-assigned identity's client id; the system identity when `None`.
        client_id: Option<String>,
    },
    /// `az account get-access-token` of a signed-in Azure CLI.
    AzureCli {
        /// The `az` program.
        program: PathBuf,
    },
    /// An app registration's client secret (`AZURE_CLIENT_SECRET`).
    ClientSecret {
        /// Entra authority.
        authority: Url,
        /// Tenant.
        tenant_id: String,
        /// App client id.
        client_id: String,
        /// The secret.
        secret: SecretString,
    },
}

impl AzureCredential {
    /// A short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            AzureCredential::WorkloadIdentity { .. } => "workload identity",
            AzureCredential::ManagedIdentity { .. } => "managed identity",
            AzureCredential::AzureCli { .. } => "Azure CLI",
            AzureCredential::ClientSecret { .. } => "client secret",
        }
    }
}

struct Cached {
    token: SecretString,
    refresh_at: Instant,
}

/// Tries each credential in order and keeps the first token until shortly before it expires.
pub struct AzureCredentialChain {
    credentials: Vec<AzureCredential>,
    http: reqwest::Client,
    cli_timeout: Duration,
    cache: Mutex<Option<Cached>>,
    used: Mutex<Option<&'static str>>,
}

impl std::fmt::Debug for AzureCredentialChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AzureCredentialChain")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl AzureCredentialChain {
    /// A chain of exactly these credentials, tried in order.
    ///
    /// # Errors
    ///
    /// [`Error::Unreachable`] if the HTTP client cannot be built.
    pub fn new(credentials: Vec<AzureCredential>) -> Result<Self> {
        let http = reqwest::Client::builder()
            // IMDS off Azure never answers: fail fast rather than hang.
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|err| Error::Unreachable {
                url: "(HTTP client)".into(),
                reason: chain(&err),
            })?;
        Ok(AzureCredentialChain {
            credentials,
            http,
            cli_timeout: Duration::from_secs(30),
            cache: Mutex::new(None),
            used: Mutex::new(None),
        })
    }

    /// The standard chain from environment variables (pass `std::env::vars().collect()`):
    /// workload identity when `AZURE_FEDERATED_TOKEN_FILE`, `AZURE_CLIENT_ID` and
    /// `AZURE_TENANT_ID` are set; managed identity (IMDS, with `AZURE_CLIENT_ID` if set); the
    /// Azure CLI; a client secret when `AZURE_CLIENT_SECRET`, `AZURE_CLIENT_ID` and
    /// `AZURE_TENANT_ID` are set. `AZURE_AUTHORITY_HOST` and `AZURE_POD_IDENTITY_AUTHORITY_HOST`
    /// override the authority and IMDS endpoints.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTarget`] for a malformed authority or IMDS URL.
    pub fn from_env(env: &BTreeMap<String, String>) -> Result<Self> {
        let get = |key: &str| env.get(key).filter(|v| !v.trim().is_empty()).cloned();
        let authority = parse_url(
            "AZURE_AUTHORITY_HOST",
            &get("AZURE_AUTHORITY_HOST").unwrap_or_else(|| PUBLIC_AUTHORITY.to_owned()),
        )?;
        let mut credentials = Vec::new();
        if let (Some(token_file), Some(client_id), Some(tenant_id)) = (
            get("AZURE_FEDERATED_TOKEN_FILE"),
            get("AZURE_CLIENT_ID"),
            get("AZURE_TENANT_ID"),
        ) {
            credentials.push(AzureCredential::WorkloadIdentity {
                authority: authority.clone(),
                tenant_id,
                client_id,
                token_file: PathBuf::from(token_file),
            });
        }
        credentials.push(AzureCredential::ManagedIdentity {
            endpoint: parse_url(
                "AZURE_POD_IDENTITY_AUTHORITY_HOST",
                &get("AZURE_POD_IDENTITY_AUTHORITY_HOST")
                    .unwrap_or_else(|| IMDS_ENDPOINT.to_owned()),
            )?,
            client_id: get("AZURE_CLIENT_ID"),
        });
        credentials.push(AzureCredential::AzureCli {
            program: PathBuf::from("az"),
        });
        if let (Some(secret), Some(client_id), Some(tenant_id)) = (
            get("AZURE_CLIENT_SECRET"),
            get("AZURE_CLIENT_ID"),
            get("AZURE_TENANT_ID"),
        ) {
            credentials.push(AzureCredential::ClientSecret {
                authority,
                tenant_id,
                client_id,
                secret: SecretString::from(secret),
            });
        }
        Self::new(credentials)
    }

    /// The credentials, in the order they are tried.
    pub fn credentials(&self) -> &[AzureCredential] {
        &self.credentials
    }

    /// Bounds how long `az account get-access-token` may run (default 30 s).
    pub fn with_cli_timeout(mut self, timeout: Duration) -> Self {
        self.cli_timeout = timeout;
        self
    }

    async fn fetch(&self) -> Result<SecretString> {
        if let Some(cached) = lock(&self.cache).as_ref()
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.token.clone());
        }
        let mut attempts = Vec::new();
        for credential in &self.credentials {
            match self.request(credential).await {
                Ok((token, expires_in)) => {
                    // Refresh five minutes early, but keep a short-lived token at least a minute.
                    let keep = expires_in
                        .saturating_sub(Duration::from_secs(300))
                        .max(Duration::from_secs(60).min(expires_in));
                    *lock(&self.cache) = Some(Cached {
                        token: token.clone(),
                        refresh_at: Instant::now() + keep,
                    });
                    *lock(&self.used) = Some(credential.name());
                    return Ok(token);
                }
                Err(reason) => attempts.push(format!("{}: {reason}", credential.name())),
            }
        }
        Err(Error::NoCredentials {
            cloud: "Azure",
            attempts,
        })
    }

    /// One credential's token and lifetime, or why it failed (never containing a secret).
    async fn request(
        &self,
        credential: &AzureCredential,
    ) -> std::result::Result<(SecretString, Duration), String> {
        match credential {
            AzureCredential::WorkloadIdentity {
                authority,
                tenant_id,
                client_id,
                token_file,
            } => {
                let assertion = tokio::fs::read_to_string(token_file)
                    .await
                    .map_err(|err| format!("cannot read {}: {err}", token_file.display()))?;
                let assertion = SecretString::from(assertion.trim().to_owned());
                let form = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair(
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    )
                    .append_pair("client_assertion", assertion.expose_secret())
                    .append_pair("client_id", client_id)
                    .append_pair("grant_type", "client_credentials")
                    .append_pair("scope", &format!("{MANAGEMENT_RESOURCE}/.default"))
                    .finish();
                self.entra(authority, tenant_id, SecretString::from(form))
                    .await
            }
            AzureCredential::ClientSecret {
                authority,
                tenant_id,
                client_id,
                secret,
            } => {
                let form = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("client_id", client_id)
                    .append_pair("client_secret", secret.expose_secret())
                    .append_pair("grant_type", "client_credentials")
                    .append_pair("scope", &format!("{MANAGEMENT_RESOURCE}/.default"))
                    .finish();
                self.entra(authority, tenant_id, SecretString::from(form))
                    .await
            }
            AzureCredential::ManagedIdentity {
                endpoint,
                client_id,
            } => {
                let mut url = endpoint
                    .join("/metadata/identity/oauth2/token")
                    .map_err(|err| err.to_string())?;
                url.query_pairs_mut()
                    .append_pair("api-version", "2018-02-01")
                    .append_pair("resource", MANAGEMENT_RESOURCE);
                if let Some(client_id) = client_id {
                    url.query_pairs_mut().append_pair("client_id", client_id);
                }
                let response = self
                    .http
                    .get(url.clone())
                    .header("Metadata", "true")
                    .send()
                    .await
                    .map_err(|err| {
                        format!(
                            "no metadata service at {endpoint}: {}",
                            chain(&err.without_url())
                        )
                    })?;
                token_response(response).await
            }
            AzureCredential::AzureCli { program } => self.cli(program).await,
        }
    }

    async fn entra(
        &self,
        authority: &Url,
        tenant_id: &str,
        form: SecretString,
    ) -> std::result::Result<(SecretString, Duration), String> {
        if !tenant_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            return Err(format!("tenant `{tenant_id}` is not a tenant id or domain"));
        }
        let url = authority
            .join(&format!("{tenant_id}/oauth2/v2.0/token"))
            .map_err(|err| err.to_string())?;
        let response = self
            .http
            .post(url.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form.expose_secret().to_owned())
            .send()
            .await
            .map_err(|err| format!("cannot reach {url}: {}", chain(&err.without_url())))?;
        token_response(response).await
    }

    async fn cli(
        &self,
        program: &PathBuf,
    ) -> std::result::Result<(SecretString, Duration), String> {
        let mut command = tokio::process::Command::new(program);
        command
            .args([
                "account",
                "get-access-token",
                "--output",
                "json",
                "--resource",
                MANAGEMENT_RESOURCE,
            ])
            .stdin(std::process::Stdio::null())
            .kill_on_drop(true);
        let output = tokio::time::timeout(self.cli_timeout, command.output())
            .await
            .map_err(|_| {
                format!(
                    "`{} account get-access-token` did not finish within {} s",
                    program.display(),
                    self.cli_timeout.as_secs()
                )
            })?
            .map_err(|err| format!("cannot run `{}`: {err}", program.display()))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(format!(
                "`{} account get-access-token` failed ({}): {}",
                program.display(),
                output.status,
                stderr.trim().chars().take(300).collect::<String>()
            ));
        }
        let value: Value = serde_json::from_slice(&output.stdout)
            .map_err(|err| format!("unexpected output of `az account get-access-token`: {err}"))?;
        let access_token = value
            .get("accessToken")
            .and_then(Value::as_str)
            .map(|t| SecretString::from(t.to_owned()))
            .ok_or("`az account get-access-token` printed no accessToken")?;
        let expires_on = value.get("expires_on").and_then(Value::as_i64);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let lifetime = expires_on
            .map(|at| Duration::from_secs(at.saturating_sub(now).max(0) as u64))
            .unwrap_or(Duration::from_secs(600));
        Ok((access_token, lifetime))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn parse_url(variable: &'static str, value: &str) -> Result<Url> {
    Url::parse(value).map_err(|err| Error::InvalidTarget {
        field: variable,
        value: value.to_owned(),
        reason: err.to_string(),
    })
}

/// Reads an OAuth2 token response. On failure only Entra's `error` and `error_description`
/// are kept.
async fn token_response(
    response: reqwest::Response,
) -> std::result::Result<(SecretString, Duration), String> {
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|err| chain(&err.without_url()))?;
    let value: Value = serde_json::from_str(&body)
        .map_err(|_| format!("HTTP {status} with a body that is not a token response"))?;
    if !status.is_success() {
        let error = value
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("error");
        let description = value
            .get("error_description")
            .and_then(Value::as_str)
            .unwrap_or("no description");
        return Err(format!("HTTP {status}: {error}: {description}"));
    }
    let token = value
        .get("access_token")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("HTTP {status} without an access_token"))?;
    // IMDS sends expires_in as a string, Entra as a number.
    let expires_in = match value.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
    .unwrap_or(300);
    Ok((
        SecretString::from(token.to_owned()),
        Duration::from_secs(expires_in),
    ))
}

impl TokenSource for AzureCredentialChain {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.fetch())
    }

    fn describe(&self) -> String {
        match *lock(&self.used) {
            Some(name) => format!("Azure {name}"),
            None => format!(
                "Azure credential chain ({})",
                self.credentials
                    .iter()
                    .map(AzureCredential::name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}
