//! Downloads Flink, its connectors and Kafka into the cache, and verifies them.
//!
//! Everything goes through the ordinary package clients (`pip download`, `mvn`), so the
//! machine's configured mirrors apply. A cache directory is complete only once its
//! manifest of checksums is written; it is checked on every use.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use crate::checksum::{verify_file, verify_manifest, write_manifest};
use crate::error::{Error, Result};
use crate::pins::{FlinkPins, KAFKA_VERSION, MAVEN_DEPENDENCY_PLUGIN, MavenJar};
use crate::progress::Progress;
use crate::tools;

/// Where the Flink jars of one version live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlinkArtifacts {
    /// The Flink version.
    pub version: String,
    /// Flink's `lib/` directory (flink-dist, table planner, json, log4j…).
    pub lib: PathBuf,
    /// `bash-java-utils.jar`, which computes the TaskManager's memory flags.
    pub bash_java_utils: PathBuf,
    /// The SQL Gateway jar.
    pub gateway_jar: PathBuf,
    /// The Kafka SQL connector and flink-sql-avro.
    pub connectors: Vec<PathBuf>,
}

/// Makes sure the pinned Flink line is in the cache, downloading what is missing.
pub fn ensure_flink(
    cache: &Path,
    pins: &FlinkPins,
    progress: &dyn Progress,
) -> Result<FlinkArtifacts> {
    let dir = cache.join(format!("flink-{}", pins.flink));
    let artifacts = FlinkArtifacts {
        version: pins.flink.to_owned(),
        lib: dir.join("lib"),
        bash_java_utils: dir.join("bin").join("bash-java-utils.jar"),
        gateway_jar: dir.join("opt").join(pins.gateway.file_name()),
        connectors: pins
            .connector_jars()
            .iter()
            .map(|j| dir.join("connectors").join(j.file_name()))
            .collect(),
    };
    let step = format!("verifying Flink {} in {}", pins.flink, dir.display());
    progress.begin(&step);
    if verify_manifest(&dir)? {
        progress.finish(&step, "cached");
        return Ok(artifacts);
    }
    progress.finish(&step, "not cached");

    let partial = partial_dir(cache, &format!("flink-{}", pins.flink))?;
    let step = format!(
        "downloading apache-flink-libraries {} from PyPI",
        pins.flink
    );
    progress.begin(&step);
    let archive = pip_download(&partial, pins)?;
    progress.finish(&step, "done");

    let step = "unpacking the Flink runtime".to_owned();
    progress.begin(&step);
    unpack_flink(&archive, &partial)?;
    std::fs::remove_dir_all(partial.join("pip"))
        .map_err(Error::io("cannot remove", partial.join("pip")))?;
    progress.finish(&step, "done");

    let step = format!(
        "downloading the SQL Gateway, Kafka connector and Avro jars for Flink {}",
        pins.flink
    );
    progress.begin(&step);
    maven_copy(&partial.join("opt"), &[pins.gateway])?;
    maven_copy(&partial.join("connectors"), &pins.connector_jars())?;
    progress.finish(&step, "done");

    commit(&partial, &dir)?;
    Ok(artifacts)
}

/// Makes sure a Kafka broker and its tools are in the cache; returns the `libs/` directory.
pub fn ensure_kafka(cache: &Path, progress: &dyn Progress) -> Result<PathBuf> {
    let dir = cache.join(format!("kafka-{KAFKA_VERSION}"));
    let step = format!("verifying Kafka {KAFKA_VERSION} in {}", dir.display());
    progress.begin(&step);
    if verify_manifest(&dir)? {
        progress.finish(&step, "cached");
        return Ok(dir.join("libs"));
    }
    progress.finish(&step, "not cached");
    let step = format!("downloading Kafka {KAFKA_VERSION} from Maven Central");
    progress.begin(&step);
    let partial = partial_dir(cache, &format!("kafka-{KAFKA_VERSION}"))?;
    let pom = partial.join("pom.xml");
    std::fs::write(&pom, kafka_pom()).map_err(Error::io("cannot write", &pom))?;
    let mvn = tools::maven()?;
    let args = vec![
        "-B".into(),
        "-q".into(),
        "--strict-checksums".into(),
        "-f".into(),
        "pom.xml".into(),
        format!("{MAVEN_DEPENDENCY_PLUGIN}:copy-dependencies"),
        "-DincludeScope=runtime".into(),
        "-DoutputDirectory=libs".into(),
    ];
    tools::run_download(&mvn, &args, &partial, &format!("Kafka {KAFKA_VERSION}"))?;
    std::fs::remove_file(&pom).map_err(Error::io("cannot remove", &pom))?;
    progress.finish(&step, "done");
    commit(&partial, &dir)?;
    Ok(dir.join("libs"))
}

