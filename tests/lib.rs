//! Helpers shared by the workspace-level tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits inside the workspace")
        .to_path_buf()
}

/// A fixture document of this project, by file name.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// A document of `tests/fixtures/real-world/`, one class of real-world mess each.
pub fn real_world_fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/real-world").join(name)
}

/// The real-world fixture documents, sorted by name.
pub fn real_world_fixtures() -> Vec<PathBuf> {
    documents_in(&root().join("tests/fixtures/real-world"))
}

/// The fixture documents, sorted by name.
pub fn fixtures() -> Vec<PathBuf> {
    documents_in(&root().join("tests/fixtures"))
}

fn documents_in(folder: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("the fixture folder exists")
        .map(|entry| entry.expect("readable fixture directory").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    paths.sort();
    paths
}

/// Generates the crate for `spec`, labelled as `label` in the generated headers, with
/// the settings of a `codegen.toml` beside it when there is one.
pub fn generate(spec: &Path, label: &str, standalone: bool) -> codegen::Generated {
    let text = std::fs::read_to_string(spec).expect("readable spec");
    codegen::Generator::new("fixture-client")
        .spec_label(label)
        .standalone(standalone)
        .settings(settings_beside(spec))
        .generate(&spec.display().to_string(), &text)
        .unwrap_or_else(|err| panic!("{err}"))
}

/// The settings of the `codegen.toml` in `spec`'s folder, or the defaults.
pub fn settings_beside(spec: &Path) -> codegen::Settings {
    let config = spec.with_file_name("codegen.toml");
    match std::fs::read_to_string(&config) {
        Ok(text) => codegen::Settings::from_toml(&config.display().to_string(), &text)
            .unwrap_or_else(|err| panic!("{err}")),
        Err(_) => codegen::Settings::default(),
    }
}

/// The settings fixture: a document and the `codegen.toml` beside it.
pub fn settings_fixture() -> PathBuf {
    root().join("tests/fixtures/settings/shop.yaml")
}
