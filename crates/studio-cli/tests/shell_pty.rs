//! The interactive shell and the live result view, driven the way a person sees them: the
//! `studio` binary runs in a tmux pane (a real pseudo-terminal), keys are typed with
//! `send-keys` and the screen is read with `capture-pane`, against the live local gateway.
//!
//! Run: `set -a; . target/testbed/env; set +a; cargo test -p studio-cli --test shell_pty -- --ignored`
//! (needs `tmux` and a running testbed: `cargo xtask testbed up`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const SECRET: &str = "s3cr3t-pw-4711";

struct Pane {
    socket: String,
}

impl Pane {
    /// Starts `command` in a detached 120x40 tmux session on a private server.
    fn start(command: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("studio-shell-test-{}-{n}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
            ])
            .args(["-s", "t", command])
            .status()
            .expect("tmux is installed");
        assert!(status.success(), "tmux new-session failed");
        Self { socket }
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    fn type_text(&self, text: &str) {
        // tmux reads an argument ending in `;` as a command separator: escape it.
        let escaped = match text.strip_suffix(';') {
            Some(head) => format!("{head}\\;"),
            None => text.to_owned(),
        };
        self.tmux(&["send-keys", "-t", "t", "-l", &escaped]);
    }

    fn key(&self, key: &str) {
        self.tmux(&["send-keys", "-t", "t", key]);
    }

    fn alive(&self) -> bool {
        self.tmux(&["has-session", "-t", "t"]).status.success()
    }

    /// Waits (bounded) until the screen satisfies `ok`; the last screen either way.
    fn wait_for(&self, what: &str, timeout: Duration, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                started.elapsed() < timeout,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn prompts(screen: &str) -> usize {
    screen.matches("Flink SQL>").count()
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: source target/testbed/env"))
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// `(rows, changes)` from the live view's status line.
fn status_counts(screen: &str) -> Option<(u64, u64)> {
    let line = screen.lines().find(|l| l.contains(" changes · "))?;
    let mut words = line.split_whitespace().skip(1);
    let rows = words.next()?.parse().ok()?;
    let changes = line
        .split(" · ")
        .nth(1)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some((rows, changes))
}

fn job_status(job: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let jm = flink_rest::Client::new(env("STUDIO_FLINK_REST_URL")).unwrap();
    let id = flink_rest::JobId::new(job).unwrap();
    rt.block_on(jm.jobs().status(&id)).unwrap().to_string()
}

#[test]
#[ignore = "needs tmux and the live testbed (cargo xtask testbed up)"]
fn shell_completes_streams_a_live_table_cancels_and_keeps_masked_history() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let bin = env!("CARGO_BIN_EXE_studio");
    let command = format!(
        "env HOME={} XDG_STATE_HOME={} STUDIO_GATEWAY_URL={} STUDIO_FLINK_URL={} {} sql --var DG_PASSWORD={SECRET}",
        sh_quote(&home.path().display().to_string()),
        sh_quote(&state.display().to_string()),
        sh_quote(&env("STUDIO_GATEWAY_URL")),
        sh_quote(&env("STUDIO_FLINK_REST_URL")),
        sh_quote(bin),
    );
    let pane = Pane::start(&command);
    pane.wait_for("the prompt", Duration::from_secs(30), |s| prompts(s) == 1);

    // A multi-line statement: Enter before the `;` continues the statement.
    pane.type_text("CREATE TEMPORARY TABLE shell_orders (");
    pane.key("Enter");
    pane.type_text("  k INT, amt INT");
    pane.key("Enter");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(prompts(&pane.screen()), 1, "no new prompt before the `;`");
    pane.type_text(") WITH ('connector' = 'datagen', 'rows-per-second' = '4',");
    pane.key("Enter");
    pane.type_text(" 'fields.k.min' = '1', 'fields.k.max' = '3', 'fields.amt.min' = '1', 'fields.amt.max' = '9');");
    pane.key("Enter");
    pane.wait_for("the prompt after CREATE", Duration::from_secs(30), |s| {
        prompts(s) == 2
    });

    // Completion of a table name from the gateway's complete-statement.
    pane.type_text("SELECT k, COUNT(*) AS cnt, SUM(amt) AS total FROM shell_ord");
    pane.key("Tab");
    pane.wait_for("the completed table name", Duration::from_secs(10), |s| {
        s.contains("FROM shell_orders")
    });
    pane.type_text(" GROUP BY k;");
    pane.key("Enter");

    // The live table changes on screen at least twice.
    let started = Instant::now();
    let mut seen: Vec<(u64, u64)> = Vec::new();
    let mut live_screen = String::new();
    while seen.len() < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the live table did not change three times; seen {seen:?}; screen:\n{}",
            pane.screen()
        );
        let screen = pane.screen();
        if let Some(counts) = status_counts(&screen)
            && seen.last() != Some(&counts)
            && screen.contains("| k ")
        {
            seen.push(counts);
            live_screen = screen;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(seen.windows(2).all(|w| w[0].1 < w[1].1), "{seen:?}");
    let job = live_screen
        .lines()
        .find_map(|l| l.split(" · job ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the status line names the job")
        .to_owned();
    std::fs::create_dir_all(Path::new(env!("CARGO_TARGET_TMPDIR"))).unwrap();
    let capture = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shell-live-table.txt");
    std::fs::write(&capture, &live_screen).unwrap();
    eprintln!("live table (also in {}):\n{live_screen}", capture.display());

    // Ctrl-C cancels the query and the prompt returns; the job is cancelled.
    pane.key("C-c");
    let after = pane.wait_for("the prompt after Ctrl-C", Duration::from_secs(60), |s| {
        prompts(s) >= 1 && s.trim_end().ends_with("Flink SQL>")
    });
    eprintln!("after Ctrl-C:\n{after}");
    assert!(
        after.contains("| k "),
        "the final table stays on screen:\n{after}"
    );
    assert!(pane.alive(), "Ctrl-C must not leave the shell");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut status = job_status(&job);
    while status != "CANCELED" && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(300));
        status = job_status(&job);
    }
    assert_eq!(status, "CANCELED", "job {job}");

    // `${VAR}` is substituted as in files, and its secret value masked in the result.
    pane.type_text("SELECT '${DG_PASSWORD}' AS v;");
    pane.key("Enter");
    let screen = pane.wait_for("the substituted result", Duration::from_secs(60), |s| {
        s.contains("| v ") && s.trim_end().ends_with("Flink SQL>")
    });
    assert!(screen.contains("| *** |"), "{screen}");
    assert!(!screen.contains(SECRET), "{screen}");

    // A secret typed as a literal is masked on screen and in the history.
    pane.type_text(&format!("SELECT '{SECRET}' AS pw;"));
    pane.key("Enter");
    pane.wait_for("the masked result", Duration::from_secs(60), |s| {
        s.contains("| ***") && s.trim_end().ends_with("Flink SQL>")
    });

    pane.type_text("QUIT");
    pane.key("Enter");
    let deadline = Instant::now() + Duration::from_secs(20);
    while pane.alive() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!pane.alive(), "QUIT leaves the shell");

