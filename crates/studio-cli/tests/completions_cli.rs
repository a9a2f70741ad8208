//! `studio completions SHELL` and `studio man`: generated from the same definitions as `--help`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

fn studio(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("studio")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_shell_gets_a_script_that_knows_the_subcommands() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef studio"),
        ("fish", "complete -c studio"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, err) = studio(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}: no `{marker}`");
        for sub in ["deploy", "state-size", "port-forward", "completions"] {
            assert!(out.contains(sub), "{shell}: {sub} missing");
        }
    }
    // Flags of a subcommand are completed too.
    let (_, bash, _) = studio(&["completions", "bash"]);
    assert!(bash.contains("--savepoint-jobs"), "cleanup's flags");
}

#[test]
fn an_unknown_shell_is_a_usage_error_naming_the_choices() {
    let (code, _, err) = studio(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("tcsh") && err.contains("powershell"), "{err}");
}

#[test]
fn man_prints_the_top_page_and_writes_one_per_command() {
    let (code, out, _) = studio(&["man"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie \\n(.g .ds Aq"),
        "roff: {}",
        &out[..60.min(out.len())]
    );
    assert!(
        out.contains(".TH studio 1"),
        "{}",
        &out[..200.min(out.len())]
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = studio(&["man", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("man pages into"), "{out}");
    for page in [
        "studio.1",
        "studio-deploy.1",
        "studio-jobs-list.1",
        "studio-secret-kafka.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".SH NAME"), "{page}");
    }
    let deploy = std::fs::read_to_string(dir.path().join("studio-deploy.1")).unwrap();
    assert!(
        deploy.contains("dry\\-run"),
        "deploy's flags are on its page"
    );
}

#[test]
fn man_into_an_unwritable_place_fails_naming_it() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let (code, _, err) = studio(&["man", "--out-dir", file.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "cannot write the man pages to {}",
            file.path().display()
        )),
        "{err}"
    );
}
