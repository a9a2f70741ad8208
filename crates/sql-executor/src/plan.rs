//! Turning sources into a plan: split, substitute, classify, and the dry-run output.
use std::fmt;
use std::io::Write;

use serde::Serialize;

use crate::classify::StatementKind;
use crate::error::Error;
use crate::mask::Masker;
use crate::source::Source;
use crate::split::split;
use crate::vars::{UsedVariable, Variables, substitute};

/// One statement ready to submit.
#[derive(Clone)]
pub struct PlannedStatement {
    /// 1-based position in the run.
    pub index: usize,
    /// Source name (path as given, or `<inline>`).
    pub file: String,
    /// 1-based line of the statement's first token.
    pub line: usize,
    /// Statement kind.
    pub kind: StatementKind,
    /// Whether this is a `CREATE TABLE ... AS SELECT` (which starts a job).
    pub creates_job: bool,
    sql: String,
    masked: String,
}

impl fmt::Debug for PlannedStatement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlannedStatement")
            .field("index", &self.index)
            .field("file", &self.file)
            .field("line", &self.line)
            .field("kind", &self.kind)
            .field("statement", &self.masked)
            .finish()
    }
}

impl PlannedStatement {
    /// The SQL to submit, with variables substituted. Contains secrets: never print it.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The SQL with secret values replaced by `***`, safe to print.
    pub fn masked_sql(&self) -> &str {
        &self.masked
    }

    /// `file:line`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// The first non-empty line of the masked SQL, for messages.
    pub fn first_line(&self) -> &str {
        self.masked
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }
}

/// The statements of a run, in order, and the masker for their secrets.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The statements, in order.
    pub statements: Vec<PlannedStatement>,
    masker: Masker,
    used: Vec<UsedVariable>,
}

impl Plan {
    /// Splits every source, substitutes variables and classifies statements.
    ///
    /// Variable problems in all sources are collected and reported together in
    /// one [`Error::Variables`]; nothing is submitted in that case.
    pub fn build(sources: &[Source], vars: &Variables) -> Result<Self, Error> {
        let mut statements = Vec::new();
        let mut problems = Vec::new();
        let mut used = Vec::new();
        for source in sources {
            for raw in split(source)? {
                let sql = substitute(
                    &raw.text,
                    &raw.file,
                    raw.line,
                    vars,
                    &mut problems,
                    &mut used,
                );
                statements.push(PlannedStatement {
                    index: statements.len() + 1,
                    file: raw.file,
                    line: raw.line,
                    kind: raw.kind,
                    creates_job: raw.creates_job,
                    sql,
                    masked: String::new(),
                });
            }
        }
        if !problems.is_empty() {
            return Err(Error::Variables { problems });
        }
        let masker = Masker::new(used.iter().filter(|u| u.secret).map(|u| u.value.clone()));
        for s in &mut statements {
            s.masked = masker.mask(&s.sql).into_owned();
        }
        Ok(Self {
            statements,
            masker,
            used,
        })
    }

    /// The masker for every secret value this plan substituted.
    pub fn masker(&self) -> &Masker {
        &self.masker
    }

    /// The variables this plan used (secret values are hidden by `Debug`).
    pub fn used_variables(&self) -> &[UsedVariable] {
        &self.used
    }

    /// Writes the plan as text: a header comment per statement, then its masked SQL.
    /// The output is itself a runnable SQL script.
    pub fn write_text(&self, out: &mut dyn Write) -> Result<(), Error> {
        for s in &self.statements {
            writeln!(out, "-- [{}] {} {}", s.index, s.kind, s.location())?;
            writeln!(out, "{};", s.masked)?;
            writeln!(out)?;
        }
        writeln!(
            out,
            "-- {} statement(s); dry run, nothing was submitted",
            self.statements.len()
        )?;
        Ok(())
    }

    /// Writes the plan as JSON Lines: one object per statement with `index`,
    /// `file`, `line`, `kind` and the masked `statement`.
    pub fn write_json_lines(&self, out: &mut dyn Write) -> Result<(), Error> {
        #[derive(Serialize)]
        struct Line<'a> {
            index: usize,
            file: &'a str,
            line: usize,
            kind: StatementKind,
            statement: &'a str,
        }
        for s in &self.statements {
            let line = Line {
                index: s.index,
                file: &s.file,
                line: s.line,
                kind: s.kind,
                statement: &s.masked,
            };
            serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Ok(())
    }
}
