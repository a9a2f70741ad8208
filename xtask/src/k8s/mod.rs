//! The Kubernetes testbed: a real etcd, kube-apiserver, kube-controller-manager,
//! kube-scheduler and kwok (one fake node) on 127.0.0.1, with the operator CRDs installed.

mod build;
pub mod operator_stub;
mod pki;
mod procs;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use k8s_openapi::api::core::v1::Node;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, Patch, PatchParams};

pub use build::K8S_VERSION;

/// The operator version whose CRDs are installed at start.
pub const CRD_OPERATOR: &str = "1.12.1";

fn state_dir() -> PathBuf {
    crate::testbed::root().join("k8s")
}

fn env_file() -> PathBuf {
    crate::testbed::root().join("k8s.env")
}

const ORDER: &[&str] = &[
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kwok",
];

/// Builds (or verifies) the binaries; returns their directory.
pub fn build_binaries() -> Result<PathBuf> {
    build::ensure()
}

/// Starts the control plane and, for trying `studio deploy --wait` by hand, the operator stub.
pub fn up_with_stub() -> Result<Vec<(String, String)>> {
    let env = up()?;
    let state = state_dir().canonicalize()?;
    let mut pids = read_pids(&state);
    if pids.len() > ORDER.len() {
        return Ok(env);
    }
    let admin = state.join("admin.kubeconfig");
    let mut stub = Command::new(crate::self_exe()?);
    stub.args(["testbed", "operator-stub"]).arg(&admin);
    pids.push(procs::spawn(stub, &state.join("logs/operator-stub.log"))?);
    write_pids(&state, &pids)?;
    println!("  operator stub running: FlinkDeployments get STABLE/READY status (no Flink runs)");
    Ok(env)
}

