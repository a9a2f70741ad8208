//! `studio local`: the local stack.
use std::process::ExitCode;

/// Arguments of `studio local`.
#[derive(Debug, clap::Args)]
pub struct LocalArgs {}

/// Runs `studio local`.
pub async fn run(_args: LocalArgs) -> ExitCode {
    ExitCode::from(2)
}
