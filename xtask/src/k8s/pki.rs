//! The testbed's certificates and users, generated with rcgen (no openssl).

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

use anyhow::{Context, Result};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};

/// File names under `<state>/pki`.
pub const CA: &str = "ca.crt";
pub const SERVING_CERT: &str = "apiserver.crt";
pub const SERVING_KEY: &str = "apiserver.key";
pub const SA_KEY: &str = "sa.key";
pub const SA_PUB: &str = "sa.pub";
pub const TOKENS: &str = "tokens.csv";

/// The bearer tokens of the two users.
pub struct Users {
    /// `testbed-admin`, group `system:masters`.
    pub admin_token: String,
    /// `testbed-dev`, no groups beyond `system:authenticated`: RBAC tests.
    pub dev_token: String,
}

/// Writes the CA, the apiserver's serving certificate (IP SAN 127.0.0.1), the service-account
/// signing key and the token file.
pub fn generate(dir: &Path) -> Result<Users> {
    std::fs::create_dir_all(dir)?;
    let ca_key = KeyPair::generate()?;
    let mut ca = CertificateParams::new(Vec::<String>::new())?;
    ca.distinguished_name
        .push(DnType::CommonName, "flink-studio-testbed-ca");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca, ca_key);

    let serving_key = KeyPair::generate()?;
    let mut serving = CertificateParams::new(vec![
        "localhost".to_owned(),
        "kubernetes".to_owned(),
        "kubernetes.default".to_owned(),
        "kubernetes.default.svc".to_owned(),
        "kubernetes.default.svc.cluster.local".to_owned(),
    ])?;
    serving
        .subject_alt_names
        .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    serving
        .distinguished_name
        .push(DnType::CommonName, "kube-apiserver");
    serving.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    serving.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    let serving_cert = serving.signed_by(&serving_key, &issuer)?;

    let sa_key = KeyPair::generate()?;
    let users = Users {
        admin_token: random_token()?,
        dev_token: random_token()?,
    };
    write(dir, CA, ca_cert.pem())?;
    write(dir, SERVING_CERT, serving_cert.pem())?;
    write(dir, SERVING_KEY, serving_key.serialize_pem())?;
    write(dir, SA_KEY, sa_key.serialize_pem())?;
    write(dir, SA_PUB, sa_key.public_key_pem())?;
    write(
        dir,
        TOKENS,
        format!(
            "{},testbed-admin,testbed-admin,system:masters\n{},testbed-dev,testbed-dev\n",
            users.admin_token, users.dev_token
        ),
    )?;
    Ok(users)
}

fn write(dir: &Path, name: &str, text: String) -> Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

fn random_token() -> Result<String> {
    let mut bytes = [0u8; 24];
    let mut file = std::fs::File::open("/dev/urandom").context("opening /dev/urandom")?;
    std::io::Read::read_exact(&mut file, &mut bytes).context("reading /dev/urandom")?;
    Ok(hex::encode(bytes))
}

/// A kubeconfig for `user` with a bearer token.
pub fn kubeconfig(server: &str, ca: &Path, user: &str, token: &str, namespace: &str) -> String {
    format!(
        "apiVersion: v1
kind: Config
clusters:
- name: studio-testbed
  cluster:
    server: {server}
    certificate-authority: {ca}
users:
- name: {user}
  user:
    token: {token}
contexts:
- name: studio-testbed-{user}
  context:
    cluster: studio-testbed
    user: {user}
    namespace: {namespace}
current-context: studio-testbed-{user}
",
        ca = ca.display()
    )
}
