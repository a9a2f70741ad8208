//! A stand-in for the Flink Kubernetes Operator's status writing, for trying `studio deploy
//! --wait` on the testbed: every FlinkDeployment whose status lags its generation gets the
//! status the operator writes once a session cluster is up (`STABLE`, JobManager `READY`,
//! `observedGeneration` = `generation`). It starts no Flink. Opt-in (`testbed up --k8s
//! --operator-stub`): the live tests expect no operator.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use kube::api::{Api, ListParams, Patch, PatchParams};
use studio_manifests::crd::FlinkDeployment;

/// How long the stub runs at most; `testbed down` stops it sooner, by PID.
const LIFETIME: Duration = Duration::from_secs(8 * 3600);

/// Runs the stub until its lifetime ends.
pub fn run(kubeconfig: &Path) -> Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let client = super::client_for(kubeconfig).await?;
        let api: Api<FlinkDeployment> = Api::all(client.clone());
        let start = Instant::now();
        while start.elapsed() < LIFETIME {
            if let Ok(list) = api.list(&ListParams::default()).await {
                for fd in list.items {
                    let generation = fd.metadata.generation;
                    let observed = fd.status.as_ref().and_then(|s| s.observed_generation);
                    if fd.metadata.deletion_timestamp.is_some() || observed == generation {
                        continue;
                    }
                    let (Some(ns), Some(name)) = (&fd.metadata.namespace, &fd.metadata.name) else {
                        continue;
                    };
                    let status = serde_json::json!({"status": {
                        "lifecycleState": "STABLE",
                        "jobManagerDeploymentStatus": "READY",
                        "observedGeneration": generation,
                    }});
                    let namespaced: Api<FlinkDeployment> = Api::namespaced(client.clone(), ns);
                    let _ = namespaced
                        .patch_status(name, &PatchParams::default(), &Patch::Merge(&status))
                        .await;
                    println!("stub: {ns}/{name} STABLE/READY at generation {generation:?}");
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        Ok(())
    })
}
