//! OpenAPI Overlays through the whole generator: named by the settings, read relative to
//! them, applied before anything reads the document; warnings and change reports about a
//! place an overlay made point at the overlay.

use workspace_tests::{fixture, root};

/// The pets fixture generated with the overlay files `names` (in
/// `tests/fixtures/overlays/`), as settings name them.
fn with_overlays(names: &[&str]) -> codegen::Generated {
    let toml = format!(
        "overlays = [{}]",
        (names.iter())
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let settings = codegen::Settings::from_toml("codegen.toml", &toml).unwrap();
    let overlays = settings
        .read_overlays(&root().join("tests/fixtures/overlays"))
        .unwrap_or_else(|err| panic!("{err}"));
    let text = std::fs::read_to_string(fixture("pets-3.0.yaml")).unwrap();
    codegen::Generator::new("pets")
        .settings(settings)
        .overlays(overlays)
        .generate("pets-3.0.yaml", &text)
        .unwrap_or_else(|err| panic!("{err}"))
}

fn file<'a>(generated: &'a codegen::Generated, path: &str) -> &'a str {
    let file = generated.files.iter().find(|f| f.path == path);
    file.map_or("", |f| f.contents.as_str())
}

#[test]
fn an_overlay_removes_an_operation() {
    let plain = with_overlays(&[]);
    let overlaid = with_overlays(&["remove-operation.yaml"]);
    let ids = |g: &codegen::Generated| -> Vec<String> {
        (g.api.operations.iter())
            .map(|op| op.operation_id.clone())
            .collect()
    };
    assert!(ids(&plain).contains(&"deletePet".to_owned()));
    assert!(!ids(&overlaid).contains(&"deletePet".to_owned()));
    assert_eq!(ids(&plain).len(), ids(&overlaid).len() + 1);
    assert!(file(&plain, "src/operations/pets.rs").contains("pub async fn delete_pet("));
    assert!(!file(&overlaid, "src/operations/pets.rs").contains("fn delete_pet("));
}

#[test]
fn an_overlay_adds_a_description_and_its_warnings_point_at_it() {
    let generated = with_overlays(&["describe.yaml"]);
    let pets = file(&generated, "src/operations/pets.rs");
    assert!(
        pets.contains("/// Adds a pet to the store; its name must be unique."),
        "{pets}"
    );
    let warnings: Vec<String> = generated
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    let overlay = root().join("tests/fixtures/overlays/describe.yaml");
    let overlay = overlay.display();
    // The default the overlay added breaks its schema: the warning is the overlay's.
    let default = (warnings.iter())
        .find(|w| w.contains("/parameters/0/schema/default"))
        .unwrap_or_else(|| panic!("{warnings:#?}"));
    assert!(
        default.starts_with(&format!("warning: {overlay}:10: action 1: ")),
        "{default}"
    );
    let nothing = (warnings.iter())
        .find(|w| w.contains("selects nothing"))
        .unwrap_or_else(|| panic!("{warnings:#?}"));
    assert!(
        nothing.starts_with(&format!("warning: {overlay}:14: action 2: ")),
        "{nothing}"
    );
    assert!(nothing.contains("`$.paths['/birds']`"), "{nothing}");
}

#[test]
fn an_overlay_with_a_filter_expression_changes_what_it_selects() {
    let tag = |g: &codegen::Generated| {
        let list = g
            .api
            .operations
            .iter()
            .find(|op| op.method_name == "list_pets");
        let list = list.expect("listPets");
        let tag = list.parameters.iter().find(|p| p.wire_name == "tag");
        tag.expect("the tag parameter").explode
    };
    assert!(
        !tag(&with_overlays(&[])),
        "the document says explode: false"
    );
    assert!(tag(&with_overlays(&["filter.yaml"])));
}

#[test]
fn overlays_apply_in_order_and_a_change_report_points_at_the_overlay() {
    let old = with_overlays(&[]);
    let new = with_overlays(&["remove-operation.yaml", "describe.yaml"]);
    let mut report = codegen::diff::diff(&old.api, &new.api);
    let text = std::fs::read_to_string(fixture("pets-3.0.yaml")).unwrap();
    report.locate(
        text.as_str().into(),
        codegen::diff::Source {
            text: &text,
            origins: Some(&new.origins),
        },
    );
    let removed = (report.changes.iter())
        .find(|c| c.rule == codegen::diff::Rule::DeprecatedOperationRemoved)
        .unwrap_or_else(|| panic!("{:#?}", report.changes));
    assert_eq!(
        removed.file, None,
        "a removal is at the old document's line"
    );
    assert!(removed.line.is_some());
    let described = (report.changes.iter())
        .find(|c| c.rule.id() == "documentation-changed")
        .unwrap_or_else(|| panic!("{:#?}", report.changes));
    let overlay = root().join("tests/fixtures/overlays/describe.yaml");
    assert_eq!(
        described.file.as_deref(),
        Some(&*overlay.display().to_string())
    );
    assert_eq!(described.line, Some(6));
}

#[test]
fn a_missing_overlay_file_is_an_error_naming_it() {
    let settings =
        codegen::Settings::from_toml("codegen.toml", "overlays = [\"gone.yaml\"]").unwrap();
    let err = settings.read_overlays(&root().join("spec")).unwrap_err();
    assert!(err.to_string().contains("gone.yaml"), "{err}");
}

#[test]
fn the_generator_reads_the_overlays_the_settings_name_from_the_document_folder() {
    let folder = root().join("tests/fixtures/overlays");
    let settings =
        codegen::Settings::from_toml("codegen.toml", "overlays = [\"remove-operation.yaml\"]")
            .unwrap();
    let text = std::fs::read_to_string(fixture("pets-3.0.yaml")).unwrap();
    let generated = codegen::Generator::new("pets")
        .settings(settings.clone())
        .document_folder(&folder)
        .generate("pets-3.0.yaml", &text)
        .unwrap_or_else(|err| panic!("{err}"));
    assert!(generated
        .api
        .operations
        .iter()
        .all(|op| op.operation_id != "deletePet"));
    // Without a folder or the overlays themselves, the settings cannot be honoured.
    let err = codegen::Generator::new("pets")
        .settings(settings)
        .generate("pets-3.0.yaml", &text)
        .unwrap_err();
    assert!(
        err.to_string().contains("the settings name overlays"),
        "{err}"
    );
}
