//! Splitting SQL text into statements with `sqlparser`'s tokenizer.
//!
//! Semicolons inside strings, quoted identifiers and comments never split, and
//! statement sets (`EXECUTE STATEMENT SET BEGIN ... END;` and
//! `BEGIN STATEMENT SET; ... END;`) stay one unit. Each statement keeps the
//! 1-based line of its first token.
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use crate::classify::{Lexeme, StatementKind, classify};
use crate::dialect::FlinkDialect;
use crate::error::Error;
use crate::source::Source;
use crate::vars::{Piece, piece_len, scan};

/// One statement as found in the source, before variable substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawStatement {
    /// The source's name (path as given, or `<inline>`).
    pub file: String,
    /// 1-based line of the statement's first token.
    pub line: usize,
    /// The statement text without its terminating `;`. A `BEGIN STATEMENT SET;`
    /// block is rewritten to the equivalent `EXECUTE STATEMENT SET BEGIN ... END`.
    pub text: String,
    /// What kind of statement this is.
    pub kind: StatementKind,
    /// Whether this is a `CREATE TABLE ... AS SELECT` (which starts a job).
    pub creates_job: bool,
}

/// Splits one source into statements. Empty statements are skipped; the last
/// statement may omit its `;`.
pub fn split(source: &Source) -> Result<Vec<RawStatement>, Error> {
    let text = source.text.as_str();
    let shadow = shadow_variables(text);
    let tokens = Tokenizer::new(&FlinkDialect, &shadow)
        .tokenize_with_location()
        .map_err(|err| Error::Tokenize {
            file: source.name.clone(),
            line: usize::try_from(err.location.line).unwrap_or(usize::MAX),
            column: usize::try_from(err.location.column).unwrap_or(usize::MAX),
            message: lowercase_first(&err.message),
        })?;
    let significant = locate(&shadow, &tokens);
    Splitter {
        source,
        text,
        tokens: &significant,
    }
    .run()
}

/// A significant token with its byte range in the source.
struct Located<'t> {
    token: &'t Token,
    line: usize,
    start: usize,
    end: usize,
}

impl Located<'_> {
    fn is_word(&self, keyword: &str) -> bool {
        matches!(self.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(keyword))
    }

    fn is_semicolon(&self) -> bool {
        matches!(self.token, Token::SemiColon)
    }

    fn lexeme(&self) -> Lexeme {
        match self.token {
            Token::Word(w) if w.quote_style.is_none() => Lexeme::Word(w.value.to_ascii_uppercase()),
            Token::LParen => Lexeme::LParen,
            Token::RParen => Lexeme::RParen,
            _ => Lexeme::Other,
        }
    }
}

/// Replaces `$`, `$${` and whole `${...}` references with `_` of the same byte
/// length, so the tokenizer neither reads `$$` as dollar quoting nor sees quotes
/// or semicolons inside a default value. Newlines are kept, so lines match.
fn shadow_variables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut offset = 0;
    for piece in scan(text) {
        let len = piece_len(&piece);
        let slice = &text[offset..offset + len];
        match piece {
            Piece::Text(t) => {
                for c in t.chars() {
                    if c == '$' { out.push('_') } else { out.push(c) }
                }
            }
            Piece::Escape | Piece::Ref { .. } | Piece::Malformed { .. } => {
                for c in slice.chars() {
                    if c == '\n' || c == '\r' {
                        out.push(c);
                    } else {
                        out.extend(std::iter::repeat_n('_', c.len_utf8()));
                    }
                }
            }
        }
        offset += len;
    }
    out
}

/// Maps token locations (line, char column) to byte offsets and keeps only
/// significant tokens (not whitespace or comments).
fn locate<'t>(shadow: &str, tokens: &'t [TokenWithSpan]) -> Vec<Located<'t>> {
    let mut out = Vec::new();
    let mut chars = shadow.char_indices().peekable();
    let (mut line, mut col) = (1u64, 1u64);
    let mut byte_at = |target_line: u64, target_col: u64| -> usize {
        while (line, col) < (target_line, target_col) {
            match chars.next() {
                Some((_, '\n')) => {
                    line += 1;
                    col = 1;
                }
                Some(_) => col += 1,
                None => break,
            }
        }
        chars.peek().map_or(shadow.len(), |(i, _)| *i)
    };
    for t in tokens {
        if matches!(t.token, Token::Whitespace(_) | Token::EOF) {
            continue;
        }
        let start = byte_at(t.span.start.line, t.span.start.column);
        let end = byte_at(t.span.end.line, t.span.end.column);
        out.push(Located {
            token: &t.token,
            line: usize::try_from(t.span.start.line).unwrap_or(usize::MAX),
            start,
            end,
        });
    }
    out
}

struct Splitter<'a, 't> {
    source: &'a Source,
    text: &'a str,
    tokens: &'a [Located<'t>],
}

