//! The Azure credential chain against fake token files, a fake `az` and loopback token
//! endpoints: exact form bodies, fall-through order, caching, and no secret in any message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use secrecy::ExposeSecret;
use studio_cloud::{AzureCredential, AzureCredentialChain, Error, SecretString, TokenSource};
use url::Url;
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT: &str = "911d60a1-3770-40cb-978b-8b7342bf02b8";
const ASSERTION: &str = "eyJhbGciOiJSUzI1NiJ9.federated-assertion.sig";
const WI_TOKEN: &str = "wi-access-token-secret-1";
const MI_TOKEN: &str = "mi-access-token-secret-2";
const CLI_TOKEN: &str = "cli-access-token-secret-3";
const SECRET: &str = "client-secret-value~do-not-print";

fn write_token_file(dir: &Path) -> PathBuf {
    let file = dir.join("azure-identity-token");
    std::fs::write(&file, format!("{ASSERTION}\n")).unwrap();
    file
}

fn fake_az(dir: &Path, script: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let program = dir.join("az");
    std::fs::write(&program, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    program
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn base(server: &MockServer) -> Url {
    Url::parse(&format!("{}/", server.uri())).unwrap()
}

#[tokio::test]
async fn workload_identity_exchanges_the_token_file_and_caches_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(form(&[
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", ASSERTION),
            ("client_id", CLIENT),
            ("grant_type", "client_credentials"),
            ("scope", "https://management.azure.com/.default"),
        ])))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token_type": "Bearer", "expires_in": 3599, "access_token": WI_TOKEN
        })))
        .expect(1)
        .mount(&server)
        .await;
    let env = BTreeMap::from([
        (
            "AZURE_FEDERATED_TOKEN_FILE".to_owned(),
            write_token_file(dir.path()).display().to_string(),
        ),
        ("AZURE_CLIENT_ID".to_owned(), CLIENT.to_owned()),
        ("AZURE_TENANT_ID".to_owned(), TENANT.to_owned()),
        ("AZURE_AUTHORITY_HOST".to_owned(), base(&server).to_string()),
    ]);
    let chain = AzureCredentialChain::from_env(&env).unwrap();
    assert_eq!(chain.token().await.unwrap().expose_secret(), WI_TOKEN);
    // Cached: the mock expects exactly one exchange.
    assert_eq!(chain.token().await.unwrap().expose_secret(), WI_TOKEN);
    assert_eq!(chain.describe(), "Azure workload identity");
    assert!(!format!("{chain:?}").contains(ASSERTION));
}

#[test]
fn from_env_builds_the_chain_in_order_only_from_complete_settings() {
    let names = |env: &[(&str, &str)]| {
        let env: BTreeMap<String, String> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        AzureCredentialChain::from_env(&env)
            .unwrap()
            .credentials()
            .iter()
            .map(AzureCredential::name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&[]), ["managed identity", "Azure CLI"]);
    // A token file without a tenant is not workload identity.
    assert_eq!(
        names(&[
            ("AZURE_FEDERATED_TOKEN_FILE", "/t"),
            ("AZURE_CLIENT_ID", CLIENT)
        ]),
        ["managed identity", "Azure CLI"]
    );
    assert_eq!(
        names(&[
            ("AZURE_FEDERATED_TOKEN_FILE", "/t"),
            ("AZURE_CLIENT_ID", CLIENT),
            ("AZURE_TENANT_ID", TENANT),
            ("AZURE_CLIENT_SECRET", SECRET),
        ]),
        [
            "workload identity",
            "managed identity",
            "Azure CLI",
            "client secret"
        ]
    );
    let env = BTreeMap::from([
        ("AZURE_CLIENT_ID".to_owned(), CLIENT.to_owned()),
        ("AZURE_TENANT_ID".to_owned(), TENANT.to_owned()),
        ("AZURE_CLIENT_SECRET".to_owned(), SECRET.to_owned()),
    ]);
    let chain = AzureCredentialChain::from_env(&env).unwrap();
    assert!(!format!("{chain:?}").contains(SECRET), "{chain:?}");
}

