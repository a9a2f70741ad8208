//! Builds kube-apiserver, kube-controller-manager, kube-scheduler, etcd and kwok from the Go
//! module proxy, once per machine, into `~/.cache/flink-studio/k8s/<version>/bin`.
//!
//! `k8s.io/kubernetes` cannot be `go install`ed (its go.mod replaces the staging modules with
//! local paths), so a wrapper module requires it and replaces every staging module with its
//! published version. The replace lines are generated from upstream's go.mod at build time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

/// The Kubernetes release matching the `k8s-openapi` feature the workspace uses (`latest`).
pub const K8S_VERSION: &str = "v1.37.2";
/// kwok release (its go.mod needs no newer Go than the machines have).
pub const KWOK_VERSION: &str = "v0.7.0";
/// Bump when the build recipe changes, so cached binaries are rebuilt.
const RECIPE: &str = "recipe-1";
/// The binaries, in build order (the apiserver first fills the shared build cache).
pub const BINARIES: &[&str] = &[
    "kube-apiserver",
    "etcd",
    "kube-controller-manager",
    "kube-scheduler",
    "kwok",
];

/// `~/.cache/flink-studio` (honours `XDG_CACHE_HOME`).
pub fn cache_root() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("flink-studio")
}

/// Where the binaries of `K8S_VERSION` live.
pub fn bin_dir() -> PathBuf {
    cache_root().join("k8s").join(K8S_VERSION).join("bin")
}

fn manifest_path() -> PathBuf {
    bin_dir().join("MANIFEST.sha256")
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).with_context(|| format!("reading {}", path.display()))?;
    Ok(hex::encode(hasher.finalize()))
}

fn expected_manifest_header() -> String {
    format!("# {RECIPE} kubernetes {K8S_VERSION} kwok {KWOK_VERSION}\n")
}

/// Whether every binary is present and matches the manifest written when it was built.
fn verified() -> bool {
    let Ok(text) = std::fs::read_to_string(manifest_path()) else {
        return false;
    };
    if !text.starts_with(&expected_manifest_header()) {
        return false;
    }
    BINARIES.iter().all(|name| {
        let path = bin_dir().join(name);
        let Ok(sum) = sha256_file(&path) else {
            return false;
        };
        text.lines().any(|line| line == format!("{sum}  {name}"))
    })
}

