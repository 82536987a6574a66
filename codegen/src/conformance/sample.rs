//! A value a schema accepts, built from the schema alone: its example, default or enum
//! when it has one, else the smallest value its constraints allow; references followed
//! to a bounded depth.

use super::pattern;
use crate::ir::TypeRef;
use crate::json_pointer::{lookup, reference_tokens};
use serde_json::{json, Map, Value};

/// How deep a sample follows nested schemas and references.
const MAX_DEPTH: usize = 12;

/// `node`, or what its `$ref` (a chain of them) names.
pub(super) fn follow<'d>(document: &'d Value, node: &'d Value, depth: usize) -> &'d Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) if depth < MAX_DEPTH => match lookup(document, reference) {
            Some(target) => follow(document, target, depth + 1),
            None => node,
        },
        _ => node,
    }
}

/// Which branch of each union a sample takes: tries with another branch find a value
/// when the first is refused (a `oneOf` whose first branch matches its siblings too).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Pick {
    pub(super) branch: usize,
}

/// A value the schema accepts: its first enum value, else its default, else one built
/// from its type, format and bounds. Objects carry their required properties.
pub(super) fn sample(document: &Value, schema: &Value, pick: Pick, depth: usize) -> Value {
    let schema = follow(document, schema, 0);
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    if let Some(default) = schema.get("default").filter(|d| fits_type(schema, d)) {
        return default.clone();
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        let mut other = None;
        for part in parts {
            match sample(document, part, pick, depth + 1) {
                Value::Object(fields) => merged.extend(fields),
                value => other = Some(value),
            }
        }
        // Properties beside `allOf` belong to the same object.
        if let Value::Object(fields) = object_sample(document, schema, pick, depth) {
            merged.extend(fields);
        }
        return match (merged.is_empty(), other) {
            (true, Some(value)) => value,
            _ => Value::Object(merged),
        };
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(branches) = schema.get(keyword).and_then(Value::as_array) {
            let candidates: Vec<&Value> = branches
                .iter()
                .filter(|b| follow(document, b, 0).get("x-null-type").is_none())
                .collect();
            let Some(branch) = candidates.get(pick.branch % candidates.len().max(1)) else {
                continue;
            };
            // A branch of constraints alone (`anyOf: [{required: [domain]}, ...]`, clerk)
            // narrows the object beside it.
            if let Some(constraints) = constraints_only(follow(document, branch, 0)) {
                let mut narrowed = schema.clone();
                if let Some(object) = narrowed.as_object_mut() {
                    object.remove(keyword);
                    let required = object.entry("required").or_insert_with(|| json!([]));
                    if let Some(required) = required.as_array_mut() {
                        required.extend(constraints.iter().cloned());
                    }
                }
                return sample(document, &narrowed, pick, depth + 1);
            }
            let mut value = sample(document, branch, pick, depth + 1);
            if let (Some(property), Value::Object(fields)) = (
                schema
                    .pointer("/discriminator/propertyName")
                    .and_then(Value::as_str),
                &mut value,
            ) {
                // Unless the branch's own schema forbids the value (the generator sets
                // such a discriminator aside too).
                let own = follow(document, branch, 0).pointer(&format!(
                    "/properties/{}",
                    crate::json_pointer::escape_token(property)
                ));
                let allowed = own
                    .map(|schema| follow(document, schema, 0))
                    .and_then(|schema| schema.get("enum"))
                    .and_then(Value::as_array);
                if let Some(tag) = discriminator_value(schema, branch) {
                    if allowed.map_or(true, |values| values.contains(&Value::String(tag.clone()))) {
                        fields.insert(property.to_owned(), Value::String(tag));
                    }
                }
            }
            if let (Value::Object(fields), Value::Object(own)) =
                (&mut value, object_sample(document, schema, pick, depth))
            {
                fields.extend(own);
            }
            return value;
        }
    }
    let ty = schema.get("type").and_then(Value::as_str);
    match ty {
        Some("string") => string_sample(schema),
        Some("integer") => integer_sample(schema),
        Some("number") => number_sample(schema),
        Some("boolean") => Value::Bool(true),
        Some("array") => array_sample(document, schema, pick, depth),
        Some("object") => object_sample(document, schema, pick, depth),
        _ if schema.get("properties").is_some() => object_sample(document, schema, pick, depth),
        _ if schema.get("items").is_some() => array_sample(document, schema, pick, depth),
        _ if schema.get("x-null-type").is_some() => Value::Null,
        _ => Value::String("value".to_owned()),
    }
}

