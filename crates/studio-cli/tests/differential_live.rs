//! The differential suite: every script in `tests/differential/` runs through `studio sql`
//! and through Flink's own SQL Client (gateway mode) against the same live SQL Gateway, and
//! the two are compared statement by statement: the same split, the same success or
//! failure, the same cell text (as multisets: row order is not compared, as it is undefined
//! for most queries). Every difference must be fixed or listed, with its reason, in
//! `tests/differential/allow-list.txt`; the test prints the allowed ones it met.
//!
//! Run with `set -a; . target/testbed/env; set +a;
//! cargo test -p studio-cli --test differential_live -- --ignored --nocapture`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    clippy::print_stdout
)]

#[path = "support/stack.rs"]
mod stack;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use clap::Parser;
use sql_executor::{Source, StatementKind, split};
use studio_cli::sql::SqlArgs;
use studio_local::pins::FlinkPins;
use studio_local::progress::Silent;
use studio_local::{default_cache_dir, sql_client};

use stack::env;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/differential")
}

// ---- running both clients ---------------------------------------------------------------

/// One buffer for stdout and stderr, so notes and results stay in order.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Parser)]
struct StudioSql {
    #[command(flatten)]
    sql: SqlArgs,
}

/// `studio sql --sql-gateway-url URL -o changelog SCRIPT`, in process, stdout and stderr
/// interleaved.
async fn run_studio(script: &Path, url: &str) -> String {
    let args = StudioSql::try_parse_from([
        "studio-sql".as_ref(),
        "--sql-gateway-url".as_ref(),
        url.as_ref(),
        "-o".as_ref(),
        "changelog".as_ref(),
        script.as_os_str(),
    ])
    .unwrap()
    .sql;
    let buf = Shared::default();
    studio_cli::sql::run_with(args, buf.clone(), buf.clone(), std::future::pending()).await;
    let bytes = buf.0.lock().unwrap().clone();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn run_flink(client: &sql_client::SqlClient, script: &Path, url: &str) -> String {
    let out = client
        .gateway_command(&sql_client::java_command(), url, script)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ---- what each client said about each statement -------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Ok,
    Failed,
    NotRun,
}

#[derive(Debug, Clone, Default)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
struct Outcome {
    status: Status,
    table: Option<Table>,
    message: String,
}

impl Outcome {
    fn not_run() -> Self {
        Self {
            status: Status::NotRun,
            table: None,
            message: String::new(),
        }
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn is_border(s: &str) -> bool {
    s.len() > 2
        && s.starts_with("+-")
        && s.ends_with('+')
        && s.chars().all(|c| c == '+' || c == '-')
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split(" | ").map(|c| c.trim().to_owned()).collect()
}

/// A tableau table in Flink's output (the echoed statement may precede its top border).
fn tableau(segment: &str) -> Option<Table> {
    let lines: Vec<&str> = segment.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.find("+-").is_some_and(|p| is_border(l[p..].trim_end())))?;
    let header = cells(lines.get(start + 1)?);
    let mut rows = Vec::new();
    let mut pending = String::new();
    for line in &lines[start + 3..] {
        if pending.is_empty() && is_border(line.trim_end()) {
            break;
        }
        // A cell with a line break spans lines: the row ends at the line ending with `|`.
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(line);
        if line.trim_end().ends_with('|') {
            rows.push(cells(&pending));
            pending.clear();
        }
    }
    Some(Table { header, rows })
}

/// Flink's SQL Client transcript, one outcome per statement it ran.
fn parse_flink(stdout: &str) -> Vec<Outcome> {
    let text = strip_ansi(stdout);
    let mut parts: Vec<&str> = text.split("Flink SQL> ").skip(1).collect();
    if let Some(last) = parts.last_mut() {
        *last = last.split("Shutting down the session").next().unwrap_or("");
        if last.trim().is_empty() {
            parts.pop();
        }
    }
    parts
        .into_iter()
        .map(|seg| {
            if let Some(i) = seg.find("[ERROR]") {
                let msg = seg[i..]
                    .lines()
                    .skip(1)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .trim()
                    .to_owned();
                return Outcome {
                    status: Status::Failed,
                    table: None,
                    message: msg,
                };
            }
            let table = if seg.contains("Empty set") {
                Some(Table::default())
            } else {
                tableau(seg)
            };
            Outcome {
                status: Status::Ok,
                table,
                message: String::new(),
            }
        })
        .collect()
}

/// `studio sql -o changelog` output, one outcome per statement it ran (`[i/N]` notes).
/// Whether every non-blank line of Flink's message is among studio's (blank lines and
/// indentation aside): studio keeps the whole root-cause message.
fn lines_covered(flink: &str, studio: &str) -> bool {
    let ours: Vec<&str> = studio.lines().map(str::trim).collect();
    flink
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .all(|l| {
            ours.iter()
                .any(|o| o.contains(l) || l.contains(o) && !o.is_empty())
        })
}

/// How `studio sql` indents a root cause's further lines.
const ROOT_CAUSE_INDENT: &str = "              ";

fn parse_studio(output: &str) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = Vec::new();
    let mut in_cause = false;
    for line in output.lines() {
        if !line.starts_with(ROOT_CAUSE_INDENT) {
            in_cause = false;
        }
        let is_marker = line.starts_with('[')
            && line
                .split_once(']')
                .is_some_and(|(n, _)| n[1..].split('/').all(|d| d.parse::<usize>().is_ok()));
        if is_marker {
            out.push(Outcome {
                status: Status::Ok,
                table: None,
                message: String::new(),
            });
            continue;
        }
        let Some(cur) = out.last_mut() else { continue };
        if line.starts_with("error: statement ") {
            cur.status = Status::Failed;
        } else if let Some(cause) = line.strip_prefix("  root cause: ") {
            cur.message = cause.to_owned();
            in_cause = true;
            continue;
        } else if in_cause && let Some(more) = line.strip_prefix(ROOT_CAUSE_INDENT) {
            // The root cause's further lines, indented under its first.
            cur.message.push('\n');
            cur.message.push_str(more);
            continue;
        } else if line == "op" || line.starts_with("op | ") {
            cur.table = Some(Table {
                header: line.split(" | ").map(str::to_owned).collect(),
                rows: Vec::new(),
            });
        } else if ["+I", "-U", "+U", "-D"]
            .iter()
            .any(|op| line == *op || line.starts_with(&format!("{op} | ")))
            && let Some(t) = cur.table.as_mut()
        {
            t.rows
                .push(line.split(" | ").map(|c| c.trim().to_owned()).collect());
        } else if !line.starts_with(['[', ' '])
            && !line.starts_with("error")
            && !line.starts_with("warning")
            && !line.starts_with("summary:")
            && !line.starts_with("result:")
            && let Some(cell) = cur
                .table
                .as_mut()
                .and_then(|t| t.rows.last_mut())
                .and_then(|r| r.last_mut())
        {
            // The rest of a value with a line break.
            cell.push('\n');
            cell.push_str(line.trim_end());
        }
    }
    out
}

// ---- alignment and comparison ----------------------------------------------------------------

/// How many statements Flink's client runs for one of studio's: a `BEGIN STATEMENT SET;`
/// block is BEGIN, each statement and END there.
fn flink_statements(source_text: &str, line: usize, text: &str, kind: StatementKind) -> usize {
    let source_line = source_text.lines().nth(line - 1).unwrap_or("");
    let begin_form = kind == StatementKind::StatementSet
        && source_line
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("BEGIN");
    if !begin_form {
        return 1;
    }
    let body = text
        .strip_prefix("EXECUTE STATEMENT SET\nBEGIN\n")
        .and_then(|b| b.strip_suffix("\nEND"))
        .unwrap_or("");
    let inner = split(&Source::inline(body)).map(|s| s.len()).unwrap_or(0);
    inner + 2
}

#[derive(Debug)]
struct Difference {
    script: String,
    line: usize,
    aspect: &'static str,
    detail: String,
}

fn sorted(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut r = rows.to_vec();
    r.sort();
    r
}

fn compare_tables(studio: &Table, flink: &Table) -> Option<String> {
    let with_op = flink.header.first().is_some_and(|h| h == "op");
    let drop_op = |row: &Vec<String>| -> Vec<String> {
        if with_op {
            row.clone()
        } else {
            row.iter().skip(1).cloned().collect()
        }
    };
    let s_header = drop_op(&studio.header);
    if !flink.header.is_empty() && s_header != flink.header {
        return Some(format!(
            "header: studio {s_header:?}, Flink {:?}",
            flink.header
        ));
    }
    let s_rows: Vec<Vec<String>> = studio.rows.iter().map(drop_op).collect();
    let (s, f) = (sorted(&s_rows), sorted(&flink.rows));
    // Flink's client cuts a cell wider than its column limit to `…...`: compare the prefix.
    let same = s.len() == f.len()
        && s.iter().zip(&f).all(|(a, b)| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| x == y || y.strip_suffix("...").is_some_and(|p| x.starts_with(p)))
        });
    if same {
        return None;
    }
    if s != f {
        return Some(format!("rows: studio {s:?}, Flink {f:?}"));
    }
    None
}

