//! What `cargo xtask conformance` needs to call every operation of a document once:
//! schema-valid arguments built from the document itself (the JSON a validating mock
//! checks requests against), and the source of a driver module that decodes them into
//! the generated client's types, makes the call and says what happened as one JSON line.
//!
//! `sample.rs` makes a schema's sample value (`pattern.rs` a string its pattern
//! matches), `driver.rs` writes the driver module.

mod driver;
mod sample;

use crate::ir::{Api, AuthKind, BodyKind, Operation, SchemeUse};
use crate::json_pointer::lookup;
use sample::{fallback, follow, sample, Pick};
use serde_json::{json, Value};

pub use driver::driver;

mod pattern;

/// One call of the driver.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The Rust method called.
    pub method: String,
    /// `METHOD /path`, for the report.
    pub label: String,
    /// The value of each required parameter, in the method's argument order.
    pub arguments: Vec<Value>,
    /// The request body, when the operation takes one.
    pub body: Option<Value>,
    /// Why the operation is not called, when it is not.
    pub skipped: Option<String>,
    /// Whether the call authenticates with a user name and password rather than a token.
    pub basic: bool,
    /// Each value built and the schema it was built from (its `$ref`s point into the
    /// document), so that a request the mock refuses can be told apart from a value the
    /// driver got wrong.
    pub samples: Vec<(Value, Value)>,
}

impl Call {
    /// A value for `schema`, remembered with it for the validator.
    fn sampled(&mut self, document: &Value, schema: &Value, pick: Pick) -> Value {
        let value = sample(document, schema, pick, 0);
        self.samples.push((schema.clone(), value.clone()));
        value
    }
}

/// A call per operation of `api`, with arguments built from `document` (the document as
/// read before parsing: loaded, bundled and normalized), each union taking its branch
/// number `branch` (modulo its number of branches).
pub fn plan(api: &Api, document: &Value, branch: usize) -> Vec<Call> {
    let pick = Pick { branch };
    api.operations
        .iter()
        .map(|operation| {
            let mut call = plan_operation(operation, document, pick);
            call.basic = wants_basic(api, operation);
            call
        })
        .collect()
}

/// Whether no alternative of the operation's security takes a token, and one takes a
/// user name and password.
fn wants_basic(api: &Api, operation: &Operation) -> bool {
    let kinds = |alternative: &Vec<SchemeUse>| -> Vec<Option<&AuthKind>> {
        alternative
            .iter()
            .map(|used| {
                api.security_schemes
                    .iter()
                    .find(|s| s.name == used.scheme)
                    .map(|s| &s.kind)
            })
            .collect()
    };
    let token = |kind: &Option<&AuthKind>| {
        matches!(
            kind,
            Some(AuthKind::Bearer | AuthKind::OAuth2 { .. } | AuthKind::ApiKey { .. })
        )
    };
    let basic = |kind: &Option<&AuthKind>| matches!(kind, Some(AuthKind::Basic));
    !operation
        .security
        .iter()
        .any(|a| kinds(a).iter().all(token))
        && operation
            .security
            .iter()
            .any(|a| kinds(a).iter().all(basic))
}