/// Returns the bin dir, building whatever is missing or fails its checksum.
pub fn ensure() -> Result<PathBuf> {
    if verified() {
        return Ok(bin_dir());
    }
    let go = Command::new("go").arg("version").output();
    let Ok(go) = go else {
        bail!("`go` is not on PATH; the Kubernetes testbed is built from Go modules (Go 1.26+)");
    };
    println!(
        "  building Kubernetes {K8S_VERSION} and kwok {KWOK_VERSION} (once per machine; cold: ~20-30 min on 2 cores)"
    );
    println!("  {}", String::from_utf8_lossy(&go.stdout).trim());
    let total = Instant::now();
    let wrap = cache_root().join("k8s").join(K8S_VERSION).join("wrap");
    std::fs::create_dir_all(&wrap)?;
    std::fs::create_dir_all(bin_dir())?;
    let staging = format!("v0.{}", K8S_VERSION.trim_start_matches("v1."));
    let minor = K8S_VERSION.split('.').nth(1).unwrap_or("0");

    let _ = std::fs::remove_file(wrap.join("go.mod"));
    let _ = std::fs::remove_file(wrap.join("go.sum"));
    go_in(&wrap, &["mod", "init", "studio.local/k8s-testbed"])?;
    let info = go_output(
        &wrap,
        &[
            "mod",
            "download",
            "-json",
            &format!("k8s.io/kubernetes@{K8S_VERSION}"),
        ],
    )?;
    let info: serde_json::Value =
        serde_json::from_str(&info).context("reading `go mod download -json`")?;
    let upstream_mod = info["GoMod"]
        .as_str()
        .context("`go mod download` gave no GoMod path")?;
    let upstream =
        std::fs::read_to_string(upstream_mod).with_context(|| format!("reading {upstream_mod}"))?;
    if let Some(go_line) = upstream.lines().find_map(|l| l.strip_prefix("go ")) {
        go_in(&wrap, &["mod", "edit", &format!("-go={}", go_line.trim())])?;
    }
    let mut replaced = 0;
    for line in upstream.lines() {
        let line = line.trim();
        if let Some((module, target)) = line.split_once("=>")
            && target.trim().starts_with("./staging/")
        {
            let module = module.trim();
            go_in(
                &wrap,
                &[
                    "mod",
                    "edit",
                    &format!("-replace={module}={module}@{staging}"),
                ],
            )?;
            replaced += 1;
        }
    }
    if replaced == 0 {
        bail!("no staging modules found in {upstream_mod}; has upstream's go.mod changed shape?");
    }
    println!("  wrapper module: {replaced} staging modules replaced with {staging}");
    std::fs::create_dir_all(wrap.join("cmd/etcd"))?;
    std::fs::write(
        wrap.join("cmd/etcd/main.go"),
        "package main\n\nimport (\n\t\"os\"\n\n\t\"go.etcd.io/etcd/server/v3/etcdmain\"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n",
    )?;
    std::fs::create_dir_all(wrap.join("cmd/anchor"))?;
    std::fs::write(
        wrap.join("cmd/anchor/main.go"),
        "package main\n\nimport (\n\t_ \"k8s.io/kubernetes/cmd/kube-apiserver/app\"\n\t_ \"k8s.io/kubernetes/cmd/kube-controller-manager/app\"\n\t_ \"k8s.io/kubernetes/cmd/kube-scheduler/app\"\n)\n\nfunc main() {}\n",
    )?;
    go_in(&wrap, &["get", &format!("k8s.io/kubernetes@{K8S_VERSION}")])?;
    // The etcd server at the version of the etcd client the apiserver links.
    let etcd = go_output(
        &wrap,
        &[
            "list",
            "-m",
            "-f",
            "{{.Version}}",
            "go.etcd.io/etcd/client/v3",
        ],
    )?;
    go_in(
        &wrap,
        &["get", &format!("go.etcd.io/etcd/server/v3@{}", etcd.trim())],
    )?;
    go_in(&wrap, &["mod", "tidy"])?;
    println!(
        "  modules resolved in {:.0?} (etcd {})",
        total.elapsed(),
        etcd.trim()
    );

    let v = "k8s.io/component-base/version";
    let c = "k8s.io/client-go/pkg/version";
    let ldflags = format!(
        "-s -w -X {v}.gitVersion={K8S_VERSION} -X {v}.gitMajor=1 -X {v}.gitMinor={minor} \
         -X {v}.gitTreeState=clean -X {c}.gitVersion={K8S_VERSION} -X {c}.gitMajor=1 \
         -X {c}.gitMinor={minor} -X {c}.gitTreeState=clean"
    );
    let out = bin_dir();
    for name in BINARIES {
        let started = Instant::now();
        let target = out.join(name);
        match *name {
            "kwok" => {
                let mut cmd = go_command(&wrap);
                cmd.env("GOBIN", &out).args([
                    "install",
                    "-trimpath",
                    "-ldflags=-s -w",
                    &format!("sigs.k8s.io/kwok/cmd/kwok@{KWOK_VERSION}"),
                ]);
                run(cmd, "go install kwok")?;
            }
            "etcd" => go_build(&wrap, &ldflags, &target, "./cmd/etcd")?,
            other => go_build(
                &wrap,
                &ldflags,
                &target,
                &format!("k8s.io/kubernetes/cmd/{other}"),
            )?,
        }
        println!("  built {name} in {:.0?}", started.elapsed());
    }
    let mut manifest = expected_manifest_header();
    for name in BINARIES {
        manifest.push_str(&format!("{}  {name}\n", sha256_file(&out.join(name))?));
    }
    std::fs::write(manifest_path(), manifest)?;
    println!(
        "  Kubernetes testbed binaries ready in {:.0?}",
        total.elapsed()
    );
    Ok(out)
}

fn go_command(dir: &Path) -> Command {
    let root = cache_root().join("go");
    let mut cmd = Command::new("go");
    cmd.current_dir(dir)
        .env("GOMODCACHE", root.join("mod"))
        .env("GOCACHE", root.join("build"))
        .env("GOFLAGS", "-mod=mod")
        .env("CGO_ENABLED", "0")
        .env("GOTOOLCHAIN", "local");
    cmd
}

fn go_build(dir: &Path, ldflags: &str, out: &Path, package: &str) -> Result<()> {
    let mut cmd = go_command(dir);
    cmd.args(["build", "-trimpath", "-ldflags", ldflags, "-o"])
        .arg(out)
        .arg(package);
    run(cmd, &format!("go build {package}"))
}

fn go_in(dir: &Path, args: &[&str]) -> Result<()> {
    let mut cmd = go_command(dir);
    cmd.args(args);
    run(cmd, &format!("go {}", args.join(" ")))
}

fn go_output(dir: &Path, args: &[&str]) -> Result<String> {
    let output = go_command(dir)
        .args(args)
        .output()
        .with_context(|| format!("running go {}", args.join(" ")))?;
    if !output.status.success() {
        bail!(
            "go {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn run(mut cmd: Command, what: &str) -> Result<()> {
    let output = cmd.output().with_context(|| format!("running {what}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
        bail!(
            "{what} failed ({}):\n{}",
            output.status,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    Ok(())
}
