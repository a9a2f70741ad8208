//! studio-local (work in progress).
