//! A single-node Kafka broker in KRaft mode, run from Maven Central jars.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;

use crate::config::StackConfig;
use crate::error::{Error, Result};
use crate::tools;

/// The broker's `server.properties` (combined broker and controller, static quorum).
pub(crate) fn server_properties(cfg: &StackConfig, data_dir: &Path) -> String {
    let p = cfg.ports;
    format!(
        "process.roles=broker,controller\n\
         node.id=1\n\
         controller.quorum.voters=1@127.0.0.1:{controller}\n\
         listeners=PLAINTEXT://127.0.0.1:{kafka},CONTROLLER://127.0.0.1:{controller}\n\
         advertised.listeners=PLAINTEXT://127.0.0.1:{kafka}\n\
         controller.listener.names=CONTROLLER\n\
         inter.broker.listener.name=PLAINTEXT\n\
         listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n\
         log.dirs={data}\n\
         num.partitions=1\n\
         offsets.topic.replication.factor=1\n\
         transaction.state.log.replication.factor=1\n\
         transaction.state.log.min.isr=1\n\
         share.coordinator.state.topic.replication.factor=1\n\
         share.coordinator.state.topic.min.isr=1\n\
         group.initial.rebalance.delay.ms=0\n",
        controller = p.kafka_controller,
        kafka = p.kafka,
        data = data_dir.display(),
    )
}

/// Log4j 2 configuration for Kafka, writing to the `kafka.log.file` system property.
pub(crate) const LOG4J2: &str = "rootLogger.level = INFO\n\
rootLogger.appenderRef.file.ref = F\n\
appender.f.name = F\n\
appender.f.type = File\n\
appender.f.append = true\n\
appender.f.fileName = ${sys:kafka.log.file}\n\
appender.f.layout.type = PatternLayout\n\
appender.f.layout.pattern = [%d] %p %m (%c)%n\n";

/// A random KRaft cluster id: a type-4 UUID in unpadded base64url (22 characters).
pub(crate) fn cluster_id() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(uuid::Uuid::new_v4().as_bytes())
}

/// Formats the metadata directory unless it already is.
pub(crate) fn format_storage(
    java: &Path,
    libs: &Path,
    conf_dir: &Path,
    data_dir: &Path,
    log: &Path,
) -> Result<()> {
    if data_dir.join("meta.properties").is_file() {
        return Ok(());
    }
    let out = kafka_java(java, libs, conf_dir, log)
        .args([
            "kafka.tools.StorageTool",
            "format",
            "-t",
            &cluster_id(),
            "-c",
        ])
        .arg(conf_dir.join("server.properties"))
        .output()
        .map_err(Error::io("cannot run", java))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error::CommandFailed {
            command: "kafka StorageTool format".into(),
            output_tail: tools::output_tail(&out),
        })
    }
}

/// A `java` command with Kafka's classpath and logging set up; the caller adds the main class.
pub(crate) fn kafka_java(java: &Path, libs: &Path, conf_dir: &Path, log: &Path) -> Command {
    let mut cmd = Command::new(java);
    cmd.arg(format!(
        "-Dlog4j2.configurationFile={}",
        conf_dir.join("log4j2.properties").display()
    ))
    .arg(format!("-Dkafka.log.file={}", log.display()))
    .arg("-cp")
    .arg(format!("{}/*", libs.display()));
    cmd
}

/// Creates a topic with Kafka's own `TopicCommand` (idempotent).
pub(crate) fn create_topic(
    java: &Path,
    libs: &Path,
    conf_dir: &Path,
    log: PathBuf,
    port: u16,
    topic: &str,
    partitions: u32,
) -> Result<()> {
    let out = kafka_java(java, libs, conf_dir, &log)
        .args([
            "org.apache.kafka.tools.TopicCommand",
            "--bootstrap-server",
            &format!("127.0.0.1:{port}"),
        ])
        .args([
            "--create",
            "--if-not-exists",
            "--replication-factor",
            "1",
            "--topic",
            topic,
        ])
        .args(["--partitions", &partitions.to_string()])
        .output()
        .map_err(Error::io("cannot run", java))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error::CommandFailed {
            command: format!("kafka TopicCommand --create {topic}"),
            output_tail: tools::output_tail(&out),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_id_is_22_base64url_chars() {
        let id = cluster_id();
        assert_eq!(id.len(), 22);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{id}"
        );
        assert_ne!(id, cluster_id());
    }

    #[test]
    fn properties_use_configured_ports_on_loopback() {
        let mut cfg = StackConfig::new().unwrap();
        cfg.ports.kafka = 19092;
        cfg.ports.kafka_controller = 19093;
        let props = server_properties(&cfg, Path::new("/d"));
        assert!(
            props.contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
        );
        assert!(props.contains("controller.quorum.voters=1@127.0.0.1:19093"));
        assert!(props.contains("log.dirs=/d"));
    }
}
