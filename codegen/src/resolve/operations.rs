//! Paths and operations -> [`Operation`]s.

use super::pointer;
use super::pointer::SchemaRef;
use super::schemas::TypeSpace;
use crate::diagnostics::{Diagnostic, Error};
use crate::ir::{
    media_essence, BodyAlternative, BodyKind, Docs, FormEncoding, FormStyle, Framing, HttpMethod,
    ItemStream, Operation, ParamLocation, ParamStyle, Parameter, PathPiece, PathSegment,
    RequestBody, Response, ResponseBody, SchemeUse, StatusMatch, TypeRef, Webhook,
};
use crate::json_pointer::join_pointer;
use crate::naming::{camel_ident, media_suffix, snake_ident, Scope};
use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Parameter as SpecParameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, StatusCode,
};

/// Names the generated method body uses for its own arguments and locals; a parameter
/// called like one of them gets a suffix.
const METHOD_LOCALS: &[&str] = &[
    "body",
    "params",
    "request",
    "response",
    "cookies",
    "query",
    // An optional parameter names a setter of the `...Params` struct: one named like a
    // method of the traits the struct implements would shadow it
    // (`ListParams::default()` would be the setter).
    "default",
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "into",
    "from",
    "try_into",
    "try_from",
    "to_owned",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Inherent names of the generated `Client`, common trait methods, and the methods of
/// std traits that clippy's `should_implement_trait` wants implemented rather than
/// named (an operation called `sub` or `next`), which an operation method must not take.
const CLIENT_RESERVED: &[&str] = &[
    "builder",
    "base_url",
    "clone",
    "fmt",
    "eq",
    "from",
    "into",
    "default",
    "to_owned",
    "with_timeout",
    "new",
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "cmp",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
];

pub(super) fn resolve_operations<'a>(
    spec: &'a OpenAPI,
    types: &mut TypeSpace<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Operation>, Error> {
    let mut method_names = Scope::with_reserved(CLIENT_RESERVED);
    let mut operations = Vec::new();
    let mut first_use: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut resolver = Resolver {
        spec,
        types,
        diagnostics,
    };
    for (path, item) in &spec.paths.paths {
        let item_pointer = join_pointer("#/paths", path);
        // A path item written as a `$ref` is the same operations at another path.
        let Some(Followed { item, .. }) = resolver.follow(
            item,
            pointer::path_item,
            &item_pointer,
            "the path is left out",
        ) else {
            continue;
        };
        for (method, operation) in methods(item) {
            let pointer = join_pointer(&item_pointer, method.key());
            let operation_id = operation
                .operation_id
                .clone()
                .unwrap_or_else(|| crate::naming::derived_operation_id(method.key(), path));
            let method_name = method_names.claim(&snake_ident(&operation_id));
            if let Some(id) = operation.operation_id.as_deref() {
                match first_use.get(id) {
                    Some(first) => resolver.diagnostics.push(Diagnostic::warning(
                        join_pointer(&pointer, "operationId"),
                        format!(
                            "operationId `{id}` is already used at {first}; operationIds must be \
                             unique, so this method is named `{}`",
                            method_name.trim_start_matches("r#")
                        ),
                    )),
                    None => {
                        first_use.insert(id, pointer.clone());
                    }
                }
            }
            let mut resolved = resolver.operation(
                OperationSite {
                    path,
                    method,
                    pointer,
                    operation_id,
                    method_name,
                },
                item,
                operation,
            )?;
            let base = resolved.method_name.trim_start_matches("r#").to_owned();
            for alternative in resolved
                .body
                .iter_mut()
                .flat_map(|body| body.alternatives.iter_mut())
            {
                let suffix = media_suffix(&alternative.media_type);
                alternative.method_name = method_names.claim(&format!("{base}_{suffix}"));
            }
            if resolved.success_is_binary() {
                let base = resolved.method_name.trim_start_matches("r#");
                resolved.download_method = Some(method_names.claim(&format!("{base}_download")));
            }
            if let Some(stream) = &mut resolved.stream {
                let base = resolved.method_name.trim_start_matches("r#");
                let suffix = match stream.framing {
                    Framing::ServerSentEvents => "events",
                    Framing::JsonLines => "lines",
                };
                stream.method_name = method_names.claim(&format!("{base}_{suffix}"));
            }
            operations.push(resolved);
        }
    }
    Ok(operations)
}

fn methods(item: &PathItem) -> impl Iterator<Item = (HttpMethod, &openapiv3::Operation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_ref().map(|op| (method, op)))
}

/// An object a `$ref` may stand for, and the place it was found when the reference led
/// outside `components`.
struct Followed<'a, T> {
    item: &'a T,
    place: Option<String>,
}

