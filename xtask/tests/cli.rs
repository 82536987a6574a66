//! The command line: every command has its `--help`, and a wrong flag is refused with
//! the command's usage.

use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

/// The commands `cargo xtask --help` lists.
const COMMANDS: [&str; 6] = [
    "codegen",
    "sync-spec",
    "diff",
    "corpus",
    "conformance",
    "bench",
];

#[test]
fn every_command_has_its_help() {
    for command in COMMANDS {
        let output = xtask(&[command, "--help"]);
        assert!(output.status.success(), "{command}: {output:?}");
        let help = String::from_utf8(output.stdout).unwrap();
        assert!(
            help.contains(&format!("Usage: cargo xtask {command}")),
            "{command}: {help}"
        );
    }
    let overview = String::from_utf8(xtask(&["--help"]).stdout).unwrap();
    for command in COMMANDS {
        assert!(overview.contains(&format!("  {command} ")), "{overview}");
    }
}

#[test]
fn a_wrong_flag_is_refused_with_the_usage() {
    let output = xtask(&["codegen", "--chek"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unexpected argument '--chek'"), "{stderr}");
    assert!(stderr.contains("Usage: cargo xtask codegen"), "{stderr}");
    // `--spec` without `--out` says what it lacks.
    let output = xtask(&["codegen", "--spec", "spec/openapi.json"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--out <OUT>"), "{stderr}");
}

/// `cargo xtask diff --rules | head -0`, `cargo xtask codegen .. | head -0`: a closed
/// stdout ends the output quietly, and the command still does its work.
#[test]
fn a_closed_stdout_is_no_panic() {
    let out = std::env::temp_dir().join(format!("xtask-closed-stdout-{}", std::process::id()));
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/pets-3.0.yaml"
    );
    let codegen = ["codegen", "--spec", spec, "--crate-name", "pets", "--out"];
    let commands: [Vec<&std::ffi::OsStr>; 2] = [
        ["diff", "--rules"].map(std::ffi::OsStr::new).to_vec(),
        (codegen.iter().map(std::ffi::OsStr::new))
            .chain([out.as_os_str()])
            .collect(),
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("xtask runs");
        // The reading end closes before anything is written.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(out.join("src/lib.rs").exists(), "codegen wrote the crate");
    std::fs::remove_dir_all(&out).unwrap();
}
