//! Split + substitute must never panic, whatever the input, and a secret value
//! must never reach the plan's output through substitution.
//!
//! Run with `cargo +nightly fuzz run split_substitute` from `crates/sql-executor`.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The checks, shared with `tests/fuzz_regressions.rs`.
mod oracle;

fuzz_target!(|data: &[u8]| {
    assert!(
        !oracle::secret_leaks(data),
        "secret leaked for input {:?}",
        String::from_utf8_lossy(data)
    );
});
