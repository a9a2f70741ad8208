//! Health checks and bounded waits.

use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::ports;

/// `GET /overview`, decoded with flink-rest's model so the two crates agree on its shape.
pub use flink_rest::ClusterOverview;

/// How often health is polled while waiting.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The health of one component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// It answers as expected.
    Healthy(String),
    /// It is not (yet) answering as expected.
    Unhealthy(String),
}

pub(crate) fn http_client() -> reqwest::Client {
    // Health checks must not go through a proxy configured for the internet.
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// `GET /overview` on the JobManager; healthy once at least `taskmanagers` are registered.
pub(crate) async fn jobmanager(client: &reqwest::Client, port: u16, taskmanagers: u8) -> Health {
    let url = format!("http://127.0.0.1:{port}/overview");
    match get_json::<ClusterOverview>(client, &url).await {
        Ok(o) if o.taskmanagers >= u32::from(taskmanagers) => Health::Healthy(format!(
            "Flink {}, {} TaskManager(s), {}/{} slots free",
            o.flink_version, o.taskmanagers, o.slots_available, o.slots_total
        )),
        Ok(o) => Health::Unhealthy(format!(
            "{} of {taskmanagers} TaskManager(s) registered",
            o.taskmanagers
        )),
        Err(e) => Health::Unhealthy(e),
    }
}

/// `GET /v1/info` on a SQL Gateway.
pub(crate) async fn gateway(client: &reqwest::Client, port: u16) -> Health {
    #[derive(Deserialize)]
    struct Info {
        #[serde(rename = "productName")]
        product_name: String,
        version: String,
    }
    let url = format!("http://127.0.0.1:{port}/v1/info");
    match get_json::<Info>(client, &url).await {
        Ok(info) => Health::Healthy(format!("{} {}", info.product_name, info.version)),
        Err(e) => Health::Unhealthy(e),
    }
}

/// The Kafka listener accepts connections.
pub(crate) fn kafka(port: u16) -> Health {
    if ports::is_listening(port) {
        Health::Healthy(format!("listening on 127.0.0.1:{port}"))
    } else {
        Health::Unhealthy(format!("nothing listens on 127.0.0.1:{port}"))
    }
}

async fn get_json<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    url: &str,
) -> Result<T, String> {
    let resp = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!("GET {url}: HTTP {status}"));
    }
    resp.json::<T>()
        .await
        .map_err(|e| format!("GET {url}: unexpected body: {e}"))
}

/// A deadline for a wait, measured from its creation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    start: Instant,
    limit: Duration,
}

impl Deadline {
    pub(crate) fn after(limit: Duration) -> Self {
        Self {
            start: Instant::now(),
            limit,
        }
    }

    pub(crate) fn passed(&self) -> bool {
        self.start.elapsed() >= self.limit
    }

    pub(crate) fn waited_secs(&self) -> u64 {
        self.start.elapsed().as_secs()
    }
}
