//! The files of a generated crate: manifest, crate root, generated modules, runtime.

use super::docs::inner_doc_attrs;
use super::operations::OperationModule;
use super::{examples, features, ident, mock, operations, security, servers, types, webhooks};
use crate::bug::Bug;
use crate::ir::{Api, PerType, TypeId};
use proc_macro2::TokenStream;
use quote::quote;

/// How the crate is named, how its files say they were made, and what its manifest adds.
#[derive(Debug, Clone, PartialEq)]
pub struct CrateInfo {
    /// The package name, e.g. `omni-client`.
    pub crate_name: String,
    /// The spec as generated files name it, e.g. `spec/openapi.yaml`.
    pub spec_label: String,
    /// The command that regenerates the crate, e.g. `cargo xtask codegen`.
    pub command: String,
    /// Whether the crate is its own workspace (so it builds wherever it is written,
    /// even inside another workspace's directory).
    pub standalone: bool,
    /// Lines the user's settings add to `[dependencies]` (`rust_decimal = "1"`).
    pub extra_dependencies: Vec<String>,
    /// The string formats read into Rust types (the runtime carries what they need).
    pub formats: crate::settings::Formats,
    /// One cargo feature per operations module, gating its operations and the types
    /// only they reach.
    pub tag_features: bool,
    /// The header idempotency keys go in by default (`Idempotency-Key` when `None`).
    pub idempotency_header: Option<String>,
    /// The crate's version; `None` takes the document's when it is semver, else 0.1.0.
    pub version: Option<String>,
    /// The manifest's `[package]` metadata.
    pub package: crate::settings::Package,
}

/// One file of the generated crate, relative to the crate directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// A file as emitted, before formatting.
#[derive(Debug)]
pub struct EmittedFile {
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug)]
pub enum Contents {
    /// Text written as it is (the manifest, the runtime).
    Text(String),
    /// Rust items for [`format`](crate::format) to print after `header` (comments) and
    /// the file's inner attributes; each chunk labelled by what it was emitted for; the
    /// texts of their doc markers.
    Rust {
        header: String,
        inner: TokenStream,
        chunks: Vec<(String, TokenStream)>,
        docs: super::docs::DocTexts,
    },
}

/// What emitting a [`Unit`] makes, for [`format`](crate::format) to print.
#[derive(Debug)]
pub enum Emitted {
    /// Items of `types.rs` (or its module docs alone), to print as one piece each.
    TypePieces {
        inner: TokenStream,
        chunks: Vec<(String, TokenStream)>,
        docs: super::docs::DocTexts,
    },
    /// A whole file; `None` for the examples of a document without examples.
    File(Option<EmittedFile>),
}

/// A printed [`Emitted`].
#[derive(Debug)]
pub enum Printed {
    /// The printed pieces of `types.rs`.
    TypePieces(Vec<String>),
    File(Option<GeneratedFile>),
}

