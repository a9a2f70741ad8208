//! Every command's `--help` shows the one exit-code table, as users see it.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use studio_cli::exit::TABLE;

#[test]
fn every_command_documents_every_exit_code() {
    for command in [
        vec!["--help"],
        vec!["sql", "--help"],
        vec!["local", "up", "--help"],
        vec!["local", "status", "--help"],
        vec!["deploy", "--help"],
        vec!["status", "--help"],
        vec!["scale", "--help"],
        vec!["cleanup", "--help"],
        vec!["render", "--help"],
        vec!["local", "--help"],
        vec!["doctor", "--help"],
        vec!["secret", "kafka", "--help"],
        vec!["operator", "install", "--help"],
        vec!["jobs", "list", "--help"],
        vec!["state-size", "--help"],
        vec!["cloud", "setup", "--help"],
    ] {
        assert_help_lists_the_table("studio", &command);
    }
    assert_help_lists_the_table("flink-sql-executor", &["--help"]);
}

fn assert_help_lists_the_table(bin: &str, command: &[&str]) {
    {
        let out = Command::new(assert_cmd::cargo::cargo_bin(bin))
            .args(command)
            .output()
            .unwrap();
        assert!(out.status.success(), "{command:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Exit codes:"), "{command:?}: {help}");
        for (_, code, meaning) in TABLE {
            assert!(
                help.contains(&format!("  {code:<4} {meaning}")),
                "{command:?} lacks exit code {code}: {help}"
            );
        }
    }
}
