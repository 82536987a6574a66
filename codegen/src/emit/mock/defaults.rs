//! `src/mock/defaults.json`: the response the mock gives a call no expectation answers,
//! per operation. The document's own example of the success response when it gives
//! one; otherwise a value made from the examples of the type and its properties (each
//! checked against its schema), and where there are none the simplest value of each
//! type. A paged list's default is its last page, so a stream over it ends.

use crate::examples::{verdict, Verdict};
use crate::ir::{
    Api, BodyKind, Example, Field, FormatType, Operation, Paging, TypeId, TypeKind, TypeRef,
};
use crate::json_pointer::unescape_token;
use serde_json::{json, Map, Value};

/// How deep arrays are filled: below this, an array is empty.
const ARRAY_DEPTH: usize = 4;

/// The defaults of every operation, keyed by operation id, as pretty JSON.
pub(crate) fn defaults_json(api: &Api) -> String {
    let mut defaults = Map::new();
    for operation in &api.operations {
        defaults.insert(
            operation.operation_id.clone(),
            default_response(api, operation),
        );
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(defaults)).unwrap_or_default();
    text.push('\n');
    text
}

fn default_response(api: &Api, operation: &Operation) -> Value {
    let response = operation.success_response();
    let status = match response.map(|r| r.status) {
        Some(crate::ir::StatusMatch::Code(code)) => code,
        _ => 200,
    };
    let Some(body) = response.and_then(|r| r.body.as_ref()) else {
        return json!({ "status": status });
    };
    let example = document_example(api, operation, status, &body.media_type);
    let value = match &body.kind {
        BodyKind::Json(ty) => example.unwrap_or_else(|| {
            let mut value = Sampler::new(api).value(ty, 0);
            end_paging(operation, &mut value);
            value
        }),
        BodyKind::Text | BodyKind::Form(..) => match example {
            Some(Value::String(text)) => Value::String(text),
            _ => Value::String(String::new()),
        },
        BodyKind::Binary | BodyKind::Multipart(_) => Value::String(String::new()),
    };
    json!({ "status": status, "mediaType": body.media_type, "body": value })
}

/// The example the document gives the success response itself (`example`, or the first
/// of `examples`), when it fits the response type.
fn document_example(api: &Api, operation: &Operation, status: u16, media: &str) -> Option<Value> {
    let prefix = format!("{}/responses/", operation.origin);
    api.examples.iter().find_map(|example| {
        let rest = example.pointer.strip_prefix(&prefix)?;
        let tokens: Vec<String> = rest.split('/').map(unescape_token).collect();
        let fits_place = match tokens.as_slice() {
            [code, content, type_, example] => {
                content == "content"
                    && type_ == media
                    && example == "example"
                    && code_is(code, status)
            }
            [code, content, type_, examples, _, value] => {
                content == "content"
                    && type_ == media
                    && examples == "examples"
                    && value == "value"
                    && code_is(code, status)
            }
            _ => false,
        };
        (fits_place && fits(api, example)).then(|| example.value.clone())
    })
}

fn code_is(code: &str, status: u16) -> bool {
    code == status.to_string() || code.eq_ignore_ascii_case(&format!("{}XX", status / 100))
}

fn fits(api: &Api, example: &Example) -> bool {
    verdict(api, example) == Verdict::Fits
}

/// Makes a sample page the last one: no next cursor, no next page, every result read.
fn end_paging(operation: &Operation, page: &mut Value) {
    let Some(pagination) = &operation.pagination else {
        return;
    };
    let Some(page) = page.as_object_mut() else {
        return;
    };
    let items = (page.get(&pagination.items.wire_name))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    match &pagination.paging {
        Paging::Cursor {
            page_info,
            next_cursor,
            has_next_page,
            ..
        } => {
            let holder = match page_info {
                Some(info) => page.get_mut(&info.wire_name).and_then(Value::as_object_mut),
                None => Some(page),
            };
            let Some(holder) = holder else {
                return;
            };
            if next_cursor.nullable {
                holder.insert(next_cursor.wire_name.clone(), Value::Null);
            } else if !next_cursor.required {
                holder.remove(&next_cursor.wire_name);
            }
            if let Some(flag) = has_next_page {
                holder.insert(flag.wire_name.clone(), Value::Bool(false));
            }
        }
        Paging::Index { total_results, .. } => {
            page.insert(total_results.wire_name.clone(), json!(items));
        }
    }
}

/// Makes sample values of IR types.
struct Sampler<'a> {
    api: &'a Api,
    /// The named types being sampled, innermost last: a type met again is not entered.
    open: Vec<TypeId>,
}

impl<'a> Sampler<'a> {
    fn new(api: &'a Api) -> Self {
        Sampler {
            api,
            open: Vec::new(),
        }
    }

