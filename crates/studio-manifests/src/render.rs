//! Deterministic YAML and JSON output of rendered objects.

use crate::build::PlatformObject;
use crate::error::{Error, Result};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Multi-document YAML, documents separated by `---`.
    #[default]
    Yaml,
    /// A JSON `List` object (`kubectl apply -f` accepts it), pretty-printed.
    Json,
}

/// Renders objects in the given order. Maps are sorted, so the same objects give the same bytes.
///
/// # Errors
///
/// [`Error::Serialize`] if an object cannot be serialized.
pub fn render(objects: &[PlatformObject], format: OutputFormat) -> Result<String> {
    match format {
        OutputFormat::Yaml => to_yaml(objects),
        OutputFormat::Json => to_json(objects),
    }
}

/// Multi-document YAML.
///
/// # Errors
///
/// [`Error::Serialize`] if an object cannot be serialized.
pub fn to_yaml(objects: &[PlatformObject]) -> Result<String> {
    // Going through serde_json::Value sorts every map's keys (serde_json without
    // `preserve_order` keeps a BTreeMap), independent of field declaration order.
    let values = to_values(objects)?;
    let mut out = String::new();
    for value in &values {
        out.push_str("---\n");
        let doc = serde_saphyr::to_string(value).map_err(|err| Error::Serialize {
            format: "yaml",
            reason: err.to_string(),
        })?;
        out.push_str(&doc);
        if !doc.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// A pretty-printed JSON `v1/List`.
///
/// # Errors
///
/// [`Error::Serialize`] if an object cannot be serialized.
pub fn to_json(objects: &[PlatformObject]) -> Result<String> {
    let list = serde_json::json!({
        "apiVersion": "v1",
        "kind": "List",
        "items": to_values(objects)?,
    });
    let mut text = serde_json::to_string_pretty(&list).map_err(|err| Error::Serialize {
        format: "json",
        reason: err.to_string(),
    })?;
    text.push('\n');
    Ok(text)
}

fn to_values(objects: &[PlatformObject]) -> Result<Vec<serde_json::Value>> {
    objects
        .iter()
        .map(|object| {
            serde_json::to_value(object).map_err(|err| Error::Serialize {
                format: "json",
                reason: err.to_string(),
            })
        })
        .collect()
}

/// Parses multi-document YAML produced by [`to_yaml`] back into typed objects.
///
/// # Errors
///
/// A message naming the document index, kind and path of the first mismatch.
pub fn parse_yaml(text: &str) -> std::result::Result<Vec<PlatformObject>, String> {
    let values: Vec<serde_json::Value> =
        serde_saphyr::from_multiple(text).map_err(|err| err.to_string())?;
    values
        .into_iter()
        .filter(|value| !value.is_null())
        .enumerate()
        .map(|(index, value)| {
            PlatformObject::from_value(value).map_err(|e| format!("document {index}: {e}"))
        })
        .collect()
}
