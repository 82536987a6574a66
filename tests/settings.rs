//! The settings (each `tests/fixtures/settings/*.toml` on `shop.yaml`): each one's effect
//! on the generated crate, snapshotted; `compile.rs` builds, lints and tests each crate.

use workspace_tests::{generate_with, settings_cases, settings_fixture};

fn file<'a>(generated: &'a codegen::Generated, path: &str) -> &'a str {
    let file = generated.files.iter().find(|f| f.path == path);
    &file.unwrap_or_else(|| panic!("no {path}")).contents
}

fn generate_case(wanted: &str) -> codegen::Generated {
    let (_, settings) = (settings_cases().into_iter())
        .find(|(name, _)| name == wanted)
        .unwrap_or_else(|| panic!("no settings file {wanted}.toml"));
    generate_with(&settings_fixture(), "shop.yaml", false, settings)
}

#[test]
fn each_settings_file_shapes_the_types() {
    let cases = settings_cases();
    assert!(cases.len() >= 7, "{} settings files", cases.len());
    for (name, settings) in cases {
        let generated = generate_with(&settings_fixture(), "shop.yaml", false, settings);
        insta::assert_snapshot!(
            format!("settings_{name}_types"),
            file(&generated, "src/types.rs")
        );
    }
}

#[test]
fn the_selection_leaves_out_operations_and_the_types_only_they_reach() {
    let generated = generate_case("selection");
    let methods: Vec<&str> = (generated.api.operations.iter())
        .map(|o| o.method_name.as_str())
        .collect();
    // `deletePet` and the admin tag are left out, and with them the types only they
    // reach; `Tag` is reached by nothing.
    assert_eq!(methods, ["list_pets"]);
    let types = file(&generated, "src/types.rs");
    for gone in ["AuditLog", "struct Tag "] {
        assert!(!types.contains(gone), "{gone} is still generated");
    }
    assert!(types.contains("pub struct Pet {"));
}

#[test]
fn a_replaced_type_is_named_wherever_it_was_used_and_not_generated() {
    let generated = generate_case("replace");
    let types = file(&generated, "src/types.rs");
    assert!(types.contains("pub price: serde_json::Number,"));
    assert!(!types.contains("Money"));
}

#[test]
fn renames_reach_the_operations() {
    let generated = generate_case("names");
    let types = file(&generated, "src/types.rs");
    assert!(types.contains("pub struct Animal {"));
    assert!(types.contains("pub kind: "));
    let operations = file(&generated, "src/operations/pets.rs");
    assert!(
        operations.contains("Vec<crate::types::Animal>"),
        "{operations}"
    );
}

#[test]
fn the_idempotency_header_setting_is_the_clients_default() {
    let servers = file(&generate_case("all"), "src/servers.rs").to_owned();
    assert!(
        servers.contains(r#"IDEMPOTENCY_HEADER: &str = "X-Request-Key";"#),
        "{servers}"
    );
    let default = file(&generate_case("names"), "src/servers.rs").to_owned();
    assert!(default.contains(r#"IDEMPOTENCY_HEADER: &str = "Idempotency-Key";"#));
}

#[test]
fn format_types_reach_parameters_and_the_manifest() {
    let generated = generate_case("formats-chrono");
    let operations = file(&generated, "src/operations/pets.rs");
    insta::assert_snapshot!("settings_formats_chrono_pets", operations);
    let manifest = file(&generated, "Cargo.toml");
    for dependency in ["chrono = ", "uuid = ", "url = "] {
        assert!(
            manifest.contains(dependency),
            "no {dependency}in\n{manifest}"
        );
    }
    assert!(!manifest.contains("time = "));
    // Only the runtime the formats need.
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert!(!paths.contains(&"src/runtime/lenient.rs"));
    assert!(!paths.contains(&"src/runtime/timestamp.rs"));
    let timed = generate_case("formats-time");
    let manifest = file(&timed, "Cargo.toml");
    assert!(manifest.contains("time = ") && !manifest.contains("chrono = "));
    let paths: Vec<&str> = timed.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"src/runtime/lenient.rs"));
    assert!(paths.contains(&"src/runtime/timestamp.rs"));
    assert!(file(&timed, "src/runtime/mod.rs").contains("pub use lenient::Lenient;"));
}

#[test]
fn tag_features_gate_each_module_and_the_types_only_it_reaches() {
    let generated = generate_case("features");
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains(
            "[features]\ndefault = [\n    \"pets\",\n    \"admin\",\n]\npets = []\nadmin = []\n"
        ),
        "{manifest}"
    );
    let index = file(&generated, "src/operations/mod.rs");
    assert!(
        index.contains("#[cfg(feature = \"admin\")]\nmod admin;"),
        "{index}"
    );
    let root = file(&generated, "src/lib.rs");
    assert!(
        root.contains("#[cfg(all(feature = \"pets\", feature = \"admin\"))]"),
        "{root}"
    );
    // Without the setting, no feature per tag: only the mock's, off by default.
    let plain = generate_case("names");
    let manifest = file(&plain, "Cargo.toml");
    let features = manifest.split("[features]").nth(1).unwrap_or_default();
    assert!(!features.contains("default"), "{manifest}");
    assert!(features.trim_start().starts_with("# A mock"), "{manifest}");
}

#[test]
fn the_default_settings_change_nothing() {
    let spec = settings_fixture();
    let text = std::fs::read_to_string(&spec).unwrap();
    let plain = codegen::Generator::new("fixture-client")
        .generate("shop.yaml", &text)
        .unwrap();
    let defaulted = codegen::Generator::new("fixture-client")
        .settings(codegen::Settings::default())
        .generate("shop.yaml", &text)
        .unwrap();
    assert_eq!(plain.files, defaulted.files);
    assert!(file(&plain, "src/types.rs").contains("pub struct Pet {"));
}

#[test]
fn a_setting_naming_what_the_document_lacks_is_an_error() {
    let text = std::fs::read_to_string(settings_fixture()).unwrap();
    let cases = [
        (
            "[types.Pett]\nrename = \"Animal\"\n",
            "[types.Pett]: no schema or type",
        ),
        (
            "[types.Pet]\nrename = \"not an ident\"\n",
            "is not a Rust identifier",
        ),
        (
            "[types.Pet]\nfields = { colour = \"c\" }\n",
            "has no property `colour`",
        ),
        ("[types.Money]\nreplace = \"1 + 2\"\n", "is not a Rust type"),
        (
            "attributes = [\"non_exhaustive\"]\n",
            "is not an outer attribute",
        ),
    ];
    for (toml, wanted) in cases {
        let settings = codegen::Settings::from_toml("codegen.toml", toml).unwrap();
        let err = codegen::Generator::new("fixture-client")
            .settings(settings)
            .generate("shop.yaml", &text)
            .unwrap_err();
        assert!(err.to_string().contains(wanted), "{toml}: {err}");
    }
}
