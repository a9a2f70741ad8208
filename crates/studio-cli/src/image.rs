//! `studio image build`: the platform image (the seed's `build-image.sh` and
//! `docker/Dockerfile`): the Flink base image plus the configured connector jars and the
//! cloud filesystem plugins, written as a build context and built with Docker.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use studio_manifests::config::{Cloud, LoadOptions};
use studio_manifests::{connectors, image};

use crate::exit::Exit;
use crate::k8s::{Failure, eprint, print};
use crate::render::CloudArg;

/// Arguments of `studio image`.
#[derive(Debug, clap::Args)]
pub struct ImageArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ImageCommand,
}

/// `studio image` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ImageCommand {
    /// Write the Dockerfile and build context of the platform image and build it with Docker.
    Build(BuildArgs),
}

/// Arguments of `studio image build`.
#[derive(Debug, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct BuildArgs {
    /// Platform configuration file (connectors, Flink version, cloud).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "studio.yaml",
        env = "STUDIO_CONFIG"
    )]
    pub config: PathBuf,
    /// Environment overlay next to the file.
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
    /// Cloud; overrides the file's `cloud` (picks the filesystem plugin).
    #[arg(long, value_enum)]
    pub cloud: Option<CloudArg>,
    /// Flink release of the base image (default: the configuration's `flink.version`).
    #[arg(long, value_name = "V")]
    pub flink_version: Option<String>,
    /// Image tag (default: the configuration's `image` with `connectors.customImage: true`,
    /// else `flink-sql-studio:<flink version>`).
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,
    /// Push the image after building it.
    #[arg(long)]
    pub push: bool,
    /// Write the Dockerfile and build context only; no Docker needed.
    #[arg(long)]
    pub print: bool,
    /// Directory of the build context.
    #[arg(long, value_name = "DIR", default_value = "studio-image")]
    pub output: PathBuf,
}

/// Runs `studio image`.
pub async fn run(args: ImageArgs) -> ExitCode {
    match args.command {
        ImageCommand::Build(args) => match build(&args).await {
            Ok(exit) => exit.into(),
            Err(failure) => failure.report(),
        },
    }
}

/// The context written, the tag and the Flink release.
struct Prepared {
    tag: String,
    release: String,
}

fn prepare(args: &BuildArgs) -> Result<Prepared, Failure> {
    if !args.config.exists() {
        return Err(Failure::new(
            Exit::Usage,
            format!(
                "{} not found; pass --config FILE (see examples/platform/)",
                args.config.display()
            ),
        ));
    }
    let mut config = studio_manifests::config::load(&LoadOptions {
        file: args.config.clone(),
        env: args.env.clone(),
        cloud: args.cloud.map(|cloud| match cloud {
            CloudArg::Gcp => Cloud::Gcp,
            CloudArg::Aks => Cloud::Aks,
        }),
        process_env: std::env::vars().collect(),
    })
    .map_err(|err| Failure::new(Exit::Usage, err.to_string()))?;
    if let Some(version) = &args.flink_version {
        config.flink.version = version.parse().map_err(|err| {
            Failure::new(Exit::Usage, format!("--flink-version {version}: {err}"))
        })?;
    }
    let release = config.flink.version.release.clone();
    let jars = connectors::resolve(&config, &args.config)
        .map_err(|err| Failure::new(Exit::Usage, err.to_string()))?;
    let context = image::context(&config, &release, &jars);
    std::fs::create_dir_all(&args.output).map_err(|err| io_failure(&args.output, &err))?;
    for (name, text) in &context.files {
        let path = args.output.join(name);
        std::fs::write(&path, text).map_err(|err| io_failure(&path, &err))?;
    }
    eprint(&format!(
        "Wrote {} ({} connector jar(s), Flink {release}, base {})",
        args.output.join("Dockerfile").display(),
        jars.len(),
        image::base_image(&release)
    ));
    for jar in &jars {
        eprint(&format!("  {}", jar.coordinates()));
    }
    let tag = args.tag.clone().unwrap_or_else(|| {
        if config.connectors.custom_image {
            config.image.clone()
        } else {
            format!("flink-sql-studio:{release}")
        }
    });
    Ok(Prepared { tag, release })
}

fn io_failure(path: &Path, err: &std::io::Error) -> Failure {
    Failure::new(
        Exit::Usage,
        format!("cannot write {}: {err}", path.display()),
    )
}

fn docker_commands(args: &BuildArgs, tag: &str) -> Vec<Vec<String>> {
    let mut commands = vec![vec![
        "build".to_owned(),
        "--tag".to_owned(),
        tag.to_owned(),
        args.output.display().to_string(),
    ]];
    if args.push {
        commands.push(vec!["push".to_owned(), tag.to_owned()]);
    }
    commands
}

async fn build(args: &BuildArgs) -> Result<Exit, Failure> {
    let prepared = prepare(args)?;
    let commands = docker_commands(args, &prepared.tag);
    if args.print {
        print(&format!(
            "# Build context for Flink {} written to {}; build it with:",
            prepared.release,
            args.output.display()
        ));
        for command in &commands {
            print(&studio_kube::operator::shell_line("docker", command));
        }
        return Ok(Exit::Success);
    }
    docker_engine_running().await?;
    for command in &commands {
        eprint(&format!(
            "Running: {}",
            studio_kube::operator::shell_line("docker", command)
        ));
        let status = tokio::process::Command::new("docker")
            .args(command)
            .kill_on_drop(true)
            .status()
            .await
            .map_err(|err| Failure::new(Exit::Failed, format!("cannot run docker: {err}")))?;
        if !status.success() {
            return Err(Failure::new(
                Exit::Failed,
                format!("docker {} failed ({status})", command[0]),
            ));
        }
    }
    print(&format!("Built {}", prepared.tag));
    Ok(Exit::Success)
}

/// Fails with a hint to `--print` when the docker CLI is missing or no engine answers.
async fn docker_engine_running() -> Result<(), Failure> {
    let hint = "the build context is written; build it where Docker runs, or use --print";
    let mut command = tokio::process::Command::new("docker");
    command
        .args(["info", "--format", "{{.ServerVersion}}"])
        .kill_on_drop(true);
    let output = tokio::time::timeout(Duration::from_secs(30), command.output()).await;
    match output {
        Err(_) => Err(Failure::new(
            Exit::Unreachable,
            format!("the Docker engine did not answer within 30 s; {hint}"),
        )),
        Ok(Err(err)) => Err(Failure::new(
            Exit::Unreachable,
            format!("docker is not installed ({err}); {hint}"),
        )),
        Ok(Ok(out)) if !out.status.success() => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let reason = stderr
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("docker info failed");
            Err(Failure::new(
                Exit::Unreachable,
                format!("no Docker engine is running ({}); {hint}", reason.trim()),
            ))
        }
        Ok(Ok(_)) => Ok(()),
    }
}
