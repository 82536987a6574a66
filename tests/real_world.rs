//! One small document per class of real-world mess (`tests/fixtures/real-world/`): each
//! generates, its warnings are snapshotted, and the IR says the class was handled. Their
//! crates pass clippy and their examples in `compile.rs`.

use codegen::ir::{Api, BodyKind, TypeKind, TypeRef};
use workspace_tests::{generate, real_world_fixture};

fn read(name: &str) -> (Api, Vec<String>) {
    let generated = generate(&real_world_fixture(name), name, false);
    let warnings = generated
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    (generated.api, warnings)
}

fn type_names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

fn type_named<'a>(api: &'a Api, name: &str) -> &'a codegen::ir::TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name} in {:?}", type_names(api)))
}

fn field_type(api: &Api, type_name: &str, wire_name: &str) -> TypeRef {
    let TypeKind::Struct(fields) = &type_named(api, type_name).kind else {
        panic!("{type_name} is not a struct");
    };
    fields
        .fields
        .iter()
        .find(|f| f.wire_name == wire_name)
        .unwrap_or_else(|| panic!("{type_name} has no field {wire_name}"))
        .ty
        .clone()
}

fn named(api: &Api, name: &str) -> TypeRef {
    let index = api.types.iter().position(|t| t.name == name).unwrap();
    TypeRef::Named(codegen::ir::TypeId(index))
}

fn operation<'a>(api: &'a Api, method_name: &str) -> &'a codegen::ir::Operation {
    api.operations
        .iter()
        .find(|o| o.method_name == method_name)
        .unwrap_or_else(|| panic!("no operation {method_name}"))
}

/// The generated operations of a fixture without tags.
fn operations_file(name: &str) -> String {
    let generated = generate(&real_world_fixture(name), name, false);
    let file = (generated.files.into_iter()).find(|f| f.path == "src/operations/untagged.rs");
    file.expect("the operations file").contents
}

fn success_body(api: &Api, method_name: &str) -> Option<BodyKind> {
    operation(api, method_name)
        .success_response()
        .and_then(|r| r.body.as_ref())
        .map(|b| b.kind.clone())
}

#[test]
fn references_to_any_place_reach_one_type_named_after_that_place() {
    let (api, warnings) = read("refs-anywhere.yaml");
    insta::assert_snapshot!("refs_anywhere_warnings", warnings.join("\n"));
    assert_eq!(
        type_names(&api),
        [
            "Problem",
            "Office",
            "Alias",
            "OfficeAddress",
            "GetCompanyFieldsItem",
            "GetCompanyResponse",
            "GetCompanyResponseAddress",
            "CreateOfficeRequest",
        ]
    );
    let company = named(&api, "GetCompanyResponse");
    // The schema that refers to itself through its own place is one recursive type.
    assert_eq!(
        field_type(&api, "GetCompanyResponse", "parent"),
        company.clone()
    );
    // A percent-encoded reference into another operation's response.
    assert_eq!(
        success_body(&api, "list_companies"),
        Some(BodyKind::Json(TypeRef::Array(Box::new(company))))
    );
    // A parameter of another operation, with its schema's type.
    let list = operation(&api, "list_companies");
    assert_eq!(list.parameters[0].wire_name, "fields");
    assert_eq!(
        list.parameters[0].ty,
        TypeRef::Array(Box::new(named(&api, "GetCompanyFieldsItem")))
    );
    // Another operation's 404 response.
    let not_found = list.error_bodies();
    assert_eq!(not_found[0].1, &named(&api, "Problem"));
    // A path item that refers to another path.
    let v1 = operation(&api, "list_companies_2");
    assert_eq!(v1.path, "/v1/companies");
    assert_eq!(v1.parameters[0].ty, list.parameters[0].ty);
    // A part of a component, directly and through an alias chain; and a scalar part.
    let address = named(&api, "OfficeAddress");
    assert_eq!(field_type(&api, "CreateOfficeRequest", "address"), address);
    assert_eq!(
        field_type(&api, "CreateOfficeRequest", "sameAddress"),
        address
    );
    assert_eq!(
        field_type(&api, "CreateOfficeRequest", "street"),
        TypeRef::String
    );
}

