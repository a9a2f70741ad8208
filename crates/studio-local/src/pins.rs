//! The versions the local stack runs, and the checksums that verify their downloads.

use crate::error::{Error, Result};

use studio_manifests::connectors as shared;
/// A jar on Maven Central, pinned by version and checksum (shared with the Kubernetes
/// platform's connector list: [`studio_manifests::connectors`] is the one source of truth).
pub use studio_manifests::connectors::MavenJar;

/// One Flink line the local stack offers: the runtime from PyPI and the jars from Maven Central.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlinkPins {
    /// The Flink version, e.g. `2.0.0`.
    pub flink: &'static str,
    /// File name of the `apache-flink-libraries` distribution on PyPI (an sdist or a wheel).
    pub libraries_file: &'static str,
    /// Its SHA-256.
    pub libraries_sha256: &'static str,
    /// `flink-sql-gateway`.
    pub gateway: MavenJar,
    /// `flink-sql-connector-kafka`, built for this Flink line.
    pub kafka_connector: MavenJar,
    /// `flink-sql-avro`.
    pub avro: MavenJar,
    /// `flink-sql-client`: Flink's own SQL Client, run in gateway mode by the differential
    /// tests and the benchmark (see [`crate::sql_client`]).
    pub sql_client: MavenJar,
}

const FLINK_2_0: FlinkPins = FlinkPins {
    flink: "2.0.0",
    libraries_file: "apache-flink-libraries-2.0.0.tar.gz",
    libraries_sha256: "916cdd32d870db6cf6409f621b3c5baedfaf1ad4bb7b638c68af488475f27f46",
    gateway: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-gateway",
        version: "2.0.0",
        sha256: "2bbd9ae2dec92066a78f19d6250a17205f358800dd1043a1577f5a6b251493d5",
    },
    kafka_connector: shared::FLINK_2_0.kafka,
    avro: shared::FLINK_2_0.avro,
    sql_client: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-client",
        version: "2.0.0",
        sha256: "8ff550af7e445a040eeb03591f33878954adcb6d9dafc813ea952a0f48b48ac9",
    },
};

// Maven Central serves no flink-sql-avro 2.2.x, so the 2.2 line uses 2.1.0 (see the shared
// pins); the live tests read Avro back on this line.
const FLINK_2_2: FlinkPins = FlinkPins {
    flink: "2.2.0",
    libraries_file: "apache_flink_libraries-2.2.0-py2.py3-none-any.whl",
    libraries_sha256: "675062484d9b04df228be80cf4179c9f92e9e11107a697ccbb1aa7d3b816772b",
    gateway: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-gateway",
        version: "2.2.0",
        sha256: "4ff8b14df3bcd430a3f98df6fcf5ffa03c80a662d4f5a11006689e53f65fa6cd",
    },
    kafka_connector: shared::FLINK_2_2.kafka,
    avro: shared::FLINK_2_2.avro,
    sql_client: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-client",
        version: "2.2.0",
        sha256: "98b54cfd32d9c05d29defc39631db356c9eccccc34064c9b3879bce12396240a",
    },
};

/// Every Flink line offered, the default first.
pub const FLINK_LINES: [FlinkPins; 2] = [FLINK_2_0, FLINK_2_2];

/// The Apache Kafka broker version run in KRaft mode.
pub const KAFKA_VERSION: &str = "4.1.1";

/// The maven-dependency-plugin used for downloads; pinned so every machine resolves alike.
pub const MAVEN_DEPENDENCY_PLUGIN: &str = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

impl FlinkPins {
    /// The default line (the seed platform's Flink 2.0).
    pub fn default_line() -> Self {
        FLINK_LINES[0]
    }

    /// Finds a line by full version (`2.2.0`) or by minor line (`2.2`).
    pub fn find(requested: &str) -> Result<Self> {
        FLINK_LINES
            .iter()
            .find(|p| p.flink == requested || p.flink.strip_suffix(".0") == Some(requested))
            .copied()
            .ok_or_else(|| Error::UnsupportedVersion {
                requested: requested.to_owned(),
                supported: FLINK_LINES
                    .iter()
                    .map(|p| p.flink)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The jars added to Flink's `lib/` so SQL on Kafka with JSON and Avro works.
    pub fn connector_jars(&self) -> [MavenJar; 2] {
        [self.kafka_connector, self.avro]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_by_full_and_minor_version() {
        assert_eq!(FlinkPins::find("2.0.0").unwrap().flink, "2.0.0");
        assert_eq!(
            FlinkPins::find("2.2").unwrap().kafka_connector.version,
            "5.0.0-2.2"
        );
        let err = FlinkPins::find("1.20").unwrap_err().to_string();
        assert!(
            err.contains("1.20") && err.contains("2.0.0, 2.2.0"),
            "{err}"
        );
    }

    #[test]
    fn connectors_match_their_flink_line() {
        for line in FLINK_LINES {
            let minor: String = line.flink.split('.').take(2).collect::<Vec<_>>().join(".");
            assert!(
                line.kafka_connector.version.ends_with(&format!("-{minor}")),
                "{line:?}"
            );
            assert_eq!(line.gateway.version, line.flink);
            assert_eq!(line.sql_client.version, line.flink);
            for sha in [
                line.libraries_sha256,
                line.gateway.sha256,
                line.avro.sha256,
                line.sql_client.sha256,
            ] {
                assert_eq!(sha.len(), 64);
            }
        }
    }

    #[test]
    fn coordinates_are_in_maven_form() {
        let jar = FlinkPins::default_line().kafka_connector;
        assert_eq!(
            jar.coordinates(),
            "org.apache.flink:flink-sql-connector-kafka:4.0.1-2.0:jar"
        );
        assert_eq!(jar.file_name(), "flink-sql-connector-kafka-4.0.1-2.0.jar");
    }
}
