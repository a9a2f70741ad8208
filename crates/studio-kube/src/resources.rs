//! CPU and memory a platform needs, and Kubernetes quantities read back.

use k8s_openapi::api::core::v1::ResourceQuota;
use serde::Serialize;
use studio_manifests::config::{Cpu, Memory, StudioConfig};

/// What a platform asks of its namespace (requests equal limits in our manifests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Resources {
    /// TaskManagers counted.
    pub taskmanagers: i32,
    /// Task slots they give.
    pub slots: i32,
    /// Millicores.
    pub cpu_millis: u64,
    /// Bytes.
    pub memory_bytes: u64,
    /// Pods.
    pub pods: u64,
}

impl Resources {
    /// JobManager(s), `taskmanagers` (or the configured count) TaskManagers and the gateway.
    pub fn of_platform(config: &StudioConfig, taskmanagers: Option<i32>) -> Resources {
        let flink = &config.flink;
        let tms = taskmanagers.unwrap_or(flink.task_manager.replicas).max(0);
        let tm_count = u64::try_from(tms).unwrap_or(0);
        let jm_count = u64::try_from(flink.job_manager.replicas).unwrap_or(0);
        Resources {
            taskmanagers: tms,
            slots: tms.saturating_mul(flink.task_manager.slots),
            cpu_millis: flink.task_manager.cpu.millis() * tm_count
                + flink.job_manager.cpu.millis() * jm_count
                + config.gateway.cpu.millis(),
            memory_bytes: flink.task_manager.memory.bytes() * tm_count
                + flink.job_manager.memory.bytes() * jm_count
                + config.gateway.memory.bytes(),
            pods: tm_count + jm_count + 1,
        }
    }

    /// CPU as a quantity (`13`, `2500m`).
    pub fn cpu_text(&self) -> String {
        Cpu::from_millis(self.cpu_millis).to_quantity().0
    }

    /// Memory as a quantity, in GiB to a tenth where that is exact (`35.5Gi`).
    pub fn memory_text(&self) -> String {
        const GIB: u64 = 1024 * 1024 * 1024;
        let tenths = self.memory_bytes * 10;
        if self.memory_bytes >= GIB && tenths.is_multiple_of(GIB) {
            let value = tenths / GIB;
            if value.is_multiple_of(10) {
                format!("{}Gi", value / 10)
            } else {
                format!("{}.{}Gi", value / 10, value % 10)
            }
        } else {
            Memory::from_bytes(self.memory_bytes).to_quantity().0
        }
    }
}

/// One quota limit against what the platform needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaLimit {
    /// Quota name.
    pub quota: String,
    /// Resource, e.g. `limits.memory`.
    pub resource: String,
    /// Hard limit as the server holds it.
    pub hard: String,
    /// What the platform would need, as a quantity.
    pub needed: String,
    /// Whether it fits.
    pub fits: bool,
}

/// Every CPU, memory and pod limit of `quotas` against `needed`, in quota then resource
/// order. Limits the server holds in a form we cannot read are left out, not guessed.
pub fn quota_limits<'a>(
    quotas: impl IntoIterator<Item = &'a ResourceQuota>,
    needed: &Resources,
) -> Vec<QuotaLimit> {
    let mut limits = Vec::new();
    for quota in quotas {
        let name = quota.metadata.name.clone().unwrap_or_default();
        let Some(hard) = quota.spec.as_ref().and_then(|s| s.hard.as_ref()) else {
            continue;
        };
        for (resource, value) in hard {
            let (need, limit, needed_text) = match resource.as_str() {
                "requests.cpu" | "limits.cpu" | "cpu" => (
                    needed.cpu_millis,
                    quantity_cpu_millis(&value.0),
                    needed.cpu_text(),
                ),
                "requests.memory" | "limits.memory" | "memory" => (
                    needed.memory_bytes,
                    quantity_bytes(&value.0),
                    needed.memory_text(),
                ),
                "pods" => (needed.pods, value.0.parse().ok(), needed.pods.to_string()),
                _ => continue,
            };
            let Some(limit) = limit else { continue };
            limits.push(QuotaLimit {
                quota: name.clone(),
                resource: resource.clone(),
                hard: value.0.clone(),
                needed: needed_text,
                fits: need <= limit,
            });
        }
    }
    limits
}

