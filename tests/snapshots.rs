//! Snapshots of the generated files (the copies of the runtime and of the mock's
//! hand-written part excepted: they are the generator's own source) and of the warnings, for each fixture (the seed page of the
//! user's API, `omni-seed.yaml`, among them).

use std::path::Path;
use workspace_tests::{fixture, fixtures, generate, root};

fn snapshot_crate(name: &str, spec: &Path) {
    let generated = generate(spec, &format!("{name}.yaml"), false);
    for file in &generated.files {
        let mock_copy = file.path.starts_with("src/mock/")
            && !file.path.starts_with("src/mock/operations/")
            && file.path != "src/mock/defaults.json";
        if file.path.starts_with("src/runtime/") || mock_copy {
            continue;
        }
        let snapshot = format!("{name}__{}", file.path.replace('/', "__"));
        insta::assert_snapshot!(snapshot, file.contents);
    }
    let warnings: Vec<String> = generated
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    insta::assert_snapshot!(format!("{name}__warnings"), warnings.join("\n"));
}

#[test]
fn every_fixture() {
    for spec in fixtures() {
        let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
        snapshot_crate(&name, &spec);
    }
}

/// A 3.0 document and its 3.1 twin mean the same API and must give the same client.
#[test]
fn three_zero_and_three_one_twins_generate_the_same_crate() {
    for twin in ["pets", "types"] {
        let old = generate(&fixture(&format!("{twin}-3.0.yaml")), "twin.yaml", false);
        let new = generate(&fixture(&format!("{twin}-3.1.yaml")), "twin.yaml", false);
        assert_eq!(old.files.len(), new.files.len(), "{twin}");
        for (a, b) in old.files.iter().zip(&new.files) {
            assert_eq!(a.path, b.path);
            assert_eq!(a.contents, b.contents, "{twin}: {} differs", a.path);
        }
        assert_eq!(old.diagnostics, new.diagnostics, "{twin}: warnings differ");
    }
}

#[test]
fn the_two_threaded_crate_is_the_one_emitted_and_formatted_in_order() {
    let omni = root().join("../shared/corpus/omni-2026-03-31.json");
    let mut specs = workspace_tests::fixtures();
    specs.extend(omni.exists().then_some(omni));
    for spec in specs {
        let text = std::fs::read_to_string(&spec).unwrap();
        let (api, _) = codegen::read_api("fixture", &text, None).unwrap();
        let settings = codegen::CrateInfo {
            spec_label: "fixture".to_owned(),
            command: "test".to_owned(),
            standalone: true,
            ..codegen::CrateInfo::new("fixture-client")
        };
        let threaded = codegen::pipeline::generate_files(&api, &settings).unwrap();
        let sequential =
            codegen::format::format_files(codegen::emit::emit_files(&api, &settings)).unwrap();
        assert_eq!(threaded, sequential, "{}", spec.display());
        assert!(threaded.iter().any(|f| f.path == "src/types.rs"));
    }
}

#[test]
fn generation_is_deterministic() {
    let first = workspace_tests::generate_omni();
    let second = workspace_tests::generate_omni();
    assert_eq!(first.files, second.files);
}

/// The checked-in clients are what their specs generate (`--check` enforces it for the
/// Omni client).
#[test]
fn the_checked_in_clients_are_fresh() {
    let fixture_client = |spec: &str, name: &str| {
        let text = std::fs::read_to_string(root().join(spec)).unwrap();
        codegen::Generator::new(name)
            .spec_label(spec)
            .generate(spec, &text)
            .unwrap()
    };
    let clients = [
        (
            workspace_tests::generate_omni(),
            "generated-client",
            "cargo xtask codegen",
        ),
        (
            fixture_client("tests/fixtures/operations.yaml", "operations-client"),
            "tests/operations-client",
            "cargo xtask codegen --spec tests/fixtures/operations.yaml \
             --out tests/operations-client --crate-name operations-client --member",
        ),
        (
            fixture_client("tests/fixtures/omni-seed.yaml", "seed-client"),
            "tests/seed-client",
            "cargo xtask codegen --spec tests/fixtures/omni-seed.yaml \
             --out tests/seed-client --crate-name seed-client --member",
        ),
    ];
    // The command-line tools beside two of them.
    let omni_settings = std::fs::read_to_string(root().join("spec/codegen.toml")).unwrap();
    let omni_settings = codegen::Settings::from_toml("spec/codegen.toml", &omni_settings).unwrap();
    let tool = |generated: &codegen::Generated,
                settings: &codegen::CliSettings,
                client: &str,
                path: &str,
                label: &str| {
        let mut info = codegen::cli::CliInfo::new(settings, client, path);
        info.spec_label = label.to_owned();
        // The tool's version is its client's.
        let manifest = (generated.files.iter())
            .find(|f| f.path == "Cargo.toml")
            .unwrap();
        info.version = (manifest.contents.lines())
            .find_map(|line| line.strip_prefix("version = \""))
            .map(|rest| rest.trim_end_matches('"').to_owned())
            .unwrap();
        generated.cli_files(&info).unwrap()
    };
    let omni_tool = tool(
        &clients[0].0,
        omni_settings.cli.as_ref().unwrap(),
        "omni-client",
        "../generated-client",
        "spec/openapi.json",
    );
    let operations_tool = tool(
        &clients[1].0,
        &Default::default(),
        "operations-client",
        "../operations-client",
        "tests/fixtures/operations.yaml",
    );
    let tools = [
        (omni_tool, "generated-cli", "cargo xtask codegen"),
        (
            operations_tool,
            "tests/operations-cli",
            "cargo xtask codegen --spec tests/fixtures/operations.yaml \
             --out tests/operations-client --crate-name operations-client --member \
             --cli tests/operations-cli",
        ),
    ];
    let crates = clients
        .iter()
        .map(|(generated, dir, command)| (&generated.files, *dir, *command));
    let crates = crates.chain(
        tools
            .iter()
            .map(|(files, dir, command)| (files, *dir, *command)),
    );
    for (files, dir, command) in crates {
        for file in files {
            let path = root().join(dir).join(&file.path);
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                on_disk == file.contents,
                "{} is stale: run `{command}`",
                path.display()
            );
        }
    }
}

