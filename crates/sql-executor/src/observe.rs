//! Hooks for watching a run as it happens, e.g. to draw a live view of a query's result.
//!
//! The engine calls a [`RunObserver`] at a few points: a statement starts, a page of
//! changes arrives (rows already masked), a statement's result ends. Without an observer
//! (the default) nothing changes in what a run writes.
use std::fmt;
use std::sync::Arc;

use crate::mask::Masker;
use crate::plan::PlannedStatement;
use crate::render::{Cell, RowKind};

/// One page of a result as received from the gateway.
#[derive(Debug, Clone, Copy)]
pub struct PageEvent<'a> {
    /// Column names.
    pub columns: &'a [String],
    /// The changes of this page, masked like everything the run writes.
    pub rows: &'a [(RowKind, Vec<Cell>)],
    /// The job computing the result, once the gateway has said.
    pub job_id: Option<&'a str>,
    /// Whether this is a query result (a changelog) rather than, say, `SHOW TABLES`.
    pub is_query: bool,
}

/// Receives a run's events on the engine's task: implementations return quickly and never
/// write to the run's `out` while a result is being read.
pub trait RunObserver: Send + Sync {
    /// A statement is about to be submitted.
    fn statement_started(&self, statement: &PlannedStatement) {
        let _ = statement;
    }

    /// A page of results arrived (before its rows are written to `out`).
    fn page(&self, page: PageEvent<'_>) {
        let _ = page;
    }

    /// The statement's result ended (also on errors and interrupts), before its
    /// final output (the materialized table) is written. May be called more than once.
    fn statement_finished(&self) {}
}

/// A shareable [`RunObserver`] for [`RunOptions::observer`](crate::RunOptions::observer).
#[derive(Clone)]
pub struct Observer(Arc<dyn RunObserver>);

impl Observer {
    /// Wraps an observer.
    pub fn new(observer: Arc<dyn RunObserver>) -> Self {
        Self(observer)
    }

    pub(crate) fn started(&self, statement: &PlannedStatement) {
        self.0.statement_started(statement);
    }

    pub(crate) fn finished(&self) {
        self.0.statement_finished();
    }

    /// Passes a page on, masked.
    pub(crate) fn page(
        &self,
        masker: &Masker,
        columns: &[String],
        rows: &[(RowKind, Vec<Cell>)],
        job_id: Option<&str>,
        is_query: bool,
    ) {
        let masked: Vec<(RowKind, Vec<Cell>)>;
        let rows = if masker.is_empty() {
            rows
        } else {
            masked = rows
                .iter()
                .map(|(kind, cells)| {
                    let cells = cells
                        .iter()
                        .map(|c| Cell {
                            text: masker.mask(&c.text).into_owned(),
                            json: masker.mask(&c.json).into_owned(),
                        })
                        .collect();
                    (*kind, cells)
                })
                .collect();
            &masked
        };
        self.0.page(PageEvent {
            columns,
            rows,
            job_id,
            is_query,
        });
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Seen(Mutex<Vec<String>>);

    impl RunObserver for Seen {
        fn page(&self, page: PageEvent<'_>) {
            let mut seen = self.0.lock().unwrap();
            for (_, cells) in page.rows {
                seen.extend(cells.iter().map(|c| c.text.clone()));
            }
        }
    }

    #[test]
    fn pages_reach_the_observer_masked() {
        let seen = Arc::new(Seen::default());
        let observer = Observer::new(seen.clone());
        let masker = Masker::new(["hunter2".to_owned()]);
        let cell = Cell {
            text: "pw=hunter2".into(),
            json: "\"pw=hunter2\"".into(),
        };
        observer.page(
            &masker,
            &["c".into()],
            &[(RowKind::Insert, vec![cell])],
            None,
            true,
        );
        assert_eq!(*seen.0.lock().unwrap(), ["pw=***"]);
    }
}
