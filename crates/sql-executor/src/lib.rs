//! Run `.sql` pipelines against the Apache Flink SQL Gateway.
//!
//! The executor splits SQL with `sqlparser`'s tokenizer (semicolons in strings,
//! quoted identifiers and comments never split; statement sets stay whole),
//! substitutes `${NAME}`, `${NAME:-default}` and `${NAME:?message}` from `.env`
//! files, the environment and `--var`, masks secret values in everything it
//! writes, and renders results as a table, a changelog, JSON Lines or CSV.
//!
//! ```
//! use sql_executor::{Plan, Source, StatementKind, Variables};
//!
//! let mut vars = Variables::new();
//! vars.set("KAFKA_PASSWORD", "hunter2");
//! let sql = "SET 'parallelism.default' = '1';\n\
//!            CREATE TABLE t (s STRING) WITH ('connector' = 'datagen', 'pw' = '${KAFKA_PASSWORD}');\n\
//!            SELECT 'a;b' FROM t";
//! let plan = Plan::build(&[Source::inline(sql)], &vars)?;
//! let kinds: Vec<_> = plan.statements.iter().map(|s| s.kind).collect();
//! assert_eq!(kinds, [StatementKind::Set, StatementKind::Ddl, StatementKind::Query]);
//! assert!(plan.statements[1].masked_sql().contains("'pw' = '***'"));
//!
//! let mut out = Vec::new();
//! plan.write_json_lines(&mut out)?;
//! assert!(!String::from_utf8_lossy(&out).contains("hunter2"));
//! # Ok::<(), sql_executor::Error>(())
//! ```
//!
//! Running a pipeline against a gateway (this is what `studio sql` and `studio local demo` do):
//!
//! ```no_run
//! use std::path::Path;
//! use sql_executor::{ExitStatus, OutputFormat, Plan, RunOptions, Source, Variables, run_pipeline};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let source = Source::from_file(Path::new("examples/pipelines/quickstart.sql"))?;
//! let plan = Plan::build(&[source], &Variables::new())?;
//! let options = RunOptions { output: OutputFormat::Table, ..RunOptions::default() };
//! let (mut out, mut diag) = (std::io::stdout(), std::io::stderr());
//! let ctrl_c = async {
//!     let _ = tokio::signal::ctrl_c().await;
//! };
//! // A configured client: auth, CA certificates and headers are set on its builder.
//! let gateway = sql_gateway_client::Client::new("http://127.0.0.1:8083")?;
//! // Optional: with the JobManager known, `wait` reads typed job status and root causes, and
//! // jobs of cut-short queries are cancelled there when the gateway is gone.
//! let jobmanager = flink_rest::Client::new("http://127.0.0.1:8081")?;
//! let report = run_pipeline(&gateway, Some(&jobmanager), &plan, &options, &mut out, &mut diag, ctrl_c).await;
//! assert_eq!(report.status, ExitStatus::Success);
//! # Ok(())
//! # }
//! ```

mod classify;
mod config;
mod dialect;
pub mod display;
mod error;
mod exec;
mod exit;
mod gateway;
mod mask;
mod observe;
mod plan;
mod render;
mod report;
mod source;
mod split;
mod vars;

pub use classify::StatementKind;
pub use config::{Config, DEFAULT_GATEWAY_URL, GatewaySection, LogLevel, LoggingSection};
pub use error::{Error, VariableProblem};
pub use exec::run_pipeline;
pub use exit::ExitStatus;
pub use mask::{MASK, Masker, MaskingWriter, SECRET_NAME_FRAGMENTS, is_secret_name};
pub use observe::{Observer, PageEvent, RunObserver, TextRow};
pub use plan::{Plan, PlannedStatement};
pub use render::{Cells, DEFAULT_TABLE_MEMORY_LIMIT, OutputFormat, ResultWriter, Text};
pub use report::{
    JobCleanup, JobEnd, Limit, Mode, Outcome, RunOptions, RunReport, StatementReport,
};
pub use source::Source;
pub use split::{RawStatement, split};
pub use sql_gateway_client::{JobId, RowKind, Value};
pub use vars::{Origin, UsedVariable, Variables, is_valid_name};
