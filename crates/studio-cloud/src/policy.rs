//! IAM policies (Google IAM and Cloud Storage share the shape) and adding one binding.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An IAM policy. Unknown fields (`auditConfigs`, `kind`, `resourceId`, …) are kept so a
/// read-modify-write never drops what it did not understand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Policy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) bindings: Vec<Binding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) etag: Option<String>,
    #[serde(flatten)]
    pub(crate) other: Map<String, Value>,
}

/// A role granted to members, optionally under a condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Binding {
    pub(crate) role: String,
    #[serde(default)]
    pub(crate) members: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) condition: Option<Value>,
    #[serde(flatten)]
    pub(crate) other: Map<String, Value>,
}

impl Policy {
    /// Whether `member` holds `role` unconditionally.
    pub(crate) fn grants(&self, role: &str, member: &str) -> bool {
        self.bindings.iter().any(|b| {
            b.role == role && b.condition.is_none() && b.members.iter().any(|m| m == member)
        })
    }

    /// Adds `member` to the unconditional binding of `role`, creating it if needed.
    /// Returns false when it was already there.
    pub(crate) fn grant(&mut self, role: &str, member: &str) -> bool {
        if self.grants(role, member) {
            return false;
        }
        match self
            .bindings
            .iter_mut()
            .find(|b| b.role == role && b.condition.is_none())
        {
            Some(binding) => binding.members.push(member.to_owned()),
            None => self.bindings.push(Binding {
                role: role.to_owned(),
                members: vec![member.to_owned()],
                condition: None,
                other: Map::new(),
            }),
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_adds_to_the_existing_unconditional_binding_and_keeps_unknown_fields() {
        let mut policy: Policy = serde_json::from_value(serde_json::json!({
            "version": 3,
            "etag": "BwX=",
            "auditConfigs": [{"service": "allServices"}],
            "bindings": [
                {"role": "roles/x", "members": ["user:a@b.c"], "condition": {"title": "t"}},
                {"role": "roles/x", "members": ["user:d@e.f"]}
            ]
        }))
        .unwrap();
        assert!(policy.grant("roles/x", "serviceAccount:s@p.iam.gserviceaccount.com"));
        assert!(!policy.grant("roles/x", "serviceAccount:s@p.iam.gserviceaccount.com"));
        assert_eq!(
            serde_json::to_value(&policy).unwrap(),
            serde_json::json!({
                "version": 3,
                "etag": "BwX=",
                "auditConfigs": [{"service": "allServices"}],
                "bindings": [
                    {"role": "roles/x", "members": ["user:a@b.c"], "condition": {"title": "t"}},
                    {"role": "roles/x", "members": ["user:d@e.f", "serviceAccount:s@p.iam.gserviceaccount.com"]}
                ]
            })
        );
    }

    #[test]
    fn a_conditional_grant_does_not_count() {
        let policy: Policy = serde_json::from_value(serde_json::json!({
            "bindings": [{"role": "roles/x", "members": ["user:a@b.c"], "condition": {"title": "t"}}]
        }))
        .unwrap();
        assert!(!policy.grants("roles/x", "user:a@b.c"));
    }
}
