//! Flink's configuration directory, classpaths and memory flags for the local cluster.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::StackConfig;
use crate::error::{Error, Result};
use crate::fetch::FlinkArtifacts;
use crate::tools;

/// The `config.yaml` of the local cluster (Flink 2.x reads only this file).
pub(crate) fn config_yaml(cfg: &StackConfig) -> String {
    let tmp = cfg.state_dir.join("tmp");
    format!(
        "# Written by studio-local; rewritten on every `up`.\n\
         jobmanager.rpc.address: 127.0.0.1\n\
         jobmanager.rpc.port: {rpc}\n\
         jobmanager.bind-host: 127.0.0.1\n\
         jobmanager.memory.process.size: 1600m\n\
         taskmanager.bind-host: 127.0.0.1\n\
         taskmanager.host: 127.0.0.1\n\
         taskmanager.memory.process.size: 1728m\n\
         taskmanager.numberOfTaskSlots: {slots}\n\
         parallelism.default: 1\n\
         rest.address: 127.0.0.1\n\
         rest.bind-address: 127.0.0.1\n\
         rest.port: {rest}\n\
         io.tmp.dirs: {tmp}\n\
         execution.checkpointing.dir: file://{checkpoints}\n\
         execution.checkpointing.savepoint-dir: file://{savepoints}\n",
        rpc = cfg.ports.jobmanager_rpc,
        slots = cfg.slots_per_taskmanager,
        rest = cfg.ports.rest,
        tmp = tmp.display(),
        checkpoints = cfg.state_dir.join("checkpoints").display(),
        savepoints = cfg.state_dir.join("savepoints").display(),
    )
}

/// A Log4j 2 configuration writing to the file named by the `log.file` system property.
pub(crate) const LOG4J: &str = "rootLogger.level = INFO\n\
rootLogger.appenderRef.file.ref = MainAppender\n\
appender.main.name = MainAppender\n\
appender.main.type = File\n\
appender.main.append = true\n\
appender.main.fileName = ${sys:log.file}\n\
appender.main.layout.type = PatternLayout\n\
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n\n\
logger.netty.name = org.apache.flink.shaded.netty4.io.netty.channel.DefaultChannelPipeline\n\
logger.netty.level = OFF\n";

/// Flink's classpath: `lib/` sorted with flink-dist last (as Flink's own scripts build it),
/// then the connectors, then `extra` jars.
pub(crate) fn classpath(artifacts: &FlinkArtifacts, extra: &[PathBuf]) -> Result<String> {
    let mut jars: Vec<PathBuf> = std::fs::read_dir(&artifacts.lib)
        .map_err(Error::io("cannot list", &artifacts.lib))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jar"))
        .collect();
    jars.sort_by_key(|p| {
        let dist = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("flink-dist"));
        (dist, p.clone())
    });
    jars.extend(artifacts.connectors.iter().cloned());
    jars.extend(extra.iter().cloned());
    Ok(jars
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(":"))
}

/// JVM flags and dynamic properties computed by BashJavaUtils, as Flink's scripts do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MemoryParams {
    /// Flags such as `-Xmx… -Xms… -XX:MaxDirectMemorySize=…`.
    pub jvm: Vec<String>,
    /// `-D key=value` pairs the process must receive (TaskManager only).
    pub dynamic: Vec<String>,
}

/// Runs BashJavaUtils `GET_JM_RESOURCE_PARAMS` or `GET_TM_RESOURCE_PARAMS`.
pub(crate) fn memory_params(
    java: &Path,
    artifacts: &FlinkArtifacts,
    conf: &Path,
    jm: bool,
) -> Result<MemoryParams> {
    let cp = format!(
        "{}:{}",
        artifacts.bash_java_utils.display(),
        classpath(artifacts, &[])?
    );
    let command = if jm {
        "GET_JM_RESOURCE_PARAMS"
    } else {
        "GET_TM_RESOURCE_PARAMS"
    };
    let out = Command::new(java)
        .args([
            "-cp",
            &cp,
            "org.apache.flink.runtime.util.bash.BashJavaUtils",
            command,
            "--configDir",
        ])
        .arg(conf)
        .output()
        .map_err(Error::io("cannot run", java))?;
    let text = String::from_utf8_lossy(&out.stdout);
    parse_memory_params(&text)
        .filter(|_| out.status.success())
        .ok_or_else(|| Error::CommandFailed {
            command: format!("BashJavaUtils {command}"),
            output_tail: tools::output_tail(&out),
        })
}

/// Reads the `BASH_JAVA_UTILS_EXEC_RESULT:` lines (JVM flags, then dynamic properties).
pub(crate) fn parse_memory_params(output: &str) -> Option<MemoryParams> {
    let mut results = output
        .lines()
        .filter_map(|l| l.strip_prefix("BASH_JAVA_UTILS_EXEC_RESULT:"));
    let jvm: Vec<String> = results
        .next()?
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let dynamic = results
        .next()
        .map(|d| d.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    (!jvm.is_empty()).then_some(MemoryParams { jvm, dynamic })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bash_java_utils_output() {
        let out = "INFO  [] - Final TaskExecutor Memory configuration:\n\
                   BASH_JAVA_UTILS_EXEC_RESULT:-Xmx536870902 -Xms536870902 -XX:MaxDirectMemorySize=268435458\n\
                   BASH_JAVA_UTILS_EXEC_RESULT:-D taskmanager.memory.network.min=134217730b -D taskmanager.cpu.cores=4.0\n";
        let p = parse_memory_params(out).unwrap();
        assert_eq!(
            p.jvm,
            [
                "-Xmx536870902",
                "-Xms536870902",
                "-XX:MaxDirectMemorySize=268435458"
            ]
        );
        assert_eq!(
            p.dynamic,
            [
                "-D",
                "taskmanager.memory.network.min=134217730b",
                "-D",
                "taskmanager.cpu.cores=4.0"
            ]
        );
        assert!(parse_memory_params("no results").is_none());
    }

    #[test]
    fn config_uses_flink2_keys_and_loopback() {
        let mut cfg = StackConfig::new().unwrap();
        cfg.ports.rest = 18081;
        let yaml = config_yaml(&cfg);
        assert!(yaml.contains("rest.port: 18081"));
        assert!(yaml.contains("rest.bind-address: 127.0.0.1"));
        assert!(yaml.contains("execution.checkpointing.dir: file://"));
        assert!(
            !yaml.contains("state.checkpoints.dir"),
            "Flink 2.x key names only"
        );
    }

    #[test]
    fn flink_dist_goes_last_on_the_classpath() {
        let dir = tempfile::tempdir().unwrap();
        for jar in [
            "flink-dist-2.0.0.jar",
            "flink-json-2.0.0.jar",
            "a.jar",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(jar), b"").unwrap();
        }
        let artifacts = FlinkArtifacts {
            version: "2.0.0".into(),
            lib: dir.path().to_owned(),
            bash_java_utils: dir.path().join("b.jar"),
            gateway_jar: dir.path().join("g.jar"),
            connectors: vec![PathBuf::from("/c/kafka.jar")],
        };
        let cp = classpath(&artifacts, &[PathBuf::from("/x/gw.jar")]).unwrap();
        let names: Vec<&str> = cp
            .split(':')
            .map(|p| p.rsplit('/').next().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "a.jar",
                "flink-json-2.0.0.jar",
                "flink-dist-2.0.0.jar",
                "kafka.jar",
                "gw.jar"
            ]
        );
    }
}
