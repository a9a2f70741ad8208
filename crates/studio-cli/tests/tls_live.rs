//! `studio sql` against the testbed's SQL Gateway behind a loopback TLS reverse proxy that
//! requires a bearer token (certificates generated here): flags, config file, failures,
//! and the token never shown.
//!
//! Run with `set -a; . target/testbed/env; set +a; cargo test -p studio-cli --test tls_live -- --ignored`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

const TOKEN: &str = "Bearer-Tok-3d9a61-never-shown";

/// A CA (its PEM for `--ca-cert`) and a server config with a leaf for 127.0.0.1 signed by it.
fn certificates() -> (String, ServerConfig) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "studio test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap();
    (ca.pem(), config)
}

/// Terminates TLS, answers 401 unless the request carries the token, then relays the
/// connection to `upstream`. (Each connection's first request is checked; the client sends
/// the token with every request.)
async fn proxy(listener: TcpListener, acceptor: TlsAcceptor, upstream: String) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            return;
        };
        let (acceptor, upstream) = (acceptor.clone(), upstream.clone());
        tokio::spawn(async move {
            let Ok(mut tls) = acceptor.accept(tcp).await else {
                return;
            };
            let mut head = Vec::new();
            let mut chunk = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                match tls.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => head.extend_from_slice(&chunk[..n]),
                }
            }
            let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
            let wanted = format!("authorization: bearer {}", TOKEN.to_ascii_lowercase());
            if !text.lines().any(|l| l.trim() == wanted) {
                let body = r#"{"errors":["proxy: a valid bearer token is required"]}"#;
                let response = format!(
                    "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
                return;
            }
            let Ok(mut up) = TcpStream::connect(&upstream).await else {
                return;
            };
            if up.write_all(&head).await.is_ok() {
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut up).await;
            }
        });
    }
}

/// Starts the proxy on a background runtime; returns its https URL.
fn start_proxy(config: ServerConfig) -> String {
    let gateway = std::env::var("STUDIO_GATEWAY_URL").expect(
        "STUDIO_GATEWAY_URL is not set: `cargo xtask testbed up` and `set -a; . target/testbed/env; set +a`",
    );
    let upstream = gateway
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let port = std_listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = TcpListener::from_std(std_listener).unwrap();
            proxy(listener, TlsAcceptor::from(Arc::new(config)), upstream).await;
        });
    });
    format!("https://127.0.0.1:{port}")
}

fn studio(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_studio"))
        .args(args)
        .env_remove("STUDIO_GATEWAY_URL")
        .env_remove("STUDIO_FLINK_URL")
        .output()
        .unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    eprintln!("--- {args:?}\n--- stdout\n{o}--- stderr\n{e}");
    assert!(
        !o.contains(TOKEN) && !e.contains(TOKEN),
        "the token leaked: {o}{e}"
    );
    (out.status.code(), o, e)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
#[ignore = "live: needs the local stack (cargo xtask testbed up)"]
fn sql_through_a_tls_proxy_that_requires_a_bearer_token() {
    let (ca_pem, config) = certificates();
    let url = start_proxy(config);
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, ca_pem).unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
    let sql = "SELECT 41 + 1 AS answer";
    // `studio sql --sql SQL` against the proxy, with these flags.
    let via_proxy = |flags: &[&str]| {
        let mut args = vec!["sql", "--sql", sql, "--sql-gateway-url", &url];
        args.extend_from_slice(flags);
        studio(&args)
    };

    // With the CA and the token: works, even with debug logs on.
    let (code, out, _) = via_proxy(&[
        "-o",
        "csv",
        "-vv",
        "--ca-cert",
        path(&ca),
        "--bearer-token-file",
        path(&token),
    ]);
    assert_eq!(code, Some(0));
    assert!(out.contains("answer") && out.contains("42"), "{out}");

    // The same from the seed's config.yaml.
    let config = dir.path().join("config.yaml");
    std::fs::write(
        &config,
        format!(
            "sql_gateway:\n  url: {url}\n  ca_cert: {}\n  bearer_token_file: {}\nlogging:\n  level: DEBUG\n",
            ca.display(),
            token.display()
        ),
    )
    .unwrap();
    let (code, out, _) = studio(&["sql", "--sql", sql, "-o", "csv", "--config", path(&config)]);
    assert_eq!(code, Some(0));
    assert!(out.contains("42"), "{out}");

    // Without the token: the proxy's 401, one clear error.
    let (code, _, err) = via_proxy(&["--ca-cert", path(&ca)]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "cannot open a session on the SQL Gateway at {url}"
        )) && err.contains("401")
            && err.contains("a valid bearer token is required"),
        "{err}"
    );

    // Without the CA: the certificate is not trusted; the gateway counts as unreachable.
    let (code, _, err) = via_proxy(&["--bearer-token-file", path(&token)]);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains(&url) && err.to_ascii_lowercase().contains("certificate"),
        "{err}"
    );

    // --insecure-skip-verify: works, with a loud warning.
    let (code, out, err) = via_proxy(&[
        "-o",
        "csv",
        "--insecure-skip-verify",
        "--bearer-token-file",
        path(&token),
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("42"), "{out}");
    assert!(err.contains("WARNING: --insecure-skip-verify"), "{err}");
}
