//! The layered variable sources (`.env` files, process environment, `--var`) and
//! substitution in statements; the `${NAME}` rules themselves live in `studio-vars`.
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::error::{Error, VariableProblem};
use crate::mask::is_secret_name;

pub use studio_vars::is_valid_name;
pub(crate) use studio_vars::{Piece, piece_len, scan};

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
        let entries = studio_vars::parse_env(&text).map_err(|err| match err {
            studio_vars::Error::EnvSyntax { line, message } => Error::EnvFile {
                path: name.clone(),
                line,
                message,
            },
            other => Error::EnvFile {
                path: name.clone(),
                line: 0,
                message: other.to_string(),
            },
        })?;
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
    let expansion = studio_vars::expand(text, first_line, |name| {
        vars.lookup(name).map(|(value, _)| value)
    });
    problems.extend(expansion.problems.into_iter().map(|problem| {
        let file = file.to_owned();
        match problem {
            studio_vars::Problem::Undefined { line, name } => {
                VariableProblem::Undefined { file, line, name }
            }
            studio_vars::Problem::Required {
                line,
                name,
                message,
            } => VariableProblem::Required {
                file,
                line,
                name,
                message,
            },
            studio_vars::Problem::Malformed { line, snippet } => VariableProblem::Malformed {
                file,
                line,
                snippet,
            },
            // The engine may learn new problems; keep them, with their own wording.
            other => VariableProblem::Malformed {
                file,
                line: other.line(),
                snippet: other.message(),
            },
        }
    }));
    for var in expansion.used {
        if !used
            .iter()
            .any(|u| u.name == var.name && u.value == var.value)
        {
            used.push(UsedVariable {
                secret: vars.is_secret(&var.name),
                name: var.name,
                value: var.value,
            });
        }
    }
    expansion.text
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

    // The rules themselves are tested in studio-vars; these test the layers and the wording.
    #[test]
    fn substitutes_and_records_secrets() {
        let v = vars(&[("A", "x"), ("KAFKA_PASSWORD", "hunter2")]);
        let mut problems = Vec::new();
        let mut used = Vec::new();
        let out = substitute(
            "${A} ${KAFKA_PASSWORD}",
            "f.sql",
            1,
            &v,
            &mut problems,
            &mut used,
        );
        assert_eq!(out, "x hunter2");
        assert!(problems.is_empty());
        assert_eq!(
            used.iter()
                .map(|u| (u.name.as_str(), u.secret))
                .collect::<Vec<_>>(),
            [("A", false), ("KAFKA_PASSWORD", true)]
        );
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
