//! One platform: its configuration, the objects it renders, and the names studio looks up.

use std::path::{Path, PathBuf};

use studio_manifests::build::PlatformObject;
use studio_manifests::config::{LoadOptions, StudioConfig};

use crate::error::Result;
use crate::object::{self, KubeObject};

/// The field manager `studio scale` applies the TaskManager count with.
pub const SCALE_FIELD_MANAGER: &str = "flink-studio-scale";

/// The Flink configuration key that gives a native session cluster its TaskManager floor.
pub const MIN_SLOTS_KEY: &str = "slotmanager.number-of-slots.min";

/// A loaded platform configuration and its objects in apply order.
#[derive(Debug, Clone)]
pub struct Platform {
    /// The configuration.
    pub config: StudioConfig,
    /// The file it was read from.
    pub file: PathBuf,
    /// The typed objects, in apply order.
    pub objects: Vec<PlatformObject>,
}

impl Platform {
    /// Loads the configuration (file, environment overlay, `${VAR}`s) and builds its objects.
    ///
    /// # Errors
    ///
    /// The manifests' error naming the file and key.
    pub fn load(options: &LoadOptions) -> Result<Platform> {
        let config = studio_manifests::config::load(options)?;
        Self::from_config(config, &options.file)
    }

    /// Builds the objects of an already loaded configuration.
    ///
    /// # Errors
    ///
    /// The manifests' validation error naming the file and key.
    pub fn from_config(config: StudioConfig, file: &Path) -> Result<Platform> {
        let objects = studio_manifests::build::build(&config, file)?;
        Ok(Platform {
            config,
            file: file.to_owned(),
            objects,
        })
    }

    /// The objects erased for the API, in apply order.
    ///
    /// # Errors
    ///
    /// [`Error::Encoding`](crate::Error::Encoding) when an object does not serialize.
    pub fn kube_objects(&self) -> Result<Vec<KubeObject>> {
        object::from_platform(&self.objects)
    }

    /// The platform namespace.
    pub fn namespace(&self) -> &str {
        &self.config.namespace
    }

    /// The FlinkDeployment's name (the session cluster).
    pub fn cluster_name(&self) -> &str {
        &self.config.flink.cluster_name
    }

    /// The SQL Gateway Deployment's and Service's name.
    pub fn gateway_name(&self) -> &str {
        &self.config.gateway.name
    }

    /// The JobManager REST Service the operator creates (`<cluster>-rest`).
    pub fn rest_service(&self) -> String {
        format!("{}-rest", self.cluster_name())
    }

    /// Whether the platform mounts a Kafka credentials Secret, and its name.
    pub fn kafka_secret(&self) -> Option<&str> {
        let name = self.config.kafka.credentials_secret.as_str();
        (!name.is_empty()).then_some(name)
    }
}

/// The keys `studio secret kafka` writes and pipelines read from the mounted Kafka Secret:
/// username, password, the CA as PEM, and a JKS truststore with its password
/// ([`studio_manifests::secret`] builds it).
pub const KAFKA_SECRET_KEYS: &[&str] = &studio_manifests::secret::KAFKA_KEYS;
