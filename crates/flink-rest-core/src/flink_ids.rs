//! Flink's own identifiers, shared by every client: [`JobId`] and [`TriggerId`].
//!
//! The SQL Gateway reports the job a statement started and the JobManager API takes it, so
//! both clients use this one validated type.

use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// A string is not a valid [`JobId`] or [`TriggerId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} `{value}`: {reason}")]
#[non_exhaustive]
pub struct InvalidId {
    /// Which kind of id, e.g. `job id`.
    pub kind: &'static str,
    /// The rejected input.
    pub value: String,
    /// Why it was rejected.
    pub reason: String,
}

/// Checks that `value` is 32 hex digits (the string form of Flink's `AbstractID`).
fn check_hex32(kind: &'static str, value: &str) -> Result<(), InvalidId> {
    let reject = |reason: String| InvalidId {
        kind,
        value: value.to_owned(),
        reason,
    };
    let chars = value.chars().count();
    if chars != 32 {
        return Err(reject(format!(
            "expected 32 hex digits, got {chars} characters"
        )));
    }
    if let Some(bad) = value.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(reject(format!("`{bad}` is not a hex digit")));
    }
    Ok(())
}

macro_rules! hex_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        crate::id_newtype!(
            $(#[$doc])*
            #[derive(Serialize)]
            #[serde(transparent)]
            pub struct $name
        );

        impl $name {
            /// Parses and validates an id (32 hex digits); stored lowercase as Flink prints it.
            pub fn new(value: impl AsRef<str>) -> Result<Self, InvalidId> {
                let value = value.as_ref().trim();
                check_hex32($kind, value)?;
                Ok(Self(value.to_ascii_lowercase()))
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = InvalidId;
            fn try_from(s: &str) -> Result<Self, InvalidId> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(s: String) -> Result<Self, InvalidId> {
                Self::new(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(deserializer)?;
                Self::new(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

hex_id!(
    /// A Flink job id: 32 hex digits, e.g. `c23a6e571482793bbdeaee2c10c19b06`.
    ///
    /// ```
    /// let id: flink_rest_core::JobId = "C23A6E571482793BBDEAEE2C10C19B06".parse()?;
    /// assert_eq!(id.as_str(), "c23a6e571482793bbdeaee2c10c19b06");
    /// assert!("not-a-job".parse::<flink_rest_core::JobId>().is_err());
    /// # Ok::<(), flink_rest_core::InvalidId>(())
    /// ```
    JobId,
    "job id"
);

hex_id!(
    /// The id of an asynchronous operation (savepoint, stop-with-savepoint): 32 hex digits.
    ///
    /// Flink returns it as `request-id` when the operation is triggered.
    TriggerId,
    "trigger id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_id_accepts_32_hex_and_normalises_case() {
        let id = JobId::new(" ABCDEF0123456789abcdef0123456789 ").unwrap();
        assert_eq!(id.as_str(), "abcdef0123456789abcdef0123456789");
        assert_eq!(id.to_string(), id.as_str());
        assert_eq!(format!("{id:?}"), "JobId(abcdef0123456789abcdef0123456789)");
    }

    #[test]
    fn job_id_rejects_wrong_length_and_non_hex() {
        let short = JobId::new("abc").unwrap_err();
        assert_eq!(short.kind, "job id");
        assert!(short.to_string().contains("3 characters"), "{short}");
        let bad = JobId::new("g0000000000000000000000000000000").unwrap_err();
        assert!(bad.to_string().contains("`g`"), "{bad}");
        let wide = JobId::new(format!("é{}", "0".repeat(31))).unwrap_err();
        assert!(wide.to_string().contains("`é`"), "{wide}");
    }

    #[test]
    fn ids_deserialize_with_validation() {
        let ok: TriggerId = serde_json::from_str("\"0123456789abcdef0123456789abcdef\"").unwrap();
        assert_eq!(ok.as_str(), "0123456789abcdef0123456789abcdef");
        let err = serde_json::from_str::<JobId>("\"nope\"").unwrap_err();
        assert!(err.to_string().contains("job id"), "{err}");
        let back = serde_json::to_string(&ok).unwrap();
        assert_eq!(back, "\"0123456789abcdef0123456789abcdef\"");
    }
}
