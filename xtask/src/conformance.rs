//! `cargo xtask conformance`: a generated client on the wire against an independent
//! validating mock. Prism (`prism mock -d`, from npm, installed into `target/` when
//! missing) checks every request against the document and answers with random data its
//! schemas allow; a driver built beside the client calls every operation once. An answer
//! the client cannot decode is checked with an independent JSON Schema validator (Ajv),
//! so that a mock that breaks its own document is told apart from a client fault.

use anyhow::{anyhow, bail, Result};
mod cli;
mod narrow;

use crate::spec::{Revision, Spec};
use crate::util::{workspace_root, write_file};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The npm packages, pinned so that every run uses the same mock and validator.
const PACKAGES: &[&str] = &[
    "@stoplight/prism-cli@5.16.0",
    "ajv@8.20.0",
    "ajv-formats@3.0.1",
];

/// How long one call may take, mock included.
const CALL_TIMEOUT: Duration = Duration::from_secs(60);

pub(crate) struct Options {
    specs: Vec<PathBuf>,
    seed: u64,
    cli: bool,
    kit: bool,
}

/// The generated client on the wire: every operation called once against Prism's
/// validating mock of the document (installed into target/ with npm when missing);
/// replies the client cannot decode are checked with Ajv to tell mock faults apart.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// A document (again for more; by default spec/openapi.json).
    #[arg(long)]
    spec: Vec<PathBuf>,
    /// The seed of the values sent.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Call every operation through the generated command-line tool (its arguments and
    /// flags, its exit code and output) instead of the client's driver.
    #[arg(long)]
    cli: bool,
    /// Call every operation against the client's own test kit (its `mock` feature)
    /// instead of Prism: each request must pass the kit's checks and each default answer
    /// decode.
    #[arg(long, conflicts_with = "cli")]
    kit: bool,
}

impl Options {
    pub(crate) fn new(args: Args) -> Self {
        let mut specs = args.spec;
        if specs.is_empty() {
            specs.push(workspace_root().join(crate::codegen::OMNI_SPEC));
        }
        Options {
            specs,
            seed: args.seed,
            cli: args.cli,
            kit: args.kit,
        }
    }
}

/// What happened to one call.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    /// The mock accepted the request and the client decoded the answer.
    Pass(String),
    /// The mock refused the request: the client sent what the document does not allow.
    Rejected(String),
    /// The client could not decode an answer that the document allows.
    Undecoded(String),
    /// A value the document allows does not fit the client's type.
    Argument(String),
    /// No answer: the client or the mock failed on the way.
    Transport(String),
    /// The mock's answer breaks the document's own schema (or the mock crashed).
    MockFault(String),
    /// Refused, but the driver's own value breaks the schema: no fault of the client.
    Unbuilt(String),
    /// Not called.
    Skipped(String),
}

impl Verdict {
    fn is_client_fault(&self) -> bool {
        matches!(
            self,
            Verdict::Rejected(_)
                | Verdict::Undecoded(_)
                | Verdict::Argument(_)
                | Verdict::Transport(_)
        )
    }

    fn label(&self) -> (&'static str, &str) {
        match self {
            Verdict::Pass(detail) => ("pass", detail),
            Verdict::Rejected(detail) => ("FAIL: request refused", detail),
            Verdict::Undecoded(detail) => ("FAIL: reply not decoded", detail),
            Verdict::Argument(detail) => ("FAIL: argument", detail),
            Verdict::Transport(detail) => ("FAIL: transport", detail),
            Verdict::MockFault(detail) => ("mock fault", detail),
            Verdict::Unbuilt(detail) => ("not driven: no valid value built", detail),
            Verdict::Skipped(detail) => ("skipped", detail),
        }
    }
}

struct Report {
    name: String,
    rows: Vec<Row>,
    restarts: usize,
}

