//! Hooks for watching a run as it happens, e.g. to draw a live view of a query's result.
//!
//! The engine calls a [`RunObserver`] at a few points: a statement starts, a page of
//! changes arrives (rows already masked), a statement's result ends. Without an observer
//! (the default) nothing changes in what a run writes.
use std::fmt;
use std::sync::Arc;

use sql_gateway_client::{JobId, Row, RowKind};

use crate::mask::Masker;
use crate::plan::PlannedStatement;
use crate::render::Cells;

/// One change of a page, its values as text (as table output shows them), masked.
pub type TextRow = (RowKind, Vec<String>);

/// One page of a result as received from the gateway.
#[derive(Debug, Clone, Copy)]
pub struct PageEvent<'a> {
    /// Column names.
    pub columns: &'a [String],
    /// The changes of this page, as text, masked like everything the run writes.
    pub rows: &'a [TextRow],
    /// The job computing the result, once the gateway has said.
    pub job_id: Option<&'a JobId>,
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

    /// Passes a page on as masked text. Only a run with an observer pays for the text.
    pub(crate) fn page(
        &self,
        masker: &Masker,
        columns: &[String],
        cells: &Cells,
        rows: &[Row],
        job_id: Option<&JobId>,
        is_query: bool,
    ) {
        let rows: Vec<TextRow> = rows
            .iter()
            .map(|row| {
                let texts = cells
                    .texts(&row.fields)
                    .into_iter()
                    .map(|t| masker.mask(&t).into_owned())
                    .collect();
                (row.kind, texts)
            })
            .collect();
        self.0.page(PageEvent {
            columns,
            rows: &rows,
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
                seen.extend(cells.iter().cloned());
            }
        }
    }

    #[test]
    fn pages_reach_the_observer_masked() {
        let seen = Arc::new(Seen::default());
        let observer = Observer::new(seen.clone());
        let masker = Masker::new(["hunter2".to_owned()]);
        let row = Row {
            kind: RowKind::Insert,
            fields: vec![sql_gateway_client::Value::String("pw=hunter2".into())],
        };
        observer.page(
            &masker,
            &["c".into()],
            &Cells::default(),
            &[row],
            None,
            true,
        );
        assert_eq!(*seen.0.lock().unwrap(), ["pw=***"]);
    }
}
