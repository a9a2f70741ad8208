//! Rendering result rows as a table, a changelog, JSON Lines or CSV to any writer.
use std::collections::{HashMap, VecDeque};
use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::str::FromStr;
use std::sync::Arc;

use comfy_table::{ContentArrangement, Table, presets};
use sql_gateway_client::{LogicalType, RowKind, Value};

use crate::display::{self, DisplayContext};
use crate::error::Error;
use crate::mask::Masker;

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

/// Default of [`RunOptions::table_memory_limit`](crate::RunOptions::table_memory_limit):
/// 256 MiB of estimated memory for a materialised table result.
pub const DEFAULT_TABLE_MEMORY_LIMIT: usize = 256 * 1024 * 1024;

/// A value's text when its logical type is not known (e.g. reading `SHOW JOBS` back):
/// `NULL` for null, else the value's own display form. Results are shown through
/// [`Cells`], which follows Flink's display rules per type.
pub struct Text<'a>(pub &'a Value);

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Null => f.write_str("NULL"),
            v => fmt::Display::fmt(v, f),
        }
    }
}

/// How the values of one result are shown: each column's logical type and the session's
/// display context (its time zone). Every value-to-text and value-to-JSON conversion of a
/// result goes through here, so the rules of [`display`](crate::display) apply everywhere.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    types: Vec<LogicalType>,
    ctx: DisplayContext,
    /// A query result shows a top-level NULL as `<NULL>`; other results leave it blank.
    is_query: bool,
}

impl Cells {
    /// The rules for a result with these column types.
    pub fn new(types: Vec<LogicalType>, ctx: DisplayContext, is_query: bool) -> Self {
        Self {
            types,
            ctx,
            is_query,
        }
    }

    /// Appends column `i`'s value as table or changelog text.
    pub fn text(&self, out: &mut String, i: usize, v: &Value) {
        if v.is_null() {
            out.push_str(display::null_text(self.is_query));
            return;
        }
        match self.types.get(i) {
            Some(ty) => display::write_text(out, v, ty, &self.ctx),
            None => {
                let _ = write!(out, "{}", Text(v));
            }
        }
    }

    /// Appends column `i`'s value as CSV text: empty for null.
    fn csv(&self, out: &mut String, i: usize, v: &Value) {
        if !v.is_null() {
            self.text(out, i, v);
        }
    }

    /// Appends column `i`'s value as compact JSON.
    pub fn json(&self, out: &mut String, i: usize, v: &Value) {
        match self.types.get(i) {
            Some(ty) if !v.is_null() => display::write_json(out, v, ty, &self.ctx),
            _ => match serde_json::to_string(v) {
                Ok(text) => out.push_str(&text),
                Err(_) => out.push_str("null"),
            },
        }
    }

    /// A row's values as text, one string per column.
    pub fn texts(&self, fields: &[Value]) -> Vec<String> {
        fields
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut s = String::new();
                self.text(&mut s, i, v);
                s
            })
            .collect()
    }
}

/// Writes one result (one statement's rows) in a chosen format.
///
/// `with_op` says whether the result is a changelog (a query result): then JSON
/// and CSV carry the `op` of each row. Table output is written by [`finish`](Self::finish).
/// Each row is formatted into a reused buffer and written with one `write_all`, so give it
/// a buffered writer and flush per page.
pub struct ResultWriter {
    format: OutputFormat,
    columns: Vec<String>,
    with_op: bool,
    /// The `op` key of JSON lines (`_op` if a column is called `op`).
    op_key: &'static str,
    /// `"name":` of each column, escaped once instead of once per row.
    json_keys: Vec<String>,
    masker: Masker,
    cells: Cells,
    line: Vec<u8>,
    field: String,
    csv: csv_core::Writer,
    table: Materialized,
    count: u64,
    header_written: bool,
}

impl fmt::Debug for ResultWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResultWriter")
            .field("format", &self.format)
            .field("columns", &self.columns)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

impl ResultWriter {
    /// A writer for a result with these column names.
    pub fn new(format: OutputFormat, columns: Vec<String>, with_op: bool) -> Self {
        let op_key = if columns.iter().any(|c| c == "op") {
            "_op"
        } else {
            "op"
        };
        let json_keys = columns
            .iter()
            .map(|name| {
                let mut key = String::new();
                push_json_key(&mut key, name);
                key
            })
            .collect();
        Self {
            format,
            columns,
            with_op,
            op_key,
            json_keys,
            masker: Masker::default(),
            cells: Cells {
                is_query: with_op,
                ..Cells::default()
            },
            line: Vec::with_capacity(256),
            field: String::new(),
            csv: csv_core::Writer::new(),
            table: Materialized::new(DEFAULT_TABLE_MEMORY_LIMIT),
            count: 0,
            header_written: false,
        }
    }

