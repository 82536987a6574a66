//! `cargo xtask corpus`: generate, check and test a crate for every OpenAPI document in a
//! folder, and compare the results with the expected ones kept next to this runner.

use crate::util::{count, workspace_root, write_file};
use anyhow::{anyhow, Context as _, Result};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The expected result per document, updated deliberately with `--update-expected`.
const EXPECTED: &str = "xtask/corpus-expected.tsv";

pub(crate) struct Options {
    dir: PathBuf,
    /// The expected results to compare with (or to update).
    expected: PathBuf,
    /// Documents whose path contains any of these; all when empty.
    filters: Vec<String>,
    /// Only the documents this file lists, one path (relative to `dir`) a line.
    list: Option<PathBuf>,
    /// Generate only: no clippy, no examples.
    generate_only: bool,
    /// How many documents are checked at once.
    jobs: usize,
    update_expected: bool,
}

/// Generate, clippy and test a crate for every document under a folder (nested folders
/// included), and compare the results with the expected-results file.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The folder of documents (by default ../shared/corpus).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// The expected results (by default xtask/corpus-expected.tsv).
    #[arg(long)]
    expected: Option<PathBuf>,
    /// Only the documents whose path contains this (any of them, when given again).
    #[arg(long)]
    filter: Vec<String>,
    /// Only the documents this file lists, one path under the folder a line.
    #[arg(long)]
    list: Option<PathBuf>,
    /// Generation alone: no clippy, no examples.
    #[arg(long)]
    generate_only: bool,
    /// Crates checked at once, each worker with a target directory of its own.
    #[arg(long, default_value_t = 1)]
    jobs: usize,
    /// Write the results as the new expected ones.
    #[arg(long)]
    update_expected: bool,
}

impl Options {
    pub(crate) fn new(args: Args) -> Self {
        let root = workspace_root();
        Options {
            dir: args.dir.unwrap_or_else(|| root.join("../shared/corpus")),
            expected: args.expected.unwrap_or_else(|| root.join(EXPECTED)),
            filters: args.filter,
            list: args.list,
            generate_only: args.generate_only,
            jobs: args.jobs,
            update_expected: args.update_expected,
        }
    }
}

/// The result of one document, as the expected-results file records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    /// Generation stopped with an error.
    Refused,
    /// Generated; its crate failed clippy or its examples, or was not checked.
    Generates,
    /// Generated, passed clippy and round-tripped its examples.
    Pass,
}

impl Verdict {
    fn as_str(self) -> &'static str {
        match self {
            Verdict::Refused => "refused",
            Verdict::Generates => "generates",
            Verdict::Pass => "pass",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "refused" | "fail" => Some(Verdict::Refused),
            "generates" => Some(Verdict::Generates),
            "pass" => Some(Verdict::Pass),
            _ => None,
        }
    }
}

/// What happened to one document.
struct Outcome {
    name: String,
    operations: usize,
    types: usize,
    generation: Duration,
    warnings: usize,
    generated: bool,
    /// Whether clippy and the examples ran.
    checked: bool,
    /// `Ok(())`, or the first error: generation, clippy or the examples test.
    result: Result<()>,
    examples: usize,
    examples_round_tripped: usize,
}

impl Outcome {
    fn verdict(&self) -> Verdict {
        match (self.generated, self.checked, &self.result) {
            (false, _, _) => Verdict::Refused,
            (true, true, Ok(())) => Verdict::Pass,
            (true, _, _) => Verdict::Generates,
        }
    }
}

