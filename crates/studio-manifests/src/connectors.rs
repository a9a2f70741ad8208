//! Connector jars on the Flink classpath, as configuration.
//!
//! `studio.yaml` lists connector artifacts by Maven coordinates under `connectors`. The
//! defaults — the Kafka SQL connector, Avro and JSON — are pinned here per Flink line, and
//! `studio-local` runs the same pins: this module is the one source of truth.
//!
//! With the stock Flink image, [`init_container`] fetches every listed jar, checks its SHA-256
//! and puts it in a shared `emptyDir` mounted under `/opt/flink/lib`, where Flink's scripts
//! put every jar (recursively) on the classpath of the JobManager, the TaskManagers and the
//! SQL Gateway. With `connectors.customImage: true`, `studio image build` bakes the same list
//! into the image and no init container is rendered.

use std::path::Path;

use k8s_openapi::api::core::v1::{
    Container, EmptyDirVolumeSource, ResourceRequirements, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use serde::{Deserialize, Serialize};

use crate::config::StudioConfig;
use crate::error::{Error, Result};

/// A jar on Maven Central, pinned by version and checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MavenJar {
    /// Maven group id.
    pub group: &'static str,
    /// Maven artifact id.
    pub artifact: &'static str,
    /// Version.
    pub version: &'static str,
    /// SHA-256 of the jar.
    pub sha256: &'static str,
}

impl MavenJar {
    /// `group:artifact:version:jar`, as `mvn dependency:copy` takes it.
    pub fn coordinates(&self) -> String {
        format!("{}:{}:{}:jar", self.group, self.artifact, self.version)
    }

    /// The jar's file name in a Maven repository.
    pub fn file_name(&self) -> String {
        format!("{}-{}.jar", self.artifact, self.version)
    }
}

/// The connector jars pinned for one Flink line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectorPins {
    /// The Flink release these jars are built for, e.g. `2.0.0`.
    pub flink: &'static str,
    /// `flink-sql-connector-kafka`, built for this Flink line.
    pub kafka: MavenJar,
    /// `flink-sql-avro`.
    pub avro: MavenJar,
    /// `flink-json`.
    pub json: MavenJar,
}

impl ConnectorPins {
    /// The default connector jars, in classpath order.
    pub fn jars(&self) -> [MavenJar; 3] {
        [self.kafka, self.avro, self.json]
    }
}

/// Connector pins of the Flink 2.0 line.
pub const FLINK_2_0: ConnectorPins = ConnectorPins {
    flink: "2.0.0",
    kafka: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-connector-kafka",
        version: "4.0.1-2.0",
        sha256: "c7127a6518fba5d6b75eb4692229192e7147ea378e69c7b7cf16d0494057b0c3",
    },
    avro: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-avro",
        version: "2.0.0",
        sha256: "a4418dceb75de33676188b5307af3b8a566603debc9f77a49f13c6aeed82f273",
    },
    json: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-json",
        version: "2.0.0",
        sha256: "63af56619710e8d4c4ad68b95ede6b97988b07688d7dedcb1bd2423e7376f0ee",
    },
};

/// Connector pins of the Flink 2.1 line. Maven Central has no Kafka connector built for 2.1
/// (only `4.0.1-2.0` and `5.0.0-2.2`); this line takes `4.0.1-2.0`, the release for the 2.x API
/// before 2.2. studio-local does not run this line, so no live test covers it yet.
pub const FLINK_2_1: ConnectorPins = ConnectorPins {
    flink: "2.1.0",
    kafka: FLINK_2_0.kafka,
    avro: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-avro",
        version: "2.1.0",
        sha256: "32c898a913615429a80b8cdcb1b93616bdb3a083363eb997d2b278d4eee62370",
    },
    json: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-json",
        version: "2.1.0",
        sha256: "4be457f02a294a9faf16f640767989fd3771bece0a51814238a31fdd10e02fb0",
    },
};

/// Connector pins of the Flink 2.2 line. Maven Central serves no `flink-sql-avro` 2.2.x, so
/// this line uses 2.1.0, whose format factory API is unchanged in 2.2.
pub const FLINK_2_2: ConnectorPins = ConnectorPins {
    flink: "2.2.0",
    kafka: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-connector-kafka",
        version: "5.0.0-2.2",
        sha256: "5605c691d11a501382c383fecba37a7a552467da5ab7ba904ef5d6f3d62c5616",
    },
    avro: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-sql-avro",
        version: "2.1.0",
        sha256: "32c898a913615429a80b8cdcb1b93616bdb3a083363eb997d2b278d4eee62370",
    },
    json: MavenJar {
        group: "org.apache.flink",
        artifact: "flink-json",
        version: "2.2.0",
        sha256: "6005f929c665648716a15f59bec6874b7e185e35d5d1d1e8295b32663eda64c8",
    },
};

