//! The Kafka brokers, probed the way the Flink Kafka connector meets them: DNS, TCP, a TLS
//! handshake against the Secret's CA, SASL authentication and a metadata request.
//!
//! DNS, TCP and TLS are done here one step at a time, so that a failure names its step;
//! SASL and metadata go through `rskafka` with the same TLS settings.

use std::collections::BTreeMap;
use std::sync::Arc;

use rskafka::BackoffConfig;
use rskafka::client::error::{Error as KafkaError, ProtocolError};
use rskafka::client::partition::UnknownTopicHandling;
use rskafka::client::{ClientBuilder, Credentials, SaslConfig};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, RootCertStore};
use secrecy::{ExposeSecret, SecretString};

use super::*;

/// The JAAS login module the Flink SQL Kafka connector accepts: its Kafka client is shaded.
pub const SHADED_SCRAM_MODULE: &str =
    "org.apache.flink.kafka.shaded.org.apache.kafka.common.security.scram.ScramLoginModule";
/// The unshaded class from Kafka's own docs, which fails in Flink with "No LoginModule found".
pub const UNSHADED_SCRAM_MODULE: &str = "org.apache.kafka.common.security.scram.ScramLoginModule";

/// A SASL mechanism the probe speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Mechanism {
    /// `PLAIN` (only over TLS).
    Plain,
    /// `SCRAM-SHA-256` (Aiven's default).
    ScramSha256,
    /// `SCRAM-SHA-512`.
    ScramSha512,
}

impl std::fmt::Display for Mechanism {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::ScramSha256 => "SCRAM-SHA-256",
            Mechanism::ScramSha512 => "SCRAM-SHA-512",
        })
    }
}

impl std::str::FromStr for Mechanism {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.to_ascii_uppercase().replace('_', "-").as_str() {
            "PLAIN" => Ok(Mechanism::Plain),
            "SCRAM-SHA-256" => Ok(Mechanism::ScramSha256),
            "SCRAM-SHA-512" => Ok(Mechanism::ScramSha512),
            _ => Err(format!(
                "unknown SASL mechanism `{s}` (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)"
            )),
        }
    }
}

/// The credentials of the Kafka Secret (or given locally).
#[derive(Clone)]
pub struct KafkaCredentials {
    /// SASL username.
    pub username: String,
    /// SASL password; never shown.
    pub password: SecretString,
    /// The CA bundle (PEM) the brokers' certificates must chain to.
    pub ca_pem: String,
    /// Where they came from, e.g. `Secret flink-studio/aiven-credentials`.
    pub source: String,
}

impl std::fmt::Debug for KafkaCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KafkaCredentials")
            .field("username", &self.username)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// What the Kafka check connects to.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct KafkaOptions {
    /// Bootstrap servers, `host:port` each.
    pub bootstrap: Vec<String>,
    /// The SASL mechanism.
    pub mechanism: Mechanism,
    /// Topics whose metadata the user must be allowed to read.
    pub topics: Vec<String>,
    /// Credentials given directly; `None` reads the platform's Kafka Secret.
    pub credentials: Option<KafkaCredentials>,
}

impl Default for KafkaOptions {
    fn default() -> Self {
        KafkaOptions {
            bootstrap: Vec::new(),
            mechanism: Mechanism::ScramSha256,
            topics: Vec::new(),
            credentials: None,
        }
    }
}

impl KafkaOptions {
    /// Options for these bootstrap servers and mechanism, credentials from the Secret.
    pub fn new(bootstrap: Vec<String>, mechanism: Mechanism) -> KafkaOptions {
        KafkaOptions {
            bootstrap,
            mechanism,
            ..KafkaOptions::default()
        }
    }
}

