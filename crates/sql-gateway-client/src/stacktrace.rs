//! Reducing a Java stack trace, as the gateway sends it in `errors`, to one line.

/// Returns the one-line root cause of a Java stack trace sent by the gateway.
///
/// That is the message of the last top-level `Caused by:` line (the deepest cause), with the
/// exception class dropped; a trace without causes gives the message of its first line. The
/// `<Exception on server side:` wrapper of Flink's REST layer is skipped, and plain messages
/// come back trimmed.
///
/// ```
/// let trace = "<Exception on server side:\n\
///     org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\n\
///     \tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)\n\
///     Caused by: org.apache.flink.table.api.ValidationException: Could not find any factory for identifier 'kafka' that implements 'org.apache.flink.table.factories.DynamicTableFactory' in the classpath.\n\
///     \n\
///     Available factory identifiers are:\n\
///     \n\
///     blackhole\n\
///     \tat org.apache.flink.table.factories.FactoryUtil.discoverFactory(FactoryUtil.java:617)\n\
///     \n\
///     End of exception on server side>";
/// assert_eq!(
///     sql_gateway_client::root_cause(trace),
///     "Could not find any factory for identifier 'kafka' that implements 'org.apache.flink.table.factories.DynamicTableFactory' in the classpath."
/// );
/// ```
pub fn root_cause(trace: &str) -> String {
    let mut first: Option<&str> = None;
    let mut cause: Option<&str> = None;
    for line in trace.lines() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed.starts_with("<Exception on server side") {
            continue;
        }
        if trimmed.starts_with("End of exception on server side") {
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
    let line = cause.or(first).unwrap_or("");
    strip_exception_class(line).to_owned()
}

/// `org.x.FooException: message` -> `message`; lines that do not start with a qualified
/// exception class are returned as they are.
fn strip_exception_class(line: &str) -> &str {
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
    use super::root_cause;

    #[test]
    fn plain_message_is_trimmed() {
        assert_eq!(
            root_cause("  Internal server error.\n"),
            "Internal server error."
        );
        assert_eq!(root_cause(""), "");
    }

    #[test]
    fn trace_without_cause_gives_first_message() {
        let t = "org.apache.flink.table.gateway.api.utils.SqlGatewayException: Session 'abc' does not exist.\n\tat a.b.C.d(C.java:1)\n";
        assert_eq!(root_cause(t), "Session 'abc' does not exist.");
    }

    #[test]
    fn last_top_level_cause_wins_and_suppressed_are_ignored() {
        let t = "java.lang.RuntimeException: outer\n\
                 \tat x.Y.z(Y.java:1)\n\
                 \tSuppressed: java.io.IOException: close failed\n\
                 \t\tCaused by: java.lang.IllegalStateException: suppressed cause\n\
                 Caused by: org.apache.flink.util.FlinkException: middle\n\
                 \tat x.Y.m(Y.java:3)\n\
                 Caused by: org.apache.flink.sql.parser.impl.ParseException: Encountered \"FROMM\" at line 1, column 10.\n\
                 Was expecting one of:\n\
                 \t... 12 more\n";
        assert_eq!(root_cause(t), "Encountered \"FROMM\" at line 1, column 10.");
    }

    #[test]
    fn server_side_wrapper_is_skipped() {
        let t = "<Exception on server side:\norg.apache.flink.runtime.rest.handler.RestHandlerException: Bad request.\n\tat x\nEnd of exception on server side>";
        assert_eq!(root_cause(t), "Bad request.");
    }

    #[test]
    fn message_with_colons_keeps_its_text() {
        let t = "Caused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 17: Object 'nope' not found";
        assert_eq!(
            root_cause(t),
            "SQL validation failed. From line 1, column 15 to line 1, column 17: Object 'nope' not found"
        );
        // Not an exception class: left alone.
        assert_eq!(root_cause("Note: something odd"), "Note: something odd");
    }
}
