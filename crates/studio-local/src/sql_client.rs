//! Flink's own SQL Client (`flink-sql-client`), fetched and run in gateway mode.
//!
//! The differential tests (does `studio sql` agree with Flink?) and the benchmark run Flink's
//! client against the same SQL Gateway as `studio sql`. The jar comes from Maven Central
//! through the machine's `mvn`, pinned by SHA-256 in [`crate::pins`], and is cached under
//! `<cache>/flink-sql-client-<version>/` next to the Flink runtime it needs on its classpath;
//! its configuration is written to `<cache>/flink-sql-client-<version>-conf/`.
//!
//! ```no_run
//! use std::path::Path;
//! use studio_local::{default_cache_dir, pins::FlinkPins, progress::Silent, sql_client};
//!
//! # fn run() -> studio_local::Result<()> {
//! let client = sql_client::ensure(&default_cache_dir()?, &FlinkPins::default_line(), &Silent)?;
//! let out = client
//!     .gateway_command(Path::new("java"), "127.0.0.1:8083", Path::new("script.sql"))
//!     .output()
//!     .map_err(|e| studio_local::Error::Io {
//!         action: "cannot run",
//!         path: "java".into(),
//!         source: e,
//!     })?;
//! println!("{}", String::from_utf8_lossy(&out.stdout));
//! # Ok(())
//! # }
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::checksum::verify_manifest;
use crate::error::{Error, Result};
use crate::fetch::{FlinkArtifacts, commit, ensure_flink, maven_copy, partial_dir};
use crate::pins::FlinkPins;
use crate::progress::Progress;

/// The `java` to run the client with (`$JAVA_HOME/bin/java`, else `java`).
pub use crate::tools::java_command;

/// The SQL Client's main class.
pub const MAIN_CLASS: &str = "org.apache.flink.table.client.SqlClient";

/// The client's own configuration: results printed in tableau form (the form a script run
/// shows, and the one the differential tests compare), no colours to strip.
/// Cells are not cut at 30 characters (the default), so whole values can be compared.
const CONFIG_YAML: &str = "sql-client.execution.result-mode: tableau\n\
sql-client.display.print-time-cost: false\n\
sql-client.display.max-column-width: 10000\n";

/// Logs go to the file named by `-Dlog.file`, never into the client's output.
const LOG4J: &str = "rootLogger.level = WARN\n\
rootLogger.appenderRef.file.ref = FileAppender\n\
appender.file.name = FileAppender\n\
appender.file.type = FILE\n\
appender.file.fileName = ${sys:log.file}\n\
appender.file.layout.type = PatternLayout\n\
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n\n";

/// A cached, verified SQL Client of one Flink version, ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlClient {
    /// The Flink version.
    pub version: String,
    /// The `flink-sql-client` jar.
    pub jar: PathBuf,
    /// A `FLINK_CONF_DIR` holding the client's `config.yaml` (tableau results, whole cells)
    /// and log configuration (to `sql-client.log` beside it, never to the output).
    pub conf_dir: PathBuf,
    /// The Flink runtime the client loads (its `lib/` and the SQL Gateway jar).
    pub flink: FlinkArtifacts,
}

/// Makes sure the pinned SQL Client (and the Flink runtime it needs) is in the cache,
/// downloading what is missing, and verifies it.
pub fn ensure(cache: &Path, pins: &FlinkPins, progress: &dyn Progress) -> Result<SqlClient> {
    let flink = ensure_flink(cache, pins, progress)?;
    let dir = cache.join(format!("flink-sql-client-{}", pins.flink));
    // The configuration is ours, not a download: rewritten on every call, outside the
    // verified directory.
    let conf = cache.join(format!("flink-sql-client-{}-conf", pins.flink));
    std::fs::create_dir_all(&conf).map_err(Error::io("cannot create", &conf))?;
    for (name, text) in [
        ("config.yaml", CONFIG_YAML),
        ("log4j-cli.properties", LOG4J),
    ] {
        let path = conf.join(name);
        std::fs::write(&path, text).map_err(Error::io("cannot write", &path))?;
    }
    let client = SqlClient {
        version: pins.flink.to_owned(),
        jar: dir.join(pins.sql_client.file_name()),
        conf_dir: conf,
        flink,
    };
    let step = format!(
        "verifying Flink's SQL Client {} in {}",
        pins.flink,
        dir.display()
    );
    progress.begin(&step);
    if verify_manifest(&dir)? {
        progress.finish(&step, "cached");
        return Ok(client);
    }
    progress.finish(&step, "not cached");
    let step = format!(
        "downloading flink-sql-client {} from Maven Central",
        pins.flink
    );
    progress.begin(&step);
    let partial = partial_dir(cache, &format!("flink-sql-client-{}", pins.flink))?;
    maven_copy(&partial, &[pins.sql_client])?;
    progress.finish(&step, "done");
    commit(&partial, &dir)?;
    Ok(client)
}

