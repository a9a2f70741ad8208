//! Live test of `studio doctor --only kafka` against a real Kafka 4.1.1 broker with a SASL_SSL
//! listener and SCRAM users, started here from the cached distribution (the one
//! `studio local up` / `cargo xtask testbed up` downloads) on free loopback ports.
//!
//! `cargo test -p studio-cli --test doctor_kafka_live -- --ignored` (needs Java 17+).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use serde_json::Value;

const USER: &str = "studio-alice";
const PASSWORD: &str = "Scram-Pw-7f3c91-never-shown";
const WRONG: &str = "Wrong-Pw-55e0a2-never-shown";
const TOPIC_DENIED: &str = "studio-denied";
const TOPIC_ALLOWED: &str = "studio-allowed";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn kafka_libs() -> PathBuf {
    let libs = studio_local::default_cache_dir()
        .unwrap()
        .join(format!("kafka-{}", studio_local::pins::KAFKA_VERSION))
        .join("libs");
    assert!(
        libs.is_dir(),
        "{} is missing: `cargo xtask testbed up` (or `studio local up`) caches Kafka",
        libs.display()
    );
    libs
}

/// A CA's PEM, and a broker key + certificate (PEM, PKCS#8) for `localhost` signed by it.
fn certificates() -> (String, String) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "studio kafka test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    // Only the name: connecting to 127.0.0.1 must fail the hostname check.
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    (ca.pem(), format!("{}{}", key.serialize_pem(), leaf.pem()))
}

struct Broker {
    child: Child,
    dir: tempfile::TempDir,
    sasl_port: u16,
    ca_pem: PathBuf,
}