/// Every pinned Flink line, the default first.
pub const PINNED: [ConnectorPins; 3] = [FLINK_2_0, FLINK_2_1, FLINK_2_2];

/// The pins of the Flink line of `release` (`2.0.0`, `2.0.1` and `2.0` all match 2.0).
pub fn pins_for(release: &str) -> Option<ConnectorPins> {
    let line = |v: &str| v.split('.').take(2).collect::<Vec<_>>().join(".");
    PINNED
        .iter()
        .find(|pins| line(pins.flink) == line(release))
        .copied()
}

/// Maven Central, where the defaults come from.
pub const MAVEN_CENTRAL: &str = "https://repo1.maven.org/maven2";

/// Name of the init container that fetches the jars (the seed's name, so its runbooks apply).
pub const INIT_CONTAINER: &str = "flink-plugin-setup";
/// Name of the shared volume holding the jars.
pub const VOLUME: &str = "studio-connectors";
/// Where Flink containers see the jars: under `lib/`, which Flink scans recursively.
pub const LIB_DIR: &str = "/opt/flink/lib/studio-connectors";
/// Where the init container writes them.
const FETCH_DIR: &str = "/studio-connectors";

/// The `connectors` section of `studio.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectorSettings {
    /// Include the pinned Kafka SQL connector, Avro and JSON of the configured Flink line.
    #[serde(default = "yes")]
    pub include_defaults: bool,
    /// More jars, one line each: `- { maven: group:artifact:version, sha256: <hex> }`. The
    /// checksum may be left out only for a pinned jar. An entry with the same group and
    /// artifact as a default replaces it (to move a default to another version).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub artifacts: Vec<ConnectorArtifact>,
    /// Maven repository the jars are fetched from.
    #[serde(default = "maven_central")]
    pub repository: String,
    /// The image already holds the jars (`studio image build`): no init container.
    #[serde(default)]
    pub custom_image: bool,
}

impl Default for ConnectorSettings {
    fn default() -> Self {
        ConnectorSettings {
            include_defaults: true,
            artifacts: Vec::new(),
            repository: maven_central(),
            custom_image: false,
        }
    }
}

fn yes() -> bool {
    true
}

fn maven_central() -> String {
    MAVEN_CENTRAL.to_owned()
}

/// One connector jar listed in `studio.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConnectorArtifact {
    /// `group:artifact:version`.
    pub maven: String,
    /// SHA-256 of the jar (hex); optional for a pinned jar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// A connector jar to put on the classpath: where it comes from and its checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Connector {
    /// Maven group id.
    pub group: String,
    /// Maven artifact id.
    pub artifact: String,
    /// Version.
    pub version: String,
    /// SHA-256 of the jar (lowercase hex).
    pub sha256: String,
}

impl Connector {
    fn pinned(jar: &MavenJar) -> Connector {
        Connector {
            group: jar.group.to_owned(),
            artifact: jar.artifact.to_owned(),
            version: jar.version.to_owned(),
            sha256: jar.sha256.to_owned(),
        }
    }

    /// `group:artifact:version`.
    pub fn coordinates(&self) -> String {
        format!("{}:{}:{}", self.group, self.artifact, self.version)
    }

    /// The jar's file name.
    pub fn file_name(&self) -> String {
        format!("{}-{}.jar", self.artifact, self.version)
    }

    /// The jar's URL in a Maven repository laid out as Maven Central.
    pub fn url(&self, repository: &str) -> String {
        format!(
            "{}/{}/{}/{}/{}",
            repository.trim_end_matches('/'),
            self.group.replace('.', "/"),
            self.artifact,
            self.version,
            self.file_name()
        )
    }
}

