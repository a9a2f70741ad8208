//! Every rendered FlinkDeployment validates against the operator CRD's `openAPIV3Schema`, for
//! operator 1.12.1 and 1.15.0.
//!
//! The CRD's structural schema is converted to JSON Schema: `x-kubernetes-int-or-string` becomes
//! integer-or-string, `x-kubernetes-preserve-unknown-fields` allows any members, `nullable` allows
//! null, and every other object with `properties` gets `additionalProperties: false` (the API
//! server's strict field validation rejects unknown fields the same way).

use serde_json::{Value, json};
use studio_manifests::config::{OperatorVersion, StudioConfig};

use super::support;

fn crd_schema(operator: &str, file: &str, kind: &str) -> Value {
    let path = support::crd_file(operator, file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let crd: Value = serde_saphyr::from_str(&text).unwrap();
    let version = crd["spec"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "v1beta1")
        .unwrap();
    let mut schema = to_json_schema(&version["schema"]["openAPIV3Schema"]);
    // Root fields the API server handles itself.
    let props = schema["properties"].as_object_mut().unwrap();
    props.insert(
        "apiVersion".into(),
        json!({"const": "flink.apache.org/v1beta1"}),
    );
    props.insert("kind".into(), json!({"const": kind}));
    props.insert("metadata".into(), json!({"type": "object"}));
    schema
}

fn to_json_schema(node: &Value) -> Value {
    let Value::Object(map) = node else {
        return node.clone();
    };
    if map.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
        return json!({"anyOf": [{"type": "integer"}, {"type": "string"}]});
    }
    let preserve = map.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true));
    let mut out = serde_json::Map::new();
    for (key, value) in map {
        match key.as_str() {
            k if k.starts_with("x-kubernetes-") => {}
            "properties" => {
                let props = value
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(name, child)| (name.clone(), to_json_schema(child)))
                    .collect();
                out.insert(key.clone(), Value::Object(props));
            }
            "items" | "additionalProperties" if value.is_object() => {
                out.insert(key.clone(), to_json_schema(value));
            }
            "anyOf" | "allOf" | "oneOf" => {
                out.insert(
                    key.clone(),
                    Value::Array(
                        value
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(to_json_schema)
                            .collect(),
                    ),
                );
            }
            // OpenAPI formats (int32, int64, double, …) are not JSON Schema formats.
            "format" | "nullable" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if map.get("nullable") == Some(&Value::Bool(true))
        && let Some(Value::String(ty)) = out.get("type").cloned()
    {
        out.insert("type".into(), json!([ty, "null"]));
    }
    if map.get("x-kubernetes-embedded-resource") == Some(&Value::Bool(true)) {
        let props = out.entry("properties").or_insert_with(|| json!({}));
        for field in ["apiVersion", "kind"] {
            props[field] = json!({"type": "string"});
        }
        props["metadata"] = json!({"type": "object"});
    }
    if out.contains_key("properties") && !preserve && !out.contains_key("additionalProperties") {
        out.insert("additionalProperties".into(), Value::Bool(false));
    }
    Value::Object(out)
}

