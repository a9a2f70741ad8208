//! Port checks: is a port free, and if not, who holds it.

use std::net::TcpListener;

use crate::error::{Error, Result};

/// Fails with [`Error::PortInUse`] for the first port that something already listens on.
pub fn ensure_free(ports: &[(u16, String)]) -> Result<()> {
    for (port, purpose) in ports {
        let holder = listener_holder(*port);
        let listening = holder.is_some() || TcpListener::bind(("127.0.0.1", *port)).is_err();
        if listening {
            return Err(Error::PortInUse {
                port: *port,
                purpose: purpose.clone(),
                holder: holder.flatten(),
            });
        }
    }
    Ok(())
}

/// Whether something accepts connections on `127.0.0.1:port`.
pub fn is_listening(port: u16) -> bool {
    std::net::TcpStream::connect_timeout(
        &([127, 0, 0, 1], port).into(),
        std::time::Duration::from_millis(300),
    )
    .is_ok()
}

/// `Some(holder)` when a socket listens on `port` (any address); the holder is
/// `"pid N (command)"` when the process can be found.
fn listener_holder(port: u16) -> Option<Option<String>> {
    let inode = ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .find_map(|table| listening_inode(&table, port))?;
    Some(process_with_socket(&inode))
}

/// Finds the inode of a LISTEN socket on `port` in a `/proc/net/tcp` table.
fn listening_inode(table: &str, port: u16) -> Option<String> {
    table.lines().skip(1).find_map(|line| {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let local = cols.get(1)?;
        let state = cols.get(3)?;
        let hex_port = local.rsplit(':').next()?;
        let listening = *state == "0A" && u16::from_str_radix(hex_port, 16).ok()? == port;
        listening
            .then(|| cols.get(9).map(|s| (*s).to_owned()))
            .flatten()
    })
}

fn process_with_socket(inode: &str) -> Option<String> {
    let needle = format!("socket:[{inode}]");
    for proc_entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let pid = proc_entry.file_name().to_string_lossy().into_owned();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(proc_entry.path().join("fd")) else {
            continue;
        };
        let holds = fds.flatten().any(|fd| {
            std::fs::read_link(fd.path()).is_ok_and(|l| l.as_os_str() == needle.as_str())
        });
        if holds {
            let comm = std::fs::read_to_string(proc_entry.path().join("comm")).unwrap_or_default();
            return Some(format!("pid {pid} ({})", comm.trim()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_port_is_named_with_its_holder() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let err = ensure_free(&[(port, "SQL Gateway".into())]).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(&port.to_string()) && msg.contains("SQL Gateway"),
            "{msg}"
        );
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
    }

    #[test]
    fn a_released_port_is_no_longer_ours() {
        // Once we drop a listener its port is free, but on a busy machine another process may
        // take it at once: then it must be named as the holder, never us. Bounded retries.
        let me = format!("pid {} ", std::process::id());
        for _ in 0..20 {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            drop(listener);
            match ensure_free(&[(port, "SQL Gateway".into())]) {
                Ok(()) => return,
                Err(err) => assert!(!err.to_string().contains(&me), "{err}"),
            }
        }
        panic!("20 released ports in a row were taken by other processes");
    }

    #[test]
    fn parses_proc_net_tcp() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:1F93 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0\n";
        assert_eq!(listening_inode(table, 8083), Some("12345".into()));
        assert_eq!(listening_inode(table, 8081), None);
    }
}
