//! Stage 3: the normalized document -> `openapiv3::OpenAPI`, failures named by JSON pointer.

use crate::diagnostics::{Error, Location};
use crate::json_pointer::{escape_token, join_pointer, walk_with_pointers};
use openapiv3::{Components, OpenAPI, PathItem, ReferenceOr, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

pub fn parse(file: &str, mut document: Value) -> Result<OpenAPI, Error> {
    // Read in place, without following the path; only a failure (rare) is read again
    // with the path tracked, from a copy, to name the failing node.
    match read_in_place(&mut document) {
        Ok(spec) => return Ok(spec),
        Err(Some((index, components))) => {
            if let Value::Object(entries) = &mut document {
                entries.shift_insert(index, "components".to_owned(), components);
            }
        }
        Err(None) => {}
    }
    match deserialize::<OpenAPI>(document.clone()) {
        Ok(spec) => Ok(spec),
        Err((pointer, message)) => {
            let (pointer, message) = refine(&document, pointer, message);
            let pointer = locate_unexpected(&document, pointer, &message);
            Err(Error::new(
                file,
                Location::Pointer(pointer),
                format!("not a valid OpenAPI object: {message}"),
            ))
        }
    }
}

/// The document read without tracking the path. `components` is read on a second
/// thread while this one reads the rest (mostly `paths`): openapiv3 copies each object
/// with extensions before reading it, which makes this the slowest part of reading.
/// On failure, the `components` taken out of the document are handed back, with
/// their place among the document's keys.
fn read_in_place(document: &mut Value) -> Result<OpenAPI, Option<(usize, Value)>> {
    let Value::Object(entries) = document else {
        return Err(None);
    };
    let Some(index) = entries.keys().position(|key| key == "components") else {
        return OpenAPI::deserialize(&*document).map_err(|_| None);
    };
    let components = entries.shift_remove("components").unwrap_or_default();
    let (spec, read) = std::thread::scope(|scope| {
        let second = std::thread::Builder::new()
            .stack_size(crate::READING_STACK)
            .spawn_scoped(scope, || Components::deserialize(&components).ok());
        let spec = OpenAPI::deserialize(&*document).ok();
        let read = match second {
            Ok(handle) => handle.join().ok().flatten(),
            Err(_) => Components::deserialize(&components).ok(),
        };
        (spec, read)
    });
    match (spec, read) {
        (Some(mut spec), Some(read)) => {
            spec.components = Some(read);
            Ok(spec)
        }
        _ => Err(Some((index, components))),
    }
}

/// `openapiv3` reads `paths` and `responses` through map types of its own, which hide
/// the path below them; their entries are parsed one by one to find the failing node.
fn refine(document: &Value, mut pointer: String, mut message: String) -> (String, String) {
    loop {
        let Some(Value::Object(entries)) = document.pointer(&unescape_for_lookup(&pointer)) else {
            return (pointer, message);
        };
        let parse_entry: fn(Value) -> Result<(), (String, String)> = if pointer == "#/paths" {
            |v| deserialize::<PathItem>(v).map(drop)
        } else if pointer.ends_with("/responses") {
            // `ReferenceOr` hides the path too: a plain response is parsed as one.
            |v| match v.get("$ref") {
                Some(_) => deserialize::<ReferenceOr<Response>>(v).map(drop),
                None => deserialize::<Response>(v).map(drop),
            }
        } else {
            return (pointer, message);
        };
        let failure = entries
            .iter()
            .filter(|(key, _)| !key.starts_with("x-"))
            .find_map(|(key, entry)| {
                let (inner, inner_message) = parse_entry(entry.clone()).err()?;
                Some((
                    format!("{}{}", join_pointer(&pointer, key), &inner[1..]),
                    inner_message,
                ))
            });
        match failure {
            Some((deeper, deeper_message)) if deeper != pointer => {
                pointer = deeper;
                message = deeper_message;
            }
            _ => return (pointer, message),
        }
    }
}

/// Below the untagged and flattened parts of `openapiv3` serde cannot say where it was;
/// when the message quotes the unexpected value (`invalid type: string "lots"`) and that
/// value occurs once below `pointer`, the pointer is taken down to it.
fn locate_unexpected(document: &Value, pointer: String, message: &str) -> String {
    let Some(found) = unexpected_value(message) else {
        return pointer;
    };
    let Some(node) = document.pointer(&unescape_for_lookup(&pointer)) else {
        return pointer;
    };
    let mut places = Vec::new();
    walk_with_pointers(node, &mut pointer.clone(), &mut |place, value| {
        if *value == found {
            places.push(place.to_owned());
        }
    });
    match places.as_slice() {
        [only] => only.clone(),
        _ => pointer,
    }
}

/// The value a serde "invalid type" or "invalid value" message quotes, when it is a
/// string, an integer or a boolean.
fn unexpected_value(message: &str) -> Option<Value> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let (quoted, _) = rest.split_once(", expected")?;
    if let Some(text) = quoted.strip_prefix("string ") {
        return serde_json::from_str::<String>(text).ok().map(Value::String);
    }
    let literal = quoted
        .strip_prefix("integer `")
        .or_else(|| quoted.strip_prefix("boolean `"))?
        .strip_suffix('`')?;
    serde_json::from_str(literal).ok()
}

