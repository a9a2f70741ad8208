//! Reducing a Java stack trace (as Flink returns it in `errors`, exception histories and
//! savepoint failures) to a one-line root cause.

/// Returns the one-line root cause of a Java stack trace.
///
/// That is the deepest top-level `Caused by:` line (without the prefix) or, if the trace has no
/// cause chain, its first non-empty line. `Caused by:` lines inside indented `Suppressed:` blocks
/// are ignored because they describe secondary failures. Text that is not a stack trace (Flink
/// also sends plain messages such as `Unable to load requested file /nope.`) is returned trimmed.
///
/// ```
/// let trace = "org.apache.flink.runtime.rest.handler.RestHandlerException: Job could not be found.\n\
///     \tat org.apache.flink.runtime.rest.handler.job.JobCancellationHandler.lambda$handleRequest$0(JobCancellationHandler.java:128)\n\
///     Caused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (00000000000000000000000000000000)\n\
///     \tat org.apache.flink.runtime.dispatcher.Dispatcher.cancelJob(Dispatcher.java:829)\n";
/// assert_eq!(
///     flink_rest::root_cause(trace),
///     "org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (00000000000000000000000000000000)"
/// );
/// ```
pub fn root_cause(trace: &str) -> &str {
    let mut cause = None;
    for line in trace.lines() {
        // Only unindented lines start a top-level cause; suppressed blocks are tab-indented.
        if let Some(rest) = line.strip_prefix("Caused by:") {
            cause = Some(rest.trim());
        }
    }
    match cause {
        Some(c) if !c.is_empty() => c,
        _ => trace
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or(""),
    }
}

#[cfg(test)]
mod tests {
    use super::root_cause;

    #[test]
    fn plain_message_is_returned_trimmed() {
        assert_eq!(
            root_cause("  Unable to load requested file /nope.\n"),
            "Unable to load requested file /nope."
        );
        assert_eq!(root_cause(""), "");
    }

    #[test]
    fn trace_without_cause_gives_first_line() {
        let t = "org.apache.flink.runtime.rest.NotFoundException: Job 0000 not found\n\tat a.b.C.d(C.java:1)\n";
        assert_eq!(
            root_cause(t),
            "org.apache.flink.runtime.rest.NotFoundException: Job 0000 not found"
        );
    }

    #[test]
    fn deepest_cause_wins_and_suppressed_causes_are_ignored() {
        let t = "java.lang.RuntimeException: outer\n\
                 \tat x.Y.z(Y.java:1)\n\
                 \tSuppressed: java.io.IOException: close failed\n\
                 \t\tat x.Y.close(Y.java:2)\n\
                 \tCaused by: java.lang.IllegalStateException: suppressed cause\n\
                 Caused by: org.apache.flink.util.FlinkException: middle\n\
                 \tat x.Y.m(Y.java:3)\n\
                 Caused by: java.io.FileNotFoundException: /tmp/x (No such file or directory)\n\
                 \t... 12 more\n";
        assert_eq!(
            root_cause(t),
            "java.io.FileNotFoundException: /tmp/x (No such file or directory)"
        );
    }
}
