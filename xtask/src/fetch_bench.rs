//! `cargo xtask bench [--json FILE] [--rows N] [--reps R]`: result fetching against the peers.
//!
//! Against the running local stack (`STUDIO_GATEWAY_URL`, from the environment or
//! `target/testbed/env`), `SELECT *` of a bounded `datagen` table of N rows × 6 columns is
//! fetched R times by each client: (a) `studio sql -o json` (release build), (b) Flink's SQL
//! Client in gateway mode, (c) a minimal Python `requests` client (`xtask/bench/`), (d) the
//! floor, a Rust loop fetching pages without decoding them. Every client runs as a child of
//! `cargo xtask bench rusage`, which reports its wall time, CPU (user + sys) and peak RSS
//! from `getrusage(RUSAGE_CHILDREN)` after `wait`. Then studio's peak RSS at 10 N rows,
//! start-up times, and the criterion decoding benchmarks. Writes a section of
//! `docs/benchmarks.md` and, with `--json`, every figure.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

/// The job name every benchmark query runs under, so leftovers can be found and cancelled.
const JOB_NAME: &str = "flink-studio-fetch-bench";

/// Options of the fetch benchmark.
pub struct Options {
    /// Where to write every figure as JSON.
    pub json: Option<PathBuf>,
    /// Rows per fetch.
    pub rows: u64,
    /// Repetitions per case.
    pub reps: usize,
}

impl Options {
    /// Parses `[--json FILE] [--rows N] [--reps R]`.
    pub fn parse(args: &[&str]) -> Result<Self> {
        let mut opts = Options {
            json: None,
            rows: 1_000_000,
            reps: 3,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = || it.next().with_context(|| format!("{arg} needs a value"));
            match *arg {
                "--json" => opts.json = Some(PathBuf::from(value()?)),
                "--rows" => {
                    opts.rows = value()?
                        .replace('_', "")
                        .parse()
                        .context("--rows takes a number")?;
                }
                "--reps" => opts.reps = value()?.parse().context("--reps takes a number")?,
                other => bail!("unknown bench option `{other}`"),
            }
        }
        if opts.reps == 0 || opts.rows == 0 {
            bail!("--rows and --reps must be at least 1");
        }
        Ok(opts)
    }
}

/// One measured run of a child process.
#[derive(Clone, Copy)]
struct Run {
    wall: f64,
    cpu: f64,
    rss_mb: f64,
}

/// `cargo xtask bench rusage OUT -- PROGRAM ARGS...`: runs the program (stdin null, stdout
/// and stderr inherited) and writes its wall time, user + sys CPU and peak RSS to OUT.
pub fn rusage_child(out: &str, program: &[&str]) -> Result<()> {
    let (prog, args) = program.split_first().context("no program to run")?;
    let started = Instant::now();
    let status = Command::new(prog)
        .args(args)
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("running {prog}"))?;
    let wall = started.elapsed().as_secs_f64();
    // Only the one child has been waited for, so these are its figures.
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)?;
    let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let figures = json!({
        "wall": wall,
        "cpu": secs(usage.user_time()) + secs(usage.system_time()),
        "rss_mb": usage.max_rss() as f64 / 1024.0,
        "status": status.code(),
    });
    std::fs::write(out, figures.to_string())?;
    Ok(())
}

