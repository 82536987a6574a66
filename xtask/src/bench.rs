//! `cargo xtask bench`: time per stage and peak memory of generating a crate, for a set of
//! documents, in a release build. Each document runs in a process of its own so that its
//! peak memory is its own.

use crate::util::workspace_root;
use anyhow::{anyhow, bail, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The documents the issue names, when they are there.
const DOCUMENTS: &[&str] = &[
    // The seed page (the series before the whole Omni client), then the whole client's.
    "tests/fixtures/omni-seed.yaml",
    "spec/openapi.json",
    "../shared/corpus/omni-2026-03-31.json",
    "../shared/corpus/oxide-nexus.json",
    "../shared/corpus/box.json",
    "../shared/corpus/plaid-2020-09-14.yaml",
    // The largest document of the corpus.
    "../shared/corpus/asana.yaml",
];

/// Runs of each document; the median is reported.
const RUNS: usize = 7;

/// The document both generators read, for the comparison with progenitor.
const PEER_DOCUMENT: &str = "../shared/corpus/oxide-nexus.json";

/// Time each stage of generation and the peak memory, on a release build.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Also progenitor on oxide-nexus.json, and `cargo check` of the crates both make.
    #[arg(long)]
    peers: bool,
    /// The documents (by default those of the corpus the benchmark follows).
    documents: Vec<PathBuf>,
}

