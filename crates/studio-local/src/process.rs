//! Starting the stack's Java processes detached, recognising them later, and stopping them.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::error::{Error, Result};

/// The system property that marks a JVM as started by the stack in a state directory.
/// It keeps `down` from signalling an unrelated process that reused a PID.
pub(crate) fn marker(state_dir: &Path) -> String {
    format!("-Dflink-studio.stack={}", state_dir.display())
}

/// Spawns `command` in its own process group (so Ctrl-C in the terminal that ran `up`
/// does not stop it), with stdout and stderr appended to `out_file`.
pub(crate) fn spawn_detached(mut command: Command, out_file: &Path) -> Result<u32> {
    let out = File::options()
        .create(true)
        .append(true)
        .open(out_file)
        .map_err(Error::io("cannot open", out_file))?;
    let err = out
        .try_clone()
        .map_err(Error::io("cannot open", out_file))?;
    let child = command
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()
        .map_err(Error::io(
            "cannot start",
            PathBuf::from(command.get_program()),
        ))?;
    let pid = child.id();
    // `spawn` returns at exec's point of no return, before the kernel publishes the new
    // command line; until then the marker check would take the process for a stranger.
    let cmdline = PathBuf::from(format!("/proc/{pid}/cmdline"));
    let deadline = Instant::now() + Duration::from_secs(2);
    while Instant::now() < deadline && std::fs::read(&cmdline).is_ok_and(|c| c.is_empty()) {
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(pid)
}

/// Whether `pid` is a live (not zombie) process carrying `marker` on its command line.
pub(crate) fn is_ours_and_alive(pid: u32, marker: &str) -> bool {
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    let Ok(stat) = std::fs::read_to_string(proc_dir.join("stat")) else {
        return false;
    };
    // The state follows the parenthesised command name, which may itself hold spaces.
    let state = stat
        .rsplit(')')
        .next()
        .and_then(|rest| rest.split_whitespace().next());
    if matches!(state, Some("Z" | "X") | None) {
        return false;
    }
    std::fs::read(proc_dir.join("cmdline"))
        .is_ok_and(|cmd| cmd.split(|b| *b == 0).any(|arg| arg == marker.as_bytes()))
}

/// How a component was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopOutcome {
    /// It exited after SIGTERM.
    Stopped,
    /// It ignored SIGTERM and was killed.
    Killed,
    /// It was not running.
    NotRunning,
}

/// Sends SIGTERM to every live process of ours, waits up to `grace`, then SIGKILLs the rest.
pub(crate) fn stop_all(pids: &[u32], marker: &str, grace: Duration) -> Vec<StopOutcome> {
    let mut outcomes: Vec<StopOutcome> = pids
        .iter()
        .map(|&pid| {
            if is_ours_and_alive(pid, marker) && signal(pid, Signal::SIGTERM) {
                StopOutcome::Stopped
            } else {
                StopOutcome::NotRunning
            }
        })
        .collect();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline && pids.iter().any(|&p| is_ours_and_alive(p, marker)) {
        std::thread::sleep(Duration::from_millis(200));
    }
    for (i, &pid) in pids.iter().enumerate() {
        if is_ours_and_alive(pid, marker) {
            signal(pid, Signal::SIGKILL);
            outcomes[i] = StopOutcome::Killed;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && pids.iter().any(|&p| is_ours_and_alive(p, marker)) {
        std::thread::sleep(Duration::from_millis(100));
    }
    outcomes
}

fn signal(pid: u32, sig: Signal) -> bool {
    i32::try_from(pid).is_ok_and(|p| kill(Pid::from_raw(p), sig).is_ok())
}

/// The last `n` lines of a log file (empty if it cannot be read).
pub fn log_tail(path: &Path, n: usize) -> String {
    std::fs::read(path)
        .map(|b| crate::tools::tail_lines(&String::from_utf8_lossy(&b), n))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_and_stops_only_marked_processes() {
        let dir = tempfile::tempdir().unwrap();
        let mark = marker(dir.path());
        let mut cmd = Command::new("sh");
        // The marker rides along as `$0`; the trailing `true` keeps dash from exec'ing `sleep`,
        // which would replace the command line that carries it.
        cmd.args(["-c", "sleep 30; true", &mark]);
        let pid = spawn_detached(cmd, &dir.path().join("out")).unwrap();
        assert!(is_ours_and_alive(pid, &mark));
        assert!(!is_ours_and_alive(pid, "-Dflink-studio.stack=/elsewhere"));
        assert!(!is_ours_and_alive(std::process::id(), &mark));
        let outcomes = stop_all(&[pid, u32::MAX], &mark, Duration::from_secs(5));
        assert_eq!(
            outcomes,
            vec![StopOutcome::Stopped, StopOutcome::NotRunning]
        );
        assert!(!is_ours_and_alive(pid, &mark));
        assert_eq!(
            stop_all(&[pid], &mark, Duration::from_secs(1)),
            vec![StopOutcome::NotRunning]
        );
    }
}
