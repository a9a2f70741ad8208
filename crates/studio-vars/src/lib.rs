//! The `${VAR}` engine shared by the executor and the manifests: `${NAME}`, `${NAME:-default}`,
//! `${NAME:?message}`, `$${` escapes, every problem reported at once with its line, and `.env`
//! parsing (with `dotenvy`) that names the offending line.
//!
//! ```
//! let vars = |name: &str| (name == "TOPIC").then_some("orders");
//! let out = studio_vars::expand("'${TOPIC}' '${GROUP:-g1}'\n'${MISSING}'", 1, vars);
//! assert_eq!(out.text, "'orders' 'g1'\n''");
//! assert_eq!(out.problems[0].to_string(), "line 2: variable ${MISSING} is not defined");
//!
//! let env = studio_vars::parse_env("A=1\n# comment\nB=\"two words\"\n").unwrap();
//! assert_eq!(env[1], ("B".to_owned(), "two words".to_owned()));
//! ```

mod env;
mod scan;

pub use env::parse_env;
pub use scan::{Op, Piece, is_valid_name, piece_len, scan};

use std::fmt;

/// Errors of this crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A `.env` text that `dotenvy` cannot parse.
    #[error("{}{message}", if *line > 0 { format!("line {line}: ") } else { String::new() })]
    EnvSyntax {
        /// 1-based line (0 if unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One problem found while expanding a text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// `${NAME}` with `NAME` defined nowhere.
    Undefined {
        /// 1-based line.
        line: usize,
        /// Variable name.
        name: String,
    },
    /// `${NAME:?message}` with `NAME` unset or empty.
    Required {
        /// 1-based line.
        line: usize,
        /// Variable name.
        name: String,
        /// The message written after `:?`.
        message: String,
    },
    /// `${` not followed by a valid reference.
    Malformed {
        /// 1-based line.
        line: usize,
        /// The offending text.
        snippet: String,
    },
}

impl Problem {
    /// The 1-based line of the problem.
    pub fn line(&self) -> usize {
        match self {
            Self::Undefined { line, .. }
            | Self::Required { line, .. }
            | Self::Malformed { line, .. } => *line,
        }
    }

    /// The problem without its line, e.g. ``variable ${X} is not defined``.
    pub fn message(&self) -> String {
        match self {
            Self::Undefined { name, .. } => format!("variable ${{{name}}} is not defined"),
            Self::Required { name, message, .. } => {
                format!("variable ${{{name}}} is required: {message}")
            }
            Self::Malformed { snippet, .. } => format!(
                "malformed variable reference `{snippet}` (expected ${{NAME}}, ${{NAME:-default}} or ${{NAME:?message}})"
            ),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line(), self.message())
    }
}

/// A variable that expansion used, with the value substituted (a default if it was unset).
#[derive(Clone, PartialEq, Eq)]
pub struct Used {
    /// The variable's name.
    pub name: String,
    /// The substituted value.
    pub value: String,
}

impl fmt::Debug for Used {
    // Values may be secrets: never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Used")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The result of [`expand`]: the text with every resolvable reference replaced, the variables
/// used (each name and value once), and every problem found (empty on success).
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct Expansion {
    /// The expanded text; unresolved references expand to nothing.
    pub text: String,
    /// The variables used, in order of first use.
    pub used: Vec<Used>,
    /// All problems, in order.
    pub problems: Vec<Problem>,
}

impl fmt::Debug for Expansion {
    // The text holds substituted values, which may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expansion")
            .field("used", &self.used)
            .field("problems", &self.problems)
            .finish_non_exhaustive()
    }
}

/// Expands the references in `text`, whose first line is `first_line` of its source.
/// `lookup` answers a variable's value, or `None` when it is defined nowhere.
pub fn expand<'v>(
    text: &str,
    first_line: usize,
    lookup: impl Fn(&str) -> Option<&'v str>,
) -> Expansion {
    let mut out = Expansion {
        text: String::with_capacity(text.len()),
        ..Expansion::default()
    };
    let mut line = first_line;
    for piece in scan(text) {
        match piece {
            Piece::Text(t) => {
                out.text.push_str(t);
                line += t.matches('\n').count();
            }
            Piece::Escape => out.text.push_str("${"),
            Piece::Malformed { snippet, .. } => out.problems.push(Problem::Malformed {
                line,
                snippet: snippet.to_owned(),
            }),
            Piece::Ref { name, op, .. } => {
                let resolved = match (lookup(name), op) {
                    (Some(v), Op::Plain) => Some(v),
                    (Some(v), Op::Default(_) | Op::Required(_)) if !v.is_empty() => Some(v),
                    (_, Op::Default(default)) => Some(default),
                    (_, Op::Required(message)) => {
                        out.problems.push(Problem::Required {
                            line,
                            name: name.to_owned(),
                            message: message.to_owned(),
                        });
                        None
                    }
                    (None, Op::Plain) => {
                        out.problems.push(Problem::Undefined {
                            line,
                            name: name.to_owned(),
                        });
                        None
                    }
                };
                if let Some(value) = resolved {
                    out.text.push_str(value);
                    if !out.used.iter().any(|u| u.name == name && u.value == value) {
                        out.used.push(Used {
                            name: name.to_owned(),
                            value: value.to_owned(),
                        });
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