/// Starts the control plane (building it first if needed) and returns its environment.
pub fn up() -> Result<Vec<(String, String)>> {
    let started = Instant::now();
    let bin = build::ensure()?;
    let built = started.elapsed();
    let state = state_dir();
    if let Some(env) = running_env(&state) {
        println!("  Kubernetes testbed already running");
        return Ok(env);
    }
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(state.join("logs"))?;
    let state = state.canonicalize()?;
    let marker = state.display().to_string();
    let pki_dir = state.join("pki");
    let users = pki::generate(&pki_dir)?;
    let ca = pki_dir.join(pki::CA);

    let ports = procs::free_ports(4)?;
    let (etcd_port, etcd_peer, api_port, kwok_port) = (ports[0], ports[1], ports[2], ports[3]);
    let server = format!("https://127.0.0.1:{api_port}");
    let admin_kubeconfig = state.join("admin.kubeconfig");
    let dev_kubeconfig = state.join("dev.kubeconfig");
    std::fs::write(
        &admin_kubeconfig,
        pki::kubeconfig(&server, &ca, "testbed-admin", &users.admin_token, "default"),
    )?;
    std::fs::write(
        &dev_kubeconfig,
        pki::kubeconfig(&server, &ca, "testbed-dev", &users.dev_token, "default"),
    )?;

    let mut pids: Vec<u32> = Vec::new();
    let result = (|| -> Result<()> {
        let mut etcd = Command::new(bin.join("etcd"));
        etcd.args([
            "--name=testbed",
            &format!("--data-dir={}", state.join("etcd").display()),
            &format!("--listen-client-urls=http://127.0.0.1:{etcd_port}"),
            &format!("--advertise-client-urls=http://127.0.0.1:{etcd_port}"),
            &format!("--listen-peer-urls=http://127.0.0.1:{etcd_peer}"),
            &format!("--initial-advertise-peer-urls=http://127.0.0.1:{etcd_peer}"),
            &format!("--initial-cluster=testbed=http://127.0.0.1:{etcd_peer}"),
            "--unsafe-no-fsync=true",
            "--log-level=warn",
        ]);
        pids.push(procs::spawn(etcd, &state.join("logs/etcd.log"))?);
        write_pids(&state, &pids)?;
        wait_tcp(etcd_port, Duration::from_secs(30), &state, "etcd")?;

        let p = |name: &str| pki_dir.join(name).display().to_string();
        let mut apiserver = Command::new(bin.join("kube-apiserver"));
        apiserver.args([
            &format!("--etcd-servers=http://127.0.0.1:{etcd_port}"),
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            &format!("--secure-port={api_port}"),
            "--endpoint-reconciler-type=none",
            &format!("--cert-dir={}", state.join("certs").display()),
            &format!("--tls-cert-file={}", p(pki::SERVING_CERT)),
            &format!("--tls-private-key-file={}", p(pki::SERVING_KEY)),
            &format!("--client-ca-file={}", p(pki::CA)),
            &format!("--token-auth-file={}", p(pki::TOKENS)),
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            &format!("--service-account-key-file={}", p(pki::SA_PUB)),
            &format!("--service-account-signing-key-file={}", p(pki::SA_KEY)),
            "--service-cluster-ip-range=10.96.0.0/16",
            "--allow-privileged=true",
            "--profiling=false",
        ]);
        pids.push(procs::spawn(
            apiserver,
            &state.join("logs/kube-apiserver.log"),
        )?);
        write_pids(&state, &pids)?;

        let rt = runtime()?;
        let client = rt.block_on(client_for(&admin_kubeconfig))?;
        rt.block_on(wait_ready(&client, &state))?;

        let kubeconfig = format!("--kubeconfig={}", admin_kubeconfig.display());
        let mut kcm = Command::new(bin.join("kube-controller-manager"));
        kcm.args([
            &kubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=0",
            "--leader-elect=false",
            &format!("--service-account-private-key-file={}", p(pki::SA_KEY)),
            &format!("--root-ca-file={}", p(pki::CA)),
            "--controllers=*",
            // A heartbeat late on a busy machine must not make the node NotReady: the node
            // lifecycle controller would mark every pod on it not Ready, and kwok never marks
            // them Ready again (kubernetes-sigs/kwok#1464). The testbed does not test node
            // failure.
            "--node-monitor-grace-period=1h",
        ]);
        pids.push(procs::spawn(
            kcm,
            &state.join("logs/kube-controller-manager.log"),
        )?);
        let mut scheduler = Command::new(bin.join("kube-scheduler"));
        scheduler.args([
            &kubeconfig,
            "--bind-address=127.0.0.1",
            "--secure-port=0",
            "--leader-elect=false",
        ]);
        pids.push(procs::spawn(
            scheduler,
            &state.join("logs/kube-scheduler.log"),
        )?);
        // kwok serves the node's kubelet API (TLS, the API server does not verify it) and
        // simulates port-forward: a pod port that is one of the local stack's ports goes to
        // that port on 127.0.0.1, so `pods/portforward` reaches the real JobManager/gateway.
        let kwok_config = state.join("kwok.yaml");
        std::fs::write(
            &kwok_config,
            kwok_port_forwards(&crate::testbed::forwarded_ports()?),
        )?;
        let mut kwok = Command::new(bin.join("kwok"));
        kwok.args([
            &kubeconfig,
            &format!("--config={}", kwok_config.display()),
            "--manage-all-nodes=false",
            "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
            // Without a Lease, kwok's default stages post the node's status only every 10 min
            // or so, and the node turned NotReady a minute after start (a doctor test then
            // found its pod not Ready). With it, the Lease is renewed every 10 s, as a kubelet's.
            "--node-lease-duration-seconds=40",
            &format!("--server-address=127.0.0.1:{kwok_port}"),
            "--node-ip=127.0.0.1",
            &format!("--node-port={kwok_port}"),
            &format!("--tls-cert-file={}", p(pki::SERVING_CERT)),
            &format!("--tls-private-key-file={}", p(pki::SERVING_KEY)),
        ]);
        pids.push(procs::spawn(kwok, &state.join("logs/kwok.log"))?);
        write_pids(&state, &pids)?;
        rt.block_on(prepare_cluster(&client, &state))?;
        Ok(())
    })();
    if let Err(err) = result {
        procs::stop(&pids, &marker, Duration::from_secs(5));
        return Err(err.context("starting the Kubernetes testbed (stopped what had started)"));
    }
    let env = vec![
        (
            "STUDIO_K8S_KUBECONFIG".to_owned(),
            admin_kubeconfig.display().to_string(),
        ),
        (
            "STUDIO_K8S_DEV_KUBECONFIG".to_owned(),
            dev_kubeconfig.display().to_string(),
        ),
        ("STUDIO_K8S_SERVER".to_owned(), server),
        (
            "STUDIO_K8S_STATE_DIR".to_owned(),
            state.display().to_string(),
        ),
        ("STUDIO_K8S_VERSION".to_owned(), K8S_VERSION.to_owned()),
        // Live tests that would skip without a cluster fail instead.
        ("REQUIRE_K8S".to_owned(), "1".to_owned()),
    ];
    let text: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    std::fs::write(env_file(), text)?;
    println!(
        "  Kubernetes testbed {K8S_VERSION} up on 127.0.0.1:{api_port} (binaries ready in {built:.0?}, total {:.0?}); environment in {}",
        started.elapsed(),
        env_file().display()
    );
    Ok(env)
}