pub(crate) fn run(options: &Options) -> Result<()> {
    let work = workspace_root().join("target/conformance");
    let tools = install_tools(&work)?;
    let mut reports = Vec::new();
    // A document whose driver cannot be made is reported, and the others still run.
    let mut unchecked = Vec::new();
    for spec in &options.specs {
        match check_document(spec, &work, &tools, options) {
            Ok(report) => {
                print_report(&report);
                reports.push(report);
            }
            Err(err) => {
                eprintln!("error: {}: {err}", spec.display());
                unchecked.push(spec.display().to_string());
            }
        }
    }
    outln!("\n| document | operations | called | pass | client faults | mock faults | not driven | skipped | mock restarts |");
    outln!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut faults = 0;
    for report in &reports {
        let count = |f: fn(&Verdict) -> bool| report.rows.iter().filter(|(_, _, v)| f(v)).count();
        let skipped = count(|v| matches!(v, Verdict::Skipped(_)));
        let client = count(Verdict::is_client_fault);
        faults += client;
        outln!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            report.name,
            report.rows.len(),
            report.rows.len() - skipped,
            count(|v| matches!(v, Verdict::Pass(_))),
            client,
            count(|v| matches!(v, Verdict::MockFault(_))),
            count(|v| matches!(v, Verdict::Unbuilt(_))),
            skipped,
            report.restarts
        );
    }
    match (faults, unchecked.as_slice()) {
        (0, []) => Ok(()),
        (faults, []) => Err(anyhow!("{faults} calls failed for reasons of the client")),
        (faults, unchecked) => Err(anyhow!(
            "{faults} calls failed for reasons of the client, and {} could not be checked: {}",
            unchecked.len(),
            unchecked.join(", ")
        )),
    }
}

struct Tools {
    prism: PathBuf,
    node_modules: PathBuf,
}

/// Prism and Ajv under `work/node_modules`, installed with npm when missing.
fn install_tools(work: &Path) -> Result<Tools> {
    let tools = Tools {
        prism: work.join("node_modules/.bin/prism"),
        node_modules: work.join("node_modules"),
    };
    let stamp = work.join("node_modules/.conformance-packages");
    let wanted = PACKAGES.join("\n");
    if tools.prism.exists() && fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(tools);
    }
    fs::create_dir_all(work).map_err(|err| anyhow!("{}: {err}", work.display()))?;
    outln!("installing {} into {}", PACKAGES.join(", "), work.display());
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(work)
        .args(PACKAGES)
        .status()
        .map_err(|err| anyhow!("cannot run npm (Node.js and npm are needed): {err}"))?;
    if !status.success() {
        bail!("npm install {} failed", PACKAGES.join(" "));
    }
    write_file(&stamp, &wanted)?;
    Ok(tools)
}

/// What makes each call: the client's driver, or the command-line tool.
enum Driver {
    Client(PathBuf),
    Tool(cli::Tool),
}

impl Driver {
    fn call(&self, base: &str, index: usize) -> Value {
        match self {
            Driver::Client(binary) => drive(binary, base, index),
            Driver::Tool(tool) => tool.call(base, index, CALL_TIMEOUT),
        }
    }
}

/// A row of the report: the Rust method, `METHOD /path`, and what happened.
type Row = (String, String, Verdict);

/// Every operation of one document called through its generated client (or tool, or
/// against its own mock), each verdict checked until it blames the right side.
fn check_document(spec: &Path, work: &Path, tools: &Tools, options: &Options) -> Result<Report> {
    let name = spec
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let stem = crate::corpus::package_stem(&name);
    let crate_name = format!("conformance-{stem}");
    // With the settings and overlays beside it, as `cargo xtask codegen` reads it.
    let read = Spec::read(spec, &name, None, &Revision::WorkingTree)?;
    let generated = codegen::Generator::new(&crate_name)
        .settings(read.settings.clone())
        .overlays(read.overlays.clone())
        .spec_label(&name)
        .standalone(true)
        .document_folder(read.folder())
        .generate(&name, &read.text)?;
    // Nothing to call (a document of webhooks alone), and Prism refuses to start on it.
    if generated.api.operations.is_empty() {
        return Ok(Report {
            name,
            rows: Vec::new(),
            restarts: 0,
        });
    }
    let dir = work.join(&stem);
    let (document, mock_spec) = mock_document(spec, &read, &name, &dir)?;
    let calls = choose_calls(tools, &dir, &generated.api, &document)?;
    write_driver_crate(&dir, &generated, &calls, &crate_name)?;
    let driver = match options.cli {
        true => Driver::Tool(cli::prepare(&dir, work, &generated, &calls, &crate_name)?),
        false => Driver::Client(build_driver(&dir, work, &name, options.kit)?),
    };
    if options.kit {
        return Ok(Report {
            name,
            rows: against_kit(&driver, &calls),
            restarts: 0,
        });
    }
    let against = Against {
        tools,
        dir: &dir,
        document: &document,
        api: &generated.api,
        driver: &driver,
        seed: options.seed,
    };
    let (mut rows, mut restarts) = against.mock_of(&mock_spec, &calls)?;
    restarts += against.narrowed_mock(&mut rows)?;
    against.blame_refused_values(&calls, &mut rows)?;
    Ok(Report {
        name,
        rows,
        restarts,
    })
}

