//! `/jobs/{id}/checkpoints`: statistics, configuration, state size.

use crate::client::Client;
use crate::error::Result;
use crate::models::{CheckpointConfig, CheckpointingStatistics, StateSize};
use flink_rest_core::JobId;

/// Checkpoint operations; created with [`Client::checkpoints`].
#[derive(Debug, Clone, Copy)]
pub struct CheckpointsHandler<'c> {
    client: &'c Client,
}

impl<'c> CheckpointsHandler<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /jobs/{id}/checkpoints`: counts, summary, latest checkpoints and history.
    ///
    /// The server caches these statistics (`rest.cache.checkpoint-statistics.timeout`, by default
    /// the web refresh interval of 3 s), so a just-finished checkpoint may show up late.
    pub async fn stats(&self, job: &JobId) -> Result<CheckpointingStatistics> {
        self.client
            .get(&["jobs", job.as_str(), "checkpoints"], &[])
            .await
    }

    /// `GET /jobs/{id}/checkpoints/config`: interval, mode, state backend, storage.
    pub async fn config(&self, job: &JobId) -> Result<CheckpointConfig> {
        self.client
            .get(&["jobs", job.as_str(), "checkpoints", "config"], &[])
            .await
    }

    /// State size from the latest completed checkpoint; `None` if there is none yet
    /// (checkpointing disabled, or the first checkpoint has not completed).
    ///
    /// ```no_run
    /// # async fn run() -> flink_rest::Result<()> {
    /// use flink_rest::{Client, JobStatus};
    /// let client = Client::new("http://127.0.0.1:8081")?;
    /// for job in client.jobs().list().await? {
    ///     if job.state != JobStatus::Running { continue; }
    ///     match client.checkpoints().state_size(&job.jid).await? {
    ///         Some(s) => println!("{}: {} bytes (checkpoint {})", job.name, s.state_size, s.checkpoint_id),
    ///         None => println!("{}: no completed checkpoint", job.name),
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn state_size(&self, job: &JobId) -> Result<Option<StateSize>> {
        let stats = self.stats(job).await?;
        Ok(StateSize::from_stats(job.clone(), &stats))
    }
}