fn plan_operation(operation: &Operation, document: &Value, pick: Pick) -> Call {
    let mut call = Call {
        method: operation.method_name.clone(),
        label: format!("{} {}", operation.http_method, operation.path),
        arguments: Vec::new(),
        body: None,
        skipped: None,
        basic: false,
        samples: Vec::new(),
    };
    let Some(raw) = lookup(document, &operation.origin) else {
        call.skipped = Some(format!("{} is not in the document", operation.origin));
        return call;
    };
    let item_pointer = operation
        .origin
        .rsplit_once('/')
        .map_or("#", |(item, _)| item);
    let item = lookup(document, item_pointer).unwrap_or(&Value::Null);
    let declared: Vec<&Value> = [item, raw]
        .iter()
        .filter_map(|holder| holder.get("parameters")?.as_array())
        .flatten()
        .map(|parameter| follow(document, parameter, 0))
        .collect();
    for parameter in operation.parameters.iter().filter(|p| p.required) {
        let location = parameter.location.as_str();
        // The operation's own declaration wins over the path item's: the last one.
        let raw_parameter = declared.iter().rev().find(|p| {
            p.get("name").and_then(Value::as_str) == Some(&parameter.wire_name)
                && p.get("in").and_then(Value::as_str) == Some(location)
        });
        let value = match raw_parameter {
            Some(raw) => {
                let schema = raw.get("schema").or_else(|| {
                    raw.get("content")?
                        .as_object()?
                        .values()
                        .next()?
                        .get("schema")
                });
                match schema {
                    Some(schema) => call.sampled(document, schema, pick),
                    None => json!("value"),
                }
            }
            None => fallback(&parameter.ty),
        };
        call.arguments.push(value);
    }
    if let Some(body) = &operation.body {
        let schema = raw
            .get("requestBody")
            .map(|b| follow(document, b, 0))
            .and_then(|b| b.get("content")?.get(&body.media_type)?.get("schema"));
        call.body = Some(match (&body.kind, schema) {
            (BodyKind::Json(_) | BodyKind::Form(..), Some(schema)) => {
                call.sampled(document, schema, pick)
            }
            (BodyKind::Text | BodyKind::Binary, _) => json!("conformance"),
            // The parts' values; files are made up by the driver.
            (BodyKind::Multipart(_), Some(schema)) => sample(document, schema, pick, 0),
            (BodyKind::Json(_) | BodyKind::Form(..) | BodyKind::Multipart(_), None) => json!({}),
        });
    }
    call
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sampled(document: Value, schema: Value) -> Value {
        sample(&document, &schema, Pick { branch: 0 }, 0)
    }

    #[test]
    fn samples_keep_to_formats_bounds_and_required_properties() {
        let document = json!({"components": {"schemas": {
            "Id": {"type": "string", "format": "uuid"},
            "Pet": {
                "type": "object",
                "required": ["id", "name", "age", "tags", "created"],
                "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "name": {"type": "string", "minLength": 14, "maxLength": 20},
                    "age": {"type": "integer", "minimum": 3, "exclusiveMinimum": true},
                    "tags": {"type": "array", "minItems": 2, "items": {"enum": [null, "a"]}},
                    "created": {"type": "string", "format": "date-time", "readOnly": true},
                    "nickname": {"type": "string"}
                }
            }
        }}});
        assert_eq!(
            sampled(document, json!({"$ref": "#/components/schemas/Pet"})),
            json!({
                "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                "name": "conformancexxx",
                "age": 4,
                "tags": ["a", "a"]
            })
        );
    }

    #[test]
    fn compositions_merge_all_of_and_tag_the_first_branch_of_one_of() {
        let document = json!({"components": {"schemas": {
            "Cat": {"type": "object", "required": ["kind", "lives"],
                    "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
            "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
        }}});
        let union = json!({
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}}
        });
        assert_eq!(
            sampled(document.clone(), union),
            json!({"kind": "cat", "lives": 1})
        );
        let merged = json!({"allOf": [
            {"$ref": "#/components/schemas/Dog"},
            {"type": "object", "required": ["bark"], "properties": {"bark": {"type": "boolean"}}}
        ]});
        assert_eq!(
            sampled(document, merged),
            json!({"kind": "conformance", "bark": true})
        );
    }

    #[test]
    fn a_branch_of_constraints_alone_narrows_the_object_beside_it() {
        let schema = json!({
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "domain": {"type": "string"}},
            "anyOf": [{"required": ["domain"]}, {"required": ["domains"]}],
        });
        assert_eq!(
            sampled(json!({}), schema),
            json!({"name": "conformance", "domain": "conformance"})
        );
    }

    #[test]
    fn a_later_pick_takes_a_later_branch_and_wraps_around() {
        let union = json!({"oneOf": [{"type": "integer"}, {"type": "boolean"}]});
        let pick = |branch| sample(&json!({}), &union, Pick { branch }, 0);
        assert_eq!(
            (pick(0), pick(1), pick(2)),
            (json!(1), json!(true), json!(1))
        );
    }
}
