//! Split + substitute must never panic, whatever the input, and a secret value
//! must never reach the plan's output through substitution.
//!
//! Run with `cargo +nightly fuzz run split_substitute` from `crates/sql-executor`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sql_executor::{Masker, Plan, Source, Variables, split};

const SECRET: &str = "hunter2";

fn render(text: &str, password: &str) -> Option<String> {
    let mut vars = Variables::new();
    vars.set("A", "value;with 'quotes'");
    vars.set("KAFKA_PASSWORD", password);
    let plan = Plan::build(&[Source::inline(text)], &vars).ok()?;
    let mut out = Vec::new();
    plan.write_text(&mut out).ok()?;
    plan.write_json_lines(&mut out).ok()?;
    Some(String::from_utf8_lossy(&out).into_owned())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = split(&Source::inline(text));
    // Differential check: if the output does not contain the secret when the
    // variable holds something else, it must not contain it when it holds the secret.
    if let (Some(with_secret), Some(without)) = (render(text, SECRET), render(text, "x"))
        && !without.contains(SECRET)
    {
        assert!(
            !with_secret.contains(SECRET),
            "secret leaked for input {text:?}"
        );
    }
    let _ = Masker::new([text.to_owned()]).mask(text);
});