#[tokio::test]
async fn falls_through_an_unreadable_token_file_to_managed_identity() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/metadata/identity/oauth2/token"))
        .and(query_param("api-version", "2018-02-01"))
        .and(query_param("resource", "https://management.azure.com"))
        .and(query_param("client_id", CLIENT))
        .and(header("metadata", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": MI_TOKEN, "expires_in": "86399", "token_type": "Bearer"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let chain = AzureCredentialChain::new(vec![
        AzureCredential::WorkloadIdentity {
            authority: base(&server),
            tenant_id: TENANT.into(),
            client_id: CLIENT.into(),
            token_file: PathBuf::from("/nonexistent/azure-identity-token"),
        },
        AzureCredential::ManagedIdentity {
            endpoint: base(&server),
            client_id: Some(CLIENT.into()),
        },
    ])
    .unwrap();
    assert_eq!(chain.token().await.unwrap().expose_secret(), MI_TOKEN);
    assert_eq!(chain.describe(), "Azure managed identity");
}

#[tokio::test]
async fn azure_cli_token_after_managed_identity_fails() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/metadata/identity/oauth2/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_request", "error_description": "Identity not found"
        })))
        .mount(&server)
        .await;
    let az = fake_az(
        dir.path(),
        &format!(
            r#"[ "$*" = "account get-access-token --output json --resource https://management.azure.com" ] || exit 9
echo '{{"accessToken": "{CLI_TOKEN}", "expiresOn": "2099-01-01 00:00:00.000000", "expires_on": 4070908800, "subscription": "s", "tenant": "t", "tokenType": "Bearer"}}'"#
        ),
    );
    let chain = AzureCredentialChain::new(vec![
        AzureCredential::ManagedIdentity {
            endpoint: base(&server),
            client_id: None,
        },
        AzureCredential::AzureCli { program: az },
    ])
    .unwrap();
    assert_eq!(chain.token().await.unwrap().expose_secret(), CLI_TOKEN);
    assert_eq!(chain.describe(), "Azure Azure CLI");
}

#[tokio::test]
async fn client_secret_form_is_exact() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .and(body_string(form(&[
            ("client_id", CLIENT),
            ("client_secret", SECRET),
            ("grant_type", "client_credentials"),
            ("scope", "https://management.azure.com/.default"),
        ])))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "secret-flow-token", "expires_in": 3599
        })))
        .expect(1)
        .mount(&server)
        .await;
    let chain = AzureCredentialChain::new(vec![AzureCredential::ClientSecret {
        authority: base(&server),
        tenant_id: TENANT.into(),
        client_id: CLIENT.into(),
        secret: SecretString::from(SECRET),
    }])
    .unwrap();
    assert_eq!(
        chain.token().await.unwrap().expose_secret(),
        "secret-flow-token"
    );
}

#[tokio::test]
async fn when_every_credential_fails_the_error_lists_each_reason_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/{TENANT}/oauth2/v2.0/token")))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "AADSTS7000215: Invalid client secret provided.",
            "echo": SECRET
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/metadata/identity/oauth2/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_request", "error_description": "Identity not found"
        })))
        .mount(&server)
        .await;
    let az = fake_az(
        dir.path(),
        "echo 'ERROR: Please run az login to setup account.' >&2; exit 1",
    );
    let chain = AzureCredentialChain::new(vec![
        AzureCredential::WorkloadIdentity {
            authority: base(&server),
            tenant_id: TENANT.into(),
            client_id: CLIENT.into(),
            token_file: write_token_file(dir.path()),
        },
        AzureCredential::ManagedIdentity {
            endpoint: base(&server),
            client_id: None,
        },
        AzureCredential::AzureCli { program: az },
        AzureCredential::ClientSecret {
            authority: base(&server),
            tenant_id: TENANT.into(),
            client_id: CLIENT.into(),
            secret: SecretString::from(SECRET),
        },
    ])
    .unwrap();
    let err = chain.token().await.unwrap_err();
    let Error::NoCredentials { cloud, attempts } = &err else {
        panic!("expected no credentials, got {err:?}");
    };
    assert_eq!(*cloud, "Azure");
    assert_eq!(attempts.len(), 4, "{attempts:?}");
    assert!(attempts[0].starts_with("workload identity: HTTP 401"));
    assert!(attempts[0].contains("AADSTS7000215"));
    assert!(attempts[1].contains("Identity not found"));
    assert!(attempts[2].contains("Please run az login"));
    assert!(attempts[3].starts_with("client secret: HTTP 401"));
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(SECRET) && !shown.contains(ASSERTION),
        "{shown}"
    );
}

#[tokio::test]
async fn a_hanging_az_is_cut_off_by_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let az = fake_az(dir.path(), "exec sleep 30");
    let chain = AzureCredentialChain::new(vec![AzureCredential::AzureCli { program: az }])
        .unwrap()
        .with_cli_timeout(std::time::Duration::from_millis(300));
    let err = chain.token().await.unwrap_err();
    assert!(err.to_string().contains("did not finish within"), "{err}");
}
