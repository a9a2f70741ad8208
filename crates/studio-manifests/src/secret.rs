//! The Kafka credentials Secret (`studio secret kafka`): username, password, the CA bundle as
//! PEM, and a JKS truststore of every certificate in it, with the truststore's password.
//!
//! The builder is pure; it never renders a value into anything but the Secret itself, and
//! [`KafkaCredentials`]'s `Debug` hides the password.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::build::PART_OF;
use crate::error::{Error, Result};
use crate::jks::{self, TrustedCert};

/// Key of the Kafka username.
pub const USERNAME: &str = "username";
/// Key of the Kafka password.
pub const PASSWORD: &str = "password";
/// Key of the CA bundle (PEM), for `ssl.truststore.type = PEM`.
pub const CA_PEM: &str = "ca.pem";
/// Key of the JKS truststore holding every certificate of the CA bundle.
pub const TRUSTSTORE_JKS: &str = "truststore.jks";
/// Key of the truststore's password.
pub const TRUSTSTORE_PASSWORD: &str = "truststore.password";

/// Every key of the Kafka Secret, in the order they are listed.
pub const KAFKA_KEYS: [&str; 5] = [
    USERNAME,
    PASSWORD,
    CA_PEM,
    TRUSTSTORE_JKS,
    TRUSTSTORE_PASSWORD,
];

/// One certificate of a CA bundle, as validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaCertificate {
    /// The subject's distinguished name.
    pub subject: String,
    /// Start of validity, seconds since the epoch.
    pub not_before: i64,
    /// End of validity, seconds since the epoch.
    pub not_after: i64,
    /// Whether it carries `basicConstraints CA:true`.
    pub is_ca: bool,
    /// The DER encoding.
    pub der: Vec<u8>,
}

/// Parses a CA bundle: every PEM block must be an X.509 `CERTIFICATE`, and there must be at
/// least one. `file` names the bundle in errors.
///
/// # Errors
///
/// [`Error::Certificate`] naming the file and the block (1-based) that is not a certificate.
pub fn parse_ca_bundle(pem: &[u8], file: &Path) -> Result<Vec<CaCertificate>> {
    let fail = |reason: String| Error::Certificate {
        file: file.to_path_buf(),
        reason,
    };
    let mut certs = Vec::new();
    for (index, block) in x509_parser::pem::Pem::iter_from_buffer(pem).enumerate() {
        let number = index + 1;
        let block = block.map_err(|err| fail(format!("PEM block {number}: {err}")))?;
        if block.label != "CERTIFICATE" {
            let hint = if block.label.contains("PRIVATE KEY") {
                "; a private key does not belong in a CA bundle"
            } else {
                ""
            };
            return Err(fail(format!(
                "PEM block {number} is a `{}`, not a `CERTIFICATE`{hint}",
                block.label
            )));
        }
        let cert = block.parse_x509().map_err(|err| {
            fail(format!(
                "PEM block {number} is not an X.509 certificate: {err}"
            ))
        })?;
        certs.push(CaCertificate {
            subject: cert.subject().to_string(),
            not_before: cert.validity().not_before.timestamp(),
            not_after: cert.validity().not_after.timestamp(),
            is_ca: cert.is_ca(),
            der: block.contents.clone(),
        });
    }
    if certs.is_empty() {
        return Err(fail(
            "no PEM certificate found (expected -----BEGIN CERTIFICATE----- blocks)".into(),
        ));
    }
    Ok(certs)
}

/// What goes into the Kafka Secret.
#[derive(Clone)]
pub struct KafkaCredentials {
    /// SASL username.
    pub username: String,
    /// SASL password.
    pub password: String,
    /// The CA bundle as given (PEM text).
    pub ca_pem: Vec<u8>,
    /// The certificates parsed from it ([`parse_ca_bundle`]).
    pub certificates: Vec<CaCertificate>,
    /// Password of the generated JKS truststore.
    pub truststore_password: String,
}

impl fmt::Debug for KafkaCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KafkaCredentials")
            .field("username", &"<hidden>")
            .field("password", &"<hidden>")
            .field("certificates", &self.certificates.len())
            .finish_non_exhaustive()
    }
}

/// The JKS truststore of a CA bundle: one `ca-<n>` entry per certificate, dated by the
/// certificate's start of validity so that the same bundle always gives the same bytes.
pub fn truststore(certificates: &[CaCertificate], password: &str) -> Vec<u8> {
    let entries: Vec<TrustedCert> = certificates
        .iter()
        .enumerate()
        .map(|(index, cert)| TrustedCert {
            alias: format!("ca-{index}"),
            created_millis: u64::try_from(cert.not_before)
                .unwrap_or(0)
                .saturating_mul(1000),
            der: cert.der.clone(),
        })
        .collect();
    jks::truststore(&entries, password)
}

/// The Kafka credentials Secret with the keys of [`KAFKA_KEYS`].
pub fn kafka_secret(name: &str, namespace: &str, credentials: &KafkaCredentials) -> Secret {
    let data = BTreeMap::from([
        (
            USERNAME.to_owned(),
            ByteString(credentials.username.clone().into_bytes()),
        ),
        (
            PASSWORD.to_owned(),
            ByteString(credentials.password.clone().into_bytes()),
        ),
        (CA_PEM.to_owned(), ByteString(credentials.ca_pem.clone())),
        (
            TRUSTSTORE_JKS.to_owned(),
            ByteString(truststore(
                &credentials.certificates,
                &credentials.truststore_password,
            )),
        ),
        (
            TRUSTSTORE_PASSWORD.to_owned(),
            ByteString(credentials.truststore_password.clone().into_bytes()),
        ),
    ]);
    Secret {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            namespace: Some(namespace.to_owned()),
            labels: Some(BTreeMap::from([
                ("app.kubernetes.io/part-of".to_owned(), PART_OF.to_owned()),
                (
                    "app.kubernetes.io/component".to_owned(),
                    "kafka-credentials".to_owned(),
                ),
                (
                    "app.kubernetes.io/managed-by".to_owned(),
                    "flink-studio".to_owned(),
                ),
            ])),
            ..ObjectMeta::default()
        },
        type_: Some("Opaque".into()),
        data: Some(data),
        ..Secret::default()
    }
}

/// The Secret's keys and value sizes in bytes, for output that must not show values.
pub fn key_sizes(secret: &Secret) -> Vec<(String, usize)> {
    secret
        .data
        .iter()
        .flatten()
        .map(|(key, value)| (key.clone(), value.0.len()))
        .collect()
}
