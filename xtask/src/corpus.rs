//! `cargo xtask corpus`: generate, check and test a crate for every OpenAPI document in a
//! folder, and compare the results with the expected ones kept next to this runner.

use crate::codegen::{count, workspace_root, write_file};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The expected result per document, updated deliberately with `--update-expected`.
const EXPECTED: &str = "xtask/corpus-expected.tsv";

pub struct Options {
    dir: PathBuf,
    /// Documents whose file name contains any of these; all when empty.
    filters: Vec<String>,
    update_expected: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            dir: workspace_root().join("../shared/corpus"),
            filters: Vec::new(),
            update_expected: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--dir" => {
                    options.dir = PathBuf::from(args.next().ok_or("`--dir` needs a folder")?)
                }
                "--filter" => options
                    .filters
                    .push(args.next().ok_or("`--filter` needs a text")?.clone()),
                "--update-expected" => options.update_expected = true,
                other => return Err(format!("unknown argument `{other}`\n{}", crate::USAGE)),
            }
        }
        Ok(options)
    }
}

/// What happened to one document.
struct Outcome {
    name: String,
    operations: usize,
    types: usize,
    generation: Duration,
    warnings: usize,
    /// `Ok(())`, or the first error: generation, clippy or the examples test.
    result: Result<(), String>,
    examples: usize,
    examples_round_tripped: usize,
}