/// The document's webhooks, as normalize kept them, read as path items; one that is not
/// is left out with a warning.
pub(super) fn webhook_items(
    spec: &OpenAPI,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, PathItem)> {
    let Some(serde_json::Value::Object(webhooks)) =
        spec.extensions.get(crate::normalize::WEBHOOKS_KEY)
    else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for (name, item) in webhooks {
        match serde_json::from_value::<PathItem>(item.clone()) {
            Ok(item) => items.push((name.clone(), item)),
            Err(err) => diagnostics.push(Diagnostic::warning(
                join_pointer("#/webhooks", name),
                format!("not a path item ({err}); the webhook is left out"),
            )),
        }
    }
    items
}

/// Each webhook operation's JSON payload, typed; one without a JSON body is left out
/// with a warning (there is nothing to decode).
pub(super) fn resolve_webhooks<'a>(
    spec: &'a OpenAPI,
    items: &'a [(String, PathItem)],
    types: &mut TypeSpace<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Webhook>, Error> {
    let mut resolver = Resolver {
        spec,
        types,
        diagnostics,
    };
    let mut fn_names = Scope::default();
    let mut webhooks = Vec::new();
    for (name, item) in items {
        let item_pointer = join_pointer("#/webhooks", name);
        for (method, operation) in methods(item) {
            let pointer = join_pointer(&item_pointer, method.key());
            let Some(body) = &operation.request_body else {
                continue;
            };
            let site = OperationSite {
                path: "",
                method,
                pointer: pointer.clone(),
                operation_id: name.clone(),
                method_name: String::new(),
            };
            let prefix = camel_ident(name);
            let body = resolver.request_body(body, &site, &format!("{prefix}Webhook"))?;
            let Some(RequestBody {
                media_type,
                kind: BodyKind::Json(payload),
                ..
            }) = body
            else {
                resolver.diagnostics.push(Diagnostic::warning(
                    join_pointer(&pointer, "requestBody"),
                    "the webhook has no JSON body to decode; it is left out",
                ));
                continue;
            };
            let base = match method {
                HttpMethod::Post => snake_ident(name),
                _ => snake_ident(&format!("{name}_{}", method.key())),
            };
            webhooks.push(Webhook {
                name: name.clone(),
                fn_name: fn_names.claim(&format!("decode_{}", base.trim_start_matches("r#"))),
                method,
                media_type,
                payload,
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                origin: pointer,
            });
        }
    }
    Ok(webhooks)
}

struct OperationSite<'a> {
    path: &'a str,
    method: HttpMethod,
    pointer: String,
    operation_id: String,
    method_name: String,
}

struct Resolver<'r, 'a> {
    spec: &'a OpenAPI,
    types: &'r mut TypeSpace<'a>,
    diagnostics: &'r mut Vec<Diagnostic>,
}

