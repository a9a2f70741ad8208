//! The tokenizer dialect used to split Flink SQL.
use sqlparser::dialect::Dialect;

/// Flink SQL lexing rules as far as splitting needs them: backtick and
/// double-quoted identifiers, `''` escapes (no backslash escapes), `--` and
/// non-nesting `/* */` comments.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FlinkDialect;

impl Dialect for FlinkDialect {
    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        ch == '`' || ch == '"'
    }

    fn is_identifier_start(&self, ch: char) -> bool {
        ch.is_alphabetic() || ch == '_'
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        ch.is_alphanumeric() || ch == '_' || ch == '$'
    }
}
