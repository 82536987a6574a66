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

/// Generates the crate for `spec` with the default settings, labelled as `label` in the
/// generated headers.
pub fn generate(spec: &Path, label: &str, standalone: bool) -> codegen::Generated {
    generate_with(spec, label, standalone, codegen::Settings::default())
}

/// [`generate`] with `settings`.
pub fn generate_with(
    spec: &Path,
    label: &str,
    standalone: bool,
    settings: codegen::Settings,
) -> codegen::Generated {
    let text = std::fs::read_to_string(spec).expect("readable spec");
    codegen::Generator::new("fixture-client")
        .spec_label(label)
        .standalone(standalone)
        .settings(settings)
        .generate(&spec.display().to_string(), &text)
        .unwrap_or_else(|err| panic!("{err}"))
}

/// The Omni client as `cargo xtask codegen` makes it: `spec/openapi.json` with the
/// settings of `spec/codegen.toml` and the overlays they name, at the version the
/// checked-in manifest has (the user's once the crate exists).
pub fn generate_omni() -> codegen::Generated {
    let manifest = std::fs::read_to_string(root().join("generated-client/Cargo.toml"))
        .expect("the client's manifest");
    let version = (manifest.lines())
        .find_map(|line| line.strip_prefix("version = \""))
        .map(|rest| rest.trim_end_matches('"').to_owned());
    let folder = root().join("spec");
    let text = std::fs::read_to_string(folder.join("openapi.json")).expect("Omni's document");
    let config = std::fs::read_to_string(folder.join("codegen.toml")).expect("its settings");
    let settings = codegen::Settings::from_toml("spec/codegen.toml", &config)
        .unwrap_or_else(|err| panic!("{err}"));
    let overlays = settings
        .read_overlays(&folder)
        .unwrap_or_else(|err| panic!("{err}"));
    codegen::Generator::new("omni-client")
        .crate_version(version)
        .spec_label("spec/openapi.json")
        .settings(settings)
        .overlays(overlays)
        .generate("spec/openapi.json", &text)
        .unwrap_or_else(|err| panic!("{err}"))
}

/// The settings fixture's document, to which each of [`settings_cases`] applies.
pub fn settings_fixture() -> PathBuf {
    root().join("tests/fixtures/settings/shop.yaml")
}

/// The settings files beside [`settings_fixture`] (one kind of setting each, and `all`),
/// by name, sorted.
pub fn settings_cases() -> Vec<(String, codegen::Settings)> {
    let folder = root().join("tests/fixtures/settings");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("the settings fixture folder exists")
        .map(|entry| entry.expect("readable fixture directory").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    (paths.into_iter())
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable settings");
            let settings = codegen::Settings::from_toml(&path.display().to_string(), &text)
                .unwrap_or_else(|err| panic!("{err}"));
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, settings)
        })
        .collect()
}

/// A `tracing` writer into a shared buffer, for tests that read what the runtime logs.
#[derive(Clone, Default)]
pub struct Captured(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// What was written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
