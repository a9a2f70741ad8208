//! Flink's SQL Client in gateway mode, as a peer in `cargo xtask bench`.
//!
//! The `flink-sql-client` jar of the stack's Flink version comes from Maven Central through
//! the machine's `mvn` (strict checksums), cached under
//! `~/.cache/flink-studio/sql-client-<version>/` with its SHA-256 recorded and checked on
//! every later use; it runs with the local stack's own Flink jars.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// A runnable SQL Client.
pub struct SqlClient {
    classpath: String,
    conf_dir: PathBuf,
    endpoint: String,
}

impl SqlClient {
    /// Finds (or fetches) the jar for `version` and points the client at `gateway_url`.
    pub fn prepare(version: &str, gateway_url: &str) -> Result<Self> {
        let home = dirs::home_dir().context("no home directory")?;
        let cache = home.join(".cache/flink-studio");
        let flink = cache.join(format!("flink-{version}"));
        let gateway_jar = flink.join(format!("opt/flink-sql-gateway-{version}.jar"));
        if !gateway_jar.is_file() {
            bail!(
                "{} is missing: the local stack's Flink {version} is not in the cache",
                gateway_jar.display()
            );
        }
        let jar = cached_jar(&cache.join(format!("sql-client-{version}")), version)?;
        let conf_dir = crate::testbed::root().join("bench-fetch/sql-client-conf");
        std::fs::create_dir_all(&conf_dir)?;
        // An empty configuration: the defaults, as a fresh install has them.
        std::fs::write(conf_dir.join("config.yaml"), "")?;
        let endpoint = gateway_url
            .trim_end_matches('/')
            .trim_start_matches("http://")
            .to_owned();
        Ok(Self {
            classpath: format!(
                "{}:{}:{}/lib/*",
                jar.display(),
                gateway_jar.display(),
                flink.display()
            ),
            conf_dir,
            endpoint,
        })
    }

    fn java(&self) -> Vec<String> {
        vec![
            "env".into(),
            format!("FLINK_CONF_DIR={}", self.conf_dir.display()),
            "java".into(),
            "-cp".into(),
            self.classpath.clone(),
            "org.apache.flink.table.client.SqlClient".into(),
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
        std::fs::write(&file, sql)?;
        let mut cmd = self.java();
        cmd.extend([
            "gateway".into(),
            "--endpoint".into(),
            self.endpoint.clone(),
            "-f".into(),
            file.display().to_string(),
        ]);
        Ok(cmd)
    }

    /// `--help`: the client's start-up.
    pub fn help_command(&self) -> Vec<String> {
        let mut cmd = self.java();
        cmd.push("--help".into());
        cmd
    }
}

/// The jar in `dir`, fetched once; its recorded SHA-256 is checked on every use.
fn cached_jar(dir: &Path, version: &str) -> Result<PathBuf> {
    let jar = dir.join(format!("flink-sql-client-{version}.jar"));
    let sum_file = dir.join(format!("flink-sql-client-{version}.jar.sha256"));
    if jar.is_file() && sum_file.is_file() {
        let want = std::fs::read_to_string(&sum_file)?;
        let have = sha256(&jar)?;
        if want.trim() == have {
            return Ok(jar);
        }
        eprintln!(
            "bench: {} does not match its recorded SHA-256; fetching it again",
            jar.display()
        );
    }
    std::fs::create_dir_all(dir)?;
    let partial = dir.join("download");
    let _ = std::fs::remove_dir_all(&partial);
    // -C: fail on a checksum mismatch with Maven Central's .sha1.
    let status = Command::new("mvn")
        .args([
            "-q",
            "-C",
            "dependency:copy",
            &format!("-Dartifact=org.apache.flink:flink-sql-client:{version}:jar"),
        ])
        .arg(format!("-DoutputDirectory={}", partial.display()))
        .status()
        .context("running mvn (needed once to fetch flink-sql-client)")?;
    let fetched = partial.join(format!("flink-sql-client-{version}.jar"));
    if !status.success() || !fetched.is_file() {
        bail!("mvn could not fetch org.apache.flink:flink-sql-client:{version}");
    }
    std::fs::rename(&fetched, &jar)?;
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::write(&sum_file, sha256(&jar)?)?;
    Ok(jar)
}

fn sha256(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}