    /// Shows values by these rules (column types, session time zone) instead of their
    /// type-less form.
    pub fn displayed(mut self, cells: Cells) -> Self {
        self.cells = cells;
        self
    }

    /// Masks every written line with `masker` (nothing is scanned when it is empty).
    pub fn masked(mut self, masker: Masker) -> Self {
        self.masker = masker;
        self
    }

    /// Caps the estimated memory of a materialised table result (table output only).
    pub fn table_memory_limit(mut self, bytes: usize) -> Self {
        self.table.limit = bytes;
        self
    }

    /// How many change rows were received.
    pub fn rows_received(&self) -> u64 {
        self.count
    }

    /// How many rows the materialized view holds now.
    pub fn materialized_len(&self) -> usize {
        self.table.live
    }

    /// Writes (or, for tables, applies) one row.
    ///
    /// Table output fails with [`io::ErrorKind::OutOfMemory`] once the materialised result
    /// would exceed its memory limit.
    pub fn row(&mut self, out: &mut dyn Write, kind: RowKind, fields: &[Value]) -> io::Result<()> {
        self.count += 1;
        self.line.clear();
        match self.format {
            OutputFormat::Table => {
                self.field.clear();
                for (i, v) in fields.iter().enumerate() {
                    if i > 0 {
                        self.field.push(',');
                    }
                    self.cells.json(&mut self.field, i, v);
                }
                let cells = if kind.is_retraction() {
                    Vec::new()
                } else {
                    self.cells.texts(fields)
                };
                return self.table.apply(kind, &self.field, cells);
            }
            OutputFormat::Changelog => {
                self.header(out)?;
                self.line.extend_from_slice(kind.short_string().as_bytes());
                for (i, v) in fields.iter().enumerate() {
                    self.field.clear();
                    self.cells.text(&mut self.field, i, v);
                    self.line.extend_from_slice(b" | ");
                    self.line.extend_from_slice(self.field.as_bytes());
                }
                self.line.push(b'\n');
            }
            OutputFormat::Json => {
                self.field.clear();
                self.field.push('{');
                let mut first = true;
                if self.with_op {
                    push_json_key(&mut self.field, self.op_key);
                    display::push_json_str(&mut self.field, kind.short_string());
                    first = false;
                }
                for (i, v) in fields.iter().enumerate() {
                    if !first {
                        self.field.push(',');
                    }
                    first = false;
                    match self.json_keys.get(i) {
                        Some(key) => self.field.push_str(key),
                        None => push_json_key(&mut self.field, &format!("f{i}")),
                    }
                    self.cells.json(&mut self.field, i, v);
                }
                self.field.push_str("}\n");
                self.line.extend_from_slice(self.field.as_bytes());
            }
            OutputFormat::Csv => {
                self.header(out)?;
                let mut first = true;
                if self.with_op {
                    csv_field(
                        &mut self.csv,
                        &mut self.line,
                        &mut first,
                        kind.short_string(),
                    );
                }
                for (i, v) in fields.iter().enumerate() {
                    self.field.clear();
                    self.cells.csv(&mut self.field, i, v);
                    csv_field(&mut self.csv, &mut self.line, &mut first, &self.field);
                }
                csv_end(&mut self.csv, &mut self.line);
            }
        }
        self.emit(out)
    }

    /// Writes `line`, masked when there are secrets.
    fn emit(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.masker.is_empty() {
            return out.write_all(&self.line);
        }
        let text = String::from_utf8_lossy(&self.line);
        out.write_all(self.masker.mask(&text).as_bytes())
    }

    fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.header_written {
            return Ok(());
        }
        self.header_written = true;
        let mut line = std::mem::take(&mut self.line);
        let start = line.len();
        match self.format {
            OutputFormat::Changelog => {
                line.extend_from_slice(b"op");
                for c in &self.columns {
                    line.extend_from_slice(b" | ");
                    line.extend_from_slice(c.as_bytes());
                }
                line.push(b'\n');
            }
            OutputFormat::Csv => {
                let mut first = true;
                if self.with_op {
                    csv_field(&mut self.csv, &mut line, &mut first, "op");
                }
                for c in &self.columns {
                    csv_field(&mut self.csv, &mut line, &mut first, c);
                }
                csv_end(&mut self.csv, &mut line);
            }
            OutputFormat::Table | OutputFormat::Json => {}
        }
        let header = line.split_off(start);
        self.line = line;
        if header.is_empty() {
            return Ok(());
        }
        if self.masker.is_empty() {
            return out.write_all(&header);
        }
        let text = String::from_utf8_lossy(&header);
        out.write_all(self.masker.mask(&text).as_bytes())
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
                for row in self.table.rows() {
                    table.add_row(row.iter().map(String::as_str));
                }
                let n = self.table.live;
                let text = format!("{table}\n{n} row{}\n", if n == 1 { "" } else { "s" });
                out.write_all(self.masker.mask(&text).as_bytes())
            }
            OutputFormat::Changelog | OutputFormat::Csv => self.header(out),
            OutputFormat::Json => Ok(()),
        }
    }
}

/// Appends `"key":`.
fn push_json_key(out: &mut String, key: &str) {
    display::push_json_str(out, key);
    out.push(':');
}

/// Appends one CSV field (quoted as needed by `csv_core`), after a delimiter unless `first`.
fn csv_field(w: &mut csv_core::Writer, out: &mut Vec<u8>, first: &mut bool, field: &str) {
    if !*first {
        csv_call(out, 2, |buf| w.delimiter(buf));
    }
    *first = false;
    let mut input = field.as_bytes();
    loop {
        // Room for every byte doubled plus quotes: one call normally does it.
        let mut rest = input;
        let res = csv_call(out, 2 * input.len() + 4, |buf| {
            let (res, nin, nout) = w.field(input, buf);
            rest = &input[nin..];
            (res, nout)
        });
        input = rest;
        if res == csv_core::WriteResult::InputEmpty {
            break;
        }
    }
}

/// Ends a CSV record (closing an open quote) with `\n`.
fn csv_end(w: &mut csv_core::Writer, out: &mut Vec<u8>) {
    csv_call(out, 4, |buf| w.terminator(buf));
}

/// Runs one `csv_core` step on `room` spare bytes at the end of `out`, keeping what it wrote.
fn csv_call(
    out: &mut Vec<u8>,
    room: usize,
    step: impl FnOnce(&mut [u8]) -> (csv_core::WriteResult, usize),
) -> csv_core::WriteResult {
    let start = out.len();
    out.resize(start + room, 0);
    let (res, written) = step(&mut out[start..]);
    out.truncate(start + written);
    res
}

/// A materialised changelog: additions append, a retraction removes the earliest equal
/// row (Flink retracts full rows) in O(1) through a multiset keyed by the row's JSON form.
struct Materialized {
    /// Text cells in arrival order; `None` once retracted.
    slots: Vec<Option<(Arc<str>, Vec<String>)>>,
    /// Row identity (its JSON) -> the slots holding equal live rows, earliest first.
    index: HashMap<Arc<str>, VecDeque<usize>>,
    live: usize,
    bytes: usize,
    limit: usize,
}

/// Bookkeeping per row and per cell, on top of the text itself (an estimate).
const ROW_OVERHEAD: usize = 96;
const CELL_OVERHEAD: usize = 24;

impl Materialized {
    fn new(limit: usize) -> Self {
        Self {
            slots: Vec::new(),
            index: HashMap::new(),
            live: 0,
            bytes: 0,
            limit,
        }
    }

    /// Applies one change; `key` is the row's identity (its values as JSON), `cells` its
    /// text (unused for a retraction).
    fn apply(&mut self, kind: RowKind, key: &str, cells: Vec<String>) -> io::Result<()> {
        if kind.is_retraction() {
            if let Some(positions) = self.index.get_mut(key) {
                if let Some(slot) = positions.pop_front()
                    && let Some((_, cells)) = self.slots.get_mut(slot).and_then(Option::take)
                {
                    self.live -= 1;
                    self.bytes = self.bytes.saturating_sub(row_size(key.len(), &cells));
                }
                if positions.is_empty() {
                    self.index.remove(key);
                }
            }
            self.compact();
            return Ok(());
        }
        let size = row_size(key.len(), &cells);
        if self.bytes + size > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::OutOfMemory,
                format!(
                    "the materialised table result exceeds its memory limit of {} MiB after {} rows; stream it in a changelog, JSON or CSV output instead",
                    self.limit / (1024 * 1024),
                    self.live
                ),
            ));
        }
        let key: Arc<str> = Arc::from(key);
        self.index
            .entry(Arc::clone(&key))
            .or_default()
            .push_back(self.slots.len());
        self.slots.push(Some((key, cells)));
        self.live += 1;
        self.bytes += size;
        Ok(())
    }

    /// Drops retracted slots once they outnumber live rows, so memory follows the live rows.
    fn compact(&mut self) {
        let holes = self.slots.len() - self.live;
        if holes < 1024 || holes < self.live {
            return;
        }
        self.slots.retain(Option::is_some);
        self.index.clear();
        for (i, (key, _)) in self.slots.iter().flatten().enumerate() {
            self.index.entry(Arc::clone(key)).or_default().push_back(i);
        }
    }

    fn rows(&self) -> impl Iterator<Item = &Vec<String>> {
        self.slots.iter().flatten().map(|(_, cells)| cells)
    }
}