impl Drop for Broker {
    fn drop(&mut self) {
        // Stopped by its own PID, nothing else.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn java(libs: &Path, dir: &Path) -> Command {
    let mut cmd = Command::new(studio_local_java());
    cmd.arg("-Xmx256m")
        .arg(format!(
            "-Dlog4j2.configurationFile={}",
            dir.join("log4j2.properties").display()
        ))
        .arg(format!(
            "-Dkafka.log.file={}",
            dir.join("kafka.log").display()
        ))
        .arg("-cp")
        .arg(format!("{}/*", libs.display()));
    cmd
}

fn studio_local_java() -> PathBuf {
    match std::env::var_os("JAVA_HOME") {
        Some(home) => PathBuf::from(home).join("bin/java"),
        None => PathBuf::from("java"),
    }
}

fn run_java(libs: &Path, dir: &Path, args: &[&str]) {
    let out = java(libs, dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// KRaft broker+controller: PLAINTEXT for the controller and the tools (the `ANONYMOUS`
/// super user), SASL_SSL with SCRAM for the client under test, ACLs enforced.
fn start_broker() -> Broker {
    let libs = kafka_libs();
    let dir = tempfile::tempdir().unwrap();
    let (ca, keystore) = certificates();
    let (plain, sasl, controller) = (free_port(), free_port(), free_port());
    let pem = dir.path().join("broker.pem");
    std::fs::write(&pem, keystore).unwrap();
    let ca_pem = dir.path().join("ca.pem");
    std::fs::write(&ca_pem, ca).unwrap();
    let scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
    let props = format!(
        "process.roles=broker,controller\n\
         node.id=1\n\
         controller.quorum.voters=1@127.0.0.1:{controller}\n\
         listeners=PLAINTEXT://127.0.0.1:{plain},SASL_SSL://127.0.0.1:{sasl},CONTROLLER://127.0.0.1:{controller}\n\
         advertised.listeners=PLAINTEXT://127.0.0.1:{plain},SASL_SSL://localhost:{sasl}\n\
         controller.listener.names=CONTROLLER\n\
         inter.broker.listener.name=PLAINTEXT\n\
         listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL\n\
         sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512\n\
         listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config={scram}\n\
         listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config={scram}\n\
         listener.name.sasl_ssl.ssl.keystore.type=PEM\n\
         listener.name.sasl_ssl.ssl.keystore.location={pem}\n\
         authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n\
         super.users=User:ANONYMOUS\n\
         allow.everyone.if.no.acl.found=false\n\
         log.dirs={data}\n\
         num.partitions=1\n\
         offsets.topic.replication.factor=1\n\
         transaction.state.log.replication.factor=1\n\
         transaction.state.log.min.isr=1\n\
         share.coordinator.state.topic.replication.factor=1\n\
         share.coordinator.state.topic.min.isr=1\n",
        pem = pem.display(),
        data = dir.path().join("data").display(),
    );
    std::fs::write(dir.path().join("server.properties"), props).unwrap();
    std::fs::write(
        dir.path().join("log4j2.properties"),
        "rootLogger.level = INFO\nrootLogger.appenderRef.file.ref = F\nappender.f.name = F\n\
         appender.f.type = File\nappender.f.fileName = ${sys:kafka.log.file}\n\
         appender.f.layout.type = PatternLayout\nappender.f.layout.pattern = [%d] %p %m (%c)%n\n",
    )
    .unwrap();
    let config = dir.path().join("server.properties");
    let config = config.to_str().unwrap();
    // The SCRAM user is created with Kafka's own tool, as the metadata is formatted.
    let scram_256 = format!("SCRAM-SHA-256=[name={USER},password={PASSWORD}]");
    let scram_512 = format!("SCRAM-SHA-512=[name={USER},password={PASSWORD}]");
    run_java(
        &libs,
        dir.path(),
        &[
            "kafka.tools.StorageTool",
            "format",
            "-t",
            "MkU3OEVBNTcwNTJENDM2Qk",
            "-c",
            config,
            "--add-scram",
            &scram_256,
            "--add-scram",
            &scram_512,
        ],
    );
    let child = java(&libs, dir.path())
        .args(["kafka.Kafka", config])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let broker = Broker {
        child,
        dir,
        sasl_port: sasl,
        ca_pem,
    };
    let log = broker.dir.path().join("kafka.log");
    let started = Instant::now();
    loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("Kafka Server started") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "Kafka did not start within 90 s:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    let bootstrap = format!("127.0.0.1:{plain}");
    for topic in [TOPIC_DENIED, TOPIC_ALLOWED] {
        run_java(
            &libs,
            broker.dir.path(),
            &[
                "org.apache.kafka.tools.TopicCommand",
                "--bootstrap-server",
                &bootstrap,
                "--create",
                "--topic",
                topic,
                "--partitions",
                "1",
                "--replication-factor",
                "1",
            ],
        );
    }
    run_java(
        &libs,
        broker.dir.path(),
        &[
            "org.apache.kafka.tools.AclCommand",
            "--bootstrap-server",
            &bootstrap,
            "--add",
            "--allow-principal",
            &format!("User:{USER}"),
            "--operation",
            "Describe",
            "--topic",
            TOPIC_ALLOWED,
        ],
    );
    broker
}

/// A project folder whose `studio.yaml` carries a JAAS config with the unshaded class.
fn project(jaas_class: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/platform/gcp.yaml");
    let mut text = std::fs::read_to_string(example).unwrap();
    let jaas =
        format!("{jaas_class} required username=\\\"{USER}\\\" password=\\\"{PASSWORD}\\\";");
    text = text.replacen(
        "\nflink:\n",
        &format!("\nflink:\n  configuration:\n    properties.sasl.jaas.config: \"{jaas}\"\n"),
        1,
    );
    std::fs::write(dir.path().join("studio.yaml"), text).unwrap();
    dir
}

fn doctor(
    dir: &Path,
    password: &str,
    ca: &Path,
    bootstrap: &str,
    extra: &[&str],
) -> (i32, String, String) {
    let format: &[&str] = if extra.contains(&"-o") {
        &[]
    } else {
        &["-o", "json"]
    };
    let out = Command::new(assert_cmd::cargo::cargo_bin("studio"))
        .current_dir(dir)
        .env("KAFKA_PASSWORD", password)
        .env("KUBECONFIG", dir.join("no-kubeconfig"))
        .env("RUST_LOG", "debug")
        .env_remove("KAFKA_BOOTSTRAP")
        .env_remove("STUDIO_CONFIG")
        .args(["doctor", "--only", "kafka", "--timeout", "15s"])
        .args(format)
        .args(["--kafka-bootstrap", bootstrap, "--kafka-username", USER])
        .arg("--kafka-ca-cert")
        .arg(ca)
        .args(extra)
        .output()
        .unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    eprintln!("--- stdout\n{o}--- stderr\n{e}");
    for secret in [PASSWORD, WRONG] {
        assert!(
            !o.contains(secret) && !e.contains(secret),
            "a password leaked"
        );
    }
    (out.status.code().unwrap_or(-1), o, e)
}

fn find<'a>(checks: &'a [Value], name: &str) -> Vec<&'a Value> {
    checks.iter().filter(|c| c["name"] == name).collect()
}

fn one<'a>(checks: &'a [Value], name: &str) -> &'a Value {
    let found = find(checks, name);
    assert_eq!(found.len(), 1, "{name} in {checks:?}");
    found[0]
}

