//! GKE Workload Identity through the Resource Manager, IAM and Cloud Storage JSON APIs.

use std::sync::Arc;
use std::time::Instant;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;
use url::Url;

use crate::error::{Error, Result};
use crate::http::{Context, Http, Observer, Reply, endpoint};
use crate::plan::{
    Action, Applied, CheckResult, Event, Identities, Plan, RetryPolicy, RetryReason, Step,
    StepKind, StepOutcome, checks_from,
};
use crate::policy::Policy;
use crate::token::TokenSource;

/// The role that lets a Kubernetes service account impersonate a Google service account.
pub const WORKLOAD_IDENTITY_USER: &str = "roles/iam.workloadIdentityUser";
/// The default bucket role: read, write, list and delete objects (what Flink's checkpoints,
/// savepoints and HA metadata need), without bucket administration.
pub const DEFAULT_BUCKET_ROLE: &str = "roles/storage.objectAdmin";

/// How the Kubernetes service account reaches the bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GcpMode {
    /// The KSA impersonates a Google service account, which holds the bucket role. The KSA is
    /// annotated `iam.gke.io/gcp-service-account: EMAIL`.
    ServiceAccount {
        /// The Google service account, `NAME@PROJECT.iam.gserviceaccount.com`.
        email: String,
    },
    /// Workload Identity Federation for GKE: the bucket role is granted directly to
    /// `principal://…/subject/ns/NS/sa/KSA`. No Google service account, no annotation.
    DirectPrincipal,
}

/// What to set up on GCP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcpTarget {
    /// The project of the GKE cluster (its workload pool is `PROJECT.svc.id.goog`).
    pub project: String,
    /// Namespace of the Kubernetes service account.
    pub namespace: String,
    /// The Kubernetes service account Flink runs as.
    pub kubernetes_service_account: String,
    /// The bucket Flink writes to, without `gs://`.
    pub bucket: String,
    /// The role granted on the bucket, [`DEFAULT_BUCKET_ROLE`] unless told otherwise.
    pub bucket_role: String,
    /// Service-account impersonation or direct principal.
    pub mode: GcpMode,
}

impl GcpTarget {
    /// Checks every field's syntax, so no request goes out with a malformed name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTarget`] naming the field.
    pub fn validate(&self) -> Result<()> {
        check_project(&self.project)?;
        check_k8s_name("namespace", &self.namespace)?;
        check_k8s_name(
            "kubernetes service account",
            &self.kubernetes_service_account,
        )?;
        let bucket_ok = (3..=222).contains(&self.bucket.len())
            && self
                .bucket
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
        if !bucket_ok {
            return Err(invalid(
                "bucket",
                &self.bucket,
                "a bucket name is 3-222 characters of a-z, 0-9, -, _ and . (no gs://)",
            ));
        }
        if !self.bucket_role.starts_with("roles/") && !self.bucket_role.starts_with("projects/") {
            return Err(invalid(
                "bucket role",
                &self.bucket_role,
                "expected a role name such as roles/storage.objectAdmin",
            ));
        }
        if let GcpMode::ServiceAccount { email } = &self.mode {
            service_account_parts(email)?;
        }
        Ok(())
    }

    /// The workload pool, `PROJECT.svc.id.goog`.
    pub fn workload_pool(&self) -> String {
        format!("{}.svc.id.goog", self.project)
    }

    /// The member impersonating the Google service account:
    /// `serviceAccount:PROJECT.svc.id.goog[NS/KSA]`.
    pub fn workload_identity_member(&self) -> String {
        format!(
            "serviceAccount:{}[{}/{}]",
            self.workload_pool(),
            self.namespace,
            self.kubernetes_service_account
        )
    }

    /// The direct principal of the Kubernetes service account (needs the project number).
    pub fn direct_principal(&self, project_number: &str) -> String {
        format!(
            "principal://iam.googleapis.com/projects/{project_number}/locations/global/workloadIdentityPools/{}/subject/ns/{}/sa/{}",
            self.workload_pool(),
            self.namespace,
            self.kubernetes_service_account
        )
    }
}

