//! `cargo xtask bench`: time per stage and peak memory of generating a crate, for a set of
//! documents, in a release build. Each document runs in a process of its own so that its
//! peak memory is its own.

use crate::codegen::workspace_root;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The documents the issue names, when they are there.
const DOCUMENTS: &[&str] = &[
    "spec/openapi.yaml",
    "../shared/corpus/omni-2026-03-31.json",
    "../shared/corpus/oxide-nexus.json",
    "../shared/corpus/box.json",
    "../shared/corpus/plaid-2020-09-14.yaml",
];

/// Runs of each document; the median is reported.
const RUNS: usize = 7;

/// Builds the release xtask and has it measure each document.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let documents: Vec<PathBuf> = if args.is_empty() {
        DOCUMENTS
            .iter()
            .map(|d| root.join(d))
            .filter(|p| p.exists())
            .collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(&cargo)
        .args(["build", "--quiet", "--release", "--package", "xtask"])
        .current_dir(&root)
        .status()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if !status.success() {
        return Err("the release build of xtask failed".to_owned());
    }
    let binary = root.join("target/release/xtask");
    println!("| document | bytes | load | normalize | parse | resolve | emit+format | total | peak memory |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for document in documents {
        let output = Command::new(&binary)
            .arg("bench-one")
            .arg(&document)
            .output()
            .map_err(|err| format!("cannot run {}: {err}", binary.display()))?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        print!("{}", String::from_utf8_lossy(&output.stdout));
    }
    println!(
        "\n(release build; median of {RUNS} runs per stage; peak memory is the process's VmHWM)"
    );
    Ok(())
}

/// Measures one document in this process and prints one table row.
pub fn one(path: &Path) -> Result<(), String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|err| format!("{name}: {err}"))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut stages: [Vec<Duration>; 5] = Default::default();
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut document = codegen::load::load(&name, &text).map_err(|e| e.to_string())?;
        let loaded = Instant::now();
        codegen::bundle::bundle(&name, &mut document, Some(folder)).map_err(|e| e.to_string())?;
        let mut diagnostics =
            codegen::normalize::normalize(&name, &mut document).map_err(|e| e.to_string())?;
        let normalized = Instant::now();
        let spec = codegen::parse::parse(&name, document).map_err(|e| e.to_string())?;
        let parsed = Instant::now();
        let api =
            codegen::resolve::resolve(&name, &spec, &mut diagnostics).map_err(|e| e.to_string())?;
        diagnostics.extend(codegen::examples::check(&api));
        let resolved = Instant::now();
        let settings = codegen::Settings {
            crate_name: "bench".to_owned(),
            spec_label: name.clone(),
            command: "cargo xtask bench".to_owned(),
            standalone: true,
        };
        let files = codegen::emit::emit_crate(&api, &settings)?;
        let emitted = Instant::now();
        std::hint::black_box((files, diagnostics));
        let marks = [started, loaded, normalized, parsed, resolved, emitted];
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
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        path.file_name().unwrap_or_default().to_string_lossy(),
        text.len(),
        ms(medians[0]),
        ms(medians[1]),
        ms(medians[2]),
        ms(medians[3]),
        ms(medians[4]),
        ms(total),
        peak_memory().unwrap_or_else(|| "?".to_owned())
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
