//! `cargo xtask conformance --cli`: every operation called through the generated
//! command-line tool instead of the client's driver: the planned values become the
//! command's arguments and flags, and what the tool prints (its exit code, the JSON
//! report on stderr, the reply headers `-v` logs) becomes the outcome the verdicts read.

use crate::util::write_file;
use anyhow::{anyhow, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The built tool and the arguments of each planned call.
pub(super) struct Tool {
    binary: PathBuf,
    /// Per call: the arguments after the global flags (`None`: skipped).
    args: Vec<Option<Vec<String>>>,
    basic: Vec<bool>,
    env_prefix: String,
    /// A home of its own: no profile of the machine's user is read.
    home: PathBuf,
}

/// Writes the tool's crate beside the client's (in `dir/cli`, the client in `dir`) and
/// builds it.
pub(super) fn prepare(
    dir: &Path,
    work: &Path,
    generated: &codegen::Generated,
    calls: &[codegen::conformance::Call],
    crate_name: &str,
) -> Result<Tool> {
    let folder = dir.join("cli");
    let _ = std::fs::remove_dir_all(folder.join("src"));
    let mut info = codegen::cli::CliInfo::new(&Default::default(), crate_name, "..");
    info.standalone = true;
    let files = generated.cli_files(&info)?;
    for file in &files {
        write_file(&folder.join(&file.path), &file.contents)?;
    }
    std::fs::copy(dir.join("Cargo.lock"), folder.join("Cargo.lock"))
        .map_err(|err| anyhow!("Cargo.lock: {err}"))?;
    let built = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(folder.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status()
        .map_err(|err| anyhow!("cannot run cargo: {err}"))?;
    if !built.success() {
        return Err(anyhow!(
            "the command-line tool {} does not build",
            info.crate_name
        ));
    }
    let upload = dir.join("conformance.txt");
    write_file(&upload, "conformance")?;
    let upload = upload.display().to_string();
    let home = dir.join("home");
    std::fs::create_dir_all(&home).map_err(|err| anyhow!("{}: {err}", home.display()))?;
    Ok(Tool {
        binary: work.join("target/debug").join(&info.bin),
        args: (calls.iter())
            .map(|call| codegen::cli::conformance_args(&generated.api, call, &upload))
            .collect(),
        basic: calls.iter().map(|call| call.basic).collect(),
        env_prefix: info.env_prefix,
        home,
    })
}

impl Tool {
    /// Runs call `index` against the server at `base`; its outcome as the client's
    /// driver reports one.
    pub(super) fn call(&self, base: &str, index: usize, timeout: Duration) -> Value {
        let Some(Some(args)) = self.args.get(index) else {
            return json!({"outcome": "skipped", "reason": "no command for the call"});
        };
        let prefix = &self.env_prefix;
        let mut command = Command::new(&self.binary);
        command
            .args(["--base-url", base, "--retries", "0", "-o", "json", "-v"])
            .args(args)
            .env_clear()
            .env("HOME", &self.home)
            .env(
                format!("{prefix}_CONFIG_PATH"),
                self.home.join("config.json"),
            )
            .stdin(Stdio::null());
        match self.basic.get(index) {
            Some(true) => {
                command.env(format!("{prefix}_USERNAME"), "conformance");
                command.env(format!("{prefix}_PASSWORD"), "secret");
            }
            _ => {
                command.args(["--token", "conformance-key"]);
            }
        }
        match super::output_within(&mut command, timeout, "the tool") {
            Ok(output) => outcome(
                output.status.code().unwrap_or(-1),
                &String::from_utf8_lossy(&output.stderr),
                body_sent(args),
            ),
            Err(error) => json!({"outcome": "transport", "error": error.to_string()}),
        }
    }
}

/// The JSON `--body` the call sent, for the report.
fn body_sent(args: &[String]) -> Value {
    let at = args.iter().position(|arg| arg == "--body");
    at.and_then(|at| args.get(at + 1))
        .and_then(|body| serde_json::from_str(body).ok())
        .unwrap_or(Value::Null)
}

/// The outcome of a run from its exit code and stderr: `-v`'s reply headers, then the
/// failure's JSON report as the last line.
fn outcome(code: i32, stderr: &str, sent: Value) -> Value {
    if code == 0 {
        return json!({"outcome": "decoded"});
    }
    let header = |name: &str| {
        let prefix = format!("< {name}: ");
        (stderr.lines()).find_map(|line| line.strip_prefix(&prefix).map(str::to_owned))
    };
    let told: Value = (stderr.lines().last())
        .and_then(|line| serde_json::from_str(line).ok())
        .unwrap_or_default();
    let message = told["error"].as_str().unwrap_or(stderr).to_owned();
    let body = match &told["body"] {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match (code, told["status"].as_u64()) {
        (1, Some(status)) => json!({
            "outcome": "undecodable",
            "status": status,
            "content_type": header("content-type"),
            "body": body,
            "error": message,
        }),
        (3..=5, Some(status)) => json!({
            "outcome": "status",
            "status": status,
            "body": body,
            "violations": header("sl-violations"),
            "sent": sent,
        }),
        (2, _) => json!({"outcome": "argument", "error": message}),
        _ => json!({"outcome": "transport", "error": message}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_reads_as_the_outcome_the_verdicts_judge() {
        assert_eq!(outcome(0, "", Value::Null)["outcome"], "decoded");
        let refused = "> POST http://m/x\n< 422 Unprocessable Entity (3 ms, attempt 1)\n\
                       < sl-violations: [{\"message\":\"bad\"}]\n\
                       {\"error\":\"the server answered 422\",\"status\":422,\"body\":{\"title\":\"t\"}}";
        let judged = outcome(4, refused, json!({"a": 1}));
        assert_eq!(judged["outcome"], "status");
        assert_eq!(judged["violations"], "[{\"message\":\"bad\"}]");
        assert_eq!(judged["body"], "{\"title\":\"t\"}");
        let undecoded = "< 200 OK (1 ms, attempt 1)\n< content-type: application/json\n\
                         {\"error\":\"could not decode\",\"status\":200,\"body\":{\"x\":1}}";
        let judged = outcome(1, undecoded, Value::Null);
        assert_eq!(judged["outcome"], "undecodable");
        assert_eq!(judged["content_type"], "application/json");
        assert_eq!(
            outcome(2, "{\"error\":\"--x: bad\"}", Value::Null)["outcome"],
            "argument"
        );
        assert_eq!(
            outcome(6, "{\"error\":\"connect\"}", Value::Null)["outcome"],
            "transport"
        );
    }
}