#[test]
fn ref_keys_inside_examples_defaults_and_extensions_are_data() {
    let (api, warnings) = read("data-with-ref-keys.yaml");
    insta::assert_snapshot!("data_with_ref_keys_warnings", warnings.join("\n"));
    assert_eq!(type_names(&api), ["Document"]);
    assert_eq!(
        field_type(&api, "Document", "$ref"),
        TypeRef::String,
        "a property called `$ref` is a property"
    );
    let examples: Vec<(&str, &serde_json::Value)> = api
        .examples
        .iter()
        .map(|e| (e.pointer.as_str(), &e.value["$ref"]))
        .collect();
    assert_eq!(
        examples,
        [
            ("#/components/schemas/Document/example", &"#/nowhere".into()),
            (
                "#/paths/~1documents/post/requestBody/content/application~1json/examples/pointer/value",
                &"#/definitions/elsewhere".into()
            ),
            (
                "#/paths/~1documents/post/responses/201/content/application~1json/example",
                &"other.json#/a".into()
            ),
        ]
    );
}

#[test]
fn dangling_references_degrade_what_they_spoil_with_a_warning_each() {
    let (api, warnings) = read("dangling-refs.yaml");
    insta::assert_snapshot!("dangling_refs_warnings", warnings.join("\n"));
    assert_eq!(warnings.len(), 6);
    assert_eq!(api.operations.len(), 3);
    let list = operation(&api, "list_pets");
    let parameters: Vec<&str> = list
        .parameters
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(parameters, ["limit"], "the missing parameter is left out");
    assert!(operation(&api, "create_pet").body.is_none());
    assert_eq!(field_type(&api, "Pet", "owner"), TypeRef::Json);
    assert_eq!(field_type(&api, "Pet", "toy"), TypeRef::Json);
    assert_eq!(
        field_type(&api, "Pet", "tags"),
        TypeRef::Array(Box::new(TypeRef::Json))
    );
    assert_eq!(
        success_body(&api, "get_pet"),
        Some(BodyKind::Json(named(&api, "Pet")))
    );
}

#[test]
fn out_of_range_integers_wrong_keyword_types_and_callback_refs_are_read() {
    let (api, warnings) = read("lenient-values.yaml");
    insta::assert_snapshot!("lenient_values_warnings", warnings.join("\n"));
    let pick = operation(&api, "pick_thumbnail");
    assert_eq!(pick.parameters[0].wire_name, "offset");
    let TypeKind::Struct(fields) = &type_named(&api, "Pick").kind else {
        panic!("Pick is a struct");
    };
    assert_eq!(fields.fields[0].docs.description.as_deref(), Some("42"));
    assert!(!fields.fields[1].docs.deprecated);
}

#[test]
fn statuses_without_a_body_never_decode_one() {
    let (api, warnings) = read("no-content.yaml");
    insta::assert_snapshot!("no_content_warnings", warnings.join("\n"));
    for method in ["delete_job", "job_exists", "reset_form"] {
        assert_eq!(success_body(&api, method), None, "{method}");
    }
    let replace = operation(&api, "replace_job");
    let successes = replace.varied_successes().expect("200 and 204 differ");
    assert!(successes[1].body.is_none(), "the 204 has no body");
    assert!(operation(&api, "get_job").error_bodies().is_empty());
}

#[test]
fn multipart_arrays_of_scalars_are_one_part_per_item() {
    insta::assert_snapshot!(
        "multipart_arrays_operations",
        operations_file("multipart-arrays.yaml")
    );
}

