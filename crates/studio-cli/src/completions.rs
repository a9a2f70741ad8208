//! `studio completions SHELL` and `studio man`: shell completions (clap_complete) and man
//! pages (clap_mangen), generated from the same clap definition as `--help`.
//!
//! `cargo xtask docs` writes both into `docs/generated/`, and CI fails when they are stale.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::exit::Exit;

/// Shells `studio completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash (source it, or put it in `/etc/bash_completion.d/studio`).
    Bash,
    /// Zsh (put it on `$fpath` as `_studio`).
    Zsh,
    /// Fish (put it in `~/.config/fish/completions/studio.fish`).
    Fish,
    /// PowerShell (dot-source it from your profile).
    Powershell,
}

impl Shell {
    fn generator(self) -> clap_complete::Shell {
        match self {
            Self::Bash => clap_complete::Shell::Bash,
            Self::Zsh => clap_complete::Shell::Zsh,
            Self::Fish => clap_complete::Shell::Fish,
            Self::Powershell => clap_complete::Shell::PowerShell,
        }
    }

    /// The file name the script is installed under, e.g. `studio.bash`.
    pub fn file_name(self, bin: &str) -> String {
        match self {
            Self::Bash => format!("{bin}.bash"),
            Self::Zsh => format!("_{bin}"),
            Self::Fish => format!("{bin}.fish"),
            Self::Powershell => format!("_{bin}.ps1"),
        }
    }
}

/// Arguments of `studio completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for (printed to stdout).
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Arguments of `studio man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `studio.1` and one page per subcommand (`studio-deploy.1`, …) into this
    /// directory instead of printing `studio.1` to stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// The completion script for `shell` of the command `cmd`.
pub fn completions(shell: Shell, cmd: &mut clap::Command) -> Vec<u8> {
    let name = cmd.get_name().to_owned();
    // Into memory: clap_complete panics on a failed write (say, a closed pipe).
    let mut buf = Vec::new();
    clap_complete::generate(shell.generator(), cmd, name, &mut buf);
    buf
}

/// Renders the man page of `cmd` (roff).
///
/// # Errors
///
/// Writing to the buffer fails only when out of memory; the error is passed on.
pub fn man_page(cmd: &clap::Command) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    Ok(buf)
}

/// Writes `<name>.1` for `cmd` and `<name>-<sub>.1` for each visible subcommand, recursively,
/// into `dir`. Returns the files written.
///
/// # Errors
///
/// The file that could not be written.
pub fn write_man_pages(cmd: &clap::Command, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut cmd = cmd.clone();
    cmd.build();
    write_tree(&cmd, dir, &mut written)?;
    Ok(written)
}

/// After `Command::build`, a subcommand's display name is its path (`studio-jobs-list`): it
/// names both the page's title and its file.
fn write_tree(cmd: &clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let name = cmd.get_display_name().unwrap_or(cmd.get_name());
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, man_page(cmd)?)?;
    written.push(path);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        write_tree(sub, dir, written)?;
    }
    Ok(())
}

/// Runs `studio completions`.
pub fn run_completions(args: &CompletionsArgs, mut cmd: clap::Command) -> ExitCode {
    print_bytes(&completions(args.shell, &mut cmd))
}

/// Writes to stdout; a reader that went away (`| head`) is not an error.
fn print_bytes(bytes: &[u8]) -> ExitCode {
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot write to stdout: {err}");
            Exit::Failed.into()
        }
    }
}

/// Runs `studio man`.
pub fn run_man(args: &ManArgs, cmd: clap::Command) -> ExitCode {
    let result = match &args.out_dir {
        Some(dir) => write_man_pages(&cmd, dir).map(|files| {
            println!("wrote {} man pages into {}", files.len(), dir.display());
        }),
        None => match man_page(&cmd) {
            Ok(page) => return print_bytes(&page),
            Err(err) => Err(err),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let place = args
                .out_dir
                .as_ref()
                .map_or_else(|| "stdout".to_owned(), |d| d.display().to_string());
            eprintln!("error: cannot write the man pages to {place}: {err}");
            Exit::Failed.into()
        }
    }
}
