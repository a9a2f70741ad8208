//! Reducing a Java stack trace (as Flink sends it in `errors`, exception histories and
//! savepoint failures) to a one-line root cause.

/// First line of the wrapper Flink's REST layer puts around an unhandled exception.
pub const SERVER_SIDE_START: &str = "<Exception on server side:";
/// Last line of that wrapper.
pub const SERVER_SIDE_END: &str = "End of exception on server side>";

/// Returns the one-line root cause of a Java stack trace, exception class included.
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
///     flink_rest_core::root_cause(trace),
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

/// Returns the message of the root cause of a Java stack trace, exception class dropped.
///
/// That is the message of the last top-level non-empty `Caused by:` line (the deepest cause); a
/// trace without causes gives the message of its first line. The lines of Flink's
/// [`SERVER_SIDE_START`]…[`SERVER_SIDE_END`] wrapper are skipped, and plain messages come back
/// trimmed.
///
/// ```
/// let trace = "<Exception on server side:\n\
///     org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\n\
///     \tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)\n\
///     Caused by: org.apache.flink.table.api.ValidationException: Object 'nope' not found\n\
///     \n\
///     End of exception on server side>";
/// assert_eq!(flink_rest_core::root_cause_message(trace), "Object 'nope' not found");
/// ```
pub fn root_cause_message(trace: &str) -> &str {
    let mut first: Option<&str> = None;
    let mut cause: Option<&str> = None;
    for line in trace.lines() {
        let trimmed = line.trim_end();
        if trimmed.is_empty()
            || trimmed.starts_with(SERVER_SIDE_START.trim_end_matches(':'))
            || trimmed.starts_with(SERVER_SIDE_END.trim_end_matches('>'))
        {
            continue;
        }
        // Only unindented lines start a top-level cause; `Suppressed:` blocks are indented.
        if let Some(rest) = trimmed.strip_prefix("Caused by:") {
            let rest = rest.trim();
            if !rest.is_empty() {
                cause = Some(rest);
            }
        } else if first.is_none() {
            first = Some(trimmed.trim());
        }
    }
    strip_exception_class(cause.or(first).unwrap_or(""))
}

/// `org.x.FooException: message` -> `message`; lines that do not start with a qualified
/// exception (or error, or throwable) class are returned as they are.
///
/// ```
/// use flink_rest_core::strip_exception_class;
/// assert_eq!(strip_exception_class("java.io.IOException: disk full"), "disk full");
/// assert_eq!(strip_exception_class("Note: something odd"), "Note: something odd");
/// ```
pub fn strip_exception_class(line: &str) -> &str {
    let Some((head, message)) = line.split_once(": ") else {
        return line;
    };
    let looks_like_class = head.contains('.')
        && !head.contains(char::is_whitespace)
        && head
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '$' || c == '_')
        && (head.ends_with("Exception") || head.ends_with("Error") || head.ends_with("Throwable"));
    let message = message.trim();
    if looks_like_class && !message.is_empty() {
        message
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::{root_cause, root_cause_message};

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

    #[test]
    fn message_plain_message_is_trimmed() {
        assert_eq!(
            root_cause_message("  Internal server error.\n"),
            "Internal server error."
        );
        assert_eq!(root_cause_message(""), "");
    }

    #[test]
    fn message_trace_without_cause_gives_first_message() {
        let t = "org.apache.flink.table.gateway.api.utils.SqlGatewayException: Session 'abc' does not exist.\n\tat a.b.C.d(C.java:1)\n";
        assert_eq!(root_cause_message(t), "Session 'abc' does not exist.");
    }

    #[test]
    fn message_last_top_level_cause_wins_and_suppressed_are_ignored() {
        let t = "java.lang.RuntimeException: outer\n\
                 \tat x.Y.z(Y.java:1)\n\
                 \tSuppressed: java.io.IOException: close failed\n\
                 \t\tCaused by: java.lang.IllegalStateException: suppressed cause\n\
                 Caused by: org.apache.flink.util.FlinkException: middle\n\
                 \tat x.Y.m(Y.java:3)\n\
                 Caused by: org.apache.flink.sql.parser.impl.ParseException: Encountered \"FROMM\" at line 1, column 10.\n\
                 Was expecting one of:\n\
                 \t... 12 more\n";
        assert_eq!(
            root_cause_message(t),
            "Encountered \"FROMM\" at line 1, column 10."
        );
    }

    #[test]
    fn message_server_side_wrapper_is_skipped() {
        let t = "<Exception on server side:\norg.apache.flink.runtime.rest.handler.RestHandlerException: Bad request.\n\tat x\nEnd of exception on server side>";
        assert_eq!(root_cause_message(t), "Bad request.");
    }

    #[test]
    fn message_with_colons_keeps_its_text() {
        let t = "Caused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 17: Object 'nope' not found";
        assert_eq!(
            root_cause_message(t),
            "SQL validation failed. From line 1, column 15 to line 1, column 17: Object 'nope' not found"
        );
        // Not an exception class: left alone.
        assert_eq!(
            root_cause_message("Note: something odd"),
            "Note: something odd"
        );
    }
}
