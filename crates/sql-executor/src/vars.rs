//! `${NAME}`, `${NAME:-default}`, `${NAME:?message}` substitution, `$${` escapes,
//! and the layered variable sources (`.env` files, process environment, `--var`).
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::error::{Error, VariableProblem};
use crate::mask::is_secret_name;

/// Where a variable's value came from (later layers win).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An `--env-file`, with the path as given.
    EnvFile(String),
    /// The process environment.
    Environment,
    /// A `--var NAME=VALUE` argument.
    CommandLine,
}

#[derive(Clone)]
struct Entry {
    value: String,
    origin: Origin,
}

/// The variables available to substitution. Later sources override earlier ones:
/// `.env` files in the order added, then the process environment, then `--var`.
///
/// `Debug` never shows values.
#[derive(Clone, Default)]
pub struct Variables {
    files: BTreeMap<String, Entry>,
    environment: BTreeMap<String, String>,
    command_line: BTreeMap<String, String>,
    extra_secrets: Vec<String>,
}

impl fmt::Debug for Variables {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variables")
            .field("from_files", &self.files.keys().collect::<Vec<_>>())
            .field("from_environment", &self.environment.len())
            .field(
                "from_command_line",
                &self.command_line.keys().collect::<Vec<_>>(),
            )
            .field("extra_secrets", &self.extra_secrets)
            .finish_non_exhaustive()
    }
}

impl Variables {
    /// No variables at all.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the variables of a `.env` file (parsed with `dotenvy`); a later file wins.
    /// A malformed line is reported with the file and its line number.
    pub fn add_env_file(&mut self, path: &Path) -> Result<(), Error> {
        let name = path.display().to_string();
        let bytes = crate::source::read_file(path)?;
        let text = crate::source::decode_utf8(&name, bytes)?;
        let entries = parse_env_text(&name, &text)?;
        for (key, value) in entries {
            self.files.insert(
                key,
                Entry {
                    value,
                    origin: Origin::EnvFile(name.clone()),
                },
            );
        }
        Ok(())
    }

    /// Adds the process environment (pass `std::env::vars()`); it overrides `.env` files.
    pub fn add_environment(&mut self, vars: impl IntoIterator<Item = (String, String)>) {
        self.environment.extend(vars);
    }

    /// Adds one `--var NAME=VALUE` argument; these win over everything else.
    pub fn add_assignment(&mut self, assignment: &str) -> Result<(), Error> {
        let (name, value) = assignment
            .split_once('=')
            .filter(|(name, _)| is_valid_name(name))
            .ok_or_else(|| Error::InvalidAssignment {
                assignment: mask_assignment(assignment),
            })?;
        self.command_line.insert(name.to_owned(), value.to_owned());
        Ok(())
    }

    /// Adds one variable as if given with `--var`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.command_line.insert(name.into(), value.into());
    }

    /// Marks a variable as secret even though its name does not look like one (`--secret NAME`).
    pub fn mark_secret(&mut self, name: impl Into<String>) {
        self.extra_secrets.push(name.into());
    }

    /// Whether the variable's value must be masked in output.
    pub fn is_secret(&self, name: &str) -> bool {
        is_secret_name(name) || self.extra_secrets.iter().any(|s| s == name)
    }

    /// The value and origin of a variable, if it is defined.
    pub fn lookup(&self, name: &str) -> Option<(&str, Origin)> {
        if let Some(v) = self.command_line.get(name) {
            return Some((v, Origin::CommandLine));
        }
        if let Some(v) = self.environment.get(name) {
            return Some((v, Origin::Environment));
        }
        self.files
            .get(name)
            .map(|e| (e.value.as_str(), e.origin.clone()))
    }
}

/// `--var` arguments are echoed in errors; never echo their value.
fn mask_assignment(assignment: &str) -> String {
    match assignment.split_once('=') {
        Some((name, _)) => format!("{name}=***"),
        None => assignment.to_owned(),
    }
}

