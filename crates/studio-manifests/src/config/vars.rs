//! `${VAR}` and `${VAR:-default}` references in configuration strings.

use std::collections::BTreeMap;

/// Resolves references in every string of `value`; `$${` stays a literal `${`.
///
/// `lookup` answers a variable name. On failure returns the dotted key and the reason.
pub(crate) fn substitute(
    value: &mut serde_json::Value,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(), (String, String)> {
    walk(value, String::new(), lookup)
}

fn walk(
    value: &mut serde_json::Value,
    path: String,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(), (String, String)> {
    match value {
        serde_json::Value::String(text) if text.contains('$') => {
            *text = expand(text, lookup).map_err(|reason| (path, reason))?;
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                walk(item, format!("{path}[{index}]"), lookup)?;
            }
        }
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(child, child_path, lookup)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Expands one string.
pub(crate) fn expand(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        if let Some(tail) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = tail;
            continue;
        }
        let Some(body_and_tail) = after.strip_prefix("${") else {
            out.push('$');
            rest = &after[1..];
            continue;
        };
        let Some(end) = body_and_tail.find('}') else {
            return Err(format!("unterminated `${{` in `{text}`"));
        };
        let body = &body_and_tail[..end];
        let (name, default) = match body.split_once(":-") {
            Some((name, default)) => (name, Some(default)),
            None => (body, None),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "`${{{body}}}` is not a variable reference such as ${{NAME}}"
            ));
        }
        match lookup(name)
            .filter(|v| !v.is_empty())
            .or_else(|| default.map(str::to_owned))
        {
            Some(resolved) => out.push_str(&resolved),
            None => {
                return Err(format!(
                    "variable {name} is not set (define it in the environment's .env overlay or \
                     the process environment, or write ${{{name}:-default}})"
                ));
            }
        }
        rest = &body_and_tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Looks a name up in the overlay's variables first, then in the process environment snapshot.
pub(crate) fn chain<'a>(
    first: &'a BTreeMap<String, String>,
    second: &'a BTreeMap<String, String>,
) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| first.get(name).or_else(|| second.get(name)).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(name: &str) -> Option<String> {
        match name {
            "A" => Some("alpha".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn expands_references_defaults_and_escapes() {
        assert_eq!(expand("x-${A}-y", &lookup).unwrap(), "x-alpha-y");
        assert_eq!(expand("${B:-beta}", &lookup).unwrap(), "beta");
        assert_eq!(expand("${EMPTY:-fallback}", &lookup).unwrap(), "fallback");
        assert_eq!(expand("$${A} and $5", &lookup).unwrap(), "${A} and $5");
    }

    #[test]
    fn reports_missing_and_malformed_references() {
        assert!(
            expand("${B}", &lookup)
                .unwrap_err()
                .contains("variable B is not set")
        );
        assert!(expand("${A", &lookup).unwrap_err().contains("unterminated"));
        assert!(
            expand("${A B}", &lookup)
                .unwrap_err()
                .contains("not a variable reference")
        );
    }

    #[test]
    fn substitute_names_the_key() {
        let mut value = serde_json::json!({"aks": {"tenantId": "${NOPE}"}});
        let (key, _) = substitute(&mut value, &lookup).unwrap_err();
        assert_eq!(key, "aks.tenantId");
    }
}