/// Runs `cmd` under `cargo xtask bench rusage`, stdout to /dev/null; fails if it fails.
fn measure(what: &str, cmd: &[String], log: &Path) -> Result<Run> {
    let out = log.with_extension("rusage.json");
    let stderr = std::fs::File::create(log)?;
    let status = Command::new(crate::self_exe()?)
        .args(["bench", "rusage"])
        .arg(&out)
        .arg("--")
        .args(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .status()
        .with_context(|| format!("running {what}"))?;
    let text = std::fs::read_to_string(&out).with_context(|| format!("{what}: no figures"))?;
    let v: Value = serde_json::from_str(&text)?;
    if !status.success() || v["status"] != json!(0) {
        let tail = std::fs::read_to_string(log).unwrap_or_default();
        let tail: String = tail
            .lines()
            .rev()
            .take(15)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n");
        bail!(
            "{what} failed (exit {}); its last output ({}):\n{tail}",
            v["status"],
            log.display()
        );
    }
    let num = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    Ok(Run {
        wall: num("wall"),
        cpu: num("cpu"),
        rss_mb: num("rss_mb"),
    })
}

/// Median, min and max of one figure.
fn stats(xs: &[f64]) -> (f64, f64, f64) {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    (s[s.len() / 2], s[0], s[s.len() - 1])
}

struct Case {
    key: &'static str,
    name: String,
    runs: Vec<Run>,
}

impl Case {
    fn wall(&self) -> (f64, f64, f64) {
        stats(&self.runs.iter().map(|r| r.wall).collect::<Vec<_>>())
    }
    fn cpu(&self) -> (f64, f64, f64) {
        stats(&self.runs.iter().map(|r| r.cpu).collect::<Vec<_>>())
    }
    fn rss(&self) -> (f64, f64, f64) {
        stats(&self.runs.iter().map(|r| r.rss_mb).collect::<Vec<_>>())
    }
    fn to_json(&self) -> Value {
        let f = |(med, min, max): (f64, f64, f64)| json!({"median": med, "min": min, "max": max});
        json!({
            "name": self.name,
            "wall_s": f(self.wall()),
            "cpu_s": f(self.cpu()),
            "peak_rss_mb": f(self.rss()),
            "runs": self.runs.iter().map(|r| json!({"wall_s": r.wall, "cpu_s": r.cpu, "peak_rss_mb": r.rss_mb})).collect::<Vec<_>>(),
        })
    }
}

fn setup_statements(rows: u64) -> Vec<String> {
    vec![
        format!("SET 'pipeline.name' = '{JOB_NAME}'"),
        format!(
            "CREATE TEMPORARY TABLE bench_rows (id BIGINT, name STRING, price DOUBLE, qty INT, \
             active BOOLEAN, ts TIMESTAMP(3)) WITH ('connector' = 'datagen', \
             'number-of-rows' = '{rows}', 'rows-per-second' = '1000000000', \
             'fields.name.length' = '10')"
        ),
    ]
}

const QUERY: &str = "SELECT * FROM bench_rows";

fn gateway_env() -> Result<Vec<(String, String)>> {
    let mut env: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("STUDIO_"))
        .collect();
    if !env.iter().any(|(k, _)| k == "STUDIO_GATEWAY_URL") {
        let path = crate::testbed::root().join("env");
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "no STUDIO_GATEWAY_URL and no {}: start a stack (`cargo xtask testbed up`) or source its env",
                path.display()
            )
        })?;
        env.extend(text.lines().filter_map(|l| {
            l.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        }));
    }
    Ok(env)
}

fn var(env: &[(String, String)], key: &str) -> Result<String> {
    env.iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .with_context(|| format!("{key} is not set by the testbed environment"))
}

fn build() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for args in [
        &["build", "--release", "-q", "-p", "studio-cli", "--bins"][..],
        &[
            "build",
            "--release",
            "-q",
            "-p",
            "sql-gateway-client",
            "--example",
            "fetch_pages",
        ][..],
    ] {
        if !Command::new(&cargo).args(args).status()?.success() {
            bail!("cargo {} failed", args.join(" "));
        }
    }
    Ok(())
}

/// The command lines of the four clients, by key.
struct Clients {
    studio: PathBuf,
    executor: PathBuf,
    floor: PathBuf,
    python: PathBuf,
    sql_client: Option<crate::sql_client_bench::SqlClient>,
    gateway: String,
}

impl Clients {
    fn studio(&self, rows: u64) -> Vec<String> {
        let mut sql = setup_statements(rows).join(";\n");
        sql.push_str(";\n");
        sql.push_str(QUERY);
        sql.push(';');
        vec![
            self.studio.display().to_string(),
            "sql".into(),
            "--gateway-url".into(),
            self.gateway.clone(),
            "-o".into(),
            "json".into(),
            "--sql".into(),
            sql,
        ]
    }

