//! Property: any valid document of random schemas and operations generates, which means
//! every emitted item parsed with `syn` (the format stage parses each one and calls a
//! failure a generator bug). Documents come from proptest strategies: a failure is shrunk
//! to a small document, and its seed kept in `proptest-regressions/` to be tried first
//! on every later run.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence, TestRng, TestRunner};
use serde_json::{json, Map, Value};
use std::cell::Cell;

/// Names meant to collide, shadow and break: keywords, case twins, symbols, digits, emoji.
const NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "match",
    "async",
    "value",
    "Value",
    "VALUE",
    "foo_bar",
    "fooBar",
    "FooBar",
    "foo-bar",
    "foo.bar",
    "2fa",
    "_",
    "__x",
    "x y",
    "😀",
    "é",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Client",
    "Error",
    "serde",
    "std",
    "r#type",
    "",
    "a/b",
    "{id}",
    "`tick`",
    "*/",
    "\"q\"",
    "#[doc]",
    "urn:ietf:params:scim:schemas:core:2.0:User",
];

/// Pieces of prose that break comments and docs.
const PROSE: &[&str] = &[
    "*/",
    "/*",
    "\"#",
    "\\",
    "```",
    "\n",
    "#[doc = \"x\"]",
    "plain words",
];

fn name() -> impl Strategy<Value = String> {
    (select(NAMES), prop::option::weighted(0.3, 0..3usize)).prop_map(|(base, n)| match n {
        Some(n) => format!("{base}{n}"),
        None => base.to_owned(),
    })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(PROSE), 0..4).prop_map(|pieces| pieces.concat())
}

fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A schema that may refer to the component schemas `components`.
fn schema(components: Vec<String>) -> impl Strategy<Value = Value> {
    let mut leaves = vec![
        Just(json!({"type": "string"})).boxed(),
        select(&["int32", "int64"][..])
            .prop_map(|format| json!({"type": "integer", "format": format}))
            .boxed(),
        Just(json!({"type": "number"})).boxed(),
        Just(json!({"type": "boolean"})).boxed(),
        prop::collection::vec(name(), 1..6)
            .prop_map(|values| json!({"type": "string", "enum": values}))
            .boxed(),
    ];
    if !components.is_empty() {
        leaves.push(
            select(components)
                .prop_map(|target| {
                    json!({"$ref": format!("#/components/schemas/{}", pointer_token(&target))})
                })
                .boxed(),
        );
    }
    let leaf = prop::strategy::Union::new(leaves);
    let shapes = leaf.prop_recursive(4, 48, 4, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items})),
            inner
                .clone()
                .prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            (any::<bool>(), prop::collection::vec(inner.clone(), 2..4)).prop_map(
                |(one, variants)| {
                    let key = if one { "oneOf" } else { "anyOf" };
                    json!({ key: variants })
                }
            ),
            (object(inner.clone()), object(inner.clone()))
                .prop_map(|(a, b)| json!({"allOf": [a, b]})),
            object(inner),
        ]
    });
    (
        shapes,
        prop::bool::weighted(0.2),
        prop::option::weighted(0.3, text()),
    )
        .prop_map(|(mut schema, nullable, description)| {
            if nullable {
                schema["nullable"] = json!(true);
            }
            if let Some(description) = description {
                schema["description"] = json!(description);
            }
            schema
        })
}

/// An object of up to four properties of `property`, some required.
fn object(property: impl Strategy<Value = Value> + Clone) -> impl Strategy<Value = Value> {
    prop::collection::vec((name(), property, prop::bool::weighted(0.4)), 0..5).prop_map(|entries| {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (name, schema, is_required) in entries {
            if is_required {
                required.push(json!(name.clone()));
            }
            properties.insert(name, schema);
        }
        json!({"type": "object", "properties": properties, "required": required})
    })
}

/// An operation on `/r{index}/{id}` with a parameter, a response and maybe a body.
fn operation(components: Vec<String>) -> impl Strategy<Value = (String, Value)> {
    (
        text(),
        name(),
        select(&["query", "header", "cookie"][..]),
        schema(components.clone()),
        schema(components.clone()),
        prop::option::weighted(0.6, name()),
        prop::option::weighted(0.4, schema(components)),
        select(&["get", "post", "put", "delete", "patch"][..]),
    )
        .prop_map(
            |(summary, parameter, place, parameter_schema, response, id, body, method)| {
                let mut operation = json!({
                    "summary": summary,
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": parameter, "in": place, "schema": parameter_schema}
                    ],
                    "responses": {"200": {"description": "ok", "content": {
                        "application/json": {"schema": response}
                    }}}
                });
                if let Some(id) = id {
                    operation["operationId"] = json!(id);
                }
                if let Some(body) = body {
                    operation["requestBody"] =
                        json!({"content": {"application/json": {"schema": body}}});
                }
                (method.to_owned(), operation)
            },
        )
}

/// A document: up to six component schemas that may refer to each other, and up to
/// four operations.
fn document() -> impl Strategy<Value = Value> {
    let components = prop::collection::btree_set(name(), 1..7).prop_map(|names| {
        names
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
    });
    components.prop_flat_map(|components| {
        let count = components.len();
        (
            Just(components.clone()),
            prop::collection::vec(schema(components.clone()), count),
            prop::collection::vec(operation(components), 1..5),
            text(),
        )
            .prop_map(|(components, schemas, operations, title)| {
                let schemas: Map<String, Value> = components.into_iter().zip(schemas).collect();
                let paths: Map<String, Value> = (operations.into_iter().enumerate())
                    .map(|(index, (method, operation))| {
                        (format!("/r{index}/{{id}}"), json!({ method: operation }))
                    })
                    .collect();
                json!({
                    "openapi": "3.0.3",
                    "info": {"title": title, "version": "1.0.0"},
                    "paths": paths,
                    "components": {"schemas": schemas}
                })
            })
    })
}

#[test]
fn random_documents_generate_code_that_parses() {
    let config = Config {
        cases: 300,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    // A fixed seed, so that CI sees the same documents; the regressions file keeps any
    // failure found with another.
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let (types, operations) = (Cell::new(0), Cell::new(0));
    let outcome = runner.run(&document(), |document| {
        let text = document.to_string();
        let generated = codegen::Generator::new("random-client")
            .generate("random.json", &text)
            .map_err(|err| TestCaseError::fail(format!("{err}\n{text}")))?;
        types.set(types.get() + generated.api.types.len());
        operations.set(operations.get() + generated.api.operations.len());
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    // The documents are not trivial: they make types and operations to emit.
    let (types, operations) = (types.get(), operations.get());
    assert!(
        types > 1000 && operations > 500,
        "{types} types, {operations} operations"
    );
}
