//! `studio render`: print the platform's Kubernetes manifests from a typed configuration.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use studio_manifests::config::{Cloud, LoadOptions};
use studio_manifests::render::OutputFormat;

use crate::exit::Exit;

/// Arguments of `studio render`.
#[derive(Debug, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct RenderArgs {
    /// Platform configuration file.
    #[arg(long, value_name = "FILE", default_value = "studio.yaml")]
    pub config: PathBuf,
    /// Cloud to render for; overrides the file's `cloud`.
    #[arg(long, value_enum)]
    pub cloud: Option<CloudArg>,
    /// Environment overlay: reads `<stem>.<NAME>.yaml` and/or `<stem>.<NAME>.env` next to the file.
    #[arg(long = "env", value_name = "NAME")]
    pub env: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderOutput::Yaml)]
    pub output: RenderOutput,
}

/// Clouds `--cloud` accepts.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CloudArg {
    /// GKE with GCS and GKE Workload Identity.
    Gcp,
    /// AKS with ADLS Gen2 and Azure Workload Identity.
    Aks,
}

/// Output formats of `studio render`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RenderOutput {
    /// Multi-document YAML in apply order.
    Yaml,
    /// A JSON v1/List in apply order.
    Json,
}

/// Runs `studio render`: exit 0 with the manifests on stdout, or 2 (usage) with the
/// reason on stderr; 1 when stdout cannot be written.
pub async fn run(args: RenderArgs) -> ExitCode {
    let options = LoadOptions {
        file: args.config.clone(),
        env: args.env.clone(),
        cloud: args.cloud.map(|cloud| match cloud {
            CloudArg::Gcp => Cloud::Gcp,
            CloudArg::Aks => Cloud::Aks,
        }),
        process_env: std::env::vars().collect(),
    };
    let format = match args.output {
        RenderOutput::Yaml => OutputFormat::Yaml,
        RenderOutput::Json => OutputFormat::Json,
    };
    let rendered = studio_manifests::config::load(&options)
        .and_then(|config| studio_manifests::build::build(&config, &options.file))
        .and_then(|objects| studio_manifests::render::render(&objects, format));
    match rendered {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("error: cannot write the manifests: {err}");
                    Exit::Failed.into()
                }
            }
        }
        Err(err) => {
            let mut message = format!("error: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            eprintln!("{message}");
            Exit::Usage.into()
        }
    }
}