/// The jars of a configuration, in classpath order: the defaults (when included), then the
/// listed artifacts; a listed artifact with a default's group and artifact replaces it.
///
/// # Errors
///
/// [`Error::Invalid`] naming `connectors.artifacts[i]` for malformed coordinates, a missing
/// checksum of an unpinned jar or a malformed checksum; or `connectors.includeDefaults` when
/// the configured Flink line has no pinned defaults.
pub fn resolve(config: &StudioConfig, file: &Path) -> Result<Vec<Connector>> {
    let settings = &config.connectors;
    let invalid = |key: String, reason: String| Error::Invalid {
        file: file.to_path_buf(),
        key,
        reason,
    };
    let release = &config.flink.version.release;
    let pins = pins_for(release);
    let mut jars: Vec<Connector> = Vec::new();
    if settings.include_defaults {
        let pins = pins.ok_or_else(|| {
            invalid(
                "connectors.includeDefaults".into(),
                format!(
                    "no connector jars are pinned for Flink {release} (pinned: {}); set \
                     includeDefaults: false and list the jars with their sha256",
                    PINNED.map(|p| p.flink).join(", ")
                ),
            )
        })?;
        jars.extend(pins.jars().iter().map(Connector::pinned));
    }
    let every_pin: Vec<MavenJar> = PINNED.iter().flat_map(ConnectorPins::jars).collect();
    for (index, listed) in settings.artifacts.iter().enumerate() {
        let key = format!("connectors.artifacts[{index}]");
        let parts: Vec<&str> = listed.maven.split(':').collect();
        let [group, artifact, version] = parts.as_slice() else {
            return Err(invalid(
                format!("{key}.maven"),
                format!(
                    "`{}` is not group:artifact:version (e.g. org.apache.flink:flink-sql-connector-kafka:4.0.1-2.0)",
                    listed.maven
                ),
            ));
        };
        if [group, artifact, version].iter().any(|p| {
            p.is_empty()
                || !p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        }) {
            return Err(invalid(
                format!("{key}.maven"),
                format!(
                    "`{}`: each part takes letters, digits, `.`, `_` and `-` only",
                    listed.maven
                ),
            ));
        }
        let sha256 = match &listed.sha256 {
            Some(sha) => {
                let sha = sha.trim().to_ascii_lowercase();
                if sha.len() != 64 || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(invalid(
                        format!("{key}.sha256"),
                        "must be 64 hex digits (the jar's SHA-256, e.g. from `sha256sum`)".into(),
                    ));
                }
                sha
            }
            None => every_pin
                .iter()
                .find(|p| p.group == *group && p.artifact == *artifact && p.version == *version)
                .map(|p| p.sha256.to_owned())
                .ok_or_else(|| {
                    invalid(
                        format!("{key}.sha256"),
                        format!(
                            "{} is not pinned by studio; add `sha256: <hex>` (the jar's SHA-256)",
                            listed.maven
                        ),
                    )
                })?,
        };
        let connector = Connector {
            group: (*group).to_owned(),
            artifact: (*artifact).to_owned(),
            version: (*version).to_owned(),
            sha256,
        };
        match jars
            .iter_mut()
            .find(|j| j.group == connector.group && j.artifact == connector.artifact)
        {
            Some(existing) => *existing = connector,
            None => jars.push(connector),
        }
    }
    Ok(jars)
}

/// Quotes `text` for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The init container's script: fetch each jar, check its SHA-256, and fail naming the
/// artifact on a download error or a checksum mismatch. `DEST` (default: the shared volume)
/// is where the jars go. The script holds no `${`, so a rendered manifest never looks like
/// it kept an unresolved configuration placeholder.
pub fn fetch_script(connectors: &[Connector], repository: &str) -> String {
    let mut script = String::from(
        r#"set -eu
dest=$(printenv DEST || echo /studio-connectors)
fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 --connect-timeout 20 --max-time 600 -o "$2" "$1"
  else
    wget -q -T 60 -t 3 -O "$2" "$1"
  fi
}
get() {
  out="$dest/$4"
  echo "fetching $1"
  if ! fetch "$2" "$out.part"; then
    echo "ERROR: cannot download $1 from $2" >&2
    exit 1
  fi
  actual=$(sha256sum "$out.part" | cut -d' ' -f1)
  if [ "$actual" != "$3" ]; then
    echo "ERROR: checksum mismatch for $1 ($2): expected sha256 $3, got $actual" >&2
    rm -f "$out.part"
    exit 1
  fi
  mv "$out.part" "$out"
  echo "ok $1 sha256 $3"
}
"#,
    );
    for jar in connectors {
        script.push_str(&format!(
            "get {} {} {} {}\n",
            shell_quote(&jar.coordinates()),
            shell_quote(&jar.url(repository)),
            shell_quote(&jar.sha256),
            shell_quote(&jar.file_name()),
        ));
    }
    script
}

/// The init container that fills the shared volume, run from the platform image (the stock
/// Flink image has `sh`, `curl`/`wget` and `sha256sum`).
pub fn init_container(config: &StudioConfig, connectors: &[Connector]) -> Container {
    let resources = std::collections::BTreeMap::from([
        ("cpu".to_owned(), Quantity("100m".into())),
        ("memory".to_owned(), Quantity("128Mi".into())),
    ]);
    Container {
        name: INIT_CONTAINER.into(),
        image: Some(config.image.clone()),
        image_pull_policy: Some(config.image_pull_policy.clone()),
        command: Some(vec![
            "/bin/sh".into(),
            "-c".into(),
            fetch_script(connectors, &config.connectors.repository),
        ]),
        resources: Some(ResourceRequirements {
            requests: Some(resources.clone()),
            limits: Some(resources),
            ..ResourceRequirements::default()
        }),
        volume_mounts: Some(vec![VolumeMount {
            name: VOLUME.into(),
            mount_path: FETCH_DIR.into(),
            ..VolumeMount::default()
        }]),
        ..Container::default()
    }
}

