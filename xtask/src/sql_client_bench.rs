//! Flink's SQL Client in gateway mode, as a peer in `cargo xtask bench`.
//!
//! The client is `studio_local::sql_client`'s: the `flink-sql-client` jar of the stack's
//! Flink version, pinned by SHA-256 and cached under `~/.cache/flink-studio/`, run with the
//! cached Flink runtime's own jars.

use std::path::Path;

use anyhow::{Context, Result};
use studio_local::pins::FlinkPins;
use studio_local::progress::Silent;

/// A runnable SQL Client pointed at one gateway.
pub struct SqlClient {
    client: studio_local::sql_client::SqlClient,
    endpoint: String,
}

impl SqlClient {
    /// Finds (or fetches) the pinned client for `version` and points it at `gateway_url`.
    pub fn prepare(version: &str, gateway_url: &str) -> Result<Self> {
        let pins = FlinkPins::find(version)?;
        let cache = studio_local::default_cache_dir()?;
        let client = studio_local::sql_client::ensure(&cache, &pins, &Silent)
            .with_context(|| format!("preparing Flink's SQL Client {version}"))?;
        Ok(Self {
            client,
            endpoint: gateway_url.trim_end_matches('/').to_owned(),
        })
    }

    fn env_java(&self) -> Vec<String> {
        vec![
            "env".into(),
            format!("FLINK_CONF_DIR={}", self.client.conf_dir.display()),
            "java".into(),
        ]
    }

    /// The command that runs `setup` then `query` from a file, printing the result as a
    /// tableau (every row, as it comes).
    pub fn fetch_command(&self, setup: &[String], query: &str, work: &Path) -> Result<Vec<String>> {
        let mut sql = String::from("SET 'sql-client.execution.result-mode' = 'tableau';\n");
        for s in setup {
            sql.push_str(s);
            sql.push_str(";\n");
        }
        sql.push_str(query);
        sql.push_str(";\n");
        let file = work.join("sql-client.sql");
        std::fs::write(&file, sql).with_context(|| format!("writing {}", file.display()))?;
        let mut cmd = self.env_java();
        cmd.extend(self.client.gateway_args(&self.endpoint, &file));
        Ok(cmd)
    }

    /// The client's start-up: an empty script in gateway mode (start the JVM, reach the
    /// gateway, open and close a session). Its `--help` is no use here: without the
    /// `flink-python` jar it fails parsing its Python options.
    pub fn startup_command(&self, work: &Path) -> Result<Vec<String>> {
        let file = work.join("sql-client-empty.sql");
        std::fs::write(&file, "-- start-up only\n")
            .with_context(|| format!("writing {}", file.display()))?;
        let mut cmd = self.env_java();
        cmd.extend(self.client.gateway_args(&self.endpoint, &file));
        Ok(cmd)
    }
}