fn row_size(key: usize, cells: &[String]) -> usize {
    ROW_OVERHEAD + 2 * key + cells.iter().map(|c| c.len() + CELL_OVERHEAD).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    fn render(format: OutputFormat, with_op: bool, rows: &[(RowKind, Vec<Value>)]) -> String {
        let mut w = ResultWriter::new(format, vec!["word".into(), "cnt".into()], with_op);
        let mut out = Vec::new();
        for (k, f) in rows {
            w.row(&mut out, *k, f).unwrap();
        }
        w.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn changes() -> Vec<(RowKind, Vec<Value>)> {
        vec![
            (RowKind::Insert, vec![s("a"), Value::Int(1)]),
            (RowKind::Insert, vec![s("b, \"c\""), Value::Null]),
            (RowKind::UpdateBefore, vec![s("a"), Value::Int(1)]),
            (RowKind::UpdateAfter, vec![s("a"), Value::Int(2)]),
            (RowKind::Delete, vec![s("b, \"c\""), Value::Null]),
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
        // A query's NULL is `<NULL>`, as Flink's SQL Client shows it; CSV leaves it empty.
        assert_eq!(out.lines().nth(2), Some("+I | b, \"c\" | <NULL>"));
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
    fn table_retracts_the_earliest_equal_row_and_keeps_order() {
        let mut rows = Vec::new();
        for i in 0..3000 {
            rows.push((RowKind::Insert, vec![s(&format!("k{i}")), Value::Int(i)]));
        }
        // Retract all but the last two, then a NULL and its text look-alike stay distinct.
        for i in 0..2998 {
            rows.push((RowKind::Delete, vec![s(&format!("k{i}")), Value::Int(i)]));
        }
        rows.push((RowKind::Insert, vec![s("NULL"), Value::Null]));
        rows.push((RowKind::Insert, vec![Value::Null, Value::Null]));
        rows.push((RowKind::Delete, vec![Value::Null, Value::Null]));
        // Retracting a row that is not there changes nothing.
        rows.push((RowKind::Delete, vec![s("nope"), Value::Int(0)]));
        let out = render(OutputFormat::Table, true, &rows);
        let body: Vec<&str> = out.lines().skip(2).collect();
        assert_eq!(
            body,
            [
                "| k2998 | 2998   |",
                "| k2999 | 2999   |",
                "| NULL  | <NULL> |",
                "3 rows"
            ],
            "{out}"
        );
    }

    #[test]
    fn table_over_its_memory_limit_is_a_clear_error() {
        let mut w = ResultWriter::new(OutputFormat::Table, vec!["word".into()], true)
            .table_memory_limit(1024);
        let mut out = Vec::new();
        let err = (0..100)
            .map(|i| w.row(&mut out, RowKind::Insert, &[s(&format!("row {i}"))]))
            .find_map(Result::err)
            .unwrap();
        assert_eq!(err.kind(), io::ErrorKind::OutOfMemory);
        assert!(
            err.to_string()
                .starts_with("the materialised table result exceeds its memory limit of 0 MiB"),
            "{err}"
        );
    }

    #[test]
    fn secrets_are_masked_in_every_format() {
        let masker = Masker::new(["hunter2".to_owned()]);
        for format in [
            OutputFormat::Table,
            OutputFormat::Changelog,
            OutputFormat::Json,
            OutputFormat::Csv,
        ] {
            let mut w = ResultWriter::new(format, vec!["word".into()], true).masked(masker.clone());
            let mut out = Vec::new();
            w.row(&mut out, RowKind::Insert, &[s("pw=hunter2!")])
                .unwrap();
            w.finish(&mut out).unwrap();
            let out = String::from_utf8(out).unwrap();
            assert!(out.contains("pw=***!"), "{format:?}: {out}");
            assert!(!out.contains("hunter2"), "{format:?}: {out}");
        }
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