/// `#/a/b` -> `/a/b`, the form `serde_json::Value::pointer` takes.
fn unescape_for_lookup(pointer: &str) -> String {
    pointer.trim_start_matches('#').to_owned()
}

/// Deserializes `value`, or says where (`#/...`, relative to `value`) and what failed.
fn deserialize<T: DeserializeOwned>(value: Value) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let mut pointer = String::from("#");
        for segment in err.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&escape_token(key));
                }
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        (pointer, err.inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_wrong_type_is_reported_at_its_pointer() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/users/{id}": {"get": {"responses": {"200": {"description": 7}}}}}
        });
        let err = parse("t.json", document).unwrap_err();
        assert_eq!(
            err.location,
            Location::Pointer("#/paths/~1users~1{id}/get/responses/200/description".into())
        );
        assert!(err.message.contains("expected a string"), "{err}");
    }

    #[test]
    fn a_wrong_type_outside_paths_is_reported_at_its_pointer() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": 1},
            "paths": {}
        });
        let err = parse("t.json", document).unwrap_err();
        assert_eq!(err.location, Location::Pointer("#/info/version".into()));
    }

    #[test]
    fn components_are_read_beside_the_rest_and_their_failures_located() {
        let document = |max_length: Value| {
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "components": {"schemas": {"Pet": {"type": "string", "maxLength": max_length}}},
                "paths": {}
            })
        };
        let spec = parse("t.json", document(json!(3))).unwrap();
        let schemas = spec.components.expect("components are read").schemas;
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Pet"]);
        let err = parse("t.json", document(json!("long"))).unwrap_err();
        assert_eq!(
            err.location,
            Location::Pointer("#/components/schemas/Pet/maxLength".into())
        );
    }

    #[test]
    fn a_wrong_value_below_untagged_parts_is_found_by_its_value() {
        let document = |name: &str, maximum: &str| {
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/p": {"get": {
                    "parameters": [
                        {"name": "a", "in": "query", "schema": {"type": "integer"}},
                        {"name": name, "in": "query",
                         "schema": {"type": "integer", "maximum": maximum}}
                    ],
                    "responses": {"204": {"description": "none"}}
                }}}
            })
        };
        let err = parse("t.json", document("b", "many")).unwrap_err();
        assert_eq!(
            err.location,
            Location::Pointer("#/paths/~1p/get/parameters/1/schema/maximum".into())
        );
        // A value that occurs twice below leaves the pointer where serde said.
        let err = parse("t.json", document("many", "many")).unwrap_err();
        assert_eq!(
            err.location,
            Location::Pointer("#/paths/~1p/get/parameters/1".into())
        );
    }
}
