//! `cargo xtask codegen` on documents that are broken in one way each: the message names
//! the file, the place and what is wrong; the exit status is a failure; nothing is written.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// Runs the generator on `tests/fixtures/broken/<name>` into a fresh folder.
fn codegen(name: &str, extra: &[&str]) -> (std::process::Output, PathBuf) {
    let out = std::env::temp_dir().join(format!("xtask-broken-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(root())
        .args(["codegen", "--spec"])
        .arg(format!("tests/fixtures/broken/{name}"))
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .expect("xtask runs");
    (output, out)
}

/// What the generator printed on stderr for `name`, after checking that it failed and
/// wrote nothing.
fn refused(name: &str, extra: &[&str]) -> String {
    let (output, out) = codegen(name, extra);
    assert_eq!(output.status.code(), Some(1), "{name}: {output:?}");
    assert!(!out.exists(), "{name}: {} was written", out.display());
    String::from_utf8(output.stderr).expect("UTF-8 messages")
}

/// Checks that the generator succeeds on `name` and writes the crate.
fn generated(name: &str) {
    let (output, out) = codegen(name, &[]);
    assert_eq!(output.status.code(), Some(0), "{name}: {output:?}");
    assert!(
        out.join("src/lib.rs").exists(),
        "{name}: nothing was written"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn malformed_yaml_is_located_by_line_and_column() {
    insta::assert_snapshot!(refused("malformed-yaml.yaml", &[]));
}

#[test]
fn malformed_json_is_located_by_line_and_column() {
    insta::assert_snapshot!(refused("malformed-json.json", &[]));
}

#[test]
fn swagger_2_is_refused_with_what_to_do() {
    insta::assert_snapshot!(refused("swagger-2.yaml", &[]));
}

#[test]
fn an_unknown_openapi_version_names_the_supported_ones() {
    insta::assert_snapshot!(refused("unknown-version.yaml", &[]));
}

/// What a reference spoils is degraded, so the rest of the document is still generated;
/// `--deny-warnings` refuses it.
#[test]
fn an_unresolved_ref_is_a_warning_naming_the_reference_and_where_it_is() {
    generated("unresolved-ref.yaml");
    insta::assert_snapshot!(refused("unresolved-ref.yaml", &["--deny-warnings"]));
}

#[test]
fn a_cyclic_ref_is_a_warning_naming_the_reference_and_where_it_is() {
    generated("cyclic-ref.yaml");
    insta::assert_snapshot!(refused("cyclic-ref.yaml", &["--deny-warnings"]));
}

#[test]
fn a_wrong_type_says_what_was_expected_and_found() {
    insta::assert_snapshot!(refused("wrong-type.yaml", &[]));
}

#[test]
fn an_undeclared_path_parameter_is_a_warning_that_can_be_denied() {
    insta::assert_snapshot!(refused(
        "undeclared-path-parameter.yaml",
        &["--deny-warnings"]
    ));
}

#[test]
fn duplicate_operation_ids_are_a_warning_that_can_be_denied() {
    insta::assert_snapshot!(refused("duplicate-operation-id.yaml", &["--deny-warnings"]));
}

#[test]
fn a_settings_file_with_an_unknown_key_is_located_by_line_and_column() {
    let config = std::env::temp_dir().join("xtask-broken-settings.toml");
    std::fs::write(
        &config,
        "derives = [\"Hash\"]\n[types.Pet]\nrenmae = \"Animal\"\n",
    )
    .unwrap();
    let config = config.display().to_string();
    let message = refused("../../fixtures/settings/shop.yaml", &["--config", &config]);
    assert!(
        message.contains(&format!("{config}:3:1: unknown field `renmae`")),
        "{message}"
    );
}
