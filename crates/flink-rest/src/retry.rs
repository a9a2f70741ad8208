//! Retry policy for idempotent requests.

use std::time::Duration;

/// How idempotent `GET` requests are retried.
///
/// Only `GET`s are retried, and only when the request got no response because the connection
/// failed, or when the server answered 502, 503 or 504 (a JobManager restarting behind a proxy or
/// still electing a leader). `POST`/`PATCH` requests (savepoint triggers, cancellations) are sent
/// exactly once. A `Retry-After` header (in seconds) is honoured up to [`max_backoff`](Self::max_backoff).
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
            initial_backoff: Duration::from_millis(200),
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

    /// A policy with `max_retries` retries and the given initial backoff.
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

    /// Delay before retry number `retry` (0-based), preferring the server's `Retry-After`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(16)));
        retry_after.unwrap_or(exp).min(self.max_backoff)
    }

    /// Whether an HTTP status is worth retrying for an idempotent request.
    pub(crate) fn retryable_status(status: u16) -> bool {
        matches!(status, 502..=504)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy::new(5, Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        assert_eq!(p.delay(0, None), Duration::from_millis(100));
        assert_eq!(p.delay(1, None), Duration::from_millis(200));
        assert_eq!(p.delay(2, None), Duration::from_millis(350));
        assert_eq!(p.delay(40, None), Duration::from_millis(350));
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(60))),
            Duration::from_millis(350)
        );
        assert_eq!(
            p.delay(0, Some(Duration::from_millis(10))),
            Duration::from_millis(10)
        );
    }

    #[test]
    fn only_gateway_errors_are_retryable() {
        assert!(RetryPolicy::retryable_status(502));
        assert!(RetryPolicy::retryable_status(503));
        assert!(RetryPolicy::retryable_status(504));
        assert!(!RetryPolicy::retryable_status(500));
        assert!(!RetryPolicy::retryable_status(404));
    }
}
