//! Connection flags shared by every command that talks to the SQL Gateway or the JobManager:
//! headers, bearer token, basic auth, CA certificate, `--insecure-skip-verify`.
//!
//! Secrets are read from files (or the environment) into `SecretString`s and sent as
//! sensitive headers; no message here ever includes them.
use std::path::{Path, PathBuf};

use sql_executor::GatewaySection;

/// The default JobManager REST URL.
pub const DEFAULT_FLINK_URL: &str = "http://localhost:8081";

/// Flags that say how to connect (apply to the SQL Gateway and the JobManager alike).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConnArgs {
    /// Extra header sent with every request, `NAME:VALUE` (repeatable; values never printed).
    #[arg(long = "header", value_name = "NAME:VALUE")]
    pub headers: Vec<String>,

    /// File holding a bearer token, sent as `Authorization: Bearer …`.
    #[arg(long, value_name = "PATH", env = "STUDIO_BEARER_TOKEN_FILE")]
    pub bearer_token_file: Option<PathBuf>,

    /// User name for HTTP basic authentication (password from --basic-password-file or
    /// STUDIO_BASIC_PASSWORD).
    #[arg(long, value_name = "USER", conflicts_with = "bearer_token_file")]
    pub basic_user: Option<String>,

    /// File holding the basic-auth password.
    #[arg(long, value_name = "PATH", requires = "basic_user")]
    pub basic_password_file: Option<PathBuf>,

    /// Extra CA certificate (PEM) to trust for https URLs.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,

    /// Do not verify TLS certificates. Dangerous: anyone on the path can read and change
    /// the traffic, credentials included.
    #[arg(long)]
    pub insecure_skip_verify: bool,
}

/// Everything needed to build a client: URL plus settings, flags winning over the config.
/// (No `Debug`: the settings hold header values.)
#[derive(Clone)]
pub struct Endpoint {
    /// Base URL.
    pub url: String,
    settings: GatewaySection,
}

impl Endpoint {
    /// Merges `flags` over a config section; `url` is already resolved. A `--header`
    /// without `:` is an error that shows only the part before any value could start.
    pub fn new(url: String, flags: &ConnArgs, config: &GatewaySection) -> Result<Self, String> {
        let mut settings = config.clone();
        for header in &flags.headers {
            // Name and value are checked (without the value) when the client is built.
            let Some((name, value)) = header.split_once(':') else {
                return Err("--header needs NAME:VALUE (no `:` found)".to_owned());
            };
            settings
                .headers
                .insert(name.trim().to_owned(), value.trim().to_owned());
        }
        if flags.bearer_token_file.is_some() {
            settings.bearer_token_file = flags.bearer_token_file.clone();
            settings.basic_user = None;
        }
        if flags.basic_user.is_some() {
            settings.basic_user = flags.basic_user.clone();
            settings.bearer_token_file = None;
        }
        if flags.basic_password_file.is_some() {
            settings.basic_password_file = flags.basic_password_file.clone();
        }
        if flags.ca_cert.is_some() {
            settings.ca_cert = flags.ca_cert.clone();
        }
        settings.insecure_skip_verify |= flags.insecure_skip_verify;
        Ok(Self { url, settings })
    }

    /// Whether certificates go unverified (the caller warns loudly).
    pub fn insecure(&self) -> bool {
        self.settings.insecure_skip_verify
    }

    /// A configured SQL Gateway client.
    pub fn gateway_client(&self) -> Result<sql_gateway_client::Client, String> {
        let mut b = sql_gateway_client::Client::builder(&self.url);
        let parts = self.parts()?;
        if let Some(http) = parts.http {
            b = b.http_client(http);
        } else if let Some(pem) = parts.ca_pem {
            b = b.ca_certificate_pem(pem);
        }
        for (name, value) in parts.headers {
            b = b.secret_header(name, value);
        }
        match parts.auth {
            Some(Auth::Bearer(token)) => b = b.bearer_token(token),
            Some(Auth::Basic(user, password)) => b = b.basic_auth(user, password),
            None => {}
        }
        b.build()
            .map_err(|e| format!("SQL Gateway client for {}: {e}", self.url))
    }

    /// A configured JobManager REST client.
    pub fn flink_client(&self) -> Result<flink_rest::Client, String> {
        let mut b = flink_rest::Client::builder(&self.url);
        let parts = self.parts()?;
        if let Some(http) = parts.http {
            b = b.http_client(http);
        } else if let Some(pem) = parts.ca_pem {
            b = b.http_client(http_client(Some(&pem), false)?);
        }
        for (name, value) in parts.headers {
            b = b.secret_header(name, value);
        }
        match parts.auth {
            Some(Auth::Bearer(token)) => b = b.bearer_token(token),
            Some(Auth::Basic(user, password)) => b = b.basic_auth(user, password),
            None => {}
        }
        b.build()
            .map_err(|e| format!("JobManager client for {}: {e}", self.url))
    }

