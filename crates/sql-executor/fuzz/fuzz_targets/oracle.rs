//! The checks the fuzz target makes on every input. `fuzz_targets/split_substitute.rs` and
//! `tests/fuzz_regressions.rs` both include this file, so the regression replay checks exactly
//! what the fuzzer checks.

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

/// Splits, substitutes and masks `data` (split and masking must not panic), and tells whether
/// the secret leaked through substitution. Input that is not UTF-8 is skipped.
pub fn secret_leaks(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let _ = split(&Source::inline(text));
    // Differential check: if the output does not contain the secret when the variable holds
    // something else, it must not contain it when it holds the secret.
    let leaked = matches!(
        (render(text, SECRET), render(text, "x")),
        (Some(with_secret), Some(without))
            if !without.contains(SECRET) && with_secret.contains(SECRET)
    );
    let _ = Masker::new([text.to_owned()]).mask(text);
    leaked
}
