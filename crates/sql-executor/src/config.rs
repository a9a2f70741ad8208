//! `config.yaml` in the seed executor's schema.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

/// The default SQL Gateway when neither flag, environment nor config names one.
pub const DEFAULT_GATEWAY_URL: &str = "http://localhost:8083";

/// The seed executor's `config.yaml`, plus connection settings and the JobManager:
///
/// ```yaml
/// sql_gateway:
///   url: "https://flink.example.com/gateway"
///   headers: { X-Team: data }          # sent with every request; values never printed
///   bearer_token_file: /var/run/secrets/token
///   # basic_user: studio
///   # basic_password_file: /var/run/secrets/password
///   ca_cert: /etc/ssl/internal-ca.pem
///   insecure_skip_verify: false
/// flink:
///   url: "https://flink.example.com/jobmanager"   # same connection keys as above
/// logging:
///   level: "INFO"   # DEBUG, INFO, WARNING, ERROR
/// ```
///
/// Secrets are only ever named by file, so the config itself holds none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Config {
    /// The `sql_gateway` section.
    #[serde(default)]
    pub sql_gateway: GatewaySection,
    /// The `flink` section: the JobManager REST endpoint.
    #[serde(default)]
    pub flink: GatewaySection,
    /// The `logging` section.
    #[serde(default)]
    pub logging: LoggingSection,
}

/// Where an endpoint is and how to connect to it (`sql_gateway:` and `flink:`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewaySection {
    /// `url`.
    pub url: Option<String>,
    /// `headers`: extra headers sent with every request (values treated as secrets).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// `bearer_token_file`: a file holding a bearer token.
    pub bearer_token_file: Option<PathBuf>,
    /// `basic_user`: user name for HTTP basic authentication.
    pub basic_user: Option<String>,
    /// `basic_password_file`: a file holding the basic-auth password.
    pub basic_password_file: Option<PathBuf>,
    /// `ca_cert`: a PEM file with an extra CA certificate to trust.
    pub ca_cert: Option<PathBuf>,
    /// `insecure_skip_verify`: do not verify TLS certificates (dangerous).
    #[serde(default)]
    pub insecure_skip_verify: bool,
}

/// `logging:` settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct LoggingSection {
    /// `logging.level`: `DEBUG`, `INFO`, `WARNING` or `ERROR` (case-insensitive).
    pub level: Option<String>,
}

/// A log level from `logging.level`, mapped to `tracing` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    /// `DEBUG`.
    Debug,
    /// `INFO`.
    Info,
    /// `WARNING` / `WARN`.
    Warn,
    /// `ERROR`.
    Error,
}

impl LogLevel {
    /// The `tracing` filter directive for this level.
    pub fn as_filter(self) -> &'static str {
        match self {
            Self::Debug => "debug",
            Self::Info => "info",
            Self::Warn => "warn",
            Self::Error => "error",
        }
    }
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let name = path.display().to_string();
        let bytes = crate::source::read_file(path)?;
        let text = crate::source::decode_utf8(&name, bytes)?;
        Self::parse(&name, &text)
    }

    /// Parses config text; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<Self, Error> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let config: Self = serde_saphyr::from_str(text).map_err(|err| Error::Config {
            path: name.to_owned(),
            message: err.to_string(),
        })?;
        config.log_level().map_err(|message| Error::Config {
            path: name.to_owned(),
            message,
        })?;
        Ok(config)
    }

    /// The configured log level, if any.
    pub fn log_level(&self) -> Result<Option<LogLevel>, String> {
        let Some(level) = &self.logging.level else {
            return Ok(None);
        };
        match level.to_ascii_uppercase().as_str() {
            "DEBUG" => Ok(Some(LogLevel::Debug)),
            "INFO" => Ok(Some(LogLevel::Info)),
            "WARNING" | "WARN" => Ok(Some(LogLevel::Warn)),
            "ERROR" => Ok(Some(LogLevel::Error)),
            other => Err(format!(
                "logging.level `{other}` is not one of DEBUG, INFO, WARNING, ERROR"
            )),
        }
    }

    /// Picks the gateway URL: the flag, then `STUDIO_GATEWAY_URL` (pass its value),
    /// then `sql_gateway.url`, then [`DEFAULT_GATEWAY_URL`].
    pub fn gateway_url(&self, flag: Option<&str>, env: Option<&str>) -> String {
        flag.or(env.filter(|v| !v.is_empty()))
            .or(self.sql_gateway.url.as_deref())
            .unwrap_or(DEFAULT_GATEWAY_URL)
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_schema() {
        let c = Config::parse(
            "c.yaml",
            "sql_gateway:\n  url: \"http://gw:8083\"  # comment\n\nlogging:\n  level: \"INFO\"\n",
        )
        .unwrap();
        assert_eq!(c.sql_gateway.url.as_deref(), Some("http://gw:8083"));
        assert_eq!(c.log_level().unwrap(), Some(LogLevel::Info));
        assert_eq!(c.gateway_url(None, None), "http://gw:8083");
        assert_eq!(c.gateway_url(None, Some("http://env:1")), "http://env:1");
        assert_eq!(
            c.gateway_url(Some("http://flag:2"), Some("http://env:1")),
            "http://flag:2"
        );
        assert_eq!(
            Config::default().gateway_url(None, None),
            DEFAULT_GATEWAY_URL
        );
    }

    #[test]
    fn connection_settings_for_gateway_and_jobmanager() {
        let c = Config::parse(
            "c.yaml",
            "sql_gateway:\n  url: https://gw\n  headers: {X-Team: data}\n  bearer_token_file: /t\n  ca_cert: /ca.pem\nflink:\n  url: https://jm\n  basic_user: u\n  basic_password_file: /p\n  insecure_skip_verify: true\n",
        )
        .unwrap();
        assert_eq!(c.sql_gateway.headers["X-Team"], "data");
        assert_eq!(
            c.sql_gateway.bearer_token_file.as_deref(),
            Some(Path::new("/t"))
        );
        assert_eq!(c.sql_gateway.ca_cert.as_deref(), Some(Path::new("/ca.pem")));
        assert!(!c.sql_gateway.insecure_skip_verify);
        assert_eq!(c.flink.url.as_deref(), Some("https://jm"));
        assert_eq!(c.flink.basic_user.as_deref(), Some("u"));
        assert!(c.flink.insecure_skip_verify);
        let err = Config::parse("c.yaml", "sql_gateway:\n  bearer_token: abc\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bearer_token"), "{err}");
    }

    #[test]
    fn bad_config_names_file() {
        let err = Config::parse("c.yaml", "logging:\n  level: LOUD\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.yaml: logging.level `LOUD`"), "{err}");
        let err = Config::parse("c.yaml", "sql_gateway: [1, 2\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.yaml: "), "{err}");
    }
}
