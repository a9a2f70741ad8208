//! Memory sizes and CPU amounts, accepted in Flink's and Kubernetes' syntax.

use std::fmt;

use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A memory size in bytes.
///
/// Parses Flink sizes (`1536m`, `8g`, `512mb`; the letters are binary multiples, case-insensitive,
/// as Flink reads them) and Kubernetes binary quantities (`8Gi`, `1536Mi`). A bare number is bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Memory(u64);

const KIB: u64 = 1024;
const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * 1024 * 1024;
const TIB: u64 = 1024 * 1024 * 1024 * 1024;

impl Memory {
    /// `n` mebibytes.
    pub const fn mebibytes(n: u64) -> Memory {
        Memory(n * MIB)
    }

    /// A size of `bytes` bytes.
    pub const fn from_bytes(bytes: u64) -> Memory {
        Memory(bytes)
    }

    /// Size in bytes.
    pub const fn bytes(self) -> u64 {
        self.0
    }

    /// Flink's form for `spec.*.resource.memory`, in whole mebibytes (`8192m`).
    pub fn to_flink(self) -> String {
        if self.0.is_multiple_of(MIB) {
            format!("{}m", self.0 / MIB)
        } else {
            format!("{}b", self.0)
        }
    }

    /// Kubernetes quantity in the largest exact binary unit (`48Gi`, `1536Mi`).
    pub fn to_quantity(self) -> Quantity {
        let text = if self.0 != 0 && self.0.is_multiple_of(GIB) {
            format!("{}Gi", self.0 / GIB)
        } else if self.0 != 0 && self.0.is_multiple_of(MIB) {
            format!("{}Mi", self.0 / MIB)
        } else if self.0 != 0 && self.0.is_multiple_of(KIB) {
            format!("{}Ki", self.0 / KIB)
        } else {
            self.0.to_string()
        };
        Quantity(text)
    }

    /// Parses a size; see the type's docs.
    ///
    /// # Errors
    ///
    /// A message saying why the text is not a size.
    pub fn parse(text: &str) -> Result<Memory, String> {
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (digits, unit) = trimmed.split_at(split);
        let number: u64 = digits
            .parse()
            .map_err(|_| format!("`{text}` is not a memory size such as 1536m or 8Gi"))?;
        let multiplier = match unit.trim() {
            "" | "b" | "B" | "bytes" => 1,
            "Ki" => KIB,
            "Mi" => MIB,
            "Gi" => GIB,
            "Ti" => TIB,
            other => match other.to_ascii_lowercase().as_str() {
                "k" | "kb" | "kibibytes" => KIB,
                "m" | "mb" | "mebibytes" => MIB,
                "g" | "gb" | "gibibytes" => GIB,
                "t" | "tb" | "tebibytes" => TIB,
                _ => return Err(format!("`{text}` has an unknown memory unit `{other}`")),
            },
        };
        number
            .checked_mul(multiplier)
            .map(Memory)
            .ok_or_else(|| format!("`{text}` is too large"))
    }
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_quantity().0)
    }
}

impl Serialize for Memory {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Memory {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => Memory::parse(&text).map_err(serde::de::Error::custom),
            Value::Number(n) => n.as_u64().map(Memory).ok_or_else(|| {
                serde::de::Error::custom(format!("`{n}` is not a whole number of bytes"))
            }),
            other => Err(serde::de::Error::custom(format!(
                "expected a memory size such as 1536m or 8Gi, found {other}"
            ))),
        }
    }
}

/// An amount of CPU in millicores.
///
/// Parses numbers (`2`, `0.5`) and Kubernetes quantities (`500m`, `"16"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cpu(u64);

impl Cpu {
    /// `n` whole cores.
    pub const fn cores(n: u64) -> Cpu {
        Cpu(n * 1000)
    }

    /// `millis` millicores.
    pub const fn from_millis(millis: u64) -> Cpu {
        Cpu(millis)
    }

    /// Millicores.
    pub const fn millis(self) -> u64 {
        self.0
    }

    /// Cores as a float, for the operator's `resource.cpu`.
    pub fn as_f64(self) -> f64 {
        // Millicores stay far below 2^52, so the conversion is exact.
        self.0 as f64 / 1000.0
    }

    /// Kubernetes quantity (`2`, `500m`).
    pub fn to_quantity(self) -> Quantity {
        if self.0.is_multiple_of(1000) {
            Quantity((self.0 / 1000).to_string())
        } else {
            Quantity(format!("{}m", self.0))
        }
    }

    /// Parses an amount; see the type's docs.
    ///
    /// # Errors
    ///
    /// A message saying why the text is not a CPU amount.
    pub fn parse(text: &str) -> Result<Cpu, String> {
        let bad = || format!("`{text}` is not a CPU amount such as 2, 0.5 or 500m");
        let trimmed = text.trim();
        if let Some(millis) = trimmed.strip_suffix('m') {
            return millis.parse().map(Cpu).map_err(|_| bad());
        }
        let cores: f64 = trimmed.parse().map_err(|_| bad())?;
        Cpu::from_cores(cores).ok_or_else(bad)
    }

    fn from_cores(cores: f64) -> Option<Cpu> {
        let millis = (cores * 1000.0).round();
        if !millis.is_finite()
            || !(0.0..=1e12).contains(&millis)
            || (millis - cores * 1000.0).abs() > 1e-6
        {
            return None;
        }
        // Checked above: finite, non-negative, below 10^12 and integral.
        Some(Cpu(millis as u64))
    }
}

impl fmt::Display for Cpu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_quantity().0)
    }
}

impl Serialize for Cpu {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cpu {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => Cpu::parse(&text).map_err(serde::de::Error::custom),
            Value::Number(n) => n.as_f64().and_then(Cpu::from_cores).ok_or_else(|| {
                serde::de::Error::custom(format!("`{n}` is not a CPU amount (at most 3 decimals)"))
            }),
            other => Err(serde::de::Error::custom(format!(
                "expected a CPU amount such as 2 or 500m, found {other}"
            ))),
        }
    }
}
