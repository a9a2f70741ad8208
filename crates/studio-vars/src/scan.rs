//! Splitting text into literal text, `$${` escapes and `${...}` references.

/// Whether `name` is a valid variable name (`[A-Za-z_][A-Za-z0-9_]*`).
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The operator of a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op<'a> {
    /// `${NAME}`
    Plain,
    /// `${NAME:-default}`: the default when unset or empty.
    Default(&'a str),
    /// `${NAME:?message}`: an error with the message when unset or empty.
    Required(&'a str),
}

/// A piece of text as substitution sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// `$${`, meaning a literal `${`.
    Escape,
    /// A well-formed reference spanning `len` bytes.
    Ref {
        /// The variable's name.
        name: &'a str,
        /// What to do when it is unset.
        op: Op<'a>,
        /// Bytes spanned, `${` to `}`.
        len: usize,
    },
    /// `${` not followed by a valid reference on the same line; spans `len` bytes.
    Malformed {
        /// Bytes consumed (only the `${`, so the rest is still scanned).
        len: usize,
        /// The offending text, for messages.
        snippet: &'a str,
    },
}

/// Splits text into literal text, escapes and references.
pub fn scan(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let piece = if rest.starts_with("$${") {
            Some(Piece::Escape)
        } else if rest.starts_with("${") {
            Some(parse_reference(rest))
        } else {
            None
        };
        if let Some(piece) = piece {
            if literal_start < i {
                pieces.push(Piece::Text(&text[literal_start..i]));
            }
            let len = piece_len(&piece);
            pieces.push(piece);
            i += len;
            literal_start = i;
        } else {
            i += 1;
        }
    }
    if literal_start < text.len() {
        pieces.push(Piece::Text(&text[literal_start..]));
    }
    pieces
}

/// The number of bytes a piece spans in the scanned text.
pub fn piece_len(piece: &Piece<'_>) -> usize {
    match piece {
        Piece::Text(t) => t.len(),
        Piece::Escape => 3,
        Piece::Ref { len, .. } | Piece::Malformed { len, .. } => *len,
    }
}

/// Parses `${...}` at the start of `rest`.
fn parse_reference(rest: &str) -> Piece<'_> {
    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let Some(close) = rest[..line_end].find('}') else {
        let snippet_end = rest[..line_end]
            .char_indices()
            .nth(20)
            .map_or(line_end, |(i, _)| i);
        return Piece::Malformed {
            len: 2,
            snippet: &rest[..snippet_end],
        };
    };
    let inner = &rest[2..close];
    let name_len = inner
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_alphanumeric() || *c == '_') || (*i == 0 && c.is_ascii_digit()))
        .map_or(inner.len(), |(i, _)| i);
    let (name, tail) = inner.split_at(name_len);
    let op = if name.is_empty() {
        None
    } else if tail.is_empty() {
        Some(Op::Plain)
    } else if let Some(default) = tail.strip_prefix(":-") {
        Some(Op::Default(default))
    } else {
        tail.strip_prefix(":?").map(Op::Required)
    };
    match op {
        Some(op) => Piece::Ref {
            name,
            op,
            len: close + 1,
        },
        // Only `${` is consumed, so quotes after it still count when splitting.
        None => Piece::Malformed {
            len: 2,
            snippet: &rest[..=close],
        },
    }
}
