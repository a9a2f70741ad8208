//! Response bodies: snippets for diagnostics and JSON decoding with the failing path.

use serde::de::DeserializeOwned;

/// Lossy UTF-8 of at most the first `max` bytes of `body` (cut on a char boundary), trimmed,
/// with a marker when truncated.
///
/// ```
/// assert_eq!(flink_rest_core::snippet(b"aaaaaaaaaa", 4), "aaaa… (10 bytes total)");
/// assert_eq!(flink_rest_core::snippet(b" ok ", 10), "ok");
/// ```
pub fn snippet(body: &[u8], max: usize) -> String {
    let mut cut = body.len().min(max);
    // Do not split a multi-byte character (it would show as U+FFFD).
    while cut > 0 && cut < body.len() && (body[cut] & 0xC0) == 0x80 {
        cut -= 1;
    }
    let mut s = String::from_utf8_lossy(&body[..cut]).trim().to_owned();
    if body.len() > max {
        s.push_str(&format!("… ({} bytes total)", body.len()));
    }
    s
}

/// Why a body could not be decoded; client crates turn it into their `Error::Decode`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeFailure {
    /// JSON path of the offending value, e.g. `jobs[0].state` (`.` for the root).
    pub path: String,
    /// What serde reported.
    pub message: String,
    /// The start of the body ([`snippet`]).
    pub snippet: String,
}

/// Decodes `body` as JSON; on failure reports the JSON path and a snippet of at most
/// `snippet_max` bytes.
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Job { #[allow(dead_code)] n: u32 }
/// let err = flink_rest_core::decode_json::<Vec<Job>>(br#"[{"n":1},{"n":"x"}]"#, 64).unwrap_err();
/// assert_eq!(err.path, "[1].n");
/// ```
pub fn decode_json<T: DeserializeOwned>(
    body: &[u8],
    snippet_max: usize,
) -> Result<T, DecodeFailure> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|err| DecodeFailure {
        path: err.path().to_string(),
        message: err.inner().to_string(),
        snippet: snippet(body, snippet_max),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_truncates_long_bodies() {
        let body = vec![b'a'; 10];
        assert_eq!(snippet(&body, 4), "aaaa… (10 bytes total)");
        assert_eq!(snippet(b" ok ", 10), "ok");
    }

    #[test]
    fn snippet_never_splits_a_character() {
        let body = "aé".as_bytes(); // é is two bytes
        assert_eq!(snippet(body, 2), "a… (3 bytes total)");
        assert_eq!(snippet(body, 3), "aé");
    }

    #[test]
    fn decode_failure_has_path_and_snippet() {
        #[derive(Debug, serde::Deserialize)]
        struct Outer {
            #[allow(dead_code)]
            jobs: Vec<u32>,
        }
        let err = decode_json::<Outer>(br#"{"jobs":[1,"two"]}"#, 8).unwrap_err();
        assert_eq!(err.path, "jobs[1]");
        assert!(err.snippet.starts_with("{\"jobs\":"), "{}", err.snippet);
        assert!(err.snippet.ends_with("(18 bytes total)"), "{}", err.snippet);
    }
}
