//! Kubernetes operations of Flink SQL Studio: deploy, status, scale and cleanup of the
//! platform that [`studio_manifests`] renders, through kube-rs and server-side apply.
//!
//! ```no_run
//! use std::path::PathBuf;
//! use studio_kube::{ApplyOptions, Platform, Target, TargetOptions, apply, preflight};
//! use studio_manifests::config::LoadOptions;
//!
//! # async fn run() -> studio_kube::Result<()> {
//! let platform = Platform::load(&LoadOptions {
//!     file: PathBuf::from("studio.yaml"),
//!     env: None,
//!     cloud: None,
//!     process_env: std::env::vars().collect(),
//! })?;
//! // kubectl's rules: --kubeconfig, else KUBECONFIG (several files), else ~/.kube/config.
//! let target = Target::resolve(&TargetOptions::default()).await?;
//! println!("deploying to {} ({}), namespace {}", target.context, target.server, platform.namespace());
//! for check in preflight::run(&target, &platform).await? {
//!     assert!(check.ok, "{}: {}", check.name, check.detail);
//! }
//! let objects = studio_kube::deploy::objects(&target, &platform).await?;
//! let report = apply::apply(&target, &objects, &ApplyOptions::default()).await;
//! for (object, outcome, _version) in &report.applied {
//!     println!("{object} {outcome}");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Design
//!
//! * Typed objects need no discovery: every object's API resource comes from its Rust type
//!   ([`KubeObject`]).
//! * Objects are applied stage by stage (namespace; identities, policies, services; bindings;
//!   workloads), concurrently within a stage, with field manager [`apply::FIELD_MANAGER`].
//!   Each object is reported as created, configured or unchanged (same `resourceVersion`); a
//!   refusal stops later stages and the [`ApplyReport`](apply::ApplyReport) lists what was and
//!   was not applied.
//! * `--dry-run` is a server-side dry-run compared with the live object ([`diff`]).
//! * Errors keep what the user needs: the server and context of an unreachable cluster, the
//!   verb, resource, namespace and user of a 403, the field paths of a rejected object.
//! * No wording for terminals here: the CLI turns [`preflight::Fix`] and the reports into
//!   messages and exit codes.

pub mod apply;
pub mod cleanup;
pub mod crds;
pub mod deploy;
pub mod diff;
pub mod doctor;
mod error;
pub mod events;
pub mod jobs;
pub mod object;
pub mod operator;
pub mod platform;
pub mod portforward;
pub mod preflight;
pub mod readiness;
pub mod resources;
pub mod scale;
pub mod status;
mod target;
pub mod wait;

pub use apply::ApplyOptions;
pub use error::{Error, Result};
pub use object::{KubeObject, ObjectRef};
pub use platform::Platform;
pub use target::{Target, TargetOptions};