/// `(account id, project)` of `NAME@PROJECT.iam.gserviceaccount.com`.
fn service_account_parts(email: &str) -> Result<(&str, &str)> {
    let reason = "expected NAME@PROJECT.iam.gserviceaccount.com with NAME 6-30 characters of \
                  a-z, 0-9 and -, starting with a letter";
    let (name, domain) = email
        .split_once('@')
        .ok_or_else(|| invalid("service account", email, reason))?;
    let project = domain
        .strip_suffix(".iam.gserviceaccount.com")
        .ok_or_else(|| invalid("service account", email, reason))?;
    let name_ok = (6..=30).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !name_ok {
        return Err(invalid("service account", email, reason));
    }
    check_project(project)?;
    Ok((name, project))
}

fn check_project(project: &str) -> Result<()> {
    let ok = (6..=30).contains(&project.len())
        && project.starts_with(|c: char| c.is_ascii_lowercase())
        && !project.ends_with('-')
        && project
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "project",
            project,
            "a project id is 6-30 characters of a-z, 0-9 and -, starting with a letter",
        ))
    }
}

pub(crate) fn check_k8s_name(field: &'static str, value: &str) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= 253
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            field,
            value,
            "a Kubernetes name is lowercase a-z, 0-9, - and .",
        ))
    }
}

pub(crate) fn invalid(field: &'static str, value: &str, reason: &str) -> Error {
    Error::InvalidTarget {
        field,
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The Google API base URLs; tests point them at a local server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcpEndpoints {
    /// Cloud Resource Manager, `https://cloudresourcemanager.googleapis.com`.
    pub resource_manager: Url,
    /// IAM, `https://iam.googleapis.com`.
    pub iam: Url,
    /// Cloud Storage JSON API, `https://storage.googleapis.com`.
    pub storage: Url,
}

impl GcpEndpoints {
    /// The public Google endpoints.
    ///
    /// # Errors
    ///
    /// Never in practice (the URLs are constants); kept fallible to avoid a panic path.
    pub fn google() -> Result<Self> {
        Ok(GcpEndpoints {
            resource_manager: parse("https://cloudresourcemanager.googleapis.com")?,
            iam: parse("https://iam.googleapis.com")?,
            storage: parse("https://storage.googleapis.com")?,
        })
    }

    /// All three APIs served from one base URL (a test server).
    pub fn all_at(base: &Url) -> Self {
        GcpEndpoints {
            resource_manager: base.clone(),
            iam: base.clone(),
            storage: base.clone(),
        }
    }
}

pub(crate) fn parse(url: &str) -> Result<Url> {
    Url::parse(url).map_err(|err| invalid("endpoint", url, &err.to_string()))
}

/// Where a policy lives.
enum Holder<'a> {
    ServiceAccount { project: &'a str, email: &'a str },
    Bucket(&'a str),
}

/// GCP Workload Identity planner and applier.
#[derive(Clone)]
pub struct GcpClient {
    http: Http,
    endpoints: GcpEndpoints,
}

impl std::fmt::Debug for GcpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GcpClient")
            .field("endpoints", &self.endpoints)
            .field("credentials", &self.http.token_source().describe())
            .finish_non_exhaustive()
    }
}

impl GcpClient {
    /// A client for the public Google APIs using `token` (e.g. [`crate::GoogleAdc`]).
    ///
    /// # Errors
    ///
    /// [`Error::Unreachable`] if the HTTP client cannot be built.
    pub fn new(token: Arc<dyn TokenSource>) -> Result<Self> {
        Ok(GcpClient {
            http: Http::new(token)?,
            endpoints: GcpEndpoints::google()?,
        })
    }

    /// Uses other base URLs (a test server).
    pub fn with_endpoints(mut self, endpoints: GcpEndpoints) -> Self {
        self.endpoints = endpoints;
        self
    }

