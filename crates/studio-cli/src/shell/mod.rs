//! `studio sql` on a terminal without SQL: an interactive shell in one gateway session.
//!
//! The line editor is `rustyline`: a small synchronous API whose `Validator`, `Completer`
//! and `Highlighter` hooks are exactly what multi-line SQL input needs, with file history
//! built in and few dependencies (reedline brings crossterm and a larger, faster-moving API
//! made for nushell). It runs on a blocking thread; the gateway is asked from there.
mod editor;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{Config, Editor};
use sql_executor::{
    ExitStatus, Masker, MaskingWriter, OutputFormat, Plan, RunOptions, Source, Variables,
    is_secret_name,
};
use sql_gateway_client::SessionOptions;

use crate::live_view::LiveView;
use crate::sql::SqlArgs;
pub use editor::{highlight, is_complete};

const PROMPT: &str = "Flink SQL> ";
const HELP: &str = "\
Type SQL statements ending with `;` (they may span lines). Commands:
  HELP                 this help
  QUIT, EXIT, Ctrl-D   leave the shell
  SOURCE file.sql      run a file in this session
  SET 'sql-client.execution.result-mode' = 'table' | 'changelog' | 'tableau';
                       how query results are shown
Tab completes keywords, commands and (from the gateway) names; Ctrl-C cancels a running
statement, or clears the line being typed. ${NAME} is substituted as in files.";

/// Whether `studio sql` should open the shell: `--interactive`, or no SQL given on a terminal.
pub fn wanted(args: &SqlArgs) -> bool {
    use std::io::IsTerminal;
    let no_sql = args.files.is_empty() && args.sql_files.is_empty() && args.sql.is_empty();
    args.interactive
        || (no_sql
            && !args.dry_run
            && !args.validate
            && std::io::stdin().is_terminal()
            && std::io::stdout().is_terminal())
}

/// A shell command (input that is not SQL for the gateway).
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help,
    Quit,
    Source(String),
    ResultMode(String),
}

fn command_of(input: &str) -> Option<Command> {
    let text = input.trim().trim_end_matches(';').trim();
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "help" => return Some(Command::Help),
        "quit" | "exit" => return Some(Command::Quit),
        _ => {}
    }
    if lower.starts_with("source ") {
        let path = text["source ".len()..].trim().trim_matches(['\'', '"']);
        return Some(Command::Source(path.to_owned()));
    }
    // SET 'sql-client.execution.result-mode' = 'table' (only when the `;` is there).
    let set = lower.strip_prefix("set")?;
    if !input.trim_end().ends_with(';') || !set.starts_with(char::is_whitespace) {
        return None;
    }
    let (key, value) = set.split_once('=')?;
    if key.trim().trim_matches(['\'', '`']) != "sql-client.execution.result-mode" {
        return None;
    }
    Some(Command::ResultMode(
        value.trim().trim_matches('\'').trim().to_owned(),
    ))
}

/// Where the history lives: `$XDG_STATE_HOME/flink-studio/history`, else
/// `~/.local/state/flink-studio/history`.
pub fn history_path() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::home_dir().map(|h| h.join(".local").join("state")))?;
    Some(state.join("flink-studio").join("history"))
}

