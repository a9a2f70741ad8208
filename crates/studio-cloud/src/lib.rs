//! GCP and Azure Workload Identity setup through the clouds' REST APIs: planned with reads
//! only, applied step by step, idempotent.
//!
//! ```no_run
//! use std::sync::Arc;
//! use studio_cloud::{GcpClient, GcpMode, GcpTarget, GoogleAdc, DEFAULT_BUCKET_ROLE};
//!
//! # async fn setup() -> studio_cloud::Result<()> {
//! let client = GcpClient::new(Arc::new(GoogleAdc::new()?))?
//!     .with_observer(Arc::new(|event| eprintln!("{event:?}")));
//! let target = GcpTarget {
//!     project: "sbx-stag".into(),
//!     namespace: "flink-studio".into(),
//!     kubernetes_service_account: "flink".into(),
//!     bucket: "sbx-stag-flink-storage".into(),
//!     bucket_role: DEFAULT_BUCKET_ROLE.into(),
//!     mode: GcpMode::ServiceAccount {
//!         email: "flink-gcs@sbx-stag.iam.gserviceaccount.com".into(),
//!     },
//! };
//! let plan = client.plan(&target).await?; // reads only
//! for step in &plan.steps {
//!     println!("{}: {}", step.resource, step.action);
//! }
//! if plan.has_changes() {
//!     let applied = client.apply(&target, &plan).await?;
//!     println!("{} change(s); annotate the KSA with {:?}", applied.changed(), applied.identities);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What it does
//!
//! - **GCP** ([`GcpClient`]): creates the Google service account if missing, grants
//!   `roles/iam.workloadIdentityUser` on it to `serviceAccount:PROJECT.svc.id.goog[NS/KSA]`,
//!   and grants the bucket role to the service account. In [`GcpMode::DirectPrincipal`] there is
//!   no Google service account: the bucket role goes to
//!   `principal://iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/PROJECT.svc.id.goog/subject/ns/NS/sa/KSA`.
//!   IAM policies are read-modify-written with their etag and retried on 409/412.
//! - **Azure** ([`AzureClient`]): reads the AKS OIDC issuer and the user-assigned identity,
//!   checks the container, creates or updates the federated identity credential
//!   (`system:serviceaccount:NS:KSA`, audience `api://AzureADTokenExchange`) and assigns
//!   "Storage Blob Data Contributor" on the storage account (a deterministic assignment name,
//!   and an existing assignment at the account or a parent scope counts).
//!
//! `plan` sends only reads; `apply` reports each step through [`Event`]s given to an observer
//! (this crate prints nothing); a second `plan` after `apply` has no changes. `check` turns a
//! plan into [`CheckResult`]s for `studio doctor`. HTTP 429 is retried with bounded backoff
//! ([`RetryPolicy`]); 403 becomes [`Error::PermissionDenied`] naming the permission and
//! resource; 404 becomes [`Error::NotFound`] saying what to create and how.
//!
//! # Credentials
//!
//! - GCP: [`GoogleAdc`], Application Default Credentials through Google's own
//!   `google-cloud-auth` crate (chosen over `gcp_auth`, which lacks external-account
//!   credentials, and `yup-oauth2`, which is hyper-based and duplicates our reqwest stack): it
//!   supports service-account keys, `gcloud auth application-default login`, workload identity
//!   federation, impersonation and the metadata server, caches tokens, and is built on the
//!   same reqwest 0.13 + rustls as this workspace (no OpenSSL).
//! - Azure: [`AzureCredentialChain`], hand-written (see its module docs for why): workload
//!   identity token file, managed identity (IMDS), Azure CLI, client secret.
//!
//! Tokens are [`secrecy::SecretString`]s, sent only in `Authorization` headers marked
//! sensitive, and never appear in `Debug`, `Display`, events or errors.
//!
//! Every endpoint (Google APIs, ARM, Entra authority, IMDS) is injectable, so tests run
//! against a local server.

mod azure;
mod azure_credentials;
mod error;
mod gcp;
mod google_adc;
mod http;
mod plan;
mod policy;
mod token;

pub use azure::{
    AKS_API_VERSION, AzureClient, AzureEndpoints, AzureTarget, IDENTITY_API_VERSION,
    ROLE_ASSIGNMENT_API_VERSION, STORAGE_API_VERSION, STORAGE_BLOB_DATA_CONTRIBUTOR,
    TOKEN_EXCHANGE_AUDIENCE,
};
pub use azure_credentials::{
    AzureCredential, AzureCredentialChain, IMDS_ENDPOINT, MANAGEMENT_RESOURCE, PUBLIC_AUTHORITY,
};
pub use error::{Error, Result};
pub use gcp::{
    DEFAULT_BUCKET_ROLE, GcpClient, GcpEndpoints, GcpMode, GcpTarget, WORKLOAD_IDENTITY_USER,
};
pub use google_adc::{CLOUD_PLATFORM_SCOPE, GoogleAdc};
pub use http::Observer;
pub use plan::{
    Action, Applied, CheckResult, CheckStatus, Event, Identities, Plan, RetryPolicy, RetryReason,
    Step, StepKind, StepOutcome,
};
pub use secrecy::SecretString;
pub use token::{StaticToken, TokenFuture, TokenSource};