pub fn run(options: &Options) -> Result<(), String> {
    let root = workspace_root();
    let work = root.join("target/corpus");
    let mut documents: Vec<PathBuf> = fs::read_dir(&options.dir)
        .map_err(|err| format!("{}: {err}", options.dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .collect();
    documents.sort();

    let mut outcomes = Vec::new();
    for path in documents {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !options.filters.is_empty() && !options.filters.iter().any(|f| name.contains(f)) {
            continue;
        }
        let is_document = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) && fs::read_to_string(&path)
            .ok()
            .and_then(|text| codegen::load::load(&name, &text).ok())
            .is_some_and(|value| value.get("openapi").is_some() || value.get("swagger").is_some());
        if !is_document {
            println!("skipped {name}: not an OpenAPI document");
            continue;
        }
        let outcome = check_document(&path, &name, &work);
        println!(
            "{name}: {} in {:.0?}{}",
            if outcome.result.is_ok() {
                "ok"
            } else {
                "FAILED"
            },
            outcome.generation,
            outcome
                .result
                .as_ref()
                .err()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        );
        outcomes.push(outcome);
    }
    print_table(&outcomes);
    compare_with_expected(&root.join(EXPECTED), &outcomes, options)
}

fn check_document(path: &Path, name: &str, work: &Path) -> Outcome {
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .replace(['.', '_'], "-");
    let crate_dir = work.join(&stem);
    let mut outcome = Outcome {
        name: name.to_owned(),
        operations: 0,
        types: 0,
        generation: Duration::ZERO,
        warnings: 0,
        result: Ok(()),
        examples: 0,
        examples_round_tripped: 0,
    };
    let started = Instant::now();
    let generated = fs::read_to_string(path)
        .map_err(|err| err.to_string())
        .and_then(|text| {
            codegen::Generator::new(format!("corpus-{stem}"))
                .spec_label(name)
                .standalone(true)
                .document_folder(path.parent().unwrap_or(Path::new(".")))
                .generate(name, &text)
                .map_err(|err| err.to_string())
        });
    outcome.generation = started.elapsed();
    let generated = match generated {
        Ok(generated) => generated,
        Err(err) => {
            outcome.result = Err(format!("generation: {err}"));
            return outcome;
        }
    };
    outcome.operations = generated.api.operations.len();
    outcome.types = generated.api.types.len();
    outcome.warnings = generated.diagnostics.len();
    outcome.examples = generated.api.examples.len();
    outcome.examples_round_tripped = generated
        .api
        .examples
        .iter()
        .filter(|e| codegen::examples::round_trips(&generated.api, e))
        .count();
    let _ = fs::remove_dir_all(&crate_dir);
    for file in &generated.files {
        if let Err(err) = write_file(&crate_dir.join(&file.path), &file.contents) {
            outcome.result = Err(err);
            return outcome;
        }
    }
    let lock = workspace_root().join("Cargo.lock");
    if let Err(err) = fs::copy(&lock, crate_dir.join("Cargo.lock")) {
        outcome.result = Err(format!("{}: {err}", lock.display()));
        return outcome;
    }
    outcome.result = cargo(
        &crate_dir,
        work,
        &["clippy", "--all-targets", "--", "-D", "warnings"],
    )
    .map_err(|err| format!("clippy: {err}"))
    .and_then(|()| cargo(&crate_dir, work, &["test"]).map_err(|err| format!("examples: {err}")));
    if outcome.result.is_err() {
        outcome.examples_round_tripped = 0;
    }
    outcome
}

/// Runs cargo on a generated crate; the error is the first line that says what failed.
fn cargo(crate_dir: &Path, work: &Path, args: &[&str]) -> Result<(), String> {
    let (subcommand, rest) = args.split_first().ok_or("no cargo subcommand")?;
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .arg(subcommand)
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .args(rest)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let first = stderr
        .lines()
        .chain(stdout.lines())
        .find(|line| {
            line.starts_with("error")
                || line.contains("panicked")
                || line.contains("do not round-trip")
        })
        .unwrap_or("failed")
        .to_owned();
    let detail = stderr
        .lines()
        .chain(stdout.lines())
        .skip_while(|line| !line.starts_with("error") && !line.contains("round-trip"))
        .take(6)
        .collect::<Vec<_>>()
        .join("\n    ");
    Err(if detail.is_empty() { first } else { detail })
}

fn print_table(outcomes: &[Outcome]) {
    println!();
    println!("| document | operations | types | generation | check | examples (round-trip / all) | warnings | first error |");
    println!("|---|---:|---:|---:|---|---:|---:|---|");
    for o in outcomes {
        let error = match &o.result {
            Ok(()) => String::new(),
            Err(err) => err.lines().next().unwrap_or_default().replace('|', "\\|"),
        };
        println!(
            "| {} | {} | {} | {:.1} ms | {} | {} / {} | {} | {} |",
            o.name,
            o.operations,
            o.types,
            o.generation.as_secs_f64() * 1000.0,
            if o.result.is_ok() { "pass" } else { "FAIL" },
            o.examples_round_tripped,
            o.examples,
            o.warnings,
            error
        );
    }
    let passed = outcomes.iter().filter(|o| o.result.is_ok()).count();
    println!();
    println!("{} of {} pass", passed, count(outcomes.len(), "document"));
}

fn compare_with_expected(
    path: &Path,
    outcomes: &[Outcome],
    options: &Options,
) -> Result<(), String> {
    let actual: BTreeMap<&str, &str> = outcomes
        .iter()
        .map(|o| {
            (
                o.name.as_str(),
                if o.result.is_ok() { "pass" } else { "fail" },
            )
        })
        .collect();
    if options.update_expected {
        let mut text =
            String::from("# document\texpected result (cargo xtask corpus --update-expected)\n");
        for (name, result) in &actual {
            text.push_str(&format!("{name}\t{result}\n"));
        }
        write_file(path, &text)?;
        println!("wrote {}", path.display());
        return Ok(());
    }
    let expected_text = fs::read_to_string(path).unwrap_or_default();
    let expected: BTreeMap<&str, &str> = expected_text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .collect();
    let mut regressions = Vec::new();
    for (name, result) in &actual {
        match (expected.get(name).copied(), *result) {
            (Some("pass"), "fail") => regressions.push(*name),
            (Some("fail") | None, "pass") => {
                println!("{name} now passes: record it with `cargo xtask corpus --update-expected`")
            }
            _ => {}
        }
    }
    if regressions.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "documents that used to pass now fail: {}",
            regressions.join(", ")
        ))
    }
}
