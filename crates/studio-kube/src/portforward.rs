//! Port-forwarding to a Service's pod through the Kubernetes API (no `kubectl`), as
//! `studio ui`, `studio port-forward` and `studio doctor` use it.
//!
//! Each accepted local connection finds a Ready pod behind the Service again, so a pod
//! restart only costs the connections that were open; finding a pod is bounded in time.

use std::net::SocketAddr;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kube::api::ListParams;
use serde::Serialize;
use tokio::net::{TcpListener, TcpStream};

use crate::error::{Error, Result};
use crate::target::Target;

/// What to forward to: a Service port in a namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Destination {
    /// Namespace.
    pub namespace: String,
    /// Service name.
    pub service: String,
    /// Service port.
    pub port: u16,
}

/// A pod and container port that a Service port leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backend {
    /// Pod name.
    pub pod: String,
    /// Container port.
    pub port: u16,
}

/// How long one connection waits for a Ready pod (a restarting pod comes back within it).
pub const POD_WAIT: Duration = Duration::from_secs(30);

/// Finds a Ready pod behind the Service and the container port its `port` leads to.
///
/// # Errors
///
/// [`Error::Api`] with status 404 when the Service does not exist or no pod is Ready; an API
/// error otherwise.
pub async fn backend(target: &Target, dest: &Destination) -> Result<Backend> {
    let services: kube::Api<Service> =
        kube::Api::namespaced(target.client.clone(), &dest.namespace);
    let service = services
        .get(&dest.service)
        .await
        .map_err(|err| target.error(err, "reading the Service", "Service", &dest.service))?;
    let spec = service.spec.unwrap_or_default();
    let selector = spec.selector.unwrap_or_default();
    let not_found = |message: String| Error::Api {
        status: 404,
        reason: "NotFound".into(),
        action: format!("port-forwarding to {}/{}", dest.namespace, dest.service),
        message,
    };
    if selector.is_empty() {
        return Err(not_found(format!(
            "Service {} has no pod selector",
            dest.service
        )));
    }
    let target_port = spec
        .ports
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.port == i32::from(dest.port))
        .and_then(|p| p.target_port);
    let labels = selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",");
    let pods: kube::Api<Pod> = kube::Api::namespaced(target.client.clone(), &dest.namespace);
    let list = pods
        .list(&ListParams::default().labels(&labels))
        .await
        .map_err(|err| target.error(err, "listing pods", "Pod", &dest.service))?;
    let pod = list.items.into_iter().find(is_ready).ok_or_else(|| {
        not_found(format!(
            "no Ready pod behind Service {} (selector {labels})",
            dest.service
        ))
    })?;
    let port = container_port(&pod, target_port.as_ref()).unwrap_or(dest.port);
    Ok(Backend {
        pod: pod.metadata.name.unwrap_or_default(),
        port,
    })
}

fn is_ready(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_none()
        && pod
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

/// The container port a Service `targetPort` names (a number, or a container port's name).
fn container_port(pod: &Pod, target_port: Option<&IntOrString>) -> Option<u16> {
    match target_port? {
        IntOrString::Int(port) => u16::try_from(*port).ok(),
        IntOrString::String(name) => pod
            .spec
            .as_ref()?
            .containers
            .iter()
            .flat_map(|c| c.ports.iter().flatten())
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .and_then(|p| u16::try_from(p.container_port).ok()),
    }
}

/// What happened to one forwarded connection; the CLI may show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Event {
    /// A connection was forwarded to this pod.
    Connected {
        /// Pod name.
        pod: String,
    },
    /// A connection could not be forwarded; the listener keeps running.
    Failed {
        /// Why, in one line.
        message: String,
    },
}

/// A bound local port forwarding to a Service; drop it (or the task running
/// [`Forwarder::serve`]) to stop.
#[derive(Debug)]
pub struct Forwarder {
    listener: TcpListener,
    target: Target,
    dest: Destination,
}

impl Forwarder {
    /// Binds `127.0.0.1:local_port` (0: any free port) for `dest`. Nothing is sent to the
    /// cluster until a connection arrives.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the local port cannot be bound.
    pub async fn bind(target: &Target, dest: Destination, local_port: u16) -> Result<Forwarder> {
        let listener = TcpListener::bind(("127.0.0.1", local_port))
            .await
            .map_err(|err| Error::Io {
                path: format!("127.0.0.1:{local_port}").into(),
                message: err.to_string(),
            })?;
        Ok(Forwarder {
            listener,
            target: target.clone(),
            dest,
        })
    }

    /// The local address connections are accepted on.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the socket has no address.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener.local_addr().map_err(|err| Error::Io {
            path: "127.0.0.1".into(),
            message: err.to_string(),
        })
    }

    /// Accepts connections until the future is dropped, forwarding each to a Ready pod
    /// (waiting up to [`POD_WAIT`] for one) and reporting each through `events`.
    pub async fn serve(self, events: tokio::sync::mpsc::UnboundedSender<Event>) {
        loop {
            let Ok((socket, _)) = self.listener.accept().await else {
                // Out of file descriptors and the like: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            let target = self.target.clone();
            let dest = self.dest.clone();
            let events = events.clone();
            tokio::spawn(async move {
                let event = match forward(&target, &dest, socket).await {
                    Ok(pod) => Event::Connected { pod },
                    Err(err) => Event::Failed {
                        message: err.to_string(),
                    },
                };
                let _ = events.send(event);
            });
        }
    }
}

/// How long a finished connection waits for the port-forward's own end (and error).
const JOIN_WAIT: Duration = Duration::from_secs(2);

/// Waits (bounded by [`POD_WAIT`]) for a Ready pod, then copies bytes both ways until
/// either side closes. Returns the pod's name.
async fn forward(target: &Target, dest: &Destination, mut socket: TcpStream) -> Result<String> {
    let started = tokio::time::Instant::now();
    let backend = loop {
        match backend(target, dest).await {
            Ok(backend) => break backend,
            Err(err) if err.is_not_found() && started.elapsed() < POD_WAIT => {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(err) => return Err(err),
        }
    };
    let pods: kube::Api<Pod> = kube::Api::namespaced(target.client.clone(), &dest.namespace);
    let mut forwarder = pods
        .portforward(&backend.pod, &[backend.port])
        .await
        .map_err(|err| target.error(err, "opening a port-forward", "Pod", &backend.pod))?;
    let mut upstream = forwarder
        .take_stream(backend.port)
        .ok_or_else(|| Error::Api {
            status: 500,
            reason: "PortForward".into(),
            action: format!("port-forwarding to pod {}", backend.pod),
            message: format!("no stream for port {}", backend.port),
        })?;
    let kubelet_error = forwarder.take_error(backend.port);
    let copied = tokio::io::copy_bidirectional(&mut socket, &mut upstream).await;
    drop(upstream);
    // An error of the kubelet leg (e.g. nothing listens on the port) arrives as the stream
    // ends. A kubelet may keep the WebSocket open after the stream is done, so the wait for
    // it is short, and then this side closes the port-forward.
    let reported = match kubelet_error {
        Some(error) => tokio::time::timeout(JOIN_WAIT, error).await.ok().flatten(),
        None => None,
    };
    forwarder.abort();
    let path = || std::path::PathBuf::from(format!("pod {}:{}", backend.pod, backend.port));
    if let Some(message) = reported {
        return Err(Error::Io {
            path: path(),
            message,
        });
    }
    if let Err(err) = copied {
        return Err(Error::Io {
            path: path(),
            message: err.to_string(),
        });
    }
    Ok(backend.pod)
}
