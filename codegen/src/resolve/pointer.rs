//! `$ref`s to any place of the document, not only `#/components/...`: the URI fragment
//! is percent-decoded, split into RFC 6901 tokens and walked through the parsed
//! document, following the references it passes through.

use crate::json_pointer::{pointer_of, reference_tokens as tokens};
use crate::naming::{camel_ident, derived_operation_id};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Components, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema,
    SchemaKind, StatusCode, Type,
};

/// A schema as written, or a reference to one (both `ReferenceOr<Schema>` and
/// `ReferenceOr<Box<Schema>>` occur in `openapiv3`).
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(schema: &'s ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(schema: &'s ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// How many references one lookup may pass through before it is called cyclic.
const MAX_HOPS: usize = 64;

/// What a local reference reaches, with the canonical pointer of the object itself (the
/// place it is written, after every reference on the way is followed).
pub(super) struct Found<T> {
    pub item: T,
    pub pointer: String,
}

/// Why a reference reaches nothing usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Unresolved {
    /// Another document (`other.yaml#/...`, a URL); `bundle` has inlined the files it can.
    External,
    /// Nothing is there.
    Missing,
    /// Something is there, but not an object of the kind the place of the `$ref` needs.
    WrongKind(&'static str),
    /// The references lead round in a circle.
    Cyclic,
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::External => f.write_str("it points into another document"),
            Unresolved::Missing => f.write_str("there is nothing at that place"),
            Unresolved::WrongKind(what) => write!(f, "it names {what}"),
            Unresolved::Cyclic => f.write_str("the references lead round in a circle"),
        }
    }
}