impl<'a> Resolver<'_, 'a> {
    fn operation(
        &mut self,
        site: OperationSite<'_>,
        item: &'a PathItem,
        operation: &'a openapiv3::Operation,
    ) -> Result<Operation, Error> {
        let type_prefix = camel_ident(&site.operation_id);
        let mut parameters = self.parameters(&site, &type_prefix, item, operation)?;
        // The template query's values ride along as segments until the indices settle.
        let (segments, query_names) = self.segments(&site, &mut parameters);
        let segments = self.drop_unplaced_path_parameters(&site, &mut parameters, segments);
        let mut segments = in_template_order(&mut parameters, segments);
        let query_values = segments.split_off(segments.len() - query_names.len());
        let template_query = query_names.into_iter().zip(query_values).collect();
        let path = site.path.split(['#', '?']).next().unwrap_or_default();
        let trailing_slash = path.ends_with('/') && !segments.is_empty();
        let body = match &operation.request_body {
            Some(body) => self.request_body(body, &site, &type_prefix)?,
            None => None,
        };
        let (responses, stream) = self.responses(operation, &site, &type_prefix)?;
        let (security, security_overridden) = match &operation.security {
            Some(requirements) => (requirements.as_slice(), true),
            None => (self.spec.security.as_deref().unwrap_or_default(), false),
        };
        Ok(Operation {
            operation_id: site.operation_id,
            method_name: site.method_name,
            download_method: None,
            stream,
            pagination: None,
            http_method: site.method,
            path: site.path.to_owned(),
            segments,
            trailing_slash,
            template_query,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            tags: operation.tags.clone(),
            parameters,
            body,
            responses,
            security: security
                .iter()
                .map(|requirement| {
                    (requirement.iter())
                        .map(|(scheme, scopes)| SchemeUse {
                            scheme: scheme.clone(),
                            scopes: scopes.clone(),
                        })
                        .collect()
                })
                .collect(),
            security_overridden,
            origin: site.pointer,
        })
    }

    /// Path-item parameters merged with the operation's (which win), path ones first in
    /// template order, then the rest in document order.
    fn parameters(
        &mut self,
        site: &OperationSite<'_>,
        type_prefix: &str,
        item: &'a PathItem,
        operation: &'a openapiv3::Operation,
    ) -> Result<Vec<Parameter>, Error> {
        let declared = self.declared_parameters(site, type_prefix, item, operation);
        let mut names = Scope::with_reserved(METHOD_LOCALS);
        let mut resolved = Vec::with_capacity(declared.len());
        for ((wire_name, location), (pointer, hint, parameter)) in declared {
            let parameter =
                self.parameter(wire_name, location, pointer, &hint, parameter, &mut names)?;
            resolved.push(parameter);
        }
        Ok(resolved)
    }

    /// The parameters the path item and the operation declare, `$ref`s followed, by
    /// (name, location); each with the pointer it is read from and its type name hint.
    fn declared_parameters(
        &mut self,
        site: &OperationSite<'_>,
        type_prefix: &str,
        item: &'a PathItem,
        operation: &'a openapiv3::Operation,
    ) -> IndexMap<(String, ParamLocation), (String, String, &'a SpecParameter)> {
        let mut merged = IndexMap::new();
        let item_pointer = site.pointer.rsplit_once('/').map_or("", |(head, _)| head);
        let sources = [
            (&item.parameters, join_pointer(item_pointer, "parameters")),
            (
                &operation.parameters,
                join_pointer(&site.pointer, "parameters"),
            ),
        ];
        for (list, base) in sources {
            for (index, parameter) in list.iter().enumerate() {
                let pointer = join_pointer(&base, &index.to_string());
                let Some(followed) = self.follow(
                    parameter,
                    pointer::parameter,
                    &pointer,
                    "the parameter is left out",
                ) else {
                    continue;
                };
                let data = followed.item.parameter_data_ref();
                let hint = format!("{type_prefix}{}", camel_ident(&data.name));
                let (pointer, hint) = self.site_of(&followed, &pointer, hint);
                merged.insert(
                    (data.name.clone(), location(followed.item)),
                    (pointer, hint, followed.item),
                );
            }
        }
        merged
    }

    /// One parameter: its type, style, docs and examples; its Rust name claimed in
    /// `names`.
    fn parameter(
        &mut self,
        wire_name: String,
        location: ParamLocation,
        pointer: String,
        hint: &str,
        parameter: &'a SpecParameter,
        names: &mut Scope,
    ) -> Result<Parameter, Error> {
        let data = parameter.parameter_data_ref();
        let shape = self.parameter_shape(data, &pointer, hint)?;
        let (style, explode) = style_and_explode(parameter);
        self.record_examples(&pointer, &shape.ty, data.example.as_ref(), &data.examples);
        if let Some(default) = &shape.docs.default {
            let here = join_pointer(&join_pointer(&pointer, "schema"), "default");
            self.types
                .record_example(&here, shape.ty.clone(), false, default);
        }
        let mut docs = shape.docs;
        if data.description.is_some() {
            docs.description = data.description.clone();
        }
        if data.example.is_some() {
            docs.example = data.example.clone();
        }
        docs.deprecated |= data.deprecated.unwrap_or(false);
        Ok(Parameter {
            name: names.claim(&parameter_ident(&wire_name)),
            wire_name,
            location,
            required: data.required || location == ParamLocation::Path,
            ty: shape.ty,
            style,
            explode,
            docs,
            origin: pointer,
        })
    }

    /// The type of a parameter's `schema`, or of the schema of its first `content`
    /// entry; a string when it has neither.
    fn parameter_shape(
        &mut self,
        data: &'a openapiv3::ParameterData,
        pointer: &str,
        hint: &str,
    ) -> Result<super::schemas::Shape, Error> {
        match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let here = join_pointer(pointer, "schema");
                self.types
                    .shape(schema.into(), hint, &here, self.diagnostics)
            }
            ParameterSchemaOrContent::Content(content) => {
                match content
                    .iter()
                    .find_map(|(media, m)| Some((media, m.schema.as_ref()?)))
                {
                    Some((media, schema)) => {
                        let here = join_pointer(
                            &join_pointer(&join_pointer(pointer, "content"), media),
                            "schema",
                        );
                        self.types
                            .shape(schema.into(), hint, &here, self.diagnostics)
                    }
                    None => Ok(super::schemas::Shape {
                        ty: TypeRef::String,
                        nullable: false,
                        docs: Docs::default(),
                    }),
                }
            }
        }
    }

    /// The object a `$ref` names, wherever it is, following chains of references. One
    /// that cannot be followed is a warning that says what is done without it.
    fn follow<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        lookup: fn(&'a OpenAPI, &str) -> Result<pointer::Found<&'a T>, pointer::Unresolved>,
        pointer: &str,
        without: &str,
    ) -> Option<Followed<'a, T>> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some(Followed { item, place: None }),
            ReferenceOr::Reference { reference } => reference,
        };
        match lookup(self.spec, reference) {
            Ok(found) => Some(Followed {
                item: found.item,
                place: (!found.pointer.starts_with("#/components/")).then_some(found.pointer),
            }),
            Err(why) => {
                self.diagnostics.push(Diagnostic::warning(
                    pointer,
                    format!("$ref `{reference}` cannot be followed: {why}; {without}"),
                ));
                None
            }
        }
    }

    /// The pointer the parts of a followed object are found at, and the name its inline
    /// types start with: its own place and the name it gives when the reference reached
    /// into another operation (so both uses share one type), else the use site's.
    fn site_of<T>(
        &self,
        followed: &Followed<'a, T>,
        pointer: &str,
        hint: String,
    ) -> (String, String) {
        match &followed.place {
            Some(place) => (place.clone(), pointer::natural_name(self.spec, place)),
            None => (pointer.to_owned(), hint),
        }
    }

    /// A path parameter the template never mentions cannot be sent: it is dropped (with a
    /// warning), and the segments' indices follow.
    fn drop_unplaced_path_parameters(
        &mut self,
        site: &OperationSite<'_>,
        parameters: &mut Vec<Parameter>,
        mut segments: Vec<PathSegment>,
    ) -> Vec<PathSegment> {
        let placed = |index: usize, segments: &[PathSegment]| {
            segments
                .iter()
                .flat_map(|s| &s.pieces)
                .any(|piece| *piece == PathPiece::Parameter(index))
        };
        let mut index = 0;
        while index < parameters.len() {
            if parameters[index].location != ParamLocation::Path || placed(index, &segments) {
                index += 1;
                continue;
            }
            self.diagnostics.push(Diagnostic::warning(
                &site.pointer,
                format!(
                    "path parameter `{}` does not appear in `{}`; ignored",
                    parameters[index].wire_name, site.path
                ),
            ));
            parameters.remove(index);
            for piece in segments.iter_mut().flat_map(|s| s.pieces.iter_mut()) {
                if let PathPiece::Parameter(i) = piece {
                    if *i > index {
                        *i -= 1;
                    }
                }
            }
        }
        segments
    }

    /// Splits the template and ties each `{name}` to its path parameter; an undeclared one
    /// is added as a required string (with a warning). A fragment (`/files/{id}#share`,
    /// Box's way to tell operations apart) is never sent. A query string's pairs
    /// (`/templates?desc=html`, `/alerts?lat={lat}`) are returned after the segments,
    /// each value as one more segment, with their names; a pair whose value is only a
    /// declared query parameter is left to that parameter.
    fn segments(
        &mut self,
        site: &OperationSite<'_>,
        parameters: &mut Vec<Parameter>,
    ) -> (Vec<PathSegment>, Vec<String>) {
        let template = site.path.split('#').next().unwrap_or_default();
        let (path, query) = template.split_once('?').unwrap_or((template, ""));
        let mut segments: Vec<PathSegment> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|raw| self.pieces(site, parameters, raw))
            .collect();
        let mut names = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let declared = value
                .strip_prefix('{')
                .and_then(|v| v.strip_suffix('}'))
                .is_some_and(|wire_name| {
                    parameters
                        .iter()
                        .any(|p| p.location == ParamLocation::Query && p.wire_name == wire_name)
                });
            if !declared {
                names.push(name.to_owned());
                segments.push(self.pieces(site, parameters, value));
            }
        }
        (segments, names)
    }

    fn pieces(
        &mut self,
        site: &OperationSite<'_>,
        parameters: &mut Vec<Parameter>,
        raw: &str,
    ) -> PathSegment {
        let mut pieces = Vec::new();
        let mut rest = raw;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                pieces.push(PathPiece::Literal(rest[..open].to_owned()));
            }
            let wire_name = &rest[open + 1..close];
            let index = match parameters
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == wire_name)
            {
                Some(index) => index,
                None => {
                    self.diagnostics.push(Diagnostic::warning(
                        &site.pointer,
                        format!(
                            "path parameter `{wire_name}` is not declared; treated as a required string"
                        ),
                    ));
                    let mut names = Scope::with_reserved(METHOD_LOCALS);
                    for existing in parameters.iter() {
                        names.claim(&existing.name);
                    }
                    parameters.push(Parameter {
                        name: names.claim(&parameter_ident(wire_name)),
                        wire_name: wire_name.to_owned(),
                        location: ParamLocation::Path,
                        required: true,
                        ty: TypeRef::String,
                        style: ParamStyle::Form,
                        explode: false,
                        docs: Docs::default(),
                        origin: site.pointer.clone(),
                    });
                    parameters.len() - 1
                }
            };
            pieces.push(PathPiece::Parameter(index));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(PathPiece::Literal(rest.to_owned()));
        }
        PathSegment { pieces }
    }

    fn request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        site: &OperationSite<'_>,
        type_prefix: &str,
    ) -> Result<Option<RequestBody>, Error> {
        let pointer = join_pointer(&site.pointer, "requestBody");
        let Some(followed) = self.follow(
            body,
            pointer::request_body,
            &pointer,
            "the operation is generated without a request body",
        ) else {
            return Ok(None);
        };
        let body = followed.item;
        let (pointer, hint) = self.site_of(&followed, &pointer, format!("{type_prefix}Request"));
        let (media_type, kind) = match self.body_kind(&body.content, &hint, &pointer)? {
            Some(found) => found,
            None => ("application/octet-stream".to_owned(), BodyKind::Binary),
        };
        let mut others: Vec<(&'a String, &'a MediaType)> = body
            .content
            .iter()
            .filter(|(other, _)| **other != media_type && !other.contains('*'))
            .collect();
        others.sort_by_key(|(other, _)| media_rank(other));
        let mut alternatives = Vec::with_capacity(others.len());
        for (other, media) in others {
            let hint = format!("{type_prefix}{}Request", camel_ident(&media_suffix(other)));
            alternatives.push(BodyAlternative {
                method_name: String::new(),
                media_type: other.clone(),
                kind: self.media_kind(other, media, &hint, &pointer)?,
            });
        }
        Ok(Some(RequestBody {
            required: body.required,
            media_type,
            kind,
            description: body.description.clone(),
            alternatives,
        }))
    }

    /// The preferred media type of a content map and how its payload is carried.
    fn body_kind(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        hint: &str,
        pointer: &str,
    ) -> Result<Option<(String, BodyKind)>, Error> {
        let Some((media_type, media)) = content
            .iter()
            .min_by_key(|(media_type, _)| media_rank(media_type))
        else {
            return Ok(None);
        };
        let kind = self.media_kind(media_type, media, hint, pointer)?;
        Ok(Some((media_type.clone(), kind)))
    }

    /// How a payload of `media_type` is carried.
    fn media_kind(
        &mut self,
        media_type: &str,
        media: &'a MediaType,
        hint: &str,
        pointer: &str,
    ) -> Result<BodyKind, Error> {
        let here = join_pointer(&join_pointer(pointer, "content"), media_type);
        let schema_type = |this: &mut Self| -> Result<TypeRef, Error> {
            match &media.schema {
                Some(schema) => Ok(this
                    .types
                    .shape(
                        SchemaRef::from(schema),
                        hint,
                        &join_pointer(&here, "schema"),
                        this.diagnostics,
                    )?
                    .ty),
                None => Ok(TypeRef::Json),
            }
        };
        let kind = match media_rank(media_type) {
            0 => {
                let ty = schema_type(self)?;
                self.record_examples(&here, &ty, media.example.as_ref(), &media.examples);
                BodyKind::Json(ty)
            }
            1 => BodyKind::Form(schema_type(self)?, form_encoding(media)),
            2 => {
                let parts = match &media.schema {
                    Some(schema) => self.types.form_parts(
                        SchemaRef::from(schema),
                        hint,
                        &join_pointer(&here, "schema"),
                        self.diagnostics,
                    )?,
                    None => None,
                };
                match parts {
                    Some(parts) => BodyKind::Multipart(parts),
                    None => {
                        self.diagnostics.push(Diagnostic::warning(
                            &here,
                            "a multipart body without object properties is sent as caller-encoded bytes",
                        ));
                        BodyKind::Binary
                    }
                }
            }
            3 => BodyKind::Text,
            _ => BodyKind::Binary,
        };
        Ok(kind)
    }

    /// The `example` and `examples` of a media type or parameter at `pointer`.
    fn record_examples(
        &mut self,
        pointer: &str,
        ty: &TypeRef,
        example: Option<&serde_json::Value>,
        examples: &IndexMap<String, ReferenceOr<openapiv3::Example>>,
    ) {
        if let Some(value) = example {
            self.types
                .record_example(&join_pointer(pointer, "example"), ty.clone(), false, value);
        }
        let components = self.spec.components.as_ref();
        for (name, example) in examples {
            let here = join_pointer(&join_pointer(pointer, "examples"), name);
            let example = match example {
                ReferenceOr::Item(example) => Some(example),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/examples/")
                    .and_then(|name| components?.examples.get(name))
                    .and_then(ReferenceOr::as_item),
            };
            if let Some(value) = example.and_then(|e| e.value.as_ref()) {
                self.types
                    .record_example(&join_pointer(&here, "value"), ty.clone(), false, value);
            }
        }
    }

    fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        site: &OperationSite<'_>,
        type_prefix: &str,
    ) -> Result<(Vec<Response>, Option<ItemStream>), Error> {
        let base = join_pointer(&site.pointer, "responses");
        let mut stream = None;
        let mut entries: Vec<(StatusMatch, String, &ReferenceOr<openapiv3::Response>)> = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status_match = match status {
                    StatusCode::Code(code) => StatusMatch::Code(*code),
                    StatusCode::Range(first) => StatusMatch::Range(*first),
                };
                (status_match, status.to_string(), response)
            })
            .collect();
        if let Some(default) = &operation.responses.default {
            entries.push((StatusMatch::Default, "default".to_owned(), default));
        }
        let first_success = entries
            .iter()
            .map(|(status, _, _)| *status)
            .filter(|status| status.is_success())
            .min();
        let mut responses = Vec::with_capacity(entries.len());
        for (status, key, response) in entries {
            let pointer = join_pointer(&base, &key);
            let Some(followed) = self.follow(
                response,
                pointer::response,
                &pointer,
                "the response is taken to have no body",
            ) else {
                responses.push(Response {
                    status,
                    description: String::new(),
                    body: None,
                });
                continue;
            };
            let response = followed.item;
            let hint = if Some(status) == first_success {
                format!("{type_prefix}Response")
            } else {
                format!("{type_prefix}{}Response", camel_ident(&key))
            };
            let (pointer, hint) = self.site_of(&followed, &pointer, hint);
            // HTTP gives these no body, whatever the document declares.
            let bodiless = site.method == HttpMethod::Head
                || matches!(status, StatusMatch::Code(204 | 205 | 304));
            let body = if bodiless {
                if !response.content.is_empty() {
                    let what = match site.method {
                        HttpMethod::Head => "a reply to HEAD".to_owned(),
                        _ => format!("a {key} reply"),
                    };
                    self.diagnostics.push(Diagnostic::warning(
                        join_pointer(&pointer, "content"),
                        format!(
                            "HTTP gives {what} no body; the content declared for it is ignored"
                        ),
                    ));
                }
                None
            } else {
                if Some(status) == first_success {
                    stream = self.item_stream(&response.content, type_prefix, &pointer)?;
                }
                self.body_kind(&response.content, &hint, &pointer)?
                    .map(|(media_type, kind)| ResponseBody { media_type, kind })
            };
            responses.push(Response {
                status,
                description: response.description.clone(),
                body,
            });
        }
        Ok((responses, stream))
    }

    /// How a success offered as server-sent events or JSON Lines is read item by item:
    /// normalize has put an item's schema in the media type's (3.2 `itemSchema`, 3.1
    /// `contentSchema`); a string schema, or none, for events, leaves their data as text.
    fn item_stream(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        type_prefix: &str,
        pointer: &str,
    ) -> Result<Option<ItemStream>, Error> {
        let Some((media_type, media, framing)) = (content.iter())
            .find_map(|(media_type, media)| Some((media_type, media, Framing::of(media_type)?)))
        else {
            return Ok(None);
        };
        let here = join_pointer(&join_pointer(pointer, "content"), media_type);
        let item = match &media.schema {
            Some(schema) => Some(
                self.types
                    .shape(
                        SchemaRef::from(schema),
                        &format!("{type_prefix}Item"),
                        &join_pointer(&here, "schema"),
                        self.diagnostics,
                    )?
                    .ty,
            ),
            None => None,
        };
        let item = match (framing, item) {
            (Framing::ServerSentEvents, Some(TypeRef::String) | None) => None,
            (Framing::JsonLines, None) => Some(TypeRef::Json),
            (_, item) => item,
        };
        let sentinel = match item {
            Some(_) if framing == Framing::ServerSentEvents => {
                let texts = (media.example.iter())
                    .chain(media.examples.values().filter_map(|example| match example {
                        ReferenceOr::Item(example) => example.value.as_ref(),
                        ReferenceOr::Reference { .. } => None,
                    }))
                    .filter_map(|example| example.as_str());
                texts.filter_map(stream_sentinel).next()
            }
            _ => None,
        };
        Ok(Some(ItemStream {
            method_name: String::new(),
            media_type: media_type.clone(),
            framing,
            item,
            sentinel,
        }))
    }
}