/// The shared volume and its (read-only) mount in a Flink or gateway container.
pub fn volume() -> (Volume, VolumeMount) {
    (
        Volume {
            name: VOLUME.into(),
            empty_dir: Some(EmptyDirVolumeSource::default()),
            ..Volume::default()
        },
        VolumeMount {
            name: VOLUME.into(),
            mount_path: LIB_DIR.into(),
            read_only: Some(true),
            ..VolumeMount::default()
        },
    )
}

/// What a pod template gets for the connectors: `None` with a custom image or no jars.
pub fn pod_parts(config: &StudioConfig) -> Option<(Container, Volume, VolumeMount)> {
    if config.connectors.custom_image {
        return None;
    }
    // `build` validated the list already; an invalid one renders no init container.
    let jars = resolve(config, Path::new("studio.yaml")).ok()?;
    if jars.is_empty() {
        return None;
    }
    let (volume, mount) = volume();
    Some((init_container(config, &jars), volume, mount))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> StudioConfig {
        StudioConfig::from_yaml_str(
            &format!(
                "cloud: gcp\nimage: flink:2.0.0\ngcp:\n  bucket: b\n  serviceAccount: sa@p.iam.gserviceaccount.com\n{extra}"
            ),
            Path::new("studio.yaml"),
        )
        .unwrap()
    }

    #[test]
    fn defaults_are_the_pinned_kafka_avro_and_json() {
        let jars = resolve(&config(""), Path::new("studio.yaml")).unwrap();
        let names: Vec<String> = jars.iter().map(Connector::coordinates).collect();
        assert_eq!(
            names,
            [
                "org.apache.flink:flink-sql-connector-kafka:4.0.1-2.0",
                "org.apache.flink:flink-sql-avro:2.0.0",
                "org.apache.flink:flink-json:2.0.0"
            ]
        );
        assert_eq!(
            jars[0].url(MAVEN_CENTRAL),
            "https://repo1.maven.org/maven2/org/apache/flink/flink-sql-connector-kafka/4.0.1-2.0/flink-sql-connector-kafka-4.0.1-2.0.jar"
        );
    }

    #[test]
    fn one_line_adds_a_connector_and_a_default_can_be_replaced() {
        let sha = "ab".repeat(32);
        let jars = resolve(
            &config(&format!(
                "connectors:\n  artifacts:\n    - {{ maven: org.apache.flink:flink-connector-jdbc:4.0.0-2.0, sha256: {sha} }}\n    - {{ maven: org.apache.flink:flink-json:2.2.0 }}\n"
            )),
            Path::new("studio.yaml"),
        )
        .unwrap();
        assert_eq!(jars.len(), 4);
        assert_eq!(jars[2].version, "2.2.0");
        assert_eq!(jars[2].sha256, FLINK_2_2.json.sha256);
        assert_eq!(jars[3].artifact, "flink-connector-jdbc");
        assert_eq!(jars[3].sha256, sha);
    }

    #[test]
    fn bad_entries_name_their_key() {
        let cases = [
            ("- { maven: a:b }", "connectors.artifacts[0].maven"),
            (
                "- { maven: 'a:b:1;rm' , sha256: x }",
                "connectors.artifacts[0].maven",
            ),
            ("- { maven: a:b:1 }", "connectors.artifacts[0].sha256"),
            (
                "- { maven: a:b:1, sha256: abc }",
                "connectors.artifacts[0].sha256",
            ),
        ];
        for (entry, key) in cases {
            let err = resolve(
                &config(&format!("connectors:\n  artifacts:\n    {entry}\n")),
                Path::new("studio.yaml"),
            )
            .unwrap_err()
            .to_string();
            assert!(err.contains(key), "{entry}: {err}");
        }
    }

    #[test]
    fn unpinned_flink_lines_need_explicit_jars() {
        let mut c = config("");
        c.flink.version.release = "1.20.0".into();
        let err = resolve(&c, Path::new("studio.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("connectors.includeDefaults"), "{err}");
        assert_eq!(pins_for("2.2").unwrap().flink, "2.2.0");
        assert_eq!(pins_for("2.0.1").unwrap().flink, "2.0.0");
    }

    #[test]
    fn custom_image_renders_no_init_container() {
        assert!(pod_parts(&config("")).is_some());
        assert!(pod_parts(&config("connectors:\n  customImage: true\n")).is_none());
    }
}