/// Uses an existing Flink distribution; only the connectors (and, if the distribution lacks
/// it, the gateway jar) are downloaded.
pub fn from_flink_home(
    home: &Path,
    cache: &Path,
    progress: &dyn Progress,
) -> Result<FlinkArtifacts> {
    let lib = home.join("lib");
    let version = dist_version(&lib).ok_or_else(|| Error::BadFlinkHome {
        path: home.to_owned(),
        reason: "no lib/flink-dist-<version>.jar".into(),
    })?;
    let minor: String = version.split('.').take(2).collect::<Vec<_>>().join(".");
    let pins = FlinkPins::find(&minor)?;
    let bash_java_utils = home.join("bin").join("bash-java-utils.jar");
    if !bash_java_utils.is_file() {
        return Err(Error::BadFlinkHome {
            path: home.to_owned(),
            reason: "no bin/bash-java-utils.jar".into(),
        });
    }
    let dir = cache.join(format!("connectors-{minor}"));
    let step = format!("verifying the connectors for Flink {minor}");
    progress.begin(&step);
    if !verify_manifest(&dir)? {
        let partial = partial_dir(cache, &format!("connectors-{minor}"))?;
        maven_copy(&partial.join("connectors"), &pins.connector_jars())?;
        maven_copy(&partial.join("opt"), &[pins.gateway])?;
        commit(&partial, &dir)?;
    }
    progress.finish(&step, "ok");
    let shipped_gateway = home
        .join("opt")
        .join(format!("flink-sql-gateway-{version}.jar"));
    let gateway_jar = if shipped_gateway.is_file() {
        shipped_gateway
    } else {
        dir.join("opt").join(pins.gateway.file_name())
    };
    Ok(FlinkArtifacts {
        version,
        lib,
        bash_java_utils,
        gateway_jar,
        connectors: pins
            .connector_jars()
            .iter()
            .map(|j| dir.join("connectors").join(j.file_name()))
            .collect(),
    })
}

fn dist_version(lib: &Path) -> Option<String> {
    std::fs::read_dir(lib).ok()?.flatten().find_map(|e| {
        let name = e.file_name().into_string().ok()?;
        Some(
            name.strip_prefix("flink-dist-")?
                .strip_suffix(".jar")?
                .to_owned(),
        )
    })
}

pub(crate) fn partial_dir(cache: &Path, name: &str) -> Result<PathBuf> {
    let dir = cache.join(format!("{name}.partial-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(Error::io("cannot remove", &dir))?;
    }
    std::fs::create_dir_all(&dir).map_err(Error::io("cannot create", &dir))?;
    Ok(dir)
}

/// Writes the manifest and moves the finished directory into place.
pub(crate) fn commit(partial: &Path, dir: &Path) -> Result<()> {
    write_manifest(partial)?;
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(Error::io("cannot remove", dir))?;
    }
    std::fs::rename(partial, dir).map_err(Error::io("cannot move into place", dir))
}

fn pip_download(partial: &Path, pins: &FlinkPins) -> Result<PathBuf> {
    let pip = tools::pip()?;
    let dest = partial.join("pip");
    let args = vec![
        "download".into(),
        "--no-deps".into(),
        "--disable-pip-version-check".into(),
        "--dest".into(),
        dest.display().to_string(),
        format!("apache-flink-libraries=={}", pins.flink),
    ];
    tools::run_download(
        &pip,
        &args,
        partial,
        &format!("apache-flink-libraries {}", pins.flink),
    )?;
    let archive = dest.join(pins.libraries_file);
    if !archive.is_file() {
        return Err(Error::BadArchive {
            path: dest,
            reason: format!("pip did not produce {}", pins.libraries_file),
        });
    }
    verify_file(&archive, pins.libraries_sha256)?;
    Ok(archive)
}

pub(crate) fn maven_copy(out: &Path, jars: &[MavenJar]) -> Result<()> {
    let mvn = tools::maven()?;
    std::fs::create_dir_all(out).map_err(Error::io("cannot create", out))?;
    for jar in jars {
        let args = vec![
            "-B".into(),
            "-q".into(),
            "--strict-checksums".into(),
            format!("{MAVEN_DEPENDENCY_PLUGIN}:copy"),
            format!("-Dartifact={}", jar.coordinates()),
            format!("-DoutputDirectory={}", out.display()),
        ];
        tools::run_download(&mvn, &args, out, &jar.coordinates())?;
        verify_file(&out.join(jar.file_name()), jar.sha256)?;
    }
    Ok(())
}

/// Where a file inside apache-flink-libraries goes, relative to the Flink directory.
///
/// The sdist keeps jars under `*/deps/{lib,bin}/`, the wheel under `pyflink/{lib,bin}/`.
fn flink_target(entry: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = entry.split('/').filter(|p| !p.is_empty()).collect();
    let [.., root, kind, file] = parts.as_slice() else {
        return None;
    };
    if !matches!(*root, "deps" | "pyflink") || !file.ends_with(".jar") {
        return None;
    }
    match *kind {
        "lib" => Some(Path::new("lib").join(file)),
        "bin" if *file == "bash-java-utils.jar" => Some(Path::new("bin").join(file)),
        _ => None,
    }
}

