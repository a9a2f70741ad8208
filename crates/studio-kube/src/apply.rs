//! Server-side apply of a set of objects, stage by stage, with a per-object outcome.

use futures_util::future::join_all;
use kube::api::{DynamicObject, Patch, PatchParams};
use serde::Serialize;

use crate::error::Error;
use crate::object::{KubeObject, ObjectRef};
use crate::target::Target;

/// The field manager every `studio` apply uses.
pub const FIELD_MANAGER: &str = "flink-studio";

/// What an apply did to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Outcome {
    /// The object did not exist and was created.
    Created,
    /// The object existed and changed.
    Configured,
    /// The object existed and nothing changed (same `resourceVersion`).
    Unchanged,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outcome::Created => "created",
            Outcome::Configured => "configured",
            Outcome::Unchanged => "unchanged",
        })
    }
}

/// How to apply.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApplyOptions {
    /// Field manager name.
    pub field_manager: String,
    /// Take over fields owned by other managers (`--force-conflicts`).
    pub force: bool,
}

impl ApplyOptions {
    /// The default options, forcing conflicts when `force` is set.
    pub fn forcing(force: bool) -> Self {
        ApplyOptions {
            force,
            ..ApplyOptions::default()
        }
    }
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            field_manager: FIELD_MANAGER.to_owned(),
            force: false,
        }
    }
}

/// What an apply did: every object is in exactly one of the three lists.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct ApplyReport {
    /// Objects applied, in apply order, with what happened and their new `resourceVersion`.
    pub applied: Vec<(ObjectRef, Outcome, String)>,
    /// Objects the server refused, with why.
    pub failed: Vec<(ObjectRef, Error)>,
    /// Objects not attempted because an earlier stage failed.
    pub not_applied: Vec<ObjectRef>,
}

impl ApplyReport {
    /// Whether every object was applied.
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty() && self.not_applied.is_empty()
    }

    /// Whether anything was created or changed.
    pub fn changed(&self) -> bool {
        self.applied
            .iter()
            .any(|(_, outcome, _)| *outcome != Outcome::Unchanged)
    }
}

/// Applies `objects` with server-side apply, stage by stage ([`KubeObject::stage`]); objects of
/// one stage go concurrently. When an object is refused, the rest of its stage still completes,
/// later stages are not attempted, and the report says which is which.
pub async fn apply(target: &Target, objects: &[KubeObject], options: &ApplyOptions) -> ApplyReport {
    let mut report = ApplyReport::default();
    // Read every live object at once (one round trip for all), then patch stage by stage.
    let before = join_all(objects.iter().map(|o| read_live(target, o))).await;
    // Stages order creation (a namespace before what lives in it). When every object already
    // exists there is nothing to order, and one concurrent round applies them all.
    let all_exist = before.iter().all(|live| matches!(live, Ok(Some(_))));
    let stage_of = |o: &KubeObject| if all_exist { 0 } else { o.stage() };
    let mut stages: Vec<u8> = objects.iter().map(stage_of).collect();
    stages.sort_unstable();
    stages.dedup();
    for stage in stages {
        let batch: Vec<(&KubeObject, &Result<Option<DynamicObject>, Error>)> = objects
            .iter()
            .zip(&before)
            .filter(|(o, _)| stage_of(o) == stage)
            .collect();
        if !report.failed.is_empty() {
            report
                .not_applied
                .extend(batch.iter().map(|(o, _)| o.reference()));
            continue;
        }
        let results = join_all(batch.iter().map(|(o, live)| async move {
            match live {
                Ok(live) => patch(target, o, live.as_ref(), options).await,
                Err(_) => apply_one(target, o, options).await,
            }
        }))
        .await;
        for ((object, _), result) in batch.iter().zip(results) {
            match result {
                Ok((outcome, version)) => {
                    report.applied.push((object.reference(), outcome, version));
                }
                Err(err) => report.failed.push((object.reference(), err)),
            }
        }
    }
    report
}

/// Applies one object and tells whether it was created, changed or left as it was.
pub async fn apply_one(
    target: &Target,
    object: &KubeObject,
    options: &ApplyOptions,
) -> Result<(Outcome, String), Error> {
    let before = read_live(target, object).await?;
    patch(target, object, before.as_ref(), options).await
}

async fn read_live(target: &Target, object: &KubeObject) -> Result<Option<DynamicObject>, Error> {
    let name = object.name();
    let kind = &object.resource.kind;
    object
        .api(&target.client)
        .get_opt(name)
        .await
        .map_err(|err| target.error(err, &format!("reading {kind} {name}"), kind, name))
}

async fn patch(
    target: &Target,
    object: &KubeObject,
    before: Option<&DynamicObject>,
    options: &ApplyOptions,
) -> Result<(Outcome, String), Error> {
    let api = object.api(&target.client);
    let name = object.name();
    let kind = &object.resource.kind;
    let mut params = PatchParams::apply(&options.field_manager);
    if options.force {
        params = params.force();
    }
    let after: DynamicObject = api
        .patch(name, &params, &Patch::Apply(&object.object))
        .await
        .map_err(|err| target.error(err, &format!("applying {kind} {name}"), kind, name))?;
    let version = after.metadata.resource_version.clone().unwrap_or_default();
    // Same resourceVersion: the server wrote nothing. A different one may come from a
    // controller writing status in between, so compare the content the apply owns too.
    let outcome = match before {
        None => Outcome::Created,
        Some(live) if live.metadata.resource_version.as_deref() == Some(version.as_str()) => {
            Outcome::Unchanged
        }
        Some(live) if same_content(live, &after) => Outcome::Unchanged,
        Some(_) => Outcome::Configured,
    };
    Ok((outcome, version))
}

fn same_content(a: &DynamicObject, b: &DynamicObject) -> bool {
    let content = |o: &DynamicObject| serde_json::to_value(o).ok().map(crate::diff::normalize);
    let (a, b) = (content(a), content(b));
    a.is_some() && a == b
}