/// The runtime, hand-written and tested once, copied into every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("auth.rs", include_str!("../../runtime/auth.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("codec.rs", include_str!("../../runtime/codec.rs")),
    ("enums.rs", include_str!("../../runtime/enums.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("events.rs", include_str!("../../runtime/events.rs")),
    ("form.rs", include_str!("../../runtime/form.rs")),
    ("hooks.rs", include_str!("../../runtime/hooks.rs")),
    ("object.rs", include_str!("../../runtime/object.rs")),
    ("pacing.rs", include_str!("../../runtime/pacing.rs")),
    ("paging.rs", include_str!("../../runtime/paging.rs")),
    ("params.rs", include_str!("../../runtime/params.rs")),
    ("query.rs", include_str!("../../runtime/query.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("lenient.rs", include_str!("../../runtime/lenient.rs")),
    ("timestamp.rs", include_str!("../../runtime/timestamp.rs")),
];

/// The mock's hand-written files, copied into `src/mock/` (cargo feature `mock`).
const MOCK_RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../mock-runtime/mod.rs")),
    ("expect.rs", include_str!("../../mock-runtime/expect.rs")),
    (
        "incoming.rs",
        include_str!("../../mock-runtime/incoming.rs"),
    ),
    ("macros.rs", include_str!("../../mock-runtime/macros.rs")),
    ("server.rs", include_str!("../../mock-runtime/server.rs")),
    ("text.rs", include_str!("../../mock-runtime/text.rs")),
];

/// The runtime files only the formats that need them carry (the last of [`RUNTIME`]).
const LENIENT: usize = RUNTIME.len() - 2;
const TIMESTAMP: usize = RUNTIME.len() - 1;

/// The runtime files a crate carries, by index into [`RUNTIME`], and the lines those
/// for formats add to the runtime's `mod.rs`.
struct RuntimeFiles {
    files: Vec<usize>,
    mod_lines: String,
}

impl RuntimeFiles {
    fn for_formats(formats: &crate::settings::Formats) -> Self {
        use crate::settings::TimeCrate;
        let mut files: Vec<usize> = (0..LENIENT).collect();
        let mut mod_lines = String::new();
        if formats.lenient && formats.chooses_any() {
            files.push(LENIENT);
            mod_lines.push_str("\nmod lenient;\npub use lenient::Lenient;\n");
        }
        if formats.date_time == Some(TimeCrate::Time) {
            files.push(TIMESTAMP);
            mod_lines.push_str("\nmod timestamp;\npub use timestamp::Timestamp;\n");
        }
        RuntimeFiles { files, mod_lines }
    }
}

/// The files of a generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Manifest,
    Root,
    Types,
    /// `operations/mod.rs`: the list of the per-tag files.
    OperationsIndex,
    /// One per-tag file, by index into [`Layout::modules`].
    Operations(usize),
    Servers,
    /// `security.rs`: the security schemes.
    Security,
    /// `webhooks.rs`, for a document with webhooks.
    Webhooks,
    Examples,
    /// `examples.json`, the data of [`Part::Examples`].
    ExampleData,
    Runtime(usize),
    /// `mock/operations/mod.rs`: the mock's per-tag files and their routes.
    MockIndex,
    /// One per-tag file of the mock, by index into [`Layout::modules`].
    Mock(usize),
    /// `mock/defaults.json`: the responses of calls no expectation answers.
    MockDefaults,
    /// A hand-written file of the mock, by index into [`MOCK_RUNTIME`].
    MockRuntime(usize),
}

/// What decides the crate's files: the API and how its operations are grouped. It
/// divides the crate into [`Unit`]s of work, emits each, and puts the printed units
/// together (see [`crate::pipeline`]).
pub struct Layout<'a> {
    api: &'a Api,
    settings: &'a CrateInfo,
    modules: Vec<OperationModule>,
    /// The types in the order `types.rs` gives them.
    type_order: Vec<TypeId>,
    /// Per type, the features that compile it, when the crate has features.
    type_gates: Option<PerType<Option<Vec<String>>>>,
    runtime: RuntimeFiles,
    has_examples: bool,
}

impl<'a> Layout<'a> {
    pub fn new(api: &'a Api, settings: &'a CrateInfo) -> Self {
        let modules = operations::operation_modules(api);
        let type_gates = (settings.tag_features).then(|| features::type_gates(api, &modules));
        Layout {
            api,
            settings,
            modules,
            type_order: types::file_order(api),
            type_gates,
            runtime: RuntimeFiles::for_formats(&settings.formats),
            has_examples: examples::has_examples(api),
        }
    }

    /// The items of the types at `positions` of `types.rs`, each under its feature.
    fn type_chunks(&self, types: &[TypeId]) -> Result<Vec<(String, TokenStream)>, Bug> {
        let mut chunks = types::type_items(self.api, types);
        let Some(gates) = &self.type_gates else {
            return Ok(chunks);
        };
        for ((_, tokens), &id) in chunks.iter_mut().zip(types) {
            if let Some(gate) = &gates[id] {
                let cfg = features::cfg_attribute(gate);
                *tokens = features::gate_items(std::mem::take(tokens), &cfg)?;
            }
        }
        Ok(chunks)
    }

