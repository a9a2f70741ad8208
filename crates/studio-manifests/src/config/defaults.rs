//! Defaults: the seed guide's platform.
use super::*;

pub(super) fn namespace() -> String {
    "flink-studio".into()
}
pub(super) fn operator() -> OperatorVersion {
    OperatorVersion::V1_12_1
}
pub(super) fn operator_namespace() -> String {
    "flink-system".into()
}
pub(super) fn pull_policy() -> String {
    "IfNotPresent".into()
}
pub(super) fn cluster_name() -> String {
    "flink-session-cluster".into()
}
pub(super) fn flink_release() -> FlinkRelease {
    FlinkRelease {
        release: "2.0.0".into(),
        version: FlinkVersion::V2_0,
    }
}
pub(super) fn service_account() -> String {
    "flink".into()
}
pub(super) fn job_manager() -> JobManagerSettings {
    JobManagerSettings {
        memory: Memory::mebibytes(1536),
        cpu: Cpu::cores(1),
        replicas: 1,
    }
}
pub(super) fn task_manager() -> TaskManagerSettings {
    TaskManagerSettings {
        memory: Memory::mebibytes(8192),
        cpu: Cpu::cores(2),
        replicas: 4,
        slots: 2,
        local_state_volume: None,
    }
}
pub(super) fn one() -> i32 {
    1
}
pub(super) fn yes() -> bool {
    true
}
pub(super) fn storage_prefix() -> String {
    "flink".into()
}
pub(super) fn checkpoint_interval() -> String {
    "5min".into()
}
pub(super) fn savepoint_format() -> SavepointFormat {
    SavepointFormat::Native
}
pub(super) fn backend() -> StateBackendKind {
    StateBackendKind::Rocksdb
}
pub(super) fn kafka_secret() -> String {
    "aiven-credentials".into()
}
pub(super) fn kafka_mount() -> String {
    "/opt/flink/secrets/kafka".into()
}
pub(super) fn gateway_name() -> String {
    "flink-sql-gateway".into()
}
pub(super) fn gateway_port() -> i32 {
    8083
}
pub(super) fn idle_timeout() -> String {
    "30min".into()
}
pub(super) fn gateway_cpu() -> Cpu {
    Cpu::cores(1)
}
pub(super) fn gateway_memory() -> Memory {
    Memory::mebibytes(2048)
}
pub(super) fn quota_cpu() -> Cpu {
    Cpu::cores(16)
}
pub(super) fn quota_memory() -> Memory {
    Memory::mebibytes(48 * 1024)
}
pub(super) fn kafka_ports() -> Vec<i32> {
    vec![9092]
}
pub(super) fn anywhere() -> Vec<String> {
    vec!["0.0.0.0/0".into()]
}
