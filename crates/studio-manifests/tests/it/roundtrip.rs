//! Property: any valid configuration renders objects that parse back into the same typed
//! objects, in YAML and in JSON.

use std::path::Path;

use proptest::prelude::*;
use studio_manifests::build::PlatformObject;
use studio_manifests::config::{
    AksSettings, Cloud, Cpu, GcpSettings, LocalStateVolume, Memory, OperatorVersion, StudioConfig,
};
use studio_manifests::render::{OutputFormat, parse_yaml, render};

use super::support;

prop_compose! {
    fn valid_config()(
        aks in any::<bool>(),
        newer_operator in any::<bool>(),
        flink_minor in 0u32..3,
        cluster_name in "[a-z][a-z0-9-]{0,30}[a-z0-9]",
        namespace in "[a-z][a-z0-9-]{0,20}[a-z0-9]",
        jm_replicas in 1i32..3,
        ha in any::<bool>(),
        tm_replicas in 1i32..12,
        slots in 1i32..8,
        tm_memory_mib in 512u64..16_384,
        tm_cpu_millis in 100u64..4_000,
        local_volume in any::<bool>(),
        network in any::<bool>(),
        quota in any::<bool>(),
        extra_value in "[a-zA-Z0-9 ./:-]{0,20}",
    ) -> StudioConfig {
        let mut config = if aks { support::aks() } else { support::gcp() };
        config.operator = if newer_operator { OperatorVersion::V1_15_0 } else { OperatorVersion::V1_12_1 };
        let minor = if newer_operator { flink_minor } else { 0 };
        config.flink.version = format!("2.{minor}.1").parse().unwrap();
        config.flink.cluster_name = cluster_name;
        config.namespace = namespace;
        config.flink.job_manager.replicas = if ha { jm_replicas } else { 1 };
        config.flink.high_availability.enabled = ha;
        config.flink.task_manager.replicas = tm_replicas;
        config.flink.task_manager.slots = slots;
        config.flink.task_manager.memory = Memory::mebibytes(tm_memory_mib);
        config.flink.task_manager.cpu = Cpu::from_millis(tm_cpu_millis);
        config.flink.task_manager.local_state_volume =
            local_volume.then(|| LocalStateVolume { size: Memory::mebibytes(50 * 1024), storage_class: None });
        config.flink.configuration.insert("pipeline.name".into(), serde_json::Value::String(extra_value));
        config.network_policies.enabled = network;
        // Size the quota to what is asked (the quota rule has its own negative tests).
        config.quota.enabled = quota;
        config.quota.cpu = Cpu::cores(64);
        config.quota.memory = Memory::mebibytes(256 * 1024);
        if aks {
            config.gcp = None;
            assert!(matches!(config.aks, Some(AksSettings { .. })));
            config.cloud = Cloud::Aks;
        } else {
            config.aks = None;
            assert!(matches!(config.gcp, Some(GcpSettings { .. })));
        }
        config
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn valid_configs_render_objects_that_parse_back(config in valid_config()) {
        let objects = studio_manifests::build::build(&config, Path::new("prop.yaml")).unwrap();
        let yaml = render(&objects, OutputFormat::Yaml).unwrap();
        let parsed = parse_yaml(&yaml).unwrap();
        prop_assert_eq!(&parsed, &objects);

        let json: serde_json::Value = serde_json::from_str(&render(&objects, OutputFormat::Json).unwrap()).unwrap();
        let from_json: Vec<PlatformObject> = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| PlatformObject::from_value(item.clone()).unwrap())
            .collect();
        prop_assert_eq!(&from_json, &objects);
        prop_assert!(!yaml.contains("${"), "placeholder left in the output");
    }
}