/// The document the mock serves, as JSON (overlaid and bundled, as the client was
/// generated from it, then normalized for the checks), and the file the mock reads.
fn mock_document(spec: &Path, read: &Spec, name: &str, dir: &Path) -> Result<(Value, PathBuf)> {
    let mut document = read.overlaid()?;
    codegen::bundle::bundle(name, &mut document, Some(read.folder()))?;
    let mock_spec = match read.overlays.is_empty() {
        true => spec.to_path_buf(),
        false => {
            let path = dir.join("overlaid.json");
            write_file(&path, &document.to_string())?;
            path
        }
    };
    codegen::normalize::normalize(name, &mut document)?;
    Ok((document, mock_spec))
}

/// The generated crate, with the calls' driver as a module and a binary of its own.
fn write_driver_crate(
    dir: &Path,
    generated: &codegen::Generated,
    calls: &[codegen::conformance::Call],
    crate_name: &str,
) -> Result<()> {
    let driver = codegen::conformance::driver(&generated.api, calls)?;
    let _ = fs::remove_dir_all(dir.join("src"));
    for file in &generated.files {
        let contents = match file.path.as_str() {
            "Cargo.toml" => with_driver_dependencies(&file.contents)?,
            "src/lib.rs" => format!("{}\n#[doc(hidden)]\npub mod conformance;\n", file.contents),
            _ => file.contents.clone(),
        };
        write_file(&dir.join(&file.path), &contents)?;
    }
    write_file(&dir.join("src/conformance.rs"), &driver)?;
    let library = crate_name.replace('-', "_");
    write_file(
        &dir.join("src/bin/conformance-driver.rs"),
        &DRIVER_MAIN.replace("conformance_crate", &library),
    )?;
    fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|err| anyhow!("Cargo.lock: {err}"))?;
    Ok(())
}

/// What calling a document's operations against Prism needs.
struct Against<'a> {
    tools: &'a Tools,
    dir: &'a Path,
    document: &'a Value,
    api: &'a codegen::ir::Api,
    driver: &'a Driver,
    seed: u64,
}

