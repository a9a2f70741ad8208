//! The shared test stack: a local Flink cluster, two SQL Gateways (one with a short session
//! idle timeout) and Kafka, on ports apart from `studio local`'s defaults.
//!
//! `STUDIO_TESTBED_PORT_OFFSET=N` moves every port up by N, so that two stacks (two
//! worktrees, or CI beside a developer's stack) can run side by side.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use studio_local::pins::FlinkPins;
use studio_local::progress::Progress;
use studio_local::{ExtraGateway, FlinkSource, LocalStack, Ports, StackConfig};

const BASE_PORTS: Ports = Ports {
    rest: 18081,
    gateway: 18083,
    kafka: 19092,
    kafka_controller: 19093,
    jobmanager_rpc: 16123,
};
const BASE_SHORT_IDLE_PORT: u16 = 18084;

/// `STUDIO_TESTBED_PORT_OFFSET`, or 0; an invalid value is an error, not ignored.
fn port_offset() -> Result<u16> {
    match std::env::var("STUDIO_TESTBED_PORT_OFFSET") {
        Ok(v) if !v.trim().is_empty() => {
            let n: u16 = v.trim().parse().with_context(|| {
                format!("STUDIO_TESTBED_PORT_OFFSET={v:?} is not a number from 0 to 9999")
            })?;
            anyhow::ensure!(
                n < 10_000,
                "STUDIO_TESTBED_PORT_OFFSET={n} is too large (at most 9999)"
            );
            Ok(n)
        }
        _ => Ok(0),
    }
}

fn ports() -> Result<(Ports, u16)> {
    let o = port_offset()?;
    let p = BASE_PORTS;
    Ok((
        Ports {
            rest: p.rest + o,
            gateway: p.gateway + o,
            kafka: p.kafka + o,
            kafka_controller: p.kafka_controller + o,
            jobmanager_rpc: p.jobmanager_rpc + o,
        },
        BASE_SHORT_IDLE_PORT + o,
    ))
}

/// The local stack's REST, gateway and short-idle gateway ports (this offset's), which the
/// Kubernetes testbed's kwok forwards pod ports to.
pub(crate) fn forwarded_ports() -> Result<Vec<u16>> {
    let (p, short) = ports()?;
    Ok(vec![p.rest, p.gateway, short])
}

pub(crate) fn root() -> PathBuf {
    // xtask's manifest dir is <repo>/xtask.
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .unwrap_or(&xtask)
        .join("target")
        .join("testbed")
}

fn stack(line: &str) -> Result<LocalStack> {
    let (ports, short_idle) = ports()?;
    let mut cfg = StackConfig::new()?;
    cfg.flink = FlinkSource::Pinned(Box::new(FlinkPins::find(line)?));
    cfg.ports = ports;
    cfg.state_dir = root().join("state");
    cfg.taskmanagers = 1;
    cfg.slots_per_taskmanager = 8;
    let properties = BTreeMap::from([
        (
            "sql-gateway.session.idle-timeout".to_owned(),
            "4s".to_owned(),
        ),
        (
            "sql-gateway.session.check-interval".to_owned(),
            "1s".to_owned(),
        ),
    ]);
    cfg.extra_gateways.push(ExtraGateway {
        name: "short-idle".into(),
        port: short_idle,
        properties,
    });
    Ok(LocalStack::new(cfg))
}

/// Starts the testbed and writes `target/testbed/env`; returns the variables.
pub fn up(line: &str) -> Result<Vec<(String, String)>> {
    let stack = stack(line)?;
    let (ports, short_idle) = ports()?;
    let rt = runtime()?;
    let outcome = rt
        .block_on(stack.up(&Printer))
        .context("starting the testbed")?;
    let status = outcome.status();
    let env = vec![
        (
            "STUDIO_GATEWAY_URL".to_owned(),
            format!("http://127.0.0.1:{}", ports.gateway),
        ),
        (
            "STUDIO_GATEWAY_SHORT_IDLE_URL".to_owned(),
            format!("http://127.0.0.1:{short_idle}"),
        ),
        (
            "STUDIO_FLINK_REST_URL".to_owned(),
            format!("http://127.0.0.1:{}", ports.rest),
        ),
        (
            "STUDIO_KAFKA_BOOTSTRAP".to_owned(),
            format!("127.0.0.1:{}", ports.kafka),
        ),
        (
            "STUDIO_FLINK_VERSION".to_owned(),
            status.flink_version.clone(),
        ),
        (
            "STUDIO_LOCAL_STATE_DIR".to_owned(),
            stack.config().state_dir.display().to_string(),
        ),
    ];
    let text: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    let path = root().join("env");
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    for c in &status.components {
        println!(
            "  {:<20} pid {:<8} {}",
            c.name,
            c.pid,
            c.url.as_deref().unwrap_or("-")
        );
    }
    println!(
        "testbed up (Flink {}); environment in {}",
        status.flink_version,
        path.display()
    );
    Ok(env)
}

/// Stops the testbed by PID and removes `target/testbed/env`.
pub fn down() -> Result<()> {
    let stack = stack("2.0")?;
    let stopped = runtime()?
        .block_on(stack.down())
        .context("stopping the testbed")?;
    for (name, outcome) in &stopped {
        println!("  {name:<20} {outcome:?}");
    }
    let _ = std::fs::remove_file(root().join("env"));
    println!("testbed down");
    Ok(())
}

/// Prints the testbed's status.
pub fn status() -> Result<()> {
    let stack = stack("2.0")?;
    match runtime()?.block_on(stack.status())? {
        Some(s) => {
            for c in &s.components {
                println!(
                    "  {:<20} running={} healthy={} {}",
                    c.name, c.running, c.healthy, c.detail
                );
            }
        }
        None => println!("testbed not running"),
    }
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting a tokio runtime")
}

struct Printer;

impl Progress for Printer {
    fn begin(&self, step: &str) {
        println!("  {step}…");
    }
    fn finish(&self, step: &str, outcome: &str) {
        println!("  {step}: {outcome}");
    }
}