    /// Bounds for 429, conflict and propagation retries (default [`RetryPolicy::default`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.http.retry = retry;
        self
    }

    /// Receives [`Event`]s while planning and applying.
    pub fn with_observer(mut self, observer: Observer) -> Self {
        self.http.set_observer(observer);
        self
    }

    /// Which credential signs the requests.
    pub fn credentials(&self) -> String {
        self.http.token_source().describe()
    }

    /// Reads the current state and says, for each resource, whether applying would create,
    /// update or leave it. Sends only reads (GET and `getIamPolicy`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTarget`], [`Error::PermissionDenied`] naming the permission,
    /// [`Error::NotFound`] for a missing project or bucket, transport and API errors.
    pub async fn plan(&self, target: &GcpTarget) -> Result<Plan> {
        target.validate()?;
        let mut steps = Vec::new();
        let bucket_member;
        let service_account;
        match &target.mode {
            GcpMode::ServiceAccount { email } => {
                let (_, project) = service_account_parts(email)?;
                let exists = self.service_account_exists(project, email).await?;
                steps.push(Step {
                    kind: StepKind::GoogleServiceAccount,
                    resource: format!("Google service account {email}"),
                    action: if exists {
                        Action::Unchanged
                    } else {
                        Action::Create
                    },
                    change: format!("create {email} in project {project}"),
                });
                let member = target.workload_identity_member();
                let granted = if exists {
                    self.read_policy(&Holder::ServiceAccount { project, email })
                        .await?
                        .grants(WORKLOAD_IDENTITY_USER, &member)
                } else {
                    false
                };
                steps.push(Step {
                    kind: StepKind::WorkloadIdentityUser,
                    resource: format!("IAM policy of {email}"),
                    action: if granted {
                        Action::Unchanged
                    } else {
                        Action::Update
                    },
                    change: format!("grant {WORKLOAD_IDENTITY_USER} to {member}"),
                });
                bucket_member = format!("serviceAccount:{email}");
                service_account = Some(email.clone());
            }
            GcpMode::DirectPrincipal => {
                let number = self.project_number(&target.project).await?;
                bucket_member = target.direct_principal(&number);
                service_account = None;
            }
        }
        let granted = self
            .read_policy(&Holder::Bucket(&target.bucket))
            .await?
            .grants(&target.bucket_role, &bucket_member);
        steps.push(Step {
            kind: StepKind::BucketRole,
            resource: format!("IAM policy of bucket gs://{}", target.bucket),
            action: if granted {
                Action::Unchanged
            } else {
                Action::Update
            },
            change: format!("grant {} to {bucket_member}", target.bucket_role),
        });
        Ok(Plan {
            steps,
            identities: Identities::Gcp {
                service_account,
                bucket_member,
            },
        })
    }

    /// Applies a plan made by [`GcpClient::plan`] for the same target, reporting each step.
    /// Policies are re-read and written with their etag, so grants made meanwhile by others
    /// are kept; conflicts are retried within the retry policy.
    ///
    /// # Errors
    ///
    /// As [`GcpClient::plan`], plus [`Error::Conflict`] when the retries run out. Steps before
    /// the failing one stay applied (and are reported through events); running again resumes.
    pub async fn apply(&self, target: &GcpTarget, plan: &Plan) -> Result<Applied> {
        target.validate()?;
        let Identities::Gcp { bucket_member, .. } = &plan.identities else {
            return Err(invalid(
                "plan",
                "Azure plan",
                "this plan was made for Azure, not GCP",
            ));
        };
        let mut done = Vec::new();
        let mut created_service_account = false;
        for step in &plan.steps {
            if step.action == Action::Unchanged {
                done.push((step.clone(), StepOutcome::Unchanged));
                continue;
            }
            self.http.emit(Event::Applying { step: step.clone() });
            let outcome = match (step.kind, &target.mode) {
                (StepKind::GoogleServiceAccount, GcpMode::ServiceAccount { email }) => {
                    let outcome = self.create_service_account(email).await?;
                    created_service_account = outcome == StepOutcome::Created;
                    outcome
                }
                (StepKind::WorkloadIdentityUser, GcpMode::ServiceAccount { email }) => {
                    let (_, project) = service_account_parts(email)?;
                    self.grant(
                        &Holder::ServiceAccount { project, email },
                        WORKLOAD_IDENTITY_USER,
                        &target.workload_identity_member(),
                        created_service_account,
                    )
                    .await?
                }
                (StepKind::BucketRole, _) => {
                    self.grant(
                        &Holder::Bucket(&target.bucket),
                        &target.bucket_role,
                        bucket_member,
                        false,
                    )
                    .await?
                }
                _ => {
                    return Err(invalid(
                        "plan",
                        &step.resource,
                        "this step does not belong to a GCP plan for this target",
                    ));
                }
            };
            self.http.emit(Event::Applied {
                step: step.clone(),
                outcome,
            });
            done.push((step.clone(), outcome));
        }
        Ok(Applied {
            steps: done,
            identities: plan.identities.clone(),
        })
    }

    /// Read-only checks for `studio doctor`: the service account exists, the Workload Identity
    /// binding is present, the bucket role is granted.
    pub async fn check(&self, target: &GcpTarget) -> Vec<CheckResult> {
        checks_from(self.plan(target).await)
    }

    async fn project_number(&self, project: &str) -> Result<String> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Project {
            project_number: String,
        }
        let url = endpoint(
            &self.endpoints.resource_manager,
            &format!("/v1/projects/{project}"),
        )?;
        let reply = self.http.send(Method::GET, &url, None).await?;
        if !reply.is_success() {
            return Err(reply.into_error(&Context {
                resource: &format!("project {project}"),
                permission: "resourcemanager.projects.get (roles/browser)",
                missing: &format!("project {project}"),
                create_with: "check the project id; gcloud projects list shows the ones you can see",
            }));
        }
        Ok(reply.json::<Project>()?.project_number)
    }

    async fn service_account_exists(&self, project: &str, email: &str) -> Result<bool> {
        let url = endpoint(
            &self.endpoints.iam,
            &format!("/v1/projects/{project}/serviceAccounts/{email}"),
        )?;
        let reply = self.http.send(Method::GET, &url, None).await?;
        match reply.status {
            status if status.is_success() => Ok(true),
            StatusCode::NOT_FOUND => Ok(false),
            _ => Err(reply.into_error(&Context {
                resource: &format!("service account {email}"),
                permission: "iam.serviceAccounts.get (roles/iam.serviceAccountViewer)",
                missing: &format!("project {project}"),
                create_with: "check the project in the service account's email",
            })),
        }
    }

    async fn create_service_account(&self, email: &str) -> Result<StepOutcome> {
        let (account_id, project) = service_account_parts(email)?;
        let url = endpoint(
            &self.endpoints.iam,
            &format!("/v1/projects/{project}/serviceAccounts"),
        )?;
        let body = json!({
            "accountId": account_id,
            "serviceAccount": {
                "displayName": "Flink SQL Studio",
                "description": "Flink checkpoints, savepoints and HA metadata through GKE Workload Identity (created by studio cloud setup)"
            }
        });
        let reply = self.http.send(Method::POST, &url, Some(&body)).await?;
        match reply.status {
            status if status.is_success() => Ok(StepOutcome::Created),
            // Created meanwhile (or by a retried request): that is the state we want.
            StatusCode::CONFLICT => Ok(StepOutcome::Unchanged),
            _ => Err(reply.into_error(&Context {
                resource: &format!("project {project}"),
                permission: "iam.serviceAccounts.create (roles/iam.serviceAccountCreator or roles/iam.serviceAccountAdmin)",
                missing: &format!("project {project}"),
                create_with: "check the project in the service account's email",
            })),
        }
    }

    fn policy_context<'a>(
        holder: &Holder<'a>,
        write: bool,
    ) -> (String, &'static str, String, String) {
        match holder {
            Holder::ServiceAccount { email, .. } => (
                format!("service account {email}"),
                if write {
                    "iam.serviceAccounts.setIamPolicy (roles/iam.serviceAccountAdmin)"
                } else {
                    "iam.serviceAccounts.getIamPolicy (roles/iam.serviceAccountAdmin)"
                },
                format!("service account {email}"),
                "studio cloud setup creates it; if it was deleted in the last 30 days, undelete it or pick another name".to_owned(),
            ),
            Holder::Bucket(bucket) => (
                format!("bucket gs://{bucket}"),
                if write {
                    "storage.buckets.setIamPolicy (roles/storage.admin)"
                } else {
                    "storage.buckets.getIamPolicy (roles/storage.admin)"
                },
                format!("bucket gs://{bucket}"),
                format!("gcloud storage buckets create gs://{bucket} --uniform-bucket-level-access --location REGION"),
            ),
        }
    }

    fn policy_url(&self, holder: &Holder<'_>, write: bool) -> Result<Url> {
        match holder {
            Holder::ServiceAccount { project, email } => {
                let verb = if write {
                    "setIamPolicy"
                } else {
                    "getIamPolicy"
                };
                let mut url = endpoint(
                    &self.endpoints.iam,
                    &format!("/v1/projects/{project}/serviceAccounts/{email}:{verb}"),
                )?;
                if !write {
                    url.query_pairs_mut()
                        .append_pair("options.requestedPolicyVersion", "3");
                }
                Ok(url)
            }
            Holder::Bucket(bucket) => {
                let mut url = endpoint(
                    &self.endpoints.storage,
                    &format!("/storage/v1/b/{bucket}/iam"),
                )?;
                if !write {
                    url.query_pairs_mut()
                        .append_pair("optionsRequestedPolicyVersion", "3");
                }
                Ok(url)
            }
        }
    }

    async fn read_policy_reply(&self, holder: &Holder<'_>) -> Result<Reply> {
        let url = self.policy_url(holder, false)?;
        let method = match holder {
            Holder::ServiceAccount { .. } => Method::POST,
            Holder::Bucket(_) => Method::GET,
        };
        self.http.send(method, &url, None).await
    }

    async fn read_policy(&self, holder: &Holder<'_>) -> Result<Policy> {
        let reply = self.read_policy_reply(holder).await?;
        if !reply.is_success() {
            let (resource, permission, missing, how) = Self::policy_context(holder, false);
            return Err(reply.into_error(&Context {
                resource: &resource,
                permission,
                missing: &missing,
                create_with: &how,
            }));
        }
        reply.json()
    }

    /// Etag read-modify-write granting `role` to `member`. Retries 409/412 (a concurrent
    /// writer won) and, right after creating a service account, 404 (not visible yet).
    async fn grant(
        &self,
        holder: &Holder<'_>,
        role: &str,
        member: &str,
        just_created: bool,
    ) -> Result<StepOutcome> {
        let (resource, permission, missing, how) = Self::policy_context(holder, true);
        let retry = self.http.retry;
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let reply = self.read_policy_reply(holder).await?;
            let (status, message, reason) = if reply.is_success() {
                let mut policy: Policy = reply.json()?;
                if !policy.grant(role, member) {
                    return Ok(StepOutcome::Unchanged);
                }
                let url = self.policy_url(holder, true)?;
                let (method, body) = match holder {
                    Holder::ServiceAccount { .. } => (Method::POST, json!({ "policy": policy })),
                    Holder::Bucket(_) => (
                        Method::PUT,
                        serde_json::to_value(&policy).map_err(|err| Error::Decode {
                            url: url.to_string(),
                            reason: err.to_string(),
                        })?,
                    ),
                };
                let written = self.http.send(method, &url, Some(&body)).await?;
                match written.status {
                    status if status.is_success() => return Ok(StepOutcome::Updated),
                    StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED => {
                        (written.status, written.message(), RetryReason::Conflict)
                    }
                    _ => {
                        return Err(written.into_error(&Context {
                            resource: &resource,
                            permission,
                            missing: &missing,
                            create_with: &how,
                        }));
                    }
                }
            } else if reply.status == StatusCode::NOT_FOUND && just_created {
                (reply.status, reply.message(), RetryReason::Propagation)
            } else {
                let (resource, permission, missing, how) = Self::policy_context(holder, false);
                return Err(reply.into_error(&Context {
                    resource: &resource,
                    permission,
                    missing: &missing,
                    create_with: &how,
                }));
            };
            let delay = retry.delay(attempt);
            if attempt >= retry.max_attempts || started.elapsed() + delay > retry.max_elapsed {
                return Err(match reason {
                    RetryReason::Propagation => Error::NotFound {
                        what: missing,
                        how: "it was just created but is still not visible; run setup again in a minute".to_owned(),
                        status: status.as_u16(),
                        message,
                    },
                    _ => Error::Conflict {
                        resource,
                        status: status.as_u16(),
                        attempts: attempt,
                        message,
                    },
                });
            }
            self.http.emit(Event::Retrying {
                resource: resource.clone(),
                reason,
                attempt,
                delay,
            });
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}