/// Runs the shell until QUIT, EXIT or Ctrl-D.
pub async fn run(args: SqlArgs) -> ExitStatus {
    let mut err = MaskingWriter::new(std::io::stderr(), Masker::default());
    let prepared = match crate::sql::prepare_connection(&args) {
        Ok(p) => p,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return ExitStatus::Usage;
        }
    };
    let mut secrets = known_secrets(&args, &prepared.vars);
    let (gateway, jobmanager) = match (
        prepared.gateway.gateway_client(),
        prepared
            .jobmanager
            .as_ref()
            .map(crate::connect::Endpoint::flink_client)
            .transpose(),
    ) {
        (Ok(g), Ok(j)) => (g, j),
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(err, "error: {e}");
            return ExitStatus::Usage;
        }
    };
    let url = prepared.gateway.url.clone();
    let session = match gateway
        .open_session(
            SessionOptions::new()
                .name("flink-sql-studio-shell")
                .keep_alive(Duration::from_secs(30)),
        )
        .await
    {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(
                err,
                "error: cannot open a session on the SQL Gateway at {url}: {e}"
            );
            return ExitStatus::GatewayUnreachable;
        }
    };
    let helper = editor::SqlHelper {
        runtime: tokio::runtime::Handle::current(),
        client: gateway.clone(),
        session: session.handle().clone(),
    };
    let config = Config::builder()
        .auto_add_history(false)
        .history_ignore_dups(true)
        .unwrap_or_else(|_| Config::builder())
        .max_history_size(5000)
        .unwrap_or_else(|_| Config::builder())
        .build();
    let mut line_editor = match Editor::<editor::SqlHelper, FileHistory>::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(err, "error: cannot start the line editor: {e}");
            return ExitStatus::Usage;
        }
    };
    line_editor.set_helper(Some(helper));
    let history = history_path();
    if let Some(path) = history.as_deref().filter(|p| p.exists())
        && let Err(e) = line_editor.load_history(path)
    {
        let _ = writeln!(
            err,
            "warning: cannot read the history {}: {e}",
            path.display()
        );
    }
    let _ = writeln!(
        err,
        "Connected to the SQL Gateway at {url}. Type HELP for help, QUIT or Ctrl-D to leave."
    );
    let mut output = args.output.unwrap_or(OutputFormat::Table);
    let mut editor = Some(line_editor);
    loop {
        let Some(mut ed) = editor.take() else { break };
        let read = tokio::task::spawn_blocking(move || {
            let line = ed.readline(PROMPT);
            (ed, line)
        })
        .await;
        let (ed, line) = match read {
            Ok(v) => v,
            Err(e) => {
                let _ = writeln!(err, "error: the line editor stopped: {e}");
                break;
            }
        };
        editor = Some(ed);
        let input = match line {
            Ok(input) => input,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                let _ = writeln!(err, "error: cannot read input: {e}");
                break;
            }
        };
        if input.trim().is_empty() {
            continue;
        }
        // Secrets this input uses join the mask before it is remembered.
        let plan = Plan::build(&[Source::named("<shell>", input.clone())], &prepared.vars);
        if let Ok(plan) = &plan {
            for used in plan.used_variables().iter().filter(|u| u.secret) {
                if !secrets.contains(&used.value) {
                    secrets.push(used.value.clone());
                }
            }
        }
        let masker = Masker::new(secrets.clone());
        if let Some(ed) = editor.as_mut() {
            remember(ed, history.as_deref(), &masker.mask(&input), &mut err);
        }
        err.set_masker(masker.clone());
        match command_of(&input) {
            Some(Command::Quit) => break,
            Some(Command::Help) => {
                let _ = writeln!(err, "{HELP}");
            }
            Some(Command::ResultMode(mode)) => {
                // Tableau prints each change as it comes, like a changelog.
                let chosen = match mode.as_str() {
                    "table" => Some(OutputFormat::Table),
                    "changelog" | "tableau" => Some(OutputFormat::Changelog),
                    _ => None,
                };
                match chosen {
                    Some(format) => {
                        output = format;
                        let _ = writeln!(err, "[INFO] result mode: {mode}");
                    }
                    None => {
                        let _ = writeln!(
                            err,
                            "error: unknown result mode `{mode}`: expected table, changelog or tableau"
                        );
                    }
                }
            }
            Some(Command::Source(path)) => {
                let plan = Source::from_file(Path::new(&path))
                    .and_then(|s| Plan::build(&[s], &prepared.vars));
                match plan {
                    Ok(plan) => {
                        for used in plan.used_variables().iter().filter(|u| u.secret) {
                            secrets.push(used.value.clone());
                        }
                        let masker = Masker::new(secrets.clone());
                        let target = Target {
                            gateway: &gateway,
                            jobmanager: jobmanager.as_ref(),
                            session: &session,
                            args: &args,
                        };
                        run_plan(&target, &plan, &masker, output, true).await;
                    }
                    Err(e) => {
                        let _ = writeln!(err, "error: {e}");
                    }
                }
            }
            None => match plan {
                Ok(plan) if plan.statements.is_empty() => {}
                Ok(plan) => {
                    let target = Target {
                        gateway: &gateway,
                        jobmanager: jobmanager.as_ref(),
                        session: &session,
                        args: &args,
                    };
                    run_plan(&target, &plan, &masker, output, false).await;
                }
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                }
            },
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), session.close()).await;
    ExitStatus::Success
}

/// Adds one (masked) entry to the history and appends it to the file at once, so a crash
/// loses nothing and two shells do not overwrite each other.
fn remember(
    ed: &mut Editor<editor::SqlHelper, FileHistory>,
    path: Option<&Path>,
    entry: &str,
    err: &mut dyn Write,
) {
    if !matches!(ed.add_history_entry(entry), Ok(true)) {
        return;
    }
    let Some(path) = path else { return };
    if let Some(dir) = path.parent()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        let _ = writeln!(err, "warning: cannot create {}: {e}", dir.display());
        return;
    }
    if let Err(e) = ed.append_history(path) {
        let _ = writeln!(
            err,
            "warning: cannot write the history {}: {e}",
            path.display()
        );
    }
}

/// Secret values known before anything is typed: `--secret` names and secret-looking
/// names from `--var` and the environment.
fn known_secrets(args: &SqlArgs, vars: &Variables) -> Vec<String> {
    let mut names: Vec<String> = args.secrets.clone();
    names.extend(
        args.vars
            .iter()
            .filter_map(|a| a.split_once('=').map(|(n, _)| n.to_owned())),
    );
    names.extend(std::env::vars().map(|(n, _)| n));
    let mut values = Vec::new();
    for name in names {
        if (is_secret_name(&name) || vars.is_secret(&name))
            && let Some((value, _)) = vars.lookup(&name)
            && !value.is_empty()
            && !values.iter().any(|v| v == value)
        {
            values.push(value.to_owned());
        }
    }
    values
}

