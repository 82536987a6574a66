//! Every fixture generates a standalone crate that passes clippy with `-D warnings`.
//! The crates share one target directory (and the workspace's lock file), so the
//! dependencies build once.

use std::process::Command;
use workspace_tests::{fixtures, generate, root};

#[test]
fn fixture_crates_compile_without_warnings() {
    let base = root().join("target/fixture-crates");
    let mut manifests = Vec::new();
    for spec in fixtures() {
        let name = spec
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('.', "-");
        let dir = base.join(&name);
        let generated = generate(&spec, &format!("{name}.yaml"), true);
        for file in &generated.files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
        }
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        manifests.push(dir.join("Cargo.toml"));
    }
    for manifest in manifests {
        let output = Command::new(env!("CARGO"))
            .args(["clippy", "--quiet", "--all-targets", "--manifest-path"])
            .arg(&manifest)
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", base.join("target"))
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "{} does not compile cleanly:\n{}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
