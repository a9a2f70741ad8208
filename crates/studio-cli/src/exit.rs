//! The one exit-code table of every `studio` command and of `flink-sql-executor`.
//!
//! Commands return an [`Exit`]; `--help` shows [`help_text`], built from [`TABLE`], so the
//! documented codes and the returned ones cannot drift apart.
use std::process::ExitCode;

/// How a command ended. Each variant is one documented process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Exit {
    /// Everything succeeded (and, for a dry-run, nothing would change).
    Success,
    /// A statement, check, job or apply failed.
    Failed,
    /// Usage, configuration or input error; nothing was changed.
    Usage,
    /// The SQL Gateway, the JobManager, the Kubernetes API or the Docker engine could not be
    /// reached.
    Unreachable,
    /// A query was cut short by `--max-rows` or `--timeout`.
    Truncated,
    /// A dry-run found changes that a real run would make.
    ChangesPending,
    /// Refused before changing anything: not confirmed, `--yes` missing without a terminal,
    /// a quota that would be exceeded, or running jobs that would be lost.
    Refused,
    /// What was named (a job, a savepoint, an object) does not exist.
    NotFound,
    /// A monitored threshold (state size, checkpoint age) was breached.
    Threshold,
    /// A wait (`--wait`, `--timeout`) ran out of time.
    TimedOut,
    /// The identity used was not allowed to do what was asked.
    Forbidden,
    /// A local component failed to start or died, or a download failed its checksum.
    ComponentFailed,
    /// Interrupted by Ctrl-C; the running operation was cancelled.
    Interrupted,
}

/// Every code with its meaning, in the order `--help` lists them.
pub const TABLE: &[(Exit, u8, &str)] = &[
    (
        Exit::Success,
        0,
        "success (a dry-run: nothing would change)",
    ),
    (Exit::Failed, 1, "a statement, check, job or apply failed"),
    (
        Exit::Usage,
        2,
        "usage, configuration or input error; nothing was changed",
    ),
    (
        Exit::Unreachable,
        3,
        "the SQL Gateway, JobManager, Kubernetes API or Docker engine is unreachable",
    ),
    (
        Exit::Truncated,
        4,
        "a query was truncated by --max-rows or --timeout",
    ),
    (
        Exit::ChangesPending,
        5,
        "a dry-run found changes a real run would make",
    ),
    (
        Exit::Refused,
        6,
        "refused: not confirmed, --yes missing, quota exceeded or jobs running",
    ),
    (
        Exit::NotFound,
        7,
        "the job, savepoint or object does not exist",
    ),
    (
        Exit::Threshold,
        8,
        "a state-size or checkpoint-age threshold was breached",
    ),
    (Exit::TimedOut, 9, "a wait ran out of time"),
    (
        Exit::Forbidden,
        10,
        "permission denied for the identity used",
    ),
    (
        Exit::ComponentFailed,
        11,
        "a local component failed to start or died, or a download failed",
    ),
    (
        Exit::Interrupted,
        130,
        "interrupted (Ctrl-C); the running operation was cancelled",
    ),
];

impl Exit {
    /// The numeric process exit code.
    pub fn code(self) -> u8 {
        TABLE
            .iter()
            .find(|(exit, _, _)| *exit == self)
            .map_or(1, |(_, code, _)| *code)
    }

    /// The more severe of two outcomes, for commands that do several things.
    pub fn worst(self, other: Self) -> Self {
        fn rank(exit: Exit) -> u8 {
            match exit {
                Exit::Success => 0,
                Exit::ChangesPending => 1,
                Exit::Truncated => 2,
                Exit::Threshold => 3,
                Exit::Failed => 4,
                Exit::NotFound => 5,
                Exit::TimedOut => 6,
                Exit::Refused => 7,
                Exit::Usage => 8,
                Exit::Forbidden => 9,
                Exit::ComponentFailed => 10,
                Exit::Unreachable => 11,
                Exit::Interrupted => 12,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// The `Exit codes:` section shown at the end of every command's `--help`.
pub fn help_text() -> String {
    let mut text = String::from("Exit codes:\n");
    for (_, code, meaning) in TABLE {
        text.push_str(&format!("  {code:<4} {meaning}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        let mut codes: Vec<u8> = TABLE.iter().map(|(_, code, _)| *code).collect();
        let len = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), len);
    }

    #[test]
    fn every_variant_maps_to_its_row() {
        for (exit, code, _) in TABLE {
            assert_eq!(exit.code(), *code);
            assert!(help_text().contains(&format!("  {code:<4} ")));
        }
    }

    #[test]
    fn worst_prefers_the_more_severe() {
        assert_eq!(Exit::Success.worst(Exit::Failed), Exit::Failed);
        assert_eq!(Exit::Interrupted.worst(Exit::Failed), Exit::Interrupted);
        assert_eq!(
            Exit::ChangesPending.worst(Exit::Success),
            Exit::ChangesPending
        );
    }
}
