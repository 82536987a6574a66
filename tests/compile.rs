//! Every fixture, the hostile document, and the real Omni document when `../shared/corpus` is present,
//! generates a standalone crate that passes clippy with `-D warnings` and whose examples
//! module (each example of the document decoded and encoded back) passes. The crates
//! share one target directory and the workspace's lock file, so dependencies build once.

use std::path::{Path, PathBuf};
use std::process::Command;
use workspace_tests::{fixtures, generate, real_world_fixtures, root};

fn documents() -> Vec<PathBuf> {
    let mut documents = fixtures();
    documents.extend(real_world_fixtures());
    // With the settings of the `codegen.toml` beside it: renames, a replacement, derives.
    documents.push(workspace_tests::settings_fixture());
    // Keywords, empty and emoji names, case collisions, doc-breaking text, an enum of
    // a thousand values, schemas nested 200 deep: too big to snapshot, checked here.
    documents.push(root().join("tests/fixtures/hostile/hostile.json"));
    let omni = root().join("../shared/corpus/omni-2026-03-31.json");
    if omni.exists() {
        documents.push(omni);
    } else {
        eprintln!(
            "{} is absent; only the fixtures are checked",
            omni.display()
        );
    }
    documents
}

fn cargo(dir: &Path, args: &[&str]) {
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    let output = Command::new(env!("CARGO"))
        .arg(subcommand)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(rest)
        .env("CARGO_TARGET_DIR", dir.parent().unwrap().join("target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` fails for {}:\n{}{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generated_crates_pass_clippy_and_round_trip_their_examples() {
    let base = root().join("target/fixture-crates");
    for spec in documents() {
        let name = spec
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('.', "-");
        let dir = base.join(&name);
        let generated = generate(&spec, &format!("{name}.yaml"), true);
        // Files an earlier layout wrote would be compiled too.
        let _ = std::fs::remove_dir_all(dir.join("src"));
        for file in &generated.files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
        }
        if name == "hostile" {
            // Parameters called `default` and `clone` must not shadow the traits' methods.
            let check = "#[test]\nfn params_keep_their_trait_methods() {\n    \
                let params = fixture_client::operations::Next2Params::default().default_2(1).clone_2(true);\n    \
                assert_eq!(params.clone(), params);\n}\n";
            std::fs::create_dir_all(dir.join("tests")).unwrap();
            std::fs::write(dir.join("tests/params.rs"), check).unwrap();
        }
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        cargo(
            &dir,
            &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
        );
        cargo(&dir, &["test", "--quiet"]);
        let round_tripped = generated
            .api
            .examples
            .iter()
            .filter(|e| codegen::examples::round_trips(&generated.api, e))
            .count();
        eprintln!(
            "{name}: {} operations, {} types, {round_tripped} of {} examples round-trip",
            generated.api.operations.len(),
            generated.api.types.len(),
            generated.api.examples.len()
        );
    }
}
