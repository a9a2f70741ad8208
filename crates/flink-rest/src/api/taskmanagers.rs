//! `/taskmanagers`: list and details.

use crate::client::Client;
use crate::error::Result;
use crate::models::{TaskManagerDetails, TaskManagerInfo, TaskManagersBody};

/// TaskManager operations; created with [`Client::taskmanagers`].
#[derive(Debug, Clone, Copy)]
pub struct TaskManagersHandler<'c> {
    client: &'c Client,
}

impl<'c> TaskManagersHandler<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /taskmanagers`: registered TaskManagers with slot counts and resources.
    ///
    /// ```no_run
    /// # async fn run() -> flink_rest::Result<()> {
    /// let client = flink_rest::Client::new("http://127.0.0.1:8081")?;
    /// for tm in client.taskmanagers().list().await? {
    ///     println!("{}: {}/{} slots free", tm.id, tm.free_slots, tm.slots_number);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self) -> Result<Vec<TaskManagerInfo>> {
        let body: TaskManagersBody = self.client.get(&["taskmanagers"], &[]).await?;
        Ok(body.taskmanagers)
    }

    /// `GET /taskmanagers/{id}`: details including allocated slots and JVM metrics.
    /// `id` is [`TaskManagerInfo::id`] as listed.
    pub async fn get(&self, id: &str) -> Result<TaskManagerDetails> {
        self.client.get(&["taskmanagers", id], &[]).await
    }
}