impl SqlClient {
    /// The classpath: the client, the SQL Gateway jar (the client reuses its REST types) and
    /// Flink's `lib/`.
    pub fn classpath(&self) -> String {
        let sep = if cfg!(windows) { ";" } else { ":" };
        [
            self.jar.display().to_string(),
            self.flink.gateway_jar.display().to_string(),
            self.flink.lib.join("*").display().to_string(),
        ]
        .join(sep)
    }

    /// The arguments after `java` that run `file` through the client in gateway mode against
    /// `endpoint` (`host:port` or a URL): `-cp … SqlClient gateway -e <endpoint> -f <file>`.
    /// The client's log goes to `<conf_dir>/sql-client.log`.
    pub fn gateway_args(&self, endpoint: &str, file: &Path) -> Vec<String> {
        let log = self.conf_dir.join("sql-client.log");
        vec![
            format!("-Dlog.file={}", log.display()),
            format!(
                "-Dlog4j.configurationFile=file:{}",
                self.conf_dir.join("log4j-cli.properties").display()
            ),
            "-cp".into(),
            self.classpath(),
            MAIN_CLASS.into(),
            "gateway".into(),
            "--endpoint".into(),
            endpoint.trim_end_matches('/').to_owned(),
            "-f".into(),
            file.display().to_string(),
        ]
    }

    /// A ready [`Command`] running `file` through the client in gateway mode against
    /// `endpoint`, with `FLINK_CONF_DIR` set to the client's configuration. Stdout carries
    /// the client's transcript (statements, tableau results, `[INFO]`/`[ERROR]` lines).
    pub fn gateway_command(&self, java: &Path, endpoint: &str, file: &Path) -> Command {
        let mut cmd = Command::new(java);
        cmd.env("FLINK_CONF_DIR", &self.conf_dir)
            .args(self.gateway_args(endpoint, file));
        cmd
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> SqlClient {
        SqlClient {
            version: "2.0.0".into(),
            jar: "/c/sc/flink-sql-client-2.0.0.jar".into(),
            conf_dir: "/c/sc/conf".into(),
            flink: FlinkArtifacts {
                version: "2.0.0".into(),
                lib: "/c/f/lib".into(),
                bash_java_utils: "/c/f/bin/bash-java-utils.jar".into(),
                gateway_jar: "/c/f/opt/flink-sql-gateway-2.0.0.jar".into(),
                connectors: vec![],
            },
        }
    }

    #[test]
    fn gateway_mode_arguments() {
        let args = client().gateway_args("http://127.0.0.1:8083/", Path::new("/s/a.sql"));
        let tail: Vec<&str> = args
            .iter()
            .rev()
            .take(6)
            .rev()
            .map(String::as_str)
            .collect();
        assert_eq!(
            tail,
            [
                MAIN_CLASS,
                "gateway",
                "--endpoint",
                "http://127.0.0.1:8083",
                "-f",
                "/s/a.sql"
            ]
        );
        assert!(args.contains(&"-Dlog.file=/c/sc/conf/sql-client.log".to_owned()));
        let cp = client().classpath();
        assert!(cp.starts_with("/c/sc/flink-sql-client-2.0.0.jar"), "{cp}");
        assert!(cp.contains("flink-sql-gateway-2.0.0.jar") && cp.ends_with("/c/f/lib/*"));
    }

    #[test]
    fn command_sets_the_conf_dir() {
        let cmd = client().gateway_command(Path::new("java"), "127.0.0.1:8083", Path::new("a"));
        let env: Vec<_> = cmd.get_envs().collect();
        assert_eq!(
            env,
            [(
                std::ffi::OsStr::new("FLINK_CONF_DIR"),
                Some(std::ffi::OsStr::new("/c/sc/conf"))
            )]
        );
    }
}