impl Against<'_> {
    /// Every call against a mock of the document: a row per call, and how often the mock
    /// was restarted. A reply the client could not decode is the mock's fault when it
    /// breaks the document's schema.
    fn mock_of(
        &self,
        mock_spec: &Path,
        calls: &[codegen::conformance::Call],
    ) -> Result<(Vec<Row>, usize)> {
        let spec_path =
            fs::canonicalize(mock_spec).map_err(|err| anyhow!("{}: {err}", mock_spec.display()))?;
        let mut mock = Mock::start(
            self.tools,
            &spec_path,
            self.seed,
            &self.dir.join("prism.log"),
        )?;
        let mut rows = Vec::new();
        let mut undecoded = Vec::new();
        for (index, call) in calls.iter().enumerate() {
            if let Some(reason) = &call.skipped {
                let verdict = Verdict::Skipped(reason.clone());
                rows.push((call.method.clone(), call.label.clone(), verdict));
                continue;
            }
            let mut outcome = self.driver.call(&mock.base(), index);
            if outcome["outcome"] == "transport" && !mock.alive() {
                // The request took the mock down: start it again and call once more.
                mock.restart()?;
                outcome = self.driver.call(&mock.base(), index);
                if outcome["outcome"] == "transport" && !mock.alive() {
                    mock.restart()?;
                    let verdict = Verdict::MockFault("the mock crashed on the request".to_owned());
                    rows.push((call.method.clone(), call.label.clone(), verdict));
                    continue;
                }
            }
            let verdict = judge(&outcome);
            if let Verdict::Undecoded(_) = verdict {
                undecoded.push((rows.len(), outcome.clone()));
            }
            rows.push((call.method.clone(), call.label.clone(), verdict));
        }
        let restarts = mock.restarts;
        mock.stop();
        judge_undecoded(
            self.tools,
            self.dir,
            self.document,
            self.api,
            &mut rows,
            &undecoded,
        )?;
        Ok((rows, restarts))
    }

    /// Calls the mock could not answer, or answered against the document: once more
    /// against a mock of the narrowed document. A row per call, so a row's index is its
    /// call's. Returns how often that mock was restarted.
    fn narrowed_mock(&self, rows: &mut [Row]) -> Result<usize> {
        let unanswered: Vec<usize> = (0..rows.len())
            .filter(|&row| matches!(rows[row].2, Verdict::MockFault(_)))
            .collect();
        if unanswered.is_empty() {
            return Ok(0);
        }
        let narrowed_path = self.dir.join("narrowed.json");
        write_file(&narrowed_path, &narrow::narrowed(self.document).to_string())?;
        let log = self.dir.join("prism-narrowed.log");
        let mut narrowed = Mock::start(self.tools, &narrowed_path, self.seed, &log)?;
        let mut undecoded = Vec::new();
        for row in unanswered {
            let outcome = self.driver.call(&narrowed.base(), row);
            match judge(&outcome) {
                Verdict::Pass(detail) => {
                    let how = "answered by the mock of the narrowed document";
                    rows[row].2 = Verdict::Pass(match detail.is_empty() {
                        true => how.to_owned(),
                        false => format!("{how}: {detail}"),
                    })
                }
                verdict @ Verdict::Undecoded(_) => {
                    undecoded.push((row, outcome));
                    rows[row].2 = verdict;
                }
                // A refusal by the narrower document, or a fault again: the first verdict
                // stands.
                _ => {}
            }
            if !narrowed.alive() {
                narrowed.restart()?;
            }
        }
        let restarts = narrowed.restarts;
        narrowed.stop();
        judge_undecoded(
            self.tools,
            self.dir,
            self.document,
            self.api,
            rows,
            &undecoded,
        )?;
        Ok(restarts)
    }

    /// Requests the mock refused: the driver's fault when one of its own values breaks
    /// its schema. A row per call, so a row's index is its call's.
    fn blame_refused_values(
        &self,
        calls: &[codegen::conformance::Call],
        rows: &mut [Row],
    ) -> Result<()> {
        let mut checks = Vec::new();
        let mut owners = Vec::new();
        for (row, call) in calls.iter().enumerate() {
            if !matches!(rows[row].2, Verdict::Rejected(_)) {
                continue;
            }
            for (schema, value) in &call.samples {
                checks.push(json!({"schema": schema, "value": value}));
                owners.push(row);
            }
        }
        if checks.is_empty() {
            return Ok(());
        }
        let results = validate(self.tools, self.dir, self.document, &checks)?;
        for (row, result) in owners.into_iter().zip(results) {
            if result["valid"] == false && !matches!(rows[row].2, Verdict::Unbuilt(_)) {
                let errors = result["errors"].as_str().unwrap_or_default().to_owned();
                rows[row].2 = Verdict::Unbuilt(errors);
            }
        }
        Ok(())
    }
}

