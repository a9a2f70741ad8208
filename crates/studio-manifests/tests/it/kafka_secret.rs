//! The Kafka Secret: CA bundle validation and a JKS truststore that Java's keytool reads.

use std::path::Path;
use std::process::Command;

use studio_manifests::secret::{self, KAFKA_KEYS, KafkaCredentials};

/// A self-signed CA certificate in PEM.
pub fn ca_pem(name: &str) -> String {
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let key = rcgen::KeyPair::generate().unwrap();
    params.self_signed(&key).unwrap().pem()
}

fn credentials(bundle: &str) -> KafkaCredentials {
    KafkaCredentials {
        username: "avnadmin".into(),
        password: "s3cr3t-Pa55".into(),
        ca_pem: bundle.as_bytes().to_vec(),
        certificates: secret::parse_ca_bundle(bundle.as_bytes(), Path::new("ca.pem")).unwrap(),
        truststore_password: "trust-me-123".into(),
    }
}

#[test]
fn every_certificate_of_the_bundle_is_validated_and_described() {
    let bundle = format!("{}{}", ca_pem("Aiven CA current"), ca_pem("Aiven CA next"));
    let certs = secret::parse_ca_bundle(bundle.as_bytes(), Path::new("ca.pem")).unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0].subject, "CN=Aiven CA current");
    assert_eq!(certs[1].subject, "CN=Aiven CA next");
    assert!(certs.iter().all(|c| c.is_ca && c.not_after > c.not_before));
}

#[test]
fn bad_bundles_name_the_file_and_block() {
    let cases = [
        ("", "no PEM certificate found"),
        ("hello\n", "no PEM certificate found"),
        (
            "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
            "PEM block 1 is a `PRIVATE KEY`",
        ),
        (
            "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
            "PEM block 1 is not an X.509 certificate",
        ),
    ];
    for (text, expected) in cases {
        let err = secret::parse_ca_bundle(text.as_bytes(), Path::new("/tmp/ca.pem"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/tmp/ca.pem: "), "{err}");
        assert!(err.contains(expected), "{text:?}: {err}");
    }
    let second_bad = format!(
        "{}-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
        ca_pem("ok")
    );
    let err = secret::parse_ca_bundle(second_bad.as_bytes(), Path::new("ca.pem"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("PEM block 2"), "{err}");
}

#[test]
fn the_secret_has_the_five_keys_and_debug_hides_values() {
    let creds = credentials(&ca_pem("CA"));
    let secret = secret::kafka_secret("aiven-credentials", "flink-studio", &creds);
    let keys: Vec<String> = secret::key_sizes(&secret)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let mut expected: Vec<&str> = KAFKA_KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    let data = secret.data.as_ref().unwrap();
    assert_eq!(data["password"].0, b"s3cr3t-Pa55");
    assert_eq!(data["username"].0, b"avnadmin");
    let debug = format!("{creds:?}");
    assert!(
        !debug.contains("s3cr3t") && !debug.contains("avnadmin"),
        "{debug}"
    );
    // Same input, same bytes: re-applying an unchanged bundle changes nothing.
    let again = secret::kafka_secret("aiven-credentials", "flink-studio", &creds);
    assert_eq!(again, secret);
}

#[test]
fn keytool_lists_every_certificate_of_the_truststore() {
    let bundle = format!("{}{}", ca_pem("Aiven CA current"), ca_pem("Aiven CA next"));
    let creds = credentials(&bundle);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("truststore.jks");
    std::fs::write(
        &path,
        secret::truststore(&creds.certificates, &creds.truststore_password),
    )
    .unwrap();
    let list = |password: &str| {
        Command::new("keytool")
            .args(["-list", "-v", "-keystore"])
            .arg(&path)
            .args(["-storepass", password])
            .output()
            .expect("keytool runs (a JDK is required for this test)")
    };
    let out = list("trust-me-123");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Your keystore contains 2 entries"),
        "{stdout}"
    );
    assert!(stdout.contains("Alias name: ca-0") && stdout.contains("Alias name: ca-1"));
    assert!(stdout.contains("CN=Aiven CA current") && stdout.contains("CN=Aiven CA next"));
    assert_eq!(stdout.matches("trustedCertEntry").count(), 2, "{stdout}");
    // The digest is keyed by the password: a wrong one is refused.
    let wrong = list("not-the-password");
    assert!(!wrong.status.success());
    let text = String::from_utf8_lossy(&wrong.stdout).to_string()
        + &String::from_utf8_lossy(&wrong.stderr);
    assert!(
        text.contains("password was incorrect") || text.contains("tampered"),
        "{text}"
    );
}
