//! `studio sql` (placeholder until its issue lands).
use std::process::ExitCode;

/// Arguments of `studio sql`.
#[derive(Debug, clap::Args)]
pub struct SqlArgs {}

/// Runs `studio sql`.
pub async fn run(_args: SqlArgs) -> ExitCode {
    ExitCode::from(2)
}