/// The `required` list of a schema that says nothing else about the value's shape.
fn constraints_only(schema: &Value) -> Option<&Vec<Value>> {
    const SHAPING: &[&str] = &[
        "type",
        "properties",
        "$ref",
        "allOf",
        "oneOf",
        "anyOf",
        "enum",
        "items",
        "const",
    ];
    let object = schema.as_object()?;
    if SHAPING.iter().any(|key| object.contains_key(*key)) {
        return None;
    }
    object.get("required")?.as_array()
}

fn fits_type(schema: &Value, value: &Value) -> bool {
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        _ => false,
    }
}

/// The tag value that selects `branch` of a discriminated union.
fn discriminator_value(schema: &Value, branch: &Value) -> Option<String> {
    let reference = branch.get("$ref")?.as_str()?;
    if let Some(mapping) = schema
        .pointer("/discriminator/mapping")
        .and_then(Value::as_object)
    {
        for (tag, target) in mapping {
            let target = target.as_str().unwrap_or_default();
            if target == reference || reference.rsplit('/').next() == Some(target) {
                return Some(tag.clone());
            }
        }
    }
    reference_tokens(reference)?.last().cloned()
}

fn string_sample(schema: &Value) -> Value {
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|m| m as usize);
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let text = match format {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "Y29uZm9ybWFuY2U=",
        _ => {
            if let Some(example) = schema.get("pattern").and(schema.get("example")) {
                if example.is_string() {
                    return example.clone();
                }
            }
            let matching = schema
                .get("pattern")
                .and_then(Value::as_str)
                .and_then(pattern::sample);
            match matching {
                Some(text) if (min..=max.unwrap_or(usize::MAX)).contains(&text.chars().count()) => {
                    return Value::String(text)
                }
                _ => "conformance",
            }
        }
    };
    let mut text = text.to_owned();
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max {
        text = text.chars().take(max).collect();
    }
    Value::String(text)
}

fn integer_sample(schema: &Value) -> Value {
    let minimum = schema.get("minimum").and_then(Value::as_f64);
    let maximum = schema.get("maximum").and_then(Value::as_f64);
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
    let low = minimum.map(|m| {
        if exclusive("exclusiveMinimum") {
            m.floor() + 1.0
        } else {
            m.ceil()
        }
    });
    let high = maximum.map(|m| {
        if exclusive("exclusiveMaximum") {
            m.ceil() - 1.0
        } else {
            m.floor()
        }
    });
    let mut value = 1.0_f64;
    if let Some(low) = low {
        value = value.max(low);
    }
    if let Some(high) = high {
        value = value.min(high);
    }
    if let Some(step) = schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|s| *s >= 1.0)
    {
        value = (value / step).ceil() * step;
    }
    Value::from(value as i64)
}

fn number_sample(schema: &Value) -> Value {
    let minimum = schema.get("minimum").and_then(Value::as_f64);
    let maximum = schema.get("maximum").and_then(Value::as_f64);
    let mut value = 1.5_f64;
    if let Some(low) = minimum {
        value = value.max(low + if low.fract() == 0.0 { 0.5 } else { 0.0 });
    }
    if let Some(high) = maximum {
        value = value.min(high);
    }
    serde_json::Number::from_f64(value).map_or(Value::from(1), Value::Number)
}

fn array_sample(document: &Value, schema: &Value, pick: Pick, depth: usize) -> Value {
    let least = schema
        .get("minItems")
        .and_then(Value::as_u64)
        .unwrap_or(1)
        .max(1);
    let count = match schema.get("maxItems").and_then(Value::as_u64) {
        Some(most) => least.min(most.max(1)),
        None => least,
    };
    let item = match schema.get("items") {
        Some(items) => sample(document, items, pick, depth + 1),
        None => Value::String("value".to_owned()),
    };
    Value::Array(vec![item; count as usize])
}

fn object_sample(document: &Value, schema: &Value, pick: Pick, depth: usize) -> Value {
    let mut fields = Map::new();
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            if !required.contains(&name.as_str()) {
                continue;
            }
            let target = follow(document, property, 0);
            // Requests leave out what the server sets.
            if target.get("readOnly").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            fields.insert(name.clone(), sample(document, property, pick, depth + 1));
        }
    }
    Value::Object(fields)
}

/// A value of a parameter's type when the document's declaration is not found.
pub(super) fn fallback(ty: &TypeRef) -> Value {
    match ty {
        TypeRef::Integer(_) => json!(1),
        TypeRef::Number(_) => json!(1.5),
        TypeRef::Boolean => json!(true),
        TypeRef::Array(item) => Value::Array(vec![fallback(item)]),
        _ => json!("conformance"),
    }
}