/// The Kafka group: the JAAS class, then the probe.
pub(super) async fn kafka(
    target: Option<&Target>,
    platform: &Platform,
    options: &Options,
) -> Vec<Check> {
    let mut checks = Vec::new();
    let mut sources: Vec<(String, String)> = platform
        .config
        .flink
        .configuration
        .iter()
        .map(|(key, value)| {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (
                format!("flink.configuration.{key} in {}", platform.file.display()),
                text,
            )
        })
        .collect();
    let credentials = match &options.kafka.credentials {
        Some(given) => Some(given.clone()),
        None => match target {
            None => {
                checks.push(Check::new(
                    Group::Kafka,
                    "kafka",
                    Status::Skip,
                    "the cluster is not reachable to read the Kafka Secret",
                ));
                None
            }
            Some(target) => match tokio::time::timeout(
                options.timeout,
                read_secret(target, platform, &mut sources),
            )
            .await
            {
                Ok(Ok(found)) => found,
                Ok(Err(check)) => {
                    checks.push(*check);
                    None
                }
                Err(_) => {
                    checks.push(Check::new(
                        Group::Kafka,
                        "kafka",
                        Status::Fail,
                        format!(
                            "reading the Kafka Secret: no answer within {:?}",
                            options.timeout
                        ),
                    ));
                    None
                }
            },
        },
    };
    checks.extend(jaas(&sources));
    if options.kafka.bootstrap.is_empty() && !options.only.contains(&Group::Kafka) {
        // A full run without brokers named: not a failure of the platform.
        checks.push(
            Check::new(
                Group::Kafka,
                "kafka",
                Status::Skip,
                "no Kafka bootstrap servers given",
            )
            .hint(Hint::KafkaBootstrap),
        );
        return checks;
    }
    if let Some(credentials) = credentials {
        checks.extend(probe(&options.kafka, &credentials, options.timeout).await);
    }
    checks
}

/// Reads username, password and CA from the Secret, and every value into `sources` for the
/// JAAS check (values are only searched, never shown).
async fn read_secret(
    target: &Target,
    platform: &Platform,
    sources: &mut Vec<(String, String)>,
) -> std::result::Result<Option<KafkaCredentials>, Box<Check>> {
    use k8s_openapi::api::core::v1::Secret;
    use studio_manifests::secret::{CA_PEM, PASSWORD, USERNAME};
    let namespace = platform.namespace();
    let Some(name) = platform.kafka_secret() else {
        return Err(Box::new(Check::new(
            Group::Kafka,
            "kafka",
            Status::Skip,
            "no Kafka credentials Secret configured (kafka.credentialsSecret)",
        )));
    };
    let hint = Hint::CreateKafkaSecret {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
    };
    let api: kube::Api<Secret> = kube::Api::namespaced(target.client.clone(), namespace);
    let secret = match api.get_opt(name).await {
        Ok(found) => found,
        Err(kube::Error::Api(status)) if status.code == 404 => None,
        Err(err) => {
            let err = target.error(err, "reading the Kafka Secret", "Secret", name);
            return Err(Box::new(
                Check::new(Group::Kafka, "kafka", Status::Fail, err.to_string()).hint(
                    Hint::GrantUser {
                        missing: Vec::new(),
                    },
                ),
            ));
        }
    };
    let Some(secret) = secret else {
        return Err(Box::new(
            Check::new(
                Group::Kafka,
                "kafka",
                Status::Fail,
                format!("Secret {namespace}/{name} does not exist"),
            )
            .hint(hint),
        ));
    };
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    for (key, bytes) in secret.data.into_iter().flatten() {
        values.insert(key, String::from_utf8_lossy(&bytes.0).into_owned());
    }
    values.extend(secret.string_data.into_iter().flatten());
    for (key, value) in &values {
        sources.push((
            format!("key `{key}` of Secret {namespace}/{name}"),
            value.clone(),
        ));
    }
    let missing: Vec<&str> = [USERNAME, PASSWORD, CA_PEM]
        .into_iter()
        .filter(|k| !values.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        return Err(Box::new(
            Check::new(
                Group::Kafka,
                "kafka",
                Status::Fail,
                format!(
                    "Secret {namespace}/{name} lacks the key(s) {}",
                    missing.join(", ")
                ),
            )
            .hint(hint),
        ));
    }
    let take = |key: &str| values.get(key).cloned().unwrap_or_default();
    Ok(Some(KafkaCredentials {
        username: take(USERNAME),
        password: SecretString::from(take(PASSWORD)),
        ca_pem: take(CA_PEM),
        source: format!("Secret {namespace}/{name}"),
    }))
}

/// Flags a JAAS config naming the unshaded `ScramLoginModule`. `sources` are (where, text).
pub fn jaas(sources: &[(String, String)]) -> Vec<Check> {
    let mut checks = Vec::new();
    for (place, text) in sources {
        // The shaded name contains the unshaded one; only a bare occurrence is wrong.
        let unshaded = text
            .match_indices(UNSHADED_SCRAM_MODULE)
            .any(|(at, _)| !text[..at].ends_with("org.apache.flink.kafka.shaded."));
        if unshaded {
            checks.push(
                Check::new(
                    Group::Kafka,
                    "kafka-jaas",
                    Status::Fail,
                    format!(
                        "{place}: the JAAS config uses the unshaded {UNSHADED_SCRAM_MODULE}, \
                         which the Flink SQL Kafka connector cannot load"
                    ),
                )
                .hint(Hint::ShadedLoginModule),
            );
        } else if text.contains(SHADED_SCRAM_MODULE) {
            checks.push(Check::new(
                Group::Kafka,
                "kafka-jaas",
                Status::Pass,
                format!("{place}: the JAAS config uses the connector's shaded ScramLoginModule"),
            ));
        }
    }
    checks
}

