//! The crate's error type.
use std::fmt;

/// A problem with a variable reference, located in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableProblem {
    /// `${NAME}` with `NAME` defined nowhere.
    Undefined {
        /// Source name.
        file: String,
        /// 1-based line.
        line: usize,
        /// Variable name.
        name: String,
    },
    /// `${NAME:?message}` with `NAME` unset or empty.
    Required {
        /// Source name.
        file: String,
        /// 1-based line.
        line: usize,
        /// Variable name.
        name: String,
        /// The message after `:?`.
        message: String,
    },
    /// `${` that does not start a valid reference.
    Malformed {
        /// Source name.
        file: String,
        /// 1-based line.
        line: usize,
        /// The offending text.
        snippet: String,
    },
}

impl fmt::Display for VariableProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Undefined { file, line, name } => {
                write!(f, "{file}:{line}: variable ${{{name}}} is not defined")
            }
            Self::Required {
                file,
                line,
                name,
                message,
            } => {
                let message = if message.is_empty() {
                    "it must be set"
                } else {
                    message
                };
                write!(
                    f,
                    "{file}:{line}: variable ${{{name}}} is required: {message}"
                )
            }
            Self::Malformed {
                file,
                line,
                snippet,
            } => write!(
                f,
                "{file}:{line}: malformed variable reference `{snippet}` (expected ${{NAME}}, ${{NAME:-default}} or ${{NAME:?message}})"
            ),
        }
    }
}

/// Joins problems one per line for [`Error::Variables`].
fn list(problems: &[VariableProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Everything that can go wrong in the executor.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path as given.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A directory was given where a file was expected.
    #[error("{path} is a directory, not a file")]
    IsDirectory {
        /// The path as given.
        path: String,
    },
    /// A file is not UTF-8.
    #[error("{path}:{line}: the file is not valid UTF-8")]
    NotUtf8 {
        /// The path as given.
        path: String,
        /// Line of the first invalid byte.
        line: usize,
    },
    /// The SQL could not be tokenized (unterminated string, identifier or comment).
    #[error("{file}:{line}:{column}: {message}")]
    Tokenize {
        /// Source name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the tokenizer reported.
        message: String,
    },
    /// A statement set without its `END`.
    #[error("{file}:{line}: statement set is not closed with END")]
    UnterminatedStatementSet {
        /// Source name.
        file: String,
        /// Line of the statement set.
        line: usize,
    },
    /// A malformed line in a `.env` file.
    #[error("{path}:{line}: {message}")]
    EnvFile {
        /// The path as given.
        path: String,
        /// 1-based line (0 if unknown).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A variable assignment (a `--var` argument) that is not `NAME=VALUE`.
    #[error(
        "invalid variable assignment `{assignment}`: expected NAME=VALUE with NAME made of letters, digits and _"
    )]
    InvalidAssignment {
        /// The argument, with its value masked.
        assignment: String,
    },
    /// Undefined, required or malformed variables; all of them, one per line.
    #[error("{}", list(.problems))]
    Variables {
        /// Every problem found.
        problems: Vec<VariableProblem>,
    },
    /// The configuration file is invalid.
    #[error("{path}: {message}")]
    Config {
        /// The path as given.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An invalid option value (for example an unknown `--output`).
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
    },
    /// Writing output failed.
    #[error("cannot write output: {source}")]
    Output {
        /// The I/O error.
        #[from]
        source: std::io::Error,
    },
}
