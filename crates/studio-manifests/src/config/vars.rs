//! `${VAR}` references in configuration strings, resolved with the shared `studio-vars` rules.

use std::collections::BTreeMap;

/// Resolves references in every string of `value`; `$${` stays a literal `${`.
///
/// `lookup` answers a variable name. On failure returns every problem as the dotted key and
/// the reason, in document order.
pub(crate) fn substitute<'v>(
    value: &mut serde_json::Value,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
) -> Result<(), Vec<(String, String)>> {
    let mut problems = Vec::new();
    walk(value, String::new(), lookup, &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn walk<'v>(
    value: &mut serde_json::Value,
    path: String,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
    problems: &mut Vec<(String, String)>,
) {
    match value {
        serde_json::Value::String(text) if text.contains('$') => {
            let expansion = studio_vars::expand(text, 1, lookup);
            problems.extend(
                expansion
                    .problems
                    .iter()
                    .map(|problem| (path.clone(), reason(problem))),
            );
            *text = expansion.text;
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                walk(item, format!("{path}[{index}]"), lookup, problems);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(child, child_path, lookup, problems);
            }
        }
        _ => {}
    }
}

/// The reason shown after the key; a configuration string's line says nothing, so it is left out.
fn reason(problem: &studio_vars::Problem) -> String {
    match problem {
        studio_vars::Problem::Undefined { name, .. } => format!(
            "variable {name} is not set (define it in the environment's .env overlay or \
             the process environment, or write ${{{name}:-default}})"
        ),
        other => other.message(),
    }
}

/// Looks a name up in the overlay's variables first, then in the process environment snapshot.
pub(crate) fn chain<'a>(
    first: &'a BTreeMap<String, String>,
    second: &'a BTreeMap<String, String>,
) -> impl Fn(&str) -> Option<&'a str> + 'a {
    move |name| {
        first
            .get(name)
            .or_else(|| second.get(name))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The `${...}` rules are tested in studio-vars; these test the walk and the keys.
    fn lookup(name: &str) -> Option<&'static str> {
        (name == "A").then_some("alpha")
    }

    #[test]
    fn every_string_is_expanded() {
        let mut value =
            serde_json::json!({"a": ["${A}", "$${A}"], "b": {"c": "${B:-beta}"}, "n": 1});
        substitute(&mut value, &lookup).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"a": ["alpha", "${A}"], "b": {"c": "beta"}, "n": 1})
        );
    }

    #[test]
    fn every_problem_names_its_key() {
        let mut value = serde_json::json!({
            "aks": {"tenantId": "${NOPE}", "clientId": "${ID:?set the client id}"},
            "list": ["${A", "ok"],
        });
        let problems = substitute(&mut value, &lookup).unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["aks.clientId", "aks.tenantId", "list[0]"]);
        assert!(
            problems[0].1.contains("is required: set the client id"),
            "{problems:?}"
        );
        assert!(
            problems[1].1.contains("variable NOPE is not set"),
            "{problems:?}"
        );
        assert!(problems[2].1.contains("malformed"), "{problems:?}");
    }

    #[test]
    fn the_overlay_wins_over_the_environment() {
        let overlay = BTreeMap::from([("X".to_owned(), "overlay".to_owned())]);
        let env = BTreeMap::from([
            ("X".to_owned(), "env".to_owned()),
            ("Y".to_owned(), "env".to_owned()),
        ]);
        let lookup = chain(&overlay, &env);
        assert_eq!(lookup("X"), Some("overlay"));
        assert_eq!(lookup("Y"), Some("env"));
        assert_eq!(lookup("Z"), None);
    }
}