/// The end marker an example event stream shows: the `data` of its last event when that
/// is a short word that is not JSON (`[DONE]`).
fn stream_sentinel(example: &str) -> Option<String> {
    let last = (example.lines())
        .filter_map(|line| line.strip_prefix("data:"))
        .next_back()?
        .trim();
    let word = !last.is_empty() && last.len() <= 32 && !last.contains(char::is_whitespace);
    (word && serde_json::from_str::<serde_json::Value>(last).is_err()).then(|| last.to_owned())
}

/// A method argument for a parameter; clippy rejects the placeholder names `foo`, `baz`
/// and `quux` as bindings.
/// Path parameters first, in the order the template names them (the order a reader of
/// the URL expects the arguments in), then the others in document order.
fn in_template_order(
    parameters: &mut Vec<Parameter>,
    mut segments: Vec<PathSegment>,
) -> Vec<PathSegment> {
    let mut order: Vec<usize> = Vec::with_capacity(parameters.len());
    for piece in segments.iter().flat_map(|s| &s.pieces) {
        if let PathPiece::Parameter(index) = piece {
            if !order.contains(index) {
                order.push(*index);
            }
        }
    }
    let rest: Vec<usize> = (0..parameters.len())
        .filter(|index| !order.contains(index))
        .collect();
    order.extend(rest);
    let mut taken: Vec<Option<Parameter>> = parameters.drain(..).map(Some).collect();
    parameters.extend(order.iter().filter_map(|&index| taken[index].take()));
    for piece in segments.iter_mut().flat_map(|s| s.pieces.iter_mut()) {
        if let PathPiece::Parameter(index) = piece {
            *index = order.iter().position(|old| old == index).unwrap_or(*index);
        }
    }
    segments
}

