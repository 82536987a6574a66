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

/// Generates the crate for `spec`, labelled as `label` in the generated headers.
pub fn generate(spec: &Path, label: &str, standalone: bool) -> codegen::Generated {
    let text = std::fs::read_to_string(spec).expect("readable spec");
    codegen::Generator::new("fixture-client")
        .spec_label(label)
        .standalone(standalone)
        .generate(&spec.display().to_string(), &text)
        .unwrap_or_else(|err| panic!("{err}"))
}
