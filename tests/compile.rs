//! Every fixture, the hostile document, and the real Omni document when `../shared/corpus` is present,
//! generates a standalone crate that passes clippy with `-D warnings` (its `mock` feature
//! on) and whose examples
//! module (each example of the document decoded and encoded back) passes. The crates
//! share one target directory and the workspace's lock file, so dependencies build once.

use std::path::{Path, PathBuf};
use std::process::Command;
use workspace_tests::{fixtures, generate_with, real_world_fixtures, root, settings_cases};

/// A crate to build: its directory name, document and settings.
struct Case {
    name: String,
    spec: PathBuf,
    settings: codegen::Settings,
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = (documents().into_iter())
        .map(|spec| Case {
            name: spec
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .replace('.', "-"),
            spec,
            settings: codegen::Settings::default(),
        })
        .collect();
    // The settings fixture, once per settings file.
    cases.extend(settings_cases().into_iter().map(|(name, settings)| Case {
        name: format!("settings-{name}"),
        spec: workspace_tests::settings_fixture(),
        settings,
    }));
    cases
}

fn documents() -> Vec<PathBuf> {
    let mut documents = fixtures();
    documents.extend(real_world_fixtures());
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
    for Case {
        name,
        spec,
        settings,
    } in cases()
    {
        let dir = base.join(&name);
        let generated = generate_with(&spec, &format!("{name}.yaml"), true, settings);
        // Files an earlier layout wrote would be compiled too.
        let _ = std::fs::remove_dir_all(dir.join("src"));
        for file in &generated.files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &file.contents).unwrap();
        }
        let _ = std::fs::remove_dir_all(dir.join("tests"));
        if let Some(check) = crate_test(&name) {
            std::fs::create_dir_all(dir.join("tests")).unwrap();
            std::fs::write(dir.join("tests/check.rs"), check).unwrap();
        }
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        // With the mock: it is the crate and more (the crate alone is built by `test`).
        cargo(
            &dir,
            &[
                "clippy",
                "--quiet",
                "--all-targets",
                "--features",
                "mock",
                "--",
                "-D",
                "warnings",
            ],
        );
        cargo(&dir, &["test", "--quiet"]);
        if name == "settings-features" {
            // Each feature alone, and none, builds: no item needs a type left out; the
            // mock follows the features.
            let each = [
                &["--features", "pets"][..],
                &["--features", "admin,mock"],
                &[],
            ];
            for features in each {
                let mut args = vec!["clippy", "--quiet", "--no-default-features"];
                args.extend(features);
                args.extend(["--", "-D", "warnings"]);
                cargo(&dir, &args);
            }
        }
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

