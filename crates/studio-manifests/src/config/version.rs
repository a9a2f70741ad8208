//! Versions named in the configuration: the operator release line and the Flink release.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::crd::FlinkVersion;

/// Flink Kubernetes Operator release line, `major.minor` (a patch number is accepted and ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperatorVersion {
    /// Major version (1).
    pub major: u32,
    /// Minor version (12 to 15).
    pub minor: u32,
    /// Patch version, for display.
    pub patch: u32,
}

impl OperatorVersion {
    /// Operator 1.12.1, the seed's version.
    pub const V1_12_1: OperatorVersion = OperatorVersion {
        major: 1,
        minor: 12,
        patch: 1,
    };
    /// Operator 1.15.0.
    pub const V1_15_0: OperatorVersion = OperatorVersion {
        major: 1,
        minor: 15,
        patch: 0,
    };

    /// Flink versions this operator's CRD accepts in `spec.flinkVersion`.
    pub fn flink_versions(&self) -> &'static [FlinkVersion] {
        const UP_TO_2_0: &[FlinkVersion] = &[
            FlinkVersion::V1_13,
            FlinkVersion::V1_14,
            FlinkVersion::V1_15,
            FlinkVersion::V1_16,
            FlinkVersion::V1_17,
            FlinkVersion::V1_18,
            FlinkVersion::V1_19,
            FlinkVersion::V1_20,
            FlinkVersion::V2_0,
        ];
        // The committed 1.13–1.15 CRDs stop at v2_2 (the 1.15 Java enum knows v2_3/v2_4, but the
        // CRD schema in the Helm chart does not list them).
        const UP_TO_2_2: &[FlinkVersion] = &[
            FlinkVersion::V1_13,
            FlinkVersion::V1_14,
            FlinkVersion::V1_15,
            FlinkVersion::V1_16,
            FlinkVersion::V1_17,
            FlinkVersion::V1_18,
            FlinkVersion::V1_19,
            FlinkVersion::V1_20,
            FlinkVersion::V2_0,
            FlinkVersion::V2_1,
            FlinkVersion::V2_2,
        ];
        if self.minor <= 12 {
            UP_TO_2_0
        } else {
            UP_TO_2_2
        }
    }

    /// Whether `spec.flinkConfiguration` may hold nested YAML (operator 1.13 and later).
    pub fn allows_nested_configuration(&self) -> bool {
        self.minor >= 13
    }
}

impl fmt::Display for OperatorVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for OperatorVersion {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = text.trim_start_matches('v').split('.').collect();
        let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
        let (major, minor, patch) = match numbers.as_deref() {
            Some([major, minor]) => (*major, *minor, 0),
            Some([major, minor, patch]) => (*major, *minor, *patch),
            _ => {
                return Err(format!(
                    "`{text}` is not an operator version such as 1.12.1"
                ));
            }
        };
        if major != 1 || !(12..=15).contains(&minor) {
            return Err(format!(
                "operator {text} is not supported (supported: 1.12 to 1.15)"
            ));
        }
        Ok(OperatorVersion {
            major,
            minor,
            patch,
        })
    }
}

impl Serialize for OperatorVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OperatorVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = string_or_number(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A Flink release such as `2.0.0`: gives both the operator's `flinkVersion` and plugin jar names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlinkRelease {
    /// The release as written, e.g. `2.0.0`.
    pub release: String,
    /// The operator's name for it, e.g. `v2_0`.
    pub version: FlinkVersion,
}

impl FromStr for FlinkRelease {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.parse::<u32>().is_err()) {
            return Err(format!(
                "`{text}` is not a Flink release such as 2.0.0 (the full version names the \
                 filesystem plugin jars)"
            ));
        }
        Ok(FlinkRelease {
            release: text.to_owned(),
            version: text.parse()?,
        })
    }
}

impl Serialize for FlinkRelease {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.release)
    }
}

impl<'de> Deserialize<'de> for FlinkRelease {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = string_or_number(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a version string, found {other}"
        ))),
    }
}
