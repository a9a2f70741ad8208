//! How a run ended. The process exit codes, and their `--help` text, live in `studio-cli`'s
//! one exit-code table, which maps every variant.
use std::fmt;

/// How a run ended, from best to worst as ranked by [`ExitStatus::worst`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExitStatus {
    /// every statement succeeded.
    Success,
    /// at least one statement failed.
    StatementFailed,
    /// usage, configuration or input error (nothing was submitted).
    Usage,
    /// the SQL Gateway could not be reached.
    GatewayUnreachable,
    /// a query was cut short by its row limit or its time limit.
    Truncated,
    /// waiting for a job ran out of time.
    TimedOut,
    /// interrupted by Ctrl-C.
    Interrupted,
}

impl ExitStatus {
    /// Combines two outcomes: the more severe one wins (interrupted > unreachable >
    /// usage > timed out > failed > truncated > success).
    pub fn worst(self, other: Self) -> Self {
        fn rank(s: ExitStatus) -> u8 {
            match s {
                ExitStatus::Success => 0,
                ExitStatus::Truncated => 1,
                ExitStatus::StatementFailed => 2,
                ExitStatus::TimedOut => 3,
                ExitStatus::Usage => 4,
                ExitStatus::GatewayUnreachable => 5,
                ExitStatus::Interrupted => 6,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

impl fmt::Display for ExitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Success => "success",
            Self::StatementFailed => "statement failed",
            Self::Usage => "usage error",
            Self::GatewayUnreachable => "gateway unreachable",
            Self::Truncated => "truncated",
            Self::TimedOut => "timed out",
            Self::Interrupted => "interrupted",
        };
        f.write_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ExitStatus; 7] = [
        ExitStatus::Success,
        ExitStatus::Truncated,
        ExitStatus::StatementFailed,
        ExitStatus::TimedOut,
        ExitStatus::Usage,
        ExitStatus::GatewayUnreachable,
        ExitStatus::Interrupted,
    ];

    #[test]
    fn worst_follows_the_documented_ranking_both_ways() {
        // ALL is listed from best to worst: the later one always wins, in either order.
        for (i, better) in ALL.iter().enumerate() {
            assert_eq!(better.worst(*better), *better);
            for worse in &ALL[i + 1..] {
                assert_eq!(better.worst(*worse), *worse, "{better:?} vs {worse:?}");
                assert_eq!(worse.worst(*better), *worse, "{worse:?} vs {better:?}");
            }
        }
    }
}
