//! What a user shapes in the generated crate, read from `codegen.toml` or built in code,
//! and applied to the IR between [`crate::resolve`] and [`crate::emit`]: the operations
//! kept (and the types they reach), type and field names, types replaced by the user's
//! own, extra derives and attributes, extra dependencies of the crate.
//!
//! ```toml
//! derives = ["Eq", "Hash"]              # every type that can have them
//! attributes = ["#[non_exhaustive]"]
//! tag-features = true                   # a cargo feature per tag, all on by default
//!
//! [types.Pet]                           # a component schema's name, or a Rust type name
//! rename = "Animal"
//! fields = { petType = "kind" }         # wire name = Rust field name
//! derives = ["schemars::JsonSchema"]
//!
//! [types.Money]
//! replace = "rust_decimal::Decimal"     # not generated; this type is used instead
//!
//! [operations.include]                  # keep only these (any of the lists)
//! tags = ["pets"]
//! [operations.exclude]                  # then leave these out
//! operations = ["deletePet"]            # by operationId
//! paths = ["/admin"]                    # by path prefix
//!
//! [dependencies]                        # added to the generated Cargo.toml
//! rust_decimal = { version = "1", features = ["serde"] }
//!
//! overlays = ["omni.overlay.yaml"]      # OpenAPI Overlays, applied in order (paths
//!                                       # relative to this file)
//! docs-url = "https://docs.omni.co"     # root-relative links in the prose point here
//!
//! [package]                             # the generated manifest's metadata
//! description = "Client for the Pet Store"
//! license = "MIT OR Apache-2.0"
//! repository = "https://github.com/acme/pets-client"
//! readme = "README.md"                  # relative to the crate
//! keywords = ["pets"]
//! publish = true                        # `publish = false` unless set
//! docs-rs = { all-features = true }     # [package.metadata.docs.rs]
//!
//! [formats]                             # strings of these formats as Rust types
//! date-time = "chrono"                  # or "time"
//! date = "chrono"                       # or "time"
//! uuid = "uuid"
//! uri = "url"
//! lenient = true                        # a value breaking its format is kept as text
//! ```

use crate::diagnostics::{Error, Location};
use crate::ir::{Api, PerType, TypeId, TypeKind, TypeRef};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The user's settings. `Settings::default()` generates the crate the document alone
/// describes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// Derives for every type (those a type's contents rule out, such as `Eq` on one
    /// holding a float, are left out for it).
    #[serde(default)]
    pub derives: Vec<String>,
    /// Outer attributes for every type.
    #[serde(default)]
    pub attributes: Vec<String>,
    /// Settings of one type, by its component schema's name or its Rust name.
    #[serde(default)]
    pub types: BTreeMap<String, TypeSettings>,
    #[serde(default)]
    pub operations: Selection,
    /// Lines of the generated manifest's `[dependencies]`, for replacement types and
    /// derives from other crates.
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub formats: Formats,
    /// One cargo feature per tag (per operations module), all on by default: a build
    /// with some of them compiles only their operations and the types those reach.
    /// On Asana's document (49 tags, 70,000 generated lines) `cargo check` of the crate
    /// takes 2.9 s with every feature and 0.7 s with `tasks` alone; `cargo build` 4.3 s
    /// and 0.95 s. Gating the operations alone saved a quarter: the types are the bulk.
    #[serde(default)]
    pub tag_features: bool,
    /// The header a call's idempotency key goes in (`Idempotency-Key` when unset), as
    /// the API names it; `ClientBuilder::idempotency_header` overrides it at run time.
    #[serde(default)]
    pub idempotency_header: Option<String>,
    /// OpenAPI Overlay files applied, in order, to the document before anything else
    /// reads it; relative paths are relative to the settings file (see
    /// [`Settings::read_overlays`]).
    #[serde(default)]
    pub overlays: Vec<std::path::PathBuf>,
    /// The API's documentation site (`https://docs.omni.co`): root-relative links in the
    /// document's prose (`](/api/authentication)`) are made absolute against it.
    #[serde(default)]
    pub docs_url: Option<String>,
    /// The generated manifest's `[package]` metadata, for a crate others depend on.
    #[serde(default)]
    pub package: Package,
    /// A command-line tool generated beside the client (`[cli]`), when set.
    #[serde(default)]
    pub cli: Option<CliSettings>,
}

