//! Result pages as the gateway really sends them, and their decoding.
//!
//! The real `FetchResultsResponseBody` differs from the published OpenAPI spec (FLINK-29881):
//! `isQueryResult` (not `queryResult`), `results.columns` (not `columnInfos`), logical types as
//! `{"type": ...}` (not `typeRoot`/`children`), and rows as `{"kind":"INSERT","fields":[...]}`
//! (not `RowData{arity,rowKind}`). Both spellings of the renamed fields are accepted.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use flink_rest_core::snippet;

use crate::error::Error;
use crate::types::LogicalType;
use crate::value::{Str, Value, ValueSeed, at};
use flink_rest_core::JobId;

/// How the gateway serialises row fields (`rowFormat`, v2+; v1 always sends JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RowFormat {
    /// Typed JSON values (decoded to typed [`Value`]s).
    #[default]
    Json,
    /// Every field cast to a string by the server (decoded to [`Value::String`]).
    PlainText,
}

impl RowFormat {
    /// The query parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            RowFormat::Json => "JSON",
            RowFormat::PlainText => "PLAIN_TEXT",
        }
    }
}

/// The changelog kind of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RowKind {
    /// `+I`.
    Insert,
    /// `-U`: retracts the previous version of an updated row.
    UpdateBefore,
    /// `+U`: the new version of an updated row.
    UpdateAfter,
    /// `-D`.
    Delete,
}

impl RowKind {
    /// Flink's short form: `+I`, `-U`, `+U`, `-D`.
    pub fn short_string(self) -> &'static str {
        match self {
            RowKind::Insert => "+I",
            RowKind::UpdateBefore => "-U",
            RowKind::UpdateAfter => "+U",
            RowKind::Delete => "-D",
        }
    }

    /// True for `-U` and `-D` (rows that retract earlier output).
    pub fn is_retraction(self) -> bool {
        matches!(self, RowKind::UpdateBefore | RowKind::Delete)
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "INSERT" | "+I" => RowKind::Insert,
            "UPDATE_BEFORE" | "-U" => RowKind::UpdateBefore,
            "UPDATE_AFTER" | "+U" => RowKind::UpdateAfter,
            "DELETE" | "-D" => RowKind::Delete,
            _ => return None,
        })
    }
}

impl fmt::Display for RowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.short_string())
    }
}

/// Whether a page carries data, more is coming, or the result is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResultType {
    /// Not ready yet; ask again (the client backs off exponentially).
    NotReady,
    /// A page of rows; more may follow.
    Payload,
    /// End of stream: no more rows.
    Eos,
}

/// Whether the statement produces content (a query, `SHOW`, `EXPLAIN`) or just succeeds (DDL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResultKind {
    /// DDL, `SET`, etc.: a single `OK` row.
    Success,
    /// Rows to show.
    SuccessWithContent,
}

/// Name and type of a result column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnInfo {
    /// Column name.
    pub name: String,
    /// Column type.
    pub logical_type: LogicalType,
    /// Column comment, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One result row with its changelog kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// `+I`, `-U`, `+U` or `-D`.
    pub kind: RowKind,
    /// Field values, in column order.
    pub fields: Vec<Value>,
}

/// One fetched page of an operation's result.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ResultPage {
    /// `NOT_READY`, `PAYLOAD` or `EOS`.
    pub result_type: ResultType,
    /// `SUCCESS` or `SUCCESS_WITH_CONTENT` (absent while not ready).
    pub result_kind: Option<ResultKind>,
    /// True when the statement is a query whose rows come from a job.
    pub is_query_result: Option<bool>,
    /// The job started by the statement (queries, `INSERT`).
    pub job_id: Option<JobId>,
    /// The row format of `rows`.
    pub row_format: RowFormat,
    /// Result columns (present on every data page).
    pub columns: Vec<ColumnInfo>,
    /// The rows of this page.
    pub rows: Vec<Row>,
    /// Where the next page is (a path relative to the gateway root), or `None` at the end.
    pub next_result_uri: Option<String>,
}

impl ResultPage {
    /// Decodes a fetch-results response body.
    ///
    /// `requested` is the format asked for (v1 servers do not echo it).
    pub fn decode(body: &[u8], requested: RowFormat) -> Result<Self, Error> {
        decode_page(body, requested, "fetch results")
    }

    /// True when no page follows.
    pub fn is_end(&self) -> bool {
        self.result_type == ResultType::Eos || self.next_result_uri.is_none()
    }
}

