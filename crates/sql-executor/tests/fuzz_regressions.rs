//! Replays the fuzz corpus and every input that once crashed the fuzz target
//! (`crates/sql-executor/fuzz/regressions/`) through the same checks as
//! `fuzz/fuzz_targets/split_substitute.rs`: split and substitution never panic, and a
//! secret never reaches a plan's output through substitution.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

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

fn check(name: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = split(&Source::inline(text));
    if let (Some(with_secret), Some(without)) = (render(text, SECRET), render(text, "x"))
        && !without.contains(SECRET)
    {
        assert!(!with_secret.contains(SECRET), "{name}: secret leaked");
    }
    let _ = Masker::new([text.to_owned()]).mask(text);
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