    fn parts(&self) -> Result<Parts, String> {
        let s = &self.settings;
        let ca_pem = match &s.ca_cert {
            Some(path) => Some(
                std::fs::read(path)
                    .map_err(|e| format!("cannot read --ca-cert {}: {e}", path.display()))?,
            ),
            None => None,
        };
        let http = if s.insecure_skip_verify {
            Some(http_client(ca_pem.as_deref(), true)?)
        } else {
            None
        };
        let auth = match (&s.bearer_token_file, &s.basic_user) {
            (Some(path), _) => Some(Auth::Bearer(read_secret(path, "--bearer-token-file")?)),
            (None, Some(user)) => {
                let password = match &s.basic_password_file {
                    Some(path) => read_secret(path, "--basic-password-file")?,
                    None => match std::env::var("STUDIO_BASIC_PASSWORD") {
                        Ok(p) if !p.is_empty() => flink_rest::SecretString::from(p),
                        _ => {
                            return Err(format!(
                                "--basic-user {user} needs --basic-password-file or STUDIO_BASIC_PASSWORD"
                            ));
                        }
                    },
                };
                Some(Auth::Basic(user.clone(), password))
            }
            (None, None) => None,
        };
        let headers = s
            .headers
            .iter()
            .map(|(name, value)| {
                if name.is_empty() {
                    Err("--header needs NAME:VALUE".to_owned())
                } else {
                    Ok((name.clone(), flink_rest::SecretString::from(value.clone())))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Parts {
            http,
            ca_pem,
            headers,
            auth,
        })
    }
}

struct Parts {
    http: Option<reqwest::Client>,
    ca_pem: Option<Vec<u8>>,
    headers: Vec<(String, flink_rest::SecretString)>,
    auth: Option<Auth>,
}

enum Auth {
    Bearer(flink_rest::SecretString),
    Basic(String, flink_rest::SecretString),
}

/// An HTTP client trusting `ca_pem` and, with `insecure`, any certificate at all.
fn http_client(ca_pem: Option<&[u8]>, insecure: bool) -> Result<reqwest::Client, String> {
    let mut b = reqwest::Client::builder().connect_timeout(std::time::Duration::from_secs(10));
    if let Some(pem) = ca_pem {
        let cert = reqwest::Certificate::from_pem(pem)
            .map_err(|e| format!("--ca-cert is not a PEM certificate: {e}"))?;
        b = b.add_root_certificate(cert);
    }
    if insecure {
        b = b.danger_accept_invalid_certs(true);
    }
    b.build()
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))
}

/// Reads a secret from a file (trimmed); errors name the flag and file, never the content.
fn read_secret(path: &Path, flag: &str) -> Result<flink_rest::SecretString, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {flag} {}: {e}", path.display()))?;
    let value = text.trim();
    if value.is_empty() {
        return Err(format!("{flag} {} is empty", path.display()));
    }
    Ok(flink_rest::SecretString::from(value.to_owned()))
}

/// The loud warning printed when TLS verification is off.
pub fn insecure_warning(what: &str, url: &str) -> String {
    format!(
        "WARNING: --insecure-skip-verify: TLS certificates of the {what} at {url} are NOT verified; \
         anyone on the network path can read and change this traffic, credentials included"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_config_and_secrets_stay_out_of_errors() {
        let dir = tempfile::tempdir().unwrap();
        let token = dir.path().join("token");
        std::fs::write(&token, "s3cr3t-t0ken\n").unwrap();
        let config = GatewaySection {
            basic_user: Some("cfg".into()),
            ..GatewaySection::default()
        };
        let flags = ConnArgs {
            headers: vec!["X-Api-Key: k3y-value".into()],
            bearer_token_file: Some(token),
            ..ConnArgs::default()
        };
        let ep = Endpoint::new("http://127.0.0.1:1".into(), &flags, &config).unwrap();
        let client = ep.gateway_client().unwrap();
        let jm = ep.flink_client().unwrap();
        let shown = format!("{client:?} {jm:?}");
        assert!(!shown.contains("s3cr3t-t0ken"), "{shown}");
        assert!(shown.contains("x-api-key"), "{shown}");

        let bad = Endpoint::new(
            "http://127.0.0.1:1".into(),
            &ConnArgs {
                headers: vec!["X-Bad: line\nbreak-s3cr3t".into()],
                ..ConnArgs::default()
            },
            &GatewaySection::default(),
        )
        .unwrap();
        let err = bad.gateway_client().unwrap_err();
        assert!(!err.contains("s3cr3t"), "{err}");
        let missing = Endpoint::new(
            "http://127.0.0.1:1".into(),
            &ConnArgs {
                bearer_token_file: Some(dir.path().join("nope")),
                ..ConnArgs::default()
            },
            &GatewaySection::default(),
        )
        .unwrap();
        assert!(
            missing
                .flink_client()
                .unwrap_err()
                .starts_with("cannot read --bearer-token-file")
        );
        let no_colon = ConnArgs {
            headers: vec!["X-Only-A-Name".into()],
            ..ConnArgs::default()
        };
        let err = Endpoint::new("http://h:1".into(), &no_colon, &GatewaySection::default())
            .err()
            .unwrap();
        assert!(err.contains("NAME:VALUE"), "{err}");
    }
}