/// The command-line tool generated beside the client: what a person at a terminal types
/// and where it keeps their profiles. Every key has a default from `bin`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CliSettings {
    /// The command's name (by default the client crate's name without `-client`).
    pub bin: Option<String>,
    /// The package name (by default `{bin}-cli`).
    pub crate_name: Option<String>,
    /// The prefix of its environment variables: `{PREFIX}_API_TOKEN`, `_BASE_URL`, ...
    /// (by default `bin` in upper case).
    pub env_prefix: Option<String>,
    /// The folder of its profiles file under the user's configuration folder (by
    /// default `{bin}-cli`).
    pub config_dir: Option<String>,
    /// Hosts a token may be sent to besides those of the document's servers; a leading
    /// `.` allows every subdomain (`.omniapp.co`).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// The OAuth client id `login` presents (by default `{bin}-cli`).
    pub oauth_client_id: Option<String>,
}

/// What the generated `Cargo.toml` says of the package besides its name and version.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Package {
    /// By default `Client for the <title>, generated from its OpenAPI document`.
    pub description: Option<String>,
    pub license: Option<String>,
    pub repository: Option<String>,
    pub homepage: Option<String>,
    pub documentation: Option<String>,
    /// A path relative to the crate (a README beside the generated code is kept).
    pub readme: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    /// Whether `cargo publish` may publish the crate (`publish = false` unless set).
    #[serde(default)]
    pub publish: bool,
    /// `[package.metadata.docs.rs]`, as written (`all-features = true`, say).
    pub docs_rs: Option<toml::Table>,
}