fn deployment_validator(operator: &str) -> jsonschema::Validator {
    let schema = crd_schema(
        operator,
        "flinkdeployments.flink.apache.org-v1.yml",
        "FlinkDeployment",
    );
    jsonschema::draft4::new(&schema).unwrap()
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn rendered_deployment(config: &StudioConfig) -> Value {
    let objects = support::build(config);
    serde_json::to_value(support::flink_deployment(&objects)).unwrap()
}

fn configs() -> Vec<(&'static str, StudioConfig)> {
    vec![
        ("gcp", support::gcp()),
        ("aks", support::aks()),
        (
            "aks sbx-uat",
            support::load_example("aks.yaml", Some("sbx-uat")),
        ),
    ]
}

#[test]
fn rendered_flink_deployments_match_the_1_12_1_crd() {
    let validator = deployment_validator("1.12.1");
    for (name, config) in configs() {
        let found = errors(&validator, &rendered_deployment(&config));
        assert!(found.is_empty(), "{name} on 1.12.1: {found:#?}");
    }
}

#[test]
fn rendered_flink_deployments_match_the_1_15_0_crd() {
    let validator = deployment_validator("1.15.0");
    for (name, mut config) in configs() {
        config.operator = OperatorVersion::V1_15_0;
        let found = errors(&validator, &rendered_deployment(&config));
        assert!(found.is_empty(), "{name} on 1.15.0: {found:#?}");
        // Flink 2.2 on operator 1.15 with nested configuration.
        config.flink.version = "2.2.0".parse().unwrap();
        config
            .flink
            .configuration
            .insert("pipeline".into(), json!({"name": "studio"}));
        let found = errors(&validator, &rendered_deployment(&config));
        assert!(
            found.is_empty(),
            "{name} on 1.15.0 with Flink 2.2: {found:#?}"
        );
    }
}

#[test]
fn the_schema_check_rejects_what_the_operator_would() {
    let old = deployment_validator("1.12.1");
    let new = deployment_validator("1.15.0");
    let base = rendered_deployment(&support::gcp());

    let mut typo = base.clone();
    typo["spec"]["jobManager"]["replicaz"] = json!(1);
    assert!(
        !errors(&old, &typo).is_empty(),
        "an unknown field must be rejected"
    );

    let mut flink_2_2 = base.clone();
    flink_2_2["spec"]["flinkVersion"] = json!("v2_2");
    assert!(
        !errors(&old, &flink_2_2).is_empty(),
        "1.12.1 does not know v2_2"
    );
    assert!(errors(&new, &flink_2_2).is_empty(), "1.15.0 knows v2_2");

    let mut nested = base.clone();
    nested["spec"]["flinkConfiguration"]["pipeline"] = json!({"name": "x"});
    assert!(
        !errors(&old, &nested).is_empty(),
        "1.12.1 takes only string values"
    );
    assert!(
        errors(&new, &nested).is_empty(),
        "1.15.0 takes nested configuration"
    );

    let mut port = base;
    port["spec"]["taskManager"]["podTemplate"]["spec"]["containers"][0]["ports"] =
        json!([{"containerPort": "not-a-number"}]);
    assert!(
        !errors(&old, &port).is_empty(),
        "types inside the pod template are checked"
    );
}

#[test]
fn session_job_and_snapshot_types_match_their_crds() {
    use studio_manifests::crd::*;
    let job = FlinkSessionJob::new(
        "orders",
        FlinkSessionJobSpec {
            deployment_name: Some("flink-session-cluster".into()),
            job: Some(JobSpec {
                jar_uri: Some("local:///opt/flink/usrlib/job.jar".into()),
                parallelism: Some(2),
                upgrade_mode: Some(UpgradeMode::Savepoint),
                state: Some(JobState::Running),
                ..JobSpec::default()
            }),
            ..FlinkSessionJobSpec::default()
        },
    );
    let snapshot = FlinkStateSnapshot::new(
        "orders-sp",
        FlinkStateSnapshotSpec {
            job_reference: Some(JobReference {
                kind: Some(JobKind::FlinkSessionJob),
                name: Some("orders".into()),
            }),
            savepoint: Some(SavepointSnapshotSpec {
                format_type: Some(SavepointFormatType::Native),
                ..SavepointSnapshotSpec::default()
            }),
            backoff_limit: Some(1),
            ..FlinkStateSnapshotSpec::default()
        },
    );
    for operator in ["1.12.1", "1.15.0"] {
        let schema = crd_schema(
            operator,
            "flinksessionjobs.flink.apache.org-v1.yml",
            "FlinkSessionJob",
        );
        let validator = jsonschema::draft4::new(&schema).unwrap();
        let found = errors(&validator, &serde_json::to_value(&job).unwrap());
        assert!(found.is_empty(), "session job on {operator}: {found:#?}");
        let schema = crd_schema(
            operator,
            "flinkstatesnapshots.flink.apache.org-v1.yml",
            "FlinkStateSnapshot",
        );
        let validator = jsonschema::draft4::new(&schema).unwrap();
        let found = errors(&validator, &serde_json::to_value(&snapshot).unwrap());
        assert!(found.is_empty(), "snapshot on {operator}: {found:#?}");
    }
}
