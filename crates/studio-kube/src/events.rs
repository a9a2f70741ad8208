//! Recent Warning events of a namespace: what a timeout or `status` shows.

use k8s_openapi::api::core::v1::Event;
use kube::api::ListParams;
use serde::Serialize;

use crate::error::Result;
use crate::target::Target;

/// One Warning event, as `kubectl get events` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `Kind/name` of the object the event is about.
    pub object: String,
    /// The event's reason, e.g. `FailedCreate`.
    pub reason: String,
    /// The event's message.
    pub message: String,
    /// How many times it happened.
    pub count: i32,
    /// When it last happened (RFC 3339), if known.
    pub last_seen: Option<String>,
}

/// The most recent Warning events in `namespace`, newest last, at most `limit`.
///
/// # Errors
///
/// The API error (e.g. a missing `list events` permission).
pub async fn recent_warnings(
    target: &Target,
    namespace: &str,
    limit: usize,
) -> Result<Vec<Warning>> {
    let api: kube::Api<Event> = kube::Api::namespaced(target.client.clone(), namespace);
    let list = api
        .list(&ListParams::default().fields("type=Warning"))
        .await
        .map_err(|err| target.error(err, "listing events", "Event", namespace))?;
    let mut warnings: Vec<(String, Warning)> = list
        .items
        .into_iter()
        .map(|event| {
            let when = event
                .last_timestamp
                .as_ref()
                .map(|t| t.0.to_string())
                .or_else(|| event.event_time.as_ref().map(|t| t.0.to_string()))
                .unwrap_or_default();
            let object = format!(
                "{}/{}",
                event.involved_object.kind.unwrap_or_default(),
                event.involved_object.name.unwrap_or_default()
            );
            (
                when.clone(),
                Warning {
                    object,
                    reason: event.reason.unwrap_or_default(),
                    message: event.message.unwrap_or_default(),
                    count: event.count.unwrap_or(1),
                    last_seen: (!when.is_empty()).then_some(when),
                },
            )
        })
        .collect();
    warnings.sort_by(|a, b| a.0.cmp(&b.0));
    let skip = warnings.len().saturating_sub(limit);
    Ok(warnings.into_iter().skip(skip).map(|(_, w)| w).collect())
}