struct ScriptResult {
    statements: usize,
    differences: Vec<Difference>,
}

fn compare(name: &str, source_text: &str, studio: &[Outcome], flink: &[Outcome]) -> ScriptResult {
    let planned = split(&Source::inline(source_text)).unwrap();
    let mut differences = Vec::new();
    let mut f = 0;
    for (i, stmt) in planned.iter().enumerate() {
        let s_out = studio.get(i).cloned().unwrap_or_else(Outcome::not_run);
        let n = flink_statements(source_text, stmt.line, &stmt.text, stmt.kind);
        let group: Vec<&Outcome> = flink.iter().skip(f).take(n).collect();
        f += n;
        let f_out = if group.is_empty() {
            Outcome::not_run()
        } else if let Some(failed) = group.iter().find(|o| o.status == Status::Failed) {
            (*failed).clone()
        } else {
            Outcome {
                status: Status::Ok,
                table: group.iter().rev().find_map(|o| o.table.clone()),
                message: String::new(),
            }
        };
        let mut diff = |aspect, detail: String| {
            differences.push(Difference {
                script: name.to_owned(),
                line: stmt.line,
                aspect,
                detail,
            });
        };
        if s_out.status != f_out.status {
            diff(
                "outcome",
                format!(
                    "studio {:?} ({}), Flink {:?} ({})",
                    s_out.status,
                    s_out.message,
                    f_out.status,
                    f_out.message.lines().next().unwrap_or("")
                ),
            );
            continue;
        }
        if s_out.status == Status::Failed {
            // Root causes: the first line must be the same, and every line of Flink's
            // message must be in studio's (which drops the exception class).
            let f_first = f_out.message.lines().next().unwrap_or("").trim();
            let s_first = s_out.message.lines().next().unwrap_or("").trim();
            if !f_first.is_empty() && !f_first.contains(s_first) && !s_first.contains(f_first) {
                diff(
                    "message",
                    format!("studio `{}`, Flink `{f_first}`", s_out.message),
                );
            } else if !lines_covered(&f_out.message, &s_out.message) {
                diff(
                    "message",
                    format!(
                        "Flink's message has more lines than studio's root cause `{}`",
                        s_out.message
                    ),
                );
            }
            continue;
        }
        if stmt.kind == StatementKind::Explain {
            continue;
        }
        match (&s_out.table, &f_out.table) {
            (Some(s), Some(ft)) => {
                if let Some(d) = compare_tables(s, ft) {
                    diff("cells", d);
                }
            }
            (Some(s), None) if !s.rows.is_empty() => {
                diff("cells", format!("only studio shows rows: {:?}", s.rows));
            }
            (None, Some(ft)) if !ft.rows.is_empty() => {
                diff("cells", format!("only Flink shows rows: {:?}", ft.rows));
            }
            _ => {}
        }
    }
    ScriptResult {
        statements: planned.len(),
        differences,
    }
}

