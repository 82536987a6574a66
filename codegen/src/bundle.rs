//! Stage 1b: `$ref`s to other files, resolved relative to the document's folder and
//! copied into the document's own `components`, so later stages see one document.

use crate::diagnostics::{Error, Location};
use crate::json_pointer::{escape_token, push_pointer, unescape_token};
use crate::load::load;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// How many files a reference chain may pass through before it is called cyclic.
const MAX_ROUNDS: usize = 64;

/// Replaces every external `$ref` of `document` by a local one. `folder` is where the
/// document's relative references point; `None` makes any external reference an error.
pub fn bundle(file: &str, document: &mut Value, folder: Option<&Path>) -> Result<(), Error> {
    let mut files: BTreeMap<String, Value> = BTreeMap::new();
    let mut imported: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        let found = external_refs(document);
        if found.is_empty() {
            return Ok(());
        }
        for (pointer, reference) in found {
            let local = match imported.get(&reference) {
                Some(local) => local.clone(),
                None => {
                    let local = import(file, document, folder, &mut files, &pointer, &reference)?;
                    imported.insert(reference.clone(), local.clone());
                    local
                }
            };
            if let Some(Value::Object(node)) = document.pointer_mut(&pointer[1..]) {
                node.insert("$ref".into(), Value::String(local));
            }
        }
    }
    Err(Error::new(
        file,
        Location::Document,
        "external $refs keep referring to further files; is there a cycle?",
    ))
}

/// `(pointer of the object holding $ref, the reference)` for every non-local `$ref`.
fn external_refs(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    walk_references(document, &mut "#".to_owned(), &mut |pointer, reference| {
        if !reference.starts_with('#') {
            found.push((pointer.to_owned(), reference.to_owned()));
        }
    });
    found
}

/// Keys whose object maps names (properties, status codes, media types, ...) to
/// objects of the grammar: a key there is a name, never a keyword.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "paths",
    "webhooks",
    "responses",
    "content",
    "headers",
    "schemas",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "callbacks",
    "examples",
    "encoding",
    "pathItems",
];

/// Keys whose value is data (any JSON, which may hold a `$ref` key that is not a
/// reference) or that the generator never reads through.
fn is_data(key: &str) -> bool {
    matches!(
        key,
        "example" | "default" | "enum" | "const" | "value" | "links" | "discriminator"
    ) || key.starts_with("x-")
}

/// Calls `visit(pointer of the object, reference)` for every `$ref` that stands where the
/// grammar allows a reference object, skipping data: examples, defaults, enums, and
/// extensions hold JSON that may happen to have a `$ref` key.
pub fn walk_references(value: &Value, pointer: &mut String, visit: &mut impl FnMut(&str, &str)) {
    walk_grammar(value, false, pointer, visit);
}

fn walk_grammar(
    value: &Value,
    is_name_map: bool,
    pointer: &mut String,
    visit: &mut impl FnMut(&str, &str),
) {
    let here = pointer.len();
    match value {
        Value::Object(entries) => {
            if !is_name_map {
                if let Some(Value::String(reference)) = entries.get("$ref") {
                    visit(pointer, reference);
                }
            }
            for (key, child) in entries {
                if !is_name_map && (is_data(key) || (key == "examples" && child.is_array())) {
                    continue;
                }
                let child_is_name_map = !is_name_map && NAME_MAPS.contains(&key.as_str());
                push_pointer(pointer, key);
                walk_grammar(child, child_is_name_map, pointer, visit);
                pointer.truncate(here);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                push_pointer(pointer, &index.to_string());
                walk_grammar(child, false, pointer, visit);
                pointer.truncate(here);
            }
        }
        _ => {}
    }
}

