//! `cargo xtask diff` on fixture pairs that each change one family of things (all four
//! formats snapshotted and reviewed by hand; together they apply every rule), git refs,
//! ignore files, `--fail-on-breaking`, and `cargo xtask codegen`'s summary, `--bump` and
//! CHANGELOG.

mod common;

use common::{root, Repo};
use std::process::{Command, Output};

/// A fixture pair's document, by file name.
fn diff_fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/diff").join(name)
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

/// The fixture pairs, each changing one family of things; together they apply every
/// rule.
const PAIRS: &[&str] = &[
    "operations",
    "requests",
    "fields",
    "shapes",
    "enums-unions",
    "types",
    "deprecations",
    "streams-webhooks",
];

/// Each pair's report in all four formats, snapshotted (and reviewed by hand).
#[test]
fn every_pair_in_every_format() {
    for case in PAIRS {
        let markdown = report(case);
        insta::assert_snapshot!(format!("{case}_markdown"), markdown);
        let old = format!("tests/fixtures/diff/{case}.old.yaml");
        let new = format!("tests/fixtures/diff/{case}.new.yaml");
        for format in ["json", "text", "github"] {
            let output = diff(&old, &new, &["--format", format]);
            assert!(output.status.success(), "{case} {format}: {output:?}");
            let text = String::from_utf8(output.stdout).unwrap();
            insta::assert_snapshot!(format!("{case}_{format}"), text);
        }
    }
}

