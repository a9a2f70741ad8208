//! `flink-sql-executor`: the seed platform's SQL executor, same flags, done right.
//!
//! `--sql-file/--file`, `--sql`, `--env-file` and `--sql-gateway-url` behave as in the
//! seed's Python executor; `config.yaml` (`sql_gateway.url`, `logging.level`) is read
//! with `--config`. Everything else is shared with `studio sql`.
#![allow(clippy::print_stderr)]

use std::process::ExitCode;

use clap::Parser;
use studio_cli::sql::{self, SqlArgs};

/// Run Flink SQL files or inline SQL through a Flink SQL Gateway.
#[derive(Debug, Parser)]
#[command(
    name = "flink-sql-executor",
    version,
    about = "Run Flink SQL files or inline SQL through a Flink SQL Gateway",
    long_about = None
)]
struct Cli {
    #[command(flatten)]
    args: SqlArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    studio_cli::block_on(sql::run(cli.args))
}