/// Copies the node a reference names into `components` and returns the local reference.
fn import(
    file: &str,
    document: &mut Value,
    folder: Option<&Path>,
    files: &mut BTreeMap<String, Value>,
    pointer: &str,
    reference: &str,
) -> Result<String, Error> {
    let fail = |message: String| Error::new(file, Location::Pointer(pointer.to_owned()), message);
    if reference.contains("://") {
        return Err(fail(format!(
            "$ref `{reference}` points to a URL; only files beside the document can be referenced"
        )));
    }
    let folder = folder.ok_or_else(|| {
        fail(format!(
            "$ref `{reference}` points to another file, but the document's folder is unknown"
        ))
    })?;
    let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if !files.contains_key(path) {
        let full = folder.join(path);
        let text = std::fs::read_to_string(&full).map_err(|err| {
            fail(format!(
                "$ref `{reference}`: cannot read {}: {err}",
                full.display()
            ))
        })?;
        let value = load(&full.display().to_string(), &text)?;
        files.insert(path.to_owned(), value);
    }
    let target = files[path].pointer(fragment).cloned().ok_or_else(|| {
        fail(format!(
            "$ref `{reference}`: `{path}` has nothing at `#{fragment}`"
        ))
    })?;
    let tokens: Vec<String> = fragment.split('/').skip(1).map(unescape_token).collect();
    let (section, name) = match tokens.as_slice() {
        [components, section, name] if components == "components" => {
            (section.clone(), name.clone())
        }
        _ => (
            "schemas".to_owned(),
            tokens
                .last()
                .cloned()
                .unwrap_or_else(|| "External".to_owned()),
        ),
    };
    let mut target = target;
    qualify_local_refs(&mut target, path);
    let components = document
        .as_object_mut()
        .ok_or_else(|| fail("the document is not an object".to_owned()))?
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let entries = components
        .as_object_mut()
        .ok_or_else(|| fail("`components` is not an object".to_owned()))?
        .entry(section.clone())
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| fail(format!("`components/{section}` is not an object")))?;
    let mut unique = name.clone();
    let mut n = 2;
    while entries
        .get(&unique)
        .is_some_and(|existing| existing != &target)
    {
        unique = format!("{name}{n}");
        n += 1;
    }
    entries.insert(unique.clone(), target);
    Ok(format!(
        "#/components/{}/{}",
        escape_token(&section),
        escape_token(&unique)
    ))
}

/// A `#/...` reference inside an imported node meant the other file: say so.
fn qualify_local_refs(value: &mut Value, path: &str) {
    let mut local = Vec::new();
    walk_references(value, &mut "#".to_owned(), &mut |pointer, reference| {
        if reference.starts_with('#') {
            local.push(pointer.to_owned());
        }
    });
    for pointer in local {
        if let Some(Value::Object(node)) = value.pointer_mut(&pointer[1..]) {
            if let Some(Value::String(reference)) = node.get_mut("$ref") {
                *reference = format!("{path}{reference}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn folder() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("bundle-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("shared.json"),
            r##"{"components": {"schemas": {
                "Thing": {"type": "object", "properties": {"part": {"$ref": "#/components/schemas/Part"}}},
                "Part": {"type": "string"}
            }}}"##,
        )
        .unwrap();
        dir
    }

    #[test]
    fn external_refs_become_local_components() {
        let dir = folder();
        let mut document = json!({
            "openapi": "3.0.3",
            "components": {"schemas": {"Use": {"$ref": "./shared.json#/components/schemas/Thing"}}}
        });
        bundle("doc.yaml", &mut document, Some(&dir)).unwrap();
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Use"]["$ref"], "#/components/schemas/Thing");
        assert_eq!(
            schemas["Thing"]["properties"]["part"]["$ref"],
            "#/components/schemas/Part"
        );
        assert_eq!(schemas["Part"]["type"], "string");
    }

    #[test]
    fn missing_files_and_urls_are_errors_naming_the_reference() {
        let dir = folder();
        let mut document = json!({"paths": {"/a": {"$ref": "./nowhere.json#/x"}}});
        let err = bundle("doc.yaml", &mut document, Some(&dir)).unwrap_err();
        assert_eq!(err.location, Location::Pointer("#/paths/~1a".into()));
        assert!(err.message.contains("./nowhere.json#/x"), "{err}");
        let mut document = json!({"x": {"$ref": "https://example.com/s.json"}});
        let err = bundle("doc.yaml", &mut document, Some(&dir)).unwrap_err();
        assert!(err.message.contains("URL"), "{err}");
    }
}