/// Validates with Ajv each reply (row, outcome) the client could not decode: one that
/// breaks the document's schema is the mock's fault. A row per call, so a row is also
/// its operation's index.
fn judge_undecoded(
    tools: &Tools,
    dir: &Path,
    document: &Value,
    api: &codegen::ir::Api,
    rows: &mut [Row],
    undecoded: &[(usize, Value)],
) -> Result<()> {
    if undecoded.is_empty() {
        return Ok(());
    }
    let checks: Vec<Value> = undecoded
        .iter()
        .map(|(row, outcome)| {
            json!({
                "operation": api.operations[*row].origin,
                "status": outcome["status"],
                "content_type": outcome["content_type"],
                "body": outcome["body"],
            })
        })
        .collect();
    let results = validate(tools, dir, document, &checks)?;
    for ((row, _), result) in undecoded.iter().zip(results) {
        if result["valid"] == false {
            let errors = result["errors"].to_string();
            rows[*row].2 =
                Verdict::MockFault(format!("the reply breaks the document's schema: {errors}"));
        }
    }
    Ok(())
}

/// How many branch choices are tried for the unions of a call's values.
const PICKS: usize = 4;

/// A call per operation whose values all satisfy their schemas (checked with Ajv): with
/// each union's first branch, else its second, and so on; else the first.
fn choose_calls(
    tools: &Tools,
    dir: &Path,
    api: &codegen::ir::Api,
    document: &Value,
) -> Result<Vec<codegen::conformance::Call>> {
    let plans: Vec<Vec<codegen::conformance::Call>> = (0..PICKS)
        .map(|branch| codegen::conformance::plan(api, document, branch))
        .collect();
    let mut checks = Vec::new();
    let mut owners = Vec::new();
    for (pick, calls) in plans.iter().enumerate() {
        for (index, call) in calls.iter().enumerate() {
            // Later picks are tried only where they build something else.
            if pick > 0 && call.samples == plans[0][index].samples {
                continue;
            }
            for (schema, value) in &call.samples {
                checks.push(json!({"schema": schema, "value": value}));
                owners.push((pick, index));
            }
        }
    }
    let mut valid = vec![vec![true; api.operations.len()]; PICKS];
    for pick in 1..PICKS {
        for (index, call) in plans[pick].iter().enumerate() {
            valid[pick][index] = call.samples != plans[0][index].samples;
        }
    }
    if !checks.is_empty() {
        let results = validate(tools, dir, document, &checks)?;
        for ((pick, index), result) in owners.into_iter().zip(results) {
            if result["valid"] == false {
                valid[pick][index] = false;
            }
        }
    }
    Ok((0..api.operations.len())
        .map(|index| {
            let pick = (0..PICKS).find(|&pick| valid[pick][index]).unwrap_or(0);
            plans[pick][index].clone()
        })
        .collect())
}