    /// The value's example when it fits its type.
    fn example(&self, ty: &TypeRef, nullable: bool, value: Option<&Value>) -> Option<Value> {
        let example = Example {
            pointer: String::new(),
            ty: ty.clone(),
            nullable,
            value: value?.clone(),
            is_default: false,
        };
        fits(self.api, &example).then_some(example.value)
    }

    fn value(&mut self, ty: &TypeRef, depth: usize) -> Value {
        match ty {
            TypeRef::Named(id) => self.named(*id, depth),
            TypeRef::String => Value::String("string".to_owned()),
            TypeRef::Integer(_) => json!(0),
            TypeRef::Number(_) => json!(0.0),
            TypeRef::Boolean => Value::Bool(false),
            TypeRef::Array(item) if depth < ARRAY_DEPTH => {
                Value::Array(vec![self.value(item, depth + 1)])
            }
            TypeRef::Array(_) => Value::Array(Vec::new()),
            TypeRef::Map(_) | TypeRef::JsonObject | TypeRef::Json => Value::Object(Map::new()),
            TypeRef::Unit => Value::Null,
            TypeRef::Nullable(inner) => self.value(inner, depth),
            TypeRef::Formatted(formatted) => Value::String(
                match formatted.format {
                    FormatType::ChronoDateTime | FormatType::TimeDateTime => "2024-01-01T00:00:00Z",
                    FormatType::ChronoDate | FormatType::TimeDate => "2024-01-01",
                    FormatType::Uuid => "00000000-0000-0000-0000-000000000000",
                    FormatType::Url => "https://example.com/",
                }
                .to_owned(),
            ),
        }
    }

    fn named(&mut self, id: TypeId, depth: usize) -> Value {
        let def = self.api.ty(id);
        let own = TypeRef::Named(id);
        if let Some(example) = self.example(&own, false, def.docs.example.as_ref()) {
            return example;
        }
        if self.open.contains(&id) {
            return Value::Null;
        }
        self.open.push(id);
        let value = match &def.kind {
            TypeKind::Struct(fields) => self.object(&fields.fields, depth),
            TypeKind::Enum(values) => match values.variants.first() {
                Some(first) => match values.repr {
                    crate::ir::EnumRepr::String => Value::String(first.wire_value.clone()),
                    crate::ir::EnumRepr::Integer => first
                        .wire_value
                        .parse::<i64>()
                        .map_or(Value::Null, Value::from),
                },
                None => Value::String(String::new()),
            },
            TypeKind::Union(union) => match union.variants.first() {
                Some(variant) => {
                    let mut value = match &variant.fields {
                        Some(fields) => self.object(fields, depth),
                        None => self.value(&variant.ty, depth),
                    };
                    if let (Some(tag), Some(tag_value), Some(object)) = (
                        &union.tag,
                        variant.tag_values.first(),
                        value.as_object_mut(),
                    ) {
                        object.insert(tag.clone(), Value::String(tag_value.clone()));
                    }
                    value
                }
                None => Value::Null,
            },
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => self.value(inner, depth),
            TypeKind::External(_) => Value::Null,
        };
        self.open.pop();
        value
    }

    /// The required properties, and the optional ones with an example.
    fn object(&mut self, fields: &[Field], depth: usize) -> Value {
        let mut object = Map::new();
        for field in fields {
            let example = self
                .example(&field.ty, field.nullable, field.docs.example.as_ref())
                .or_else(|| self.example(&field.ty, field.nullable, field.docs.default.as_ref()));
            let value = match (example, field.required) {
                (Some(example), _) => example,
                (None, true) => self.value(&field.ty, depth),
                (None, false) => continue,
            };
            object.insert(field.wire_name.clone(), value);
        }
        Value::Object(object)
    }
}

#[cfg(test)]
mod tests {
    use super::defaults_json;
    use crate::test_support::api_of as api;

    #[test]
    fn a_default_is_the_documents_example_or_made_from_property_examples() {
        let api = api(r##"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/A" }
              example: { name: "from the response", size: 3 }
  /b:
    get:
      operationId: getB
      responses:
        "201":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/A" }
  /c:
    delete:
      operationId: deleteC
      responses:
        "204": { description: gone }
components:
  schemas:
    A:
      type: object
      required: [name, size]
      properties:
        name: { type: string, example: Ada }
        size: { type: integer }
        note: { type: string, example: kept }
        other: { type: string }
"##);
        let defaults: serde_json::Value = serde_json::from_str(&defaults_json(&api)).unwrap();
        assert_eq!(
            defaults["getA"]["body"],
            serde_json::json!({"name": "from the response", "size": 3})
        );
        assert_eq!(
            defaults["getB"],
            serde_json::json!({"status": 201, "mediaType": "application/json",
                "body": {"name": "Ada", "size": 0, "note": "kept"}})
        );
        assert_eq!(defaults["deleteC"], serde_json::json!({"status": 204}));
    }
}