#[test]
#[ignore = "starts a Kafka broker (Java, the cached Kafka distribution)"]
fn kafka_check_tells_tls_sasl_and_acl_failures_apart() {
    let broker = start_broker();
    let shaded = project(studio_kube::doctor::SHADED_SCRAM_MODULE);
    let good = format!("localhost:{}", broker.sasl_port);

    // The right password, both SCRAM mechanisms: TLS, SASL, metadata and the allowed topic pass;
    // the topic without an ACL fails as authorization.
    for mechanism in ["SCRAM-SHA-256", "SCRAM-SHA-512"] {
        let (code, out, _) = doctor(
            shaded.path(),
            PASSWORD,
            &broker.ca_pem,
            &good,
            &[
                "--kafka-mechanism",
                mechanism,
                "--kafka-topic",
                TOPIC_ALLOWED,
            ],
        );
        assert_eq!(code, 0, "{out}");
        let checks: Vec<Value> = serde_json::from_str(&out).unwrap();
        for name in [
            "kafka-broker",
            "kafka-sasl",
            "kafka-metadata",
            "kafka-topic",
            "kafka-jaas",
        ] {
            assert_eq!(one(&checks, name)["status"], "pass", "{name}: {out}");
        }
        assert!(
            one(&checks, "kafka-sasl")["detail"]
                .as_str()
                .unwrap()
                .contains(mechanism)
        );
    }
    let (code, out, _) = doctor(
        shaded.path(),
        PASSWORD,
        &broker.ca_pem,
        &good,
        &["--kafka-topic", TOPIC_DENIED],
    );
    assert_eq!(code, 1);
    let checks: Vec<Value> = serde_json::from_str(&out).unwrap();
    let topic = one(&checks, "kafka-topic");
    assert_eq!(topic["status"], "fail");
    assert!(
        topic["detail"].as_str().unwrap().contains("not authorized"),
        "{out}"
    );
    assert_eq!(topic["hint"]["hint"], "kafka-acl");
    assert_eq!(topic["hint"]["topic"], TOPIC_DENIED);

    // A wrong password: TLS passes, SASL fails as bad credentials (table output, with its hint).
    let (code, out, _) = doctor(
        shaded.path(),
        WRONG,
        &broker.ca_pem,
        &good,
        &["-o", "table"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("✓ kafka-broker"), "{out}");
    assert!(out.contains("✗ kafka-sasl"), "{out}");
    assert!(out.contains("rejected the credentials"), "{out}");
    assert!(out.contains("studio secret kafka --username"), "{out}");

    // An untrusted CA: TLS fails, naming the CA, and SASL is not attempted.
    let (other_ca, _) = certificates();
    let other = shaded.path().join("other-ca.pem");
    std::fs::write(&other, other_ca).unwrap();
    let (code, out, _) = doctor(shaded.path(), PASSWORD, &other, &good, &[]);
    assert_eq!(code, 1);
    let checks: Vec<Value> = serde_json::from_str(&out).unwrap();
    let tls = one(&checks, "kafka-broker");
    assert_eq!(tls["status"], "fail");
    assert!(
        tls["detail"]
            .as_str()
            .unwrap()
            .contains("not signed by the CA"),
        "{out}"
    );
    assert_eq!(tls["hint"]["hint"], "kafka-trust");
    assert!(find(&checks, "kafka-sasl").is_empty());

    // The IP instead of the certificate's name: a hostname failure.
    let by_ip = format!("127.0.0.1:{}", broker.sasl_port);
    let (code, out, _) = doctor(shaded.path(), PASSWORD, &broker.ca_pem, &by_ip, &[]);
    assert_eq!(code, 1);
    let checks: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(
        one(&checks, "kafka-broker")["hint"]["hint"],
        "kafka-hostname"
    );

    // Nothing listening, and a name that does not resolve: network failures.
    let closed = format!("localhost:{}", free_port());
    let (code, out, _) = doctor(shaded.path(), PASSWORD, &broker.ca_pem, &closed, &[]);
    assert_eq!(code, 1);
    let checks: Vec<Value> = serde_json::from_str(&out).unwrap();
    let tcp = one(&checks, "kafka-broker");
    assert!(
        tcp["detail"].as_str().unwrap().contains("TCP connection"),
        "{out}"
    );
    assert_eq!(tcp["hint"]["hint"], "kafka-network");
    let (_, out, _) = doctor(
        shaded.path(),
        PASSWORD,
        &broker.ca_pem,
        "no-such-host.invalid:9093",
        &[],
    );
    let checks: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(
        one(&checks, "kafka-broker")["detail"]
            .as_str()
            .unwrap()
            .contains("DNS lookup"),
        "{out}"
    );

    // The unshaded JAAS class in the platform config is flagged, without showing the value.
    let unshaded = project("org.apache.kafka.common.security.scram.ScramLoginModule");
    let (code, out, _) = doctor(
        unshaded.path(),
        PASSWORD,
        &broker.ca_pem,
        &good,
        &["-o", "table"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("✗ kafka-jaas"), "{out}");
    assert!(
        out.contains("flink.configuration.properties.sasl.jaas.config"),
        "{out}"
    );
    assert!(
        out.contains(studio_kube::doctor::SHADED_SCRAM_MODULE),
        "{out}"
    );

    // The broker's own log never saw the password in clear either (SCRAM sends a proof).
    let log = std::fs::read_to_string(broker.dir.path().join("kafka.log")).unwrap();
    assert!(!log.contains(PASSWORD) && !log.contains(WRONG));
}