    let history = std::fs::read_to_string(state.join("flink-studio").join("history")).unwrap();
    assert!(
        history.contains("CREATE TEMPORARY TABLE shell_orders ("),
        "{history}"
    );
    assert!(
        history.contains("FROM shell_orders GROUP BY k;"),
        "{history}"
    );
    assert!(history.contains("SELECT '***' AS pw;"), "{history}");
    assert!(
        history.contains("SELECT '${DG_PASSWORD}' AS v;"),
        "{history}"
    );
    assert!(!history.contains(SECRET), "{history}");
}

/// Off a terminal nothing changes: exactly the table scripts got before the live view.
#[test]
#[ignore = "needs the live testbed (cargo xtask testbed up)"]
fn piped_output_is_byte_for_byte_unchanged() {
    let out = Command::new(env!("CARGO_BIN_EXE_studio"))
        .args(["sql", "-o", "table", "--sql"])
        .arg("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(x, y)")
        .env("STUDIO_GATEWAY_URL", env("STUDIO_GATEWAY_URL"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "| x | y |\n|---|---|\n| 1 | a |\n| 2 | b |\n2 rows\n"
    );
}

/// On a terminal, `--sql` with `-o table` draws the spinner and table live, then leaves the
/// final table on screen.
#[test]
#[ignore = "needs tmux and the live testbed (cargo xtask testbed up)"]
fn a_terminal_gets_the_live_view_for_sql_too() {
    let command = format!(
        "env STUDIO_GATEWAY_URL={} {} sql -o table --timeout 6s --sql {}; sleep 30",
        sh_quote(&env("STUDIO_GATEWAY_URL")),
        sh_quote(env!("CARGO_BIN_EXE_studio")),
        sh_quote(
            "CREATE TEMPORARY TABLE g (k INT) WITH ('connector' = 'datagen', 'rows-per-second' = '3', 'fields.k.min' = '1', 'fields.k.max' = '4'); SELECT k, COUNT(*) AS c FROM g GROUP BY k"
        ),
    );
    let pane = Pane::start(&command);
    pane.wait_for("the live status line", Duration::from_secs(60), |s| {
        s.contains("Ctrl-C to stop") && s.contains(" changes · ")
    });
    let end = pane.wait_for("the final table", Duration::from_secs(60), |s| {
        s.contains("truncated after")
    });
    assert!(
        !end.contains("Ctrl-C to stop"),
        "the live view is cleared:\n{end}"
    );
    assert!(end.contains("| k | c"), "{end}");
}

/// `--max-rows` and `-v` apply in the shell as for files, and a cut-short result or a
/// withheld server trace gets the same hint naming the flag.
#[test]
#[ignore = "needs tmux and the live testbed (cargo xtask testbed up)"]
fn the_shell_applies_max_rows_and_names_the_flags() {
    let home = tempfile::tempdir().unwrap();
    let command = format!(
        "env HOME={0} XDG_STATE_HOME={0} STUDIO_GATEWAY_URL={1} {2} sql --max-rows 2",
        sh_quote(&home.path().display().to_string()),
        sh_quote(&env("STUDIO_GATEWAY_URL")),
        sh_quote(env!("CARGO_BIN_EXE_studio")),
    );
    let pane = Pane::start(&command);
    pane.wait_for("the prompt", Duration::from_secs(30), |s| prompts(s) == 1);
    pane.type_text("SELECT * FROM (VALUES (11), (22), (33), (44)) AS t(x);");
    pane.key("Enter");
    let screen = pane.wait_for("the cut-short result", Duration::from_secs(60), |s| {
        prompts(s) == 2
    });
    assert!(screen.contains("| 22 |"), "{screen}");
    assert!(
        !screen.contains("| 33 |"),
        "--max-rows 2 applies:\n{screen}"
    );
    assert!(
        screen.contains("hint: statement 1: --max-rows 2 ended it"),
        "{screen}"
    );
    pane.type_text("SELECT * FROM no_such_table;");
    pane.key("Enter");
    let screen = pane.wait_for("the error", Duration::from_secs(60), |s| prompts(s) == 3);
    assert!(screen.contains("no_such_table"), "{screen}");
    assert!(
        screen.contains("(run with -v for the full server trace)"),
        "{screen}"
    );
}
