//! The settings (`tests/fixtures/settings/codegen.toml` on `shop.yaml`): each one's effect
//! on the generated crate, snapshotted; `compile.rs` builds and lints that crate.

use workspace_tests::{generate, settings_fixture};

fn file<'a>(generated: &'a codegen::Generated, path: &str) -> &'a str {
    let file = generated.files.iter().find(|f| f.path == path);
    &file.unwrap_or_else(|| panic!("no {path}")).contents
}

#[test]
fn the_settings_shape_the_crate() {
    let generated = generate(&settings_fixture(), "shop.yaml", false);
    let types = file(&generated, "src/types.rs");
    insta::assert_snapshot!("settings_types", types);
    // The selection: `deletePet` and the admin tag are left out, and with them the types
    // only they reach; `Tag` is reached by nothing.
    let methods: Vec<&str> = (generated.api.operations.iter())
        .map(|o| o.method_name.as_str())
        .collect();
    assert_eq!(methods, ["list_pets"]);
    for gone in ["AuditLog", "Tag", "struct Pet "] {
        assert!(!types.contains(gone), "{gone} is still generated");
    }
    // The replacement is named wherever the schema was used, and not generated.
    assert!(types.contains("pub price: serde_json::Number,"));
    assert!(!types.contains("Money"));
    let operations = file(&generated, "src/operations/pets.rs");
    assert!(
        operations.contains("Vec<crate::types::Animal>"),
        "{operations}"
    );
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
