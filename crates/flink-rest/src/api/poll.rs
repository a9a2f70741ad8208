//! The one bounded poll loop behind every `wait*` helper.

use std::future::Future;

use tokio::time::Instant;

use crate::api::PollOptions;
use crate::error::{Error, Result};

/// What one poll found: the final answer, or the state seen so far (for the timeout error).
pub(crate) enum Poll<T> {
    /// Done: stop polling with this value.
    Ready(T),
    /// Not yet; this is what was seen.
    Pending(String),
}

/// Calls `probe` until it is [`Poll::Ready`] or fails, at most `opts.max_polls` times and never
/// sleeping past `opts.timeout`; then [`Error::WaitTimeout`] names `what` and the last state.
pub(crate) async fn poll_until<T, Fut>(
    opts: &PollOptions,
    what: impl FnOnce() -> String,
    mut probe: impl FnMut() -> Fut,
) -> Result<T>
where
    Fut: Future<Output = Result<Poll<T>>>,
{
    let start = Instant::now();
    let mut last_seen = None;
    for poll in 0..opts.max_polls {
        if poll > 0 {
            if start.elapsed() + opts.interval > opts.timeout {
                break;
            }
            tokio::time::sleep(opts.interval).await;
        }
        match probe().await? {
            Poll::Ready(value) => return Ok(value),
            Poll::Pending(seen) => last_seen = Some(seen),
        }
    }
    Err(Error::WaitTimeout {
        what: what(),
        waited: start.elapsed(),
        last_seen: last_seen.unwrap_or_else(|| "nothing".to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn opts(timeout_ms: u64, interval_ms: u64, max_polls: u32) -> PollOptions {
        let mut opts = PollOptions::new(
            Duration::from_millis(timeout_ms),
            Duration::from_millis(interval_ms),
        );
        opts.max_polls = max_polls;
        opts
    }

    #[tokio::test(start_paused = true)]
    async fn stops_after_max_polls_naming_the_last_state() {
        let mut calls = 0;
        let result: Result<()> = poll_until(
            &opts(60_000, 10, 3),
            || "the thing".into(),
            || {
                calls += 1;
                let seen = format!("state {calls}");
                async move { Ok(Poll::Pending(seen)) }
            },
        )
        .await;
        assert_eq!(calls, 3);
        match result {
            Err(Error::WaitTimeout {
                what, last_seen, ..
            }) => {
                assert_eq!(what, "the thing");
                assert_eq!(last_seen, "state 3");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn stops_before_sleeping_past_the_timeout() {
        let mut calls = 0;
        let result: Result<()> = poll_until(
            &opts(250, 100, 1000),
            || "x".into(),
            || {
                calls += 1;
                async { Ok(Poll::Pending("running".into())) }
            },
        )
        .await;
        // Polls at 0, 100 and 200 ms; a fourth would end at 300 ms, past 250.
        assert_eq!(calls, 3);
        assert!(matches!(result, Err(Error::WaitTimeout { .. })));
    }

    #[tokio::test(start_paused = true)]
    async fn returns_the_ready_value_and_passes_errors_through() {
        let mut calls = 0;
        let value = poll_until(
            &opts(60_000, 10, 100),
            || "x".into(),
            || {
                calls += 1;
                let n = calls;
                async move {
                    Ok(if n == 2 {
                        Poll::Ready(n)
                    } else {
                        Poll::Pending(String::new())
                    })
                }
            },
        )
        .await
        .unwrap();
        assert_eq!(value, 2);
        let err: Result<()> = poll_until(
            &opts(60_000, 10, 100),
            || "x".into(),
            || async {
                Err(Error::Config {
                    what: "w".into(),
                    reason: "r".into(),
                })
            },
        )
        .await;
        assert!(matches!(err, Err(Error::Config { .. })));
    }
}
