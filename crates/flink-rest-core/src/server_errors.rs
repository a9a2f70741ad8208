//! Flink's REST error bodies: `{"errors": ["...", ...]}`.

use serde::Deserialize;

use crate::stacktrace::{SERVER_SIDE_END, SERVER_SIDE_START, root_cause};

/// The generic first message Flink sends for unhandled exceptions.
const GENERIC: &str = "Internal server error.";

#[derive(Deserialize)]
struct ErrorBody {
    errors: Vec<String>,
}

/// The `errors` list of a Flink REST error body, verbatim; `None` if the body is not in that
/// shape (proxies answer with HTML or plain text).
///
/// ```
/// let errors = flink_rest_core::error_messages(br#"{"errors":["Job not found."]}"#);
/// assert_eq!(errors, Some(vec!["Job not found.".to_owned()]));
/// assert_eq!(flink_rest_core::error_messages(b"<html>Bad Gateway</html>"), None);
/// ```
pub fn error_messages(body: &[u8]) -> Option<Vec<String>> {
    serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .map(|b| b.errors)
}

/// Picks the most informative of Flink's error messages, without its server-side wrapper.
///
/// For unhandled exceptions Flink answers `["Internal server error.", "<Exception on server
/// side:\n<trace>\nEnd of exception on server side>"]`; the trace is what explains the failure.
/// `None` only for an empty list.
pub fn best_error(errors: &[String]) -> Option<&str> {
    let chosen = errors
        .iter()
        .rev()
        .find(|e| e.trim() != GENERIC)
        .or_else(|| errors.first())?;
    let text = chosen.trim();
    let text = text
        .strip_prefix(SERVER_SIDE_START)
        .map(|t| t.trim_end().trim_end_matches(SERVER_SIDE_END))
        .unwrap_or(text);
    Some(text.trim())
}

/// The root-cause message ([`root_cause`]) of the longest entry of `errors` (the one
/// carrying the trace), or of the only message; `""` for an empty list.
pub fn root_cause_of_longest(errors: &[String]) -> &str {
    let trace = errors
        .iter()
        .max_by_key(|e| e.len())
        .map(String::as_str)
        .unwrap_or("");
    root_cause(trace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn best_error_skips_generic_message_and_unwraps() {
        let errors = strings(&[
            "Internal server error.",
            "<Exception on server side:\norg.x.FooException: boom\n\tat a\n\nEnd of exception on server side>",
        ]);
        assert_eq!(
            best_error(&errors),
            Some("org.x.FooException: boom\n\tat a")
        );
        assert_eq!(
            best_error(&strings(&["Internal server error."])),
            Some("Internal server error.")
        );
        assert_eq!(best_error(&[]), None);
    }

    #[test]
    fn longest_entry_gives_the_root_cause() {
        let errors = strings(&[
            "Internal server error.",
            "<Exception on server side:\norg.x.FooException: outer\nCaused by: org.x.BarException: inner\nEnd of exception on server side>",
        ]);
        assert_eq!(root_cause_of_longest(&errors), "inner");
        assert_eq!(root_cause_of_longest(&[]), "");
    }

    #[test]
    fn error_body_with_empty_list_is_still_an_error_body() {
        assert_eq!(error_messages(br#"{"errors":[]}"#), Some(Vec::new()));
        assert_eq!(error_messages(b""), None);
    }
}
