//! studio-manifests (work in progress).
