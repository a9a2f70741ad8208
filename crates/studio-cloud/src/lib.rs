//! GCP and Azure Workload Identity setup through the clouds' REST APIs.
//!
//! This crate is reserved for the cloud identity work (GCP IAM and Azure ARM
//! calls). It has no public API yet: nothing here pretends to work.
