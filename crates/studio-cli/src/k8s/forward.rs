//! `studio port-forward gateway|jobmanager` and `studio ui`: a local port forwarding to the
//! platform's Service through the Kubernetes API, held until Ctrl-C.

use std::process::ExitCode;

use studio_kube::portforward::{Destination, Event, Forwarder};

use super::{Failure, PlatformArgs, eprint, print};
use crate::exit::Exit;

/// Which Service to forward to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// The SQL Gateway Service.
    Gateway,
    /// The JobManager REST Service (`<cluster>-rest`, port 8081): the Flink UI.
    Jobmanager,
}

/// Arguments of `studio port-forward`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct PortForwardArgs {
    /// Which Service.
    #[arg(value_enum)]
    pub which: Which,
    /// Local port (default: the Service's port; 0 picks a free one).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Which platform and cluster.
    #[command(flatten)]
    pub platform: PlatformArgs,
}

/// Arguments of `studio ui`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = crate::exit::help_text())]
pub struct UiArgs {
    /// Local port.
    #[arg(long, value_name = "N", default_value_t = 8081)]
    pub port: u16,
    /// Open the Flink UI in the browser.
    #[arg(long)]
    pub open: bool,
    /// Which platform and cluster.
    #[command(flatten)]
    pub platform: PlatformArgs,
}

/// Runs `studio port-forward`.
pub async fn run(args: PortForwardArgs) -> ExitCode {
    match forward(&args.platform, args.which, args.port, false).await {
        Ok(exit) => exit.into(),
        Err(failure) => failure.report(),
    }
}

/// Runs `studio ui`.
pub async fn run_ui(args: UiArgs) -> ExitCode {
    match forward(
        &args.platform,
        Which::Jobmanager,
        Some(args.port),
        args.open,
    )
    .await
    {
        Ok(exit) => exit.into(),
        Err(failure) => failure.report(),
    }
}

async fn forward(
    platform_args: &PlatformArgs,
    which: Which,
    port: Option<u16>,
    open: bool,
) -> Result<Exit, Failure> {
    let (platform, _) = platform_args.load()?;
    let target = platform_args.cluster.target().await?;
    let dest = match which {
        Which::Gateway => Destination {
            namespace: platform.namespace().to_owned(),
            service: platform.gateway_name().to_owned(),
            port: u16::try_from(platform.config.gateway.port).unwrap_or(8083),
        },
        Which::Jobmanager => Destination {
            namespace: platform.namespace().to_owned(),
            service: platform.rest_service(),
            port: 8081,
        },
    };
    // Fail early, with the reason, when nothing can answer; later pod restarts are waited out.
    let backend = studio_kube::portforward::backend(&target, &dest).await?;
    let forwarder = Forwarder::bind(&target, dest.clone(), port.unwrap_or(dest.port))
        .await
        .map_err(|err| {
            Failure::new(
                Exit::Usage,
                format!("{err} (pick another local port with --port)"),
            )
        })?;
    let addr = forwarder.local_addr()?;
    let url = format!("http://{addr}");
    eprint(&format!(
        "forwarding {url} → {}/{}:{} (pod {}); Ctrl-C to stop",
        dest.namespace, dest.service, dest.port, backend.pod
    ));
    print(&url);
    if open {
        open_browser(&url);
    }
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let serving = tokio::spawn(forwarder.serve(events));
    let mut last_pod = backend.pod;
    loop {
        tokio::select! {
            event = received.recv() => match event {
                Some(Event::Connected { pod }) if pod != last_pod => {
                    eprint(&format!("now forwarding to pod {pod}"));
                    last_pod = pod;
                }
                Some(Event::Failed { message }) => eprint(&format!("connection failed: {message}")),
                Some(_) => {}
                None => break,
            },
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    serving.abort();
    Ok(Exit::Success)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(opener).arg(url).spawn() {
        eprint(&format!(
            "could not run {opener} ({err}); open {url} yourself"
        ));
    }
}