/// The lines only `old` has and the lines only `new` has, by a longest common
/// subsequence of lines.
fn line_changes<'a>(old: &'a str, new: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    // common[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut common = vec![vec![0u32; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            (i, j) = (i + 1, j + 1);
        } else if j < new.len() && (i == old.len() || common[i][j + 1] >= common[i + 1][j]) {
            added.push(new[j]);
            j += 1;
        } else {
            removed.push(old[i]);
            i += 1;
        }
    }
    (removed, added)
}

/// A schema named like a prelude type changes how that name is spelled, and nothing
/// else: `Result` in full where the prelude's is meant, `Option` and `String` still bare.
#[test]
fn a_schema_taking_a_prelude_name_changes_only_that_name() {
    let text = std::fs::read_to_string(fixture("types-3.0.yaml")).unwrap();
    let schemas = "  schemas:\n";
    assert!(text.contains(schemas));
    let taken = text.replacen(
        schemas,
        "  schemas:\n    Result:\n      type: object\n      properties:\n        ok:\n          type: boolean\n",
        1,
    );
    let generate = |text: &str| {
        codegen::Generator::new("fixture-client")
            .generate("types.yaml", text)
            .unwrap()
            .files
    };
    let (old, new) = (generate(&text), generate(&taken));
    let file = |files: &[codegen::GeneratedFile], path: &str| -> String {
        files
            .iter()
            .find(|f| f.path == path)
            .unwrap()
            .contents
            .clone()
    };
    let (old_types, new_types) = (file(&old, "src/types.rs"), file(&new, "src/types.rs"));
    assert!(new_types.contains("pub struct Result {"), "{new_types}");
    assert!(new_types.contains("Option<bool>"), "{new_types}");
    let (removed, _) = line_changes(&old_types, &new_types);
    let respelled: Vec<&&str> = removed
        .iter()
        .filter(|line| line.contains("Result"))
        .collect();
    assert_eq!(removed.len(), respelled.len(), "{removed:#?}");
    assert!(old_types.contains(" Result<") && !old_types.contains("::std::result::Result"));
    assert!(
        !new_types.contains(" Result<"),
        "the prelude's Result is spelled in full"
    );
    assert!(!respelled.is_empty());
}

/// A reviewer of a one-property spec change sees a diff of that property's lines only.
#[test]
fn changing_one_property_changes_only_its_lines() {
    let text = std::fs::read_to_string(fixture("types-3.0.yaml")).unwrap();
    let before = "        count:\n          type: integer\n          format: int32\n";
    let after = "        count:\n          description: How many to keep.\n          type: integer\n          format: int64\n";
    assert!(text.contains(before));
    let changed = text.replacen(before, after, 1);
    let generate = |text: &str| {
        codegen::Generator::new("fixture-client")
            .generate("types.yaml", text)
            .unwrap()
            .files
    };
    let (old, new) = (generate(&text), generate(&changed));
    let paths = |files: &[codegen::GeneratedFile]| -> Vec<String> {
        files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(paths(&old), paths(&new));
    let differing: Vec<(&str, &str, &str)> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a.contents != b.contents)
        .map(|(a, b)| (a.path.as_str(), a.contents.as_str(), b.contents.as_str()))
        .collect();
    let [(path, old, new)] = differing.as_slice() else {
        panic!("more than one file changed: {differing:?}");
    };
    assert_eq!(*path, "src/types.rs");
    let (removed, added) = line_changes(old, new);
    assert_eq!(removed, ["    pub count: Option<i32>,"], "{added:?}");
    assert_eq!(
        added,
        [
            "    /// How many to keep.",
            "    ///",
            "    pub count: Option<i64>,"
        ],
        "{removed:?}"
    );
}

/// A new parameter of one Omni operation changes that operation's tag files alone (the
/// client's and the mock's).
#[test]
fn a_new_parameter_changes_only_its_operations_file() {
    let omni = root().join("../shared/corpus/omni-2026-03-31.json");
    let Ok(text) = std::fs::read_to_string(&omni) else {
        eprintln!("skipped: ../shared/corpus is not there");
        return;
    };
    let mut document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let parameters = document["paths"]["/api/v1/documents"]["get"]["parameters"]
        .as_array_mut()
        .expect("the documents list has parameters");
    parameters.push(serde_json::json!({
        "name": "starred", "in": "query", "schema": {"type": "boolean"}
    }));
    let changed = serde_json::to_string(&document).unwrap();
    let generate = |text: &str| {
        codegen::Generator::new("omni-client")
            .generate("omni.json", text)
            .unwrap()
            .files
    };
    let (old, new) = (generate(&text), generate(&changed));
    assert_eq!(old.len(), new.len());
    let differing: Vec<&str> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a.path != b.path || a.contents != b.contents)
        .map(|(a, _)| a.path.as_str())
        .collect();
    assert_eq!(
        differing,
        [
            "src/operations/documents.rs",
            "src/mock/operations/documents.rs"
        ]
    );
}
