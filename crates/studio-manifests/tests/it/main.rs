//! Integration tests of studio-manifests (one binary to keep link time down).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod config;
mod connectors;
mod crd_schema;
mod crd_types;
mod image;
mod kafka_secret;
mod roundtrip;
mod snapshots;
mod support;
mod validation;
