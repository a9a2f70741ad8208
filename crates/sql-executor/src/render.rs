//! Rendering result rows as a table, a changelog, JSON Lines or CSV to any writer.
use std::io::{self, Write};
use std::str::FromStr;

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::Value;

use crate::error::Error;

/// One field of a result row, in the two forms the renderers need.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    /// Human-readable text (`NULL` for null).
    pub text: String,
    /// Compact JSON text (`null` for null), exact as the server sent it.
    pub json: String,
}

impl Cell {
    /// SQL `NULL` (`<NULL>` in tables and changelogs, as Flink's SQL Client shows it).
    pub fn null() -> Self {
        Self {
            text: "<NULL>".to_owned(),
            json: "null".to_owned(),
        }
    }

    /// Whether this is SQL `NULL`.
    pub fn is_null(&self) -> bool {
        self.json == "null"
    }

    /// A cell from a JSON value (strings unquoted in `text`).
    pub fn from_json(v: &Value) -> Self {
        Self {
            text: plain(v),
            json: v.to_string(),
        }
    }
}

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// A table of the materialized result: `-U`/`+U`/`-D` rows update it.
    Table,
    /// Every change as it arrives, with an `op` column (`+I`, `-U`, `+U`, `-D`).
    Changelog,
    /// JSON Lines; query results carry an `op` field.
    Json,
    /// CSV with a header; query results have an `op` column first.
    Csv,
}

impl OutputFormat {
    /// All formats with their names, for help and error messages.
    pub const ALL: [(&'static str, OutputFormat); 4] = [
        ("table", Self::Table),
        ("changelog", Self::Changelog),
        ("json", Self::Json),
        ("csv", Self::Csv),
    ];
}

impl FromStr for OutputFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::ALL
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s))
            .map(|(_, f)| *f)
            .ok_or_else(|| Error::Usage {
                message: format!(
                    "unknown output format `{s}`: expected one of table, changelog, json, csv"
                ),
            })
    }
}

/// The change a row carries (Flink's `RowKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// `+I`
    Insert,
    /// `-U`
    UpdateBefore,
    /// `+U`
    UpdateAfter,
    /// `-D`
    Delete,
}

impl RowKind {
    /// The short form used in `op` columns.
    pub fn short(self) -> &'static str {
        match self {
            Self::Insert => "+I",
            Self::UpdateBefore => "-U",
            Self::UpdateAfter => "+U",
            Self::Delete => "-D",
        }
    }

    /// Parses the gateway's `INSERT`/`UPDATE_BEFORE`/... or the short form.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "INSERT" | "+I" => Some(Self::Insert),
            "UPDATE_BEFORE" | "-U" => Some(Self::UpdateBefore),
            "UPDATE_AFTER" | "+U" => Some(Self::UpdateAfter),
            "DELETE" | "-D" => Some(Self::Delete),
            _ => None,
        }
    }

    /// Whether the row adds to the result (`+I`, `+U`).
    pub fn is_addition(self) -> bool {
        matches!(self, Self::Insert | Self::UpdateAfter)
    }
}

/// Writes one result (one statement's rows) in a chosen format.
///
/// `with_op` says whether the result is a changelog (a query result): then JSON
/// and CSV carry the `op` of each row. Table output is written by [`finish`](Self::finish).
#[derive(Debug)]
pub struct ResultWriter {
    format: OutputFormat,
    columns: Vec<String>,
    with_op: bool,
    /// The materialized view for table output.
    rows: Vec<Vec<Cell>>,
    count: u64,
    header_written: bool,
}

impl ResultWriter {
    /// A writer for a result with these column names.
    pub fn new(format: OutputFormat, columns: Vec<String>, with_op: bool) -> Self {
        Self {
            format,
            columns,
            with_op,
            rows: Vec::new(),
            count: 0,
            header_written: false,
        }
    }

    /// How many change rows were received.
    pub fn rows_received(&self) -> u64 {
        self.count
    }

    /// How many rows the materialized view holds now.
    pub fn materialized_len(&self) -> usize {
        self.rows.len()
    }

