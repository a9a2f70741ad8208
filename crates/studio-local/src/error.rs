//! The error type of `studio-local`.

use std::path::PathBuf;

/// Everything that can go wrong while provisioning or running the local stack.
///
/// Each message says what went wrong; hints that name commands or flags are the CLI's.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `java` was not found or could not be run.
    #[error(
        "Java 17 or newer is required but `{java}` could not be run: {reason}. Install a JDK 17+ or set JAVA_HOME"
    )]
    JavaMissing {
        /// The command that was tried.
        java: String,
        /// Why it failed.
        reason: String,
    },
    /// `java` is older than Flink 2.x needs.
    #[error(
        "Java {found} is too old: Flink 2.x needs Java 17 or newer. Install a JDK 17+ or point JAVA_HOME at one"
    )]
    JavaTooOld {
        /// The major version found.
        found: u32,
    },
    /// A package client (`mvn`, `pip`) is missing.
    #[error(
        "`{tool}` is needed to download {purpose} but was not found on PATH. Install it (for example `apt-get install {package}`)"
    )]
    ToolMissing {
        /// The tool that was looked for.
        tool: String,
        /// What it is needed for.
        purpose: String,
        /// The Debian package that provides it.
        package: String,
    },
    /// A port the stack needs is taken.
    #[error("port {port} ({purpose}) is already in use{holder}", holder = holder.as_deref().map(|h| format!(" by {h}")).unwrap_or_default())]
    PortInUse {
        /// The busy port.
        port: u16,
        /// What the stack wanted it for.
        purpose: String,
        /// The process holding it, when it could be found.
        holder: Option<String>,
    },
    /// A download through a package client failed.
    #[error(
        "downloading {what} with `{command}` failed (exit status {status}). Last lines of its output:\n{output_tail}\nCheck the network or the registry mirror configured for {tool}"
    )]
    DownloadFailed {
        /// What was being downloaded.
        what: String,
        /// The command line that ran.
        command: String,
        /// The client that ran.
        tool: String,
        /// Its exit status.
        status: String,
        /// The last lines it printed.
        output_tail: String,
    },
    /// A downloaded or cached file does not match its recorded checksum.
    #[error("checksum mismatch for {}: expected sha256 {expected}, found {actual}; the file was removed", path.display())]
    ChecksumMismatch {
        /// The file.
        path: PathBuf,
        /// The recorded checksum.
        expected: String,
        /// The checksum of the file on disk.
        actual: String,
    },
    /// An archive did not contain what was expected.
    #[error("{} does not look like apache-flink-libraries: {reason}", path.display())]
    BadArchive {
        /// The archive.
        path: PathBuf,
        /// What was missing or wrong.
        reason: String,
    },
    /// A component exited while the stack was starting or running.
    #[error("{component} exited during start-up. Last lines of {}:\n{log_tail}", log.display())]
    ComponentDied {
        /// The component's name.
        component: String,
        /// Its log file.
        log: PathBuf,
        /// The last lines of that log.
        log_tail: String,
    },
    /// A component did not become healthy in time.
    #[error("{component} was not healthy after {waited_secs}s ({detail}). Last lines of {}:\n{log_tail}", log.display())]
    HealthTimeout {
        /// The component's name.
        component: String,
        /// How long we waited.
        waited_secs: u64,
        /// The last health check's outcome.
        detail: String,
        /// Its log file.
        log: PathBuf,
        /// The last lines of that log.
        log_tail: String,
    },
    /// The requested Flink version is not one the local stack offers.
    #[error(
        "Flink version {requested} is not supported by the local stack; choose one of: {supported}"
    )]
    UnsupportedVersion {
        /// What was asked for.
        requested: String,
        /// What is offered.
        supported: String,
    },
    /// The given Flink home does not hold a Flink distribution.
    #[error("{} is not a Flink distribution: {reason}", path.display())]
    BadFlinkHome {
        /// The directory given.
        path: PathBuf,
        /// What is missing.
        reason: String,
    },
    /// An external command (BashJavaUtils, Kafka tools) failed.
    #[error("`{command}` failed: {output_tail}")]
    CommandFailed {
        /// The command.
        command: String,
        /// The last lines of its output.
        output_tail: String,
    },
    /// A file could not be read or written.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The stack's state file could not be read.
    #[error("the state file {} is not valid: {source}", path.display())]
    BadStateFile {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
    /// No running component has this name.
    #[error("no component named `{name}` in the stack")]
    UnknownComponent {
        /// The name asked for.
        name: String,
    },
    /// No home directory to put the cache or state in.
    #[error(
        "cannot find a home directory for the cache and state; set STUDIO_CACHE_DIR and choose a state directory"
    )]
    NoHome,
}

impl Error {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io {
            action,
            path,
            source,
        }
    }
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
