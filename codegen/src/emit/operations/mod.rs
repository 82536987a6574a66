//! The `operations` module: one async method on `Client` per operation, plus a
//! `<Operation>Params` struct for the optional parameters of those that have some.
//!
//! The operations are grouped by tag here; each file of this folder writes one part of
//! an operation's items.

mod body;
mod method;
mod paging;
mod params;
mod responses;

use crate::ir::{Api, BodyKind, Operation};
use crate::naming::{module_ident, Scope};
use body::form_struct;
pub(super) use body::{body_choices, body_value_type, form_name, form_style, BodyChoice};
use method::{alternative_method, download_method, item_stream_method, whole_method};
use paging::stream_method;
pub(super) use params::{is_textual, params_name};
use params::{optional_params, params_struct};
use proc_macro2::TokenStream;
use quote::quote;
use responses::{error_enum, success_enum};
pub(super) use responses::{error_name, error_type, status_pattern, success, success_name};

/// One file of the `operations` module: the operations of one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OperationModule {
    /// Module and file name, unique among the modules.
    pub name: String,
    /// `None` for the operations without a tag.
    pub tag: Option<String>,
    pub description: Option<String>,
    /// Indexes into [`Api::operations`], in document order.
    pub operations: Vec<usize>,
}

/// The operations grouped by their first tag, so that a change to one tag's operations
/// touches one file: tags in the order the document lists them (then tags it uses but
/// does not list), the untagged operations last.
pub(crate) fn operation_modules(api: &Api) -> Vec<OperationModule> {
    let mut tags: Vec<&str> = api.tags.iter().map(|t| t.name.as_str()).collect();
    for operation in &api.operations {
        if let Some(tag) = operation.tags.first() {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }
    }
    // `operations::operations` is clippy's `module_inception`.
    let mut names = Scope::with_reserved(&["mod", "operations"]);
    let mut modules: Vec<OperationModule> = Vec::new();
    let groups = tags.iter().map(|tag| Some(*tag)).chain([None]);
    for tag in groups {
        let operations: Vec<usize> = (0..api.operations.len())
            .filter(|&i| api.operations[i].tags.first().map(String::as_str) == tag)
            .collect();
        if operations.is_empty() {
            continue;
        }
        modules.push(OperationModule {
            name: names.claim(&module_ident(tag.unwrap_or("untagged"))),
            tag: tag.map(str::to_owned),
            description: tag.and_then(|tag| {
                let declared = api.tags.iter().find(|t| t.name == tag)?;
                declared.description.clone()
            }),
            operations,
        });
    }
    modules
}

/// Whether an operation comes with types of its own (optional parameters, a multipart
/// form, or success or error enums), which the `operations` module re-exports.
pub(crate) fn declares_types(operation: &Operation) -> bool {
    optional_params(operation).next().is_some()
        || body_choices(operation).any(|b| matches!(b.kind, BodyKind::Multipart(_)))
        || operation.varied_successes().is_some()
        || operation.errors_vary()
}

/// The items of the operations at `indices` of [`Api::operations`].
pub(crate) fn operation_items(api: &Api, indices: &[usize]) -> Vec<(String, TokenStream)> {
    let mut items = Vec::new();
    for operation in indices.iter().map(|&i| &api.operations[i]) {
        if let Some(params) = params_struct(api, operation) {
            items.push((format!("{} params", operation.operation_id), params));
        }
        for body in body_choices(operation) {
            if let Some(form) = form_struct(api, body.method_name, body.kind) {
                let label = format!("{} form {}", operation.operation_id, body.media_type);
                items.push((label, form));
            }
        }
        if let Some(success) = success_enum(api, operation) {
            items.push((format!("{} success", operation.operation_id), success));
        }
        if let Some(errors) = error_enum(api, operation) {
            items.push((format!("{} error", operation.operation_id), errors));
        }
        let primary = body_choices(operation).next();
        let whole = whole_method(api, operation, primary.as_ref());
        let download = (operation.download_method.as_ref())
            .map(|download| download_method(api, operation, download, primary.as_ref()));
        let alternatives = body_choices(operation)
            .skip(1)
            .map(|body| alternative_method(api, operation, &body));
        let stream = operation
            .pagination
            .as_ref()
            .map(|pagination| stream_method(api, operation, pagination));
        let items_method = (operation.stream.as_ref())
            .map(|stream| item_stream_method(api, operation, stream, primary.as_ref()));
        items.push((
            operation.operation_id.clone(),
            quote! {
                impl crate::Client {
                    #whole
                    #download
                    #items_method
                    #(#alternatives)*
                    #stream
                }
            },
        ));
    }
    items
}
