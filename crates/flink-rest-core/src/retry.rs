//! Retry policy for idempotent requests, and the backoff arithmetic shared with polling loops.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How idempotent requests are retried.
///
/// A request marked idempotent is retried when it got no response (see [`TransientErrors`]) or
/// when the server answered 502, 503 or 504 (a JobManager or gateway restarting behind a proxy,
/// or still electing a leader). Non-idempotent requests (statement submission, savepoint
/// triggers, cancellations) are sent exactly once. Where the connection honours it, a
/// `Retry-After` header (in seconds) replaces the computed delay, still capped at
/// [`max_backoff`](Self::max_backoff).
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
    /// 3 retries, 200 ms doubling, at most 2 s per delay.
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

    /// Delay before retry number `retry` (0-based): `initial_backoff × 2^retry`, capped.
    pub fn backoff(&self, retry: u32) -> Duration {
        exp_backoff(self.initial_backoff, self.max_backoff, retry)
    }

    /// Delay before retry number `retry` (0-based), preferring the server's `Retry-After`;
    /// either way capped at [`max_backoff`](Self::max_backoff).
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(d) => d.min(self.max_backoff),
            None => self.backoff(retry),
        }
    }

    /// Whether an HTTP status is worth retrying for an idempotent request (502, 503, 504).
    pub fn retryable_status(status: u16) -> bool {
        matches!(status, 502..=504)
    }
}

/// Which failures without a (complete) response count as transient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TransientErrors {
    /// Only failures to connect: the request certainly never reached the server.
    #[default]
    Connect,
    /// Any failure without a complete response: connect errors, resets, timeouts, bodies cut
    /// short.
    NoResponse,
}

impl TransientErrors {
    /// Whether `error` is worth retrying for an idempotent request.
    pub fn matches(self, error: &reqwest::Error) -> bool {
        match self {
            TransientErrors::Connect => error.is_connect(),
            // `bytes()` reports a body cut short as a decode error.
            TransientErrors::NoResponse => {
                error.is_connect() || error.is_request() || error.is_body() || error.is_decode()
            }
        }
    }
}

/// `initial × 2^n`, capped at `max` (for retries and for polling loops).
pub fn exp_backoff(initial: Duration, max: Duration, n: u32) -> Duration {
    initial
        .saturating_mul(2u32.saturating_pow(n.min(20)))
        .min(max)
}

/// The `Retry-After` header in seconds (the HTTP-date form is ignored).
pub fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

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
        let d: Vec<_> = (0..5).map(|i| p.backoff(i).as_millis()).collect();
        assert_eq!(d, vec![100, 200, 350, 350, 350]);
        assert_eq!(
            exp_backoff(Duration::from_millis(1), Duration::from_secs(1), u32::MAX),
            Duration::from_secs(1)
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

    #[test]
    fn retry_after_is_parsed_in_seconds() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(parse_retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(parse_retry_after(&h), None);
    }
}
