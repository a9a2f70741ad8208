//! Permissions: the user's (SelfSubjectAccessReview) and the Flink service account's
//! (SubjectAccessReview).

use super::*;

pub(super) fn permission(
    verb: &str,
    group: &str,
    resource: &str,
    namespace: Option<&str>,
) -> Permission {
    Permission {
        verb: verb.into(),
        group: group.into(),
        resource: resource.into(),
        namespace: namespace.map(str::to_owned),
    }
}

/// What `deploy`, `status`, `scale` and `cleanup` do with the platform's objects.
pub fn user_permissions(platform: &Platform) -> Vec<Permission> {
    let ns = Some(platform.namespace());
    let mut wanted = BTreeSet::new();
    for verb in ["get", "create", "patch"] {
        wanted.insert(permission(verb, "", "namespaces", None));
    }
    for object in platform.kube_objects().unwrap_or_default() {
        let scope = if object.namespaced { ns } else { None };
        for verb in ["get", "create", "patch", "delete"] {
            wanted.insert(permission(
                verb,
                &object.resource.group,
                &object.resource.plural,
                scope,
            ));
        }
    }
    for (verb, group, resource) in [
        ("get", "flink.apache.org", "flinkdeployments"),
        ("patch", "flink.apache.org", "flinkdeployments"),
        ("delete", "flink.apache.org", "flinkdeployments"),
        ("list", "", "pods"),
        ("list", "", "events"),
        ("list", "", "resourcequotas"),
        ("get", "apps", "deployments"),
        ("get", "", "services/proxy"),
    ] {
        wanted.insert(permission(verb, group, resource, ns));
    }
    wanted.insert(permission(
        "get",
        "apiextensions.k8s.io",
        "customresourcedefinitions",
        None,
    ));
    wanted.into_iter().collect()
}

/// What the Flink native session cluster and the gateway do with their service account.
pub fn service_account_permissions(platform: &Platform) -> Vec<Permission> {
    let ns = Some(platform.namespace());
    let mut wanted = Vec::new();
    for verb in ["get", "list", "watch"] {
        wanted.push(permission(verb, "", "services", ns));
    }
    for verb in ["get", "list", "watch", "create", "delete"] {
        wanted.push(permission(verb, "", "pods", ns));
    }
    for verb in ["get", "list", "watch", "create", "update", "delete"] {
        wanted.push(permission(verb, "", "configmaps", ns));
    }
    wanted.push(permission("get", "apps", "deployments", ns));
    wanted
}

fn attributes(p: &Permission) -> ResourceAttributes {
    let (resource, subresource) = match p.resource.split_once('/') {
        Some((r, s)) => (r.to_owned(), Some(s.to_owned())),
        None => (p.resource.clone(), None),
    };
    ResourceAttributes {
        verb: Some(p.verb.clone()),
        group: Some(p.group.clone()),
        resource: Some(resource),
        subresource,
        namespace: p.namespace.clone(),
        ..ResourceAttributes::default()
    }
}

pub(super) async fn rbac(target: &Target, platform: &Platform) -> crate::Result<Vec<Check>> {
    let ssar: kube::Api<SelfSubjectAccessReview> = kube::Api::all(target.client.clone());
    let mut missing = Vec::new();
    let wanted = user_permissions(platform);
    for p in &wanted {
        let review = SelfSubjectAccessReview {
            spec: SelfSubjectAccessReviewSpec {
                resource_attributes: Some(attributes(p)),
                ..Default::default()
            },
            ..Default::default()
        };
        let answer = ssar
            .create(&PostParams::default(), &review)
            .await
            .map_err(|err| {
                target.error(
                    err,
                    "asking SelfSubjectAccessReview",
                    "SelfSubjectAccessReview",
                    "",
                )
            })?;
        if !answer.status.is_some_and(|s| s.allowed) {
            missing.push(p.clone());
        }
    }
    let mut checks = vec![if missing.is_empty() {
        Check::new(
            Group::Rbac,
            "rbac-user",
            Status::Pass,
            format!(
                "user {} may do all {} things deploy, status, scale and cleanup need",
                target.user,
                wanted.len()
            ),
        )
    } else {
        Check::new(
            Group::Rbac,
            "rbac-user",
            Status::Fail,
            format!(
                "user {} lacks {} of {} permissions deploy, status, scale and cleanup need",
                target.user,
                missing.len(),
                wanted.len()
            ),
        )
        .hint(Hint::GrantUser { missing })
    }];
    checks.push(service_account_rbac(target, platform).await);
    Ok(checks)
}

async fn service_account_rbac(target: &Target, platform: &Platform) -> Check {
    let account = format!(
        "system:serviceaccount:{}:{}",
        platform.namespace(),
        platform.config.flink.service_account
    );
    let sar: kube::Api<SubjectAccessReview> = kube::Api::all(target.client.clone());
    let mut missing = Vec::new();
    for p in service_account_permissions(platform) {
        let review = SubjectAccessReview {
            spec: SubjectAccessReviewSpec {
                user: Some(account.clone()),
                groups: Some(vec![
                    "system:serviceaccounts".into(),
                    format!("system:serviceaccounts:{}", platform.namespace()),
                ]),
                resource_attributes: Some(attributes(&p)),
                ..Default::default()
            },
            ..Default::default()
        };
        match sar.create(&PostParams::default(), &review).await {
            Ok(answer) if answer.status.as_ref().is_some_and(|s| s.allowed) => {}
            Ok(_) => missing.push(p),
            Err(err) => {
                let err =
                    target.error(err, "asking SubjectAccessReview", "SubjectAccessReview", "");
                return Check::new(
                    Group::Rbac,
                    "rbac-service-account",
                    Status::Warn,
                    format!("cannot check the service account's permissions: {err}"),
                );
            }
        }
    }
    if missing.is_empty() {
        Check::new(
            Group::Rbac,
            "rbac-service-account",
            Status::Pass,
            format!("{account} may manage the session cluster's pods, services and config maps"),
        )
    } else {
        Check::new(
            Group::Rbac,
            "rbac-service-account",
            Status::Fail,
            format!(
                "{account} lacks {} permission(s); the gateway fails with \"services … forbidden\"",
                missing.len()
            ),
        )
        .hint(Hint::GrantServiceAccount { account, missing })
    }
}