// ---- the allow-list ------------------------------------------------------------------------------

struct Allowed {
    script: String,
    line: Option<usize>,
    aspect: String,
    reason: String,
}

/// `script | line or * | aspect | reason` lines; `#` starts a comment.
fn allow_list() -> Vec<Allowed> {
    let text = std::fs::read_to_string(suite_dir().join("allow-list.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| {
            let parts: Vec<&str> = l.splitn(4, '|').map(str::trim).collect();
            assert_eq!(parts.len(), 4, "allow-list.txt: bad line `{l}`");
            Allowed {
                script: parts[0].to_owned(),
                line: parts[1].parse().ok(),
                aspect: parts[2].to_owned(),
                reason: parts[3].to_owned(),
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a running stack (cargo xtask testbed up) and Flink's SQL Client (downloaded once)"]
async fn studio_sql_agrees_with_flinks_sql_client() {
    let url = env("STUDIO_GATEWAY_URL");
    let version = std::env::var("STUDIO_FLINK_VERSION").unwrap_or_else(|_| "2.0.0".into());
    let pins = FlinkPins::find(&version).unwrap();
    let client = sql_client::ensure(&default_cache_dir().unwrap(), &pins, &Silent).unwrap();
    let only = std::env::var("DIFFERENTIAL_ONLY").ok();

    let mut scripts: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .filter(|p| {
            only.as_deref()
                .is_none_or(|o| p.to_string_lossy().contains(o))
        })
        .collect();
    scripts.sort();
    let allowed = allow_list();
    let mut total_statements = 0;
    let mut unexplained = Vec::new();
    let mut used = Vec::new();
    for script in &scripts {
        let name = script.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(script).unwrap();
        let studio_out = run_studio(script, &url).await;
        let flink_out = run_flink(&client, script, &url);
        let studio = parse_studio(&studio_out);
        let flink = parse_flink(&flink_out);
        let result = compare(&name, &text, &studio, &flink);
        total_statements += result.statements;
        println!(
            "{name}: {} statements, {} differences",
            result.statements,
            result.differences.len()
        );
        if std::env::var_os("DIFFERENTIAL_VERBOSE").is_some() {
            println!(
                "--- studio\n{studio_out}\n--- Flink\n{}",
                strip_ansi(&flink_out)
            );
        }
        for d in result.differences {
            let hit = allowed.iter().position(|a| {
                a.script == d.script && a.line.is_none_or(|l| l == d.line) && a.aspect == d.aspect
            });
            match hit {
                Some(k) => used.push((k, d)),
                None => unexplained.push(d),
            }
        }
    }
    println!(
        "\ndifferential suite on Flink {version}: {} scripts, {total_statements} statements compared",
        scripts.len()
    );
    println!("allowed differences met ({}):", used.len());
    for (k, d) in &used {
        let a = &allowed[*k];
        println!(
            "  {}:{} {}: {}\n      because: {}",
            d.script, d.line, d.aspect, d.detail, a.reason
        );
    }
    if !unexplained.is_empty() {
        let list: Vec<String> = unexplained
            .iter()
            .map(|d| format!("  {}:{} {}: {}", d.script, d.line, d.aspect, d.detail))
            .collect();
        panic!(
            "{} unexplained differences (fix them or list them in tests/differential/allow-list.txt):\n{}",
            unexplained.len(),
            list.join("\n")
        );
    }
}

#[test]
fn parses_flink_tableau_and_errors() {
    let out = "\u{1b}[34;1m[INFO] Executing SQL from file.\u{1b}[0m\n\nFlink SQL> \u{1b}[34;1m[INFO] Execute statement succeeded.\u{1b}[0m\n\nFlink SQL> \n> SELECT 1 AS a+----+---+\n| op | a |\n+----+---+\n| +I | 1 |\n+----+---+\nReceived a total of 1 row\n\nFlink SQL> \u{1b}[31;1m[ERROR] Could not execute SQL statement. Reason:\norg.apache.X: boom\nmore\u{1b}[0m\n\nShutting down the session...\ndone.\n";
    let r = parse_flink(out);
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].status, Status::Ok);
    let t = r[1].table.clone().unwrap();
    assert_eq!(
        (t.header, t.rows),
        (
            vec!["op".to_owned(), "a".to_owned()],
            vec![vec!["+I".to_owned(), "1".to_owned()]]
        )
    );
    assert_eq!(r[2].status, Status::Failed);
    assert_eq!(r[2].message, "org.apache.X: boom\nmore");
}

#[test]
fn parses_studio_changelog_and_failures() {
    let out = "[1/2] set x.sql:1: SET 'a' = 'b'\n[2/2] query x.sql:2: SELECT 1\nop | a\n+I | 1\n-U | 1\nerror: statement 2 failed at x.sql:2\n  root cause: boom\n";
    let r = parse_studio(out);
    assert_eq!(r.len(), 2);
    assert_eq!(r[1].status, Status::Failed);
    assert_eq!(r[1].message, "boom");
    assert_eq!(r[1].table.as_ref().unwrap().rows.len(), 2);
}

#[test]
fn a_begin_statement_set_is_several_statements_for_flink() {
    let src = "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\nBEGIN STATEMENT SET;\nEND;\nEXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;";
    let stmts = split(&Source::inline(src)).unwrap();
    let n: Vec<usize> = stmts
        .iter()
        .map(|s| flink_statements(src, s.line, &s.text, s.kind))
        .collect();
    assert_eq!(n, [4, 2, 1]);
}