/// Where the shell's statements run.
struct Target<'a> {
    gateway: &'a sql_gateway_client::Client,
    jobmanager: Option<&'a flink_rest::Client>,
    session: &'a sql_gateway_client::Session,
    /// `--max-rows`, `--timeout` and `-v` apply to every statement, as for files.
    args: &'a SqlArgs,
}

/// Runs a plan in the shell's session; Ctrl-C cancels it and returns to the prompt.
async fn run_plan(
    target: &Target<'_>,
    plan: &Plan,
    masker: &Masker,
    output: OutputFormat,
    progress: bool,
) {
    let options = RunOptions {
        output,
        observer: LiveView::for_output(output, masker.clone()),
        session: Some(target.session.handle().clone()),
        session_name: "flink-sql-studio-shell".to_owned(),
        max_rows: target.args.max_rows,
        timeout: target.args.timeout,
        verbose: target.args.verbose > 0,
        ..RunOptions::default()
    };
    // The shell's masker covers the plan's secrets and every secret known so far.
    let mut out = MaskingWriter::new(std::io::stdout(), masker.clone());
    let mut diag = DiagFilter::new(
        MaskingWriter::new(std::io::stderr(), masker.clone()),
        progress,
    );
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let report = sql_executor::run_pipeline(
        target.gateway,
        target.jobmanager,
        plan,
        &options,
        &mut out,
        &mut diag,
        interrupt,
    )
    .await;
    let _ = out.flush();
    let _ = diag.flush();
    crate::sql::write_hints(&report, &mut diag);
    for cleanup in &report.cleanups {
        if let sql_executor::JobEnd::MayStillRun { .. } = cleanup.end {
            let _ = writeln!(
                diag,
                "  job {0} may still be running; stop it with: studio jobs cancel {0}",
                cleanup.job_id
            );
        }
    }
    let _ = diag.flush();
}

/// The executor's diagnostics as the shell shows them: without the `[1/1] ...` echo of
/// what was just typed and the closing summary (the result says enough), unless `progress`.
struct DiagFilter<W: Write> {
    inner: W,
    progress: bool,
    line: Vec<u8>,
    in_summary: bool,
}

impl<W: Write> DiagFilter<W> {
    fn new(inner: W, progress: bool) -> Self {
        Self {
            inner,
            progress,
            line: Vec::new(),
            in_summary: false,
        }
    }

    fn keep(&mut self, line: &str) -> bool {
        if self.progress {
            return true;
        }
        if line.starts_with("summary:") {
            self.in_summary = !line.starts_with("summary: ");
            return false;
        }
        if self.in_summary {
            if line.starts_with("result:") {
                self.in_summary = false;
                return !line.starts_with("result: success");
            }
            return false;
        }
        !is_progress_echo(line)
    }
}

/// `[3/10] query <shell>:1: SELECT ...`
fn is_progress_echo(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    let Some((counts, _)) = rest.split_once("] ") else {
        return false;
    };
    counts
        .split_once('/')
        .is_some_and(|(a, b)| a.parse::<usize>().is_ok() && b.parse::<usize>().is_ok())
}

impl<W: Write> Write for DiagFilter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            self.line.push(b);
            if b == b'\n' {
                let line = std::mem::take(&mut self.line);
                let text = String::from_utf8_lossy(&line).into_owned();
                if self.keep(text.trim_end_matches('\n')) {
                    self.inner.write_all(&line)?;
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_commands_are_recognised() {
        assert_eq!(command_of("help"), Some(Command::Help));
        assert_eq!(command_of("QUIT;"), Some(Command::Quit));
        assert_eq!(command_of(" exit "), Some(Command::Quit));
        assert_eq!(
            command_of("SOURCE 'a b.sql';"),
            Some(Command::Source("a b.sql".into()))
        );
        assert_eq!(
            command_of("SET 'sql-client.execution.result-mode' = 'changelog';"),
            Some(Command::ResultMode("changelog".into()))
        );
        assert_eq!(
            command_of("SET 'sql-client.execution.result-mode' = 'table'"),
            None
        );
        assert_eq!(command_of("SET 'parallelism.default' = '1';"), None);
        assert_eq!(command_of("SELECT 1;"), None);
    }

    #[test]
    fn the_shell_hides_the_echo_and_the_summary_but_not_errors() {
        let mut out = Vec::new();
        {
            let mut f = DiagFilter::new(&mut out, false);
            write!(
                f,
                "[1/1] query <shell>:1: SELECT 1\nerror: statement 1 failed\njob x cancelled through the SQL Gateway\nsummary:\n    1  ok  1s  <shell>:1  query\nresult: success (exit 0)\n"
            )
            .unwrap();
            write!(
                f,
                "summary:\n  1 interrupted\nresult: interrupted (exit 130)\n"
            )
            .unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error: statement 1 failed\njob x cancelled through the SQL Gateway\nresult: interrupted (exit 130)\n"
        );
    }
}
