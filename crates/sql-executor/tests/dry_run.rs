//! Snapshot tests of dry-run output for the example pipelines.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use sql_executor::{Plan, Source, Variables};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/pipelines")
}

/// Plans an example with `local.env`, naming it relative to the repo like a user would.
fn plan(example: &str, extra: &[(&str, &str)]) -> Plan {
    let dir = examples();
    let mut vars = Variables::new();
    vars.add_env_file(&dir.join("local.env")).unwrap();
    for (k, v) in extra {
        vars.set(*k, *v);
    }
    let text = std::fs::read_to_string(dir.join(example)).unwrap();
    Plan::build(
        &[Source::named(format!("examples/pipelines/{example}"), text)],
        &vars,
    )
    .unwrap()
}

fn text(plan: &Plan) -> String {
    let mut out = Vec::new();
    plan.write_text(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn json(plan: &Plan) -> String {
    let mut out = Vec::new();
    plan.write_json_lines(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn quickstart_text() {
    insta::assert_snapshot!(text(&plan("quickstart.sql", &[])));
}

#[test]
fn kafka_json_sink_json_lines() {
    let p = plan(
        "kafka-json-sink.sql",
        &[("BEHAVIOR_TOPIC", "behavior_test")],
    );
    let out = json(&p);
    assert!(!out.contains("local-placeholder-password"), "{out}");
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v.as_object().unwrap().len(), 5, "{line}");
    }
    insta::assert_snapshot!(out);
}

#[test]
fn kafka_avro_windowed_text() {
    insta::assert_snapshot!(text(&plan(
        "kafka-avro-windowed.sql",
        &[("KAFKA_PASSWORD", "s3cr3t!pa'ss")]
    )));
}

#[test]
fn missing_variables_are_all_reported() {
    let dir = examples();
    let text = std::fs::read_to_string(dir.join("kafka-json-sink.sql")).unwrap();
    let err = Plan::build(
        &[Source::named("kafka-json-sink.sql", text)],
        &Variables::new(),
    )
    .unwrap_err();
    insta::assert_snapshot!(err.to_string());
}
