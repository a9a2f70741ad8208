//! Every specification the project is checked against, with the upstream file it must match.

/// Where an upstream file lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// `apache/flink` at a commit, below `docs/static/generated/`.
    FlinkDocs(&'static str),
    /// `apache/flink-kubernetes-operator` at a release tag, below the Helm chart's `crds/`.
    OperatorRelease(&'static str),
}

/// One pinned upstream file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pinned {
    /// Path below a specs directory.
    pub path: &'static str,
    /// SHA-256 of the upstream file.
    pub sha256: &'static str,
    source: Source,
}

impl Pinned {
    /// The upstream URL the cache is filled from.
    pub fn url(&self) -> String {
        let file = self.path.rsplit('/').next().unwrap_or(self.path);
        match self.source {
            Source::FlinkDocs(commit) => format!(
                "https://raw.githubusercontent.com/apache/flink/{commit}/docs/static/generated/{file}"
            ),
            Source::OperatorRelease(version) => format!(
                "https://raw.githubusercontent.com/apache/flink-kubernetes-operator/release-{version}/helm/flink-kubernetes-operator/crds/{file}"
            ),
        }
    }
}

// The last upstream commits that touched the generated REST specs (see shared/specs/README).
const DISPATCHER_COMMIT: &str = "7232ad9c2c4346f92d820d69ef3f192bebb58045";
const GATEWAY_COMMIT: &str = "496f8a87ed158c7fc8b7a8f7a476decd6b20208f";

const fn flink(path: &'static str, commit: &'static str, sha256: &'static str) -> Pinned {
    Pinned {
        path,
        sha256,
        source: Source::FlinkDocs(commit),
    }
}

const fn crd(path: &'static str, version: &'static str, sha256: &'static str) -> Pinned {
    Pinned {
        path,
        sha256,
        source: Source::OperatorRelease(version),
    }
}

/// Every pinned specification.
pub const PINNED: &[Pinned] = &[
    flink(
        "flink/rest_v1_dispatcher.yml",
        DISPATCHER_COMMIT,
        "96cc1c2dc78702a291de12bfe781231ddb1a0570aa2ea2bc93abe90ed4319bc3",
    ),
    flink(
        "flink/rest_v1_sql_gateway.yml",
        GATEWAY_COMMIT,
        "d07ca8d3798b8046c1578de04fd127726a545cf49ed0b5d9992c5e4fd92f7d46",
    ),
    flink(
        "flink/rest_v2_sql_gateway.yml",
        GATEWAY_COMMIT,
        "3f482f579ce8d89b762a1dfdda14fa994914aa75625441c4065688f6a87e341e",
    ),
    flink(
        "flink/rest_v3_sql_gateway.yml",
        GATEWAY_COMMIT,
        "8ac26e8b040490151e0edf6f105d1c5b0c97281be6a1ff91f5f8199d70e5defa",
    ),
    flink(
        "flink/rest_v4_sql_gateway.yml",
        GATEWAY_COMMIT,
        "9d627c546f2f674abb16943b3766353e91c0363c203915b09281342d2259e3f5",
    ),
    crd(
        "flink-kubernetes-operator/1.12.1/crds/flinkdeployments.flink.apache.org-v1.yml",
        "1.12.1",
        "9a9698acf5113479ff2e6935694431d1309d11474fe9b728df90aaa406f5bd9f",
    ),
    crd(
        "flink-kubernetes-operator/1.12.1/crds/flinksessionjobs.flink.apache.org-v1.yml",
        "1.12.1",
        "c88b16445180c7f1005fdc3f0ea731e10e8187bbe7afcc452aecf137694afd4b",
    ),
    crd(
        "flink-kubernetes-operator/1.12.1/crds/flinkstatesnapshots.flink.apache.org-v1.yml",
        "1.12.1",
        "b4d9e65e4465c74ff8526cfc46d823a4a5198d51e0e08a9f0f5a8c6f4380e399",
    ),
    crd(
        "flink-kubernetes-operator/1.15.0/crds/flinkbluegreendeployments.flink.apache.org-v1.yml",
        "1.15.0",
        "1e6595166e20fcfbc937cb30eda814dedac3e43ddbc1ff224b48c911a64fe760",
    ),
    crd(
        "flink-kubernetes-operator/1.15.0/crds/flinkdeployments.flink.apache.org-v1.yml",
        "1.15.0",
        "7977265fc26d5e13e46ea5a18b18ce71dc1b93a7c750d781843a7af0d1d13e47",
    ),
    crd(
        "flink-kubernetes-operator/1.15.0/crds/flinksessionjobs.flink.apache.org-v1.yml",
        "1.15.0",
        "f06cc09cbd11897c5120df8c8aae31558d5eb901ea550e9c476b21dd234f99b1",
    ),
    crd(
        "flink-kubernetes-operator/1.15.0/crds/flinkstatesnapshots.flink.apache.org-v1.yml",
        "1.15.0",
        "b4d9e65e4465c74ff8526cfc46d823a4a5198d51e0e08a9f0f5a8c6f4380e399",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_the_commit_or_release_tag_and_the_file() {
        let url = |path: &str| {
            PINNED
                .iter()
                .find(|p| p.path == path)
                .map(Pinned::url)
                .unwrap_or_default()
        };
        assert_eq!(
            url("flink/rest_v1_dispatcher.yml"),
            "https://raw.githubusercontent.com/apache/flink/7232ad9c2c4346f92d820d69ef3f192bebb58045/docs/static/generated/rest_v1_dispatcher.yml"
        );
        assert_eq!(
            url("flink-kubernetes-operator/1.12.1/crds/flinkdeployments.flink.apache.org-v1.yml"),
            "https://raw.githubusercontent.com/apache/flink-kubernetes-operator/release-1.12.1/helm/flink-kubernetes-operator/crds/flinkdeployments.flink.apache.org-v1.yml"
        );
    }
}