/// Connects to every bootstrap server (DNS, TCP, TLS), then authenticates and requests
/// metadata, then the metadata of each topic of `options.topics`.
pub async fn probe(
    options: &KafkaOptions,
    credentials: &KafkaCredentials,
    timeout: Duration,
) -> Vec<Check> {
    let mut checks = Vec::new();
    if options.bootstrap.is_empty() {
        checks.push(
            Check::new(
                Group::Kafka,
                "kafka",
                Status::Fail,
                "no Kafka bootstrap servers are configured",
            )
            .hint(Hint::KafkaBootstrap),
        );
        return checks;
    }
    let tls = match tls_config(&credentials.ca_pem) {
        Ok(tls) => tls,
        Err(detail) => {
            checks.push(
                Check::new(
                    Group::Kafka,
                    "kafka-tls",
                    Status::Fail,
                    format!("{}: {detail}", credentials.source),
                )
                .hint(Hint::KafkaTrust),
            );
            return checks;
        }
    };
    let mut reached = 0;
    for server in &options.bootstrap {
        let check = handshake(server, &credentials.source, &tls, timeout).await;
        reached += usize::from(check.status == Status::Pass);
        checks.push(check);
    }
    if reached == 0 {
        return checks;
    }
    checks.extend(authenticate(options, credentials, tls, timeout).await);
    checks
}

fn tls_config(ca_pem: &str) -> std::result::Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    for (index, cert) in CertificateDer::pem_slice_iter(ca_pem.as_bytes()).enumerate() {
        let cert =
            cert.map_err(|err| format!("the CA bundle's block {} is not PEM: {err}", index + 1))?;
        roots.add(cert).map_err(|err| {
            format!(
                "the CA bundle's certificate {} is unusable: {err}",
                index + 1
            )
        })?;
    }
    if roots.is_empty() {
        return Err("the CA bundle holds no certificate".into());
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| err.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// DNS, TCP and the TLS handshake with one server, each failure naming its step.
async fn handshake(
    server: &str,
    source: &str,
    tls: &Arc<rustls::ClientConfig>,
    timeout: Duration,
) -> Check {
    let fail = |detail: String, hint: Hint| {
        Check::new(
            Group::Kafka,
            "kafka-broker",
            Status::Fail,
            format!("{server}: {detail}"),
        )
        .hint(hint)
    };
    let network = || Hint::KafkaNetwork {
        server: server.to_owned(),
    };
    let Some((host, port)) = server
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h.trim_matches(['[', ']']), p.parse::<u16>().ok()?)))
    else {
        return fail("not a host:port address".into(), Hint::KafkaBootstrap);
    };
    let addrs: Vec<std::net::SocketAddr> =
        match tokio::time::timeout(timeout, tokio::net::lookup_host((host, port))).await {
            Ok(Ok(addrs)) => addrs.collect(),
            Ok(Err(err)) => return fail(format!("DNS lookup of {host} failed: {err}"), network()),
            Err(_) => {
                return fail(
                    format!("DNS lookup of {host} took over {timeout:?}"),
                    network(),
                );
            }
        };
    let mut last = format!("{host} resolves to no address");
    let mut tcp = None;
    for addr in &addrs {
        match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                tcp = Some(stream);
                break;
            }
            Ok(Err(err)) => last = format!("TCP connection to {addr} failed: {err}"),
            Err(_) => last = format!("TCP connection to {addr} took over {timeout:?}"),
        }
    }
    let Some(tcp) = tcp else {
        return fail(last, network());
    };
    let name = match ServerName::try_from(host.to_owned()) {
        Ok(name) => name,
        Err(err) => {
            return fail(
                format!("`{host}` is not a TLS server name: {err}"),
                Hint::KafkaBootstrap,
            );
        }
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::clone(tls));
    match tokio::time::timeout(timeout, connector.connect(name, tcp)).await {
        Ok(Ok(stream)) => {
            let version = match stream.get_ref().1.protocol_version() {
                Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3",
                Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2",
                _ => "TLS",
            };
            Check::new(
                Group::Kafka,
                "kafka-broker",
                Status::Pass,
                format!("{server}: {version} handshake, certificate trusted for {host}"),
            )
        }
        Ok(Err(err)) => {
            let tls_error = err
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>());
            match tls_error {
                Some(rustls::Error::InvalidCertificate(cert)) => match cert {
                    CertificateError::UnknownIssuer | CertificateError::BadSignature => fail(
                        format!(
                            "TLS: the broker's certificate is not signed by the CA of {}",
                            source
                        ),
                        Hint::KafkaTrust,
                    ),
                    CertificateError::NotValidForName
                    | CertificateError::NotValidForNameContext { .. } => fail(
                        format!("TLS: the broker's certificate is not valid for the name {host}"),
                        Hint::KafkaHostname {
                            host: host.to_owned(),
                        },
                    ),
                    other => fail(
                        format!("TLS: the broker's certificate is rejected: {other}"),
                        Hint::KafkaTrust,
                    ),
                },
                Some(other) => fail(
                    format!("TLS handshake failed: {other} (is this a TLS listener?)"),
                    network(),
                ),
                None => fail(format!("TLS handshake failed: {err}"), network()),
            }
        }
        Err(_) => fail(
            format!("TLS handshake took over {timeout:?} (is this a TLS listener?)"),
            network(),
        ),
    }
}

