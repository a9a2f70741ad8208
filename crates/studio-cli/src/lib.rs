//! The `studio` and `flink-sql-executor` command lines of Flink SQL Studio.
//!
//! This crate is the only one in the workspace that talks to the terminal. Its
//! library target holds the subcommands so that both binaries share them.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod local;
pub mod render;
pub mod sql;
