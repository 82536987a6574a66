//! The `operations` module: one async method on `Client` per operation, plus a
//! `<Operation>Params` struct for the optional parameters of those that have some.

use super::docs::{doc_attr, doc_attrs};
use super::{ident, prelude, type_tokens, Prelude, Std, TypePath};
use crate::ir::{
    media_essence, Api, BodyKind, Field, FloatWidth, FormEncoding, FormPart, FormPartKind,
    FormStyle, Framing, ItemStream, Operation, Pagination, Paging, ParamLocation, ParamStyle,
    Parameter, PathPiece, PathSegment, Response, ResponseBody, StatusMatch, TypeKind, TypeRef,
};
use crate::naming::{camel_ident, module_ident, status_variant, Scope};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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

/// One way of sending an operation's body: the method that sends it, its media type and
/// how it is carried.
pub(super) struct BodyChoice<'o> {
    pub(super) method_name: &'o str,
    pub(super) media_type: &'o str,
    pub(super) kind: &'o BodyKind,
    pub(super) required: bool,
}

/// The body's preferred media type (sent by the operation's method), then the others
/// (each sent by a method of its own).
pub(super) fn body_choices(operation: &Operation) -> impl Iterator<Item = BodyChoice<'_>> {
    operation.body.iter().flat_map(move |body| {
        let primary = BodyChoice {
            method_name: &operation.method_name,
            media_type: &body.media_type,
            kind: &body.kind,
            required: body.required,
        };
        let others = body.alternatives.iter().map(move |alternative| BodyChoice {
            method_name: &alternative.method_name,
            media_type: &alternative.media_type,
            kind: &alternative.kind,
            required: body.required,
        });
        std::iter::once(primary).chain(others)
    })
}

pub(super) fn form_name(method_name: &str) -> proc_macro2::Ident {
    format_ident!("{}Form", camel_ident(method_name))
}