fn unpack_flink(archive: &Path, dest: &Path) -> Result<()> {
    let name = archive.display().to_string();
    if name.ends_with(".whl") || name.ends_with(".zip") {
        unpack_zip(archive, dest)?;
    } else {
        unpack_tar_gz(archive, dest)?;
    }
    let lib = dest.join("lib");
    if dist_version(&lib).is_none() || !dest.join("bin/bash-java-utils.jar").is_file() {
        return Err(Error::BadArchive {
            path: archive.to_owned(),
            reason: "it lacks lib/flink-dist-*.jar or bin/bash-java-utils.jar".into(),
        });
    }
    Ok(())
}

fn unpack_tar_gz(archive: &Path, dest: &Path) -> Result<()> {
    let file = File::open(archive).map_err(Error::io("cannot open", archive))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let bad = |e: io::Error| Error::BadArchive {
        path: archive.to_owned(),
        reason: e.to_string(),
    };
    for entry in tar.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        let path = entry.path().map_err(bad)?.to_string_lossy().into_owned();
        if let Some(target) = flink_target(&path) {
            let out = dest.join(target);
            create_parent(&out)?;
            entry
                .unpack(&out)
                .map_err(Error::io("cannot unpack", &out))?;
        }
    }
    Ok(())
}

fn unpack_zip(archive: &Path, dest: &Path) -> Result<()> {
    let file = File::open(archive).map_err(Error::io("cannot open", archive))?;
    let bad = |e: zip::result::ZipError| Error::BadArchive {
        path: archive.to_owned(),
        reason: e.to_string(),
    };
    let mut zip = zip::ZipArchive::new(file).map_err(bad)?;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(bad)?;
        let name = entry.name().map_err(bad)?.into_owned();
        if let Some(target) = flink_target(&name) {
            let out = dest.join(target);
            create_parent(&out)?;
            let mut file = File::create(&out).map_err(Error::io("cannot create", &out))?;
            io::copy(&mut entry, &mut file).map_err(Error::io("cannot unpack", &out))?;
        }
    }
    Ok(())
}

fn create_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(Error::io("cannot create", parent)),
        None => Ok(()),
    }
}

fn kafka_pom() -> String {
    let deps = [
        ("org.apache.kafka", "kafka_2.13", KAFKA_VERSION),
        ("org.apache.kafka", "kafka-tools", KAFKA_VERSION),
        // Kafka 4 logs through SLF4J 2 to Log4j 2; pin the binding so logs reach our file.
        ("org.slf4j", "slf4j-api", "2.0.17"),
        ("org.apache.logging.log4j", "log4j-slf4j2-impl", "2.24.3"),
        ("org.apache.logging.log4j", "log4j-core", "2.24.3"),
    ];
    let deps: String = deps
        .iter()
        .map(|(g, a, v)| {
            format!("    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>\n")
        })
        .collect();
    format!(
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n  \
         <groupId>dev.flink-studio</groupId><artifactId>kafka-local</artifactId><version>1</version>\n  \
         <packaging>pom</packaging>\n  <dependencies>\n{deps}  </dependencies>\n</project>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_sdist_and_wheel_layouts() {
        assert_eq!(
            flink_target("apache-flink-libraries-2.0.0/deps/lib/flink-dist-2.0.0.jar"),
            Some(PathBuf::from("lib/flink-dist-2.0.0.jar"))
        );
        assert_eq!(
            flink_target("pyflink/lib/flink-json-2.2.0.jar"),
            Some(PathBuf::from("lib/flink-json-2.2.0.jar"))
        );
        assert_eq!(
            flink_target("pyflink/bin/bash-java-utils.jar"),
            Some(PathBuf::from("bin/bash-java-utils.jar"))
        );
        assert_eq!(flink_target("pyflink/opt/flink-python-2.2.0.jar"), None);
        assert_eq!(
            flink_target("pyflink/plugins/metrics-jmx/flink-metrics-jmx-2.2.0.jar"),
            None
        );
        assert_eq!(flink_target("pyflink/lib/README.txt"), None);
    }

    #[test]
    fn kafka_pom_names_broker_and_tools() {
        let pom = kafka_pom();
        assert!(pom.contains(&format!(
            "<artifactId>kafka_2.13</artifactId><version>{KAFKA_VERSION}"
        )));
        assert!(pom.contains("kafka-tools"));
    }

    #[test]
    fn bad_flink_home_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = from_flink_home(dir.path(), dir.path(), &crate::progress::Silent).unwrap_err();
        assert!(matches!(err, Error::BadFlinkHome { .. }), "{err}");
        assert!(err.to_string().contains("flink-dist"), "{err}");
    }
}