#[test]
fn fragments_are_not_sent_and_template_query_pairs_are() {
    let (api, warnings) = read("path-templates.yaml");
    assert!(warnings.is_empty(), "{warnings:?}");
    let segments = |method: &str| -> Vec<String> {
        (operation(&api, method).segments.iter())
            .map(|s| format!("{:?}", s.pieces))
            .collect()
    };
    assert_eq!(segments("get_shared_link"), segments("get_file"));
    let pairs = |method: &str| -> Vec<String> {
        (operation(&api, method).template_query.iter())
            .map(|(name, value)| format!("{name}={:?}", value.pieces))
            .collect()
    };
    assert!(pairs("get_shared_link").is_empty());
    assert_eq!(
        pairs("list_html_templates"),
        [r#"desc=[Literal("html")]"#, r#"v=[Literal("2")]"#]
    );
    // `term` is a declared query parameter: it sends itself.
    assert_eq!(
        pairs("get_alerts"),
        ["lat=[Parameter(0)]", "lon=[Parameter(1)]"]
    );
    assert_eq!(segments("get_alerts"), [r#"[Literal("alerts")]"#]);
    assert!(operation(&api, "create_test").trailing_slash);
    assert!(!operation(&api, "get_alerts").trailing_slash);
    insta::assert_snapshot!(
        "path_templates_operations",
        operations_file("path-templates.yaml")
    );
}

#[test]
fn a_branch_listed_twice_is_one_variant_and_a_contradicted_discriminator_is_set_aside() {
    let (api, warnings) = read("unions.yaml");
    insta::assert_snapshot!("unions_warnings", warnings.join("\n"));
    let TypeKind::Union(union) = &type_named(&api, "Event").kind else {
        panic!("Event is not a union");
    };
    let variants: Vec<(&str, Vec<&str>)> = (union.variants.iter())
        .map(|v| {
            (
                v.name.as_str(),
                v.tag_values.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        variants,
        [
            ("AnyEvent", vec!["any", "custom"]),
            ("ChannelCreated", vec!["channel.created"])
        ]
    );
    // The contradicted discriminator is set aside: the variants are told apart by shape.
    let TypeKind::Union(passport) = &type_named(&api, "PassportError").kind else {
        panic!("PassportError is not a union");
    };
    assert_eq!(passport.tag, None);
}

#[test]
fn a_body_alternative_keeps_its_own_type_when_types_before_it_are_dropped() {
    let (api, _) = read("body-alternatives.yaml");
    // The union's inline variants became struct variants: their types are gone.
    assert_eq!(
        type_names(&api),
        [
            "Shape",
            "CreateNoteRequest",
            "CreateNoteFormRequest",
            "CreateNoteFormRequestColor"
        ]
    );
    let body = operation(&api, "create_note").body.as_ref().unwrap();
    assert_eq!(body.kind, BodyKind::Json(named(&api, "CreateNoteRequest")));
    let [form] = body.alternatives.as_slice() else {
        panic!("one alternative");
    };
    assert_eq!(
        form.kind,
        BodyKind::Form(named(&api, "CreateNoteFormRequest"), Default::default())
    );
}

#[test]
fn no_comment_of_the_client_or_its_command_line_holds_a_control_character() {
    let generated = generate(&real_world_fixture("control-characters.yaml"), "cc", false);
    let info = codegen::cli::CliInfo::new(&Default::default(), "cc", "../cc");
    let cli = generated.cli_files(&info).unwrap();
    let mut comments = 0;
    for file in generated.files.iter().chain(&cli) {
        if !file.path.ends_with(".rs") {
            continue;
        }
        // `str::lines` splits at "\n" only: a bare "\r" stays inside its line.
        for line in file.contents.split('\n') {
            if line.trim_start().starts_with("//") {
                comments += 1;
                let control = line.chars().find(|c| c.is_control());
                assert_eq!(control, None, "{}: {line:?}", file.path);
            }
        }
    }
    assert!(comments > 100, "{comments} comment lines");
}

#[test]
fn control_characters_are_escapes_in_docs_and_kept_on_the_wire() {
    let generated = generate(&real_world_fixture("control-characters.yaml"), "cc", false);
    let types = (generated.files.iter()).find(|f| f.path == "src/types.rs");
    insta::assert_snapshot!("control_characters_types", types.unwrap().contents);
}

#[test]
fn variants_sharing_a_tag_value_decode_by_shape() {
    let generated = generate(&real_world_fixture("shared-tag-values.yaml"), "st", false);
    let types = (generated.files.iter()).find(|f| f.path == "src/types.rs");
    insta::assert_snapshot!("shared_tag_values_types", types.unwrap().contents);
    assert!(
        generated.diagnostics.is_empty(),
        "{:?}",
        generated.diagnostics
    );
}

#[test]
fn a_body_alternative_is_sent_as_its_own_type() {
    insta::assert_snapshot!(
        "body_alternatives_operations",
        operations_file("body-alternatives.yaml")
    );
}

#[test]
fn a_tag_called_commands_is_no_module_inside_its_namesake() {
    let document = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
        "paths": {"/commands": {"get": {"operationId": "listCommands", "tags": ["Commands"],
        "responses": {"204": {"description": "Listed"}}}}}}"#;
    let generated = codegen::Generator::new("t")
        .generate("t.json", document)
        .unwrap();
    let info = codegen::cli::CliInfo::new(&Default::default(), "t", "../t");
    let files = generated.cli_files(&info).unwrap();
    let index = files
        .iter()
        .find(|f| f.path == "src/commands/mod.rs")
        .unwrap();
    // `commands::commands` is clippy's module_inception; the command keeps its name.
    assert!(
        !index.contents.contains("mod commands;"),
        "{}",
        index.contents
    );
    assert!(
        index.contents.contains("group: \"commands\""),
        "{}",
        index.contents
    );
}
