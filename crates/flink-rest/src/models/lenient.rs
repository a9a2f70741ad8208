//! Deserializers for values Flink encodes inconsistently.

use serde::{Deserialize, Deserializer};

/// A number that Flink may send as a JSON number, as a string such as `"NaN"` (percentiles of an
/// empty histogram), or as `null`. Non-finite or unparsable values become `None`.
pub(crate) fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumOrStr {
        Num(f64),
        Str(String),
    }
    Ok(match Option::<NumOrStr>::deserialize(d)? {
        Some(NumOrStr::Num(n)) if n.is_finite() => Some(n),
        Some(NumOrStr::Str(s)) => s.parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    })
}