/// Millicores of a CPU quantity (`2`, `500m`, `1.5`).
pub fn quantity_cpu_millis(text: &str) -> Option<u64> {
    Cpu::parse(text).ok().map(Cpu::millis)
}

/// Bytes of a memory quantity (`48Gi`, `1536Mi`, `2G`, `1000`).
pub fn quantity_bytes(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: f64 = match unit {
        "" => 1.0,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024.0f64.powi(4),
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "m" => 1e-3,
        _ => return None,
    };
    let bytes = (number * factor).round();
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::ResourceQuotaSpec;
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

    fn quota(name: &str, hard: &[(&str, &str)]) -> ResourceQuota {
        ResourceQuota {
            metadata: kube::api::ObjectMeta {
                name: Some(name.into()),
                ..Default::default()
            },
            spec: Some(ResourceQuotaSpec {
                hard: Some(
                    hard.iter()
                        .map(|(k, v)| ((*k).to_owned(), Quantity((*v).to_owned())))
                        .collect(),
                ),
                ..Default::default()
            }),
            status: None,
        }
    }

    #[test]
    fn quota_limits_compare_cpu_memory_and_pods_and_skip_the_rest() {
        let needed = Resources {
            taskmanagers: 2,
            slots: 8,
            cpu_millis: 5_000,
            memory_bytes: 10 * 1024 * 1024 * 1024,
            pods: 4,
        };
        let quotas = [quota(
            "team",
            &[
                ("limits.cpu", "4"),
                ("requests.memory", "16Gi"),
                ("pods", "4"),
                ("services", "1"),
                ("limits.memory", "lots"),
            ],
        )];
        let limits = quota_limits(&quotas, &needed);
        let verdicts: Vec<(&str, bool, &str)> = limits
            .iter()
            .map(|l| (l.resource.as_str(), l.fits, l.needed.as_str()))
            .collect();
        assert_eq!(
            verdicts,
            [
                ("limits.cpu", false, "5"),
                ("pods", true, "4"),
                ("requests.memory", true, "10Gi"),
            ]
        );
        assert!(limits.iter().all(|l| l.quota == "team"));
    }

    #[test]
    fn memory_reads_in_gibibytes() {
        let r = |bytes| Resources {
            taskmanagers: 0,
            slots: 0,
            cpu_millis: 0,
            memory_bytes: bytes,
            pods: 0,
        };
        assert_eq!(r(36352 * 1024 * 1024).memory_text(), "35.5Gi");
        assert_eq!(r(48 * 1024 * 1024 * 1024).memory_text(), "48Gi");
        assert_eq!(r(1536 * 1024 * 1024).memory_text(), "1.5Gi");
        assert_eq!(r(100 * 1024 * 1024).memory_text(), "100Mi");
        assert_eq!(
            quantity_bytes(&r(36352 * 1024 * 1024).memory_text()),
            Some(36352 * 1024 * 1024)
        );
    }

    #[test]
    fn quantities_parse_binary_and_decimal_units() {
        assert_eq!(quantity_bytes("48Gi"), Some(48 * 1024 * 1024 * 1024));
        assert_eq!(quantity_bytes("2G"), Some(2_000_000_000));
        assert_eq!(quantity_bytes("1536Mi"), Some(1536 * 1024 * 1024));
        assert_eq!(quantity_bytes("lots"), None);
        assert_eq!(quantity_cpu_millis("500m"), Some(500));
        assert_eq!(quantity_cpu_millis("16"), Some(16_000));
    }
}
