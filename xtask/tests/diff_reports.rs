//! `cargo xtask diff` on fixture pairs that each change one kind of thing: the Markdown
//! report (snapshots, reviewed by hand), the JSON form, and `--fail-on-breaking`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

fn diff(old: &str, new: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(extra)
        .output()
        .expect("xtask runs")
}

/// The report for `tests/fixtures/diff/<case>.{old,new}.yaml`, after checking that
/// `--fail-on-breaking` fails exactly when the report marks something breaking.
fn report(case: &str) -> String {
    let old = format!("tests/fixtures/diff/{case}.old.yaml");
    let new = format!("tests/fixtures/diff/{case}.new.yaml");
    let output = diff(&old, &new, &[]);
    assert_eq!(output.status.code(), Some(0), "{case}: {output:?}");
    let markdown = String::from_utf8(output.stdout).expect("UTF-8 report");
    let strict = diff(&old, &new, &["--fail-on-breaking"]);
    let breaking = markdown.contains("### Breaking changes");
    assert_eq!(strict.status.code(), Some(i32::from(breaking)), "{case}");
    assert_eq!(String::from_utf8_lossy(&strict.stdout), markdown, "{case}");
    markdown
}

#[test]
fn operations_added_removed_and_changed() {
    insta::assert_snapshot!(report("operations"));
}

#[test]
fn fields_requiredness_nullability_and_types() {
    insta::assert_snapshot!(report("fields"));
}

#[test]
fn enum_values_and_union_variants() {
    insta::assert_snapshot!(report("enums-unions"));
}

#[test]
fn types_added_removed_and_reshaped() {
    insta::assert_snapshot!(report("types"));
}

#[test]
fn a_document_against_itself_has_no_changes() {
    let same = "tests/fixtures/diff/fields.old.yaml";
    let output = diff(same, same, &["--fail-on-breaking"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("No changes for callers of the client."),
        "{text}"
    );
}

#[test]
fn the_json_report_carries_every_change_with_its_classification() {
    let output = diff(
        "tests/fixtures/diff/fields.old.yaml",
        "tests/fixtures/diff/fields.new.yaml",
        &["--format", "json", "--fail-on-breaking"],
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("6 breaking changes (--fail-on-breaking)"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    insta::assert_snapshot!(serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn the_two_omni_versions() {
    let old = root().join("../shared/corpus/omni-2026-03-31.json");
    let new = root().join("../shared/corpus/omni-2026-04-23.json");
    if !old.exists() || !new.exists() {
        eprintln!("skipped: ../shared/corpus is not there");
        return;
    }
    let output = diff(
        "../shared/corpus/omni-2026-03-31.json",
        "../shared/corpus/omni-2026-04-23.json",
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}

#[test]
fn bad_arguments_say_what_is_expected() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(["diff", "tests/fixtures/diff/fields.old.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("`diff` takes two documents"), "{stderr}");
    let output = diff(
        "tests/fixtures/diff/missing.yaml",
        "tests/fixtures/diff/fields.new.yaml",
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("tests/fixtures/diff/missing.yaml"),
        "{stderr}"
    );
}

/// What `cargo xtask codegen` prints for `fields.new.yaml` when `fields.old.yaml` is the
/// committed spec, with `config` as the `codegen.toml` beside it; `None` without git.
fn codegen_output_after_change(case: &str, config: Option<&str>) -> Option<String> {
    let repo = std::env::temp_dir().join(format!("xtask-summary-{case}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).unwrap();
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(&repo)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .output()
    };
    if git(&["init", "--quiet"]).map_or(true, |o| !o.status.success()) {
        eprintln!("skipped: git is not available");
        return None;
    }
    let fixtures = root().join("tests/fixtures/diff");
    let spec = repo.join("spec.yaml");
    std::fs::copy(fixtures.join("fields.old.yaml"), &spec).unwrap();
    if let Some(config) = config {
        std::fs::write(repo.join("codegen.toml"), config).unwrap();
    }
    assert!(git(&["add", "spec.yaml"]).unwrap().status.success());
    assert!(git(&["commit", "--quiet", "-m", "old"])
        .unwrap()
        .status
        .success());
    std::fs::copy(fixtures.join("fields.new.yaml"), &spec).unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .arg("--spec")
        .arg(&spec)
        .arg("--out")
        .arg(repo.join("client"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let _ = std::fs::remove_dir_all(&repo);
    Some(String::from_utf8(output.stdout).unwrap())
}

/// `cargo xtask codegen` on a spec whose committed version differs prints the changes.
#[test]
fn codegen_summarises_the_changes_since_the_committed_spec() {
    let Some(stdout) = codegen_output_after_change("plain", None) else {
        return;
    };
    assert!(
        stdout.contains("API changes (Fields 1 → 2): 6 breaking changes, 5 other changes\n"),
        "{stdout}"
    );
    // Breaking changes come first.
    assert!(
        stdout.contains(
            "\n  ! type `NewUser` (request): field `age`: `Option<i32>` → `Option<i64>`\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("  ~ type `NewUser` (request): field `manager` deprecated\n"),
        "{stdout}"
    );
}

/// The committed spec is read with the same settings: a rename is no change.
#[test]
fn the_summary_applies_the_settings_to_both_sides() {
    let config = "[types.NewUser]\nrename = \"Person\"\n";
    let Some(stdout) = codegen_output_after_change("settings", Some(config)) else {
        return;
    };
    assert!(
        stdout.contains("API changes (Fields 1 → 2): 6 breaking changes, 5 other changes\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  ~ type `Person` (request): field `manager` deprecated\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("NewUser"), "{stdout}");
}