/// Every call against the client's own mock (`--kit`): a pass is an answer decoded and
/// a request the mock had nothing to say about.
fn against_kit(
    driver: &Driver,
    calls: &[codegen::conformance::Call],
) -> Vec<(String, String, Verdict)> {
    let rows = calls.iter().enumerate().map(|(index, call)| {
        if let Some(reason) = &call.skipped {
            return (
                call.method.clone(),
                call.label.clone(),
                Verdict::Skipped(reason.clone()),
            );
        }
        let outcome = driver.call("kit", index);
        let failures: Vec<&str> = (outcome["kit"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .collect();
        let verdict = match (judge(&outcome), failures.is_empty()) {
            (Verdict::Pass(_), true) if outcome["outcome"] == "decoded" => {
                Verdict::Pass(String::new())
            }
            (_, false) => Verdict::Rejected(failures.join("\n")),
            (Verdict::Pass(detail), true) => Verdict::Rejected(format!(
                "the kit's default answer is not a success: {detail}"
            )),
            (verdict, true) => verdict,
        };
        (call.method.clone(), call.label.clone(), verdict)
    });
    rows.collect()
}

/// Builds the client's conformance driver (with the crate's `mock` feature for
/// `--kit`); its binary.
fn build_driver(dir: &Path, work: &Path, name: &str, kit: bool) -> Result<PathBuf> {
    let features: &[&str] = match kit {
        true => &["--features", "mock"],
        false => &[],
    };
    let built = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "build",
            "--quiet",
            "--bin",
            "conformance-driver",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .args(features)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status()
        .map_err(|err| anyhow!("cannot run cargo: {err}"))?;
    if !built.success() {
        bail!("the conformance driver of {name} does not build");
    }
    Ok(work.join("target/debug/conformance-driver"))
}

/// The generated manifest with what the driver binary needs: tokio's runtime.
fn with_driver_dependencies(manifest: &str) -> Result<String> {
    let mut found = false;
    let lines: Vec<String> = (manifest.lines())
        .map(
            |line| match line.starts_with("tokio = ") && line.contains("features = [") {
                true => {
                    found = true;
                    line.replacen("features = [", "features = [\"macros\", \"rt\", ", 1)
                }
                false => line.to_owned(),
            },
        )
        .collect();
    if !found {
        return Err(anyhow!(
            "the generated Cargo.toml has no tokio line to extend"
        ));
    }
    Ok(lines.join("\n") + "\n")
}

/// Runs the driver for one call; its last line is the outcome.
fn drive(binary: &Path, base: &str, index: usize) -> Value {
    let mut command = Command::new(binary);
    command.arg(base).arg(index.to_string());
    let output = match output_within(&mut command, CALL_TIMEOUT, "the driver") {
        Ok(output) => output,
        Err(error) => return json!({"outcome": "transport", "error": error.to_string()}),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    match stdout
        .lines()
        .last()
        .and_then(|line| serde_json::from_str(line).ok())
    {
        Some(outcome) => outcome,
        None => json!({
            "outcome": "transport",
            "error": format!("the driver failed: {}", String::from_utf8_lossy(&output.stderr).lines().take(3).collect::<Vec<_>>().join(" ")),
        }),
    }
}

/// Runs `command` for at most `timeout` (then kills it), its output read as it comes
/// so that a full pipe cannot stall it; `Err` says why there is no output.
fn output_within(
    command: &mut Command,
    timeout: Duration,
    what: &str,
) -> Result<std::process::Output> {
    let mut child = (command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn())
    .map_err(|err| anyhow!("cannot run {what}: {err}"))?;
    let stdout = read_all(child.stdout.take());
    let stderr = read_all(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("the call took more than {} s", timeout.as_secs());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(err) => return Err(err.into()),
        }
    };
    Ok(std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Reads a pipe to its end on a thread of its own.
fn read_all<R: std::io::Read + Send + 'static>(
    pipe: Option<R>,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

fn judge(outcome: &Value) -> Verdict {
    let text = |key: &str| outcome[key].as_str().unwrap_or_default().to_owned();
    match outcome["outcome"].as_str().unwrap_or_default() {
        "decoded" => Verdict::Pass(String::new()),
        "status" => {
            let status = outcome["status"].as_u64().unwrap_or(0);
            match outcome["violations"].as_str() {
                Some(violations) if outcome["sent"].is_null() => {
                    Verdict::Rejected(format!("{status}: {violations}"))
                }
                Some(violations) => Verdict::Rejected(format!(
                    "{status}: {violations}; the body sent: {}",
                    outcome["sent"]
                )),
                // Prism answers 401 when the credentials the document asks for are missing.
                None if status == 401 || status == 403 => Verdict::Rejected(format!(
                    "{status}: the mock wanted other credentials: {}",
                    text("body")
                )),
                // Prism's own problem reports: it could not answer as the document says.
                None if text("body").contains("stoplight.io/prism/errors#") => {
                    let body: Value = serde_json::from_str(&text("body")).unwrap_or_default();
                    let field = |key: &str| body[key].as_str().unwrap_or_default().to_owned();
                    Verdict::MockFault(format!("{status}: {} {}", field("title"), field("detail")))
                }
                None => Verdict::Pass(format!("answered {status}, a status the document declares")),
            }
        }
        "undecodable" => Verdict::Undecoded(format!(
            "{} ({}): {}",
            outcome["status"],
            text("content_type"),
            text("error")
        )),
        "argument" => Verdict::Argument(text("error")),
        "skipped" => Verdict::Skipped(text("reason")),
        _ => Verdict::Transport(format!("{}: {}", text("outcome"), text("error"))),
    }
}

/// A running `prism mock`.
struct Mock<'t> {
    tools: &'t Tools,
    spec: PathBuf,
    seed: u64,
    log: PathBuf,
    port: u16,
    child: Child,
    restarts: usize,
}

impl<'t> Mock<'t> {
    fn start(tools: &'t Tools, spec: &Path, seed: u64, log: &Path) -> Result<Self> {
        let (port, child) = spawn_prism(tools, spec, seed, log)?;
        Ok(Mock {
            tools,
            spec: spec.to_path_buf(),
            seed,
            log: log.to_path_buf(),
            port,
            child,
            restarts: 0,
        })
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Whether the mock still runs; one that is going down is given a moment to.
    fn alive(&mut self) -> bool {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(2) {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return false;
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            return true;
        }
        false
    }

    fn restart(&mut self) -> Result<()> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let (port, child) = spawn_prism(self.tools, &self.spec, self.seed, &self.log)?;
        self.port = port;
        self.child = child;
        self.restarts += 1;
        Ok(())
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts Prism on a free loopback port and waits until it listens.
fn spawn_prism(tools: &Tools, spec: &Path, seed: u64, log: &Path) -> Result<(u16, Child)> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|err| anyhow!("no free port: {err}"))?
        .port();
    let log_file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|err| anyhow!("{}: {err}", log.display()))?;
    let mut child = Command::new(&tools.prism)
        .args([
            "mock",
            "-d",
            "--seed",
            &seed.to_string(),
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .arg(spec)
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .spawn()
        .map_err(|err| anyhow!("cannot start {}: {err}", tools.prism.display()))?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(anyhow!(
                "prism stopped ({status}) before listening; see {}",
                log.display()
            ));
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok((port, child));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    Err(anyhow!(
        "prism did not listen within 120 s; see {}",
        log.display()
    ))
}

/// Checks each reply body against the schema its operation and status declare, with Ajv.
fn validate(tools: &Tools, dir: &Path, document: &Value, checks: &[Value]) -> Result<Vec<Value>> {
    let input = dir.join("validate-input.json");
    write_file(
        &input,
        &json!({"document": document, "checks": checks}).to_string(),
    )?;
    let script = dir.join("validate.js");
    write_file(&script, VALIDATOR)?;
    let output = Command::new("node")
        .arg(&script)
        .arg(&input)
        .env("NODE_PATH", &tools.node_modules)
        .output()
        .map_err(|err| anyhow!("cannot run node: {err}"))?;
    if !output.status.success() {
        return Err(anyhow!(
            "the validator failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let results: Vec<Value> = serde_json::from_slice(&output.stdout)
        .map_err(|err| anyhow!("the validator's output: {err}"))?;
    Ok(results)
}

/// The independent validator: finds the response schema of each check in the document,
/// turns OpenAPI 3.0's `nullable` into JSON Schema, and validates the body with Ajv.
const VALIDATOR: &str = include_str!("conformance/validate.js");

/// The driver's `main`, for the crate `conformance_crate` (replaced by the crate's name):
/// `conformance-driver BASE INDEX` makes one call and prints its outcome.
const DRIVER_MAIN: &str = include_str!("conformance/driver_main.rs");

fn print_report(report: &Report) {
    let mut text = format!("\n{}\n", report.name);
    for (method, label, verdict) in &report.rows {
        let (what, detail) = verdict.label();
        let detail: String = detail.chars().take(300).collect();
        let _ = writeln!(
            text,
            "  {method} ({label}): {what}{}",
            if detail.is_empty() {
                String::new()
            } else {
                format!(": {detail}")
            }
        );
    }
    out!("{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_driver_gets_tokios_runtime_beside_the_clients_features() {
        let manifest = include_str!("../../generated-client/Cargo.toml");
        let extended = with_driver_dependencies(manifest).unwrap();
        let tokio = (extended.lines()).find(|line| line.starts_with("tokio = "));
        assert_eq!(
            tokio,
            Some(r#"tokio = { version = "1", features = ["macros", "rt", "sync", "time"] }"#)
        );
        assert_eq!(extended.lines().count(), manifest.lines().count());
        assert!(with_driver_dependencies("[dependencies]\n").is_err());
    }
}
