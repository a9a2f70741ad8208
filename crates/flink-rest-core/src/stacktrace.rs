//! Reducing a Java stack trace (as Flink sends it in `errors`, exception histories and
//! savepoint failures) to its root cause, by one documented policy ([`root_cause`]).

/// First line of the wrapper Flink's REST layer puts around an unhandled exception.
pub const SERVER_SIDE_START: &str = "<Exception on server side:";
/// Last line of that wrapper.
pub const SERVER_SIDE_END: &str = "End of exception on server side>";

/// Returns the root cause of a Java stack trace: the workspace's one policy for showing a
/// server-side failure.
///
/// - **Which exception**: the deepest top-level `Caused by:` (the last unindented one);
///   `Caused by:` lines inside indented `Suppressed:` blocks describe secondary failures and are
///   ignored. A trace without causes gives its first line.
/// - **Class dropped**: `org.x.FooException: message` gives `message` (see
///   [`strip_exception_class`]); a bare class with no message is kept as it is.
/// - **Whole message**: Java messages may span lines (`Unsupported options found for
///   'datagen'.` followed by the list of unsupported and supported options). Every line up to
///   the first stack frame (`\tat …`, `\t... 12 more`), the next `Caused by:` or `Suppressed:`
///   is kept, trailing blank lines trimmed.
/// - Flink's [`SERVER_SIDE_START`]…[`SERVER_SIDE_END`] wrapper is skipped; text that is not a
///   stack trace (`Unable to load requested file /nope.`) comes back trimmed.
///
/// The result borrows from `trace`; callers keep the full trace for `-v` style output.
///
/// ```
/// let trace = "<Exception on server side:\n\
///     org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\n\
///     \tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)\n\
///     Caused by: org.apache.flink.table.api.ValidationException: Unsupported options found for 'datagen'.\n\
///     \n\
///     Unsupported options:\n\
///     \n\
///     rows-per-sec\n\
///     \tat org.apache.flink.table.factories.FactoryUtil.validateUnconsumedKeys(FactoryUtil.java:700)\n\
///     \n\
///     End of exception on server side>";
/// assert_eq!(
///     flink_rest_core::root_cause(trace),
///     "Unsupported options found for 'datagen'.\n\nUnsupported options:\n\nrows-per-sec"
/// );
/// ```
pub fn root_cause(trace: &str) -> &str {
    // (offset of the line in `trace`, the line) for every line outside the server-side wrapper.
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in trace.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim_end();
        let wrapper = trimmed.starts_with(SERVER_SIDE_START.trim_end_matches(':'))
            || trimmed.starts_with(SERVER_SIDE_END.trim_end_matches('>'));
        if !wrapper {
            lines.push((offset, text));
        }
        offset += line.len();
    }
    let top_cause = lines.iter().rposition(|(_, l)| {
        l.strip_prefix("Caused by:")
            .is_some_and(|r| !r.trim().is_empty())
    });
    let Some(first) = top_cause.or_else(|| lines.iter().position(|(_, l)| !l.trim().is_empty()))
    else {
        return "";
    };
    let (at, line) = lines[first];
    let head = line.strip_prefix("Caused by:").unwrap_or(line).trim();
    let message = strip_exception_class(head);
    // `message` is a sub-slice of `line`, which is a sub-slice of `trace`.
    let start = at + (message.as_ptr() as usize - line.as_ptr() as usize);
    let mut end = start + message.len();
    for &(at, line) in &lines[first + 1..] {
        if ends_message(line) {
            break;
        }
        if !line.trim().is_empty() {
            end = at + line.trim_end().len();
        }
    }
    &trace[start..end]
}

/// True for the lines that end an exception's message: stack frames, the next cause and
/// suppressed blocks.
fn ends_message(line: &str) -> bool {
    let indented = line.starts_with([' ', '\t']);
    let trimmed = line.trim_start();
    line.starts_with("Caused by:")
        || (indented
            && (trimmed.starts_with("at ")
                || trimmed.starts_with("... ")
                || trimmed.starts_with("Caused by:")
                || trimmed.starts_with("Suppressed:")))
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
    use super::root_cause;

    #[test]
    fn plain_message_is_returned_trimmed() {
        assert_eq!(
            root_cause("  Unable to load requested file /nope.\n"),
            "Unable to load requested file /nope."
        );
        assert_eq!(root_cause(""), "");
        assert_eq!(root_cause("\n\n"), "");
    }

    #[test]
    fn trace_without_cause_gives_first_message() {
        let t = "org.apache.flink.table.gateway.api.utils.SqlGatewayException: Session 'abc' does not exist.\n\tat a.b.C.d(C.java:1)\n";
        assert_eq!(root_cause(t), "Session 'abc' does not exist.");
    }

    #[test]
    fn a_bare_exception_class_is_kept() {
        let t = "java.lang.NullPointerException\n\tat a.b.C.d(C.java:1)\n";
        assert_eq!(root_cause(t), "java.lang.NullPointerException");
    }

    #[test]
    fn deepest_top_level_cause_wins_and_suppressed_causes_are_ignored() {
        let t = "java.lang.RuntimeException: outer\n\
                 \tat x.Y.z(Y.java:1)\n\
                 \tSuppressed: java.io.IOException: close failed\n\
                 \t\tat x.Y.close(Y.java:2)\n\
                 \tCaused by: java.lang.IllegalStateException: suppressed cause\n\
                 Caused by: org.apache.flink.util.FlinkException: middle\n\
                 \tat x.Y.m(Y.java:3)\n\
                 Caused by: java.io.FileNotFoundException: /tmp/x (No such file or directory)\n\
                 \t... 12 more\n";
        assert_eq!(root_cause(t), "/tmp/x (No such file or directory)");
    }

    #[test]
    fn the_lines_after_the_message_are_kept_up_to_the_first_frame() {
        let t = "Caused by: org.apache.flink.sql.parser.impl.ParseException: Encountered \"FROMM\" at line 1, column 10.\n\
                 Was expecting one of:\n\
                 \x20   \"FROM\" ...\n\
                 \n\
                 \tat org.apache.flink.sql.parser.impl.FlinkSqlParserImpl.generateParseException(FlinkSqlParserImpl.java:1)\n\
                 \t... 12 more\n";
        assert_eq!(
            root_cause(t),
            "Encountered \"FROMM\" at line 1, column 10.\nWas expecting one of:\n    \"FROM\" ..."
        );
    }

    #[test]
    fn server_side_wrapper_is_skipped() {
        let t = "<Exception on server side:\norg.apache.flink.runtime.rest.handler.RestHandlerException: Bad request.\n\tat x\nEnd of exception on server side>";
        assert_eq!(root_cause(t), "Bad request.");
        let t = "<Exception on server side:\nCaused by: a.b.CException: last line\nEnd of exception on server side>";
        assert_eq!(root_cause(t), "last line");
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
