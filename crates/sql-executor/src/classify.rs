//! What kind of statement a piece of SQL is, from its leading keywords.
use serde::Serialize;

/// The kind of a statement, as shown by `--dry-run` and used by the executor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// `SET 'key' = 'value'` (or `SET` alone).
    Set,
    /// `RESET` / `RESET 'key'`.
    Reset,
    /// `USE`, `USE CATALOG`, `USE MODULES`.
    Use,
    /// `CREATE`, `DROP`, `ALTER` (including `CREATE TABLE ... AS SELECT`).
    Ddl,
    /// `INSERT INTO/OVERWRITE` and `EXECUTE INSERT`.
    Insert,
    /// `EXECUTE STATEMENT SET BEGIN ... END` or `BEGIN STATEMENT SET; ... END;`.
    StatementSet,
    /// `SELECT`, `WITH`, `VALUES` or a parenthesised query.
    Query,
    /// `EXPLAIN ...`.
    Explain,
    /// `SHOW ...`, `DESCRIBE`/`DESC ...`.
    Show,
    /// Anything else (`ADD JAR`, `LOAD MODULE`, `STOP JOB`, ...), sent as is.
    Other,
}

impl StatementKind {
    /// The name used in plans and JSON output (`set`, `ddl`, `statement_set`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Set => "set",
            Self::Reset => "reset",
            Self::Use => "use",
            Self::Ddl => "ddl",
            Self::Insert => "insert",
            Self::StatementSet => "statement_set",
            Self::Query => "query",
            Self::Explain => "explain",
            Self::Show => "show",
            Self::Other => "other",
        }
    }
}

impl std::fmt::Display for StatementKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One significant token as classification sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lexeme {
    /// An unquoted word, upper-cased.
    Word(String),
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// Anything else.
    Other,
}

/// Classifies a statement from its significant tokens. Returns the kind and
/// whether it is a `CREATE/REPLACE TABLE ... AS` that starts a job.
pub(crate) fn classify(lexemes: &[Lexeme]) -> (StatementKind, bool) {
    let word = |i: usize| match lexemes.get(i) {
        Some(Lexeme::Word(w)) => w.as_str(),
        _ => "",
    };
    let kind = match word(0) {
        "SET" => StatementKind::Set,
        "RESET" => StatementKind::Reset,
        "USE" => StatementKind::Use,
        "CREATE" | "DROP" | "ALTER" | "REPLACE" => StatementKind::Ddl,
        "INSERT" => StatementKind::Insert,
        "EXECUTE" if word(1) == "STATEMENT" => StatementKind::StatementSet,
        "EXECUTE" if word(1) == "INSERT" => StatementKind::Insert,
        "BEGIN" if word(1) == "STATEMENT" => StatementKind::StatementSet,
        "SELECT" | "WITH" | "VALUES" => StatementKind::Query,
        "" if lexemes.first() == Some(&Lexeme::LParen) => StatementKind::Query,
        "EXPLAIN" => StatementKind::Explain,
        "SHOW" | "DESCRIBE" | "DESC" => StatementKind::Show,
        _ => StatementKind::Other,
    };
    let as_select = kind == StatementKind::Ddl && is_table_as_select(lexemes);
    (kind, as_select)
}

/// `CREATE [OR REPLACE] TABLE ... AS <query>` / `REPLACE TABLE ... AS <query>`:
/// a top-level `AS` (outside parentheses) followed by a query keyword.
fn is_table_as_select(lexemes: &[Lexeme]) -> bool {
    let head: Vec<&str> = lexemes
        .iter()
        .take(5)
        .filter_map(|l| match l {
            Lexeme::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let is_table = matches!(
        head.as_slice(),
        ["CREATE", "TABLE", ..]
            | ["CREATE", "OR", "REPLACE", "TABLE", ..]
            | ["REPLACE", "TABLE", ..]
    );
    if !is_table {
        return false;
    }
    let mut depth = 0usize;
    let mut iter = lexemes.iter().peekable();
    while let Some(lexeme) = iter.next() {
        match lexeme {
            Lexeme::LParen => depth += 1,
            Lexeme::RParen => depth = depth.saturating_sub(1),
            Lexeme::Word(w) if depth == 0 && w == "AS" => {
                return matches!(
                    iter.peek(),
                    Some(Lexeme::Word(next)) if matches!(next.as_str(), "SELECT" | "WITH" | "VALUES")
                ) || matches!(iter.peek(), Some(Lexeme::LParen));
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(sql: &str) -> Vec<Lexeme> {
        sql.split_whitespace()
            .map(|w| match w {
                "(" => Lexeme::LParen,
                ")" => Lexeme::RParen,
                w => Lexeme::Word(w.to_ascii_uppercase()),
            })
            .collect()
    }

    #[test]
    fn kinds() {
        let cases = [
            ("SET 'a' = 'b'", StatementKind::Set),
            ("reset", StatementKind::Reset),
            ("use catalog c", StatementKind::Use),
            ("create table t ( a int )", StatementKind::Ddl),
            ("drop view v", StatementKind::Ddl),
            ("insert into t select 1", StatementKind::Insert),
            ("execute insert into t select 1", StatementKind::Insert),
            ("execute statement set begin", StatementKind::StatementSet),
            ("begin statement set", StatementKind::StatementSet),
            ("select 1", StatementKind::Query),
            (
                "with a as ( select 1 ) select * from a",
                StatementKind::Query,
            ),
            ("( select 1 )", StatementKind::Query),
            ("values ( 1 )", StatementKind::Query),
            ("explain plan for select 1", StatementKind::Explain),
            ("show tables", StatementKind::Show),
            ("describe t", StatementKind::Show),
            ("add jar 'x'", StatementKind::Other),
            ("execute plan 'x'", StatementKind::Other),
        ];
        for (sql, kind) in cases {
            assert_eq!(classify(&lex(sql)).0, kind, "{sql}");
        }
    }

    #[test]
    fn ctas_is_detected_but_not_create_with_options() {
        assert!(classify(&lex("create table t as select 1")).1);
        assert!(
            classify(&lex(
                "create or replace table t with ( 'a' = 'b' ) as select 1"
            ))
            .1
        );
        assert!(
            !classify(&lex(
                "create table t ( a int , b as a + 1 ) with ( 'x' = 'y' )"
            ))
            .1
        );
        assert!(!classify(&lex("create view v as select 1")).1);
    }
}
