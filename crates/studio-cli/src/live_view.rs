//! The live result view on a terminal: a spinner while a query waits for its job and first
//! page, then (for `-o table`) the materialized table redrawn in place at a bounded rate,
//! with a status line. It steps aside before the executor prints the final result, so what
//! stays on screen is what scripts get. Only used when stdout is a terminal.
use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use sql_executor::{
    Masker, Observer, OutputFormat, PageEvent, PlannedStatement, RowKind, RunObserver,
    StatementKind,
};

/// How often the view is redrawn at most.
const REFRESH: Duration = Duration::from_millis(200);
const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/// Marks a cell or line cut at the terminal's width.
const CUT: &str = "…";

/// A [`RunObserver`] that draws on the terminal (stdout).
pub struct LiveView {
    format: OutputFormat,
    /// Masks more than the run's own secrets (the shell's, for literals typed in).
    masker: Masker,
    state: Arc<Mutex<State>>,
    drawer: Mutex<Option<JoinHandle<()>>>,
}

#[derive(Default)]
struct State {
    active: bool,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    changes: u64,
    job: Option<sql_gateway_client::JobId>,
    started: Option<Instant>,
    /// Lines drawn last time, to move back over them.
    drawn: usize,
    tick: usize,
}

impl LiveView {
    /// A live view for this output format, or `None` when it has nothing to draw for it
    /// (JSON, CSV) or stdout is not a terminal. `masker` masks what it draws, on top of the
    /// masking the executor does.
    pub fn for_output(format: OutputFormat, masker: Masker) -> Option<Observer> {
        use std::io::IsTerminal;
        let draws = matches!(format, OutputFormat::Table | OutputFormat::Changelog);
        (draws && std::io::stdout().is_terminal()).then(|| {
            Observer::new(Arc::new(Self {
                format,
                masker,
                state: Arc::new(Mutex::new(State::default())),
                drawer: Mutex::new(None),
            }))
        })
    }

    fn stop(&self) {
        {
            let mut state = lock(&self.state);
            if !state.active {
                return;
            }
            state.active = false;
            clear(&mut state);
        }
        if let Some(handle) = lock(&self.drawer).take() {
            let _ = handle.join();
        }
    }
}

impl RunObserver for LiveView {
    fn statement_started(&self, statement: &PlannedStatement) {
        self.stop();
        if statement.kind != StatementKind::Query {
            return;
        }
        *lock(&self.state) = State {
            active: true,
            started: Some(Instant::now()),
            ..State::default()
        };
        let state = Arc::clone(&self.state);
        let format = self.format;
        let handle = std::thread::spawn(move || {
            loop {
                {
                    let mut state = lock(&state);
                    if !state.active {
                        return;
                    }
                    draw(&mut state, format);
                }
                std::thread::sleep(REFRESH);
            }
        });
        *lock(&self.drawer) = Some(handle);
    }

    fn page(&self, page: PageEvent<'_>) {
        let stop = {
            let mut state = lock(&self.state);
            if !state.active {
                return;
            }
            if state.job.is_none() {
                state.job = page.job_id.cloned();
            }
            if state.columns.is_empty() {
                state.columns = page.columns.to_vec();
            }
            state.changes += page.rows.len() as u64;
            if self.format == OutputFormat::Table {
                for (kind, cells) in page.rows {
                    if self.masker.is_empty() {
                        apply_change(&mut state.rows, *kind, cells);
                    } else {
                        let masked: Vec<String> = cells
                            .iter()
                            .map(|c| self.masker.mask(c).into_owned())
                            .collect();
                        apply_change(&mut state.rows, *kind, &masked);
                    }
                }
            }
            // A changelog streams row by row from the executor: the spinner steps aside.
            self.format == OutputFormat::Changelog && !page.rows.is_empty()
        };
        if stop {
            self.stop();
        }
    }

    fn statement_finished(&self) {
        self.stop();
    }
}

