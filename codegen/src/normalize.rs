//! Stage 2: lower OpenAPI 3.1 (JSON Schema 2020-12) to the 3.0 shape `openapiv3` models.
//!
//! The walk is structural: it visits exactly the places where the OpenAPI grammar puts a
//! schema, so a property *named* `type` or `const` is never mistaken for a keyword.
//! Whatever cannot be carried over becomes a diagnostic; nothing is dropped silently.

use crate::diagnostics::{Diagnostic, Error, Location};
use crate::json_pointer::{join_pointer, unescape_token};
use serde_json::{Map, Value};

/// Extension set on a schema whose only type was `null`; `openapiv3` has no such type.
pub const NULL_TYPE_EXTENSION: &str = "x-codegen-null";

/// The OpenAPI dialect of the input document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    V30,
    V31,
}

/// Where the document's `webhooks` are kept for resolve, past openapiv3.
pub const WEBHOOKS_KEY: &str = "x-codegen-webhooks";

/// Lowers `document` in place and returns the findings.
pub fn normalize(file: &str, document: &mut Value) -> Result<Vec<Diagnostic>, Error> {
    let dialect = dialect(file, document)?;
    let mut lowering = Lowering {
        dialect,
        diagnostics: Vec::new(),
        callbacks: Map::new(),
    };
    let root = document.as_object_mut().ok_or_else(|| {
        Error::new(
            file,
            Location::Document,
            "expected a mapping at the top level",
        )
    })?;
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    lowering.document(root);
    Ok(lowering.diagnostics)
}

fn dialect(file: &str, document: &Value) -> Result<Dialect, Error> {
    if let Some(swagger) = document.get("swagger") {
        return Err(Error::new(
            file,
            Location::Pointer("#/swagger".into()),
            format!(
                "Swagger {} documents are not supported; convert the document to OpenAPI 3.0 or 3.1 first",
                swagger.as_str().map_or_else(|| swagger.to_string(), str::to_owned)
            ),
        ));
    }
    match document.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0") => Ok(Dialect::V30),
        Some(Value::String(version)) if version.starts_with("3.1") => Ok(Dialect::V31),
        Some(other) => Err(Error::new(
            file,
            Location::Pointer("#/openapi".into()),
            format!(
                "unsupported OpenAPI version {}; supported versions are 3.0.x and 3.1.x",
                display_scalar(other)
            ),
        )),
        None => Err(Error::new(
            file,
            Location::Document,
            "not an OpenAPI document: the top-level `openapi` version field is missing",
        )),
    }
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(text) => format!("`{text}`"),
        other => format!("`{other}`"),
    }
}

struct Lowering {
    dialect: Dialect,
    diagnostics: Vec<Diagnostic>,
    /// `components/callbacks`, for the callbacks of operations written as a `$ref`.
    callbacks: Map<String, Value>,
}