/// Every file under `dir`, as a path relative to it with `/` separators, sorted.
fn documents_under(dir: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries =
            fs::read_dir(&folder).map_err(|err| anyhow!("{}: {err}", folder.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The documents a list file names: one path a line, `#` starts a comment.
fn listed(path: &Path) -> Result<Vec<String>> {
    let text = fs::read_to_string(path).map_err(|err| anyhow!("{}: {err}", path.display()))?;
    Ok(text
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}

pub(crate) fn run(options: &Options) -> Result<()> {
    let root = workspace_root();
    let work = root.join("target/corpus");
    let mut documents = documents_under(&options.dir)?;
    if let Some(list) = &options.list {
        let wanted = listed(list)?;
        if let Some(missing) = wanted.iter().find(|name| !documents.contains(name)) {
            return Err(anyhow!(
                "{} lists `{missing}`, which is not in {}",
                list.display(),
                options.dir.display()
            ));
        }
        documents.retain(|name| wanted.contains(name));
    }

    let mut wanted = Vec::new();
    for name in documents {
        if !options.filters.is_empty() && !options.filters.iter().any(|f| name.contains(f)) {
            continue;
        }
        let path = options.dir.join(&name);
        let is_document = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) && fs::read_to_string(&path)
            .ok()
            .and_then(|text| codegen::load::load(&name, &text).ok())
            .is_some_and(|value| value.get("openapi").is_some() || value.get("swagger").is_some());
        if !is_document {
            outln!("skipped {name}: not an OpenAPI document");
            continue;
        }
        wanted.push((name, path));
    }
    // Each worker checks its crates in a target directory of its own: cargo locks one
    // per build, and one crate's check keeps about one core busy.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let outcomes = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..options.jobs.max(1) {
            let (next, outcomes, wanted, work) = (&next, &outcomes, &wanted, &work);
            let target = match worker {
                0 => work.join("target"),
                n => work.join(format!("target-{n}")),
            };
            scope.spawn(move || loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((name, path)) = wanted.get(index) else {
                    break;
                };
                let outcome = check_document(path, name, work, &target, options.generate_only);
                outln!(
                    "{name}: {} in {:.0?}{}",
                    outcome.verdict().as_str(),
                    outcome.generation,
                    outcome
                        .result
                        .as_ref()
                        .err()
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default()
                );
                if let Ok(mut outcomes) = outcomes.lock() {
                    outcomes.push(outcome);
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap_or_default();
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    print_table(&outcomes, options.generate_only);
    compare_with_expected(&options.expected, &outcomes, options)
}

fn check_document(
    path: &Path,
    name: &str,
    work: &Path,
    target: &Path,
    generate_only: bool,
) -> Outcome {
    let stem = package_stem(name);
    let crate_dir = work.join(&stem);
    let mut outcome = Outcome {
        name: name.to_owned(),
        operations: 0,
        types: 0,
        generation: Duration::ZERO,
        warnings: 0,
        generated: false,
        checked: false,
        result: Ok(()),
        examples: 0,
        examples_round_tripped: 0,
    };
    let started = Instant::now();
    let generated = fs::read_to_string(path)
        .map_err(anyhow::Error::from)
        .and_then(|text| {
            Ok(codegen::Generator::new(format!("corpus-{stem}"))
                .spec_label(name)
                .standalone(false)
                .document_folder(path.parent().unwrap_or(Path::new(".")))
                .generate(name, &text)?)
        });
    outcome.generation = started.elapsed();
    let generated = match generated {
        Ok(generated) => generated,
        Err(err) => {
            outcome.result = Err(anyhow!("generation: {err}"));
            return outcome;
        }
    };
    outcome.generated = true;
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
    if generate_only {
        return outcome;
    }
    let _ = fs::remove_dir_all(&crate_dir);
    outcome.checked = true;
    if let Err(err) = write_workspace(&generated, &crate_dir, &stem) {
        outcome.result = Err(err);
        return outcome;
    }
    // The client and its command-line tool, as one workspace: the client is checked
    // once for both, with its mock (the crate and more; the tests build it without).
    let mock = format!("corpus-{stem}/mock");
    let workspace = ["--workspace", "--all-targets", "--features", mock.as_str()];
    outcome.result = cargo(
        &crate_dir,
        target,
        &[&["clippy"][..], &workspace, &["--", "-D", "warnings"]].concat(),
    )
    .map_err(|err| anyhow!("clippy: {err}"))
    .and_then(|()| {
        cargo(&crate_dir, target, &["test", "--workspace"])
            .map_err(|err| anyhow!("examples and the tool's command line: {err}"))
    });
    if outcome.result.is_err() {
        outcome.examples_round_tripped = 0;
    }
    forget_artifacts(target, &format!("corpus-{stem}"));
    forget_artifacts(target, &format!("corpus-{stem}-cli"));
    outcome
}

/// A workspace of the document's client (`client/`) and its command-line tool (`cli/`,
/// whose test is clap's check of the command line: no flag twice, ...).
fn write_workspace(generated: &codegen::Generated, dir: &Path, stem: &str) -> Result<()> {
    for file in &generated.files {
        write_file(&dir.join("client").join(&file.path), &file.contents)?;
    }
    let client = format!("corpus-{stem}");
    let mut info = codegen::cli::CliInfo::new(&Default::default(), &client, "../client");
    info.crate_name = format!("{client}-cli");
    let files = generated
        .cli_files(&info)
        .map_err(|err| anyhow!("cli: {err}"))?;
    for file in &files {
        write_file(&dir.join("cli").join(&file.path), &file.contents)?;
    }
    write_file(
        &dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"cli\"]\n",
    )?;
    let lock = workspace_root().join("Cargo.lock");
    fs::copy(&lock, dir.join("Cargo.lock")).map_err(|err| anyhow!("{}: {err}", lock.display()))?;
    Ok(())
}

/// `adobe.com/aem.json` -> `adobe-com-aem`: unique per document, a valid part of a
/// package name.
pub(crate) fn package_stem(document: &str) -> String {
    let stem = document.rsplit_once('.').map_or(document, |(stem, _)| stem);
    // One `-` for each run of other characters: `Orders-API-(PII-version)` ->
    // `orders-api-pii-version`, which makes a snake-case crate name.
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

/// Removes what checking one crate left in the shared target directory (its test
/// binary alone is some 50 MB): a run over a thousand documents would fill the disk.
fn forget_artifacts(target: &Path, package: &str) {
    let library = package.replace('-', "_");
    let debug = target.join("debug");
    for (folder, prefixes) in [
        (
            "deps",
            vec![format!("{library}-"), format!("lib{library}-")],
        ),
        (".fingerprint", vec![format!("{package}-")]),
    ] {
        let Ok(entries) = fs::read_dir(debug.join(folder)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if prefixes
                .iter()
                .any(|prefix| name.starts_with(prefix.as_str()))
            {
                let path = entry.path();
                let _ = if path.is_dir() {
                    fs::remove_dir_all(&path)
                } else {
                    fs::remove_file(&path)
                };
            }
        }
    }
}

/// Runs cargo on a generated crate; the error is the first line that says what failed.
fn cargo(crate_dir: &Path, target: &Path, args: &[&str]) -> Result<()> {
    let (subcommand, rest) = args.split_first().context("no cargo subcommand")?;
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .arg(subcommand)
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .args(rest)
        .env("CARGO_TARGET_DIR", target)
        // Each crate is checked once: incremental state and debug info would only take
        // disk and link time.
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .output()
        .map_err(|err| anyhow!("cannot run cargo: {err}"))?;
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
    Err(anyhow!(if detail.is_empty() { first } else { detail }))
}

fn print_table(outcomes: &[Outcome], generate_only: bool) {
    outln!();
    outln!("| document | operations | types | generation | result | examples (round-trip / all) | warnings | first error |");
    outln!("|---|---:|---:|---:|---|---:|---:|---|");
    for o in outcomes {
        let error = match &o.result {
            Ok(()) => String::new(),
            Err(err) => (err.to_string().lines().next().unwrap_or_default()).replace('|', "\\|"),
        };
        outln!(
            "| {} | {} | {} | {:.1} ms | {} | {} / {} | {} | {} |",
            o.name,
            o.operations,
            o.types,
            o.generation.as_secs_f64() * 1000.0,
            o.verdict().as_str(),
            o.examples_round_tripped,
            o.examples,
            o.warnings,
            error
        );
    }
    let generated = outcomes.iter().filter(|o| o.generated).count();
    outln!();
    outln!(
        "{} of {} generate",
        generated,
        count(outcomes.len(), "document")
    );
    if !generate_only {
        let passed = outcomes.iter().filter(|o| o.result.is_ok()).count();
        outln!(
            "{} of {} pass clippy and their examples",
            passed,
            count(outcomes.len(), "document")
        );
    }
}

/// Compares the results with the expected ones: a document that used to generate and no
/// longer does, or that used to pass and now fails a check that ran, is a regression.
/// `--update-expected` records the results of the documents that ran, keeping the others.
fn compare_with_expected(path: &Path, outcomes: &[Outcome], options: &Options) -> Result<()> {
    let expected_text = fs::read_to_string(path).unwrap_or_default();
    let mut expected: BTreeMap<String, Verdict> = expected_text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .filter_map(|(name, verdict)| Some((name.to_owned(), Verdict::parse(verdict.trim())?)))
        .collect();
    let mut regressions = Vec::new();
    for outcome in outcomes {
        let actual = outcome.verdict();
        let was = expected.get(&outcome.name).copied();
        // Without the checks, a generated document may still be the `pass` it was.
        let actual = match (was, actual) {
            (Some(Verdict::Pass), Verdict::Generates) if options.generate_only => Verdict::Pass,
            _ => actual,
        };
        match was {
            Some(was) if actual < was => regressions.push(format!(
                "{} ({} -> {})",
                outcome.name,
                was.as_str(),
                actual.as_str()
            )),
            Some(was) if actual > was && !options.update_expected => outln!(
                "{} is now `{}` (was `{}`): record it with `--update-expected`",
                outcome.name,
                actual.as_str(),
                was.as_str()
            ),
            None if !options.update_expected => outln!(
                "{} is not in {}: record it with `--update-expected`",
                outcome.name,
                path.display()
            ),
            _ => {}
        }
        if options.update_expected {
            expected.insert(outcome.name.clone(), actual);
        }
    }
    if options.update_expected {
        let mut text = String::from(
            "# document\tpass | generates | refused (cargo xtask corpus --update-expected)\n",
        );
        for (name, verdict) in &expected {
            text.push_str(&format!("{name}\t{}\n", verdict.as_str()));
        }
        write_file(path, &text)?;
        outln!("wrote {}", path.display());
        return Ok(());
    }
    if regressions.is_empty() {
        Ok(())
    } else {
        Err(anyhow!(
            "documents that did better before: {}",
            regressions.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::package_stem;

    #[test]
    fn package_stems_make_snake_case_crate_names() {
        assert_eq!(
            package_stem("vtex.local/Orders-API-(PII-version).json"),
            "vtex-local-orders-api-pii-version"
        );
        assert_eq!(package_stem("omni-2026-03-31.json"), "omni-2026-03-31");
    }
}