/// A test of the generated crate's own API, for the crates that need one beyond their
/// examples.
fn crate_test(name: &str) -> Option<&'static str> {
    Some(match name {
        // Parameters called `default` and `clone` must not shadow the traits' methods.
        "hostile" => {
            r#"
#[test]
fn params_keep_their_trait_methods() {
    let params = fixture_client::operations::Next2Params::default().default_2(1).clone_2(true);
    assert_eq!(params.clone(), params);
}
"#
        }
        // Formats read into their types, and written (as parameters too) in their format.
        "settings-formats-chrono" => {
            r#"
use fixture_client::types::Pet;

#[test]
fn formats_read_into_their_types_and_write_their_format() {
    let json = serde_json::json!({
        "id": "p1", "petType": "cat", "price": 1,
        "born": "2020-02-29", "updatedAt": "2024-05-01T12:30:00+02:00",
        "chipId": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "homepage": "https://example.com/p1",
    });
    let pet: Pet = serde_json::from_value(json).unwrap();
    let born: chrono::NaiveDate = pet.born.unwrap();
    assert_eq!(born.to_string(), "2020-02-29");
    let updated: chrono::DateTime<chrono::Utc> = pet.updated_at.unwrap();
    assert_eq!(fixture_client::runtime::text_of(&updated), "2024-05-01T10:30:00Z");
    let chip: uuid::Uuid = pet.chip_id.unwrap();
    assert_eq!(chip.get_version_num(), 4);
    let homepage: url::Url = pet.homepage.clone().unwrap();
    assert_eq!(homepage.host_str(), Some("example.com"));
    // A value that breaks its format fails to decode.
    let broken = serde_json::json!({"id": "p1", "petType": "cat", "price": 1, "born": "2020-02-30"});
    assert!(serde_json::from_value::<Pet>(broken).is_err());
    // Parameters take `Copy` format types by value.
    let params = fixture_client::operations::ListPetsParams::default().since(updated);
    assert_eq!(params.since, Some(updated));
}
"#
        }
        "settings-formats-time" => {
            r#"
use fixture_client::runtime::{Lenient, Timestamp};
use fixture_client::types::Pet;

#[test]
fn a_value_breaking_its_format_is_kept_as_text() {
    let json = serde_json::json!({
        "id": "p1", "petType": "cat", "price": 1.5,
        "born": "0000-00-00", "updatedAt": "2024-05-01T12:30:00.25+02:00",
    });
    let pet: Pet = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(pet.born, Some(Lenient::Invalid("0000-00-00".to_owned())));
    let Some(Lenient::Valid(updated)) = pet.updated_at else { panic!("{:?}", pet.updated_at) };
    let updated: Timestamp = updated;
    assert_eq!(updated.year(), 2024);
    assert_eq!(updated.to_string(), "2024-05-01T12:30:00.25+02:00");
    // Written back as it was read.
    assert_eq!(serde_json::to_value(&pet).unwrap(), json);
}
"#
        }
        // A property that allows one value is a unit struct: written, checked, never wrong.
        "constants" => {
            r#"
use fixture_client::types::{Celsius, CelsiusUnit, Kelvin, KelvinVersion, Reading};
use serde_json::json;

#[test]
fn constants_are_written_and_checked() {
    let celsius = Celsius { value: 21.5, ..Default::default() };
    assert_eq!(celsius.unit, CelsiusUnit);
    let written = serde_json::to_value(Reading::Celsius(celsius.clone())).unwrap();
    assert_eq!(written, json!({"unit": "celsius", "value": 21.5}));
    assert_eq!(serde_json::from_value::<Reading>(written).unwrap(), Reading::Celsius(celsius));
    // Another value is refused, naming both; an absent one reads as the constant.
    let error = serde_json::from_value::<Celsius>(json!({"unit": "kelvin", "value": 1}));
    assert!(error.unwrap_err().to_string().contains("expected \"celsius\", found \"kelvin\""));
    let absent: Celsius = serde_json::from_value(json!({"value": 1})).unwrap();
    assert_eq!(serde_json::to_value(absent).unwrap(), json!({"unit": "celsius", "value": 1.0}));
    // The same in a struct that derives serde (it has extra properties), for an integer.
    let kelvin: Kelvin = serde_json::from_value(json!({"value": 3, "version": 2})).unwrap();
    assert_eq!(kelvin.version, KelvinVersion);
    assert_eq!(KelvinVersion::VALUE, 2);
    let error = serde_json::from_value::<Kelvin>(json!({"value": 3, "version": 3})).unwrap_err();
    assert!(error.to_string().contains("expected 2, found 3"), "{error}");
    assert_eq!(CelsiusUnit.to_string(), "celsius");
}
"#
        }
        // Variants sharing a tag value are told apart by their shape.
        "shared-tag-values" => {
            r#"
use fixture_client::types::{Entry, Item, UserNote, UserNoteAuthor};
use serde_json::json;

fn read(json: serde_json::Value) -> Item {
    serde_json::from_value(json).unwrap()
}

#[test]
fn variants_sharing_a_tag_value_are_told_apart_by_shape() {
    let output = json!({
        "type": "message", "role": "assistant", "id": "m1", "status": "completed",
        "content": [{"text": "hello"}],
    });
    assert!(matches!(read(output.clone()), Item::OutputMessage(_)));
    assert_eq!(serde_json::to_value(read(output.clone())).unwrap(), output);
    let easy = json!({"type": "message", "role": "user", "content": "hi"});
    assert!(matches!(read(easy), Item::EasyMessage(_)));
    let coded = json!({"type": "refusal", "reason": "no", "code": 3});
    assert!(matches!(read(coded), Item::Refusal2 { code: 3, .. }));
    assert!(matches!(read(json!({"type": "refusal", "reason": "no"})), Item::Refusal { .. }));
    // A message of neither shape is an error that names the union and the value.
    let error = serde_json::from_value::<Item>(json!({"type": "message"})).unwrap_err();
    assert!(error.to_string().contains("no variant of Item for `message`"), "{error}");
    // Same shape: the variant whose enum knows the author wins over one whose
    // catch-all would only keep it.
    let scheduled = json!({"type": "note", "author": "scheduler", "text": "nightly"});
    assert!(matches!(read(scheduled.clone()), Item::SystemNote(_)), "{:?}", read(scheduled));
    assert!(matches!(read(json!({"type": "note", "author": "guest", "text": "hi"})), Item::UserNote(_)));
    // `new` asks for no constant: it writes the tag itself.
    let note = UserNote::new(UserNoteAuthor::Guest, "hi".to_owned());
    let written = serde_json::to_value(Item::UserNote(note)).unwrap();
    assert_eq!(written, json!({"type": "note", "author": "guest", "text": "hi"}));
    // A tag the union does not list lands in its catch-all only when no other
    // variant of an enclosing union knows it.
    let reference = json!({"type": "item_reference", "id": "m1"});
    let entry: Entry = serde_json::from_value(reference).unwrap();
    assert!(matches!(entry, Entry::ItemReference(_)), "{entry:?}");
    let unknown: Entry = serde_json::from_value(json!({"type": "audio"})).unwrap();
    assert!(matches!(unknown, Entry::Item(Item::Unknown(_))), "{unknown:?}");
}
"#
        }
        _ => return None,
    })
}
