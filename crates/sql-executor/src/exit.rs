//! Process exit statuses of a run.
use std::fmt;

/// How a run ended; each variant maps to a distinct, documented exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExitStatus {
    /// 0: every statement succeeded.
    Success,
    /// 1: at least one statement failed.
    StatementFailed,
    /// 2: usage, configuration or input error (nothing was submitted).
    Usage,
    /// 3: the SQL Gateway could not be reached.
    GatewayUnreachable,
    /// 4: a query was cut short by `--max-rows` or `--timeout`.
    Truncated,
    /// 9: waiting for a job (`--wait`) ran out of time.
    TimedOut,
    /// 130: interrupted by Ctrl-C.
    Interrupted,
}

impl ExitStatus {
    /// The numeric process exit code.
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::StatementFailed => 1,
            Self::Usage => 2,
            Self::GatewayUnreachable => 3,
            Self::Truncated => 4,
            Self::TimedOut => 9,
            Self::Interrupted => 130,
        }
    }

    /// The help text listing every exit code, for `--help`.
    pub const HELP: &'static str = "Exit codes:\n  0    every statement succeeded\n  1    a statement failed\n  2    usage, configuration or input error (nothing submitted)\n  3    the SQL Gateway is unreachable\n  4    a query was truncated by --max-rows or --timeout\n  9    a --wait ran out of time\n  130  interrupted (Ctrl-C); the running operation was cancelled";

    /// Combines two outcomes: the more severe one wins (interrupted > unreachable >
    /// failed > truncated > success; usage errors happen before anything runs).
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
        write!(f, "{text} (exit {})", self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_documented() {
        let all = [
            ExitStatus::Success,
            ExitStatus::StatementFailed,
            ExitStatus::Usage,
            ExitStatus::GatewayUnreachable,
            ExitStatus::Truncated,
            ExitStatus::TimedOut,
            ExitStatus::Interrupted,
        ];
        let mut codes: Vec<u8> = all.iter().map(|s| s.code()).collect();
        codes.dedup();
        assert_eq!(codes, [0, 1, 2, 3, 4, 9, 130]);
        for code in codes {
            assert!(ExitStatus::HELP.contains(&format!("  {code} ")), "{code}");
        }
        assert_eq!(
            ExitStatus::Truncated.worst(ExitStatus::StatementFailed),
            ExitStatus::StatementFailed
        );
        assert_eq!(
            ExitStatus::Interrupted.worst(ExitStatus::Success),
            ExitStatus::Interrupted
        );
    }
}
