//! Starting the control plane's processes and stopping exactly them, by PID.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// Spawns `command` in its own process group with output to `log`; returns its PID.
pub fn spawn(mut command: Command, log: &Path) -> Result<u32> {
    let out = File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let err = out.try_clone()?;
    let child = command
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()
        .with_context(|| format!("starting {}", command.get_program().to_string_lossy()))?;
    let pid = child.id();
    // Wait (bounded) until the kernel publishes the command line the ownership check reads.
    let cmdline = format!("/proc/{pid}/cmdline");
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline && std::fs::read(&cmdline).is_ok_and(|c| c.is_empty()) {
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(pid)
}

/// Whether `pid` is alive and its command line mentions `marker` (the state directory), so a
/// reused PID is never signalled.
pub fn is_ours(pid: u32, marker: &str) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let state = stat
        .rsplit(')')
        .next()
        .and_then(|r| r.split_whitespace().next());
    if matches!(state, Some("Z" | "X") | None) {
        return false;
    }
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .is_ok_and(|c| String::from_utf8_lossy(&c).contains(marker))
}

/// SIGTERM to each live process of ours (in the order given), then SIGKILL after `grace`.
/// Returns how many were running.
pub fn stop(pids: &[u32], marker: &str, grace: Duration) -> usize {
    let running: Vec<u32> = pids
        .iter()
        .copied()
        .filter(|&p| is_ours(p, marker))
        .collect();
    for &pid in &running {
        signal(pid, Signal::SIGTERM);
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline && running.iter().any(|&p| is_ours(p, marker)) {
        std::thread::sleep(Duration::from_millis(100));
    }
    for &pid in &running {
        if is_ours(pid, marker) {
            signal(pid, Signal::SIGKILL);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && running.iter().any(|&p| is_ours(p, marker)) {
        std::thread::sleep(Duration::from_millis(50));
    }
    running.len()
}

fn signal(pid: u32, sig: Signal) {
    if let Ok(pid) = i32::try_from(pid) {
        let _ = kill(Pid::from_raw(pid), sig);
    }
}

/// `n` distinct free loopback ports: all are held at once while they are picked, so the OS
/// cannot hand out the same one twice; the caller binds them soon after.
pub fn free_ports(n: usize) -> Result<Vec<u16>> {
    let listeners = (0..n)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").context("binding 127.0.0.1:0"))
        .collect::<Result<Vec<_>>>()?;
    listeners
        .iter()
        .map(|l| Ok(l.local_addr()?.port()))
        .collect()
}