/// The job id of a page, when it is one: it is side information, so a value that is not a
/// Flink job id (from a gateway-compatible server) is dropped with a warning rather than
/// failing the page and its rows.
fn job_id_or_none(raw: Option<String>) -> Option<JobId> {
    let raw = raw?;
    match JobId::new(&raw) {
        Ok(id) => Some(id),
        Err(err) => {
            tracing::warn!(%err, "ignoring the jobID of a result page");
            None
        }
    }
}

fn lenient_job_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<JobId>, D::Error> {
    Ok(job_id_or_none(Option::<String>::deserialize(d)?))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageWire<'a> {
    result_type: ResultType,
    #[serde(default)]
    result_kind: Option<ResultKind>,
    // The real server's name; the OpenAPI spec says `queryResult`.
    #[serde(default, alias = "queryResult")]
    is_query_result: Option<bool>,
    #[serde(default, rename = "jobID", deserialize_with = "lenient_job_id")]
    job_id: Option<JobId>,
    #[serde(default, borrow)]
    results: Option<&'a RawValue>,
    #[serde(default)]
    next_result_uri: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResultsWire<'a> {
    // The real server's name; the OpenAPI spec says `columnInfos`.
    #[serde(default, alias = "columnInfos")]
    columns: Vec<ColumnInfo>,
    #[serde(default)]
    row_format: Option<RowFormat>,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

const SNIPPET: usize = 400;

pub(crate) fn decode_page(
    body: &[u8],
    requested: RowFormat,
    endpoint: &str,
) -> Result<ResultPage, Error> {
    let decode_err = |path: String, message: String| Error::Decode {
        endpoint: endpoint.to_owned(),
        path,
        message,
        snippet: snippet(body, SNIPPET),
    };
    // One pass over the body (the server sends `columns` before `data`); on any error the
    // slower three-pass decoder below runs to name the JSON path.
    let mut de = serde_json::Deserializer::from_slice(body);
    if let Ok(page) = (PageSeed { requested }).deserialize(&mut de)
        && de.end().is_ok()
    {
        return Ok(page);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let page: PageWire<'_> = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| decode_err(e.path().to_string(), e.inner().to_string()))?;
    let mut out = ResultPage {
        result_type: page.result_type,
        result_kind: page.result_kind,
        is_query_result: page.is_query_result,
        job_id: page.job_id,
        row_format: requested,
        columns: Vec::new(),
        rows: Vec::new(),
        next_result_uri: page.next_result_uri,
    };
    let Some(results) = page.results else {
        return Ok(out);
    };
    let mut de = serde_json::Deserializer::from_str(results.get());
    let results: ResultsWire<'_> = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| decode_err(format!("results.{}", e.path()), e.inner().to_string()))?;
    out.row_format = results.row_format.unwrap_or(requested);
    out.columns = results.columns;
    if let Some(data) = results.data {
        let mut de = serde_json::Deserializer::from_str(data.get());
        out.rows = RowsSeed {
            columns: &out.columns,
            format: out.row_format,
        }
        .deserialize(&mut de)
        .map_err(|e| {
            // Our messages start with the location (`[3].fields[1]: ...`).
            let msg = e.to_string();
            let (loc, rest) = split_location(&msg);
            decode_err(format!("results.data{loc}"), rest.to_owned())
        })?;
    }
    Ok(out)
}

/// Single-pass page decoder.
struct PageSeed {
    requested: RowFormat,
}

impl<'de> DeserializeSeed<'de> for PageSeed {
    type Value = ResultPage;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ResultPage, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PageSeed {
    type Value = ResultPage;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a fetch-results response")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ResultPage, A::Error> {
        let mut result_type = None;
        let mut page = ResultPage {
            result_type: ResultType::NotReady,
            result_kind: None,
            is_query_result: None,
            job_id: None,
            row_format: self.requested,
            columns: Vec::new(),
            rows: Vec::new(),
            next_result_uri: None,
        };
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "resultType" => result_type = Some(map.next_value()?),
                "resultKind" => page.result_kind = map.next_value()?,
                "isQueryResult" | "queryResult" => page.is_query_result = map.next_value()?,
                "jobID" => page.job_id = job_id_or_none(map.next_value()?),
                "nextResultUri" => page.next_result_uri = map.next_value()?,
                "results" => {
                    let results: Option<(Vec<ColumnInfo>, RowFormat, Vec<Row>)> = map
                        .next_value_seed(OptionSeed(ResultsSeed {
                            requested: self.requested,
                        }))?;
                    if let Some((columns, format, rows)) = results {
                        page.columns = columns;
                        page.row_format = format;
                        page.rows = rows;
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        page.result_type = result_type.ok_or_else(|| de::Error::missing_field("resultType"))?;
        Ok(page)
    }
}

/// `null` or the inner seed.
struct OptionSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for OptionSeed<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for OptionSeed<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null or a value")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(d).map(Some)
    }
}

struct ResultsSeed {
    requested: RowFormat,
}

impl<'de> DeserializeSeed<'de> for ResultsSeed {
    type Value = (Vec<ColumnInfo>, RowFormat, Vec<Row>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ResultsSeed {
    type Value = (Vec<ColumnInfo>, RowFormat, Vec<Row>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a results object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut columns: Option<Vec<ColumnInfo>> = None;
        let mut format: Option<RowFormat> = None;
        let mut rows = Vec::new();
        let mut deferred: Option<&'de RawValue> = None;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "columns" | "columnInfos" => columns = Some(map.next_value()?),
                "rowFormat" => format = map.next_value()?,
                "data" => match &columns {
                    Some(cols) => {
                        rows = map.next_value_seed(RowsSeed {
                            columns: cols,
                            format: format.unwrap_or(self.requested),
                        })?;
                    }
                    // Data before columns: decode once the columns are known.
                    None => deferred = Some(map.next_value()?),
                },
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let columns = columns.unwrap_or_default();
        let format = format.unwrap_or(self.requested);
        if let Some(raw) = deferred {
            let mut de = serde_json::Deserializer::from_str(raw.get());
            rows = RowsSeed {
                columns: &columns,
                format,
            }
            .deserialize(&mut de)
            .map_err(de::Error::custom)?;
        }
        Ok((columns, format, rows))
    }
}

/// `"[3].fields[1]: [0]: bad"` -> (`[3].fields[1][0]`, `bad`).
fn split_location(msg: &str) -> (String, &str) {
    let mut loc = String::new();
    let mut rest = msg;
    while rest.starts_with('[') || rest.starts_with('.') {
        match rest.split_once(": ") {
            Some((l, r)) => {
                loc.push_str(l);
                rest = r;
            }
            None => break,
        }
    }
    (loc, rest)
}

/// Decodes `data` rows, each field with its column's type.
pub(crate) struct RowsSeed<'c> {
    pub(crate) columns: &'c [ColumnInfo],
    pub(crate) format: RowFormat,
}

impl<'de> DeserializeSeed<'de> for RowsSeed<'_> {
    type Value = Vec<Row>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Row>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_> {
    type Value = Vec<Row>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of rows")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<Row>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Row>, A::Error> {
        let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(65536));
        while let Some(row) = seq
            .next_element_seed(RowSeed {
                columns: self.columns,
                format: self.format,
            })
            .map_err(|e| at(rows.len(), e))?
        {
            rows.push(row);
        }
        Ok(rows)
    }
}

struct RowSeed<'c> {
    columns: &'c [ColumnInfo],
    format: RowFormat,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Row;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Row, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = Row;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a row object {"kind": ..., "fields": [...]}"#)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
        let mut kind = None;
        let mut fields = None;
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "kind" | "rowKind" => {
                    let k: Str<'de> = map.next_value()?;
                    kind = Some(RowKind::parse(&k).ok_or_else(|| {
                        de::Error::custom(format!(".kind: unknown row kind `{}`", &*k))
                    })?);
                }
                "fields" => {
                    fields = Some(
                        map.next_value_seed(FieldsSeed {
                            columns: self.columns,
                            format: self.format,
                        })
                        .map_err(|e| de::Error::custom(format!(".fields{e}")))?,
                    );
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Row {
            // A missing kind means an insert-only result.
            kind: kind.unwrap_or(RowKind::Insert),
            fields: fields.ok_or_else(|| de::Error::custom(".fields: missing"))?,
        })
    }
}

struct FieldsSeed<'c> {
    columns: &'c [ColumnInfo],
    format: RowFormat,
}

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = Vec<Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Value>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an array of {} fields", self.columns.len())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        let mut out = Vec::with_capacity(self.columns.len());
        for col in self.columns {
            let v = match self.format {
                RowFormat::Json => seq.next_element_seed(ValueSeed {
                    ty: &col.logical_type,
                }),
                RowFormat::PlainText => seq
                    .next_element::<Option<String>>()
                    .map(|o| o.map(|s| s.map_or(Value::Null, Value::String))),
            }
            .map_err(|e| at(out.len(), e))?;
            match v {
                Some(v) => out.push(v),
                None => {
                    return Err(de::Error::custom(format!(
                        ": row has {} fields but the result has {} columns",
                        out.len(),
                        self.columns.len()
                    )));
                }
            }
        }
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format!(
                ": row has more fields than the {} columns",
                self.columns.len()
            )));
        }
        Ok(out)
    }
}