/// A place in the parsed document.
#[derive(Clone, Copy)]
enum Node<'a> {
    Document(&'a OpenAPI),
    Components(&'a Components),
    Paths(&'a IndexMap<String, ReferenceOr<PathItem>>),
    PathItem(&'a ReferenceOr<PathItem>),
    PathItemValue(&'a PathItem),
    Operation(&'a Operation),
    Callbacks(&'a IndexMap<String, openapiv3::Callback>),
    Callback(&'a openapiv3::Callback),
    Parameters(&'a [ReferenceOr<Parameter>]),
    Parameter(&'a ReferenceOr<Parameter>),
    RequestBody(&'a ReferenceOr<RequestBody>),
    Responses(&'a Responses),
    Response(&'a ReferenceOr<Response>),
    Headers(&'a IndexMap<String, ReferenceOr<Header>>),
    Header(&'a ReferenceOr<Header>),
    Content(&'a IndexMap<String, MediaType>),
    MediaType(&'a MediaType),
    Schema(SchemaRef<'a>),
    Schemas(&'a [ReferenceOr<Schema>]),
    Properties(&'a IndexMap<String, ReferenceOr<Box<Schema>>>),
    /// A map of `components`: its entries are of the kind named.
    Section(Section<'a>),
}

#[derive(Clone, Copy)]
enum Section<'a> {
    Schemas(&'a IndexMap<String, ReferenceOr<Schema>>),
    Responses(&'a IndexMap<String, ReferenceOr<Response>>),
    Parameters(&'a IndexMap<String, ReferenceOr<Parameter>>),
    RequestBodies(&'a IndexMap<String, ReferenceOr<RequestBody>>),
    Headers(&'a IndexMap<String, ReferenceOr<Header>>),
}

impl<'a> Node<'a> {
    /// The `$ref` this node is, if it is a reference object.
    fn reference(self) -> Option<&'a str> {
        let reference = match self {
            Node::PathItem(ReferenceOr::Reference { reference })
            | Node::Parameter(ReferenceOr::Reference { reference })
            | Node::RequestBody(ReferenceOr::Reference { reference })
            | Node::Response(ReferenceOr::Reference { reference })
            | Node::Header(ReferenceOr::Reference { reference }) => reference.as_str(),
            Node::Schema(SchemaRef::Ref(reference)) => reference,
            _ => return None,
        };
        Some(reference)
    }

    /// The node below this one at `token`. References are followed by the caller.
    fn child(self, token: &str) -> Option<Node<'a>> {
        Some(match self {
            Node::Document(spec) => match token {
                "paths" => Node::Paths(&spec.paths.paths),
                "components" => Node::Components(spec.components.as_ref()?),
                _ => return None,
            },
            Node::Components(components) => Node::Section(match token {
                "schemas" => Section::Schemas(&components.schemas),
                "responses" => Section::Responses(&components.responses),
                "parameters" => Section::Parameters(&components.parameters),
                "requestBodies" => Section::RequestBodies(&components.request_bodies),
                "headers" => Section::Headers(&components.headers),
                _ => return None,
            }),
            Node::Section(section) => match section {
                Section::Schemas(map) => Node::Schema(map.get(token)?.into()),
                Section::Responses(map) => Node::Response(map.get(token)?),
                Section::Parameters(map) => Node::Parameter(map.get(token)?),
                Section::RequestBodies(map) => Node::RequestBody(map.get(token)?),
                Section::Headers(map) => Node::Header(map.get(token)?),
            },
            Node::Paths(paths) => Node::PathItem(paths.get(token)?),
            Node::PathItem(ReferenceOr::Item(item)) | Node::PathItemValue(item) => match token {
                "parameters" => Node::Parameters(&item.parameters),
                method => Node::Operation(
                    match method {
                        "get" => &item.get,
                        "put" => &item.put,
                        "post" => &item.post,
                        "delete" => &item.delete,
                        "options" => &item.options,
                        "head" => &item.head,
                        "patch" => &item.patch,
                        "trace" => &item.trace,
                        _ => return None,
                    }
                    .as_ref()?,
                ),
            },
            Node::Operation(operation) => match token {
                "parameters" => Node::Parameters(&operation.parameters),
                "requestBody" => Node::RequestBody(operation.request_body.as_ref()?),
                "responses" => Node::Responses(&operation.responses),
                "callbacks" => Node::Callbacks(&operation.callbacks),
                _ => return None,
            },
            Node::Callbacks(callbacks) => Node::Callback(callbacks.get(token)?),
            Node::Callback(callback) => Node::PathItemValue(callback.get(token)?),
            Node::Parameters(list) => Node::Parameter(list.get(token.parse::<usize>().ok()?)?),
            Node::Parameter(ReferenceOr::Item(parameter)) => {
                schema_or_content(&parameter.parameter_data_ref().format, token)?
            }
            Node::Header(ReferenceOr::Item(header)) => schema_or_content(&header.format, token)?,
            Node::RequestBody(ReferenceOr::Item(body)) => match token {
                "content" => Node::Content(&body.content),
                _ => return None,
            },
            Node::Responses(responses) => Node::Response(match token {
                "default" => responses.default.as_ref()?,
                code => responses.responses.get(&status_code(code)?)?,
            }),
            Node::Response(ReferenceOr::Item(response)) => match token {
                "content" => Node::Content(&response.content),
                "headers" => Node::Headers(&response.headers),
                _ => return None,
            },
            Node::Headers(headers) => Node::Header(headers.get(token)?),
            Node::Content(content) => Node::MediaType(content.get(token)?),
            Node::MediaType(media) => match token {
                "schema" => Node::Schema(media.schema.as_ref()?.into()),
                _ => return None,
            },
            Node::Schema(SchemaRef::Inline(schema)) => schema_child(schema, token)?,
            Node::Schemas(list) => Node::Schema(list.get(token.parse::<usize>().ok()?)?.into()),
            Node::Properties(properties) => Node::Schema(properties.get(token)?.into()),
            // References are followed before stepping below them.
            Node::PathItem(_)
            | Node::Parameter(_)
            | Node::RequestBody(_)
            | Node::Response(_)
            | Node::Header(_)
            | Node::Schema(_) => return None,
        })
    }
}

fn schema_or_content<'a>(format: &'a ParameterSchemaOrContent, token: &str) -> Option<Node<'a>> {
    match (format, token) {
        (ParameterSchemaOrContent::Schema(schema), "schema") => Some(Node::Schema(schema.into())),
        (ParameterSchemaOrContent::Content(content), "content") => Some(Node::Content(content)),
        _ => None,
    }
}

fn status_code(token: &str) -> Option<StatusCode> {
    let upper = token.to_ascii_uppercase();
    match upper.as_bytes() {
        [digit @ b'1'..=b'5', b'X', b'X'] => Some(StatusCode::Range(u16::from(digit - b'0'))),
        _ => token.parse().ok().map(StatusCode::Code),
    }
}

fn schema_child<'a>(schema: &'a Schema, token: &str) -> Option<Node<'a>> {
    let additional = |value: Option<&'a AdditionalProperties>| match value? {
        AdditionalProperties::Schema(schema) => Some(Node::Schema(schema.as_ref().into())),
        AdditionalProperties::Any(_) => None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => match token {
            "properties" => Some(Node::Properties(&object.properties)),
            "additionalProperties" => additional(object.additional_properties.as_ref()),
            _ => None,
        },
        SchemaKind::Type(Type::Array(array)) => match token {
            "items" => Some(Node::Schema(array.items.as_ref()?.into())),
            _ => None,
        },
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list } => {
            let keyword = match &schema.schema_kind {
                SchemaKind::OneOf { .. } => "oneOf",
                SchemaKind::AllOf { .. } => "allOf",
                _ => "anyOf",
            };
            (token == keyword).then_some(Node::Schemas(list))
        }
        SchemaKind::Not { not } => (token == "not").then(|| Node::Schema(not.as_ref().into())),
        SchemaKind::Any(any) => match token {
            "properties" => Some(Node::Properties(&any.properties)),
            "additionalProperties" => additional(any.additional_properties.as_ref()),
            "items" => Some(Node::Schema(any.items.as_ref()?.into())),
            "oneOf" => Some(Node::Schemas(&any.one_of)),
            "allOf" => Some(Node::Schemas(&any.all_of)),
            "anyOf" => Some(Node::Schemas(&any.any_of)),
            "not" => Some(Node::Schema(any.not.as_deref()?.into())),
            _ => None,
        },
        SchemaKind::Type(_) => None,
    }
}

/// Walks `reference` through `spec`, following every reference on the way and at the
/// end, and returns the node it reaches with that node's canonical pointer.
fn walk<'a>(spec: &'a OpenAPI, reference: &str) -> Result<Found<Node<'a>>, Unresolved> {
    let mut pending: Vec<String> = tokens(reference).ok_or(Unresolved::External)?;
    pending.reverse();
    let mut node = Node::Document(spec);
    let mut place: Vec<String> = Vec::new();
    let mut hops = 0;
    loop {
        if let Some(next) = node.reference() {
            hops += 1;
            if hops > MAX_HOPS {
                return Err(Unresolved::Cyclic);
            }
            // The rest of the walk continues from the place the reference names.
            let mut restart = tokens(next).ok_or(Unresolved::External)?;
            restart.reverse();
            pending.extend(restart);
            node = Node::Document(spec);
            place.clear();
            continue;
        }
        let Some(token) = pending.pop() else {
            return Ok(Found {
                item: node,
                pointer: pointer_of(&place),
            });
        };
        let child = node.child(&token).ok_or(Unresolved::Missing)?;
        // Status keys as the resolver writes them (`4xx` -> `4XX`).
        place.push(match (node, status_code(&token)) {
            (Node::Responses(_), Some(code)) => code.to_string(),
            _ => token,
        });
        node = child;
    }
}

/// The schema a reference reaches: a component, or an inline schema anywhere.
pub(super) fn schema<'a>(
    spec: &'a OpenAPI,
    reference: &str,
) -> Result<Found<&'a Schema>, Unresolved> {
    let found = walk(spec, reference)?;
    match found.item {
        Node::Schema(SchemaRef::Inline(schema)) => Ok(Found {
            item: schema,
            pointer: found.pointer,
        }),
        other => Err(Unresolved::WrongKind(other.kind())),
    }
}

macro_rules! lookup {
    ($(#[$doc:meta])* $name:ident, $variant:ident, $ty:ty) => {
        $(#[$doc])*
        pub(super) fn $name<'a>(spec: &'a OpenAPI, reference: &str) -> Result<Found<&'a $ty>, Unresolved> {
            let found = walk(spec, reference)?;
            match found.item {
                Node::$variant(ReferenceOr::Item(item)) => Ok(Found {
                    item,
                    pointer: found.pointer,
                }),
                other => Err(Unresolved::WrongKind(other.kind())),
            }
        }
    };
}

lookup!(
    /// The parameter a reference reaches, wherever it is written.
    parameter,
    Parameter,
    Parameter
);
lookup!(
    /// The request body a reference reaches.
    request_body,
    RequestBody,
    RequestBody
);
lookup!(
    /// The path item a reference reaches.
    path_item,
    PathItem,
    PathItem
);
lookup!(
    /// The response a reference reaches.
    response,
    Response,
    Response
);

/// The name a type for the schema at `pointer` (canonical) takes when a `$ref` reaches
/// it before the resolver does: the name its place gives it, in the manner the resolver
/// names inline schemas (`ListPetsResponse`, `PetOwnerAddress`, `PetTagsItem`).
pub(super) fn natural_name(spec: &OpenAPI, pointer: &str) -> String {
    let tokens = tokens(pointer).unwrap_or_default();
    let mut name = String::new();
    let mut rest: &[String] = &tokens;
    match tokens.as_slice() {
        [first, _, component, after @ ..] if first == "components" => {
            name.push_str(&camel_ident(component));
            rest = after;
        }
        [first, path, method, after @ ..] if first == "paths" => {
            let operation = match walk(spec, &pointer_of(&tokens[..3])) {
                Ok(Found {
                    item: Node::Operation(operation),
                    ..
                }) => Some(operation),
                _ => None,
            };
            let id = operation
                .and_then(|operation| operation.operation_id.clone())
                .unwrap_or_else(|| derived_operation_id(method, path));
            name.push_str(&camel_ident(&id));
            rest = after;
        }
        _ => {}
    }
    let mut i = 0;
    while i < rest.len() {
        let next = rest.get(i + 1);
        match (rest[i].as_str(), next) {
            ("properties", Some(property)) => {
                name.push_str(&camel_ident(property));
                i += 1;
            }
            ("responses", Some(status)) => {
                if !status.starts_with('2') {
                    // As the resolver names any but the first success.
                    name.push_str(&camel_ident(status));
                }
                name.push_str("Response");
                i += 1;
            }
            ("parameters", Some(_)) => {
                let here = pointer_of(&tokens[..tokens.len() - rest.len() + i + 2]);
                if let Ok(found) = parameter(spec, &here) {
                    name.push_str(&camel_ident(&found.item.parameter_data_ref().name));
                }
                i += 1;
            }
            ("content" | "allOf" | "oneOf" | "anyOf" | "headers", Some(_)) => i += 1,
            ("requestBody", _) => name.push_str("Request"),
            ("items", _) => name.push_str("Item"),
            ("additionalProperties", _) => name.push_str("Value"),
            ("not", _) => name.push_str("Not"),
            _ => {}
        }
        i += 1;
    }
    if name.is_empty() {
        name.push_str("Schema");
    }
    name
}

impl Node<'_> {
    /// What this node is, for messages.
    fn kind(self) -> &'static str {
        match self {
            Node::Document(_) => "the whole document",
            Node::Components(_) | Node::Section(_) => "a section of `components`",
            Node::Paths(_) => "the `paths` object",
            Node::PathItem(_) | Node::PathItemValue(_) => "a path item",
            Node::Operation(_) => "an operation",
            Node::Callbacks(_) | Node::Callback(_) => "a callback",
            Node::Parameters(_) => "a list of parameters",
            Node::Parameter(_) => "a parameter",
            Node::RequestBody(_) => "a request body",
            Node::Responses(_) => "a `responses` object",
            Node::Response(_) => "a response",
            Node::Headers(_) | Node::Header(_) => "a header",
            Node::Content(_) | Node::MediaType(_) => "a media type",
            Node::Schema(_) => "a schema",
            Node::Schemas(_) => "a list of schemas",
            Node::Properties(_) => "a `properties` object",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: serde_json::Value) -> OpenAPI {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_schema_anywhere_is_found_through_references_on_the_way() {
        let spec = spec(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/pets/{id}": {"get": {"responses": {
                    "200": {"$ref": "#/components/responses/Pet"},
                    "4XX": {"description": "e", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"code": {"type": "integer"}}}}}}
                }}}
            },
            "components": {"responses": {"Pet": {"description": "p", "content": {
                "application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}}
        }));
        let found = schema(
            &spec,
            "#/paths/~1pets~1%7Bid%7D/get/responses/200/content/application~1json/schema/items",
        )
        .unwrap();
        assert_eq!(
            found.pointer,
            "#/components/responses/Pet/content/application~1json/schema/items"
        );
        let found = schema(
            &spec,
            "#/paths/~1pets~1{id}/get/responses/4xx/content/application~1json/schema/properties/code",
        )
        .unwrap();
        assert_eq!(
            found.pointer,
            "#/paths/~1pets~1{id}/get/responses/4XX/content/application~1json/schema/properties/code"
        );
        let response = response(&spec, "#/paths/~1pets~1{id}/get/responses/200").unwrap();
        assert_eq!(response.item.description, "p");
        assert_eq!(
            schema(&spec, "#/paths/~1pets~1{id}/get/responses/201").err(),
            Some(Unresolved::Missing)
        );
        assert_eq!(
            schema(&spec, "#/paths/~1pets~1{id}/get").err(),
            Some(Unresolved::WrongKind("an operation"))
        );
    }

    #[test]
    fn a_reached_schema_is_named_after_its_place() {
        let spec = spec(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {"get": {"operationId": "listPets", "parameters": [
                {"name": "sort-by", "in": "query", "schema": {"type": "object"}}],
                "responses": {"200": {"description": "ok"}}}}},
            "components": {"schemas": {"Pet": {"type": "object"}}}
        }));
        let name = |pointer: &str| natural_name(&spec, pointer);
        assert_eq!(
            name("#/paths/~1pets/get/responses/200/content/application~1json/schema/items"),
            "ListPetsResponseItem"
        );
        assert_eq!(
            name("#/paths/~1pets/get/responses/404/content/application~1json/schema"),
            "ListPetsN404Response"
        );
        assert_eq!(
            name("#/paths/~1pets/get/parameters/0/schema"),
            "ListPetsSortBy"
        );
        assert_eq!(
            name("#/paths/~1pets/post/requestBody/content/a~1b/schema"),
            "PostPetsRequest"
        );
        assert_eq!(
            name("#/components/schemas/Pet/properties/owner/allOf/1/properties/home_address"),
            "PetOwnerHomeAddress"
        );
        assert_eq!(
            name("#/components/schemas/Pet/additionalProperties"),
            "PetValue"
        );
    }

    #[test]
    fn reference_cycles_are_reported() {
        let spec = spec(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"}
            }}
        }));
        assert_eq!(
            schema(&spec, "#/components/schemas/A").err(),
            Some(Unresolved::Cyclic)
        );
    }
}
