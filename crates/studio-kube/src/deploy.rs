//! `studio deploy`: the platform's objects as they will be applied, and whether applying
//! them restarts the session cluster.

use crate::diff::{Change, ObjectDiff};
use crate::error::Result;
use crate::object::KubeObject;
use crate::platform::Platform;
use crate::scale::yield_scaled_fields;
use crate::target::Target;

/// The objects to apply: the platform's, minus the fields `studio scale` owns on the live
/// FlinkDeployment.
///
/// # Errors
///
/// An API error reading the live FlinkDeployment (other than "not found").
pub async fn objects(target: &Target, platform: &Platform) -> Result<Vec<KubeObject>> {
    let mut objects = platform.kube_objects()?;
    for object in objects
        .iter_mut()
        .filter(|o| o.resource.kind == "FlinkDeployment")
    {
        let api = object.api(&target.client);
        let name = object.name().to_owned();
        let live = match api.get_opt(&name).await {
            Ok(live) => live,
            Err(kube::Error::Api(status)) if status.code == 404 => None,
            Err(err) => {
                return Err(target.error(
                    err,
                    "reading the FlinkDeployment",
                    "FlinkDeployment",
                    &name,
                ));
            }
        };
        if let Some(live) = live {
            yield_scaled_fields(&live, &mut object.object);
        }
    }
    Ok(objects)
}

/// Whether a dry-run shows a change to an existing FlinkDeployment's `spec`: the operator
/// then upgrades (restarts) the session cluster, and SQL jobs it does not know about die.
pub fn restarts_cluster(diffs: &[ObjectDiff]) -> bool {
    diffs.iter().any(|d| {
        d.object.kind == "FlinkDeployment"
            && matches!(&d.change, Change::Update { diff } if diff.lines().any(|l| {
                (l.starts_with('+') || l.starts_with('-'))
                    && !l.starts_with("+++")
                    && !l.starts_with("---")
                    && !l.contains("labels")
            }))
    })
}
