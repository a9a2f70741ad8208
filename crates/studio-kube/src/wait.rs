//! `--wait`: poll readiness until ready, failed or the deadline, reporting each change.

use std::time::{Duration, Instant};

use crate::error::Result;
use crate::events::{Warning, recent_warnings};
use crate::platform::Platform;
use crate::readiness::{Readiness, read};
use crate::target::Target;

/// How long and how often to poll.
#[derive(Debug, Clone, Copy)]
pub struct WaitOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// Time between polls.
    pub interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(300),
            interval: Duration::from_secs(1),
        }
    }
}

/// How a wait ended.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum WaitOutcome {
    /// Both the session cluster and the gateway are ready.
    Ready {
        /// The final state.
        state: Readiness,
        /// Time taken.
        waited: Duration,
    },
    /// The operator reports a failure; waiting longer would not help.
    Failed {
        /// The last state, with `status.error`.
        state: Readiness,
        /// Recent Warning events of the namespace.
        warnings: Vec<Warning>,
    },
    /// The deadline passed.
    TimedOut {
        /// The last state seen.
        state: Readiness,
        /// Recent Warning events of the namespace.
        warnings: Vec<Warning>,
        /// Time waited.
        waited: Duration,
    },
}

/// Polls until the platform is ready, failed, or `options.timeout` passes. `on_change` is
/// called with every state that differs from the previous one. Bounded in time; the number of
/// polls is at most `timeout / interval + 1`.
///
/// # Errors
///
/// An API error while reading the state.
pub async fn wait_ready(
    target: &Target,
    platform: &Platform,
    options: WaitOptions,
    mut on_change: impl FnMut(&Readiness),
) -> Result<WaitOutcome> {
    let start = Instant::now();
    let mut last: Option<Readiness> = None;
    loop {
        let state = read(target, platform).await?;
        if last.as_ref() != Some(&state) {
            on_change(&state);
        }
        if state.is_ready() {
            return Ok(WaitOutcome::Ready {
                state,
                waited: start.elapsed(),
            });
        }
        if state.cluster.is_failed() {
            let warnings = recent_warnings(target, platform.namespace(), 10)
                .await
                .unwrap_or_default();
            return Ok(WaitOutcome::Failed { state, warnings });
        }
        if start.elapsed() + options.interval > options.timeout {
            let warnings = recent_warnings(target, platform.namespace(), 10)
                .await
                .unwrap_or_default();
            return Ok(WaitOutcome::TimedOut {
                state,
                warnings,
                waited: start.elapsed(),
            });
        }
        last = Some(state);
        tokio::time::sleep(options.interval).await;
    }
}