fn running_env(state: &Path) -> Option<Vec<(String, String)>> {
    let pids = read_pids(state);
    let marker = state.canonicalize().ok()?.display().to_string();
    if pids.len() < ORDER.len() || !pids.iter().all(|&p| procs::is_ours(p, &marker)) {
        return None;
    }
    let text = std::fs::read_to_string(env_file()).ok()?;
    Some(
        text.lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    )
}

/// Stops the control plane by PID and removes its state (etcd data included).
pub fn down() -> Result<()> {
    let state = state_dir();
    let pids = read_pids(&state);
    let marker = match state.canonicalize() {
        Ok(path) => path.display().to_string(),
        Err(_) => {
            println!("  Kubernetes testbed not running");
            return Ok(());
        }
    };
    let mut reversed = pids.clone();
    reversed.reverse();
    let stopped = procs::stop(&reversed, &marker, Duration::from_secs(10));
    let _ = std::fs::remove_dir_all(&state);
    let _ = std::fs::remove_file(env_file());
    println!("  Kubernetes testbed down ({stopped} processes stopped)");
    Ok(())
}

/// Prints whether each component runs.
pub fn status() -> Result<()> {
    let state = state_dir();
    let pids = read_pids(&state);
    let marker = state
        .canonicalize()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if pids.is_empty() {
        println!("  Kubernetes testbed not running");
    }
    for (name, pid) in ORDER.iter().zip(pids) {
        let running = !marker.is_empty() && procs::is_ours(pid, &marker);
        println!("  {name:<24} pid {pid:<8} running={running}");
    }
    Ok(())
}

fn write_pids(state: &Path, pids: &[u32]) -> Result<()> {
    let text: String = pids.iter().map(|p| format!("{p}\n")).collect();
    std::fs::write(state.join("pids"), text).context("writing the PID file")
}