    /// Every file, in order.
    fn parts(&self) -> Vec<Part> {
        let mut parts = vec![
            Part::Manifest,
            Part::Root,
            Part::Types,
            Part::OperationsIndex,
        ];
        parts.extend((0..self.modules.len()).map(Part::Operations));
        parts.extend([
            Part::Servers,
            Part::Security,
            Part::Webhooks,
            Part::Examples,
            Part::ExampleData,
        ]);
        parts.extend(self.runtime.files.iter().copied().map(Part::Runtime));
        parts.push(Part::MockIndex);
        parts.extend((0..self.modules.len()).map(Part::Mock));
        parts.push(Part::MockDefaults);
        parts.extend((0..MOCK_RUNTIME.len()).map(Part::MockRuntime));
        parts
    }

    fn path(&self, part: Part) -> String {
        match part {
            Part::Manifest => "Cargo.toml".to_owned(),
            Part::Root => "src/lib.rs".to_owned(),
            Part::Types => "src/types.rs".to_owned(),
            Part::OperationsIndex => "src/operations/mod.rs".to_owned(),
            Part::Operations(index) => format!("src/operations/{}.rs", self.modules[index].name),
            Part::Servers => "src/servers.rs".to_owned(),
            Part::Security => "src/security.rs".to_owned(),
            Part::Webhooks => "src/webhooks.rs".to_owned(),
            Part::Examples => "src/examples.rs".to_owned(),
            Part::ExampleData => "src/examples.json".to_owned(),
            Part::Runtime(index) => format!("src/runtime/{}", RUNTIME[index].0),
            Part::MockIndex => "src/mock/operations/mod.rs".to_owned(),
            Part::Mock(index) => format!("src/mock/operations/{}.rs", self.modules[index].name),
            Part::MockDefaults => "src/mock/defaults.json".to_owned(),
            Part::MockRuntime(index) => format!("src/mock/{}", MOCK_RUNTIME[index].0),
        }
    }