/// What an empty `BEGIN STATEMENT SET; END;` becomes: Flink rejects it as SQL, and its
/// client skips it with a notice, so the executor does too (see [`is_empty_statement_set`]).
pub(crate) const EMPTY_STATEMENT_SET: &str = "BEGIN STATEMENT SET;\nEND";

/// Whether a statement is an empty `BEGIN STATEMENT SET; END;`, skipped with a notice.
pub(crate) fn is_empty_statement_set(sql: &str) -> bool {
    sql == EMPTY_STATEMENT_SET
}

/// How far a statement set has got.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SetState {
    /// Not a statement set: the next `;` ends the statement.
    None,
    /// Inside the set; `at_start` is true right after `BEGIN` or a `;`.
    Inside { at_start: bool },
    /// `END` seen: the next `;` (or the end of input) ends the unit.
    Ended,
}

impl Splitter<'_, '_> {
    fn run(self) -> Result<Vec<RawStatement>, Error> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.tokens.len() {
            if self.tokens[i].is_semicolon() {
                i += 1;
                continue;
            }
            let (statement, next) = self.statement_at(i)?;
            out.push(statement);
            i = next;
        }
        Ok(out)
    }

    fn word_seq(&self, at: usize, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| self.tokens.get(at + k).is_some_and(|t| t.is_word(w)))
    }

    /// For a statement opening with `EXPLAIN` or `COMPILE` that wraps a statement set, the
    /// index of the first token after its `STATEMENT SET BEGIN`.
    fn prefixed_set_body(&self, first: usize) -> Option<usize> {
        let head = self.tokens.get(first)?;
        if !(head.is_word("EXPLAIN") || head.is_word("COMPILE")) {
            return None;
        }
        let mut i = first + 1;
        while i < self.tokens.len() && !self.tokens[i].is_semicolon() {
            if self.word_seq(i, &["STATEMENT", "SET", "BEGIN"]) {
                return Some(i + 3);
            }
            i += 1;
        }
        None
    }

    /// Reads one statement starting at token `first`; returns it and the index
    /// after its terminating `;`.
    fn statement_at(&self, first: usize) -> Result<(RawStatement, usize), Error> {
        let tokens = self.tokens;
        let (mut state, mut i, begin_form) =
            if self.word_seq(first, &["EXECUTE", "STATEMENT", "SET", "BEGIN"]) {
                (SetState::Inside { at_start: true }, first + 4, None)
            } else if let Some(body) = self.prefixed_set_body(first) {
                // `EXPLAIN [details] [EXECUTE] STATEMENT SET BEGIN …`, `COMPILE PLAN … FOR
                // STATEMENT SET BEGIN …`: one unit up to `END;`, as in Flink's client.
                (SetState::Inside { at_start: true }, body, None)
            } else if self.word_seq(first, &["BEGIN", "STATEMENT", "SET"]) {
                // `BEGIN STATEMENT SET;` — the body starts after its `;`.
                let semi = first + 3;
                let body_start = match tokens.get(semi) {
                    Some(t) if t.is_semicolon() => t.end,
                    _ => tokens[first + 2].end,
                };
                let next = if tokens.get(semi).is_some_and(Located::is_semicolon) {
                    semi + 1
                } else {
                    semi
                };
                (SetState::Inside { at_start: true }, next, Some(body_start))
            } else {
                (SetState::None, first, None)
            };
        let mut end_keyword_start = None;
        let mut body_tokens = 0usize;
        let mut terminator = None;
        while i < tokens.len() {
            let t = &tokens[i];
            match state {
                SetState::None => {
                    if t.is_semicolon() {
                        terminator = Some(i);
                        break;
                    }
                }
                SetState::Inside { at_start } => {
                    if t.is_semicolon() {
                        state = SetState::Inside { at_start: true };
                    } else if at_start && t.is_word("END") {
                        end_keyword_start = Some(t.start);
                        state = SetState::Ended;
                    } else {
                        body_tokens += 1;
                        state = SetState::Inside { at_start: false };
                    }
                }
                SetState::Ended => {
                    if t.is_semicolon() {
                        terminator = Some(i);
                        break;
                    }
                }
            }
            i += 1;
        }
        let head = &tokens[first];
        if matches!(state, SetState::Inside { .. }) {
            return Err(Error::UnterminatedStatementSet {
                file: self.source.name.clone(),
                line: head.line,
            });
        }
        let (end_byte, next) = match terminator {
            Some(k) => (tokens[k].start, k + 1),
            None => (tokens.last().map_or(head.end, |t| t.end), tokens.len()),
        };
        let raw = self.text[head.start..end_byte].trim_end();
        let text = match (begin_form, end_keyword_start) {
            (Some(body_start), Some(end_start)) => {
                let body = self.text[body_start..end_start].trim();
                if body_tokens == 0 {
                    EMPTY_STATEMENT_SET.to_owned()
                } else {
                    format!("EXECUTE STATEMENT SET\nBEGIN\n{body}\nEND")
                }
            }
            _ => raw.to_owned(),
        };
        let last = terminator.unwrap_or(tokens.len());
        let lexemes: Vec<Lexeme> = tokens[first..last].iter().map(Located::lexeme).collect();
        let (kind, creates_job) = classify(&lexemes);
        Ok((
            RawStatement {
                file: self.source.name.clone(),
                line: head.line,
                text,
                kind,
                creates_job,
            },
            next,
        ))
    }
}

fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<(usize, String)> {
        split(&Source::inline(sql))
            .unwrap()
            .into_iter()
            .map(|s| (s.line, s.text))
            .collect()
    }

    #[test]
    fn explain_and_compile_of_a_statement_set_stay_one_unit() {
        let sql = "EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END;\n\
                   EXPLAIN CHANGELOG_MODE, JSON_EXECUTION_PLAN STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nEND;\n\
                   COMPILE PLAN '/tmp/p.json' FOR STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;\n\
                   EXPLAIN SELECT 1;";
        let out = texts(sql);
        assert_eq!(out.len(), 4, "{out:?}");
        assert_eq!(
            out[0].1,
            "EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END"
        );
        assert_eq!((out[1].0, out[3].1.as_str()), (2, "EXPLAIN SELECT 1"));
        assert!(out[2].1.ends_with("SELECT 1; END"), "{}", out[2].1);
        let kinds: Vec<_> = split(&Source::inline(sql))
            .unwrap()
            .into_iter()
            .map(|s| s.kind)
            .collect();
        assert_eq!(kinds[0], StatementKind::Explain);
    }

    #[test]
    fn empty_begin_statement_set_is_marked_for_skipping() {
        let out = split(&Source::inline(
            "BEGIN STATEMENT SET;\n-- nothing\nEND;\nSELECT 1;",
        ))
        .unwrap();
        assert_eq!(out.len(), 2);
        assert!(is_empty_statement_set(&out[0].text), "{}", out[0].text);
        assert_eq!(out[0].kind, StatementKind::StatementSet);
        assert!(!is_empty_statement_set(&out[1].text));
    }

    #[test]
    fn semicolons_in_strings_identifiers_and_comments() {
        let sql = "SELECT 'a;b', 'it''s;' FROM `t;1`;\nSELECT \"x;y\" -- c;omment\n FROM t /* ; */;\n\n;;SELECT 3";
        assert_eq!(
            texts(sql),
            [
                (1, "SELECT 'a;b', 'it''s;' FROM `t;1`".to_owned()),
                (2, "SELECT \"x;y\" -- c;omment\n FROM t /* ; */".to_owned()),
                (5, "SELECT 3".to_owned()),
            ]
        );
    }

    #[test]
    fn statement_sets_are_one_unit() {
        let sql = "EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT CASE WHEN x THEN 1 END FROM s;\nINSERT INTO b SELECT 1;\nEND;\nSELECT 1;";
        let out = split(&Source::inline(sql)).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].kind, StatementKind::StatementSet);
        assert!(out[0].text.ends_with("SELECT 1;\nEND"), "{}", out[0].text);
        assert_eq!(out[1].line, 5);

        let sql = "begin statement set;\ninsert into a select 1;\ninsert into b select 2;\nend;\nshow jobs";
        let out = split(&Source::inline(sql)).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].text,
            "EXECUTE STATEMENT SET\nBEGIN\ninsert into a select 1;\ninsert into b select 2;\nEND"
        );
        assert_eq!(out[0].kind, StatementKind::StatementSet);
        assert_eq!((out[1].line, out[1].kind), (5, StatementKind::Show));
    }

    #[test]
    fn unterminated_inputs_name_file_and_line() {
        let err = split(&Source::named("x.sql", "SELECT 1;\nSELECT 'abc")).unwrap_err();
        assert_eq!(err.to_string(), "x.sql:2:8: unterminated string literal");
        let err = split(&Source::named("x.sql", "SELECT 1;\n/* never closed")).unwrap_err();
        assert!(err.to_string().starts_with("x.sql:2:"), "{err}");
        let err = split(&Source::named(
            "x.sql",
            "\nEXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;",
        ))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.sql:2: statement set is not closed with END"
        );
    }

    #[test]
    fn crlf_and_non_ascii() {
        let sql = "-- héllo\r\nSELECT 'ünï;côdé' AS `列;名`;\r\n\r\nSELECT '😀';\r\n";
        assert_eq!(
            texts(sql),
            [
                (2, "SELECT 'ünï;côdé' AS `列;名`".to_owned()),
                (4, "SELECT '😀'".to_owned())
            ]
        );
    }

    #[test]
    fn variables_do_not_confuse_the_tokenizer() {
        let sql = "SELECT '${A}' , ${B:-x;'y} , $${C};\nSELECT $$1";
        assert_eq!(
            texts(sql),
            [
                (1, "SELECT '${A}' , ${B:-x;'y} , $${C}".to_owned()),
                (2, "SELECT $$1".to_owned())
            ]
        );
    }
}
