//! Live tests of the port-forward plumbing against the Kubernetes testbed: a Service with a
//! named target port and a pod on the kwok node, whose port kwok forwards to the local
//! stack's JobManager (the testbed's ClusterPortForward). Run with both testbeds up:
//! `set -a; . target/testbed/k8s.env; . target/testbed/env; set +a;
//! cargo test -p studio-kube --test portforward_live -- --ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Namespace, Pod, Service};
use kube::api::{Api, PostParams};
use studio_kube::portforward::{Destination, Event, Forwarder, backend};
use studio_kube::{Target, TargetOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn admin() -> Target {
    let path = std::env::var("STUDIO_K8S_KUBECONFIG").unwrap_or_else(|_| {
        panic!("STUDIO_K8S_KUBECONFIG is not set: start the testbed with `cargo xtask testbed up --k8s`")
    });
    Target::resolve(&TargetOptions::new(Some(PathBuf::from(path)), None))
        .await
        .unwrap()
}

/// The local JobManager's port (`STUDIO_FLINK_REST_URL`), which kwok forwards to.
fn rest_port() -> u16 {
    let url = std::env::var("STUDIO_FLINK_REST_URL").unwrap_or_else(|_| {
        panic!(
            "STUDIO_FLINK_REST_URL is not set: source target/testbed/env (cargo xtask testbed up)"
        )
    });
    url.rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

async fn create<K>(api: &Api<K>, value: serde_json::Value)
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    let object: K = serde_json::from_value(value).unwrap();
    api.create(&PostParams::default(), &object).await.unwrap();
}

#[tokio::test]
#[ignore = "needs the Kubernetes testbed"]
async fn the_named_target_port_of_a_ready_pod_is_found_and_a_connection_is_attempted() {
    let target = admin().await;
    let ns = unique("pf");
    let namespaces: Api<Namespace> = Api::all(target.client.clone());
    create(&namespaces, serde_json::json!({"metadata": {"name": ns}})).await;
    let services: Api<Service> = Api::namespaced(target.client.clone(), &ns);
    let pods: Api<Pod> = Api::namespaced(target.client.clone(), &ns);
    let dest = Destination {
        namespace: ns.clone(),
        service: "jm-rest".into(),
        port: 8081,
    };

    // No Service yet: not found, named.
    let err = backend(&target, &dest).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");

    create(
        &services,
        serde_json::json!({
            "metadata": {"name": "jm-rest", "namespace": ns},
            "spec": {"selector": {"app": "jm"},
                     "ports": [{"port": 8081, "targetPort": "rest"}]}
        }),
    )
    .await;
    // A Service without a Ready pod: not found, naming the selector.
    let err = backend(&target, &dest).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(err.to_string().contains("no Ready pod"), "{err}");
    assert!(err.to_string().contains("app=jm"), "{err}");

    create(
        &pods,
        serde_json::json!({
            "metadata": {"name": "jm-0", "namespace": ns, "labels": {"app": "jm"}},
            "spec": {
                "nodeName": "kwok-node-0",
                "tolerations": [{"operator": "Exists"}],
                "containers": [{"name": "jm", "image": "flink:2.0.0",
                                "ports": [{"name": "rest", "containerPort": rest_port()}]}]
            }
        }),
    )
    .await;
    // kwok marks the pod Ready; bounded wait.
    let mut found = None;
    for _ in 0..60 {
        if let Ok(b) = backend(&target, &dest).await {
            found = Some(b);
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let found = found.expect("the kwok pod became Ready within 30 s");
    assert_eq!(found.pod, "jm-0");
    assert_eq!(
        found.port,
        rest_port(),
        "the named targetPort resolves to the containerPort"
    );

    // A connection goes through the API server's pods/portforward; it reports what happened.
    let forwarder = Forwarder::bind(&target, dest, 0).await.unwrap();
    let addr = forwarder.local_addr().unwrap();
    assert!(addr.ip().is_loopback());
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let serving = tokio::spawn(forwarder.serve(events));
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket
        .write_all(b"GET /overview HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(40), socket.read_to_end(&mut reply)).await;
    // The forwarder reports a connection once both sides have closed.
    drop(socket);
    let event = tokio::time::timeout(Duration::from_secs(40), received.recv())
        .await
        .expect("an event within 40 s")
        .expect("the forwarder is still running");
    // The testbed's kwok forwards the pod's port to the local stack's: the real JobManager
    // answered through the API server's pods/portforward.
    match event {
        Event::Connected { pod } => assert_eq!(pod, "jm-0"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(
        String::from_utf8_lossy(&reply).contains("taskmanagers"),
        "{}",
        String::from_utf8_lossy(&reply)
    );
    serving.abort();
    let _ = namespaces.delete(&ns, &Default::default()).await;
}