    fn python(&self, rows: u64) -> Vec<String> {
        let mut cmd = vec![
            "python3".to_owned(),
            self.python.display().to_string(),
            self.gateway.clone(),
            QUERY.to_owned(),
        ];
        cmd.extend(setup_statements(rows));
        cmd
    }

    fn floor(&self, rows: u64) -> Vec<String> {
        let mut cmd = vec![
            self.floor.display().to_string(),
            self.gateway.clone(),
            QUERY.to_owned(),
        ];
        cmd.extend(setup_statements(rows));
        cmd
    }
}

/// Runs the whole benchmark; returns the Markdown section.
pub fn run(opts: &Options) -> Result<String> {
    let env = gateway_env()?;
    let gateway = var(&env, "STUDIO_GATEWAY_URL")?;
    let flink_rest = var(&env, "STUDIO_FLINK_REST_URL").ok();
    let flink_version = var(&env, "STUDIO_FLINK_VERSION").unwrap_or_else(|_| "2.0.0".into());
    build()?;
    let repo = crate::bench::repo();
    let work = crate::testbed::root().join("bench-fetch");
    std::fs::create_dir_all(&work)?;
    let sql_client = match crate::sql_client_bench::SqlClient::prepare(&flink_version, &gateway) {
        Ok(c) => Some(c),
        Err(err) => {
            eprintln!("bench: the SQL Client case is skipped: {err:#}");
            None
        }
    };
    let clients = Clients {
        studio: repo.join("target/release/studio"),
        executor: repo.join("target/release/flink-sql-executor"),
        floor: repo.join("target/release/examples/fetch_pages"),
        python: repo.join("xtask/bench/fetch_results.py"),
        sql_client,
        gateway: gateway.clone(),
    };
    let rows = opts.rows;
    let mut cases = vec![
        Case {
            key: "studio",
            name: "(a) `studio sql -o json`".into(),
            runs: vec![],
        },
        Case {
            key: "sql_client",
            name: format!("(b) Flink SQL Client {flink_version}, gateway mode, `-f`, tableau"),
            runs: vec![],
        },
        Case {
            key: "python",
            name: "(c) Python `requests` loop printing JSON lines".into(),
            runs: vec![],
        },
        Case {
            key: "floor",
            name: "(d) floor: Rust loop fetching pages, no decoding".into(),
            runs: vec![],
        },
    ];
    let result = (|| -> Result<()> {
        for rep in 0..opts.reps {
            for case in &mut cases {
                let cmd = match case.key {
                    "studio" => clients.studio(rows),
                    "python" => clients.python(rows),
                    "floor" => clients.floor(rows),
                    _ => match &clients.sql_client {
                        Some(c) => c.fetch_command(&setup_statements(rows), QUERY, &work)?,
                        None => continue,
                    },
                };
                let log = work.join(format!("{}-{rep}.log", case.key));
                let run = measure(&case.name, &cmd, &log)?;
                eprintln!(
                    "bench: {} run {}: {:.1} s wall, {:.2} s CPU, {:.0} MB",
                    case.key,
                    rep + 1,
                    run.wall,
                    run.cpu,
                    run.rss_mb
                );
                case.runs.push(run);
            }
        }
        Ok(())
    })();
    if result.is_err()
        && let Some(flink) = &flink_rest
    {
        cancel_leftovers(&clients.python, flink);
    }
    result?;

    // Memory: studio streaming 10 N rows once.
    let big = rows * 10;
    let big_run = measure(
        "studio sql -o json (10 N rows)",
        &clients.studio(big),
        &work.join("studio-10n.log"),
    );
    if big_run.is_err()
        && let Some(flink) = &flink_rest
    {
        cancel_leftovers(&clients.python, flink);
    }
    let big_run = big_run?;
    eprintln!(
        "bench: studio at {big} rows: {:.1} s wall, {:.0} MB",
        big_run.wall, big_run.rss_mb
    );

    // Start-up.
    let mut startup: Vec<(String, Case)> = vec![];
    let mut add_startup = |name: &str, cmd: Vec<String>| -> Result<()> {
        let mut case = Case {
            key: "startup",
            name: name.to_owned(),
            runs: vec![],
        };
        for i in 0..10 {
            case.runs
                .push(measure(name, &cmd, &work.join(format!("startup-{i}.log")))?);
        }
        startup.push((name.to_owned(), case));
        Ok(())
    };
    add_startup(
        "`studio --version`",
        vec![clients.studio.display().to_string(), "--version".into()],
    )?;
    add_startup(
        "`flink-sql-executor --help`",
        vec![clients.executor.display().to_string(), "--help".into()],
    )?;
    add_startup(
        "Python client (`python3 -c 'import requests'`)",
        vec!["python3".into(), "-c".into(), "import requests".into()],
    )?;
    if let Some(c) = &clients.sql_client {
        add_startup(
            "Flink SQL Client (an empty script, gateway mode)",
            c.startup_command(&work)?,
        )?;
    }

    // Criterion decoding micro-benchmarks.
    let decode = criterion_decode()?;

    // Report.
    let median = |key: &str, f: fn(&Case) -> (f64, f64, f64)| {
        cases
            .iter()
            .find(|c| c.key == key && !c.runs.is_empty())
            .map(|c| f(c).0)
    };
    let ratio =
        |a: &str, b: &str, f: fn(&Case) -> (f64, f64, f64)| match (median(a, f), median(b, f)) {
            (Some(x), Some(y)) if y > 0.0 => json!(x / y),
            _ => Value::Null,
        };
    let ratios = json!({
        "studio/sql_client": {"wall": ratio("studio", "sql_client", Case::wall), "cpu": ratio("studio", "sql_client", Case::cpu)},
        "studio/python": {"wall": ratio("studio", "python", Case::wall), "cpu": ratio("studio", "python", Case::cpu)},
        "studio/floor": {"wall": ratio("studio", "floor", Case::wall), "cpu": ratio("studio", "floor", Case::cpu)},
    });
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let figures = json!({
        "rows": rows,
        "columns": 6,
        "repetitions": opts.reps,
        "flink_version": flink_version,
        "load_average_after": load,
        "fetch": cases.iter().filter(|c| !c.runs.is_empty()).map(|c| (c.key.to_owned(), c.to_json())).collect::<serde_json::Map<_, _>>(),
        "ratios": ratios,
        "studio_memory": {
            "rows": rows, "peak_rss_mb": median("studio", Case::rss),
            "rows_10x": big, "peak_rss_mb_10x": big_run.rss_mb, "wall_s_10x": big_run.wall,
        },
        "startup": startup.iter().map(|(n, c)| (n.clone(), c.to_json())).collect::<serde_json::Map<_, _>>(),
        "decode": decode,
    });
    if let Some(path) = &opts.json {
        std::fs::write(path, serde_json::to_string_pretty(&figures)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let table = markdown(&cases, &startup, &figures, rows, big, &big_run, opts.reps);
    write_docs(&repo.join("docs/benchmarks.md"), &table)?;
    Ok(table)
}

fn cancel_leftovers(python: &Path, flink: &str) {
    let _ = Command::new("python3")
        .arg(python)
        .args(["--cancel", flink, JOB_NAME])
        .status();
}

/// Runs the criterion decoding benchmarks and reads their estimates.
fn criterion_decode() -> Result<Value> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let ok = Command::new(&cargo)
        .args([
            "bench",
            "-q",
            "-p",
            "sql-gateway-client",
            "--bench",
            "decode",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            "3",
        ])
        .stdout(Stdio::null())
        .status()?
        .success();
    if !ok {
        bail!("cargo bench -p sql-gateway-client --bench decode failed");
    }
    let dir = crate::bench::repo().join("target/criterion/decode_page_10_columns");
    let mut out = serde_json::Map::new();
    for format in ["JSON", "PLAIN_TEXT"] {
        let path = dir.join(format).join("new/estimates.json");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let v: Value = serde_json::from_str(&text)?;
        let ns = v["median"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
        out.insert(
            format.to_owned(),
            json!({"page_ms": ns / 1e6, "rows_per_s": 1000.0 / (ns / 1e9)}),
        );
    }
    Ok(Value::Object(out))
}

fn markdown(
    cases: &[Case],
    startup: &[(String, Case)],
    figures: &Value,
    rows: u64,
    big: u64,
    big_run: &Run,
    reps: usize,
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Fetching `SELECT *` of a bounded `datagen` table, {rows} rows × 6 columns (BIGINT, \
         STRING(10), DOUBLE, INT, BOOLEAN, TIMESTAMP(3)), from the local gateway; median (min–max) \
         of {reps} runs; output to /dev/null; CPU is user + sys of the client process \
         (`getrusage` of the waited child). Load average after the run: {}.\n",
        figures["load_average_after"].as_str().unwrap_or("?")
    );
    md.push_str("| client | wall | client CPU | peak RSS |\n|---|---|---|---|\n");
    let fmt = |(med, min, max): (f64, f64, f64), unit: &str, digits: usize| {
        format!("{med:.digits$} {unit} ({min:.digits$}–{max:.digits$})")
    };
    for c in cases.iter().filter(|c| !c.runs.is_empty()) {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            c.name,
            fmt(c.wall(), "s", 1),
            fmt(c.cpu(), "s", 2),
            fmt(c.rss(), "MB", 0)
        );
    }
    let r = &figures["ratios"];
    let show = |v: &Value| v.as_f64().map_or("n/a".to_owned(), |x| format!("{x:.2}"));
    let _ = writeln!(
        md,
        "\nRatios of medians (wall / CPU): studio / SQL Client {} / {}; studio / Python {} / {}; studio / floor {} / {}.\n",
        show(&r["studio/sql_client"]["wall"]),
        show(&r["studio/sql_client"]["cpu"]),
        show(&r["studio/python"]["wall"]),
        show(&r["studio/python"]["cpu"]),
        show(&r["studio/floor"]["wall"]),
        show(&r["studio/floor"]["cpu"]),
    );
    let _ = writeln!(
        md,
        "Memory: `studio sql -o json` peaks at {} MB streaming {rows} rows and {:.0} MB streaming {big} rows ({:.0} s).\n",
        show(&figures["studio_memory"]["peak_rss_mb"]),
        big_run.rss_mb,
        big_run.wall
    );
    md.push_str("| start-up | median | min | max |\n|---|---|---|---|\n");
    for (name, c) in startup {
        let (med, min, max) = c.wall();
        let _ = writeln!(
            md,
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms |",
            med * 1e3,
            min * 1e3,
            max * 1e3
        );
    }
    let d = &figures["decode"];
    let _ = writeln!(
        md,
        "\nDecoding a 1,000-row, 10-column page (criterion, `cargo bench -p sql-gateway-client --bench decode`): JSON {:.2} ms ({:.0} rows/s), PLAIN_TEXT {:.2} ms ({:.0} rows/s).",
        d["JSON"]["page_ms"].as_f64().unwrap_or(f64::NAN),
        d["JSON"]["rows_per_s"].as_f64().unwrap_or(f64::NAN),
        d["PLAIN_TEXT"]["page_ms"].as_f64().unwrap_or(f64::NAN),
        d["PLAIN_TEXT"]["rows_per_s"].as_f64().unwrap_or(f64::NAN),
    );
    md
}

const START: &str = "<!-- fetch-bench:start -->";
const END: &str = "<!-- fetch-bench:end -->";

/// Replaces (or appends) the fetch section of docs/benchmarks.md, keeping the rest.
fn write_docs(path: &Path, table: &str) -> Result<()> {
    let doc = std::fs::read_to_string(path).unwrap_or_else(|_| "# Benchmarks\n".into());
    let section = format!(
        "{START}\n## Result fetching against the peers (`cargo xtask bench`)\n\n{table}{END}"
    );
    let new = match (doc.find(START), doc.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{section}{}", &doc[..a], &doc[b + END.len()..]),
        _ => format!("{}\n{section}\n", doc.trim_end()),
    };
    std::fs::write(path, new).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