    /// One file, its Rust code as token streams; `None` for the examples module of a
    /// document without examples.
    fn emit(&self, part: Part) -> Option<EmittedFile> {
        let (api, settings) = (self.api, self.settings);
        // The file's items (`None`: no file), with the texts of their docs.
        let rust = |emit: &dyn Fn() -> Option<Vec<(String, TokenStream)>>| {
            let ((inner, chunks), docs) =
                super::docs::with_doc_texts(|| (self.inner_attrs(part), emit()));
            Some(EmittedFile {
                path: self.path(part),
                contents: Contents::Rust {
                    header: header(settings),
                    inner,
                    chunks: chunks?,
                    docs,
                },
            })
        };
        match part {
            Part::Manifest => Some(EmittedFile {
                path: self.path(part),
                contents: Contents::Text(self.manifest()),
            }),
            Part::Root => rust(&|| Some(vec![("crate root".into(), self.crate_root())])),
            Part::Types => rust(&|| {
                Some(self.type_chunks(&self.type_order).unwrap_or_else(|bug| {
                    let bug = bug.to_string();
                    vec![("generator bug".into(), quote!(compile_error!(#bug);))]
                }))
            }),
            Part::OperationsIndex => {
                rust(&|| Some(vec![("modules".into(), self.operations_index())]))
            }
            Part::Operations(index) => rust(&|| {
                Some(operations::operation_items(
                    api,
                    &self.modules[index].operations,
                ))
            }),
            Part::Servers => rust(&|| Some(servers::server_items(api, settings))),
            Part::Security => rust(&|| Some(security::security_items(api))),
            Part::Webhooks if !api.webhooks.is_empty() => {
                rust(&|| Some(webhooks::webhook_items(api)))
            }
            Part::Webhooks => None,
            Part::Examples if self.has_examples => rust(&|| examples::example_items(api)),
            Part::ExampleData if self.has_examples => Some(EmittedFile {
                path: self.path(part),
                contents: Contents::Text(examples::examples_json(api)),
            }),
            Part::Examples | Part::ExampleData => None,
            Part::MockIndex => rust(&|| Some(vec![("modules".into(), self.mock_index())])),
            Part::Mock(index) => {
                rust(&|| Some(mock::mock_items(api, &self.modules[index].operations)))
            }
            Part::MockDefaults => Some(EmittedFile {
                path: self.path(part),
                contents: Contents::Text(mock::defaults_json(api)),
            }),
            Part::MockRuntime(index) => {
                let (name, source) = MOCK_RUNTIME[index];
                Some(EmittedFile {
                    path: self.path(part),
                    contents: Contents::Text(format!(
                        "{}{source}",
                        copy_header(&settings.command, "mock", &format!("mock-runtime/{name}"))
                    )),
                })
            }
            Part::Runtime(index) => {
                let (name, source) = RUNTIME[index];
                // `mod.rs` declares the files only some crates carry.
                let added = match index {
                    0 => self.runtime.mod_lines.as_str(),
                    _ => "",
                };
                Some(EmittedFile {
                    path: self.path(part),
                    contents: Contents::Text(format!(
                        "{}{source}{added}",
                        copy_header(
                            &settings.command,
                            "client runtime",
                            &format!("runtime/{name}")
                        )
                    )),
                })
            }
        }
    }

    /// The inner attributes of a Rust file (module docs and lint settings).
    fn inner_attrs(&self, part: Part) -> TokenStream {
        match part {
            Part::Root => crate_docs(self.api, self.settings),
            Part::Types => types_module_attrs(vec![
                "The types the API's requests and responses carry.".into(),
            ]),
            Part::OperationsIndex => inner_doc_attrs([
                "One method on [`Client`](crate::Client) per operation, and the optional \
                 parameters of those that have some; a file per tag of the document.",
            ]),
            Part::Operations(index) => {
                let module = &self.modules[index];
                let mut paragraphs = vec![match &module.tag {
                    Some(tag) => format!("The operations tagged `{}`.", tag.replace('`', "'")),
                    None => "The operations without a tag.".to_owned(),
                }];
                paragraphs.extend(module.description.clone());
                types_module_attrs(paragraphs)
            }
            Part::Servers => {
                inner_doc_attrs(["The servers the document lists, as `ClientBuilder` methods."])
            }
            Part::Webhooks => inner_doc_attrs([
                "The requests the API's provider sends (the document's webhooks): a \
                 function per webhook decodes its body into its payload type.",
            ]),
            Part::Security => inner_doc_attrs(["The security schemes of the document, for \
                 [`ClientBuilder::credential`](crate::ClientBuilder::credential): each \
                 operation sends the credentials of the first of its alternatives the \
                 client has."]),
            Part::Examples => inner_doc_attrs([
                "The document's examples (`examples.json`, by JSON pointer), each decoded into \
                 its type and encoded back.",
            ]),
            Part::MockIndex => inner_doc_attrs([
                "The mock's side of each operation: its call type, its expectation on \
                 `MockServer` and its calls on `Received`; a file per tag of the document.",
            ]),
            Part::Mock(index) => {
                let module = &self.modules[index];
                let paragraphs = vec![match &module.tag {
                    Some(tag) => format!(
                        "The mock of the operations tagged `{}`.",
                        tag.replace('`', "'")
                    ),
                    None => "The mock of the operations without a tag.".to_owned(),
                }];
                types_module_attrs(paragraphs)
            }
            Part::Manifest
            | Part::ExampleData
            | Part::Runtime(_)
            | Part::MockDefaults
            | Part::MockRuntime(_) => TokenStream::new(),
        }
    }

    /// `mod <tag>;` for each file, re-exported where it declares types, so their paths
    /// (`crate::operations::ListUsersParams`) do not depend on the tags.
    fn operations_index(&self) -> TokenStream {
        let modules = self.modules.iter().map(|module| {
            let name = ident(&module.name);
            let declares = (module.operations.iter())
                .any(|&i| operations::declares_types(&self.api.operations[i]));
            let cfg = self.module_cfg(module);
            let export = declares.then(|| quote!(#cfg pub use #name::*;));
            quote! {
                #cfg mod #name;
                #export
            }
        });
        quote!(#(#modules)*)
    }
}

impl Layout<'_> {
    /// The `cfg` of a per-tag file, when the crate has a feature per tag.
    fn module_cfg(&self, module: &OperationModule) -> Option<TokenStream> {
        (self.settings.tag_features)
            .then(|| features::cfg_attribute(&[features::feature_name(module)]))
    }

    /// `mod <tag>;` for each of the mock's files (under the tag's feature), re-exported,
    /// and the routes of them all.
    fn mock_index(&self) -> TokenStream {
        let modules: Vec<_> = (self.modules.iter())
            .map(|module| (ident(&module.name), self.module_cfg(module)))
            .collect();
        mock::index_items(&modules)
    }
}

/// A piece of the crate that one thread emits and formats whole (token streams cannot
/// cross threads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// The module docs of `types.rs`.
    TypesHeader,
    /// The types at these positions of `types.rs`.
    Types(std::ops::Range<usize>),
    /// A whole file.
    File(Part),
}

/// Types per [`Unit::Types`]: small enough that the last units even out the threads,
/// large enough that taking a unit costs nothing next to formatting it.
const TYPES_PER_UNIT: usize = 24;

impl Layout<'_> {
    /// The units of work, largest first so that the small ones at the end even out the
    /// threads: the examples, the per-tag files by number of operations, the types, the
    /// small files.
    pub fn units(&self) -> Vec<Unit> {
        let mut units = Vec::new();
        if self.has_examples {
            units.push(Unit::File(Part::Examples));
        }
        let mut modules: Vec<usize> = (0..self.modules.len()).collect();
        modules.sort_by_key(|&index| std::cmp::Reverse(self.modules[index].operations.len()));
        units.extend(
            (modules.iter())
                .flat_map(|&index| [Part::Operations(index), Part::Mock(index)])
                .map(Unit::File),
        );
        units.push(Unit::TypesHeader);
        let types = self.type_order.len();
        units.extend(
            (0..types)
                .step_by(TYPES_PER_UNIT)
                .map(|start| Unit::Types(start..(start + TYPES_PER_UNIT).min(types))),
        );
        units.extend(
            (self.parts().into_iter())
                .filter(|part| {
                    !matches!(
                        part,
                        Part::Types | Part::Operations(_) | Part::Mock(_) | Part::Examples
                    )
                })
                .map(Unit::File),
        );
        units
    }

    /// Emits one unit.
    pub fn emit_unit(&self, unit: &Unit) -> Result<Emitted, Bug> {
        Ok(match unit {
            Unit::TypesHeader => {
                let (inner, docs) = super::docs::with_doc_texts(|| self.inner_attrs(Part::Types));
                Emitted::TypePieces {
                    inner,
                    chunks: Vec::new(),
                    docs,
                }
            }
            Unit::Types(positions) => {
                let (chunks, docs) = super::docs::with_doc_texts(|| {
                    self.type_chunks(&self.type_order[positions.clone()])
                });
                Emitted::TypePieces {
                    inner: TokenStream::new(),
                    chunks: chunks?,
                    docs,
                }
            }
            Unit::File(part) => Emitted::File(self.emit(*part)),
        })
    }

    /// The crate's files from its units printed, in the order of [`Layout::units`].
    pub fn assemble(&self, printed: Vec<Printed>) -> Result<Vec<GeneratedFile>, Bug> {
        let units = self.units();
        if printed.len() != units.len() {
            return Err(Bug::Pipeline("a unit of work went missing"));
        }
        let mut type_pieces = Vec::new();
        let mut files_by_part = Vec::new();
        for (unit, printed) in units.iter().zip(printed) {
            match (unit, printed) {
                (Unit::TypesHeader | Unit::Types(_), Printed::TypePieces(pieces)) => {
                    type_pieces.extend(pieces)
                }
                (Unit::File(part), Printed::File(file)) => files_by_part.push((*part, file)),
                _ => return Err(Bug::Pipeline("a unit of work came back as another")),
            }
        }
        let mut files = Vec::new();
        for part in self.parts() {
            if part == Part::Types {
                files.push(GeneratedFile {
                    path: self.path(part),
                    // Pieces print without the blank line between items.
                    contents: header(self.settings) + &std::mem::take(&mut type_pieces).join("\n"),
                });
            } else if let Some(index) = files_by_part.iter().position(|(p, _)| *p == part) {
                files.extend(files_by_part.swap_remove(index).1);
            }
        }
        Ok(files)
    }
}

fn header(settings: &CrateInfo) -> String {
    source_header(&settings.command, &settings.spec_label)
}

/// The first lines of a generated Rust file: what made it, from which spec.
pub(crate) fn source_header(command: &str, spec_label: &str) -> String {
    format!(
        "// @generated by `{command}` from `{spec_label}`.\n// Do not edit by hand: change the spec and regenerate.\n\n"
    )
}

/// The first lines of a hand-written file copied in (`what`, from the generator's
/// `source`).
pub(crate) fn copy_header(command: &str, what: &str, source: &str) -> String {
    format!(
        "// @generated by `{command}`: the {what}, copied from the generator's `{source}`.\n// Do not edit here: change the generator and regenerate.\n\n"
    )
}

/// The generated crate's files, their Rust code as token streams (one thread; for
/// measuring emission and formatting apart).
pub fn emit_files(api: &Api, settings: &CrateInfo) -> Vec<EmittedFile> {
    let layout = Layout::new(api, settings);
    (layout.parts().into_iter())
        .filter_map(|part| layout.emit(part))
        .collect()
}

/// Module docs, and leave to write the spec's nested types out in full (clippy's
/// `type_complexity` asks people to name parts of long types; here they follow the spec).
fn types_module_attrs(paragraphs: Vec<String>) -> TokenStream {
    let docs = inner_doc_attrs(paragraphs);
    quote! {
        #docs
        #![allow(clippy::type_complexity)]
    }
}

fn crate_docs(api: &Api, settings: &CrateInfo) -> TokenStream {
    let mut paragraphs = vec![format!(
        "Client for the {} (version {}).",
        api.title, api.version
    )];
    paragraphs.extend(api.description.clone());
    paragraphs.push(format!(
        "Generated from `{}` by `{}`. Types are in [`types`], one method per operation on \
         [`Client`], configured through [`Client::builder`].",
        settings.spec_label, settings.command
    ));
    let docs = inner_doc_attrs(paragraphs);
    // rustc looks 128 types deep by default; deeper nesting (by value) needs more.
    let depth = api.nesting_depth();
    if depth > 32 {
        let limit = (depth * 4).next_power_of_two().max(256).to_string();
        quote! {
            #docs
            #![recursion_limit = #limit]
        }
    } else {
        docs
    }
}

/// Generated modules are printed by prettyplease; rustfmt is told to leave them be.
impl Layout<'_> {
    fn crate_root(&self) -> TokenStream {
        // The examples test needs every type.
        let whole =
            (self.settings.tag_features).then(|| features::all_features_attribute(&self.modules));
        let examples = match self.has_examples {
            true => quote! {
                #[cfg(test)]
                #whole
                #[rustfmt::skip]
                mod examples;
            },
            false => TokenStream::new(),
        };
        let webhooks = (!self.api.webhooks.is_empty()).then(|| {
            quote! {
                #[rustfmt::skip]
                pub mod webhooks;
            }
        });
        crate_root(examples, webhooks)
    }
}

fn crate_root(examples: TokenStream, webhooks: Option<TokenStream>) -> TokenStream {
    quote! {
        #examples
        #[rustfmt::skip]
        pub mod operations;
        pub mod runtime;
        #[rustfmt::skip]
        pub mod security;
        #[rustfmt::skip]
        mod servers;
        #[rustfmt::skip]
        pub mod types;
        #webhooks
        #[cfg(feature = "mock")]
        pub mod mock;

        pub use runtime::{ApiError, BuildError, Client, ClientBuilder, Error};
    }
}

impl Layout<'_> {
    fn manifest(&self) -> String {
        let mut text = manifest(self.api, self.settings);
        match self.settings.tag_features {
            true => text.push_str(&features::manifest_features(&self.modules)),
            false => text.push_str("\n[features]\n"),
        }
        text.push_str(MOCK_FEATURE);
        text
    }
}

/// The `mock` feature (the `mock` module, for tests of code that uses the client) and
/// the dependencies only it needs.
const MOCK_FEATURE: &str = r#"# A mock of the API for the tests of code that uses the client (the `mock` module).
mock = ["dep:wiremock", "dep:serde_path_to_error", "dep:percent-encoding"]
"#;

fn manifest(api: &Api, settings: &CrateInfo) -> String {
    let version = match &settings.version {
        Some(version) => version.as_str(),
        None if is_semver(&api.version) => api.version.as_str(),
        None => "0.1.0",
    };
    format!(
        r#"# @generated by `{command}` from `{spec}`.
# Do not edit by hand: change the spec and regenerate.

[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.80"
{package}
[lib]
# The docs are the API's own prose, not Rust examples.
doctest = false

[dependencies]
reqwest = {{ version = "0.12", default-features = false, features = ["json", "multipart", "rustls-tls"] }}
futures-util = {{ version = "0.3", default-features = false }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["sync", "time"] }}
tracing = "0.1"
# For the `mock` feature.
wiremock = {{ version = "0.6", optional = true }}
serde_path_to_error = {{ version = "0.1", optional = true }}
percent-encoding = {{ version = "2", optional = true }}
{extra}{workspace}"#,
        command = settings.command,
        spec = settings.spec_label,
        name = settings.crate_name,
        extra = (settings.extra_dependencies.iter())
            .map(|line| format!("{line}\n"))
            .collect::<String>(),
        package = package_metadata(api, &settings.package),
        workspace = if settings.standalone {
            "\n# A workspace of its own: this crate builds wherever it is written.\n[workspace]\n"
        } else {
            ""
        },
    )
}

/// The `[package]` lines after the version: the settings' metadata (a description from
/// the document's title unless they give one; `publish = false` unless they allow it),
/// and `[package.metadata.docs.rs]`.
fn package_metadata(api: &Api, package: &crate::settings::Package) -> String {
    let quoted = |text: &str| toml::Value::String(text.to_owned()).to_string();
    let list = |items: &[String]| {
        let items: Vec<String> = items.iter().map(|item| quoted(item)).collect();
        format!("[{}]", items.join(", "))
    };
    let title = api.title_line();
    let description = match &package.description {
        Some(description) => description.clone(),
        None => format!("Client for the {title}, generated from its OpenAPI document"),
    };
    let mut lines = format!("description = {}\n", quoted(&description));
    let fields = [
        ("license", &package.license),
        ("repository", &package.repository),
        ("homepage", &package.homepage),
        ("documentation", &package.documentation),
        ("readme", &package.readme),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            lines.push_str(&format!("{key} = {}\n", quoted(value)));
        }
    }
    for (key, items) in [
        ("authors", &package.authors),
        ("keywords", &package.keywords),
        ("categories", &package.categories),
    ] {
        if !items.is_empty() {
            lines.push_str(&format!("{key} = {}\n", list(items)));
        }
    }
    if !package.publish {
        lines.push_str("publish = false\n");
    }
    if let Some(docs_rs) = package.docs_rs.as_ref().filter(|table| !table.is_empty()) {
        lines.push_str(&format!("\n[package.metadata.docs.rs]\n{docs_rs}"));
    }
    lines
}

/// `MAJOR.MINOR.PATCH` as semver writes them: digits, no leading zero (`2.2.01` is not).
fn is_semver(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    use super::{is_semver, LENIENT, RUNTIME, TIMESTAMP};

    #[test]
    fn the_files_for_formats_are_the_last_of_the_runtime() {
        assert_eq!(RUNTIME[LENIENT].0, "lenient.rs");
        assert_eq!(RUNTIME[TIMESTAMP].0, "timestamp.rs");
    }

    #[test]
    fn a_crate_version_is_semver_without_leading_zeros() {
        assert!(is_semver("1.0.0") && is_semver("2.10.0"));
        assert!(!is_semver("2.2.01") && !is_semver("1.0") && !is_semver("v1.0.0"));
    }
}
