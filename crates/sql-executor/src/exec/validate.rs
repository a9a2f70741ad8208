//! `--validate`: checking statements without starting jobs.
use super::{Engine, Step, interrupted, strip_execute};
use crate::classify::StatementKind;
use crate::exit::ExitStatus;
use crate::gateway::Connection;
use crate::plan::PlannedStatement;
use crate::report::Outcome;

impl Engine<'_> {
    /// `--validate`: run what only changes the session, `EXPLAIN` what would start a job.
    pub(super) async fn validate(&mut self, conn: &Connection, stmt: &PlannedStatement) -> Step {
        if let Some(step) = self.skip_empty_set(stmt) {
            return step;
        }
        let sql = stmt.sql();
        let explain = match stmt.kind {
            StatementKind::Insert | StatementKind::Query => {
                Some(format!("EXPLAIN {}", strip_execute(sql)))
            }
            StatementKind::StatementSet => Some(format!("EXPLAIN {}", strip_execute(sql))),
            StatementKind::Ddl if stmt.creates_job => Some(format!("EXPLAIN {sql}")),
            StatementKind::Set
            | StatementKind::Reset
            | StatementKind::Use
            | StatementKind::Ddl
            | StatementKind::Explain
            | StatementKind::Show => None,
            StatementKind::Other => {
                self.note("  not validated (not a DDL, DML or query)");
                return Step {
                    outcome: Outcome::NotValidated,
                    job_id: None,
                    rows: None,
                    status: ExitStatus::Success,
                };
            }
        };
        let text = explain.as_deref().unwrap_or(sql);
        let op = match or_interrupt!(self, conn.submit(text)) {
            None => return interrupted(),
            Some(Err(err)) => return self.failed(stmt, &err),
            Some(Ok(op)) => op,
        };
        // Drain quietly: validation prints no result rows.
        let step = loop {
            match or_interrupt!(self, op.next_page()) {
                None => {
                    self.cancel(conn, &op, None).await;
                    break interrupted();
                }
                Some(Err(err)) => break self.failed(stmt, &err),
                Some(Ok(None)) => break Step::ok(None, None),
                Some(Ok(Some(_))) => {}
            }
        };
        let _ = tokio::time::timeout(self.options.cleanup_timeout, op.close()).await;
        if step.outcome == Outcome::Ok {
            self.note(if explain.is_some() {
                "  valid (explained)"
            } else {
                "  ok"
            });
        }
        step
    }
}
