//! What `cargo xtask conformance` needs to call every operation of a document once:
//! schema-valid arguments built from the document itself (the JSON a validating mock
//! checks requests against), and the source of a driver module that decodes them into
//! the generated client's types, makes the call and says what happened as one JSON line.

mod pattern;

use crate::emit::{ident, type_tokens, TypePath};
use crate::ir::{Api, AuthKind, BodyKind, Operation, SchemeUse, TypeRef};
use crate::json_pointer::reference_tokens;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{json, Map, Value};

/// How deep a sample follows nested schemas and references.
const MAX_DEPTH: usize = 12;

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

/// The node a pointer (`#/...`, percent-encoded or not) names.
fn lookup<'d>(document: &'d Value, reference: &str) -> Option<&'d Value> {
    let tokens = reference_tokens(reference)?;
    tokens.iter().try_fold(document, |node, token| match node {
        Value::Object(map) => map.get(token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

/// `node`, or what its `$ref` (a chain of them) names.
fn follow<'d>(document: &'d Value, node: &'d Value, depth: usize) -> &'d Value {
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
struct Pick {
    branch: usize,
}

/// A value the schema accepts: its first enum value, else its default, else one built
/// from its type, format and bounds. Objects carry their required properties.
fn sample(document: &Value, schema: &Value, pick: Pick, depth: usize) -> Value {
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
fn fallback(ty: &TypeRef) -> Value {
    match ty {
        TypeRef::Integer(_) => json!(1),
        TypeRef::Number(_) => json!(1.5),
        TypeRef::Boolean => json!(true),
        TypeRef::Array(item) => Value::Array(vec![fallback(item)]),
        _ => json!("conformance"),
    }
}

/// The driver module (`src/conformance.rs` of a copy of the client crate): `call(base,
/// index)` makes call `index` against `base` and returns a JSON line saying what happened.
pub fn driver(api: &Api, calls: &[Call]) -> Result<String, crate::bug::Bug> {
    let arms = calls.iter().enumerate().map(|(index, call)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let body = call_body(api, &api.operations[index_of(api, &call.method)], call);
        quote!(#index => { #body })
    });
    let basic = calls
        .iter()
        .enumerate()
        .filter(|(_, call)| call.basic)
        .map(|(index, _)| proc_macro2::Literal::usize_unsuffixed(index));
    let tokens = quote! {
        //! Calls one operation of the client with arguments the document's schemas accept,
        //! and says what happened (`cargo xtask conformance`).
        #![allow(clippy::all, deprecated, unused_mut, unused_variables)]

        /// The calls that authenticate with a user name and password.
        const BASIC: &[usize] = &[#(#basic),*];

        /// Decodes one argument from its JSON; a value the type cannot hold is the client's fault.
        fn argument<T: ::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<T, ::std::string::String> {
            ::serde_json::from_str(json).map_err(|err| ::std::format!("{err}: {json}"))
        }

        fn report<T: ::std::fmt::Debug, E: ::std::fmt::Debug>(result: ::std::result::Result<T, crate::Error<E>>, sent: ::std::option::Option<::serde_json::Value>) -> ::serde_json::Value {
            fn text(body: &[u8]) -> ::std::string::String {
                ::std::string::String::from_utf8_lossy(body).into_owned()
            }
            match result {
                ::std::result::Result::Ok(_) => ::serde_json::json!({"outcome": "decoded"}),
                ::std::result::Result::Err(crate::Error::Api(err)) => {
                    let violations = err.headers.get("sl-violations")
                        .and_then(|v| v.to_str().ok()).map(::std::string::ToString::to_string);
                    ::serde_json::json!({
                        "outcome": "status",
                        "status": err.status.as_u16(),
                        "body": text(&err.body),
                        "typed": err.typed.is_some(),
                        "violations": violations,
                        "sent": sent,
                    })
                }
                ::std::result::Result::Err(crate::Error::Decode(err)) => ::serde_json::json!({
                    "outcome": "undecodable",
                    "status": err.status.as_u16(),
                    "content_type": err.content_type,
                    "body": text(&err.body),
                    "error": err.source.to_string(),
                }),
                ::std::result::Result::Err(crate::Error::Transport(err)) => ::serde_json::json!({
                    "outcome": "transport",
                    "error": ::std::format!("{:?}", err.source),
                }),
                ::std::result::Result::Err(err) => ::serde_json::json!({
                    "outcome": "invalid_request",
                    "error": ::std::format!("{err:?}"),
                }),
            }
        }

        /// Makes call `index` against the server at `base`.
        pub async fn call(base: &str, index: usize) -> ::serde_json::Value {
            // One request per call: a redirect the mock makes up is not followed.
            let http = ::reqwest::Client::builder()
                .redirect(::reqwest::redirect::Policy::none())
                .build();
            let builder = crate::Client::builder()
                .base_url(base)
                .retry_policy(crate::runtime::RetryPolicy::none());
            let builder = match http {
                ::std::result::Result::Ok(http) => builder.http_client(http),
                ::std::result::Result::Err(_) => builder,
            };
            let builder = match BASIC.contains(&index) {
                true => builder.basic_auth("conformance", "secret"),
                false => builder.api_key("conformance-key"),
            };
            let client = match builder.build() {
                ::std::result::Result::Ok(client) => client,
                ::std::result::Result::Err(err) => {
                    return ::serde_json::json!({"outcome": "client", "error": ::std::format!("{err:?}")});
                }
            };
            let result: ::std::result::Result<::serde_json::Value, ::std::string::String> = async {
                ::std::result::Result::Ok(match index {
                    #(#arms)*
                    _ => ::serde_json::json!({"outcome": "no_such_call"}),
                })
            }.await;
            match result {
                ::std::result::Result::Ok(report) => report,
                ::std::result::Result::Err(error) => ::serde_json::json!({"outcome": "argument", "error": error}),
            }
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| crate::bug::Bug::Unparsable {
        item: "the conformance driver".to_owned(),
        message: err.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

fn index_of(api: &Api, method: &str) -> usize {
    api.operations
        .iter()
        .position(|o| o.method_name == method)
        .unwrap_or(0)
}

/// One field of a multipart form: a made-up file, or the part's value from `values`.
fn form_field(api: &Api, part: &crate::ir::FormPart, values: &Value) -> TokenStream {
    use crate::ir::FormPartKind;
    let field = ident(&part.name);
    let file = quote! {
        crate::runtime::FilePart::new(&b"conformance"[..]).file_name("conformance.txt")
    };
    let value = match &part.kind {
        FormPartKind::File if part.required => file,
        FormPartKind::File => quote!(::std::option::Option::Some(#file)),
        FormPartKind::Files => quote!(::std::vec![#file]),
        FormPartKind::Value(ty) => {
            let ty = type_tokens(api, ty, TypePath::Crate);
            match (values.get(&part.wire_name), part.required) {
                (Some(value), true) => {
                    let json = value.to_string();
                    quote!(argument::<#ty>(#json)?)
                }
                (Some(value), false) => {
                    let json = value.to_string();
                    quote!(::std::option::Option::Some(argument::<#ty>(#json)?))
                }
                (None, true) => quote!(argument::<#ty>("\"conformance\"")?),
                (None, false) => quote!(::std::option::Option::None),
            }
        }
    };
    quote!(#field: #value,)
}

/// The statements of one call: arguments decoded, the method called, the result reported.
fn call_body(api: &Api, operation: &Operation, call: &Call) -> TokenStream {
    if let Some(reason) = &call.skipped {
        return quote!(::serde_json::json!({"outcome": "skipped", "reason": #reason}));
    }
    let mut statements = Vec::new();
    let mut passed = Vec::new();
    let required = operation.parameters.iter().filter(|p| p.required);
    for (position, (parameter, value)) in required.zip(&call.arguments).enumerate() {
        let name = quote::format_ident!("a{position}");
        let ty = type_tokens(api, &parameter.ty, TypePath::Crate);
        let json = value.to_string();
        statements.push(quote!(let #name: #ty = argument(#json)?;));
        passed.push(match &parameter.ty {
            TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => quote!(#name),
            _ => quote!(&#name),
        });
    }
    if operation.parameters.iter().any(|p| !p.required) {
        let params = quote::format_ident!(
            "{}Params",
            crate::naming::camel_ident(&operation.method_name)
        );
        statements.push(quote!(let params = crate::operations::#params::default();));
        passed.push(quote!(&params));
    }
    if let (Some(body), Some(value)) = (&operation.body, &call.body) {
        let json = value.to_string();
        let (declare, pass) = match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty, _) => {
                let ty = type_tokens(api, ty, TypePath::Crate);
                (
                    quote! {
                        let body: #ty = argument(#json)?;
                        let sent = ::serde_json::to_value(&body).ok();
                    },
                    quote!(&body),
                )
            }
            BodyKind::Text => (
                quote!(let body = ::std::string::String::from("conformance");),
                quote!(body),
            ),
            BodyKind::Multipart(parts) => {
                let form = quote::format_ident!(
                    "{}Form",
                    crate::naming::camel_ident(&operation.method_name)
                );
                let fields = parts.iter().map(|part| form_field(api, part, value));
                (
                    quote!(let body = crate::operations::#form { #(#fields)* };),
                    quote!(body),
                )
            }
            _ => (quote!(let body = b"conformance".to_vec();), quote!(body)),
        };
        statements.push(declare);
        passed.push(if body.required {
            pass
        } else {
            quote!(::std::option::Option::Some(#pass))
        });
    }
    let method = ident(&operation.method_name);
    let json_body = matches!(
        operation.body.as_ref().map(|b| &b.kind),
        Some(BodyKind::Json(_) | BodyKind::Form(..))
    ) && call.body.is_some();
    let sent = match json_body {
        true => quote!(sent),
        false => quote!(::std::option::Option::None),
    };
    quote! {
        #(#statements)*
        report(client.#method(#(#passed),*).await, #sent)
    }
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