fn parameter_ident(wire_name: &str) -> String {
    let name = snake_ident(wire_name);
    match name.as_str() {
        "foo" | "baz" | "quux" => format!("{name}_value"),
        _ => name,
    }
}

/// Lower is preferred: JSON, then forms, multipart forms, text, anything else.
fn media_rank(media_type: &str) -> u8 {
    let essence = media_essence(media_type);
    if essence == "application/json" || essence.ends_with("+json") {
        0
    } else if essence == "application/x-www-form-urlencoded" {
        1
    } else if essence == "multipart/form-data" {
        2
    } else if essence.starts_with("text/") {
        3
    } else {
        4
    }
}

/// The styles a form body's `encoding` gives its properties (normalize spelled out the
/// defaults of `style` and `explode`); a property without `style`, or in `deepObject`
/// style, follows the bracket convention, unless its content type is JSON.
fn form_encoding(media: &MediaType) -> FormEncoding {
    use openapiv3::QueryStyle;
    let styles = (media.encoding.iter()).filter_map(|(name, encoding)| {
        let json = (encoding.content_type.as_deref())
            .is_some_and(|media_type| media_rank(media_type) == 0);
        let style = match (json, encoding.style.as_ref(), encoding.explode) {
            (true, _, _) => FormStyle::Json,
            (false, None | Some(QueryStyle::DeepObject), _) => return None,
            (false, Some(_), true) => FormStyle::Exploded,
            (false, Some(QueryStyle::Form), false) => FormStyle::Comma,
            (false, Some(QueryStyle::SpaceDelimited), false) => FormStyle::Space,
            (false, Some(QueryStyle::PipeDelimited), false) => FormStyle::Pipe,
        };
        Some((name.clone(), style))
    });
    FormEncoding(styles.collect())
}