/// Every rule is applied by some pair, so each has a snapshot that shows it.
#[test]
fn the_pairs_apply_every_rule() {
    let mut applied = std::collections::BTreeSet::new();
    for case in PAIRS {
        let old = format!("tests/fixtures/diff/{case}.old.yaml");
        let new = format!("tests/fixtures/diff/{case}.new.yaml");
        let output = diff(&old, &new, &["--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        for change in json["changes"].as_array().unwrap() {
            applied.insert(change["rule"].as_str().unwrap().to_owned());
        }
    }
    let missing: Vec<&str> = (codegen::diff::Rule::ALL.iter())
        .map(|rule| rule.id())
        .filter(|id| !applied.contains(*id))
        .collect();
    assert!(missing.is_empty(), "no fixture pair applies {missing:?}");
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
fn fail_on_breaking_fails_with_the_count() {
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
    assert_eq!(json["counts"]["breaking"], 6);
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
/// committed spec, with `files` (name, text) beside it; `None` without git.
fn codegen_output_after_change(case: &str, files: &[(&str, &str)]) -> Option<String> {
    let repo = Repo::new(&format!("summary-{case}"))?;
    repo.copy(&diff_fixture("fields.old.yaml"), "spec.yaml");
    for (name, text) in files {
        std::fs::write(repo.0.join(name), text).unwrap();
    }
    // The settings beside the spec are committed with it: only the spec changes.
    repo.commit_all();
    repo.copy(&diff_fixture("fields.new.yaml"), "spec.yaml");
    let output = repo.xtask(&["codegen", "--spec", "spec.yaml", "--out", "client"]);
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8(output.stdout).unwrap())
}

/// `cargo xtask codegen` on a spec whose committed version differs prints the changes.
#[test]
fn codegen_summarises_the_changes_since_the_committed_spec() {
    let Some(stdout) = codegen_output_after_change("plain", &[]) else {
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

/// The summary leaves out what `diff-ignore.toml` ignores, and says how many.
#[test]
fn the_summary_counts_ignored_changes_apart() {
    let ignore = "[[ignore]]\nrule = \"property-removed\"\npointer = \"#/components/schemas/User/properties/legacyId\"\nreason = \"unused\"\n";
    let Some(stdout) = codegen_output_after_change("ignored", &[("diff-ignore.toml", ignore)])
    else {
        return;
    };
    assert!(
        stdout.contains(
            "API changes (Fields 1 → 2): 5 breaking changes, 5 other changes, 1 ignored\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("legacyId"), "{stdout}");
}

/// The committed spec is read with its committed settings: a rename the settings kept
/// is no change.
#[test]
fn the_summary_applies_the_settings_to_both_sides() {
    let config = "[types.NewUser]\nrename = \"Person\"\n";
    let Some(stdout) = codegen_output_after_change("settings", &[("codegen.toml", config)]) else {
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

fn version_of(manifest: &str) -> &str {
    let line = manifest
        .lines()
        .find(|l| l.starts_with("version = "))
        .unwrap();
    line.trim_start_matches("version = ").trim_matches('"')
}

/// `codegen --bump` bumps by the report from the committed version, once however often
/// it runs, and the CHANGELOG gains one entry, with the changes by section.
#[test]
fn bump_applies_the_report_to_the_crate_version_and_the_changelog() {
    let Some(repo) = Repo::new("bump") else {
        return;
    };
    repo.copy(&diff_fixture("fields.old.yaml"), "spec.yaml");
    let codegen = ["codegen", "--spec", "spec.yaml", "--out", "client"];
    assert!(repo.xtask(&codegen).status.success());
    // The document's version, `1`, is not semver.
    assert_eq!(version_of(&repo.read("client/Cargo.toml")), "0.1.0");
    assert!(!repo.0.join("client/CHANGELOG.md").exists());
    repo.commit_all();
    repo.copy(&diff_fixture("fields.new.yaml"), "spec.yaml");
    let bump = [&codegen[..], &["--bump"]].concat();
    let output = repo.xtask(&bump);
    assert!(output.status.success(), "{output:?}");
    // Breaking changes before 1.0 bump the minor number.
    assert_eq!(version_of(&repo.read("client/Cargo.toml")), "0.2.0");
    let changelog = repo.read("client/CHANGELOG.md");
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert!(
        changelog.contains(&format!("\n## [0.2.0] - {today}\n")),
        "{changelog}"
    );
    let removed = changelog.find("### Removed").expect("a Removed section");
    let added = changelog.find("### Added").expect("an Added section");
    assert!(removed < added, "{changelog}");
    assert!(
        changelog.contains("- **breaking:** type `User` (response): field `legacyId` removed\n"),
        "{changelog}"
    );
    // Again: the same version and the same entry.
    assert!(repo.xtask(&bump).status.success());
    assert_eq!(version_of(&repo.read("client/Cargo.toml")), "0.2.0");
    assert_eq!(repo.read("client/CHANGELOG.md"), changelog);
    // Without --bump the version is kept, and `--check` agrees with what is written.
    assert!(repo.xtask(&codegen).status.success());
    assert_eq!(version_of(&repo.read("client/Cargo.toml")), "0.2.0");
    let check = [&codegen[..], &["--check"]].concat();
    assert!(repo.xtask(&check).status.success());
}

/// `<ref>:<path>` and `--base <ref>` read the old document from git.
#[test]
fn a_git_ref_names_the_old_document() {
    let Some(repo) = Repo::new("gitref") else {
        return;
    };
    repo.copy(&diff_fixture("fields.old.yaml"), "spec.yaml");
    repo.commit_all();
    repo.copy(&diff_fixture("fields.new.yaml"), "spec.yaml");
    let by_ref = repo.xtask(&["diff", "HEAD:spec.yaml", "spec.yaml", "--format", "json"]);
    assert!(by_ref.status.success(), "{by_ref:?}");
    let json: serde_json::Value = serde_json::from_slice(&by_ref.stdout).unwrap();
    assert_eq!(json["counts"]["breaking"], 6);
    // A removal points at the old document's line.
    let removed = (json["changes"].as_array().unwrap().iter())
        .find(|c| c["rule"] == "property-removed")
        .unwrap();
    assert_eq!(removed["document"], "old");
    assert_eq!(removed["line"], 36);
    let by_base = repo.xtask(&["diff", "--base", "HEAD", "spec.yaml", "--format", "json"]);
    assert_eq!(by_base.stdout, by_ref.stdout);
    let missing = repo.xtask(&["diff", "HEAD~5:spec.yaml", "spec.yaml"]);
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("HEAD~5:spec.yaml: git show"), "{stderr}");
}

/// An ignored change is listed as ignored, with its reason, and counts for nothing.
#[test]
fn ignored_changes_are_listed_and_not_counted() {
    let Some(repo) = Repo::new("ignore") else {
        return;
    };
    repo.copy(&diff_fixture("fields.old.yaml"), "old.yaml");
    repo.copy(&diff_fixture("fields.new.yaml"), "new.yaml");
    let entry = "[[ignore]]\nrule = \"property-removed\"\npointer = \"#/components/schemas/User\"\nreason = \"never sent since 2024\"\n";
    std::fs::write(repo.0.join("diff-ignore.toml"), entry).unwrap();
    let output = repo.xtask(&["diff", "old.yaml", "new.yaml", "--fail-on-breaking"]);
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(
        markdown.starts_with(
            "## API changes: Fields 1 → 2\n\n5 breaking changes, 5 other changes, 1 ignored"
        ),
        "{markdown}"
    );
    let ignored = markdown
        .split("### Ignored")
        .nth(1)
        .expect("an Ignored section");
    assert!(
        ignored.contains("field `legacyId` removed (ignored: never sent since 2024)"),
        "{ignored}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("5 breaking changes (--fail-on-breaking)"),
        "{stderr}"
    );
    let unknown = "[[ignore]]\nrule = \"field-gone\"\npointer = \"#/a\"\nreason = \"r\"\n";
    std::fs::write(repo.0.join("diff-ignore.toml"), unknown).unwrap();
    let output = repo.xtask(&["diff", "old.yaml", "new.yaml"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("diff-ignore.toml:1:1: `field-gone` is no rule id"),
        "{stderr}"
    );
}

#[test]
fn the_rules_are_listed_with_their_ids_and_levels() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--rules"])
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    for rule in codegen::diff::Rule::ALL {
        let row = format!("| `{}` | {} | ", rule.id(), rule.level().label());
        assert!(table.contains(&row), "{row}");
    }
}
