//! The `studio` and `flink-sql-executor` command lines of Flink SQL Studio.
//!
//! This crate is the only one in the workspace that talks to the terminal. Its
//! library target holds the subcommands so that both binaries share them.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod cloud;
pub mod completions;
pub mod connect;
pub mod exit;
pub mod flink;
pub mod image;
pub mod jobs;
pub mod k8s;
pub mod live_view;
pub mod local;
pub mod out;
pub mod render;
pub mod shell;
pub mod sql;

/// Runs a command's future on a multi-threaded Tokio runtime; exit code 1 if none can start.
pub fn block_on(
    command: impl std::future::Future<Output = std::process::ExitCode>,
) -> std::process::ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(command),
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            exit::Exit::Failed.into()
        }
    }
}
