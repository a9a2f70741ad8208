//! `studio render` (placeholder until its issue lands).
use std::process::ExitCode;

/// Arguments of `studio render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {}

/// Runs `studio render`.
pub async fn run(_args: RenderArgs) -> ExitCode {
    ExitCode::from(2)
}
