//! `.env` parsing with `dotenvy`, reporting the offending line.

use crate::Error;

/// Parses `.env` text with `dotenvy` into `(name, value)` pairs in file order (a later
/// duplicate comes later). A malformed line is reported with its 1-based line number.
pub fn parse_env(text: &str) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok(pair) => out.push(pair),
            Err(dotenvy::Error::LineParse(line_text, index)) => {
                // dotenvy reports the offending (possibly multi-line) text and an index
                // into it; find which source line that is.
                return Err(Error::EnvSyntax {
                    line: locate_line(text, &line_text, index),
                    message: format!("cannot parse this line (error at character {})", index + 1),
                });
            }
            Err(other) => {
                return Err(Error::EnvSyntax {
                    line: 0,
                    message: other.to_string(),
                });
            }
        }
    }
    Ok(out)
}

fn locate_line(text: &str, line_text: &str, index: usize) -> usize {
    let probe = line_text.trim_end_matches(['\r', '\n']);
    let Some(pos) = (!probe.is_empty()).then(|| text.find(probe)).flatten() else {
        return 0;
    };
    let offset = pos
        + line_text
            .char_indices()
            .nth(index)
            .map_or(0, |(i, _)| i)
            .min(probe.len());
    1 + text[..offset.min(text.len())].matches('\n').count()
}
