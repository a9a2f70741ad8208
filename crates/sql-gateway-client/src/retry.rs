//! Backoff policies: retries of idempotent requests, and polling while results are not ready.

use std::time::Duration;

/// How idempotent requests (`GET`s and heartbeats) are retried.
///
/// A request is retried when it got no response (connect error, reset) or the answer was
/// 502, 503 or 504. Statement submission and other non-idempotent calls are sent once.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// Delay before the first retry; doubled on each further retry.
    pub initial_backoff: Duration,
    /// Upper bound for a single delay.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// `max_retries` retries starting at `initial_backoff`, doubling up to 2 s.
    pub fn new(max_retries: u32, initial_backoff: Duration) -> Self {
        Self {
            max_retries,
            initial_backoff,
            ..Self::default()
        }
    }

    /// Sets the upper bound for a single delay.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Delay before retry number `retry` (0-based).
    pub(crate) fn delay(&self, retry: u32) -> Duration {
        exp_backoff(self.initial_backoff, self.max_backoff, retry)
    }
}

/// `initial × 2^n`, capped at `max`.
pub(crate) fn exp_backoff(initial: Duration, max: Duration, n: u32) -> Duration {
    initial
        .saturating_mul(2u32.saturating_pow(n.min(20)))
        .min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy::new(5, Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        let d: Vec<_> = (0..5).map(|i| p.delay(i).as_millis()).collect();
        assert_eq!(d, vec![100, 200, 350, 350, 350]);
        assert_eq!(
            exp_backoff(Duration::from_millis(1), Duration::from_secs(1), u32::MAX),
            Duration::from_secs(1)
        );
    }
}