/// SASL and metadata through rskafka, then each topic's metadata.
async fn authenticate(
    options: &KafkaOptions,
    credentials: &KafkaCredentials,
    tls: Arc<rustls::ClientConfig>,
    timeout: Duration,
) -> Vec<Check> {
    let user = credentials.username.clone();
    let mechanism = options.mechanism;
    let pair = Credentials::new(
        user.clone(),
        credentials.password.expose_secret().to_owned(),
    );
    let sasl = match mechanism {
        Mechanism::Plain => SaslConfig::Plain(pair),
        Mechanism::ScramSha256 => SaslConfig::ScramSha256(pair),
        Mechanism::ScramSha512 => SaslConfig::ScramSha512(pair),
    };
    // rskafka retries a failed connection (a rejected password too) forever by default.
    // TCP and TLS already answered, so a few attempts are enough: the deadline bounds the
    // sum of the pauses between them.
    let backoff = BackoffConfig {
        init_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(1),
        base: 2.0,
        deadline: Some(timeout.min(Duration::from_secs(2))),
    };
    let scrub = |text: String| scrub(text, credentials.password.expose_secret());
    let built = tokio::time::timeout(
        timeout + Duration::from_secs(2),
        ClientBuilder::new(options.bootstrap.clone())
            .client_id("studio-doctor")
            .tls_config(tls)
            .sasl_config(sasl)
            .backoff_config(backoff)
            .build(),
    )
    .await;
    let client = match built {
        Ok(Ok(client)) => client,
        Ok(Err(err)) => return vec![sasl_failure(&scrub(err.to_string()), &user, mechanism)],
        Err(_) => {
            return vec![
                Check::new(
                    Group::Kafka,
                    "kafka-sasl",
                    Status::Fail,
                    format!("SASL {mechanism} as {user}: no answer within {timeout:?}"),
                )
                .hint(Hint::KafkaCredentials {
                    mechanism: mechanism.to_string(),
                }),
            ];
        }
    };
    let mut checks = vec![Check::new(
        Group::Kafka,
        "kafka-sasl",
        Status::Pass,
        format!(
            "authenticated as {user} with {mechanism} ({})",
            credentials.source
        ),
    )];
    match tokio::time::timeout(timeout, client.list_topics()).await {
        Ok(Ok(topics)) => checks.push(Check::new(
            Group::Kafka,
            "kafka-metadata",
            Status::Pass,
            format!("metadata: {} topic(s) visible to {user}", topics.len()),
        )),
        Ok(Err(err)) => checks.push(metadata_failure(&err, None, &user, &scrub)),
        Err(_) => checks.push(Check::new(
            Group::Kafka,
            "kafka-metadata",
            Status::Fail,
            format!("metadata: no answer within {timeout:?}"),
        )),
    }
    for topic in &options.topics {
        let found = tokio::time::timeout(
            timeout,
            client.partition_client(topic.clone(), 0, UnknownTopicHandling::Error),
        )
        .await;
        checks.push(match found {
            Ok(Ok(_)) => Check::new(
                Group::Kafka,
                "kafka-topic",
                Status::Pass,
                format!("topic {topic}: metadata readable by {user}"),
            ),
            Ok(Err(err)) => metadata_failure(&err, Some(topic), &user, &scrub),
            Err(_) => Check::new(
                Group::Kafka,
                "kafka-topic",
                Status::Fail,
                format!("topic {topic}: no answer within {timeout:?}"),
            ),
        });
    }
    checks
}

