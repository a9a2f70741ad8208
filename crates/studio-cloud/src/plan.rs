//! Plans, steps, progress events, applied outcomes and check results shared by both clouds.

use std::fmt;
use std::time::Duration;

/// What a step will do to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// The resource does not exist and will be created.
    Create,
    /// The resource exists and will be changed.
    Update,
    /// The resource is already as wanted (or is only read).
    Unchanged,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Unchanged => "unchanged",
        })
    }
}

/// The kind of resource a step manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StepKind {
    /// GCP: the Google service account.
    GoogleServiceAccount,
    /// GCP: `roles/iam.workloadIdentityUser` for the Kubernetes service account on the Google
    /// service account's IAM policy.
    WorkloadIdentityUser,
    /// GCP: the storage role on the bucket's IAM policy.
    BucketRole,
    /// Azure: the AKS cluster's OIDC issuer (read only).
    ClusterIssuer,
    /// Azure: the user-assigned managed identity (read only).
    ManagedIdentity,
    /// Azure: the storage container (read only).
    StorageContainer,
    /// Azure: the federated identity credential on the managed identity.
    FederatedCredential,
    /// Azure: the "Storage Blob Data Contributor" role assignment on the storage account.
    StorageRoleAssignment,
}

/// One resource in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What kind of resource.
    pub kind: StepKind,
    /// The resource, e.g. `serviceAccount flink-gcs@p.iam.gserviceaccount.com`.
    pub resource: String,
    /// What will happen to it.
    pub action: Action,
    /// The change in words, e.g. `grant roles/storage.objectAdmin to serviceAccount:…`.
    pub change: String,
}

/// The identities Kubernetes service accounts must be annotated with after setup.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Identities {
    /// GKE Workload Identity.
    Gcp {
        /// The Google service account the KSA impersonates (`iam.gke.io/gcp-service-account`);
        /// `None` in direct-principal mode, where the KSA needs no annotation.
        service_account: Option<String>,
        /// The IAM member granted the bucket role.
        bucket_member: String,
    },
    /// Azure Workload Identity.
    Azure {
        /// The managed identity's client id (`azure.workload.identity/client-id`).
        client_id: String,
        /// The managed identity's tenant (`azure.workload.identity/tenant-id`).
        tenant_id: String,
        /// The managed identity's principal (object) id, granted the storage role.
        principal_id: String,
        /// The AKS cluster's OIDC issuer URL the federated credential trusts.
        issuer: String,
    },
}

/// A setup plan: every resource and what applying it would do. Computed with reads only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The steps, in apply order.
    pub steps: Vec<Step>,
    /// The identities the setup results in.
    pub identities: Identities,
}

impl Plan {
    /// Whether applying would change anything.
    pub fn has_changes(&self) -> bool {
        self.steps.iter().any(|s| s.action != Action::Unchanged)
    }

    /// The step of a kind, if the plan has one.
    pub fn step(&self, kind: StepKind) -> Option<&Step> {
        self.steps.iter().find(|s| s.kind == kind)
    }
}

/// How a step ended when applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StepOutcome {
    /// Created.
    Created,
    /// Changed.
    Updated,
    /// Nothing to do (already as wanted, or it appeared concurrently).
    Unchanged,
}

/// Why a request is being retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryReason {
    /// HTTP 429.
    Throttled,
    /// An etag read-modify-write lost to a concurrent writer (HTTP 409/412).
    Conflict,
    /// A just-created resource is not visible yet (HTTP 404 right after a create).
    Propagation,
}

/// Progress reported while planning, applying or checking. The library prints nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A step is about to be applied.
    Applying {
        /// The step.
        step: Step,
    },
    /// A step was applied.
    Applied {
        /// The step.
        step: Step,
        /// How it ended.
        outcome: StepOutcome,
    },
    /// A request is retried after a delay.
    Retrying {
        /// The resource or request retried.
        resource: String,
        /// Why.
        reason: RetryReason,
        /// The attempt that failed (1-based).
        attempt: u32,
        /// How long until the next attempt.
        delay: Duration,
    },
}

/// The result of applying a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Every step with how it ended, in order.
    pub steps: Vec<(Step, StepOutcome)>,
    /// The identities to annotate Kubernetes service accounts with.
    pub identities: Identities,
}

impl Applied {
    /// How many steps changed something.
    pub fn changed(&self) -> usize {
        self.steps
            .iter()
            .filter(|(_, outcome)| *outcome != StepOutcome::Unchanged)
            .count()
    }
}

/// Whether a check passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CheckStatus {
    /// As wanted.
    Pass,
    /// Missing or different: `studio cloud setup` would change it.
    Fail,
    /// Could not be checked (permission, network, missing prerequisite).
    Error,
}

/// One read-only check of a cloud identity setup, for `studio doctor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// What was checked, e.g. `Google service account flink-gcs@p.iam.gserviceaccount.com`.
    pub name: String,
    /// The verdict.
    pub status: CheckStatus,
    /// Details: what is missing, or the error.
    pub detail: String,
}

/// Turns a plan (or the error that stopped planning) into check results.
pub(crate) fn checks_from(plan: crate::Result<Plan>) -> Vec<CheckResult> {
    match plan {
        Ok(plan) => plan
            .steps
            .into_iter()
            .map(|step| {
                let status = if step.action == Action::Unchanged {
                    CheckStatus::Pass
                } else {
                    CheckStatus::Fail
                };
                let detail = match step.action {
                    Action::Unchanged => "present".to_owned(),
                    action => format!("missing: setup would {action}: {}", step.change),
                };
                CheckResult {
                    name: step.resource,
                    status,
                    detail,
                }
            })
            .collect(),
        Err(err) => vec![CheckResult {
            name: "cloud identity".to_owned(),
            status: CheckStatus::Error,
            detail: err.to_string(),
        }],
    }
}

/// Bounds of every retry loop: attempts and total time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// Delay after the first failure; doubles after each.
    pub initial_delay: Duration,
    /// Cap on one delay (also caps a server's `Retry-After`).
    pub max_delay: Duration,
    /// Give up rather than sleep past this much time since the first attempt.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 6 attempts, 1 s doubling, at most 16 s per delay and 60 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(16),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The delay after failed attempt `attempt` (1-based).
    pub(crate) fn delay(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.initial_delay
            .saturating_mul(factor)
            .min(self.max_delay)
    }
}
