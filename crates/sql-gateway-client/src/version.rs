//! REST API versions and which endpoints each one serves.

use std::fmt;
use std::str::FromStr;

/// A SQL Gateway REST API version (the `/v1` … `/v4` path prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ApiVersion {
    /// Statements, sessions, operations, results (Flink 1.16+).
    V1,
    /// Adds `rowFormat`, `configure-session` and `complete-statement` (Flink 1.17+).
    V2,
    /// Adds materialized-table refresh (Flink 1.20+).
    V3,
    /// Adds script deployment in application mode; drops materialized-table refresh (Flink 2.0+).
    V4,
}

impl ApiVersion {
    /// Every version this client speaks, oldest first.
    pub const ALL: [ApiVersion; 4] = [
        ApiVersion::V1,
        ApiVersion::V2,
        ApiVersion::V3,
        ApiVersion::V4,
    ];

    /// The URL path prefix, e.g. `v2`.
    pub fn path_prefix(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1",
            ApiVersion::V2 => "v2",
            ApiVersion::V3 => "v3",
            ApiVersion::V4 => "v4",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path_prefix())
    }
}

/// Error returned when parsing an unknown version string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown SQL Gateway REST API version `{input}`")]
pub struct ParseApiVersionError {
    /// The rejected input.
    pub input: String,
}

impl FromStr for ApiVersion {
    type Err = ParseApiVersionError;

    /// Accepts `V2` (as `/api_versions` lists it), `v2` and `2`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let digits = t.strip_prefix(['v', 'V']).unwrap_or(t);
        match digits {
            "1" => Ok(ApiVersion::V1),
            "2" => Ok(ApiVersion::V2),
            "3" => Ok(ApiVersion::V3),
            "4" => Ok(ApiVersion::V4),
            _ => Err(ParseApiVersionError {
                input: s.to_owned(),
            }),
        }
    }
}

/// The gateway endpoints whose availability depends on the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    /// Everything from v1 on (sessions, statements, operations, results, info).
    Core,
    ConfigureSession,
    CompleteStatement,
    RefreshMaterializedTable,
    DeployScript,
}

impl Endpoint {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Endpoint::Core => "core endpoints",
            Endpoint::ConfigureSession => "configure-session",
            Endpoint::CompleteStatement => "complete-statement",
            Endpoint::RefreshMaterializedTable => "materialized-table refresh",
            Endpoint::DeployScript => "script deployment",
        }
    }

    /// Versions serving the endpoint, per the Flink `*Headers#getSupportedAPIVersions`.
    pub(crate) fn served_by(self, v: ApiVersion) -> bool {
        use ApiVersion::*;
        match self {
            Endpoint::Core => true,
            Endpoint::ConfigureSession | Endpoint::CompleteStatement => v >= V2,
            // Only v3: the v4 spec no longer lists it.
            Endpoint::RefreshMaterializedTable => v == V3,
            Endpoint::DeployScript => v >= V4,
        }
    }

    pub(crate) fn supported_list(self) -> String {
        ApiVersion::ALL
            .iter()
            .filter(|v| self.served_by(**v))
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The outcome of version negotiation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiated {
    /// The version used for calls (pinned, or highest common).
    pub version: ApiVersion,
    /// Versions the client may use: the pinned one, or all versions both sides support.
    pub usable: Vec<ApiVersion>,
    /// What the server listed in `GET /api_versions`, verbatim.
    pub server_versions: Vec<String>,
}

impl Negotiated {
    /// Picks versions from the server's list, honouring a pin.
    pub(crate) fn from_server(
        server_versions: Vec<String>,
        pinned: Option<ApiVersion>,
    ) -> Result<Self, crate::Error> {
        let mut offered: Vec<ApiVersion> = server_versions
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect();
        offered.sort();
        offered.dedup();
        let usable: Vec<ApiVersion> = match pinned {
            Some(p) => offered.iter().copied().filter(|v| *v == p).collect(),
            None => offered,
        };
        let Some(version) = usable.last().copied() else {
            let client = match pinned {
                Some(p) => p.to_string(),
                None => ApiVersion::ALL
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            return Err(crate::Error::NoCommonVersion {
                server: server_versions.join(", "),
                client,
            });
        };
        Ok(Self {
            version,
            usable,
            server_versions,
        })
    }

    /// The version to call `endpoint` with: the highest usable one that serves it.
    pub(crate) fn for_endpoint(&self, endpoint: Endpoint) -> Result<ApiVersion, crate::Error> {
        self.usable
            .iter()
            .rev()
            .copied()
            .find(|v| endpoint.served_by(*v))
            .ok_or(crate::Error::UnsupportedVersion {
                endpoint: endpoint.name(),
                negotiated: self.version,
                supported: endpoint.supported_list(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn picks_highest_common_and_ignores_unknown() {
        let n = Negotiated::from_server(s(&["V1", "V2", "V3", "V4", "V9"]), None).unwrap();
        assert_eq!(n.version, ApiVersion::V4);
        assert_eq!(n.for_endpoint(Endpoint::Core).unwrap(), ApiVersion::V4);
        // Refresh is served by v3 only, so it is called through /v3 even when v4 is negotiated.
        assert_eq!(
            n.for_endpoint(Endpoint::RefreshMaterializedTable).unwrap(),
            ApiVersion::V3
        );
    }

    #[test]
    fn v1_only_server_refuses_v2_endpoints() {
        let n = Negotiated::from_server(s(&["V1"]), None).unwrap();
        let err = n.for_endpoint(Endpoint::ConfigureSession).unwrap_err();
        assert!(matches!(err, crate::Error::UnsupportedVersion { .. }));
        assert_eq!(
            err.to_string(),
            "configure-session is not available with SQL Gateway REST API v1 (served by v2, v3, v4)"
        );
    }

    #[test]
    fn pin_restricts_and_must_be_offered() {
        let n =
            Negotiated::from_server(s(&["V1", "V2", "V3", "V4"]), Some(ApiVersion::V2)).unwrap();
        assert_eq!(n.version, ApiVersion::V2);
        assert!(n.for_endpoint(Endpoint::DeployScript).is_err());
        assert!(n.for_endpoint(Endpoint::RefreshMaterializedTable).is_err());
        let err = Negotiated::from_server(s(&["V1", "V2"]), Some(ApiVersion::V4)).unwrap_err();
        assert!(matches!(err, crate::Error::NoCommonVersion { .. }));
    }

    #[test]
    fn parses_version_spellings() {
        assert_eq!("V3".parse::<ApiVersion>().unwrap(), ApiVersion::V3);
        assert_eq!("v1".parse::<ApiVersion>().unwrap(), ApiVersion::V1);
        assert_eq!("4".parse::<ApiVersion>().unwrap(), ApiVersion::V4);
        assert!("v5".parse::<ApiVersion>().is_err());
    }
}
