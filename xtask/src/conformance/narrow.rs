//! A narrower copy of a document, for a second mock. Prism cannot answer some operations
//! of legal documents: its generator fails on recursive schemas, cannot write an "any
//! value" schema as text, and ignores integer formats (a `uint16` of 30818977). The copy
//! leaves out optional properties that lead back to the schema holding them, reads an
//! empty schema under a media type other than JSON as a string, and bounds each integer
//! by its format's range. Each is a narrowing, so every answer the copy allows, the
//! original allows.

use codegen::json_pointer::reference_tokens;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Keywords whose values are data, never schemas.
const DATA_KEYWORDS: &[&str] = &["example", "examples", "default", "enum", "const"];

pub(super) fn narrowed(document: &Value) -> Value {
    let mut document = document.clone();
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        cut_optional_cycles(schemas);
    }
    for response in responses(&mut document) {
        any_text_as_string(response);
    }
    bound_integer_formats(&mut document);
    document
}

/// `minimum` and `maximum` from the format of every integer schema (within the bounds it
/// already has).
fn bound_integer_formats(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let range = object
                .get("format")
                .and_then(Value::as_str)
                .and_then(format_range)
                .filter(|_| is_integer_schema(object));
            if let Some((low, high)) = range {
                let tighter = |key: &str, bound: f64, pick: fn(f64, f64) -> f64| {
                    let current = object.get(key).and_then(Value::as_f64);
                    current.map_or(bound, |current| pick(current, bound))
                };
                let (minimum, maximum) = (
                    tighter("minimum", low, f64::max),
                    tighter("maximum", high, f64::min),
                );
                object.insert("minimum".to_owned(), integer(minimum));
                object.insert("maximum".to_owned(), integer(maximum));
            }
            for (key, value) in object.iter_mut() {
                if !is_data(key) {
                    bound_integer_formats(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(bound_integer_formats),
        _ => {}
    }
}

/// A whole number as JSON writes it (`65535`, not `65535.0`).
fn integer(value: f64) -> Value {
    match value < 0.0 {
        true => json!(value as i64),
        false => json!(value as u64),
    }
}

fn is_integer_schema(schema: &Map<String, Value>) -> bool {
    match schema.get("type") {
        Some(Value::String(ty)) => ty == "integer",
        Some(Value::Array(types)) => types.iter().any(|ty| ty == "integer"),
        _ => false,
    }
}

/// The range of an integer format narrower than JSON's numbers, as Prism can write it.
fn format_range(format: &str) -> Option<(f64, f64)> {
    Some(match format {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "uint8" => (0.0, u8::MAX.into()),
        "uint16" => (0.0, u16::MAX.into()),
        "uint32" => (0.0, u32::MAX.into()),
        // Prism's numbers are doubles: bounds they hold exactly.
        "int64" => (-(2f64.powi(53)), 2f64.powi(53)),
        "uint64" | "uint" => (0.0, 2f64.powi(53)),
        _ => return None,
    })
}

fn cut_optional_cycles(schemas: &mut Map<String, Value>) {
    let edges: BTreeMap<String, BTreeSet<String>> = schemas
        .iter()
        .map(|(name, schema)| (name.clone(), schema_refs(schema)))
        .collect();
    let reaches = |from: &str, target: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(name) = todo.pop() {
            if name == target {
                return true;
            }
            if seen.insert(name.clone()) {
                todo.extend(edges.get(&name).into_iter().flatten().cloned());
            }
        }
        false
    };
    for (name, schema) in schemas.iter_mut() {
        cut_in(schema, &|property| {
            schema_refs(property)
                .iter()
                .any(|target| reaches(target, name))
        });
    }
}

/// Removes, at every level of `schema`, the optional properties `leads_back` holds for.
fn cut_in(schema: &mut Value, leads_back: &dyn Fn(&Value) -> bool) {
    let Some(object) = schema.as_object_mut() else {
        if let Some(items) = schema.as_array_mut() {
            items.iter_mut().for_each(|item| cut_in(item, leads_back));
        }
        return;
    };
    let required: BTreeSet<String> = object
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|name| name.as_str().map(str::to_owned))
        .collect();
    if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
        properties.retain(|name, property| required.contains(name) || !leads_back(property));
        properties
            .values_mut()
            .for_each(|property| cut_in(property, leads_back));
    }
    for (key, value) in object.iter_mut() {
        if key != "properties" && !is_data(key) {
            cut_in(value, leads_back);
        }
    }
}

/// The component schemas `schema` names, by name.
fn schema_refs(schema: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    collect_refs(schema, &mut names);
    names
}