/// Parses `.env` text with dotenvy, mapping its errors to `file:line`.
fn parse_env_text(name: &str, text: &str) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok(pair) => out.push(pair),
            Err(dotenvy::Error::LineParse(line_text, index)) => {
                // dotenvy reports the offending (possibly multi-line) text and an index
                // into it; find which source line that is.
                let line = locate_line(text, &line_text, index);
                return Err(Error::EnvFile {
                    path: name.to_owned(),
                    line,
                    message: format!("cannot parse this line (error at character {})", index + 1),
                });
            }
            Err(other) => {
                return Err(Error::EnvFile {
                    path: name.to_owned(),
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

/// Whether `name` is a valid variable name (`[A-Za-z_][A-Za-z0-9_]*`).
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The operator of a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op<'a> {
    /// `${NAME}`
    Plain,
    /// `${NAME:-default}`: the default when unset or empty.
    Default(&'a str),
    /// `${NAME:?message}`: an error with the message when unset or empty.
    Required(&'a str),
}

/// A piece of text as substitution sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// `$${`, meaning a literal `${`.
    Escape,
    /// A well-formed reference spanning `len` bytes.
    Ref {
        name: &'a str,
        op: Op<'a>,
        len: usize,
    },
    /// `${` not followed by a valid reference on the same line; spans `len` bytes.
    Malformed { len: usize, snippet: &'a str },
}

/// Splits text into literal text, escapes and references.
pub(crate) fn scan(text: &str) -> Vec<Piece<'_>> {
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

pub(crate) fn piece_len(piece: &Piece<'_>) -> usize {
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

/// A variable that substitution used, for masking and reporting.
#[derive(Clone, PartialEq, Eq)]
pub struct UsedVariable {
    /// The variable's name.
    pub name: String,
    /// The value that was substituted (a default if the variable was unset).
    pub value: String,
    /// Whether the value must be masked.
    pub secret: bool,
}

impl fmt::Debug for UsedVariable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = if self.secret {
            "***"
        } else {
            self.value.as_str()
        };
        f.debug_struct("UsedVariable")
            .field("name", &self.name)
            .field("value", &value)
            .field("secret", &self.secret)
            .finish()
    }
}

/// Substitutes the references in one statement that starts at `first_line` of `file`.
/// Problems are appended to `problems` (all of them, not just the first); used
/// variables to `used`.
pub(crate) fn substitute(
    text: &str,
    file: &str,
    first_line: usize,
    vars: &Variables,
    problems: &mut Vec<VariableProblem>,
    used: &mut Vec<UsedVariable>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line = first_line;
    for piece in scan(text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Escape => out.push_str("${"),
            Piece::Malformed { snippet, .. } => problems.push(VariableProblem::Malformed {
                file: file.to_owned(),
                line,
                snippet: snippet.to_owned(),
            }),
            Piece::Ref { name, op, .. } => {
                let value = vars.lookup(name).map(|(v, _)| v);
                let resolved = match (value, op) {
                    (Some(v), Op::Plain) => Some(v),
                    (Some(v), Op::Default(_) | Op::Required(_)) if !v.is_empty() => Some(v),
                    (_, Op::Default(default)) => Some(default),
                    (_, Op::Required(message)) => {
                        problems.push(VariableProblem::Required {
                            file: file.to_owned(),
                            line,
                            name: name.to_owned(),
                            message: message.to_owned(),
                        });
                        None
                    }
                    (None, Op::Plain) => {
                        problems.push(VariableProblem::Undefined {
                            file: file.to_owned(),
                            line,
                            name: name.to_owned(),
                        });
                        None
                    }
                };
                if let Some(value) = resolved {
                    out.push_str(value);
                    if !used.iter().any(|u| u.name == name && u.value == value) {
                        used.push(UsedVariable {
                            name: name.to_owned(),
                            value: value.to_owned(),
                            secret: vars.is_secret(name),
                        });
                    }
                }
            }
        }
        if let Piece::Text(t) = piece {
            line += t.matches('\n').count();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(text: &str, vars: &Variables) -> Result<String, Vec<VariableProblem>> {
        let mut problems = Vec::new();
        let mut used = Vec::new();
        let out = substitute(text, "f.sql", 1, vars, &mut problems, &mut used);
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    fn vars(pairs: &[(&str, &str)]) -> Variables {
        let mut v = Variables::new();
        for (k, val) in pairs {
            v.set(*k, *val);
        }
        v
    }

    #[test]
    fn forms() {
        let v = vars(&[("A", "x"), ("EMPTY", "")]);
        assert_eq!(sub("'${A}'", &v).unwrap(), "'x'");
        assert_eq!(sub("${B:-dflt}", &v).unwrap(), "dflt");
        assert_eq!(sub("${EMPTY:-dflt}", &v).unwrap(), "dflt");
        assert_eq!(sub("${EMPTY}", &v).unwrap(), "");
        assert_eq!(sub("${A:-dflt}", &v).unwrap(), "x");
        assert_eq!(sub("${A:?needed}", &v).unwrap(), "x");
        assert_eq!(sub("$${A} $$ $5 ${A}$", &v).unwrap(), "${A} $$ $5 x$");
        assert_eq!(sub("${B:-a;b 'c'}", &v).unwrap(), "a;b 'c'");
    }

    #[test]
    fn all_problems_are_reported_with_lines() {
        let v = vars(&[]);
        let problems =
            sub("SELECT '${X}',\n  '${Y:?set Y please}',\n ${ bad}, ${Z", &v).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "f.sql:1: variable ${X} is not defined",
                "f.sql:2: variable ${Y} is required: set Y please",
                "f.sql:3: malformed variable reference `${ bad}` (expected ${NAME}, ${NAME:-default} or ${NAME:?message})",
                "f.sql:3: malformed variable reference `${Z` (expected ${NAME}, ${NAME:-default} or ${NAME:?message})",
            ]
        );
    }

    #[test]
    fn layers_later_wins() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.env");
        let b = dir.path().join("b.env");
        std::fs::write(&a, "X=from_a\nY=from_a\nZ=from_a\n# comment\n").unwrap();
        std::fs::write(&b, "Y=from_b\nZ=\"from b\"\n").unwrap();
        let mut v = Variables::new();
        v.add_env_file(&a).unwrap();
        v.add_env_file(&b).unwrap();
        assert_eq!(v.lookup("X").unwrap().0, "from_a");
        assert_eq!(v.lookup("Y").unwrap().0, "from_b");
        v.add_environment([("Z".to_owned(), "from_env".to_owned())]);
        assert_eq!(v.lookup("Z").unwrap(), ("from_env", Origin::Environment));
        v.add_assignment("Z=from=cli").unwrap();
        assert_eq!(v.lookup("Z").unwrap(), ("from=cli", Origin::CommandLine));
        assert!(v.add_assignment("no_equals").is_err());
        let err = v
            .add_assignment("1BAD=secretvalue")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("secretvalue"), "{err}");
    }

    #[test]
    fn malformed_env_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.env");
        std::fs::write(&p, "A=1\nB=2\nthis is not valid\nC=3\n").unwrap();
        let err = Variables::new().add_env_file(&p).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:3:", p.display())), "{err}");
    }

    #[test]
    fn debug_hides_values() {
        let v = vars(&[("KAFKA_PASSWORD", "hunter2"), ("PLAIN", "visible-value")]);
        let dbg = format!("{v:?}");
        assert!(
            !dbg.contains("hunter2") && !dbg.contains("visible-value"),
            "{dbg}"
        );
    }
}
