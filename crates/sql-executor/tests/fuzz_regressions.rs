//! Replays the fuzz corpus and every input that once crashed the fuzz target
//! (`crates/sql-executor/fuzz/regressions/`) through the same checks as
//! `fuzz/fuzz_targets/split_substitute.rs`: split and substitution never panic, and a
//! secret never reaches a plan's output through substitution.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

// The fuzz target's checks, from the one file both include.
#[path = "../fuzz/fuzz_targets/oracle.rs"]
mod oracle;

fn check(name: &str, data: &[u8]) {
    assert!(!oracle::secret_leaks(data), "{name}: secret leaked");
}

fn replay(dir: &str) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_file() {
            check(&path.display().to_string(), &std::fs::read(&path).unwrap());
            n += 1;
        }
    }
    n
}

#[test]
fn corpus_and_past_crashes_pass_the_fuzz_checks() {
    let corpus = replay("fuzz/corpus/split_substitute");
    replay("fuzz/regressions");
    assert!(
        corpus >= 10,
        "the fuzz corpus went missing ({corpus} inputs)"
    );
}