/// The `multipart/form-data` body a method sends, one field per part.
fn form_struct(api: &Api, method_name: &str, kind: &BodyKind) -> Option<TokenStream> {
    let Prelude { option, vec, .. } = Prelude::of(api);
    let BodyKind::Multipart(parts) = kind else {
        return None;
    };
    let name = form_name(method_name);
    let method = method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " The `multipart/form-data` body of [`Client::{method}`](crate::Client::{method})."
    ));
    let fields = parts.iter().map(|part| {
        let field = ident(&part.name);
        let ty = match &part.kind {
            FormPartKind::File => quote!(crate::runtime::FilePart),
            FormPartKind::Files => quote!(#vec<crate::runtime::FilePart>),
            FormPartKind::Value(ty) => type_tokens(api, ty, TypePath::Crate),
        };
        let ty = if part.required || part.kind == FormPartKind::Files {
            ty
        } else {
            quote!(#option<#ty>)
        };
        let mut paragraphs = vec![format!("Part `{}`.", part.wire_name.replace('`', "'"))];
        paragraphs.extend(part.docs.description.clone());
        let docs = doc_attrs(paragraphs);
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let default = if parts.iter().all(|p| match &p.kind {
        FormPartKind::Value(ty) => !p.required || super::has_default(api, ty),
        _ => true,
    }) {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// Builds the multipart form from `body` (a `<Operation>Form`) and attaches it.
fn multipart_body(api: &Api, parts: &[FormPart]) -> TokenStream {
    let some = prelude(api, Std::Some);
    let puts = parts.iter().map(|part| {
        let field = ident(&part.name);
        let wire = &part.wire_name;
        match (&part.kind, part.required) {
            (FormPartKind::File, true) => {
                quote!(form = form.part(#wire, body.#field.into_part()?);)
            }
            (FormPartKind::File, false) => quote! {
                if let #some(file) = body.#field {
                    form = form.part(#wire, file.into_part()?);
                }
            },
            (FormPartKind::Files, _) => quote! {
                for file in body.#field {
                    form = form.part(#wire, file.into_part()?);
                }
            },
            // An array of scalars is one part per item, all under the property's name.
            (FormPartKind::Value(TypeRef::Array(item)), required) if is_textual(api, item) => {
                let text = text_value(api, quote!(value), item);
                let each = quote! {
                    for value in values {
                        form = form.text(#wire, #text);
                    }
                };
                match required {
                    true => quote!(let values = &body.#field; #each),
                    false => quote! {
                        if let #some(values) = &body.#field {
                            #each
                        }
                    },
                }
            }
            // Objects and arrays go as JSON parts, labelled so.
            (FormPartKind::Value(ty), true) if !is_text_part(api, ty) => {
                quote!(form = form.part(#wire, crate::runtime::value_part(&body.#field));)
            }
            (FormPartKind::Value(ty), false) if !is_text_part(api, ty) => quote! {
                if let #some(value) = &body.#field {
                    form = form.part(#wire, crate::runtime::value_part(value));
                }
            },
            (FormPartKind::Value(ty), true) => {
                let text = text_value(api, quote!(&body.#field), ty);
                quote!(form = form.text(#wire, #text);)
            }
            (FormPartKind::Value(ty), false) => {
                let text = text_value(api, quote!(value), ty);
                quote! {
                    if let #some(value) = &body.#field {
                        form = form.text(#wire, #text);
                    }
                }
            }
        }
    });
    quote! {
        {
            let mut form = ::reqwest::multipart::Form::new();
            #(#puts)*
            request.multipart(form)
        }
    }
}

/// A `&str` of a segment of the template: its text, an argument, or both formatted.
fn segment_text(api: &Api, operation: &Operation, segment: &PathSegment) -> TokenStream {
    match segment.pieces.as_slice() {
        [PathPiece::Literal(text)] => quote!(#text),
        [PathPiece::Parameter(index)] => {
            let parameter = &operation.parameters[*index];
            let value = ident(&parameter.name);
            match parameter.ty {
                TypeRef::String => quote!(#value),
                _ => {
                    let text = text_value(api, quote!(#value), &parameter.ty);
                    quote!(&#text)
                }
            }
        }
        pieces => {
            let parts = pieces.iter().map(|piece| match piece {
                PathPiece::Literal(text) => quote!(#text),
                PathPiece::Parameter(index) => {
                    let parameter = &operation.parameters[*index];
                    let value = ident(&parameter.name);
                    match parameter.ty {
                        TypeRef::String => quote!(#value),
                        _ => text_value(api, quote!(#value), &parameter.ty),
                    }
                }
            });
            // Every piece is an argument, so braces in the template stay literal.
            let format = "{}".repeat(pieces.len());
            quote!(&::std::format!(#format, #(#parts),*))
        }
    }
}

pub(super) fn params_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Params", camel_ident(&operation.method_name))
}

pub(super) fn optional_params(operation: &Operation) -> impl Iterator<Item = &Parameter> {
    operation.parameters.iter().filter(|p| !p.required)
}

/// The Rust type a parameter is stored as in the params struct.
fn owned_type(api: &Api, parameter: &Parameter) -> TokenStream {
    type_tokens(api, &parameter.ty, TypePath::Crate)
}

fn params_struct(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let Prelude {
        into_trait,
        option,
        string,
        ..
    } = Prelude::of(api);
    let optional: Vec<&Parameter> = optional_params(operation).collect();
    if optional.is_empty() {
        return None;
    }
    let name = params_name(operation);
    let doc = doc_attr(format!(
        " Optional parameters of [`Client::{}`](crate::Client::{}).",
        operation.method_name.trim_start_matches("r#"),
        operation.method_name.trim_start_matches("r#")
    ));
    let fields = optional.iter().map(|parameter| {
        let field = ident(&parameter.name);
        let ty = owned_type(api, parameter);
        let docs = doc_attrs(parameter_paragraphs(parameter));
        quote! {
            #docs
            pub #field: #option<#ty>,
        }
    });
    let setters = optional.iter().map(|parameter| {
        let field = ident(&parameter.name);
        let ty = if parameter.ty == TypeRef::String {
            quote!(impl #into_trait<#string>)
        } else {
            owned_type(api, parameter)
        };
        let wire = parameter.wire_name.replace('`', "'");
        quote!(#field: #ty = #wire,)
    });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        crate::runtime::setters!(#name {
            #(#setters)*
        });
    })
}

fn parameter_paragraphs(parameter: &Parameter) -> Vec<String> {
    let location = parameter.location.as_str();
    let mut paragraphs = vec![format!(
        "`{}` ({location} parameter){}",
        parameter.wire_name.replace('`', "'"),
        if parameter.docs.deprecated {
            ", deprecated"
        } else {
            ""
        }
    )];
    paragraphs.extend(parameter.docs.description.clone());
    paragraphs
}

/// An argument of a required parameter: strings by `&str`, scalars and `Copy` format
/// types (`chrono::NaiveDate`) by value, the rest by reference.
fn argument(api: &Api, parameter: &Parameter, lifetime: &TokenStream) -> TokenStream {
    let name = ident(&parameter.name);
    match &parameter.ty {
        TypeRef::String => quote!(#name: &#lifetime str),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => {
            let ty = type_tokens(api, &parameter.ty, TypePath::Crate);
            quote!(#name: #ty)
        }
        TypeRef::Formatted(formatted) if formatted.format.is_copy() && !formatted.lenient => {
            let ty = type_tokens(api, &parameter.ty, TypePath::Crate);
            quote!(#name: #ty)
        }
        TypeRef::Array(item) => {
            let item = type_tokens(api, item, TypePath::Crate);
            quote!(#name: &#lifetime [#item])
        }
        other => {
            let ty = type_tokens(api, other, TypePath::Crate);
            quote!(#name: &#lifetime #ty)
        }
    }
}

/// `<operation>_stream`: the items of every page, fetched as the stream is read.
fn stream_method(api: &Api, operation: &Operation, pagination: &Pagination) -> TokenStream {
    let Prelude { ok, result, .. } = Prelude::of(api);
    let name = ident(&pagination.stream_method);
    let whole = ident(&operation.method_name);
    let lifetime = quote!('a);
    let required: Vec<&Parameter> = operation.parameters.iter().filter(|p| p.required).collect();
    let arguments = required.iter().map(|p| argument(api, p, &lifetime));
    let forwarded = required.iter().map(|p| ident(&p.name));
    let params = params_name(operation);
    let item = type_tokens(api, &pagination.item_type, TypePath::Crate);
    let error = error_type(api, operation);
    let items_field = ident(&pagination.items.name);
    let items = match (pagination.items.required, pagination.items.nullable) {
        (true, false) => quote!(page.#items_field),
        (false, true) => quote!(page.#items_field.flatten().unwrap_or_default()),
        _ => quote!(page.#items_field.unwrap_or_default()),
    };
    let (how, next) = match &pagination.paging {
        Paging::Cursor {
            cursor_parameter,
            page_info,
            next_cursor,
            has_next_page,
        } => (
            format!(
                "the `{}` of each request is the `{}` of the page before",
                operation.parameters[*cursor_parameter].wire_name, next_cursor.wire_name
            ),
            next_by_cursor(
                api,
                operation,
                *cursor_parameter,
                page_info.as_deref(),
                next_cursor,
                has_next_page.as_deref(),
            ),
        ),
        Paging::Index {
            start_parameter,
            total_results,
        } => (
            "the `startIndex` of each request follows the items received, until \
             `totalResults` are read"
                .to_owned(),
            next_by_index(
                api,
                operation,
                *start_parameter,
                total_results,
                &pagination.items,
            ),
        ),
    };
    let method = operation.method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " The items of every page of [`{method}`](Self::{method}), fetched page by page \
         ({how}). The stream ends after the last page, or after the first error."
    ));
    // The stream of a deprecated operation is deprecated too, and may call it.
    let deprecated = match operation.deprecated {
        true => quote!(#[deprecated] #[allow(deprecated)]),
        false => TokenStream::new(),
    };
    quote! {
        #doc
        #deprecated
        pub fn #name<'a>(
            &'a self,
            #(#arguments,)*
            params: &#params,
        ) -> impl ::futures_util::Stream<Item = #result<#item, crate::Error<#error>>> + 'a {
            crate::runtime::paginate(params.clone(), move |params| async move {
                let page = self.#whole(#(#forwarded,)* &params).await?;
                #next
                #ok((#items, next))
            })
        }
    }
}

/// Binds `next` to the parameters of the page after `page`, from its next cursor.
fn next_by_cursor(
    api: &Api,
    operation: &Operation,
    cursor_parameter: usize,
    page_info: Option<&Field>,
    next_cursor: &Field,
    has_next_page: Option<&Field>,
) -> TokenStream {
    let Prelude { some, none, .. } = Prelude::of(api);
    let cursor = ident(&operation.parameters[cursor_parameter].name);
    let Some(page_info) = page_info else {
        // The reply holds the next cursor itself (Dropshot's `next_page`).
        let field = ident(&next_cursor.name);
        let next_cursor = match (next_cursor.required, next_cursor.nullable) {
            (true, false) => quote!(#some(page.#field.clone())),
            (false, true) => quote!(page.#field.clone().flatten()),
            _ => quote!(page.#field.clone()),
        };
        return quote! {
            let next = #next_cursor.map(|cursor| {
                let mut params = params;
                params.#cursor = #some(cursor);
                params
            });
        };
    };
    let page_info_field = ident(&page_info.name);
    let info = optional_ref(api, quote!(page.#page_info_field), page_info);
    let next_cursor = field_value(next_cursor, quote!(info), false);
    let more = match has_next_page {
        Some(flag) => {
            let value = field_value(flag, quote!(info), true);
            quote!(#value.unwrap_or(true))
        }
        None => quote!(true),
    };
    quote! {
        let info = #info;
        let cursor = #next_cursor;
        let next = match cursor {
            #some(cursor) if #more => {
                let mut params = params;
                params.#cursor = #some(cursor);
                #some(params)
            }
            _ => #none,
        };
    }
}

/// Binds `next` to the parameters of the page after `page`: its `startIndex` moved past
/// the items received, while fewer than `totalResults` have been.
fn next_by_index(
    api: &Api,
    operation: &Operation,
    start_parameter: usize,
    total_results: &Field,
    items: &Field,
) -> TokenStream {
    let Prelude {
        to_string_trait,
        some,
        ..
    } = Prelude::of(api);
    let parameter = &operation.parameters[start_parameter];
    let start = ident(&parameter.name);
    let (current, advanced) = match &parameter.ty {
        TypeRef::String => (
            quote! {
                params.#start.as_deref().and_then(|start| start.trim().parse::<u64>().ok()).unwrap_or(1)
            },
            quote!(#to_string_trait::to_string(&start)),
        ),
        ty => {
            let ty = type_tokens(api, ty, TypePath::Crate);
            (
                quote!(params.#start.map_or(1, |start| u64::try_from(start).unwrap_or(1))),
                quote!(#ty::try_from(start).unwrap_or(#ty::MAX)),
            )
        }
    };
    let total_field = ident(&total_results.name);
    let total = match (total_results.required, total_results.nullable) {
        (true, false) => quote!(#some(page.#total_field)),
        (false, true) => quote!(page.#total_field.flatten()),
        _ => quote!(page.#total_field),
    };
    let total = match total_results.ty {
        TypeRef::Number(FloatWidth::F64) => total,
        _ => quote!(#total.map(|total| total as f64)),
    };
    let items_field = ident(&items.name);
    let received = match (items.required, items.nullable) {
        (true, false) => quote!(page.#items_field.len()),
        _ => {
            let items = optional_ref(api, quote!(page.#items_field), items);
            quote!(#items.map_or(0, |items| items.len()))
        }
    };
    quote! {
        let total = #total;
        let received = #received;
        let next = crate::runtime::next_start(#current, received, total).map(|start| {
            let mut params = params;
            params.#start = #some(#advanced);
            params
        });
    }
}

/// `Option<&T>` for a field, whatever its optionality.
fn optional_ref(api: &Api, access: TokenStream, field: &Field) -> TokenStream {
    let Prelude { some, option, .. } = Prelude::of(api);
    match (field.required, field.nullable) {
        (true, false) => quote!(#some(&#access)),
        (false, true) => quote!(#access.as_ref().and_then(#option::as_ref)),
        _ => quote!(#access.as_ref()),
    }
}

/// The value of a field of `holder` (an `Option<&S>`) as an `Option<T>`; `copy` for
/// `Copy` types, which need no clone.
fn field_value(field: &Field, holder: TokenStream, copy: bool) -> TokenStream {
    let name = ident(&field.name);
    let value = if copy {
        quote!(holder.#name)
    } else {
        quote!(holder.#name.clone())
    };
    match (field.required, field.nullable) {
        (true, false) => quote!(#holder.map(|holder| #value)),
        (false, true) => quote!(#holder.and_then(|holder| #value.flatten())),
        _ => quote!(#holder.and_then(|holder| #value)),
    }
}

/// Whether the type has a text form of its own (`Display`): scalars and string enums.
fn is_scalar(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => true,
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(inner) => is_scalar(api, inner),
            TypeKind::Struct(_)
            | TypeKind::Union(_)
            | TypeKind::Newtype(_)
            | TypeKind::External(_) => false,
        },
        _ => false,
    }
}

/// Whether a form value is sent as a plain text part: scalars and arrays of them (the
/// rest are JSON parts).
fn is_text_part(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Array(item) => is_textual(api, item),
        ty => is_textual(api, ty),
    }
}

/// Whether the type is written as one piece of text: scalars, and strings of a format
/// read into a Rust type (whose text is their JSON string, not always their `Display`).
pub(super) fn is_textual(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Formatted(_) => true,
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Alias(inner) => is_textual(api, inner),
            _ => is_scalar(api, ty),
        },
        ty => is_scalar(api, ty),
    }
}

/// An expression giving the parameter's text form: scalars as themselves, arrays of
/// scalars comma-joined, anything else by the runtime's `text_of` (a union
/// holding a string is that string; objects are JSON).
fn text_value(api: &Api, value: TokenStream, ty: &TypeRef) -> TokenStream {
    let Prelude {
        to_string_trait,
        vec,
        ..
    } = Prelude::of(api);
    match ty {
        TypeRef::String => quote!(#to_string_trait::to_string(#value)),
        TypeRef::Array(item) if is_scalar(api, item) => quote! {
            #value.iter().map(#to_string_trait::to_string).collect::<#vec<_>>().join(",")
        },
        TypeRef::Array(item) if is_textual(api, item) => quote! {
            #value.iter().map(crate::runtime::text_of).collect::<#vec<_>>().join(",")
        },
        ty if is_scalar(api, ty) => quote!(#to_string_trait::to_string(&#value)),
        _ => quote!(crate::runtime::text_of(&#value)),
    }
}

/// What sets one method of an operation apart from its others; the rest of a method
/// ([`method_item`]) is the same for all of them.
struct MethodKind {
    name: proc_macro2::Ident,
    /// A paragraph after the summary saying how this method differs.
    note: Option<String>,
    success_type: TokenStream,
    decode: TokenStream,
    /// The runtime function that sends the request.
    send: proc_macro2::Ident,
    /// The media type asked for in `Accept`, when the method reads only one.
    accept: Option<String>,
}

/// The operation's own method: the body (when there is one) in its preferred media type,
/// the reply decoded.
fn whole_method(api: &Api, operation: &Operation, body: Option<&BodyChoice<'_>>) -> TokenStream {
    let (success_type, decode) = success(api, operation);
    let kind = MethodKind {
        name: ident(&operation.method_name),
        note: None,
        success_type,
        decode,
        send: format_ident!("send"),
        accept: None,
    };
    method_item(api, operation, body, kind)
}

/// The method that reads a streamed success item by item, as it arrives.
fn item_stream_method(
    api: &Api,
    operation: &Operation,
    stream: &ItemStream,
    body: Option<&BodyChoice<'_>>,
) -> TokenStream {
    let Prelude {
        ok,
        some,
        none,
        string,
        ..
    } = Prelude::of(api);
    let result = prelude(api, Std::Result);
    let whole = operation.method_name.trim_start_matches("r#");
    let error_type = error_type(api, operation);
    let (item, decode_item) = match &stream.item {
        Some(ty) => {
            let ty = type_tokens(api, ty, TypePath::Crate);
            (ty.clone(), quote!(crate::runtime::json_data::<#ty>))
        }
        None => (quote!(#string), quote!(crate::runtime::text_data)),
    };
    let what = match &stream.item {
        Some(_) => "decoded",
        None => "as text",
    };
    let (success_type, decode, note) = match stream.framing {
        Framing::ServerSentEvents => {
            let sentinel = match &stream.sentinel {
                Some(sentinel) => quote!(#some(#sentinel)),
                None => quote!(#none),
            };
            let ends = match &stream.sentinel {
                Some(sentinel) => format!("; an event whose data is `{sentinel}` ends it"),
                None => String::new(),
            };
            (
                quote!(::futures_util::stream::BoxStream<'static, #result<crate::runtime::Event<#item>, crate::Error<#error_type>>>),
                quote!(#ok(crate::runtime::event_stream(response, #decode_item, #sentinel))),
                format!(
                    "Reads the `{}` reply event by event as it arrives, each event's data \
                     {what}{ends}; [`{whole}`](Self::{whole}) reads it whole.",
                    stream.media_type
                ),
            )
        }
        Framing::JsonLines => (
            quote!(::futures_util::stream::BoxStream<'static, #result<#item, crate::Error<#error_type>>>),
            quote!(#ok(crate::runtime::json_lines(response, #decode_item))),
            format!(
                "Reads the `{}` reply line by line as it arrives, each line {what}; \
                 [`{whole}`](Self::{whole}) reads it whole.",
                stream.media_type
            ),
        ),
    };
    let kind = MethodKind {
        name: ident(&stream.method_name),
        note: Some(note),
        success_type,
        decode,
        send: format_ident!("send_streaming"),
        accept: Some(stream.media_type.clone()),
    };
    method_item(api, operation, body, kind)
}

/// The method that hands the reply over piece by piece.
fn download_method(
    api: &Api,
    operation: &Operation,
    download: &str,
    body: Option<&BodyChoice<'_>>,
) -> TokenStream {
    let ok = prelude(api, Std::Ok);
    let whole = operation.method_name.trim_start_matches("r#");
    let kind = MethodKind {
        name: ident(download),
        note: Some(format!(
            "Hands the body over piece by piece, for downloads too large to hold at once; \
             [`{whole}`](Self::{whole}) reads it whole."
        )),
        success_type: quote!(crate::runtime::Download),
        decode: quote!(#ok(crate::runtime::Download::new(response))),
        send: format_ident!("send_streaming"),
        accept: None,
    };
    method_item(api, operation, body, kind)
}

/// A method that sends the body in another of its media types.
fn alternative_method(api: &Api, operation: &Operation, body: &BodyChoice<'_>) -> TokenStream {
    let (success_type, decode) = success(api, operation);
    let whole = operation.method_name.trim_start_matches("r#");
    let note = operation.body.as_ref().map(|primary| {
        format!(
            "Sends the body as `{}`; [`{whole}`](Self::{whole}) sends it as `{}`.",
            body.media_type, primary.media_type
        )
    });
    let kind = MethodKind {
        name: ident(body.method_name),
        note,
        success_type,
        decode,
        send: format_ident!("send"),
        accept: None,
    };
    method_item(api, operation, Some(body), kind)
}

/// A method: arguments, the request (path, query, headers, cookies, body), sending, and
/// the reply as `kind` takes it.
fn method_item(
    api: &Api,
    operation: &Operation,
    body: Option<&BodyChoice<'_>>,
    kind: MethodKind,
) -> TokenStream {
    let result = prelude(api, Std::Result);
    let MethodKind {
        name,
        note,
        success_type,
        decode,
        send,
        accept,
    } = kind;
    let accept = accept
        .map(|accept| quote!(let request = request.header(::reqwest::header::ACCEPT, #accept);));
    let arguments = method_arguments(api, operation, body);
    let segments = (operation.segments.iter()).map(|segment| segment_text(api, operation, segment));
    let http_method = format_ident!("{}", operation.http_method.as_str());
    let endpoint = super::security::endpoint_const(api, operation);
    let (query_decl, query_parameters, query) = query_statements(api, operation);
    let (cookie_decl, headers_and_cookies, cookie_header) = header_statements(api, operation);
    let body = body.map(|body| attach_body(api, body));
    let error_type = error_type(api, operation);
    let decode_error = error_decoder(operation);
    let docs = method_docs(api, operation, note);
    let deprecated = if operation.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let mut_request = if operation
        .parameters
        .iter()
        .any(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
    {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    let start = match operation.trailing_slash {
        true => format_ident!("request_slashed"),
        false => format_ident!("request"),
    };
    let many_arguments = if arguments.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #deprecated
        #many_arguments
        pub async fn #name(&self, #(#arguments),*) -> #result<#success_type, crate::Error<#error_type>> {
            #endpoint
            #query_decl
            #(#query_parameters)*
            let #mut_request request = crate::runtime::#start(
                self,
                ::reqwest::Method::#http_method,
                &[#(#segments),*],
                #query,
            )?;
            #cookie_decl
            #(#headers_and_cookies)*
            #cookie_header
            #body
            #accept
            let response = crate::runtime::#send(self, request, &ENDPOINT, #decode_error).await?;
            #decode
        }
    }
}

/// The required parameters in path order, then the optional ones' struct, then the body.
fn method_arguments(
    api: &Api,
    operation: &Operation,
    body: Option<&BodyChoice<'_>>,
) -> Vec<TokenStream> {
    let mut arguments: Vec<TokenStream> = (operation.parameters.iter())
        .filter(|p| p.required)
        .map(|p| argument(api, p, &TokenStream::new()))
        .collect();
    if optional_params(operation).next().is_some() {
        let params = params_name(operation);
        arguments.push(quote!(params: &#params));
    }
    if let Some(body) = body {
        arguments.push(body_argument(api, body));
    }
    arguments
}

/// The query: its declaration, the statements that fill it (pairs of the path template
/// first), and the expression handed to the runtime.
fn query_statements(
    api: &Api,
    operation: &Operation,
) -> (TokenStream, Vec<TokenStream>, TokenStream) {
    let template_pairs = operation.template_query.iter().map(|(name, value)| {
        let value = segment_text(api, operation, value);
        quote!(query.pair(#name, #value);)
    });
    let statements: Vec<TokenStream> = template_pairs
        .chain(
            (operation.parameters.iter())
                .filter(|p| p.location == ParamLocation::Query)
                .map(|p| send_parameter(api, p)),
        )
        .collect();
    if statements.is_empty() {
        return (
            TokenStream::new(),
            statements,
            quote!(&crate::runtime::Query::new()),
        );
    }
    (
        quote!(let mut query = crate::runtime::Query::new();),
        statements,
        quote!(&query),
    )
}

/// Header and cookie parameters: the cookies' declaration, the statements that put each
/// parameter on the request, and the one `Cookie` header they make.
fn header_statements(
    api: &Api,
    operation: &Operation,
) -> (TokenStream, Vec<TokenStream>, TokenStream) {
    let Prelude { string, vec, .. } = Prelude::of(api);
    let statements = (operation.parameters.iter())
        .filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        .map(|p| send_parameter(api, p))
        .collect();
    let has_cookies = (operation.parameters.iter()).any(|p| p.location == ParamLocation::Cookie);
    if !has_cookies {
        return (TokenStream::new(), statements, TokenStream::new());
    }
    (
        quote!(let mut cookies: #vec<#string> = #vec::new();),
        statements,
        quote! {
            if !cookies.is_empty() {
                request = request.header(::reqwest::header::COOKIE, cookies.join("; "));
            }
        },
    )
}

/// The runtime's `FormStyle` variant of a style.
pub(crate) fn form_style(style: FormStyle) -> TokenStream {
    match style {
        FormStyle::Exploded => quote!(Exploded),
        FormStyle::Comma => quote!(Comma),
        FormStyle::Space => quote!(Space),
        FormStyle::Pipe => quote!(Pipe),
        FormStyle::Json => quote!(Json),
    }
}

/// The statement that puts the body on the request, as its media type is sent.
fn attach_body(api: &Api, body: &BodyChoice<'_>) -> TokenStream {
    let Prelude { some, none, .. } = Prelude::of(api);
    let media_type = body.media_type;
    let attach = match body.kind {
        BodyKind::Json(_) if is_plain_json(media_type) => quote!(request.json(body)),
        // Set first: `json` keeps a content type that is already there.
        BodyKind::Json(_) => quote! {
            request
                .header(::reqwest::header::CONTENT_TYPE, #media_type)
                .json(body)
        },
        BodyKind::Form(_, FormEncoding(styles)) if styles.is_empty() => {
            quote!(crate::runtime::form_body(request, body)?)
        }
        BodyKind::Form(_, FormEncoding(styles)) => {
            let styles = styles.iter().map(|(wire, style)| {
                let style = form_style(*style);
                quote!((#wire, crate::runtime::FormStyle::#style))
            });
            quote!(crate::runtime::form_body_encoded(request, body, &[#(#styles),*])?)
        }
        BodyKind::Multipart(parts) => multipart_body(api, parts),
        BodyKind::Text | BodyKind::Binary => quote! {
            request
                .header(::reqwest::header::CONTENT_TYPE, #media_type)
                .body(body)
        },
    };
    if body.required {
        quote!(let request = #attach;)
    } else if matches!(body.kind, BodyKind::Json(_)) && is_plain_json(media_type) {
        quote!(let request = crate::runtime::optional_json(request, body);)
    } else {
        quote! {
            let request = match body {
                #some(body) => #attach,
                #none => request,
            };
        }
    }
}

/// The method's doc comment: the operation's, with `note` after its summary.
fn method_docs(api: &Api, operation: &Operation, note: Option<String>) -> TokenStream {
    let mut paragraphs = method_paragraphs(api, operation);
    if let Some(note) = note {
        paragraphs.insert(1.min(paragraphs.len()), note);
    }
    doc_attrs(paragraphs)
}

/// The Rust type of a body sent as `body` says (owned).
pub(super) fn body_value_type(api: &Api, body: &BodyChoice<'_>) -> TokenStream {
    let Prelude { string, vec, .. } = Prelude::of(api);
    match body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty, _) => type_tokens(api, ty, TypePath::Crate),
        BodyKind::Text => quote!(#string),
        BodyKind::Binary => quote!(#vec<u8>),
        BodyKind::Multipart(_) => {
            let form = form_name(body.method_name);
            quote!(#form)
        }
    }
}

fn body_argument(api: &Api, body: &BodyChoice<'_>) -> TokenStream {
    let option = prelude(api, Std::Option);
    let value = body_value_type(api, body);
    let ty = match body.kind {
        BodyKind::Json(_) | BodyKind::Form(..) => quote!(&#value),
        _ => value,
    };
    if body.required {
        quote!(body: #ty)
    } else {
        quote!(body: #option<#ty>)
    }
}

/// Statements that put one query, header or cookie parameter on the request.
fn send_parameter(api: &Api, parameter: &Parameter) -> TokenStream {
    let some = prelude(api, Std::Some);
    let name = ident(&parameter.name);
    let wire = &parameter.wire_name;
    let (binding, value) = if parameter.required {
        (TokenStream::new(), quote!(#name))
    } else {
        (quote!(#some(value) = &params.#name), quote!(value))
    };
    if !parameter.required
        && parameter.location == ParamLocation::Query
        && is_scalar(api, &parameter.ty)
    {
        return quote!(query.optional(#wire, params.#name.as_ref()););
    }
    let put = match (&parameter.location, &parameter.ty) {
        (ParamLocation::Query, ty) => query_statement(api, parameter, value.clone(), ty),
        (ParamLocation::Header, ty) => {
            let text = text_value(api, value.clone(), ty);
            quote!(request = request.header(#wire, #text);)
        }
        (ParamLocation::Cookie, ty) => {
            let text = text_value(api, value.clone(), ty);
            quote!(cookies.push(::std::format!("{}={}", #wire, #text));)
        }
        (ParamLocation::Path, _) => TokenStream::new(),
    };
    if parameter.required {
        put
    } else {
        quote! {
            if let #binding {
                #put
            }
        }
    }
}

/// The statement that adds one query parameter's value to `query`, in its style.
fn query_statement(
    api: &Api,
    parameter: &Parameter,
    value: TokenStream,
    ty: &TypeRef,
) -> TokenStream {
    let wire = &parameter.wire_name;
    // Strings are handed over as they are; other values through their text form.
    let text_ref = |value: TokenStream, ty: &TypeRef| match ty {
        TypeRef::String => value,
        _ => {
            let text = text_value(api, value, ty);
            quote!(&#text)
        }
    };
    match ty {
        TypeRef::Array(item) if parameter.explode => {
            let text = text_ref(quote!(item), item);
            quote! {
                for item in #value.iter() {
                    query.pair(#wire, #text);
                }
            }
        }
        TypeRef::Array(item) => {
            let delimiter = match parameter.style {
                ParamStyle::SpaceDelimited => "%20",
                ParamStyle::PipeDelimited => "|",
                ParamStyle::Form | ParamStyle::DeepObject => ",",
            };
            let items = match &**item {
                TypeRef::String => quote!(#value.iter()),
                item => {
                    let text = text_value(api, quote!(item), item);
                    quote!(#value.iter().map(|item| #text))
                }
            };
            quote!(query.joined(#wire, #items, #delimiter);)
        }
        ty if is_textual(api, ty) => {
            let text = text_ref(value, ty);
            quote!(query.pair(#wire, #text);)
        }
        _ if parameter.style == ParamStyle::DeepObject => {
            quote!(query.deep_object(#wire, #value)?;)
        }
        _ => {
            let explode = parameter.explode;
            quote!(query.form_object(#wire, #value, #explode)?;)
        }
    }
}

fn is_plain_json(media_type: &str) -> bool {
    media_essence(media_type) == "application/json"
}

/// The success type and the statement that decodes it.
pub(super) fn success(api: &Api, operation: &Operation) -> (TokenStream, TokenStream) {
    if let Some(successes) = operation.varied_successes() {
        let name = success_name(operation);
        let arms = successes.iter().map(|response| {
            let variant = format_ident!("{}", status_variant(response.status));
            let decode = decode_body(response.body.as_ref());
            let wrap = if response.body.is_some() {
                quote!(#name::#variant)
            } else {
                quote!(|()| #name::#variant)
            };
            let pattern = status_pattern(response.status);
            (pattern, quote!(#decode.map(#wrap)))
        });
        let mut arms: Vec<(TokenStream, TokenStream)> = arms.collect();
        // A 2xx the document does not list is read as its first success.
        let fallback = arms[0].1.clone();
        arms.push((quote!(_), fallback));
        let arms = arms
            .iter()
            .map(|(pattern, decode)| quote!(#pattern => #decode,));
        return (
            quote!(#name),
            quote! {
                match response.status().as_u16() {
                    #(#arms)*
                }
            },
        );
    }
    let body = operation.success_response().and_then(|r| r.body.as_ref());
    let ty = body_type(api, body).unwrap_or_else(|| quote!(()));
    (ty, decode_body(body))
}

/// The type a response body is read as; `None` when there is no body.
fn body_type(api: &Api, body: Option<&ResponseBody>) -> Option<TokenStream> {
    let Prelude { string, vec, .. } = Prelude::of(api);
    Some(match &body?.kind {
        BodyKind::Json(ty) => type_tokens(api, ty, TypePath::Crate),
        BodyKind::Text | BodyKind::Form(..) => quote!(#string),
        BodyKind::Binary | BodyKind::Multipart(_) => quote!(#vec<u8>),
    })
}

/// The expression that reads a response body as [`body_type`] says (`()` without one).
fn decode_body(body: Option<&ResponseBody>) -> TokenStream {
    match body.map(|b| &b.kind) {
        None => quote!(crate::runtime::decode_empty(response).await),
        Some(BodyKind::Json(_)) => quote!(crate::runtime::decode_json(response).await),
        Some(BodyKind::Text | BodyKind::Form(..)) => {
            quote!(crate::runtime::decode_text(response).await)
        }
        Some(BodyKind::Binary | BodyKind::Multipart(_)) => {
            quote!(crate::runtime::decode_bytes(response).await)
        }
    }
}

pub(super) fn success_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Success", camel_ident(&operation.method_name))
}

/// One variant per 2xx status, for operations whose successes carry different bodies.
fn success_enum(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let successes = operation.varied_successes()?;
    let name = success_name(operation);
    let variants = successes.iter().map(|response| {
        let variant = format_ident!("{}", status_variant(response.status));
        let doc = doc_attrs(vec![status_doc(response)]);
        let payload = body_type(api, response.body.as_ref()).map(|ty| quote!((#ty)));
        quote! {
            #doc
            #variant #payload
        }
    });
    let method = operation.method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " What [`Client::{method}`](crate::Client::{method}) answers, by status: its \
         successes carry different bodies."
    ));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
        }
    })
}

/// The `match` pattern for the statuses a response key covers.
pub(super) fn status_pattern(status: StatusMatch) -> TokenStream {
    let number = proc_macro2::Literal::u16_unsuffixed;
    match status {
        StatusMatch::Code(code) => {
            let code = number(code);
            quote!(#code)
        }
        StatusMatch::Range(first) => {
            let (low, high) = (number(first * 100), number(first * 100 + 99));
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// `` `404`: No such document ``.
fn status_doc(response: &Response) -> String {
    let status = match response.status {
        StatusMatch::Default => "Any other status".to_owned(),
        status => status.to_string(),
    };
    let description = response.description.trim();
    if description.is_empty() {
        format!("`{status}`")
    } else {
        format!("`{status}`: {description}")
    }
}

pub(super) fn error_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Error", camel_ident(&operation.method_name))
}

/// The operation's error body type: the one JSON schema its error responses share, an
/// enum by status when they differ, or any JSON value when they describe none.
pub(super) fn error_type(api: &Api, operation: &Operation) -> TokenStream {
    if operation.errors_vary() {
        let name = error_name(operation);
        return quote!(#name);
    }
    match operation.error_bodies().first() {
        Some((_, ty)) => type_tokens(api, ty, TypePath::Crate),
        None => quote!(::serde_json::Value),
    }
}

/// The function that decodes an error body: the enum's own, or plain JSON.
fn error_decoder(operation: &Operation) -> TokenStream {
    if operation.errors_vary() {
        let name = error_name(operation);
        quote!(#name::decode)
    } else {
        quote!(crate::runtime::decode_error_json)
    }
}

/// One variant per error status, for operations whose errors carry different bodies.
fn error_enum(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let Prelude { none, option, .. } = Prelude::of(api);
    if !operation.errors_vary() {
        return None;
    }
    let name = error_name(operation);
    let bodies = operation.error_bodies();
    let variants = bodies.iter().map(|(response, ty)| {
        let variant = format_ident!("{}", status_variant(response.status));
        let doc = doc_attrs(vec![status_doc(response)]);
        let ty = type_tokens(api, ty, TypePath::Crate);
        quote! {
            #doc
            #variant(#ty)
        }
    });
    // Exact codes first (one without a JSON body decodes to nothing), then ranges, then
    // `default`.
    let mut responses: Vec<&Response> = operation
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .collect();
    responses.sort_by_key(|r| r.status);
    let mut arms: Vec<TokenStream> = responses
        .iter()
        .map(|response| {
            let pattern = status_pattern(response.status);
            let decode = if bodies.iter().any(|(r, _)| r.status == response.status) {
                let variant = format_ident!("{}", status_variant(response.status));
                quote!(::serde_json::from_slice(body).ok().map(Self::#variant))
            } else {
                quote!(#none)
            };
            quote!(#pattern => #decode,)
        })
        .collect();
    if !responses.iter().any(|r| r.status == StatusMatch::Default) {
        arms.push(quote!(_ => #none,));
    }
    let method = operation.method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " The error bodies of [`Client::{method}`](crate::Client::{method}), by status: \
         the document gives its errors different schemas."
    ));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
        }

        impl #name {
            /// Decodes `body` as the schema the document gives for `status`.
            pub fn decode(status: ::reqwest::StatusCode, body: &[u8]) -> #option<Self> {
                match status.as_u16() {
                    #(#arms)*
                }
            }
        }
    })
}

fn method_paragraphs(api: &Api, operation: &Operation) -> Vec<String> {
    let mut paragraphs = Vec::new();
    paragraphs.extend(operation.summary.clone());
    if operation.deprecated {
        paragraphs.push("**Deprecated.**".to_owned());
    }
    paragraphs.extend(operation.description.clone());
    paragraphs.push(format!(
        "`{} {}` (operation `{}`)",
        operation.http_method,
        operation.path.replace('`', "'"),
        operation.operation_id.replace('`', "'")
    ));
    let arguments: Vec<String> = operation
        .parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let mut line = format!("- `{}`: ", p.name.trim_start_matches("r#"));
            line.push_str(&parameter_paragraphs(p).join(". "));
            line.replace('\n', " ")
        })
        .collect();
    if !arguments.is_empty() {
        paragraphs.push(format!("# Arguments\n\n{}", arguments.join("\n")));
    }
    if operation.security_overridden {
        let names: Vec<String> = operation
            .security
            .iter()
            .map(|alternative| {
                alternative
                    .iter()
                    .map(|used| match used.scopes.as_slice() {
                        [] => format!("`{}`", used.scheme),
                        scopes => format!("`{}` (scopes `{}`)", used.scheme, scopes.join("`, `")),
                    })
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect();
        let mut text = if names.is_empty() {
            "# Authentication\n\nNone: this operation is public.".to_owned()
        } else {
            format!(
                "# Authentication\n\nThis operation accepts only {}.",
                names.join(" or ")
            )
        };
        for alternative in &operation.security {
            for used in alternative {
                if let Some(description) = api
                    .security_schemes
                    .iter()
                    .find(|s| s.name == used.scheme)
                    .and_then(|s| s.description.as_deref())
                {
                    text.push_str("\n\n");
                    text.push_str(description.trim());
                }
            }
        }
        paragraphs.push(text);
    }
    paragraphs
}