/// Builds the release xtask and has it measure each document; with `--peers`, also
/// progenitor on [`PEER_DOCUMENT`] and `cargo check` of the crates both make.
pub(crate) fn run(args: &Args) -> Result<()> {
    let root = workspace_root();
    let peers = args.peers;
    let documents: Vec<PathBuf> = if args.documents.is_empty() {
        DOCUMENTS
            .iter()
            .map(|d| root.join(d))
            .filter(|p| p.exists())
            .collect()
    } else {
        args.documents.clone()
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(&cargo)
        .args(["build", "--quiet", "--release", "--package", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|err| anyhow!("cannot run cargo: {err}"))?;
    if !status.success() {
        bail!("the release build of xtask failed");
    }
    let binary = root.join("target/release/xtask");
    outln!(
        "| document | bytes | load | normalize | parse | resolve | emit | format | sum | end to end | per 100 KB | peak memory |"
    );
    outln!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for document in documents {
        let output = Command::new(&binary)
            .arg("bench-one")
            .arg(&document)
            .output()
            .map_err(|err| anyhow!("cannot run {}: {err}", binary.display()))?;
        if !output.status.success() {
            bail!("{}", String::from_utf8_lossy(&output.stderr));
        }
        out!("{}", String::from_utf8_lossy(&output.stdout));
    }
    outln!(
        "\n(release build; median of {RUNS} runs per stage, run one after another; \"sum\" adds \
         the stages, \"end to end\" is the generator as `cargo xtask codegen` runs it, emit \
         and format on two threads; peak memory is the process's VmHWM after one generation)"
    );
    if peers {
        compare_with_progenitor(&root, &cargo, &binary)?;
    }
    Ok(())
}

/// Times progenitor and us on the same document, end to end (file in, formatted source
/// out), then `cargo check` of the crate each makes and of our Omni client, with their
/// dependencies built beforehand.
fn compare_with_progenitor(root: &Path, cargo: &str, ours: &Path) -> Result<()> {
    let document = root.join(PEER_DOCUMENT);
    let work = root.join("target/bench");
    let peer_manifest = root.join("xtask/peers/progenitor/Cargo.toml");
    run_cargo(
        cargo,
        root,
        &[
            "build",
            "--quiet",
            "--release",
            "--manifest-path",
            &peer_manifest.to_string_lossy(),
            "--target-dir",
            &work.join("peer-target").to_string_lossy(),
        ],
    )?;
    let peer = work.join("peer-target/release/progenitor-peer");
    let peer_crate = work.join("progenitor-oxide");
    let peer_ms = timed_output(
        Command::new(&peer)
            .arg(&document)
            .arg(RUNS.to_string())
            .arg(&peer_crate),
    )?;
    let our_ms = timed_output(Command::new(ours).arg("bench-total").arg(&document))?;
    let our_crate = work.join("ours-oxide");
    let omni_crate = work.join("ours-omni");
    for (spec, out) in [
        (document.clone(), &our_crate),
        (
            root.join("../shared/corpus/omni-2026-03-31.json"),
            &omni_crate,
        ),
    ] {
        let status = Command::new(ours)
            .args(["codegen", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|err| anyhow!("cannot run {}: {err}", ours.display()))?;
        if !status.success() {
            bail!("generating {} failed", spec.display());
        }
    }
    outln!("\n| oxide-nexus.json, end to end | ours | progenitor | ratio |");
    outln!("|---|---:|---:|---:|");
    outln!(
        "| generation (median of {RUNS}) | {:.1} ms | {:.1} ms | {:.1}x faster |",
        our_ms.0,
        peer_ms.0,
        peer_ms.0 / our_ms.0
    );
    if let (Some(ours), Some(peers)) = (our_ms.1, peer_ms.1) {
        outln!(
            "| generation (fastest of {RUNS}) | {ours:.1} ms | {peers:.1} ms | {:.1}x faster |",
            peers / ours
        );
    }
    let check_target = work.join("check-target");
    let ours_check = check_time(cargo, &our_crate, &check_target)?;
    let peer_check = check_time(cargo, &peer_crate, &check_target)?;
    let omni_check = check_time(cargo, &omni_crate, &check_target)?;
    outln!(
        "| `cargo check` of the crate (dependencies built, not incremental, median of 3) | {:.1} s | {:.1} s | {:.2} |",
        ours_check.as_secs_f64(),
        peer_check.as_secs_f64(),
        ours_check.as_secs_f64() / peer_check.as_secs_f64()
    );
    outln!(
        "\n`cargo check` of our client for omni-2026-03-31.json (dependencies built, not \
         incremental, median of 3): {:.1} s",
        omni_check.as_secs_f64()
    );
    Ok(())
}

/// Runs cargo in `dir`, with incremental compilation off (the bench wants nothing of a
/// crate reused from an earlier build).
fn run_cargo(cargo: &str, dir: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new(cargo)
        .args(args)
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(dir)
        .status()
        .map_err(|err| anyhow!("cannot run cargo: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(anyhow!("`cargo {}` failed", args.join(" ")))
    }
}

/// Runs a measuring command and reads the milliseconds it prints: the median, then the
/// fastest run when it gives one.
fn timed_output(command: &mut Command) -> Result<(f64, Option<f64>)> {
    let output = command
        .output()
        .map_err(|err| anyhow!("cannot run {command:?}: {err}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(anyhow!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let numbers: Result<Vec<f64>, _> = text.split_whitespace().map(str::parse).collect();
    match numbers.as_deref() {
        Ok([median]) => Ok((*median, None)),
        Ok([median, fastest]) => Ok((*median, Some(*fastest))),
        _ => Err(anyhow!("{command:?} printed `{text}`, not milliseconds")),
    }
}

/// Checks of each crate; the median is reported (one check swings by a second or two
/// on a busy machine).
const CHECK_RUNS: usize = 3;

/// The time of `cargo check` of a crate whose dependencies are already built: one check
/// to build them, then, [`CHECK_RUNS`] times, the crate's own source touched and
/// checked again from scratch (incremental compilation off, so nothing of the crate
/// itself is reused); the median.
fn check_time(cargo: &str, dir: &Path, target: &Path) -> Result<Duration> {
    let target = target.to_string_lossy();
    let check = || run_cargo(cargo, dir, &["check", "--quiet", "--target-dir", &target]);
    check()?;
    let lib = dir.join("src/lib.rs");
    let source = std::fs::read(&lib).map_err(|err| anyhow!("{}: {err}", lib.display()))?;
    let mut times = Vec::with_capacity(CHECK_RUNS);
    for _ in 0..CHECK_RUNS {
        std::fs::write(&lib, &source).map_err(|err| anyhow!("{}: {err}", lib.display()))?;
        let started = Instant::now();
        check()?;
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times[CHECK_RUNS / 2])
}

/// End to end, as `cargo xtask codegen` does it (file in, formatted files out, nothing
/// written): prints the median milliseconds of [`RUNS`] runs.
pub(crate) fn total(path: &Path) -> Result<()> {
    let (median, fastest) = end_to_end(path)?;
    outln!(
        "{:.3} {:.3}",
        median.as_secs_f64() * 1000.0,
        fastest.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// The median and the fastest time of [`RUNS`] generations through
/// [`codegen::Generator`], whose emit and format stages share the work between two
/// threads. The fastest run is the one least disturbed by the rest of the machine.
fn end_to_end(path: &Path) -> Result<(Duration, Duration)> {
    let name = path.display().to_string();
    let folder = path.parent().unwrap_or(Path::new("."));
    let generator = codegen::Generator::new("bench").document_folder(folder);
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let text = std::fs::read_to_string(path).map_err(|err| anyhow!("{name}: {err}"))?;
        let generated = generator.generate(&name, &text)?;
        std::hint::black_box(generated);
        times.push(started.elapsed());
    }
    times.sort();
    Ok((times[RUNS / 2], times[0]))
}

/// Measures one document in this process and prints one table row.
pub(crate) fn one(path: &Path) -> Result<()> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|err| anyhow!("{name}: {err}"))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    // Peak memory is that of one generation, read before the repeated runs (whose
    // threads leave allocator heaps behind) can raise it.
    let generated = codegen::Generator::new("bench")
        .document_folder(folder)
        .generate(&name, &text)?;
    drop(generated);
    let peak = peak_memory().unwrap_or_else(|| "?".to_owned());
    let mut stages: [Vec<Duration>; 6] = Default::default();
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut document = codegen::load::load(&name, &text)?;
        let loaded = Instant::now();
        codegen::bundle::bundle(&name, &mut document, Some(folder))?;
        let mut diagnostics = codegen::normalize::normalize(&name, &mut document)?;
        let normalized = Instant::now();
        let spec = codegen::parse::parse(&name, document)?;
        let parsed = Instant::now();
        let api = codegen::resolve::resolve(&spec, &Default::default(), &mut diagnostics)?;
        diagnostics.extend(codegen::examples::check(&api));
        let resolved = Instant::now();
        let settings = codegen::CrateInfo {
            spec_label: name.clone(),
            command: "cargo xtask bench".to_owned(),
            standalone: true,
            ..codegen::CrateInfo::new("bench")
        };
        let emitted_files = codegen::emit::emit_files(&api, &settings);
        let emitted = Instant::now();
        let files = codegen::format::format_files(emitted_files)?;
        let formatted = Instant::now();
        std::hint::black_box((files, diagnostics));
        let marks = [
            started, loaded, normalized, parsed, resolved, emitted, formatted,
        ];
        for (stage, pair) in marks.windows(2).enumerate() {
            stages[stage].push(pair[1] - pair[0]);
        }
    }
    let median = |runs: &mut Vec<Duration>| {
        runs.sort();
        runs[runs.len() / 2]
    };
    let medians: Vec<Duration> = stages.iter_mut().map(median).collect();
    let total: Duration = medians.iter().sum();
    let (end_to_end, fastest) = end_to_end(path)?;
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let end_to_end_text = format!("{} (fastest {})", ms(end_to_end), ms(fastest));
    outln!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        path.file_name().unwrap_or_default().to_string_lossy(),
        text.len(),
        ms(medians[0]),
        ms(medians[1]),
        ms(medians[2]),
        ms(medians[3]),
        ms(medians[4]),
        ms(medians[5]),
        ms(total),
        end_to_end_text,
        ms(end_to_end.mul_f64(100_000.0 / text.len().max(1) as f64)),
        peak
    );
    Ok(())
}

/// The process's peak resident memory (Linux `VmHWM`).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.1} MiB", kib as f64 / 1024.0))
}
