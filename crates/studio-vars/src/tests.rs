use super::*;

fn lookup(name: &str) -> Option<&'static str> {
    match name {
        "A" => Some("x"),
        "EMPTY" => Some(""),
        _ => None,
    }
}

fn ok(text: &str) -> String {
    let out = expand(text, 1, lookup);
    assert!(out.problems.is_empty(), "{:?}", out.problems);
    out.text
}

#[test]
fn forms() {
    assert_eq!(ok("'${A}'"), "'x'");
    assert_eq!(ok("${B:-dflt}"), "dflt");
    assert_eq!(ok("${EMPTY:-dflt}"), "dflt");
    assert_eq!(ok("${EMPTY}"), "");
    assert_eq!(ok("${A:-dflt}"), "x");
    assert_eq!(ok("${A:?needed}"), "x");
    assert_eq!(ok("$${A} $$ $5 ${A}$"), "${A} $$ $5 x$");
    assert_eq!(ok("${B:-a;b 'c'}"), "a;b 'c'");
    assert_eq!(ok("x-${A}-y"), "x-x-y");
    assert_eq!(ok("no references"), "no references");
}

#[test]
fn all_problems_are_reported_with_lines() {
    let out = expand(
        "SELECT '${X}',\n  '${Y:?set Y please}',\n ${ bad}, ${Z\n${EMPTY:?empty} ${1A}",
        10,
        lookup,
    );
    let text: Vec<String> = out.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "line 10: variable ${X} is not defined",
            "line 11: variable ${Y} is required: set Y please",
            "line 12: malformed variable reference `${ bad}` (expected ${NAME}, ${NAME:-default} or ${NAME:?message})",
            "line 12: malformed variable reference `${Z` (expected ${NAME}, ${NAME:-default} or ${NAME:?message})",
            "line 13: variable ${EMPTY} is required: empty",
            "line 13: malformed variable reference `${1A}` (expected ${NAME}, ${NAME:-default} or ${NAME:?message})",
        ]
    );
}

#[test]
fn an_unterminated_reference_does_not_reach_the_next_line() {
    let out = expand("${A\n}", 1, lookup);
    assert_eq!(out.problems.len(), 1);
    assert_eq!(out.problems[0].line(), 1);
}

#[test]
fn used_variables_are_listed_once_with_their_values() {
    let out = expand("${A} ${A} ${B:-d} ${EMPTY}", 1, lookup);
    let used: Vec<(&str, &str)> = out
        .used
        .iter()
        .map(|u| (u.name.as_str(), u.value.as_str()))
        .collect();
    assert_eq!(used, [("A", "x"), ("B", "d"), ("EMPTY", "")]);
}

#[test]
fn debug_hides_values() {
    let out = expand("${A}", 1, |_| Some("hunter2"));
    let dbg = format!("{out:?}");
    assert!(!dbg.contains("hunter2"), "{dbg}");
}

#[test]
fn names() {
    assert!(is_valid_name("_a1"));
    assert!(is_valid_name("KAFKA_PASSWORD"));
    assert!(!is_valid_name("1A"));
    assert!(!is_valid_name(""));
    assert!(!is_valid_name("A-B"));
}

#[test]
fn env_text_parses_in_order_with_quotes_and_comments() {
    let pairs = parse_env("X=1\n# comment\nY=\"two words\"\nexport Z=3\nX=4\n").unwrap();
    assert_eq!(
        pairs,
        [
            ("X".to_owned(), "1".to_owned()),
            ("Y".to_owned(), "two words".to_owned()),
            ("Z".to_owned(), "3".to_owned()),
            ("X".to_owned(), "4".to_owned()),
        ]
    );
}

#[test]
fn malformed_env_line_is_named() {
    let err = parse_env("A=1\nB=2\nthis is not valid\nC=3\n").unwrap_err();
    assert!(matches!(err, Error::EnvSyntax { line: 3, .. }), "{err:?}");
    assert!(err.to_string().starts_with("line 3: "), "{err}");
}
