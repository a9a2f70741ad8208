//! A corpus of nasty inputs for the splitter, and properties that must hold for any input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use sql_executor::{Plan, Source, StatementKind, Variables, split};

fn statements(sql: &str) -> Vec<(usize, String)> {
    split(&Source::named("c.sql", sql))
        .unwrap()
        .into_iter()
        .map(|s| (s.line, s.text))
        .collect()
}

#[test]
fn corpus() {
    let cases: &[(&str, &[(usize, &str)])] = &[
        ("", &[]),
        (";;;\n;", &[]),
        ("-- only a comment; really\n/* and ; another */", &[]),
        ("SELECT 1", &[(1, "SELECT 1")]),
        ("SELECT 1;   ", &[(1, "SELECT 1")]),
        ("SELECT ';'';'''", &[(1, "SELECT ';'';'''")]),
        // Flink has no backslash escapes: '\' is a complete string.
        (
            "SELECT '\\' ;SELECT 2",
            &[(1, "SELECT '\\'"), (1, "SELECT 2")],
        ),
        (
            "SELECT `a``;b` FROM \"c\"\";d\";",
            &[(1, "SELECT `a``;b` FROM \"c\"\";d\"")],
        ),
        (
            "SELECT 1 -- trailing ; comment\n;SELECT 2",
            &[(1, "SELECT 1 -- trailing ; comment"), (2, "SELECT 2")],
        ),
        (
            "SELECT /*+ OPTIONS('a'=';') */ 1;",
            &[(1, "SELECT /*+ OPTIONS('a'=';') */ 1")],
        ),
        (
            "SELECT 1 /* multi\nline ; */ ;\n\n  SELECT\n2",
            &[(1, "SELECT 1 /* multi\nline ; */"), (4, "SELECT\n2")],
        ),
        (
            "\n\n\n   -- lead\n  INSERT INTO t VALUES (';')",
            &[(5, "INSERT INTO t VALUES (';')")],
        ),
        (
            "SELECT 'multi\nline;\nstring';SELECT 3",
            &[(1, "SELECT 'multi\nline;\nstring'"), (3, "SELECT 3")],
        ),
        (
            "SELECT\r\n1;\r\nSELECT 2;\r\n",
            &[(1, "SELECT\r\n1"), (3, "SELECT 2")],
        ),
        (
            "SELECT '日本;語', `ü;ber` ; SELECT 'Ω'",
            &[(1, "SELECT '日本;語', `ü;ber`"), (1, "SELECT 'Ω'")],
        ),
        ("SELECT 1--x\n;", &[(1, "SELECT 1--x")]),
        (
            "SELECT 10/2;SELECT 4*2",
            &[(1, "SELECT 10/2"), (1, "SELECT 4*2")],
        ),
        (
            "SET 'table.sql-dialect' = 'default';\nRESET;",
            &[(1, "SET 'table.sql-dialect' = 'default'"), (2, "RESET")],
        ),
        (
            "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT 'x;y' FROM s; -- c;\n  INSERT INTO b SELECT CASE WHEN 1=1 THEN 'END' ELSE 'b' END FROM s;\nEND;\nSELECT 1",
            &[
                (
                    1,
                    "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT 'x;y' FROM s; -- c;\n  INSERT INTO b SELECT CASE WHEN 1=1 THEN 'END' ELSE 'b' END FROM s;\nEND",
                ),
                (6, "SELECT 1"),
            ],
        ),
        (
            "execute statement set begin insert into a select 1; end",
            &[(1, "execute statement set begin insert into a select 1; end")],
        ),
        (
            "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\n\nINSERT INTO b SELECT 2;\nEND;",
            &[(
                1,
                "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT 1;\n\nINSERT INTO b SELECT 2;\nEND",
            )],
        ),
        (
            "SELECT '$$' , $1, $$x$$ ; SELECT 2",
            &[(1, "SELECT '$$' , $1, $$x$$"), (1, "SELECT 2")],
        ),
        // A stray `${` inside a quoted identifier does not hide the closing quote.
        (
            "SELECT \"${\" ; SELECT '}'",
            &[(1, "SELECT \"${\""), (1, "SELECT '}'")],
        ),
        (
            "SELECT '${A:-it''s;}' ; SELECT ${B:-;}",
            &[(1, "SELECT '${A:-it''s;}'"), (1, "SELECT ${B:-;}")],
        ),
        (
            "CREATE FUNCTION f AS 'com.x.F' LANGUAGE JAVA;ADD JAR '/a;b.jar'",
            &[
                (1, "CREATE FUNCTION f AS 'com.x.F' LANGUAGE JAVA"),
                (1, "ADD JAR '/a;b.jar'"),
            ],
        ),
        (
            "SELECT\t1\u{00a0};\u{2028}SELECT 2",
            &[(1, "SELECT\t1"), (1, "SELECT 2")],
        ),
    ];
    for (input, expected) in cases {
        let got = statements(input);
        let expected: Vec<(usize, String)> = expected
            .iter()
            .map(|(l, s)| (*l, (*s).to_owned()))
            .collect();
        assert_eq!(got, expected, "input: {input:?}");
    }
}

