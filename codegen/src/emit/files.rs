//! The files of a generated crate: manifest, crate root, generated modules, runtime.

use super::docs::inner_doc_attrs;
use super::{examples, operations, servers, types};
use crate::format::{format_pieces, join_pieces};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// How the crate is named and how its files say they were made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The package name, e.g. `omni-client`.
    pub crate_name: String,
    /// The spec as generated files name it, e.g. `spec/openapi.yaml`.
    pub spec_label: String,
    /// The command that regenerates the crate, e.g. `cargo xtask codegen`.
    pub command: String,
    /// Whether the crate is its own workspace (so it builds wherever it is written,
    /// even inside another workspace's directory).
    pub standalone: bool,
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
    /// the file's inner attributes; each chunk labelled by what it was emitted for.
    Rust {
        header: String,
        inner: TokenStream,
        chunks: Vec<(String, TokenStream)>,
    },
}

/// The runtime, hand-written and tested once, copied into every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("codec.rs", include_str!("../../runtime/codec.rs")),
    ("enums.rs", include_str!("../../runtime/enums.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("form.rs", include_str!("../../runtime/form.rs")),
    ("pacing.rs", include_str!("../../runtime/pacing.rs")),
    ("paging.rs", include_str!("../../runtime/paging.rs")),
    ("query.rs", include_str!("../../runtime/query.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
];

/// The files of a generated crate, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Manifest,
    Root,
    Types,
    Operations,
    Servers,
    Examples,
    Runtime(usize),
}

const PARTS: [Part; 6] = [
    Part::Manifest,
    Part::Root,
    Part::Types,
    Part::Operations,
    Part::Servers,
    Part::Examples,
];

fn parts() -> impl Iterator<Item = Part> {
    PARTS
        .into_iter()
        .chain((0..RUNTIME.len()).map(Part::Runtime))
}

/// The generated crate, formatted. `types.rs` and `operations.rs` are most of the work:
/// the first half of the items of each is emitted and formatted on a second thread
/// (token streams cannot cross threads, so each thread formats what it emits), then the
/// printed pieces are joined in order.
pub fn emit_crate(api: &Api, settings: &Settings) -> Result<Vec<GeneratedFile>, String> {
    let has_examples = examples::has_examples(api);
    let halved = [Part::Types, Part::Operations];
    let half = |part: Part| match part {
        Part::Types => api.types.len() / 2,
        _ => api.operations.len() / 2,
    };
    std::thread::scope(|scope| {
        let first_halves = scope.spawn(|| {
            halved.map(|part| format_pieces(TokenStream::new(), items_in(api, part, 0..half(part))))
        });
        // This thread: every other file, and the module attributes and second halves of
        // the two big ones (their contents are filled in once the first halves are in).
        let mut files = Vec::new();
        let mut open = Vec::new();
        let made = parts().try_for_each(|part| -> Result<(), String> {
            if halved.contains(&part) {
                let leading = format_pieces(inner_attrs(part), Vec::new())?;
                let rest = items_in(api, part, half(part)..usize::MAX);
                open.push((
                    files.len(),
                    leading,
                    format_pieces(TokenStream::new(), rest)?,
                ));
                files.push(GeneratedFile {
                    path: part_path(part),
                    contents: String::new(),
                });
            } else if let Some(file) = emit_part(api, settings, part, has_examples) {
                files.extend(crate::format::format_files(vec![file])?);
            }
            Ok(())
        });
        let first_halves = first_halves
            .join()
            .map_err(|_| "generator bug: emitting on the second thread panicked".to_owned())?;
        made?;
        for ((index, mut pieces, second_half), first_half) in open.into_iter().zip(first_halves) {
            pieces.extend(first_half?);
            pieces.extend(second_half);
            files[index].contents = header(settings) + &join_pieces(pieces);
        }
        Ok(files)
    })
}

/// The items of `types.rs` or `operations.rs` at `positions`.
fn items_in(
    api: &Api,
    part: Part,
    positions: std::ops::Range<usize>,
) -> Vec<(String, TokenStream)> {
    match part {
        Part::Types => types::type_items(api, positions),
        Part::Operations => operations::operation_items(api, positions),
        _ => Vec::new(),
    }
}

fn part_path(part: Part) -> String {
    match part {
        Part::Manifest => "Cargo.toml".to_owned(),
        Part::Root => "src/lib.rs".to_owned(),
        Part::Types => "src/types.rs".to_owned(),
        Part::Operations => "src/operations.rs".to_owned(),
        Part::Servers => "src/servers.rs".to_owned(),
        Part::Examples => "src/examples.rs".to_owned(),
        Part::Runtime(index) => format!("src/runtime/{}", RUNTIME[index].0),
    }
}

fn header(settings: &Settings) -> String {
    format!(
        "// @generated by `{}` from `{}`.\n// Do not edit by hand: change the spec and regenerate.\n\n",
        settings.command, settings.spec_label
    )
}

/// The inner attributes of a Rust file (module docs and lint settings).
fn inner_attrs(part: Part) -> TokenStream {
    match part {
        Part::Types => types_module_attrs("The types the API's requests and responses carry."),
        Part::Operations => types_module_attrs(
            "One method on [`Client`](crate::Client) per operation, and the optional \
             parameters of those that have some.",
        ),
        Part::Servers => {
            inner_doc_attrs(["The servers the document lists, as `ClientBuilder` methods."])
        }
        Part::Examples => inner_doc_attrs([
            "The document's examples, each decoded into its type and encoded back.",
        ]),
        _ => TokenStream::new(),
    }
}

/// The generated crate's files, their Rust code as token streams (one thread; for
/// measuring emission and formatting apart).
pub fn emit_files(api: &Api, settings: &Settings) -> Vec<EmittedFile> {
    let has_examples = examples::has_examples(api);
    parts()
        .filter_map(|part| emit_part(api, settings, part, has_examples))
        .collect()
}

/// One file; `None` for the examples module of a document without examples.
fn emit_part(
    api: &Api,
    settings: &Settings,
    part: Part,
    has_examples: bool,
) -> Option<EmittedFile> {
    let rust = |inner: TokenStream, chunks| {
        Some(EmittedFile {
            path: part_path(part),
            contents: Contents::Rust {
                header: header(settings),
                inner,
                chunks,
            },
        })
    };
    match part {
        Part::Manifest => Some(EmittedFile {
            path: part_path(part),
            contents: Contents::Text(manifest(api, settings)),
        }),
        Part::Root => rust(
            crate_docs(api, settings),
            vec![("crate root".into(), crate_root(has_examples))],
        ),
        Part::Types | Part::Operations => {
            rust(inner_attrs(part), items_in(api, part, 0..usize::MAX))
        }
        Part::Servers => rust(
            inner_attrs(part),
            servers::server_items(api, &settings.crate_name),
        ),
        Part::Examples => rust(inner_attrs(part), examples::example_items(api)?),
        Part::Runtime(index) => {
            let (name, source) = RUNTIME[index];
            Some(EmittedFile {
                path: part_path(part),
                contents: Contents::Text(format!(
                    "// @generated by `{}`: the client runtime, copied from the generator's `runtime/{name}`.\n// Do not edit here: change the generator and regenerate.\n\n{source}",
                    settings.command
                )),
            })
        }
    }
}

/// Module docs, and leave to write the spec's nested types out in full (clippy's
/// `type_complexity` asks people to name parts of long types; here they follow the spec).
fn types_module_attrs(doc: &str) -> TokenStream {
    let docs = inner_doc_attrs([doc]);
    quote! {
        #docs
        #![allow(clippy::type_complexity)]
    }
}

fn crate_docs(api: &Api, settings: &Settings) -> TokenStream {
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
fn crate_root(has_examples: bool) -> TokenStream {
    let examples = if has_examples {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod examples;
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #examples
        #[rustfmt::skip]
        pub mod operations;
        pub mod runtime;
        #[rustfmt::skip]
        mod servers;
        #[rustfmt::skip]
        pub mod types;

        pub use runtime::{ApiError, BuildError, Client, ClientBuilder, Error};
    }
}

fn manifest(api: &Api, settings: &Settings) -> String {
    let version = if is_semver(&api.version) {
        api.version.as_str()
    } else {
        "0.1.0"
    };
    format!(
        r#"# @generated by `{command}` from `{spec}`.
# Do not edit by hand: change the spec and regenerate.

[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.80"
description = "Client for the {title}, generated from its OpenAPI document"
publish = false

[lib]
# The docs are the API's own prose, not Rust examples.
doctest = false

[dependencies]
reqwest = {{ version = "0.12", default-features = false, features = ["json", "multipart", "rustls-tls"] }}
futures-util = {{ version = "0.3", default-features = false }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["time"] }}
tracing = "0.1"
{workspace}"#,
        command = settings.command,
        spec = settings.spec_label,
        name = settings.crate_name,
        // One line of TOML string: no quotes, backslashes or control characters.
        title = api
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(|c: char| c == '"' || c == '\\' || c.is_control(), ""),
        workspace = if settings.standalone {
            "\n# A workspace of its own: this crate builds wherever it is written.\n[workspace]\n"
        } else {
            ""
        },
    )
}

fn is_semver(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}
