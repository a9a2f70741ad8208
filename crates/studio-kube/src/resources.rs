//! CPU and memory a platform needs, and Kubernetes quantities read back.

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
