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

#[cfg(test)]
mod tests {
    //! One emitter a test: a small document in, the printed items of its operation out.

    use crate::test_support::{api_of, printed};

    /// A document of one operation, `operation` (YAML indented by six spaces), at `path`.
    fn operation(path: &str, method: &str, operation: &str) -> String {
        let document = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  {path}:\n    {method}:\n{operation}"
        );
        let api = api_of(&document);
        printed(|| super::operation_items(&api, &[0]))
    }

    #[test]
    fn modules_follow_the_documents_tags_with_the_untagged_last() {
        let api = api_of(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\ntags: [{name: Zoo}, {name: Admin}]\npaths:\n  /a:\n    get: {operationId: a, responses: {'204': {description: x}}}\n  /b:\n    get: {operationId: b, tags: [Admin], responses: {'204': {description: x}}}\n  /c:\n    get: {operationId: c, tags: [Zoo, Admin], responses: {'204': {description: x}}}\n",
        );
        let modules: Vec<(String, Vec<usize>)> = (super::operation_modules(&api).into_iter())
            .map(|module| (module.name, module.operations))
            .collect();
        assert_eq!(
            modules,
            [
                ("zoo".to_owned(), vec![2]),
                ("admin".to_owned(), vec![1]),
                ("untagged".to_owned(), vec![0])
            ]
        );
    }

    #[test]
    fn an_unexploded_array_query_parameter_is_sent_comma_joined() {
        let text = operation(
            "/pets",
            "get",
            "      operationId: listPets\n      parameters:\n        - {name: ids, in: query, required: true, explode: false, schema: {type: array, items: {type: integer}}}\n      responses: {'204': {description: x}}\n",
        );
        assert!(text.contains("ids: &[i64]"), "{text}");
        let joined =
            "query.joined(\"ids\", ids.iter().map(|item| ToString::to_string(&item)), \",\")";
        assert!(text.contains(joined), "{text}");
    }

    #[test]
    fn a_multipart_body_is_a_form_struct_with_a_field_a_part() {
        let text = operation(
            "/files",
            "post",
            "      operationId: upload\n      requestBody:\n        required: true\n        content:\n          multipart/form-data:\n            schema: {type: object, required: [file], properties: {file: {type: string, format: binary}, note: {type: string}}}\n      responses: {'204': {description: x}}\n",
        );
        assert!(text.contains("pub struct UploadForm"), "{text}");
        assert!(
            text.contains("pub file: crate::runtime::FilePart"),
            "{text}"
        );
        assert!(text.contains("pub note: Option<String>"), "{text}");
    }

    #[test]
    fn a_cursor_paged_list_gets_a_stream_of_its_items() {
        let text = operation(
            "/pets",
            "get",
            "      operationId: listPets\n      parameters:\n        - {name: cursor, in: query, schema: {type: string}}\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema: {type: object, properties: {records: {type: array, items: {type: string}}, pageInfo: {type: object, properties: {nextCursor: {type: string}}}}}\n",
        );
        assert!(text.contains("pub fn list_pets_stream<'a>("), "{text}");
    }
}