/// Replaces the password wherever a message might echo it.
fn scrub(text: String, password: &str) -> String {
    if password.is_empty() {
        text
    } else {
        text.replace(password, "***")
    }
}

/// Words a failed SASL step. rskafka hides the typed error behind its retry wrapper, so the
/// broker's error name is looked up in the message.
fn sasl_failure(text: &str, user: &str, mechanism: Mechanism) -> Check {
    let (detail, hint) = if text.contains("SaslAuthenticationFailed")
        || text.contains("Authentication failed")
    {
        (
            format!(
                "SASL {mechanism} as {user}: the broker rejected the credentials (wrong username or password?)"
            ),
            Hint::KafkaCredentials {
                mechanism: mechanism.to_string(),
            },
        )
    } else if text.contains("UnsupportedSaslMechanism") || text.contains("unsupported sasl") {
        (
            format!("SASL: the broker does not enable {mechanism}"),
            Hint::KafkaMechanism {
                mechanism: mechanism.to_string(),
            },
        )
    } else if text.contains("AuthorizationFailed") {
        (
            format!("SASL {mechanism} as {user}: authorization failed: {text}"),
            Hint::KafkaAcl {
                user: user.to_owned(),
                topic: None,
            },
        )
    } else {
        (
            format!("SASL {mechanism} as {user}: {text}"),
            Hint::KafkaCredentials {
                mechanism: mechanism.to_string(),
            },
        )
    };
    Check::new(Group::Kafka, "kafka-sasl", Status::Fail, detail).hint(hint)
}

fn metadata_failure(
    err: &KafkaError,
    topic: Option<&String>,
    user: &str,
    scrub: &dyn Fn(String) -> String,
) -> Check {
    let (name, what) = match topic {
        Some(topic) => ("kafka-topic", format!("topic {topic}")),
        None => ("kafka-metadata", "metadata".to_owned()),
    };
    let acl = || Hint::KafkaAcl {
        user: user.to_owned(),
        topic: topic.cloned(),
    };
    match err {
        KafkaError::ServerError {
            protocol_error:
                ProtocolError::TopicAuthorizationFailed | ProtocolError::ClusterAuthorizationFailed,
            ..
        } => Check::new(
            Group::Kafka,
            name,
            Status::Fail,
            format!("{what}: {user} is not authorized (no Describe ACL)"),
        )
        .hint(acl()),
        KafkaError::ServerError {
            protocol_error: ProtocolError::UnknownTopicOrPartition,
            ..
        } => Check::new(
            Group::Kafka,
            name,
            Status::Fail,
            format!("{what}: the topic does not exist"),
        )
        .hint(Hint::KafkaCreateTopic {
            topic: topic.cloned().unwrap_or_default(),
        }),
        other => Check::new(
            Group::Kafka,
            name,
            Status::Fail,
            format!("{what}: {}", scrub(other.to_string())),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bare_unshaded_module_is_flagged() {
        let shaded = format!("{SHADED_SCRAM_MODULE} required username=\"u\" password=\"p\";");
        let bare = format!("{UNSHADED_SCRAM_MODULE} required username=\"u\" password=\"p\";");
        let checks = jaas(&[
            ("a".into(), shaded),
            ("b".into(), bare),
            ("c".into(), "no login module".into()),
        ]);
        assert_eq!(checks.len(), 2);
        assert_eq!(checks[0].status, Status::Pass);
        assert_eq!(checks[1].status, Status::Fail);
        assert!(checks[1].detail.starts_with("b: "));
        assert!(!checks[1].detail.contains("password"));
    }

    #[test]
    fn mechanisms_parse_as_kafka_names_them() {
        assert_eq!("scram-sha-512".parse(), Ok(Mechanism::ScramSha512));
        assert_eq!("SCRAM_SHA_256".parse(), Ok(Mechanism::ScramSha256));
        assert_eq!(Mechanism::Plain.to_string(), "PLAIN");
        assert!("GSSAPI".parse::<Mechanism>().is_err());
    }

    #[test]
    fn a_bad_ca_bundle_is_reported() {
        assert!(tls_config("").unwrap_err().contains("no certificate"));
        assert!(scrub("a hunter2 b".into(), "hunter2") == "a *** b");
    }
}