/// Which string formats become Rust types; a format left out stays a `String`. The
/// crates named are added to the generated manifest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Formats {
    pub date_time: Option<TimeCrate>,
    pub date: Option<TimeCrate>,
    pub uuid: Option<UuidCrate>,
    pub uri: Option<UrlCrate>,
    /// A value that breaks its format decodes as `runtime::Lenient::Invalid(text)`
    /// (and is written back as that text) instead of failing the whole reply; each
    /// mapped type `T` is then `runtime::Lenient<T>`.
    #[serde(default)]
    pub lenient: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeCrate {
    Chrono,
    Time,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UuidCrate {
    Uuid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UrlCrate {
    Url,
}

impl Formats {
    /// Whether any format becomes a Rust type.
    pub fn chooses_any(&self) -> bool {
        self.date_time.is_some() || self.date.is_some() || self.uuid.is_some() || self.uri.is_some()
    }
    /// The Rust type of a string of `format`, when one is chosen for it.
    pub fn type_of(&self, format: &str) -> Option<crate::ir::Formatted> {
        use crate::ir::FormatType;
        let format = match (format, self) {
            (
                "date-time",
                Formats {
                    date_time: Some(TimeCrate::Chrono),
                    ..
                },
            ) => FormatType::ChronoDateTime,
            (
                "date-time",
                Formats {
                    date_time: Some(TimeCrate::Time),
                    ..
                },
            ) => FormatType::TimeDateTime,
            (
                "date",
                Formats {
                    date: Some(TimeCrate::Chrono),
                    ..
                },
            ) => FormatType::ChronoDate,
            (
                "date",
                Formats {
                    date: Some(TimeCrate::Time),
                    ..
                },
            ) => FormatType::TimeDate,
            (
                "uuid",
                Formats {
                    uuid: Some(UuidCrate::Uuid),
                    ..
                },
            ) => FormatType::Uuid,
            (
                "uri",
                Formats {
                    uri: Some(UrlCrate::Url),
                    ..
                },
            ) => FormatType::Url,
            _ => return None,
        };
        Some(crate::ir::Formatted {
            format,
            lenient: self.lenient,
        })
    }

    /// The manifest lines of the crates the chosen types come from.
    fn dependency_lines(&self) -> Vec<(&'static str, &'static str)> {
        let times = [self.date_time, self.date];
        let mut lines = Vec::new();
        if times.contains(&Some(TimeCrate::Chrono)) {
            lines.push((
                "chrono",
                r#"{ version = "0.4.31", default-features = false, features = ["std", "serde"] }"#,
            ));
        }
        if times.contains(&Some(TimeCrate::Time)) {
            lines.push((
                "time",
                r#"{ version = "0.3.30", features = ["serde-human-readable"] }"#,
            ));
        }
        if self.uuid.is_some() {
            lines.push(("uuid", r#"{ version = "1.4", features = ["serde"] }"#));
        }
        if self.uri.is_some() {
            lines.push(("url", r#"{ version = "2.4", features = ["serde"] }"#));
        }
        lines
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TypeSettings {
    #[serde(default)]
    pub derives: Vec<String>,
    #[serde(default)]
    pub attributes: Vec<String>,
    /// The Rust name of the type.
    pub rename: Option<String>,
    /// Rust names of fields, by property (wire) name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// A Rust type used instead of generating this one (`rust_decimal::Decimal`).
    pub replace: Option<String>,
}

/// Which operations the crate has: those `include` names (all when it names none), less
/// those `exclude` names. The types no kept operation reaches are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default)]
    pub include: Filter,
    #[serde(default)]
    pub exclude: Filter,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Operations with one of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Operations with one of these `operationId`s.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Operations whose path starts with one of these.
    #[serde(default)]
    pub paths: Vec<String>,
}

impl Filter {
    fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty() && self.paths.is_empty()
    }

    fn matches(&self, operation: &crate::ir::Operation) -> bool {
        operation.tags.iter().any(|tag| self.tags.contains(tag))
            || self.operations.contains(&operation.operation_id)
            || (self.paths.iter()).any(|prefix| operation.path.starts_with(prefix.as_str()))
    }
}

impl Settings {
    /// Reads a `codegen.toml`; an unknown key or a value of the wrong type is an error at
    /// its line and column of `file`.
    pub fn from_toml(file: &str, text: &str) -> Result<Settings, Error> {
        toml::from_str(text).map_err(|err| toml_error(file, text, err.span(), err.message()))
    }

    /// Reads and parses the overlays the settings name, relative paths taken from
    /// `folder` (the settings file's).
    pub fn read_overlays(
        &self,
        folder: &std::path::Path,
    ) -> Result<Vec<crate::overlay::Overlay>, Error> {
        self.read_overlays_with(folder, |name| std::fs::read_to_string(folder.join(name)))
    }

    /// [`Settings::read_overlays`], each file's text given by `read` from its name as
    /// the settings write it (from git, say); errors name the file as `folder` joined
    /// with that name.
    pub fn read_overlays_with(
        &self,
        folder: &std::path::Path,
        mut read: impl FnMut(&std::path::Path) -> std::io::Result<String>,
    ) -> Result<Vec<crate::overlay::Overlay>, Error> {
        (self.overlays.iter())
            .map(|name| {
                let label = folder.join(name).display().to_string();
                let text = read(name)
                    .map_err(|err| Error::new(&label, Location::Document, err.to_string()))?;
                crate::overlay::Overlay::parse(&label, &text)
            })
            .collect()
    }

    /// Adds a derive to every type.
    pub fn derive(mut self, derive: impl Into<String>) -> Self {
        self.derives.push(derive.into());
        self
    }

    /// Adds an outer attribute to every type.
    pub fn attribute(mut self, attribute: impl Into<String>) -> Self {
        self.attributes.push(attribute.into());
        self
    }

    /// The settings of one type, by schema or Rust name.
    pub fn type_settings(mut self, name: impl Into<String>, settings: TypeSettings) -> Self {
        self.types.insert(name.into(), settings);
        self
    }

    /// Keeps only the operations with this tag (and any others included).
    pub fn include_tag(mut self, tag: impl Into<String>) -> Self {
        self.operations.include.tags.push(tag.into());
        self
    }

    /// Keeps only the operation with this `operationId` (and any others included).
    pub fn include_operation(mut self, operation_id: impl Into<String>) -> Self {
        self.operations.include.operations.push(operation_id.into());
        self
    }

    /// Keeps only the operations under this path prefix (and any others included).
    pub fn include_path(mut self, prefix: impl Into<String>) -> Self {
        self.operations.include.paths.push(prefix.into());
        self
    }

    /// Leaves out the operations with this tag.
    pub fn exclude_tag(mut self, tag: impl Into<String>) -> Self {
        self.operations.exclude.tags.push(tag.into());
        self
    }

    /// Leaves out the operation with this `operationId`.
    pub fn exclude_operation(mut self, operation_id: impl Into<String>) -> Self {
        self.operations.exclude.operations.push(operation_id.into());
        self
    }

    /// Leaves out the operations under this path prefix.
    pub fn exclude_path(mut self, prefix: impl Into<String>) -> Self {
        self.operations.exclude.paths.push(prefix.into());
        self
    }

    /// Adds a dependency to the generated manifest (`version` as Cargo reads it).
    pub fn dependency(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.dependencies
            .insert(name.into(), toml::Value::String(version.into()));
        self
    }

    /// Gives the crate one cargo feature per tag.
    pub fn tag_features(mut self, on: bool) -> Self {
        self.tag_features = on;
        self
    }

    /// The header idempotency keys go in.
    pub fn idempotency_header(mut self, name: impl Into<String>) -> Self {
        self.idempotency_header = Some(name.into());
        self
    }

    /// Reads strings of the formats `formats` chooses into Rust types.
    pub fn formats(mut self, formats: Formats) -> Self {
        self.formats = formats;
        self
    }

    /// The manifest lines of [`Settings::dependencies`] and of the crates the chosen
    /// formats need (unless the user lists that crate).
    pub fn dependency_lines(&self) -> Vec<String> {
        let formats = (self.formats.dependency_lines().into_iter())
            .filter(|(name, _)| !self.dependencies.contains_key(*name))
            .map(|(name, value)| format!("{name} = {value}"));
        let mut lines: Vec<String> = (self.dependencies.iter())
            .map(|(name, value)| format!("{name} = {value}"))
            .chain(formats)
            .collect();
        lines.sort();
        lines
    }

    /// Applies the settings to the IR. A name the settings give that the document does
    /// not have, or text that is not Rust, is an error naming the setting.
    pub fn apply(&self, file: &str, api: &mut Api) -> Result<(), Error> {
        if *self == Settings::default() {
            return Ok(());
        }
        let fail = |message: String| Error::new(file, Location::Document, message);
        if let Some(name) = &self.idempotency_header {
            if !is_header_name(name) {
                return Err(fail(format!(
                    "settings: idempotency-header: `{name}` is not a header name"
                )));
            }
        }
        self.select_operations(api);
        for (key, settings) in &self.types {
            let id = find_type(api, key).ok_or_else(|| {
                fail(format!(
                    "settings: [types.{key}]: no schema or type of that name (among those the \
                     kept operations reach)"
                ))
            })?;
            apply_type(api, id, key, settings).map_err(fail)?;
        }
        for derive in &self.derives {
            parse_path(derive).map_err(|why| fail(format!("settings: derives: {why}")))?;
        }
        for attribute in self
            .attributes
            .iter()
            .chain(self.types.values().flat_map(|t| &t.attributes))
        {
            parse_attribute(attribute)
                .map_err(|why| fail(format!("settings: attributes: {why}")))?;
        }
        let everywhere = self.derives.clone();
        // Only derives for every type need to know what each type allows.
        let capable: Option<PerType<Capabilities>> = (!everywhere.is_empty())
            .then(|| api.type_ids().map(|id| capabilities(api, id)).collect());
        for (index, def) in api.types.iter_mut().enumerate() {
            let allowed = |derive: &&String| {
                (capable.as_ref()).map_or(true, |capable| capable[TypeId(index)].allows(derive))
            };
            let mut derives: Vec<String> = everywhere.iter().filter(allowed).cloned().collect();
            derives.append(&mut def.extra_derives);
            let mut attributes = self.attributes.clone();
            attributes.append(&mut def.extra_attributes);
            def.extra_derives = derives;
            def.extra_attributes = attributes;
        }
        crate::naming::note_prelude_taken(api);
        Ok(())
    }

    fn select_operations(&self, api: &mut Api) {
        let selection = &self.operations;
        if selection.include.is_empty() && selection.exclude.is_empty() {
            return;
        }
        api.operations.retain(|operation| {
            (selection.include.is_empty() || selection.include.matches(operation))
                && !selection.exclude.matches(operation)
        });
        let mut keep = PerType::new(api, false);
        // Webhooks are not operations: a selection keeps them all, and their types.
        let mut todo: Vec<TypeId> = (api.operations.iter())
            .flat_map(Api::operation_types)
            .chain(api.webhook_types())
            .collect();
        while let Some(id) = todo.pop() {
            if !std::mem::replace(&mut keep[id], true) {
                todo.extend(api.type_dependencies(id));
            }
        }
        api.retain_types(&keep);
    }
}

fn find_type(api: &Api, key: &str) -> Option<TypeId> {
    let component = format!(
        "#/components/schemas/{}",
        crate::json_pointer::escape_token(key)
    );
    (api.type_ids().find(|&id| api.ty(id).origin == component))
        .or_else(|| api.type_ids().find(|&id| api.ty(id).name == key))
}

/// An HTTP field name: one or more token characters (RFC 9110, 5.1).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && (name.bytes()).all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn apply_type(api: &mut Api, id: TypeId, key: &str, settings: &TypeSettings) -> Result<(), String> {
    let here = format!("settings: [types.{key}]");
    if let Some(name) = &settings.rename {
        syn::parse_str::<syn::Ident>(name)
            .map_err(|_| format!("{here}: rename: `{name}` is not a Rust identifier"))?;
        if (api.type_ids()).any(|other| other != id && api.ty(other).name == *name) {
            return Err(format!("{here}: rename: another type is called `{name}`"));
        }
        api.ty_mut(id).name = name.clone();
    }
    if let Some(path) = &settings.replace {
        syn::parse_str::<syn::Type>(path)
            .map_err(|_| format!("{here}: replace: `{path}` is not a Rust type"))?;
        api.ty_mut(id).kind = TypeKind::External(path.clone());
    }
    if !settings.fields.is_empty() {
        let TypeKind::Struct(s) = &mut api.ty_mut(id).kind else {
            return Err(format!("{here}: fields: the type is not a struct"));
        };
        for (wire_name, name) in &settings.fields {
            syn::parse_str::<syn::Ident>(name)
                .map_err(|_| format!("{here}: fields: `{name}` is not a Rust identifier"))?;
            if s.fields
                .iter()
                .any(|f| f.name == *name && f.wire_name != *wire_name)
            {
                return Err(format!("{here}: fields: another field is called `{name}`"));
            }
            let field = (s.fields.iter_mut())
                .find(|f| f.wire_name == *wire_name)
                .ok_or_else(|| format!("{here}: fields: the type has no property `{wire_name}`"))?;
            field.name = name.clone();
        }
    }
    for derive in &settings.derives {
        parse_path(derive).map_err(|why| format!("{here}: derives: {why}"))?;
    }
    let def = api.ty_mut(id);
    def.extra_derives = settings.derives.clone();
    def.extra_attributes = settings.attributes.clone();
    Ok(())
}

fn parse_path(text: &str) -> Result<syn::Path, String> {
    syn::parse_str::<syn::Path>(text).map_err(|_| format!("`{text}` is not a path to a derive"))
}

fn parse_attribute(text: &str) -> Result<(), String> {
    let tokens: proc_macro2::TokenStream = text
        .parse()
        .map_err(|_| format!("`{text}` is not an attribute"))?;
    syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens)
        .ok()
        .filter(|attributes| !attributes.is_empty())
        .map(|_| ())
        .ok_or_else(|| format!("`{text}` is not an outer attribute (`#[...]`)"))
}

/// Which std derives a type's contents allow: floats rule out `Eq`, `Hash` and `Ord`,
/// JSON values `Hash` and `Ord`. A type replaced by the user's is taken to allow all.
#[derive(Clone, Copy)]
struct Capabilities {
    eq: bool,
    hash: bool,
    ord: bool,
}

impl Capabilities {
    fn allows(&self, derive: &str) -> bool {
        match derive
            .trim_start_matches("::")
            .trim_start_matches("std::cmp::")
        {
            "Eq" => self.eq,
            "Hash" | "std::hash::Hash" => self.hash,
            "Ord" | "PartialOrd" => self.ord,
            _ => true,
        }
    }
}

fn capabilities(api: &Api, id: TypeId) -> Capabilities {
    let mut result = Capabilities {
        eq: true,
        hash: true,
        ord: true,
    };
    let mut seen = PerType::new(api, false);
    let mut todo = vec![id];
    while let Some(next) = todo.pop() {
        if std::mem::replace(&mut seen[next], true) {
            continue;
        }
        let def = api.ty(next);
        let mut leaves: Vec<&TypeRef> = def.kind.members().into_iter().map(|(ty, _)| ty).collect();
        if let TypeKind::Struct(crate::ir::Struct {
            additional: Some(additional),
            ..
        }) = &def.kind
        {
            leaves.push(&additional.value);
        }
        while let Some(ty) = leaves.pop() {
            match ty {
                TypeRef::Number(_) => {
                    result.eq = false;
                    result.hash = false;
                    result.ord = false;
                }
                TypeRef::Json | TypeRef::JsonObject => {
                    result.hash = false;
                    result.ord = false;
                }
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                    leaves.push(inner)
                }
                TypeRef::Named(other) => todo.push(*other),
                _ => {}
            }
        }
    }
    result
}

/// An error in a TOML file, at the line and column where `span` starts.
pub(crate) fn toml_error(
    file: &str,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> Error {
    let location = match span {
        Some(span) => line_column(text, span.start),
        None => Location::Document,
    };
    Error::new(file, location, message.trim_end())
}

/// The 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> Location {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Location::LineColumn { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_is_an_error_at_its_line_and_column() {
        let text = "derives = [\"Hash\"]\n\n[types.Pet]\nrenmae = \"Animal\"\n";
        let err = Settings::from_toml("codegen.toml", text).unwrap_err();
        assert_eq!(err.location, Location::LineColumn { line: 4, column: 1 });
        assert!(
            err.message.contains("unknown field `renmae`"),
            "{}",
            err.message
        );
        assert!(err.to_string().starts_with("codegen.toml:4:1: "), "{err}");
    }

    #[test]
    fn every_key_reads_into_its_field() {
        let text = r##"
derives = ["Hash"]
attributes = ["#[non_exhaustive]"]
idempotency-header = "X-Request-Key"
[types.Pet]
rename = "Animal"
fields = { petType = "kind" }
[types.Money]
replace = "rust_decimal::Decimal"
[operations.include]
tags = ["pets"]
[operations.exclude]
operations = ["deletePet"]
paths = ["/admin"]
[dependencies]
rust_decimal = { version = "1", features = ["serde"] }
[formats]
date-time = "time"
uri = "url"
"##;
        let settings = Settings::from_toml("codegen.toml", text).unwrap();
        let built = Settings::default()
            .derive("Hash")
            .attribute("#[non_exhaustive]")
            .type_settings(
                "Pet",
                TypeSettings {
                    rename: Some("Animal".to_owned()),
                    fields: [("petType".to_owned(), "kind".to_owned())].into(),
                    ..TypeSettings::default()
                },
            )
            .type_settings(
                "Money",
                TypeSettings {
                    replace: Some("rust_decimal::Decimal".to_owned()),
                    ..TypeSettings::default()
                },
            )
            .include_tag("pets")
            .exclude_operation("deletePet")
            .exclude_path("/admin");
        assert_eq!(settings.derives, built.derives);
        assert_eq!(settings.types, built.types);
        assert_eq!(settings.operations, built.operations);
        assert_eq!(
            settings.idempotency_header.as_deref(),
            Some("X-Request-Key")
        );
        assert_eq!(
            settings.formats,
            Formats {
                date_time: Some(TimeCrate::Time),
                uri: Some(UrlCrate::Url),
                ..Formats::default()
            }
        );
        // The user's lines, and those of the crates the formats need.
        let lines = settings.dependency_lines();
        let names: Vec<&str> = lines.iter().map(|l| l.split(' ').next().unwrap()).collect();
        assert_eq!(names, ["rust_decimal", "time", "url"]);
        assert!(lines[0].ends_with(r#"{ features = ["serde"], version = "1" }"#));
    }

    #[test]
    fn a_format_crate_not_offered_is_an_error_naming_the_choices() {
        let err = Settings::from_toml("codegen.toml", "[formats]\ndate = \"jiff\"\n").unwrap_err();
        assert_eq!(err.location, Location::LineColumn { line: 2, column: 8 });
        assert!(
            err.message.contains("`chrono` or `time`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn only_chosen_formats_become_types() {
        let formats = Formats {
            date: Some(TimeCrate::Chrono),
            lenient: true,
            ..Formats::default()
        };
        let date = formats.type_of("date").unwrap();
        assert_eq!(
            date.rust_path(),
            "crate::runtime::Lenient<::chrono::NaiveDate>"
        );
        assert_eq!(formats.type_of("date-time"), None);
        assert_eq!(formats.type_of("uuid"), None);
    }

    #[test]
    fn an_idempotency_header_that_is_no_header_name_is_an_error() {
        let document = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
        let (mut api, _) = crate::read_api("openapi.yaml", document, None).unwrap();
        let settings = Settings::default().idempotency_header("Idempotency Key");
        let err = settings.apply("codegen.toml", &mut api).unwrap_err();
        assert!(
            err.message
                .contains("`Idempotency Key` is not a header name"),
            "{err}"
        );
        let fine = Settings::default().idempotency_header("X-Request-Key");
        assert!(fine.apply("codegen.toml", &mut api).is_ok());
    }
}