/// A parameter's `style` (query parameters have a choice; others their one style) and
/// whether it explodes: only `form` (and cookies) do unless the document says otherwise.
fn style_and_explode(parameter: &SpecParameter) -> (ParamStyle, bool) {
    let style = match parameter {
        SpecParameter::Query { style, .. } => match style {
            openapiv3::QueryStyle::Form => ParamStyle::Form,
            openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        _ => ParamStyle::Form,
    };
    let explode = parameter
        .parameter_data_ref()
        .explode
        .unwrap_or(match parameter {
            SpecParameter::Query { .. } => style == ParamStyle::Form,
            SpecParameter::Cookie { .. } => true,
            _ => false,
        });
    (style, explode)
}

fn location(parameter: &SpecParameter) -> ParamLocation {
    match parameter {
        SpecParameter::Query { .. } => ParamLocation::Query,
        SpecParameter::Header { .. } => ParamLocation::Header,
        SpecParameter::Path { .. } => ParamLocation::Path,
        SpecParameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, PathPiece};

    use crate::test_support::{api_of as read, read as read_with_warnings};

    #[test]
    fn path_parameters_come_in_template_order_before_the_others() {
        let api = read(
            r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /organizations/{organization}/projects/{project}/instances/{instance}:
    get:
      operationId: instanceView
      parameters:
        - {name: verbose, in: query, required: true, schema: {type: boolean}}
        - {name: instance, in: path, required: true, schema: {type: string}}
        - {name: organization, in: path, required: true, schema: {type: string}}
        - {name: project, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: Seen}
"#,
        );
        let operation = &api.operations[0];
        let names: Vec<&str> = operation
            .parameters
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["organization", "project", "instance", "verbose"]);
        let placed: Vec<&str> = operation
            .segments
            .iter()
            .flat_map(|s| &s.pieces)
            .filter_map(|piece| match piece {
                PathPiece::Parameter(index) => Some(operation.parameters[*index].name.as_str()),
                PathPiece::Literal(_) => None,
            })
            .collect();
        assert_eq!(placed, ["organization", "project", "instance"]);
    }

    /// A document of one path item, `item` (YAML, indented by four spaces).
    fn one_path(path: &str, item: &str) -> (Api, Vec<crate::Diagnostic>) {
        let document =
            format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  {path}:\n{item}");
        read_with_warnings(&document)
    }

    #[test]
    fn parameter_names_are_snake_case_and_the_operation_overrides_the_path_item() {
        let (api, _) = one_path(
            "/pets",
            "    parameters:\n      - {name: X-Request-Id, in: header, schema: {type: integer}}\n    get:\n      operationId: listPets\n      parameters:\n        - {name: X-Request-Id, in: header, required: true, schema: {type: string}}\n        - {name: pageSize, in: query, schema: {type: integer}}\n      responses:\n        '204': {description: None}\n",
        );
        let parameters = &api.operations[0].parameters;
        let names: Vec<(&str, bool)> = (parameters.iter())
            .map(|p| (p.name.as_str(), p.required))
            .collect();
        assert_eq!(names, [("x_request_id", true), ("page_size", false)]);
        assert_eq!(parameters[0].ty, crate::ir::TypeRef::String);
    }

    #[test]
    fn content_declared_for_a_204_is_ignored_with_a_warning() {
        let (api, diagnostics) = one_path(
            "/pets",
            "    delete:\n      operationId: clear\n      responses:\n        '204':\n          description: Gone\n          content:\n            application/json: {schema: {type: object}}\n",
        );
        assert!(api.operations[0].responses[0].body.is_none());
        let warned = diagnostics
            .iter()
            .any(|d| d.message.contains("HTTP gives a 204 reply no body"));
        assert!(warned, "{diagnostics:?}");
    }

    #[test]
    fn an_operation_without_an_id_is_named_from_its_method_and_path() {
        let (api, _) = one_path(
            "/users/{id}/keys",
            "    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: Keys}\n",
        );
        assert_eq!(api.operations[0].method_name, "get_users_by_id_keys");
    }

    #[test]
    fn a_binary_success_gets_a_download_method() {
        let (api, _) = one_path(
            "/files/{id}",
            "    get:\n      operationId: getFile\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: The file\n          content:\n            application/octet-stream: {schema: {type: string, format: binary}}\n",
        );
        let operation = &api.operations[0];
        assert!(operation.success_is_binary());
        assert_eq!(
            operation.download_method.as_deref(),
            Some("get_file_download")
        );
    }

    #[test]
    fn schemes_openapiv3_does_not_know_are_warned_about_and_left_out() {
        let document = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
security: [{mtls: []}, {odd: []}, {oauth: [read]}]
paths:
  /a:
    get:
      operationId: getA
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    mtls: {type: mutualTLS}
    odd: {type: hawk}
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: /token, scopes: {read: Read}}
        authorizationCode: {authorizationUrl: /auth, tokenUrl: /token2, scopes: {}}
"#;
        let (api, warnings) = read_with_warnings(document);
        let kinds: Vec<&crate::ir::AuthKind> =
            api.security_schemes.iter().map(|s| &s.kind).collect();
        assert_eq!(
            kinds,
            [
                &crate::ir::AuthKind::Unsupported("mutual TLS".to_owned()),
                &crate::ir::AuthKind::Unsupported("a security scheme of type `hawk`".to_owned()),
                &crate::ir::AuthKind::OAuth2 {
                    token_url: Some("/token".to_owned())
                },
            ]
        );
        let at = |pointer: &str| crate::diagnostics::Location::Pointer(pointer.to_owned());
        let places: Vec<&crate::diagnostics::Location> =
            warnings.iter().map(|w| &w.location).collect();
        assert_eq!(
            places,
            [
                &at("#/components/securitySchemes/mtls"),
                &at("#/components/securitySchemes/odd")
            ]
        );
        let oauth = &api.operations[0].security[2][0];
        assert_eq!(
            (oauth.scheme.as_str(), oauth.scopes.as_slice()),
            ("oauth", &["read".to_owned()][..])
        );
    }

    #[test]
    fn a_streamed_success_gets_an_item_method_with_its_type_and_sentinel() {
        let api = read(
            r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /chat:
    post:
      operationId: chat
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Chunk"}
            text/event-stream:
              schema: {type: string, contentMediaType: application/json, contentSchema: {$ref: "#/components/schemas/Chunk"}}
              example: "data: {}\n\ndata: [END]\n\n"
  /lines:
    get:
      operationId: lines
      responses:
        "200":
          description: ok
          content:
            application/jsonl:
              itemSchema: {type: integer}
components:
  schemas:
    Chunk: {type: object, properties: {text: {type: string}}}
"##,
        );
        let chat = api.operations[0].stream.as_ref().unwrap();
        assert_eq!(chat.method_name, "chat_events");
        assert_eq!(chat.framing, crate::ir::Framing::ServerSentEvents);
        assert!(matches!(chat.item, Some(crate::ir::TypeRef::Named(_))));
        assert_eq!(chat.sentinel.as_deref(), Some("[END]"));
        let lines = api.operations[1].stream.as_ref().unwrap();
        assert_eq!(lines.method_name, "lines_lines");
        assert!(matches!(lines.item, Some(crate::ir::TypeRef::Integer(_))));
        assert_eq!(lines.sentinel, None);
    }

    #[test]
    fn webhooks_with_a_json_body_get_a_typed_payload() {
        let (api, warnings) = crate::read_api(
            "test.yaml",
            r#"
openapi: 3.1.0
info: {title: T, version: "1"}
webhooks:
  petAdded:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [id], properties: {id: {type: integer}}}
      responses: {"200": {description: ok}}
  rawPing:
    put:
      requestBody:
        content:
          text/plain:
            schema: {type: string}
      responses: {"200": {description: ok}}
"#,
            None,
        )
        .unwrap();
        let names: Vec<(&str, &str)> = (api.webhooks.iter())
            .map(|w| (w.name.as_str(), w.fn_name.as_str()))
            .collect();
        assert_eq!(names, [("petAdded", "decode_pet_added")]);
        let payload = api.webhooks[0]
            .payload
            .named()
            .map(|id| api.ty(id).name.as_str());
        assert_eq!(payload, Some("PetAddedWebhookRequest"));
        assert!(warnings.iter().any(|w| w.location
            == crate::diagnostics::Location::Pointer(
                "#/webhooks/rawPing/put/requestBody".to_owned()
            )));
    }
}