impl Drop for LiveView {
    fn drop(&mut self) {
        self.stop();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Moves back over the last drawing and clears it.
fn clear(state: &mut State) {
    if state.drawn == 0 {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = write!(out, "\r\x1b[{}A\x1b[J", state.drawn);
    let _ = out.flush();
    state.drawn = 0;
}

fn draw(state: &mut State, format: OutputFormat) {
    let (height, width) = console::Term::stdout().size();
    let lines = frame(state, format, usize::from(width), usize::from(height));
    let mut text = String::new();
    if state.drawn > 0 {
        text.push_str(&format!("\r\x1b[{}A\x1b[J", state.drawn));
    }
    for line in &lines {
        text.push_str(line);
        text.push('\n');
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    state.drawn = lines.len();
    state.tick += 1;
}

/// The lines of one frame, each narrower than the terminal so none wraps.
fn frame(state: &State, format: OutputFormat, width: usize, height: usize) -> Vec<String> {
    let width = width.saturating_sub(1).max(20);
    let spinner = SPINNER[state.tick % SPINNER.len()];
    let elapsed = state.started.map(|s| s.elapsed()).unwrap_or_default();
    let elapsed = format!("{:.1}s", elapsed.as_secs_f64());
    let job = state
        .job
        .as_ref()
        .map(|j| format!(" · job {j}"))
        .unwrap_or_default();
    let mut lines = Vec::new();
    if state.columns.is_empty() || format != OutputFormat::Table {
        let waiting = if state.job.is_none() {
            "waiting for the job and its first results"
        } else {
            "waiting for the first results"
        };
        lines.push(fit(
            &format!("{spinner} {waiting} · {elapsed}{job} · Ctrl-C to stop"),
            width,
        ));
        return lines;
    }
    // Room for the header, its rule, a "more rows" line and the status line.
    let room = height.saturating_sub(5).max(1);
    let shown = &state.rows[..state.rows.len().min(room)];
    lines.extend(table_lines(&state.columns, shown, width));
    if state.rows.len() > shown.len() {
        lines.push(format!(
            "{CUT} {} more rows",
            state.rows.len() - shown.len()
        ));
    }
    let n = state.rows.len();
    lines.push(fit(
        &format!(
            "{spinner} {n} row{} · {} changes · {elapsed}{job} · Ctrl-C to stop",
            if n == 1 { "" } else { "s" },
            state.changes
        ),
        width,
    ));
    lines
}

/// A markdown-style table like the final one, cut to `width` with a marker.
/// Applies one change to the screen's copy of the table: an addition appends, a retraction
/// removes the last equal row (the screen holds what fits, so a scan is cheap enough).
fn apply_change(rows: &mut Vec<Vec<String>>, kind: RowKind, cells: &[String]) {
    if matches!(kind, RowKind::Insert | RowKind::UpdateAfter) {
        rows.push(cells.to_vec());
    } else if let Some(i) = rows.iter().rposition(|r| r.as_slice() == cells) {
        rows.remove(i);
    }
}

fn table_lines(columns: &[String], rows: &[Vec<String>], width: usize) -> Vec<String> {
    let text = |c: &String| c.replace(['\n', '\r'], " ");
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|c| console::measure_text_width(c))
        .collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(console::measure_text_width(&text(cell)));
            }
        }
    }
    let line = |cells: Vec<String>| {
        let mut s = String::from("|");
        for (cell, w) in cells.iter().zip(&widths) {
            s.push(' ');
            s.push_str(&console::pad_str(cell, *w, console::Alignment::Left, None));
            s.push_str(" |");
        }
        fit(&s, width)
    };
    let mut out = vec![line(columns.to_vec())];
    let mut rule = String::from("|");
    for w in &widths {
        rule.push_str(&"-".repeat(w + 2));
        rule.push('|');
    }
    out.push(fit(&rule, width));
    out.extend(rows.iter().map(|r| line(r.iter().map(text).collect())));
    out
}

/// Cuts `s` to `width` columns, ending with [`CUT`] when cut.
fn fit(s: &str, width: usize) -> String {
    console::truncate_str(s, width, CUT).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> String {
        s.to_owned()
    }

    #[test]
    fn retractions_remove_the_row_they_retract() {
        let mut rows = Vec::new();
        apply_change(&mut rows, RowKind::Insert, &[cell("a"), cell("1")]);
        apply_change(&mut rows, RowKind::Insert, &[cell("b"), cell("1")]);
        apply_change(&mut rows, RowKind::UpdateBefore, &[cell("a"), cell("1")]);
        apply_change(&mut rows, RowKind::UpdateAfter, &[cell("a"), cell("2")]);
        apply_change(&mut rows, RowKind::Delete, &[cell("b"), cell("1")]);
        assert_eq!(rows, [vec![cell("a"), cell("2")]]);
    }

    #[test]
    fn a_frame_shows_the_table_and_a_status_line() {
        let state = State {
            active: true,
            columns: vec!["k".into(), "cnt".into()],
            rows: vec![vec![cell("a"), cell("10")], vec![cell("b"), cell("7")]],
            changes: 25,
            job: Some(sql_gateway_client::JobId::new("abcabcabcabcabcabcabcabcabcabcab").unwrap()),
            started: Some(Instant::now()),
            ..State::default()
        };
        let lines = frame(&state, OutputFormat::Table, 120, 24);
        assert_eq!(lines[0], "| k | cnt |");
        assert_eq!(lines[1], "|---|-----|");
        assert_eq!(lines[2], "| a | 10  |");
        assert!(lines[4].contains("2 rows · 25 changes"), "{lines:?}");
        assert!(
            lines[4].contains("job abcabcabcabcabcabcabcabcabcabcab · Ctrl-C to stop"),
            "{lines:?}"
        );
    }

    #[test]
    fn wide_tables_are_cut_with_a_marker_and_long_results_say_how_many_more() {
        let rows: Vec<Vec<String>> = (0..30)
            .map(|i| vec![cell(&"x".repeat(100)), cell(&i.to_string())])
            .collect();
        let state = State {
            active: true,
            columns: vec!["wide".into(), "n".into()],
            rows,
            started: Some(Instant::now()),
            ..State::default()
        };
        let lines = frame(&state, OutputFormat::Table, 40, 12);
        assert!(
            lines.iter().all(|l| console::measure_text_width(l) <= 39),
            "{lines:?}"
        );
        assert!(lines[2].ends_with(CUT), "{lines:?}");
        assert_eq!(lines[lines.len() - 2], "… 23 more rows");
    }

    #[test]
    fn before_the_first_page_a_spinner_waits() {
        let state = State {
            active: true,
            started: Some(Instant::now()),
            ..State::default()
        };
        let lines = frame(&state, OutputFormat::Table, 80, 24);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].contains("waiting for the job and its first results"));
    }
}