fn read_pids(state: &Path) -> Vec<u32> {
    std::fs::read_to_string(state.join("pids"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

fn log_tail(state: &Path, component: &str) -> String {
    let text = std::fs::read_to_string(state.join("logs").join(format!("{component}.log")))
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

fn wait_tcp(port: u16, timeout: Duration, state: &Path, component: &str) -> Result<()> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!(
        "{component} did not listen on 127.0.0.1:{port} within {timeout:?}:\n{}",
        log_tail(state, component)
    )
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting a tokio runtime")
}

pub(crate) async fn client_for(kubeconfig: &Path) -> Result<kube::Client> {
    let config = kube::config::Kubeconfig::read_from(kubeconfig)?;
    let config =
        kube::Config::from_custom_kubeconfig(config, &kube::config::KubeConfigOptions::default())
            .await?;
    Ok(kube::Client::try_from(config)?)
}

async fn wait_ready(client: &kube::Client, state: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(180);
    let mut last = String::new();
    while Instant::now() < deadline {
        let request = http::Request::get("/readyz").body(Vec::new())?;
        match client.request_text(request).await {
            Ok(text) if text.trim() == "ok" => return Ok(()),
            Ok(text) => last = text,
            Err(err) => last = err.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    bail!(
        "kube-apiserver was not ready within 180 s ({last}):\n{}",
        log_tail(state, "kube-apiserver")
    )
}

/// kwok's configuration: one ClusterPortForward sending each of `ports` to 127.0.0.1.
fn kwok_port_forwards(ports: &[u16]) -> String {
    let forwards = ports
        .iter()
        .map(|port| serde_json::json!({"ports": [port], "target": {"port": port, "address": "127.0.0.1"}}))
        .collect::<Vec<_>>();
    let config = serde_json::json!({
        "apiVersion": "kwok.x-k8s.io/v1alpha1",
        "kind": "ClusterPortForward",
        "metadata": {"name": "local-stack"},
        "spec": {"forwards": forwards}
    });
    // JSON is YAML.
    format!("{config}\n")
}

/// The fake node, the operator CRDs, and a bounded wait for both to be usable.
async fn prepare_cluster(client: &kube::Client, state: &Path) -> Result<()> {
    let node: Node = serde_json::from_value(serde_json::json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": "kwok-node-0",
            "annotations": {"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"},
            "labels": {"kubernetes.io/hostname": "kwok-node-0", "kubernetes.io/os": "linux",
                       "kubernetes.io/arch": "amd64", "type": "kwok"}
        },
        "status": {
            "allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"},
            "capacity": {"cpu": "64", "memory": "256Gi", "pods": "110"}
        }
    }))?;
    let nodes: Api<Node> = Api::all(client.clone());
    nodes
        .patch(
            "kwok-node-0",
            &PatchParams::apply("studio-testbed"),
            &Patch::Apply(&node),
        )
        .await
        .context("creating the fake node")?;
    install_crds(client, CRD_OPERATOR).await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = nodes.get("kwok-node-0").await.ok().is_some_and(|n| {
            n.status
                .and_then(|s| s.conditions)
                .unwrap_or_default()
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True")
        });
        let sa_ready =
            exists::<k8s_openapi::api::core::v1::ServiceAccount>(client, "default", "default")
                .await;
        // The node's Lease is its heartbeat: without it the node turns NotReady in a minute.
        let lease = exists::<k8s_openapi::api::coordination::v1::Lease>(
            client,
            "kube-node-lease",
            "kwok-node-0",
        )
        .await;
        if ready && sa_ready && lease {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "the fake node, its Lease or the default ServiceAccount was not ready within 60 s (node ready: {ready}, lease: {lease}):\n{}\n{}",
                log_tail(state, "kwok"),
                log_tail(state, "kube-controller-manager")
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Whether the namespaced object `namespace/name` exists (an API error counts as no).
async fn exists<K>(client: &kube::Client, namespace: &str, name: &str) -> bool
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + k8s_openapi::serde::de::DeserializeOwned
        + std::fmt::Debug,
    K::DynamicType: Default,
{
    Api::<K>::namespaced(client.clone(), namespace)
        .get_opt(name)
        .await
        .ok()
        .flatten()
        .is_some()
}

/// Applies an operator release's CRDs and waits until they are Established.
pub async fn install_crds(client: &kube::Client, operator: &str) -> Result<()> {
    let crds = studio_kube::crds::load(operator)?;
    let api: Api<CustomResourceDefinition> = Api::all(client.clone());
    for crd in &crds {
        let name = crd.metadata.name.clone().unwrap_or_default();
        api.patch(
            &name,
            &PatchParams::apply("studio-testbed").force(),
            &Patch::Apply(crd),
        )
        .await
        .with_context(|| format!("installing CRD {name}"))?;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    for crd in &crds {
        let name = crd.metadata.name.clone().unwrap_or_default();
        loop {
            let established = api.get(&name).await.ok().is_some_and(|c| {
                c.status
                    .and_then(|s| s.conditions)
                    .unwrap_or_default()
                    .iter()
                    .any(|c| c.type_ == "Established" && c.status == "True")
            });
            if established {
                break;
            }
            if Instant::now() > deadline {
                bail!("CRD {name} was not Established within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(())
}
