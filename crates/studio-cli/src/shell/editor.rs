//! The shell's line editor helper: when input is complete, completion, highlighting.
use std::borrow::Cow;
use std::time::Duration;

use rustyline::completion::Completer;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};
use sql_executor::{Source, split};
use sql_gateway_client::{Client, SessionHandle};

/// The shell's own commands, offered by completion.
pub const COMMANDS: [&str; 4] = ["HELP", "QUIT", "EXIT", "SOURCE"];
/// How long a completion may wait for the gateway.
const COMPLETE_TIMEOUT: Duration = Duration::from_secs(2);

/// Completion, highlighting and multi-line input for the shell.
pub struct SqlHelper {
    pub(super) runtime: tokio::runtime::Handle,
    pub(super) client: Client,
    pub(super) session: SessionHandle,
}

impl Helper for SqlHelper {}

impl Hinter for SqlHelper {
    type Hint = String;
}

impl Validator for SqlHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

/// Whether `input` is ready to run: a shell command, nothing at all, or SQL that ends with a
/// `;` outside strings, comments and statement sets (decided by the executor's splitter).
pub fn is_complete(input: &str) -> bool {
    if super::command_of(input).is_some() {
        return true;
    }
    const SENTINEL: &str = "studio_shell_end";
    // The text ends its last statement exactly when a statement appended after it
    // comes out of the splitter on its own.
    match split(&Source::inline(format!("{input}\n{SENTINEL}"))) {
        Ok(statements) => match statements.last() {
            Some(last) => last.text.trim() == SENTINEL,
            None => true,
        },
        Err(_) => false,
    }
}

impl Completer for SqlHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let start = line[..pos]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .map_or(0, |i| i + 1);
        let word = &line[start..pos];
        let mut out: Vec<String> = Vec::new();
        let chars = line[..pos].chars().count();
        for candidate in self.gateway_candidates(line, chars) {
            // The gateway offers `catalog.database.table`; keep the form the user typed.
            let short = if word.contains('.') {
                candidate.as_str()
            } else {
                candidate.rsplit('.').next().unwrap_or(&candidate)
            };
            if starts_with_ignore_case(short, word) && !out.iter().any(|c| c == short) {
                out.push(short.to_owned());
            }
        }
        if !word.is_empty() && !word.contains('.') {
            let upper = word.to_ascii_uppercase();
            let commands = COMMANDS.iter().copied();
            for kw in commands.chain(sqlparser::keywords::ALL_KEYWORDS.iter().copied()) {
                if kw.starts_with(&upper) && !out.iter().any(|c| c.eq_ignore_ascii_case(kw)) {
                    out.push(kw.to_owned());
                }
            }
        }
        Ok((start, out))
    }
}

impl SqlHelper {
    /// Candidates from the gateway's `complete-statement` (none when the negotiated REST
    /// version lacks it, or on any error: completion is a convenience).
    fn gateway_candidates(&self, statement: &str, position: usize) -> Vec<String> {
        let session = self.client.attach_session(self.session.clone());
        let asked = self.runtime.block_on(tokio::time::timeout(
            COMPLETE_TIMEOUT,
            session.complete_statement(statement, position),
        ));
        let _ = session.keep_open();
        match asked {
            Ok(Ok(candidates)) => candidates,
            Ok(Err(err)) => {
                tracing::debug!(error = %err, "complete-statement failed");
                Vec::new()
            }
            Err(_) => Vec::new(),
        }
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

impl Highlighter for SqlHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        Cow::Owned(highlight(line))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        true
    }
}

const KEYWORD: &str = "\x1b[1;34m";
const STRING: &str = "\x1b[32m";
const COMMENT: &str = "\x1b[90m";
const RESET: &str = "\x1b[0m";

/// Colours keywords, strings and comments. A small lexer of its own: it must cope with
/// half-typed input (an open string or comment) that a tokenizer rejects.
pub fn highlight(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let (len, colour) = if rest.starts_with("--") {
            (rest.find('\n').unwrap_or(rest.len()), Some(COMMENT))
        } else if let Some(body) = rest.strip_prefix("/*") {
            (body.find("*/").map_or(rest.len(), |i| i + 4), Some(COMMENT))
        } else if c == '\'' {
            (string_len(rest), Some(STRING))
        } else if c.is_alphabetic() || c == '_' {
            let len = rest
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            let word = rest[..len].to_ascii_uppercase();
            let keyword = sqlparser::keywords::ALL_KEYWORDS
                .binary_search(&word.as_str())
                .is_ok();
            (len, keyword.then_some(KEYWORD))
        } else {
            (c.len_utf8(), None)
        };
        let (token, tail) = rest.split_at(len);
        match colour {
            Some(colour) => {
                out.push_str(colour);
                out.push_str(token);
                out.push_str(RESET);
            }
            None => out.push_str(token),
        }
        rest = tail;
    }
    out
}

/// Length of a `'...'` string (with `''` escapes), or the rest when it is not closed.
fn string_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_is_complete_at_a_semicolon_outside_strings_and_comments() {
        assert!(is_complete("SELECT 1;"));
        assert!(is_complete("SELECT 1; -- done"));
        assert!(is_complete("SELECT\n  1\n;"));
        assert!(!is_complete("SELECT 1"));
        assert!(!is_complete("SELECT 'a;"));
        assert!(!is_complete("SELECT 1 -- ;"));
        assert!(!is_complete("SELECT 1 /* ; */"));
        assert!(!is_complete(
            "EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1;"
        ));
        assert!(is_complete(
            "EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1; END;"
        ));
        assert!(is_complete("quit"));
        assert!(is_complete("SOURCE a.sql"));
        assert!(is_complete(""));
    }

    #[test]
    fn keywords_strings_and_comments_are_coloured() {
        let out = highlight("select 'it''s' -- note");
        assert_eq!(
            out,
            format!("{KEYWORD}select{RESET} {STRING}'it''s'{RESET} {COMMENT}-- note{RESET}")
        );
        assert_eq!(highlight("foo 'open"), format!("foo {STRING}'open{RESET}"));
    }
}