impl Lowering {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(pointer, message));
    }

    fn document(&mut self, root: &mut Map<String, Value>) {
        if let Some(Value::Object(callbacks)) = root
            .get("components")
            .and_then(|components| components.get("callbacks"))
        {
            self.callbacks = callbacks.clone();
        }
        if let Some(Value::Array(servers)) = root.get_mut("servers") {
            for (index, server) in servers.iter_mut().enumerate() {
                self.server(server, &format!("#/servers/{index}"));
            }
        }
        let path_items = root
            .get("components")
            .and_then(|components| components.get("pathItems"))
            .cloned();
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            // `openapiv3` has no `components/pathItems` (3.1): a path item that refers
            // to one is copied in.
            if let Some(Value::Object(path_items)) = &path_items {
                for item in paths.values_mut() {
                    let reference = item.get("$ref").and_then(Value::as_str).unwrap_or("");
                    if let Some(target) = component_entry(path_items, "pathItems", reference) {
                        *item = target.clone();
                    }
                }
            }
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &join_pointer("#/paths", path));
            }
        }
        if let Some(Value::Object(webhooks)) = root.get_mut("webhooks") {
            for (name, item) in webhooks.iter_mut() {
                self.path_item(item, &join_pointer("#/webhooks", name));
            }
        }
        // openapiv3 models 3.0, which has no webhooks, and keeps only `x-` keys.
        if let Some(webhooks) = root.shift_remove("webhooks") {
            root.insert(WEBHOOKS_KEY.into(), webhooks);
        }
        let Some(Value::Object(components)) = root.get_mut("components") else {
            return;
        };
        for (section, entries) in components.iter_mut() {
            let Value::Object(entries) = entries else {
                continue;
            };
            let base = join_pointer("#/components", section);
            for (name, entry) in entries.iter_mut() {
                let pointer = join_pointer(&base, name);
                match section.as_str() {
                    "schemas" => self.schema(entry, &pointer),
                    "parameters" | "headers" => self.parameter(entry, &pointer),
                    "requestBodies" => self.content_holder(entry, &pointer),
                    "responses" => self.response(entry, &pointer),
                    "pathItems" => self.path_item(entry, &pointer),
                    "callbacks" => self.callback(entry, &pointer),
                    "securitySchemes" => foreign_scheme_as_http(entry),
                    _ => {}
                }
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, pointer: &str) {
        let Value::Object(item) = item else { return };
        if let Some(Value::Array(servers)) = item.get_mut("servers") {
            for (index, server) in servers.iter_mut().enumerate() {
                self.server(
                    server,
                    &join_pointer(&join_pointer(pointer, "servers"), &index.to_string()),
                );
            }
        }
        for (key, value) in item.iter_mut() {
            let here = join_pointer(pointer, key);
            if key == "parameters" {
                self.parameter_list(value, &here);
            } else if crate::ir::HttpMethod::from_key(key).is_some() {
                self.operation(value, &here);
            }
        }
    }

    /// Server variables are strings; a number written for one (`port: 80`) is read as one.
    fn server(&mut self, server: &mut Value, pointer: &str) {
        let Some(Value::Object(variables)) = server.get_mut("variables") else {
            return;
        };
        for (name, variable) in variables.iter_mut() {
            let here = join_pointer(&join_pointer(pointer, "variables"), name);
            let Value::Object(variable) = variable else {
                continue;
            };
            let mut coerced = false;
            if let Some(default) = variable.get_mut("default") {
                coerced |= stringify(default);
            }
            if let Some(Value::Array(values)) = variable.get_mut("enum") {
                for value in values.iter_mut() {
                    coerced |= stringify(value);
                }
            }
            if coerced {
                self.warn(
                    &here,
                    "server variable values must be strings; numbers are read as text",
                );
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, pointer: &str) {
        let Value::Object(operation) = operation else {
            return;
        };
        // 3.1 makes `responses` optional; `openapiv3` needs the (empty) map.
        operation
            .entry("responses")
            .or_insert_with(|| Value::Object(Map::new()));
        for (key, value) in operation.iter_mut() {
            let here = join_pointer(pointer, key);
            match key.as_str() {
                "parameters" => self.parameter_list(value, &here),
                "requestBody" => self.content_holder(value, &here),
                "responses" => {
                    if let Value::Object(responses) = value {
                        for (status, response) in responses.iter_mut() {
                            self.response(response, &join_pointer(&here, status));
                        }
                    }
                }
                "callbacks" => {
                    if let Value::Object(callbacks) = value {
                        callbacks.retain(|name, callback| {
                            self.inline_callback(callback, &join_pointer(&here, name))
                        });
                        for (name, callback) in callbacks.iter_mut() {
                            self.callback(callback, &join_pointer(&here, name));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `openapiv3` reads an operation's callbacks only as written out: one written as a
    /// `$ref` to `components/callbacks` is copied in. Says whether to keep it; one that
    /// is not an object, or whose reference leads nowhere, is left out with a warning.
    fn inline_callback(&mut self, callback: &mut Value, pointer: &str) -> bool {
        let reference = match callback {
            Value::Object(object) => match object.get("$ref") {
                Some(Value::String(reference)) => reference.clone(),
                Some(_) => String::new(),
                None => return true,
            },
            _ => {
                self.warn(pointer, "a callback must be an object; it is left out");
                return false;
            }
        };
        let target =
            component_entry(&self.callbacks, "callbacks", &reference).filter(|t| t.is_object());
        match target {
            Some(target) => {
                *callback = target.clone();
                true
            }
            None => {
                self.warn(
                    pointer,
                    format!("callback $ref `{reference}` does not name a callback of `components/callbacks`; it is left out"),
                );
                false
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, pointer: &str) {
        if let Value::Object(expressions) = callback {
            for (expression, item) in expressions.iter_mut() {
                self.path_item(item, &join_pointer(pointer, expression));
            }
        }
    }

    fn parameter_list(&mut self, list: &mut Value, pointer: &str) {
        if let Value::Array(parameters) = list {
            for (index, parameter) in parameters.iter_mut().enumerate() {
                self.parameter(parameter, &join_pointer(pointer, &index.to_string()));
            }
        }
    }

    /// A parameter or a header object: a `schema` or a `content` map.
    fn parameter(&mut self, parameter: &mut Value, pointer: &str) {
        let Value::Object(object) = parameter else {
            return;
        };
        if let Some(required) = object.get("required").filter(|r| !r.is_boolean()) {
            let reading = required.as_str() == Some("true");
            self.warn(
                &join_pointer(pointer, "required"),
                format!("`required` must be a boolean, not {required}; read as `{reading}`"),
            );
            object.insert("required".into(), Value::Bool(reading));
        }
        if let Some(schema) = object.get_mut("schema") {
            self.schema(schema, &join_pointer(pointer, "schema"));
        }
        self.content(object, pointer);
    }

    fn response(&mut self, response: &mut Value, pointer: &str) {
        let Value::Object(object) = response else {
            return;
        };
        if !object.contains_key("description") && !object.contains_key("$ref") {
            self.warn(
                pointer,
                "a response needs a `description`; an empty one is used",
            );
            object.insert("description".into(), Value::String(String::new()));
        }
        if let Some(Value::Object(headers)) = object.get_mut("headers") {
            let base = join_pointer(pointer, "headers");
            for (name, header) in headers.iter_mut() {
                self.parameter(header, &join_pointer(&base, name));
            }
        }
        self.content(object, pointer);
    }

    fn content_holder(&mut self, holder: &mut Value, pointer: &str) {
        if let Value::Object(object) = holder {
            self.content(object, pointer);
        }
    }

    fn content(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(content)) = object.get_mut("content") else {
            return;
        };
        let base = join_pointer(pointer, "content");
        for (media_type, media) in content.iter_mut() {
            if let Value::Object(media) = media {
                lift_item_schema(media_type, media);
                spell_out_form_encoding(media_type, media);
            }
            if let Some(schema) = media.get_mut("schema") {
                let here = join_pointer(&join_pointer(&base, media_type), "schema");
                self.schema(schema, &here);
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, pointer: &str) {
        match schema {
            Value::Bool(true) => {
                *schema = Value::Object(Map::new());
                return;
            }
            Value::Bool(false) => {
                *schema = serde_json::json!({ "not": {} });
                return;
            }
            Value::Object(_) => {}
            _ => {
                self.warn(
                    pointer,
                    "a schema must be an object or a boolean; treated as `{}`",
                );
                *schema = Value::Object(Map::new());
                return;
            }
        }
        let Value::Object(object) = schema else {
            return;
        };
        self.lower_keywords(object, pointer);
        self.children(object, pointer);
    }

    fn lower_keywords(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        self.repair_keyword_types(object, pointer);
        if object.contains_key("$ref") {
            self.wrap_ref_with_siblings(object);
        }
        if object.contains_key("nullable") && self.dialect == Dialect::V31 {
            self.warn(
                pointer,
                "`nullable` is OpenAPI 3.0 syntax; in 3.1 write `type: [T, \"null\"]` (accepted)",
            );
        }
        if let Some(constant) = object.remove("const") {
            object.insert("enum".into(), Value::Array(vec![constant]));
        }
        if let Some(Value::Array(examples)) = object.remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                object.entry("example").or_insert(first);
            }
        }
        for (exclusive, inclusive) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(bound) = object.get(exclusive).filter(|v| v.is_number()).cloned() {
                object.insert(inclusive.into(), bound);
                object.insert(exclusive.into(), Value::Bool(true));
            }
        }
        self.lower_type(object, pointer);
        self.lower_null_enum(object);
        for keyword in [
            "prefixItems",
            "patternProperties",
            "if",
            "then",
            "else",
            "dependentSchemas",
            "unevaluatedProperties",
        ] {
            if object.remove(keyword).is_some() {
                self.warn(
                    pointer,
                    format!("`{keyword}` has no Rust counterpart here and is ignored"),
                );
            }
        }
        if let Some(Value::Array(items)) = object.get("items") {
            let first = items.first().cloned().unwrap_or(Value::Object(Map::new()));
            self.warn(
                pointer,
                "tuple-style `items` array: the first item schema is used",
            );
            object.insert("items".into(), first);
        }
    }

    /// A keyword whose value has the wrong JSON type (`pattern: 0`, `maxLength: "10"`)
    /// is read as the type it must have when its text says so, else left out; either
    /// way with a warning.
    fn repair_keyword_types(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let mut ignored = Vec::new();
        for (keyword, value) in object.iter_mut() {
            let Some(expected) = keyword_type(keyword) else {
                continue;
            };
            if expected.accepts(value) {
                continue;
            }
            let here = join_pointer(pointer, keyword);
            match expected.coerce(value) {
                Some(coerced) => {
                    self.warn(
                        &here,
                        format!(
                            "`{keyword}` must be {}, not {value}; read as {coerced}",
                            expected.noun()
                        ),
                    );
                    *value = coerced;
                }
                None => {
                    self.warn(
                        &here,
                        format!(
                            "`{keyword}` must be {}, not {value}; ignored",
                            expected.noun()
                        ),
                    );
                    ignored.push(keyword.clone());
                }
            }
        }
        for keyword in ignored {
            object.remove(&keyword);
        }
    }

    /// `{$ref, description, nullable, ...}` keeps its siblings as an `allOf` wrapper,
    /// which `openapiv3` can carry and the resolver reads as "the referenced type".
    fn wrap_ref_with_siblings(&mut self, object: &mut Map<String, Value>) {
        let has_siblings = object
            .keys()
            .any(|key| !matches!(key.as_str(), "$ref" | "$comment" | "summary"));
        if !has_siblings {
            return;
        }
        let reference = object.remove("$ref").unwrap_or(Value::Null);
        object.remove("$comment");
        object.remove("summary");
        let target = serde_json::json!({ "$ref": reference });
        match object.get_mut("allOf") {
            Some(Value::Array(all_of)) => all_of.insert(0, target),
            _ => {
                object.insert("allOf".into(), Value::Array(vec![target]));
            }
        }
    }

    /// `type: [T, "null"]` -> `type: T` + `nullable`; several types -> `anyOf`.
    fn lower_type(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let types: Vec<String> = match object.get("type") {
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            Some(Value::String(single)) if single == "null" => vec!["null".to_owned()],
            _ => return,
        };
        let nullable = types.iter().any(|t| t == "null");
        let mut concrete: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
        concrete.dedup();
        object.remove("type");
        if nullable {
            object.insert("nullable".into(), Value::Bool(true));
        }
        match concrete.len() {
            0 => {
                object.insert(NULL_TYPE_EXTENSION.into(), Value::Bool(true));
            }
            1 => {
                object.insert("type".into(), Value::String(concrete.remove(0)));
            }
            _ => {
                let branches = concrete
                    .iter()
                    .map(|ty| Value::Object(split_branch(object, ty)))
                    .collect();
                if object.contains_key("anyOf") || object.contains_key("oneOf") {
                    self.warn(
                        pointer,
                        "a type array beside anyOf/oneOf: the type array is used",
                    );
                    object.remove("oneOf");
                }
                object.insert("anyOf".into(), Value::Array(branches));
            }
        }
    }

    fn lower_null_enum(&mut self, object: &mut Map<String, Value>) {
        let Some(Value::Array(values)) = object.get_mut("enum") else {
            return;
        };
        if !values.iter().any(Value::is_null) {
            return;
        }
        values.retain(|value| !value.is_null());
        let only_null = values.is_empty();
        object.insert("nullable".into(), Value::Bool(true));
        if only_null {
            object.remove("enum");
            if !object.contains_key("type") {
                object.insert(NULL_TYPE_EXTENSION.into(), Value::Bool(true));
            }
        }
    }

    fn children(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        self.lift_boolean_required(object, pointer);
        for (key, value) in object.iter_mut() {
            let here = join_pointer(pointer, key);
            match key.as_str() {
                "properties" | "$defs" | "definitions" => {
                    if let Value::Object(properties) = value {
                        for (name, schema) in properties.iter_mut() {
                            self.schema(schema, &join_pointer(&here, name));
                        }
                    }
                }
                "required" if !value.is_array() => {
                    self.warn(
                        &here,
                        "`required` must be a list of property names; ignored",
                    );
                    *value = Value::Array(Vec::new());
                }
                "items" | "not" => self.schema(value, &here),
                "additionalProperties" if value.is_object() => self.schema(value, &here),
                "allOf" | "anyOf" | "oneOf" => {
                    if let Value::Array(branches) = value {
                        for (index, schema) in branches.iter_mut().enumerate() {
                            self.schema(schema, &join_pointer(&here, &index.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

impl Lowering {
    /// JSON Schema draft 3 wrote `required: true` on the property itself; the property
    /// joins its parent's `required` list instead.
    fn lift_boolean_required(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(properties)) = object.get_mut("properties") else {
            return;
        };
        let mut lifted = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Some(property) = property.as_object_mut() else {
                continue;
            };
            let Some(Value::Bool(required)) = property.get("required").cloned() else {
                continue;
            };
            property.remove("required");
            let here = join_pointer(&join_pointer(pointer, "properties"), name);
            self.warn(
                &join_pointer(&here, "required"),
                "`required: true` on a property is JSON Schema draft 3; read as the parent's `required` list",
            );
            if required {
                lifted.push(Value::String(name.clone()));
            }
        }
        if lifted.is_empty() {
            return;
        }
        match object.get_mut("required") {
            Some(Value::Array(required)) => required.extend(lifted),
            _ => {
                object.insert("required".into(), Value::Array(lifted));
            }
        }
    }
}

/// The JSON type a schema keyword's value must have, for the keywords `openapiv3` reads
/// with a fixed type.
#[derive(Clone, Copy)]
enum KeywordType {
    Text,
    /// Text only for humans: a number written there is kept as its text.
    Prose,
    Count,
    Number,
    Flag,
}

/// The type of a security scheme openapiv3 does not know (3.1's `mutualTLS`, or one no
/// version has), kept in an `x-` key of an HTTP scheme standing in for it: resolve
/// reads it back and warns that the client cannot apply it, where openapiv3 would reject
/// the whole document.
fn foreign_scheme_as_http(scheme: &mut Value) {
    let Value::Object(scheme) = scheme else {
        return;
    };
    let known = ["apiKey", "http", "oauth2", "openIdConnect"];
    let kind = match scheme.get("type") {
        Some(Value::String(kind)) if known.contains(&kind.as_str()) => return,
        Some(Value::String(kind)) => kind.clone(),
        _ if scheme.contains_key("$ref") => return,
        _ => "no type".to_owned(),
    };
    let description = scheme.get("description").cloned();
    scheme.clear();
    scheme.insert("type".into(), "http".into());
    scheme.insert("scheme".into(), "none".into());
    scheme.insert(FOREIGN_SCHEME_KEY.into(), kind.into());
    if let Some(description) = description {
        scheme.insert("description".into(), description);
    }
}

/// Where `foreign_scheme_as_http` keeps a scheme's own type.
pub const FOREIGN_SCHEME_KEY: &str = "x-codegen-scheme-type";

/// The `style` and `explode` of a form body's property encoding as the specification
/// defaults them, where the document wrote one of the two: `openapiv3` reads an absent
/// `explode` as `false`, where `style: form` means `true`. An encoding that names
/// neither is left so: the property then follows the bracket convention.
fn spell_out_form_encoding(media_type: &str, media: &mut Map<String, Value>) {
    if crate::ir::media_essence(media_type) != "application/x-www-form-urlencoded" {
        return;
    }
    let Some(Value::Object(encodings)) = media.get_mut("encoding") else {
        return;
    };
    for encoding in encodings.values_mut() {
        let Value::Object(encoding) = encoding else {
            continue;
        };
        match (
            encoding.contains_key("style"),
            encoding.contains_key("explode"),
        ) {
            (false, true) => {
                encoding.insert("style".into(), Value::from("form"));
            }
            (true, false) if encoding.get("style") == Some(&Value::from("form")) => {
                encoding.insert("explode".into(), Value::Bool(true));
            }
            _ => {}
        }
    }
}

/// The schema of one item of a stream put where a media type's schema goes: 3.2's
/// `itemSchema` (for an event stream, the `contentSchema` or schema of its `data`), or the
/// `contentSchema` of 3.1's string schema of an event stream. Resolve reads the schema of
/// an event stream or JSON Lines media type as an item's.
fn lift_item_schema(media_type: &str, media: &mut Map<String, Value>) {
    use crate::ir::Framing;
    let Some(framing) = Framing::of(media_type) else {
        return;
    };
    let events = framing == Framing::ServerSentEvents;
    let data_schema = |schema: &Value| -> Option<Value> {
        let schema = schema.as_object()?;
        if let Some(content) = schema.get("contentSchema") {
            return Some(content.clone());
        }
        let data = schema.get("properties")?.get("data")?;
        Some(data.get("contentSchema").unwrap_or(data).clone())
    };
    if let Some(item) = media.remove("itemSchema") {
        let item = match events {
            true => data_schema(&item).unwrap_or_else(|| serde_json::json!({"type": "string"})),
            false => item,
        };
        media.insert("schema".into(), item);
    } else if let (true, Some(schema)) = (events, media.get("schema")) {
        if let Some(content) = schema.get("contentSchema").cloned() {
            media.insert("schema".into(), content);
        }
    }
}

fn keyword_type(keyword: &str) -> Option<KeywordType> {
    Some(match keyword {
        "pattern" | "format" => KeywordType::Text,
        "title" | "description" => KeywordType::Prose,
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            KeywordType::Count
        }
        "minimum" | "maximum" | "multipleOf" => KeywordType::Number,
        "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems" => KeywordType::Flag,
        _ => return None,
    })
}

impl KeywordType {
    fn accepts(self, value: &Value) -> bool {
        match self {
            KeywordType::Text | KeywordType::Prose => value.is_string(),
            KeywordType::Count => value.is_u64(),
            KeywordType::Number => value.is_number(),
            KeywordType::Flag => value.is_boolean(),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            KeywordType::Text | KeywordType::Prose => "a string",
            KeywordType::Count => "a non-negative integer",
            KeywordType::Number => "a number",
            KeywordType::Flag => "a boolean",
        }
    }

    /// The value as this type, when its text says it unambiguously.
    fn coerce(self, value: &Value) -> Option<Value> {
        let text = match value {
            Value::String(text) => text.trim().to_owned(),
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => return None,
        };
        match self {
            KeywordType::Prose => Some(Value::String(text)),
            KeywordType::Text => None,
            KeywordType::Count => match value.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => {
                    Some(Value::from(n as u64))
                }
                _ => text.parse::<u64>().ok().map(Value::from),
            },
            KeywordType::Number => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            KeywordType::Flag => match text.as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
        }
    }
}

/// The entry of `components/<section>` (given as `entries`) that `reference` names, when
/// it is written out rather than a reference itself.
fn component_entry<'m>(
    entries: &'m Map<String, Value>,
    section: &str,
    reference: &str,
) -> Option<&'m Value> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    entries
        .get(&unescape_token(name))
        .filter(|target| target.get("$ref").is_none())
}

/// Turns a number or boolean into its text; says whether it did.
fn stringify(value: &mut Value) -> bool {
    match value {
        Value::Number(_) | Value::Bool(_) => {
            *value = Value::String(value.to_string());
            true
        }
        _ => false,
    }
}

/// One branch of a multi-type schema: the type plus the keywords that belong to it.
fn split_branch(object: &mut Map<String, Value>, ty: &str) -> Map<String, Value> {
    let keywords: &[&str] = match ty {
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "string" => &["format", "pattern", "minLength", "maxLength"],
        "integer" | "number" => &["format", "minimum", "maximum", "multipleOf"],
        _ => &[],
    };
    let mut branch = Map::new();
    branch.insert("type".into(), Value::String(ty.to_owned()));
    for keyword in keywords {
        if let Some(value) = object.get(*keyword) {
            branch.insert((*keyword).to_owned(), value.clone());
        }
    }
    branch
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lower(schema: Value) -> (Value, Vec<Diagnostic>) {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"S": schema}}
        });
        let diagnostics = normalize("t.json", &mut document).unwrap();
        (document["components"]["schemas"]["S"].clone(), diagnostics)
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        let (schema, _) = lower(json!({"type": ["string", "null"], "format": "date-time"}));
        assert_eq!(
            schema,
            json!({"format": "date-time", "nullable": true, "type": "string"})
        );
    }

    #[test]
    fn several_types_become_any_of() {
        let (schema, _) = lower(json!({"type": ["string", "integer"]}));
        assert_eq!(
            schema["anyOf"],
            json!([{"type": "string"}, {"type": "integer"}])
        );
        assert!(schema.get("type").is_none());
    }

    #[test]
    fn const_null_enum_and_exclusive_bounds() {
        let (schema, _) = lower(json!({"const": "fixed"}));
        assert_eq!(schema["enum"], json!(["fixed"]));
        let (schema, _) = lower(json!({"type": "string", "enum": ["a", null]}));
        assert_eq!(schema["enum"], json!(["a"]));
        assert_eq!(schema["nullable"], json!(true));
        let (schema, _) = lower(json!({"type": "integer", "exclusiveMinimum": 0}));
        assert_eq!(schema["minimum"], json!(0));
        assert_eq!(schema["exclusiveMinimum"], json!(true));
    }

    #[test]
    fn null_type_is_marked() {
        let (schema, _) = lower(json!({"type": "null"}));
        assert_eq!(schema[NULL_TYPE_EXTENSION], json!(true));
        assert_eq!(schema["nullable"], json!(true));
    }

    #[test]
    fn property_named_like_a_keyword_is_left_alone() {
        let (schema, _) = lower(json!({
            "type": "object",
            "properties": {"type": {"type": ["string", "null"]}, "const": {"type": "string"}}
        }));
        assert_eq!(
            schema["properties"]["type"],
            json!({"nullable": true, "type": "string"})
        );
        assert_eq!(schema["properties"]["const"], json!({"type": "string"}));
    }

    #[test]
    fn ref_with_siblings_keeps_them_in_an_all_of() {
        let (schema, _) = lower(json!({"$ref": "#/components/schemas/T", "description": "d"}));
        assert_eq!(
            schema,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
    }

    #[test]
    fn three_zero_nullable_in_a_three_one_document_is_a_warning() {
        let (schema, diagnostics) = lower(json!({"type": "string", "nullable": true}));
        assert_eq!(schema["nullable"], json!(true));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].location,
            Location::Pointer("#/components/schemas/S".into())
        );
    }

    #[test]
    fn unsupported_versions_say_what_is_supported() {
        let mut swagger = json!({"swagger": "2.0"});
        let err = normalize("old.json", &mut swagger).unwrap_err();
        assert!(err.message.contains("Swagger 2.0"), "{err}");
        let mut future = json!({"openapi": "4.0.0"});
        let err = normalize("new.json", &mut future).unwrap_err();
        assert!(err.message.contains("3.0.x and 3.1.x"), "{err}");
    }

    #[test]
    fn small_faults_of_real_documents_are_repaired_with_a_warning() {
        let mut document = json!({
            "openapi": "3.0.0",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "http://h:{port}", "variables": {"port": {"default": 80, "enum": [80, 443]}}}],
            "paths": {"/a": {"get": {
                "parameters": [{"name": "q", "in": "query", "required": "optional", "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"offset": {"type": "number", "required": true}}
                }}}},
                "responses": {"200": {"content": {}}}
            }}}
        });
        let diagnostics = normalize("t.json", &mut document).unwrap();
        assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
        let variable = &document["servers"][0]["variables"]["port"];
        assert_eq!(variable["default"], json!("80"));
        assert_eq!(variable["enum"], json!(["80", "443"]));
        let get = &document["paths"]["/a"]["get"];
        assert_eq!(get["parameters"][0]["required"], json!(false));
        let schema = &get["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(schema["required"], json!(["offset"]));
        assert!(schema["properties"]["offset"].get("required").is_none());
        assert_eq!(get["responses"]["200"]["description"], json!(""));
    }

    #[test]
    fn path_items_and_callbacks_written_as_refs_to_components_are_copied_in() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"$ref": "#/components/pathItems/A"},
                "/b": {"post": {"callbacks": {
                    "done": {"$ref": "#/components/callbacks/Done"},
                    "gone": {"$ref": "#/components/callbacks/Gone"}
                }}}
            },
            "components": {
                "pathItems": {"A": {"get": {"operationId": "getA"}}},
                "callbacks": {"Done": {"{$request.body#/url}": {"post": {}}}}
            }
        });
        let diagnostics = normalize("t.json", &mut document).unwrap();
        assert_eq!(document["paths"]["/a"]["get"]["operationId"], "getA");
        let callbacks = &document["paths"]["/b"]["post"]["callbacks"];
        assert!(callbacks["done"]["{$request.body#/url}"]["post"].is_object());
        assert!(callbacks.get("gone").is_none());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert!(diagnostics[0].message.contains("Gone"), "{diagnostics:#?}");
    }

    #[test]
    fn keywords_of_the_wrong_type_are_read_as_their_type_or_ignored() {
        let (schema, diagnostics) = lower(json!({
            "type": "string",
            "pattern": 0,
            "maxLength": "12",
            "minLength": 2.0,
            "description": 42,
            "deprecated": "true",
            "minimum": "low"
        }));
        assert_eq!(schema.get("pattern"), None);
        assert_eq!(schema["maxLength"], json!(12));
        assert_eq!(schema["minLength"], json!(2));
        assert_eq!(schema["description"], json!("42"));
        assert_eq!(schema["deprecated"], json!(true));
        assert_eq!(schema.get("minimum"), None);
        assert_eq!(diagnostics.len(), 6, "{diagnostics:#?}");
    }
}
