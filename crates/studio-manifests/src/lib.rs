//! Typed Kubernetes manifests for a Flink SQL platform on GKE and AKS.
//!
//! ```
//! use std::path::Path;
//! use studio_manifests::config::StudioConfig;
//! use studio_manifests::render::{OutputFormat, render};
//!
//! let config = StudioConfig::from_yaml_str(
//!     r#"
//! cloud: gcp
//! image: flink:2.0.0
//! gcp:
//!   bucket: sbx-stag-flink-storage
//!   serviceAccount: flink-gcs@sbx-stag.iam.gserviceaccount.com
//! "#,
//!     Path::new("studio.yaml"),
//! )?;
//! // Validates (names, forbidden keys, HA, flinkVersion, quota) and builds in apply order.
//! let objects = studio_manifests::build::build(&config, Path::new("studio.yaml"))?;
//! assert_eq!(objects[0].kind(), "Namespace");
//! let yaml = render(&objects, OutputFormat::Yaml)?;
//! assert!(yaml.contains("execution.checkpointing.dir: gs://sbx-stag-flink-storage/flink/checkpoints"));
//! # Ok::<(), studio_manifests::Error>(())
//! ```
//!
//! One typed configuration ([`config::StudioConfig`], read from `studio.yaml` plus an optional
//! per-environment overlay) describes the platform: cloud, namespace, image, Flink version and
//! sizes, checkpointing, HA, storage, Kafka credentials, SQL Gateway, quota and network policies.
//! [`build::build`] validates it against what the Flink Kubernetes Operator would reject and turns
//! it into typed objects: Namespace, ServiceAccount (workload identity), Role and RoleBinding,
//! ResourceQuota, NetworkPolicies, the session-cluster `FlinkDeployment`, and the SQL Gateway
//! Deployment and Service. [`render`] prints them as deterministic YAML or JSON.
//!
//! [`crd`] holds the operator's resources (`FlinkDeployment`, `FlinkSessionJob`,
//! `FlinkStateSnapshot`) as `kube` custom resources, for operator 1.12 (string-map configuration,
//! Flink up to 2.0) and 1.13–1.15 (nested configuration, Flink 2.1/2.2).
//!
//! What this crate does not do: talk to a cluster (builders are pure; only [`config::load`]
//! reads files), render Secrets (the Kafka credentials Secret is created separately), or choose a
//! Kubernetes API version: enable a `k8s-openapi` version feature (e.g. `latest`) in your
//! binary.

pub mod build;
pub mod config;
pub mod connectors;
pub mod crd;
pub mod error;
pub mod image;
pub mod jks;
pub mod render;
pub mod secret;
pub mod validate;

pub use error::{Error, Result};
