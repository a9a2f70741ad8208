//! Progress reports for long steps (downloads, waits), rendered by the caller.

/// Receives progress reports. The library never prints; a CLI renders these.
pub trait Progress: Send + Sync {
    /// A long step begins (a download, a health wait).
    fn begin(&self, step: &str);
    /// The step that began last has finished.
    fn finish(&self, step: &str, outcome: &str);
}

/// Ignores all reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _step: &str) {}
    fn finish(&self, _step: &str, _outcome: &str) {}
}
