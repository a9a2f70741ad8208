//! `config.yaml` in the seed executor's schema.
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;

/// The default SQL Gateway when neither flag, environment nor config names one.
pub const DEFAULT_GATEWAY_URL: &str = "http://localhost:8083";

/// The seed executor's `config.yaml`:
///
/// ```yaml
/// sql_gateway:
///   url: "http://localhost:8083"
/// logging:
///   level: "INFO"   # DEBUG, INFO, WARNING, ERROR
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Config {
    /// The `sql_gateway` section.
    #[serde(default)]
    pub sql_gateway: GatewaySection,
    /// The `logging` section.
    #[serde(default)]
    pub logging: LoggingSection,
}

/// `sql_gateway:` settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GatewaySection {
    /// `sql_gateway.url`.
    pub url: Option<String>,
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
