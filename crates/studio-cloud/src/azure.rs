//! AKS Workload Identity through Azure Resource Manager.

use std::sync::Arc;
use std::time::Instant;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;
use url::Url;

use crate::error::{Error, Result};
use crate::gcp::{check_k8s_name, invalid, parse};
use crate::http::{Context, Http, Observer, endpoint};
use crate::plan::{
    Action, Applied, CheckResult, Event, Identities, Plan, RetryPolicy, RetryReason, Step,
    StepKind, StepOutcome, checks_from,
};
use crate::token::TokenSource;

/// `api-version` of `Microsoft.ContainerService/managedClusters`.
pub const AKS_API_VERSION: &str = "2024-09-01";
/// `api-version` of `Microsoft.ManagedIdentity` (identities and federated credentials).
pub const IDENTITY_API_VERSION: &str = "2023-01-31";
/// `api-version` of `Microsoft.Authorization/roleAssignments`.
pub const ROLE_ASSIGNMENT_API_VERSION: &str = "2022-04-01";
/// `api-version` of `Microsoft.Storage` (blob containers).
pub const STORAGE_API_VERSION: &str = "2023-05-01";
/// The built-in role "Storage Blob Data Contributor".
pub const STORAGE_BLOB_DATA_CONTRIBUTOR: &str = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
/// The audience Azure Workload Identity tokens are issued for.
pub const TOKEN_EXCHANGE_AUDIENCE: &str = "api://AzureADTokenExchange";

/// What to set up on Azure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzureTarget {
    /// Subscription id (a GUID).
    pub subscription_id: String,
    /// Resource group of the AKS cluster.
    pub cluster_resource_group: String,
    /// The AKS cluster.
    pub cluster_name: String,
    /// Resource group of the user-assigned managed identity.
    pub identity_resource_group: String,
    /// The user-assigned managed identity Flink runs as (it must exist).
    pub identity_name: String,
    /// Resource group of the storage account.
    pub storage_resource_group: String,
    /// The ADLS Gen2 storage account.
    pub storage_account: String,
    /// The container Flink writes to.
    pub container: String,
    /// Namespace of the Kubernetes service account.
    pub namespace: String,
    /// The Kubernetes service account Flink runs as.
    pub kubernetes_service_account: String,
    /// Name of the federated identity credential on the managed identity.
    pub federated_credential_name: String,
}

impl AzureTarget {
    /// The default federated credential name for a namespace and service account.
    pub fn default_credential_name(namespace: &str, service_account: &str) -> String {
        format!("flink-studio-{namespace}-{service_account}")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .take(120)
            .collect()
    }

    /// The subject of the KSA's tokens: `system:serviceaccount:NS:KSA`.
    pub fn subject(&self) -> String {
        format!(
            "system:serviceaccount:{}:{}",
            self.namespace, self.kubernetes_service_account
        )
    }

    /// ARM id of the storage account: the role assignment's scope.
    pub fn storage_account_id(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Storage/storageAccounts/{}",
            self.subscription_id, self.storage_resource_group, self.storage_account
        )
    }

    fn identity_id(&self) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}",
            self.subscription_id, self.identity_resource_group, self.identity_name
        )
    }

    fn role_definition_id(&self) -> String {
        format!(
            "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{STORAGE_BLOB_DATA_CONTRIBUTOR}",
            self.subscription_id
        )
    }

    /// Checks every field's syntax, so no request goes out with a malformed name.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTarget`] naming the field.
    pub fn validate(&self) -> Result<()> {
        if !is_guid(&self.subscription_id) {
            return Err(invalid(
                "subscription",
                &self.subscription_id,
                "expected a subscription id (a GUID)",
            ));
        }
        for (field, value) in [
            ("cluster resource group", &self.cluster_resource_group),
            ("identity resource group", &self.identity_resource_group),
            ("storage resource group", &self.storage_resource_group),
            ("cluster", &self.cluster_name),
            ("identity", &self.identity_name),
        ] {
            let ok = !value.is_empty()
                && value.len() <= 90
                && value
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_.()".contains(c));
            if !ok {
                return Err(invalid(
                    field,
                    value,
                    "expected 1-90 letters, digits, -, _, ., ( or )",
                ));
            }
        }
        let account_ok = (3..=24).contains(&self.storage_account.len())
            && self
                .storage_account
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !account_ok {
            return Err(invalid(
                "storage account",
                &self.storage_account,
                "a storage account name is 3-24 lowercase letters and digits",
            ));
        }
        check_k8s_name("container", &self.container)?;
        check_k8s_name("namespace", &self.namespace)?;
        check_k8s_name(
            "kubernetes service account",
            &self.kubernetes_service_account,
        )?;
        let name = &self.federated_credential_name;
        let name_ok = (3..=120).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !name_ok {
            return Err(invalid(
                "federated credential name",
                name,
                "expected 3-120 characters of letters, digits, - and _, starting with a letter or digit",
            ));
        }
        Ok(())
    }
}