fn collect_refs(value: &Value, names: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some(tokens) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(reference_tokens)
            {
                if let [components, schemas, name, ..] = tokens.as_slice() {
                    if components == "components" && schemas == "schemas" {
                        names.insert(name.clone());
                    }
                }
            }
            for (key, value) in object {
                if !is_data(key) {
                    collect_refs(value, names);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, names)),
        _ => {}
    }
}

fn is_data(key: &str) -> bool {
    DATA_KEYWORDS.contains(&key) || key.starts_with("x-")
}

/// Every response object of the document: those of operations and the components'.
/// An operation that declares none is given an empty `default` one, so that Prism
/// answers it at all.
fn responses(document: &mut Value) -> Vec<&mut Value> {
    let mut found = Vec::new();
    let Some(object) = document.as_object_mut() else {
        return found;
    };
    for (key, value) in object.iter_mut() {
        match key.as_str() {
            "paths" => {
                let items = value
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|m| m.values_mut());
                let operations = items.flat_map(|item| {
                    let fields = item.as_object_mut().into_iter().flat_map(|m| m.iter_mut());
                    fields.filter(|(field, _)| codegen::ir::HttpMethod::from_key(field).is_some())
                });
                for (_, operation) in operations {
                    let Some(map) = operation
                        .get_mut("responses")
                        .and_then(Value::as_object_mut)
                    else {
                        continue;
                    };
                    if map.is_empty() {
                        map.insert("default".to_owned(), json!({"description": ""}));
                    }
                    found.extend(map.values_mut());
                }
            }
            "components" => {
                if let Some(map) = value.get_mut("responses").and_then(Value::as_object_mut) {
                    found.extend(map.values_mut());
                }
            }
            _ => {}
        }
    }
    found
}

/// `*/*` or `text/plain` with `schema: {}`: Prism makes up an object it cannot write.
fn any_text_as_string(response: &mut Value) {
    let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    for (media, entry) in content.iter_mut() {
        if media.contains("json") {
            continue;
        }
        if let Some(entry) = entry.as_object_mut() {
            let any = entry
                .get("schema")
                .map_or(true, |schema| schema.as_object().is_some_and(Map::is_empty));
            if any {
                entry.insert("schema".to_owned(), json!({"type": "string"}));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn optional_properties_that_lead_back_are_cut_and_required_ones_kept() {
        let document = json!({"components": {"schemas": {
            "Chat": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "pinned": {"$ref": "#/components/schemas/Message"},
            }},
            "Message": {"type": "object", "required": ["chat"], "properties": {
                "chat": {"$ref": "#/components/schemas/Chat"},
                "replies": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}},
                "text": {"type": "string", "example": {"$ref": "#/components/schemas/Chat"}},
            }},
        }}});
        let narrowed = narrowed(&document);
        let properties = |name: &str| {
            let schema = &narrowed["components"]["schemas"][name]["properties"];
            schema
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(properties("Chat"), ["id"]);
        assert_eq!(properties("Message"), ["chat", "text"]);
    }

    #[test]
    fn an_empty_schema_under_a_text_media_type_becomes_a_string() {
        let document = json!({"paths": {"/stream": {"get": {"responses": {"200": {
            "description": "",
            "content": {"*/*": {"schema": {}}, "application/json": {"schema": {}}},
        }}}}}});
        let content =
            &narrowed(&document)["paths"]["/stream"]["get"]["responses"]["200"]["content"];
        assert_eq!(content["*/*"]["schema"], json!({"type": "string"}));
        assert_eq!(content["application/json"]["schema"], json!({}));
    }

    #[test]
    fn an_operation_without_responses_gets_an_empty_default() {
        let document = json!({"paths": {"/tasks": {
            "parameters": [],
            "get": {"responses": {}},
        }}});
        let narrowed = narrowed(&document);
        let responses = &narrowed["paths"]["/tasks"]["get"]["responses"];
        assert_eq!(responses, &json!({"default": {"description": ""}}));
    }

    #[test]
    fn integers_are_bounded_by_their_format() {
        let document = json!({"components": {"schemas": {"Port": {
            "type": "object",
            "properties": {
                "port": {"type": "integer", "format": "uint16"},
                "small": {"type": "integer", "format": "uint8", "minimum": 1, "maximum": 999},
                "text": {"type": "string", "format": "uint16"},
            },
        }}}});
        let narrowed = narrowed(&document);
        let properties = &narrowed["components"]["schemas"]["Port"]["properties"];
        assert_eq!(properties["port"]["minimum"], 0);
        assert_eq!(properties["port"]["maximum"], 65535);
        assert_eq!(properties["small"]["minimum"], 1);
        assert_eq!(properties["small"]["maximum"], 255);
        assert!(properties["text"].get("maximum").is_none());
    }
}
