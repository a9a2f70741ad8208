//! `flink-sql-executor`: the seed platform's executor, same flags (placeholder).
fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(2)
}