fn is_guid(text: &str) -> bool {
    uuid::Uuid::try_parse(text).is_ok() && text.len() == 36
}

/// The Azure Resource Manager base URL; tests point it at a local server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzureEndpoints {
    /// `https://management.azure.com`.
    pub resource_manager: Url,
}

impl AzureEndpoints {
    /// The public Azure cloud.
    ///
    /// # Errors
    ///
    /// Never in practice (the URL is a constant).
    pub fn public() -> Result<Self> {
        Ok(AzureEndpoints {
            resource_manager: parse("https://management.azure.com")?,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ManagedCluster {
    #[serde(default)]
    properties: ClusterProperties,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClusterProperties {
    #[serde(default)]
    oidc_issuer_profile: Option<OidcIssuerProfile>,
    #[serde(default)]
    security_profile: Option<SecurityProfile>,
}

#[derive(Debug, Deserialize)]
struct OidcIssuerProfile {
    #[serde(default)]
    enabled: bool,
    #[serde(default, rename = "issuerURL")]
    issuer_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SecurityProfile {
    #[serde(default)]
    workload_identity: Option<Enabled>,
}

#[derive(Debug, Deserialize)]
struct Enabled {
    #[serde(default)]
    enabled: bool,
}

#[derive(Debug, Deserialize)]
struct Identity {
    properties: IdentityProperties,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IdentityProperties {
    client_id: String,
    principal_id: String,
    tenant_id: String,
}

#[derive(Debug, Deserialize)]
struct FederatedCredential {
    properties: FederatedProperties,
}

#[derive(Debug, Deserialize)]
struct FederatedProperties {
    issuer: String,
    subject: String,
    #[serde(default)]
    audiences: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RoleAssignmentList {
    #[serde(default)]
    value: Vec<RoleAssignment>,
}

#[derive(Debug, Deserialize)]
struct RoleAssignment {
    properties: RoleAssignmentProperties,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleAssignmentProperties {
    role_definition_id: String,
    principal_id: String,
    scope: String,
}

/// Azure Workload Identity planner and applier.
#[derive(Clone)]
pub struct AzureClient {
    http: Http,
    endpoints: AzureEndpoints,
}

impl std::fmt::Debug for AzureClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AzureClient")
            .field("endpoints", &self.endpoints)
            .field("credentials", &self.http.token_source().describe())
            .finish_non_exhaustive()
    }
}

impl AzureClient {
    /// A client for public Azure using `token` (e.g. [`crate::AzureCredentialChain`]).
    ///
    /// # Errors
    ///
    /// [`Error::Unreachable`] if the HTTP client cannot be built.
    pub fn new(token: Arc<dyn TokenSource>) -> Result<Self> {
        Ok(AzureClient {
            http: Http::new(token)?,
            endpoints: AzureEndpoints::public()?,
        })
    }

    /// Uses another base URL (a test server).
    pub fn with_endpoints(mut self, endpoints: AzureEndpoints) -> Self {
        self.endpoints = endpoints;
        self
    }

    /// Bounds for 429 and conflict retries (default [`RetryPolicy::default`]).
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

    fn url(&self, path: &str, api_version: &str) -> Result<Url> {
        let mut url = endpoint(&self.endpoints.resource_manager, path)?;
        url.query_pairs_mut()
            .append_pair("api-version", api_version);
        Ok(url)
    }

    /// Reads the cluster's issuer, the identity, the container, the federated credential and
    /// the role assignments, and says what applying would do. Sends only GETs.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidTarget`], [`Error::Prerequisite`] when the cluster's OIDC issuer or
    /// workload identity is off, [`Error::NotFound`] for a missing cluster, identity or
    /// container (with how to create it), [`Error::PermissionDenied`], transport and API errors.
    pub async fn plan(&self, target: &AzureTarget) -> Result<Plan> {
        target.validate()?;
        let issuer = self.issuer(target).await?;
        let identity = self.identity(target).await?;
        let mut steps = vec![
            Step {
                kind: StepKind::ClusterIssuer,
                resource: format!("AKS cluster {} OIDC issuer", target.cluster_name),
                action: Action::Unchanged,
                change: format!("read {issuer}"),
            },
            Step {
                kind: StepKind::ManagedIdentity,
                resource: format!("managed identity {}", target.identity_name),
                action: Action::Unchanged,
                change: format!("read client id {}", identity.client_id),
            },
        ];
        self.container(target).await?;
        steps.push(Step {
            kind: StepKind::StorageContainer,
            resource: format!(
                "container {} in storage account {}",
                target.container, target.storage_account
            ),
            action: Action::Unchanged,
            change: "check it exists".to_owned(),
        });
        let subject = target.subject();
        let credential = self.federated_credential(target).await?;
        let action = match credential {
            None => Action::Create,
            Some(existing)
                if existing.properties.issuer == issuer
                    && existing.properties.subject == subject
                    && existing.properties.audiences == [TOKEN_EXCHANGE_AUDIENCE] =>
            {
                Action::Unchanged
            }
            Some(_) => Action::Update,
        };
        steps.push(Step {
            kind: StepKind::FederatedCredential,
            resource: format!(
                "federated credential {} on {}",
                target.federated_credential_name, target.identity_name
            ),
            action,
            change: format!("trust {subject} from {issuer} for {TOKEN_EXCHANGE_AUDIENCE}"),
        });
        let assigned = self.role_assigned(target, &identity.principal_id).await?;
        steps.push(Step {
            kind: StepKind::StorageRoleAssignment,
            resource: format!(
                "role assignment on storage account {}",
                target.storage_account
            ),
            action: if assigned {
                Action::Unchanged
            } else {
                Action::Create
            },
            change: format!(
                "grant Storage Blob Data Contributor to principal {}",
                identity.principal_id
            ),
        });
        Ok(Plan {
            steps,
            identities: Identities::Azure {
                client_id: identity.client_id,
                tenant_id: identity.tenant_id,
                principal_id: identity.principal_id,
                issuer,
            },
        })
    }

    /// Applies a plan made by [`AzureClient::plan`] for the same target, reporting each step.
    ///
    /// # Errors
    ///
    /// As [`AzureClient::plan`], plus [`Error::Conflict`] when concurrent federated-credential
    /// writes keep failing. Steps before the failing one stay applied; running again resumes.
    pub async fn apply(&self, target: &AzureTarget, plan: &Plan) -> Result<Applied> {
        target.validate()?;
        let Identities::Azure {
            principal_id,
            issuer,
            ..
        } = &plan.identities
        else {
            return Err(invalid(
                "plan",
                "GCP plan",
                "this plan was made for GCP, not Azure",
            ));
        };
        let mut done = Vec::new();
        for step in &plan.steps {
            if step.action == Action::Unchanged {
                done.push((step.clone(), StepOutcome::Unchanged));
                continue;
            }
            self.http.emit(Event::Applying { step: step.clone() });
            let outcome = match step.kind {
                StepKind::FederatedCredential => {
                    self.put_federated_credential(target, issuer).await?
                }
                StepKind::StorageRoleAssignment => {
                    self.create_role_assignment(target, principal_id).await?
                }
                _ => {
                    return Err(invalid(
                        "plan",
                        &step.resource,
                        "this step does not belong to an Azure plan",
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

    /// Read-only checks for `studio doctor`: issuer enabled, identity and container exist,
    /// federated credential present and right, storage role assigned.
    pub async fn check(&self, target: &AzureTarget) -> Vec<CheckResult> {
        checks_from(self.plan(target).await)
    }

    async fn issuer(&self, target: &AzureTarget) -> Result<String> {
        let url = self.url(
            &format!(
                "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ContainerService/managedClusters/{}",
                target.subscription_id, target.cluster_resource_group, target.cluster_name
            ),
            AKS_API_VERSION,
        )?;
        let reply = self.http.send(Method::GET, &url, None).await?;
        if !reply.is_success() {
            return Err(reply.into_error(&Context {
                resource: &format!("AKS cluster {}", target.cluster_name),
                permission: "Microsoft.ContainerService/managedClusters/read (Reader on the cluster)",
                missing: &format!(
                    "AKS cluster {} in resource group {}",
                    target.cluster_name, target.cluster_resource_group
                ),
                create_with: "check the cluster name and resource group (az aks list -o table)",
            }));
        }
        let cluster: ManagedCluster = reply.json()?;
        let enable = format!(
            "az aks update --resource-group {} --name {} --enable-oidc-issuer --enable-workload-identity",
            target.cluster_resource_group, target.cluster_name
        );
        let issuer = match cluster.properties.oidc_issuer_profile {
            Some(OidcIssuerProfile {
                enabled: true,
                issuer_url: Some(url),
            }) if !url.is_empty() => url,
            _ => {
                return Err(Error::Prerequisite {
                    what: format!(
                        "AKS cluster {} has no OIDC issuer enabled",
                        target.cluster_name
                    ),
                    how: format!("enable it with: {enable}"),
                });
            }
        };
        let workload_identity = cluster
            .properties
            .security_profile
            .and_then(|p| p.workload_identity)
            .is_some_and(|w| w.enabled);
        if !workload_identity {
            return Err(Error::Prerequisite {
                what: format!(
                    "AKS cluster {} does not have workload identity enabled",
                    target.cluster_name
                ),
                how: format!("enable it with: {enable}"),
            });
        }
        Ok(issuer)
    }

    async fn identity(&self, target: &AzureTarget) -> Result<IdentityProperties> {
        let url = self.url(&target.identity_id(), IDENTITY_API_VERSION)?;
        let reply = self.http.send(Method::GET, &url, None).await?;
        if !reply.is_success() {
            return Err(reply.into_error(&Context {
                resource: &format!("managed identity {}", target.identity_name),
                permission: "Microsoft.ManagedIdentity/userAssignedIdentities/read (Managed Identity Operator or Reader)",
                missing: &format!(
                    "managed identity {} in resource group {}",
                    target.identity_name, target.identity_resource_group
                ),
                create_with: &format!(
                    "az identity create --name {} --resource-group {}",
                    target.identity_name, target.identity_resource_group
                ),
            }));
        }
        Ok(reply.json::<Identity>()?.properties)
    }

    async fn container(&self, target: &AzureTarget) -> Result<()> {
        let url = self.url(
            &format!(
                "{}/blobServices/default/containers/{}",
                target.storage_account_id(),
                target.container
            ),
            STORAGE_API_VERSION,
        )?;
        let reply = self.http.send(Method::GET, &url, None).await?;
        if reply.is_success() {
            return Ok(());
        }
        Err(reply.into_error(&Context {
            resource: &format!("storage account {}", target.storage_account),
            permission: "Microsoft.Storage/storageAccounts/blobServices/containers/read (Reader on the storage account)",
            missing: &format!(
                "container {} in storage account {} (resource group {})",
                target.container, target.storage_account, target.storage_resource_group
            ),
            create_with: &format!(
                "az storage container create --auth-mode login --account-name {} --name {} (the account itself: az storage account create --name {} --resource-group {} --kind StorageV2 --hns true)",
                target.storage_account, target.container, target.storage_account, target.storage_resource_group
            ),
        }))
    }

    fn federated_credential_url(&self, target: &AzureTarget) -> Result<Url> {
        self.url(
            &format!(
                "{}/federatedIdentityCredentials/{}",
                target.identity_id(),
                target.federated_credential_name
            ),
            IDENTITY_API_VERSION,
        )
    }

    fn federated_context(target: &AzureTarget) -> (String, String, String) {
        (
            format!("managed identity {}", target.identity_name),
            format!("managed identity {}", target.identity_name),
            format!(
                "az identity create --name {} --resource-group {}",
                target.identity_name, target.identity_resource_group
            ),
        )
    }

    async fn federated_credential(
        &self,
        target: &AzureTarget,
    ) -> Result<Option<FederatedCredential>> {
        let url = self.federated_credential_url(target)?;
        let reply = self.http.send(Method::GET, &url, None).await?;
        match reply.status {
            status if status.is_success() => Ok(Some(reply.json()?)),
            StatusCode::NOT_FOUND => Ok(None),
            _ => {
                let (resource, missing, how) = Self::federated_context(target);
                Err(reply.into_error(&Context {
                    resource: &resource,
                    permission: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read (Managed Identity Operator or Reader)",
                    missing: &missing,
                    create_with: &how,
                }))
            }
        }
    }

    /// PUT is create-or-update, so retrying is safe. Azure rejects concurrent writes of
    /// federated credentials on one identity with 409; those are retried.
    async fn put_federated_credential(
        &self,
        target: &AzureTarget,
        issuer: &str,
    ) -> Result<StepOutcome> {
        let url = self.federated_credential_url(target)?;
        let body = json!({
            "properties": {
                "issuer": issuer,
                "subject": target.subject(),
                "audiences": [TOKEN_EXCHANGE_AUDIENCE],
            }
        });
        let (resource, missing, how) = Self::federated_context(target);
        let retry = self.http.retry;
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let reply = self.http.send(Method::PUT, &url, Some(&body)).await?;
            match reply.status {
                StatusCode::CREATED => return Ok(StepOutcome::Created),
                status if status.is_success() => return Ok(StepOutcome::Updated),
                StatusCode::CONFLICT => {
                    let delay = retry.delay(attempt);
                    if attempt >= retry.max_attempts
                        || started.elapsed() + delay > retry.max_elapsed
                    {
                        return Err(Error::Conflict {
                            resource,
                            status: 409,
                            attempts: attempt,
                            message: reply.message(),
                        });
                    }
                    self.http.emit(Event::Retrying {
                        resource: resource.clone(),
                        reason: RetryReason::Conflict,
                        attempt,
                        delay,
                    });
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                _ => {
                    return Err(reply.into_error(&Context {
                        resource: &resource,
                        permission: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write (Managed Identity Contributor)",
                        missing: &missing,
                        create_with: &how,
                    }));
                }
            }
        }
    }

    async fn role_assigned(&self, target: &AzureTarget, principal_id: &str) -> Result<bool> {
        if !is_guid(principal_id) {
            return Err(invalid(
                "principal id",
                principal_id,
                "the managed identity returned a principal id that is not a GUID",
            ));
        }
        let mut url = endpoint(
            &self.endpoints.resource_manager,
            &format!(
                "{}/providers/Microsoft.Authorization/roleAssignments",
                target.storage_account_id()
            ),
        )?;
        // OData wants %20 and %27, not form encoding; the GUID needs no escaping.
        url.set_query(Some(&format!(
            "api-version={ROLE_ASSIGNMENT_API_VERSION}&$filter=principalId%20eq%20%27{principal_id}%27"
        )));
        let reply = self.http.send(Method::GET, &url, None).await?;
        if !reply.is_success() {
            return Err(reply.into_error(&Context {
                resource: &format!("storage account {}", target.storage_account),
                permission: "Microsoft.Authorization/roleAssignments/read (Reader on the storage account)",
                missing: &format!(
                    "storage account {} in resource group {}",
                    target.storage_account, target.storage_resource_group
                ),
                create_with: &format!(
                    "az storage account create --name {} --resource-group {} --kind StorageV2 --hns true",
                    target.storage_account, target.storage_resource_group
                ),
            }));
        }
        let scope = target.storage_account_id().to_ascii_lowercase();
        let role = format!("/{STORAGE_BLOB_DATA_CONTRIBUTOR}");
        let list: RoleAssignmentList = reply.json()?;
        // An assignment at the account or any parent scope (resource group, subscription) counts.
        Ok(list.value.iter().any(|a| {
            let assigned_scope = a.properties.scope.to_ascii_lowercase();
            a.properties.principal_id.eq_ignore_ascii_case(principal_id)
                && a.properties
                    .role_definition_id
                    .to_ascii_lowercase()
                    .ends_with(&role)
                && (scope == assigned_scope
                    || assigned_scope == "/"
                    || scope.starts_with(&format!("{assigned_scope}/")))
        }))
    }

    async fn create_role_assignment(
        &self,
        target: &AzureTarget,
        principal_id: &str,
    ) -> Result<StepOutcome> {
        let scope = target.storage_account_id();
        let role = target.role_definition_id();
        // A name derived from scope, principal and role: a rerun PUTs the same assignment.
        let name = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            format!("{}|{principal_id}|{role}", scope.to_ascii_lowercase()).as_bytes(),
        );
        let url = self.url(
            &format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"),
            ROLE_ASSIGNMENT_API_VERSION,
        )?;
        let body = json!({
            "properties": {
                "roleDefinitionId": role,
                "principalId": principal_id,
                "principalType": "ServicePrincipal",
            }
        });
        let reply = self.http.send(Method::PUT, &url, Some(&body)).await?;
        match reply.status {
            status if status.is_success() => Ok(StepOutcome::Created),
            // RoleAssignmentExists: someone assigned it meanwhile, under another name.
            StatusCode::CONFLICT if reply.code().as_deref() == Some("RoleAssignmentExists") => {
                Ok(StepOutcome::Unchanged)
            }
            _ => Err(reply.into_error(&Context {
                resource: &format!("storage account {}", target.storage_account),
                permission: "Microsoft.Authorization/roleAssignments/write (Owner, User Access Administrator or Role Based Access Control Administrator on the storage account)",
                missing: &format!("storage account {}", target.storage_account),
                create_with: &format!(
                    "az storage account create --name {} --resource-group {} --kind StorageV2 --hns true",
                    target.storage_account, target.storage_resource_group
                ),
            })),
        }
    }
}
