//! Replacing secret values by `***` in everything the executor writes.
use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

use aho_corasick::{AhoCorasick, MatchKind};

/// Fragments of variable names whose values are secret (case-insensitive).
pub const SECRET_NAME_FRAGMENTS: [&str; 5] = ["PASSWORD", "SECRET", "TOKEN", "KEY", "JAAS"];

/// What masked values are replaced with.
pub const MASK: &str = "***";

/// Whether a variable with this name holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_NAME_FRAGMENTS.iter().any(|f| upper.contains(f))
}

/// Replaces known secret values by `***`. `Debug` shows only how many there are.
///
/// Masking is one pass over the text (Aho-Corasick, leftmost-longest, so a secret that
/// contains another is masked whole), and free when there are no secrets.
#[derive(Clone, Default)]
pub struct Masker {
    /// Longest first.
    secrets: Vec<String>,
    /// `None` when there are no secrets, or when the automaton could not be built (then
    /// each secret is replaced in turn, longest first).
    matcher: Option<AhoCorasick>,
}

impl fmt::Debug for Masker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Masker")
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

impl Masker {
    /// A masker for these secret values (empty values are ignored). A multi-line
    /// value is also masked line by line, because output is masked a line at a time.
    pub fn new(values: impl IntoIterator<Item = String>) -> Self {
        let mut secrets: Vec<String> = Vec::new();
        for value in values {
            if value.contains('\n') {
                for line in value.lines().map(str::trim).filter(|l| l.len() >= 4) {
                    secrets.push(line.to_owned());
                }
            }
            if !value.is_empty() {
                secrets.push(value);
            }
        }
        // Values as they appear inside SQL string literals ('' doubled) are covered too.
        let doubled: Vec<String> = secrets
            .iter()
            .filter(|s| s.contains('\''))
            .map(|s| s.replace('\'', "''"))
            .collect();
        secrets.extend(doubled);
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        let matcher = if secrets.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&secrets)
                .ok()
        };
        Self { secrets, matcher }
    }

    /// Whether there is nothing to mask.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// The text with every secret value replaced by `***`.
    pub fn mask<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.secrets.is_empty() {
            return Cow::Borrowed(text);
        }
        if let Some(matcher) = &self.matcher {
            if !matcher.is_match(text) {
                return Cow::Borrowed(text);
            }
            let masks = vec![MASK; self.secrets.len()];
            return Cow::Owned(matcher.replace_all(text, &masks));
        }
        let mut out = Cow::Borrowed(text);
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = Cow::Owned(out.replace(secret.as_str(), MASK));
            }
        }
        out
    }
}

/// A writer that masks secrets line by line before passing text on.
///
/// Bytes are held until a newline (or `flush`), so a secret split across two
/// `write` calls is still masked. Call `flush` (or `into_inner`) before dropping it.
pub struct MaskingWriter<W: Write> {
    inner: W,
    masker: Masker,
    pending: Vec<u8>,
}

impl<W: Write> fmt::Debug for MaskingWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MaskingWriter")
            .field("masker", &self.masker)
            .finish_non_exhaustive()
    }
}

impl<W: Write> MaskingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W, masker: Masker) -> Self {
        Self {
            inner,
            masker,
            pending: Vec::new(),
        }
    }

    /// Replaces the masker (secrets become known only after substitution).
    pub fn set_masker(&mut self, masker: Masker) {
        self.masker = masker;
    }

    /// Flushes and returns the inner writer.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.emit_pending()?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    fn emit(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.masker.is_empty() {
            return self.inner.write_all(bytes);
        }
        let text = String::from_utf8_lossy(bytes);
        self.inner.write_all(self.masker.mask(&text).as_bytes())
    }

    fn emit_pending(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            self.emit(&pending)?;
        }
        Ok(())
    }
}

impl<W: Write> Write for MaskingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Nothing to mask: no copy, no scan for newlines.
        if self.masker.is_empty() && self.pending.is_empty() {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        if let Some(last_newline) = self.pending.iter().rposition(|b| *b == b'\n') {
            let rest = self.pending.split_off(last_newline + 1);
            let complete = std::mem::replace(&mut self.pending, rest);
            self.emit(&complete)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit_pending()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "KAFKA_PASSWORD",
            "api_key",
            "SaslJaasConfig",
            "GITHUB_TOKEN",
            "client_secret",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["KAFKA_USERNAME", "TOPIC", "BOOTSTRAP"] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn masks_longest_first_and_quoted() {
        let m = Masker::new([
            "pw".to_owned(),
            "user pw=pw".to_owned(),
            "it's".to_owned(),
            String::new(),
        ]);
        assert_eq!(m.mask("a user pw=pw b pw"), "a *** b ***");
        assert_eq!(m.mask("'it''s'"), "'***'");
        assert_eq!(format!("{m:?}"), "Masker { secrets: 4 }");
    }

    #[test]
    fn writer_masks_across_writes() {
        let m = Masker::new(["hunter2".to_owned()]);
        let mut w = MaskingWriter::new(Vec::new(), m);
        w.write_all(b"password: hun").unwrap();
        w.write_all(b"ter2\nnext hunter").unwrap();
        w.write_all(b"2").unwrap();
        let out = w.into_inner().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "password: ***\nnext ***");
    }
}
