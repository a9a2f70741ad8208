//! Handlers, one per API area. Created from [`Client`](crate::Client); cheap, borrow the client.

mod checkpoints;
mod jobs;
mod poll;
mod savepoints;
mod taskmanagers;

use std::time::Duration;

pub use checkpoints::CheckpointsHandler;
pub use jobs::JobsHandler;
pub use savepoints::SavepointsHandler;
pub use taskmanagers::TaskManagersHandler;

/// Bounds for the polling helpers ([`SavepointsHandler::wait`], [`JobsHandler::wait_for_status`]).
///
/// Polling stops at whichever comes first: `timeout` elapsed or `max_polls` requests made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PollOptions {
    /// Total time to wait.
    pub timeout: Duration,
    /// Delay between polls.
    pub interval: Duration,
    /// Upper bound on status requests.
    pub max_polls: u32,
}

impl Default for PollOptions {
    /// 5 minutes, polling every 500 ms, at most 600 polls.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            interval: Duration::from_millis(500),
            max_polls: 600,
        }
    }
}

impl PollOptions {
    /// Polls every `interval` for at most `timeout` (the poll count follows from both).
    pub fn new(timeout: Duration, interval: Duration) -> Self {
        let interval = interval.max(Duration::from_millis(1));
        let polls = timeout.as_millis() / interval.as_millis() + 2;
        Self {
            timeout,
            interval,
            max_polls: u32::try_from(polls).unwrap_or(u32::MAX),
        }
    }
}