    /// Writes (or, for tables, applies) one row.
    pub fn row(&mut self, out: &mut dyn Write, kind: RowKind, fields: &[Cell]) -> io::Result<()> {
        self.count += 1;
        match self.format {
            OutputFormat::Table => {
                apply_change(&mut self.rows, kind, fields);
                Ok(())
            }
            OutputFormat::Changelog => {
                self.header(out)?;
                let mut line = String::from(kind.short());
                for v in fields {
                    line.push_str(" | ");
                    line.push_str(&v.text);
                }
                writeln!(out, "{line}")
            }
            OutputFormat::Json => {
                let mut line = String::from("{");
                let mut first = true;
                if self.with_op {
                    let key = if self.columns.iter().any(|c| c == "op") {
                        "_op"
                    } else {
                        "op"
                    };
                    line.push_str(&format!(
                        "{}:{}",
                        json_string(key),
                        json_string(kind.short())
                    ));
                    first = false;
                }
                for (i, v) in fields.iter().enumerate() {
                    if !first {
                        line.push(',');
                    }
                    first = false;
                    let name = self
                        .columns
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("f{i}"));
                    line.push_str(&json_string(&name));
                    line.push(':');
                    line.push_str(&v.json);
                }
                line.push('}');
                writeln!(out, "{line}")
            }
            OutputFormat::Csv => {
                self.header(out)?;
                let mut cells: Vec<String> = Vec::with_capacity(fields.len() + 1);
                if self.with_op {
                    cells.push(kind.short().to_owned());
                }
                cells.extend(fields.iter().map(|v| {
                    csv_cell(if v.is_null() {
                        String::new()
                    } else {
                        v.text.clone()
                    })
                }));
                writeln!(out, "{}", cells.join(","))
            }
        }
    }

    fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.header_written {
            return Ok(());
        }
        self.header_written = true;
        match self.format {
            OutputFormat::Changelog => {
                let mut line = String::from("op");
                for c in &self.columns {
                    line.push_str(" | ");
                    line.push_str(c);
                }
                writeln!(out, "{line}")
            }
            OutputFormat::Csv => {
                let mut cells: Vec<String> = Vec::new();
                if self.with_op {
                    cells.push("op".to_owned());
                }
                cells.extend(self.columns.iter().map(|c| csv_cell(c.clone())));
                writeln!(out, "{}", cells.join(","))
            }
            OutputFormat::Table | OutputFormat::Json => Ok(()),
        }
    }

    /// Ends the result: prints the materialized table (table output) or the
    /// header of an empty CSV/changelog result.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            OutputFormat::Table => {
                if self.columns.is_empty() {
                    return Ok(());
                }
                let mut table = Table::new();
                table
                    .load_preset(presets::ASCII_MARKDOWN)
                    .set_content_arrangement(ContentArrangement::Disabled);
                table.set_header(self.columns.iter().cloned());
                for row in &self.rows {
                    table.add_row(row.iter().map(|c| c.text.as_str()));
                }
                writeln!(out, "{table}")?;
                let n = self.rows.len();
                writeln!(out, "{n} row{}", if n == 1 { "" } else { "s" })
            }
            OutputFormat::Changelog | OutputFormat::Csv => self.header(out),
            OutputFormat::Json => Ok(()),
        }
    }
}

/// Applies one change to a materialized view: additions append, retractions
/// remove the first equal row (Flink retracts full rows).
pub fn apply_change(rows: &mut Vec<Vec<Cell>>, kind: RowKind, fields: &[Cell]) {
    if kind.is_addition() {
        rows.push(fields.to_vec());
    } else if let Some(pos) = rows.iter().position(|r| r.as_slice() == fields) {
        rows.remove(pos);
    }
}

/// A value as plain text: strings unquoted, `NULL` for null, JSON for the rest.
pub fn plain(v: &Value) -> String {
    match v {
        Value::Null => "NULL".to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn json_string(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

fn csv_cell(s: String) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(format: OutputFormat, with_op: bool, rows: &[(RowKind, Vec<Value>)]) -> String {
        let mut w = ResultWriter::new(format, vec!["word".into(), "cnt".into()], with_op);
        let mut out = Vec::new();
        for (k, f) in rows {
            let cells: Vec<Cell> = f.iter().map(Cell::from_json).collect();
            w.row(&mut out, *k, &cells).unwrap();
        }
        w.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn changes() -> Vec<(RowKind, Vec<Value>)> {
        vec![
            (RowKind::Insert, vec![json!("a"), json!(1)]),
            (RowKind::Insert, vec![json!("b, \"c\""), json!(null)]),
            (RowKind::UpdateBefore, vec![json!("a"), json!(1)]),
            (RowKind::UpdateAfter, vec![json!("a"), json!(2)]),
            (RowKind::Delete, vec![json!("b, \"c\""), json!(null)]),
        ]
    }

    #[test]
    fn table_applies_retractions() {
        let out = render(OutputFormat::Table, true, &changes());
        assert!(out.contains("| a    | 2   |"), "{out}");
        assert!(!out.contains("b, "), "{out}");
        assert!(out.ends_with("1 row\n"), "{out}");
    }

    #[test]
    fn changelog_json_csv() {
        let out = render(OutputFormat::Changelog, true, &changes());
        assert_eq!(out.lines().next(), Some("op | word | cnt"));
        assert_eq!(out.lines().nth(3), Some("-U | a | 1"));
        let out = render(OutputFormat::Json, true, &changes());
        assert_eq!(
            out.lines().nth(3),
            Some(r#"{"op":"+U","word":"a","cnt":2}"#)
        );
        let out = render(OutputFormat::Json, false, &changes()[..1]);
        assert_eq!(out, "{\"word\":\"a\",\"cnt\":1}\n");
        let out = render(OutputFormat::Csv, true, &changes());
        assert_eq!(
            out.lines().collect::<Vec<_>>(),
            [
                "op,word,cnt",
                "+I,a,1",
                "+I,\"b, \"\"c\"\"\",",
                "-U,a,1",
                "+U,a,2",
                "-D,\"b, \"\"c\"\"\","
            ]
        );
    }

    #[test]
    fn unknown_output_is_named() {
        let err = "xml".parse::<OutputFormat>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown output format `xml`: expected one of table, changelog, json, csv"
        );
        assert_eq!("JSON".parse::<OutputFormat>().unwrap(), OutputFormat::Json);
    }
}