#[test]
fn corpus_errors() {
    let cases: &[(&str, &str)] = &[
        ("SELECT 'abc", "c.sql:1:"),
        ("SELECT 1;\n\nSELECT `abc", "c.sql:3:"),
        ("SELECT \"abc;", "c.sql:1:"),
        ("SELECT 1; /* open", "c.sql:1:"),
        (
            "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\n",
            "c.sql:1: statement set is not closed with END",
        ),
    ];
    for (input, prefix) in cases {
        let err = split(&Source::named("c.sql", *input))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(prefix), "input {input:?}: {err}");
    }
}

#[test]
fn kinds_of_corpus_file() {
    let sql = "SET 'a'='b'; USE CATALOG c; CREATE TABLE t (a INT); INSERT INTO t SELECT 1; \
               EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1; END; SELECT * FROM t; EXPLAIN SELECT 1; \
               SHOW TABLES; RESET; LOAD MODULE hive";
    let kinds: Vec<StatementKind> = split(&Source::inline(sql))
        .unwrap()
        .into_iter()
        .map(|s| s.kind)
        .collect();
    use StatementKind::*;
    assert_eq!(
        kinds,
        [
            Set,
            Use,
            Ddl,
            Insert,
            StatementSet,
            Query,
            Explain,
            Show,
            Reset,
            Other
        ]
    );
}

/// A statement fragment that contains no top-level `;` when rendered.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_]{0,8}",
        "[0-9]{1,5}",
        "'([^']|'')*'",
        "`[^`]*`",
        "\"[^\"]*\"",
        // No `*` inside, so the first `*/` really ends the comment.
        "/\\*[^*]*\\*/",
        "--[^\n\r]*\n",
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just(",".to_owned()),
        Just("=".to_owned()),
        Just("\r\n".to_owned()),
        Just("${VAR:-x;y}".to_owned()),
        "[ \t\n]{1,3}",
    ]
}

fn statement() -> impl Strategy<Value = String> {
    ("[A-Za-z]{1,8}", prop::collection::vec(fragment(), 0..12)).prop_map(|(head, rest)| {
        let mut s = head;
        for f in rest {
            s.push(' ');
            s.push_str(&f);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the input, splitting and planning return Ok or Err and never panic.
    #[test]
    fn never_panics(input in any::<String>()) {
        let _ = split(&Source::inline(input.clone()));
        let mut vars = Variables::new();
        vars.set("VAR", "v");
        let _ = Plan::build(&[Source::inline(input)], &vars);
    }

    /// Statements joined with `;` split back into exactly those statements.
    #[test]
    fn join_then_split_round_trips(stmts in prop::collection::vec(statement(), 1..6)) {
        // A line comment at the very end would swallow the separator, so end each with a newline.
        let joined: String = stmts.iter().map(|s| format!("{s}\n;")).collect();
        let got: Vec<String> = split(&Source::inline(joined)).unwrap().into_iter().map(|s| s.text).collect();
        let expected: Vec<String> = stmts.iter().map(|s| s.trim_end().to_owned()).collect();
        prop_assert_eq!(got, expected);
    }

    /// Lines reported are the lines where each statement starts.
    #[test]
    fn lines_match(blank in prop::collection::vec(0usize..4, 1..5)) {
        let mut sql = String::new();
        let mut expected = Vec::new();
        let mut line = 1;
        for (i, n) in blank.iter().enumerate() {
            for _ in 0..*n { sql.push('\n'); line += 1; }
            expected.push(line);
            sql.push_str(&format!("SELECT {i};\n"));
            line += 1;
        }
        let got: Vec<usize> = split(&Source::inline(sql)).unwrap().into_iter().map(|s| s.line).collect();
        prop_assert_eq!(got, expected);
    }
}

/// Renders a plan's text and JSON output, or `None` if planning fails.
fn render_plan(text: &str, password: &str) -> Option<String> {
    let mut vars = Variables::new();
    vars.set("KAFKA_PASSWORD", password);
    let plan = Plan::build(&[Source::inline(text)], &vars).ok()?;
    let mut out = Vec::new();
    plan.write_text(&mut out).ok()?;
    plan.write_json_lines(&mut out).ok()?;
    Some(String::from_utf8(out).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A secret reaches plan output only if the text contains it without the variable.
    #[test]
    fn secrets_do_not_leak_through_substitution(
        pieces in prop::collection::vec(prop_oneof![
            fragment(),
            Just("${KAFKA_PASSWORD}".to_owned()),
            Just("'${KAFKA_PASSWORD}'".to_owned()),
            Just(";".to_owned()),
        ], 1..12)
    ) {
        let text = pieces.join(" ");
        const SECRET: &str = "pa55-w0rd";
        if let (Some(with), Some(without)) = (render_plan(&text, SECRET), render_plan(&text, "x"))
            && !without.contains(SECRET)
        {
            prop_assert!(!with.contains(SECRET), "{}", with);
        }
    }
}
